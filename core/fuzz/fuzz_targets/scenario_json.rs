//! Scenario JSON (FORMAT): read by the fast path where it can and by the careful reader alone,
//! with the same answer (the same scenario, or the same problems); computed with the official
//! parameters, the report written and read back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let read = klynge::Scenario::from_json(text);
    assert_eq!(read, klynge::Scenario::from_json_carefully(text), "the two readers differ");
    if let Ok(scenario) = read {
        klynge_fuzz::compute(&scenario, &klynge::Parameters::official());
        let again = klynge::Scenario::from_json(&scenario.to_json()).expect("a written scenario reads back");
        assert_eq!(again, scenario);
    }
});
