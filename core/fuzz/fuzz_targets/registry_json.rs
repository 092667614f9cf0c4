//! A stored registry (GOV-LOG): read (its history replayed and checked against its state),
//! written and read back equal; its scenario computes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let Ok(registry) = serde_json::from_str::<klynge::Registry>(text) else { return };
    klynge_fuzz::registry_round_trips(&registry);
    if let Ok(scenario) = klynge::Scenario::from_registry(&registry) {
        klynge_fuzz::compute(&scenario, &klynge::Parameters::official());
    }
});
