//! Parameters with a computation (GR-STARTUP, GR-RATE, GR-TRANSFER): the first bytes choose a
//! startup fee, a rate for every grant year and the transfer policy; the rest is scenario JSON.
//! Parameters that do not validate are refused; those that do give a report that round-trips.
#![no_main]

use klynge::{Dkk, Parameters, Rate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if data.len() < 8 {
        return;
    }
    let (head, rest) = data.split_at(8);
    let Some(text) = klynge_fuzz::text(rest) else { return };
    let Ok(scenario) = klynge::Scenario::from_json(text) else { return };
    let fee = i64::from(i16::from_le_bytes([head[0], head[1]])) * 100 + i64::from(head[2]);
    let mut parameters = Parameters::official()
        .with_startup_fee_per_capacity(Dkk::from_ore(fee * 100))
        .with_clawback_on_transfer(head[3] & 1 == 1);
    for (i, year) in (klynge_fuzz::YEARS.0..=klynge_fuzz::YEARS.1).enumerate() {
        let byte = head[4 + i % 4];
        if byte & 0x80 != 0 {
            continue;
        }
        let rate = format!("{}.{:02}", byte / 20, (u32::from(byte) * 7 + i as u32) % 100);
        if let Ok(rate) = rate.parse::<Rate>() {
            parameters = parameters.with_rate(year, rate);
        }
    }
    if parameters.validate().is_err() {
        assert!(scenario.grants_with(&parameters, 2022, 2022).is_err(), "parameters that do not validate are refused");
        return;
    }
    klynge_fuzz::compute(&scenario, &parameters);
});
