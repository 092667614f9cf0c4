//! Identifiers (ID-CVR, ID-YDER, ID-PHONE, ID-EMAIL, ID-KOMMUNE, cluster ids): what parses
//! writes a text that parses to the same value.
#![no_main]

use std::fmt::Display;
use std::str::FromStr;

use libfuzzer_sys::fuzz_target;

fn round_trip<T: FromStr + Display + PartialEq + std::fmt::Debug>(text: &str) {
    if let Ok(value) = text.parse::<T>() {
        let written = value.to_string();
        let back = written.parse::<T>().ok();
        assert_eq!(back.as_ref(), Some(&value), "{text:?} -> {written:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some(text) = klynge_fuzz::text(data) else { return };
    round_trip::<klynge::Cvr>(text);
    round_trip::<klynge::Ydernummer>(text);
    round_trip::<klynge::PhoneNumber>(text);
    round_trip::<klynge::Email>(text);
    round_trip::<klynge::Municipality>(text);
    round_trip::<klynge::ClusterId>(text);
    round_trip::<klynge::Role>(text);
    round_trip::<klynge::Action>(text);
    round_trip::<klynge::Rule>(text);
});
