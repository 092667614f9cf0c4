//! What the fuzz targets share: the checks every input must pass once it is accepted.
//!
//! A target hands untrusted bytes to one entry point of klynge. Whatever the bytes, the call
//! returns (an error is fine, a panic is a finding); and what is accepted must survive the
//! round trips the formats promise: a report written and read back is the same report, a
//! registry written and read back is the same registry.

use klynge::{GrantReport, Parameters, Registry, Scenario};

/// The grant years a target computes: wide enough for both schemes, the administrator change
/// and the years without an official rate, narrow enough to keep each run short.
pub const YEARS: (i32, i32) = (2017, 2027);

/// The bytes as text, if they are UTF-8 (every entry point takes text).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

/// GR-EXPLAIN, FORMAT: a report written as JSON reads back as the same report.
pub fn report_round_trips(report: &GrantReport) {
    let json = report.to_json();
    let back = GrantReport::from_json(&json).unwrap_or_else(|e| panic!("a written report reads back: {e}\n{json}"));
    assert_eq!(&back, report, "a report read back equals the one written");
}

/// Computes `scenario` with `parameters` over [`YEARS`] and, where it computes, checks the
/// report's round trip and that its totals are the sums of its lines (ID-MONEY).
pub fn compute(scenario: &Scenario, parameters: &Parameters) {
    let Ok(report) = scenario.grants_with(parameters, YEARS.0, YEARS.1) else { return };
    report_round_trips(&report);
    let lines: i128 = report.lines().map(|l| l.amount.ore()).sum();
    let totals: i128 = report.totals().map(|t| t.net.ore()).sum();
    assert_eq!(lines, totals, "totals are the sums of their lines");
}

/// GOV-LOG: a registry written as JSON reads back as the same registry, and writes the same.
pub fn registry_round_trips(registry: &Registry) {
    let json = serde_json::to_string(registry).expect("a registry serialises");
    let back: Registry = serde_json::from_str(&json).unwrap_or_else(|e| panic!("a written registry reads back: {e}"));
    assert_eq!(&back, registry);
    assert_eq!(serde_json::to_string(&back).expect("a registry serialises"), json);
}

/// A small number from the first byte of `data`, and the rest.
pub fn take_byte(data: &[u8]) -> (u8, &[u8]) {
    match data.split_first() {
        Some((first, rest)) => (*first, rest),
        None => (0, data),
    }
}
