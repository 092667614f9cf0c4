//! Scenario JSON (FORMAT): read, computed with the official parameters, the report written
//! and read back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    if let Ok(scenario) = klynge::Scenario::from_json(text) {
        klynge_fuzz::compute(&scenario, &klynge::Parameters::official());
        let again = klynge::Scenario::from_json(&scenario.to_json()).expect("a written scenario reads back");
        assert_eq!(again, scenario);
    }
});
