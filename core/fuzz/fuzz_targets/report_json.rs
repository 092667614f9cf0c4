//! Grant report JSON (FORMAT): what reads writes back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    if let Ok(report) = klynge::GrantReport::from_json(text) {
        klynge_fuzz::report_round_trips(&report);
    }
});
