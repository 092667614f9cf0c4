//! Spendings (LED-SPENDING) in either dialect, as a cluster's ledger (LED-*): every bad row is a
//! problem; a good list makes a ledger whose years close as opening + in - out and whose JSON
//! reads back.
#![no_main]

use klynge::ledger::{Ledger, Spendings};
use klynge::reconcile::Dialect;
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = r#"{"clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
  "practices": [{"ydernummer": "000001", "capacities": 1}],
  "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
  "patients": [{"ydernummer": "000001", "year": 2022, "count": 2000},
               {"ydernummer": "000001", "year": 2023, "count": 2000}]}"#;

fuzz_target!(|data: &[u8]| {
    let (choice, rest) = klynge_fuzz::take_byte(data);
    let Some(text) = klynge_fuzz::text(rest) else { return };
    let dialect = if choice & 1 == 0 { Dialect::Standard } else { Dialect::DanishBank };
    let cluster = (choice & 2 != 0).then(|| "k".parse().expect("a cluster id"));
    let Ok(spendings) = Spendings::from_csv(text, "spendings.csv", dialect, cluster) else { return };
    let scenario = klynge::Scenario::from_json(SCENARIO).expect("the fixed scenario reads");
    let report = scenario.grants(2022, 2023).expect("the fixed scenario computes");
    let today = klynge::NaiveDate::from_ymd_opt(2023, 6, 1).expect("a date");
    let Ok(ledger) = report.ledger(&spendings, today, &[]) else { return };
    for y in &ledger.years {
        let out: i128 = y.out.iter().map(|d| d.ore()).sum();
        assert_eq!(y.closing.ore(), y.opening.ore() + y.startup_fees.ore() + y.annual_grants.ore() - out, "LED-YEAR");
    }
    let back = Ledger::from_json(&ledger.to_json()).expect("a ledger's JSON reads back");
    assert_eq!(back, ledger, "the ledger round-trips");
});
