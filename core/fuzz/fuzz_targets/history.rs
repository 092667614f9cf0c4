//! An event history (GOV-LOG): replayed into a registry, which then round-trips.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let Ok(events) = serde_json::from_str::<Vec<klynge::Event>>(text) else { return };
    if let Ok(registry) = klynge::Registry::replay(events.clone()) {
        assert_eq!(registry.history(), events.as_slice(), "every replayed event is in the history");
        klynge_fuzz::registry_round_trips(&registry);
    }
});
