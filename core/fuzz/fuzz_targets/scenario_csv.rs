//! Scenario tables (FORMAT "Tables instead of JSON"): the input is the six CSV files one after
//! another, separated by a form feed; read by both readers (the fast one must give the careful
//! one's answer), then computed as from JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    let mut files = text.split('\u{c}');
    let mut next = || files.next();
    let tables = klynge::ScenarioTables {
        clusters: next(),
        practices: next(),
        memberships: next(),
        patients: next(),
        rates: next(),
        policy: next(),
    };
    let read = klynge::Scenario::from_tables(&tables);
    assert_eq!(read, klynge::Scenario::from_tables_carefully(&tables), "the two readers differ");
    if let Ok(scenario) = read {
        klynge_fuzz::compute(&scenario, &klynge::Parameters::official());
    }
});
