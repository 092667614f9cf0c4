//! Statements (REC-STATEMENT) in either dialect, as text or a file's bytes, reconciled against a small report (REC-MATCH,
//! REC-BALANCE): every bad row is a problem; a good statement reconciles and balances.
#![no_main]

use klynge::reconcile::{Dialect, Statement, Windows};
use libfuzzer_sys::fuzz_target;

const SCENARIO: &str = r#"{"clusters": [{"id": "k", "founded": "2021-01-01", "completed": "2021-02-01"}],
  "practices": [{"ydernummer": "000001", "capacities": 2}],
  "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2021-01-01"}],
  "patients": [{"ydernummer": "000001", "year": 2021, "count": 2000},
               {"ydernummer": "000001", "year": 2022, "count": 2000}],
  "rates": [{"year": 2021, "rate": "1.00"}]}"#;

fuzz_target!(|data: &[u8]| {
    let (choice, rest) = klynge_fuzz::take_byte(data);
    let dialect = if choice & 1 == 0 { Dialect::Standard } else { Dialect::DanishBank };
    let cluster = (choice & 2 != 0 || dialect == Dialect::DanishBank).then(|| "k".parse().expect("a cluster id"));
    // The bytes of a file (UTF-8 or, for a bank's export, Windows-1252), or text.
    let read = match klynge_fuzz::text(rest) {
        Some(text) if choice & 4 == 0 => Statement::from_csv(text, dialect, cluster),
        _ => Statement::from_bytes(rest, dialect, cluster),
    };
    let Ok(statement) = read else { return };
    if let Some(read) = statement.read() {
        assert_eq!(read.booked, statement.bookings().len(), "the rows booked are the bookings");
    }
    let scenario = klynge::Scenario::from_json(SCENARIO).expect("the fixed scenario reads");
    let report = scenario.grants(2021, 2022).expect("the fixed scenario computes");
    let today = klynge::NaiveDate::from_ymd_opt(2022, 6, 1).expect("a date");
    let _ = report.reconcile(&statement, today, Windows::default());
});
