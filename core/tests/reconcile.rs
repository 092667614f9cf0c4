//! Reconciliation (REC-*): a worked example of a cluster's account, the statement in both
//! dialects, and the invariants on generated statements.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;
use std::sync::LazyLock;

use chrono::{Days, NaiveDate};
use klynge::grants::Payer;
use klynge::reconcile::{Booking, Dialect, Direction, Reconciliation, Statement, Status, Windows};
use klynge::{ClusterId, Dkk, GrantReport, Rule, Scenario};
use proptest::prelude::*;
use serde_json::json;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn k() -> ClusterId {
    "k".parse().unwrap()
}

/// Cluster "k", completed 2020-10-01. Practice A (2 capacities) founds it on 2020-09-01;
/// practice B (1 capacity) joins 2021-03-01 and leaves 2022-02-01, before its first
/// anniversary, after its fee was paid on 2022-01-01.
fn worked_report() -> GrantReport {
    let counts =
        |y: &str| (2020..=2022).map(|year| json!({"ydernummer": y, "year": year, "count": 2000})).collect::<Vec<_>>();
    let patients = [counts("000001"), counts("000002")].concat();
    let scenario = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2020-09-01", "completed": "2020-10-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [
            {"ydernummer": "000001", "cluster": "k", "joined": "2020-09-01", "left": null, "by_transfer": false},
            {"ydernummer": "000002", "cluster": "k", "joined": "2021-03-01", "left": "2022-02-01", "by_transfer": false}],
        "patients": patients,
        "rates": [{"year": 2020, "rate": "1.00"}, {"year": 2021, "rate": "1.00"}]
    }))
    .unwrap();
    scenario.grants(2020, 2022).unwrap()
}

#[test]
fn rec_expected_the_worked_example_promises_four_transfers() {
    let report = worked_report();
    let expected = report.expected_transfers();
    let summary: Vec<(NaiveDate, Payer, Direction, String)> =
        expected.iter().map(|e| (e.due, e.payer, e.direction, e.amount.to_string())).collect();
    assert_eq!(
        summary,
        vec![
            // The startup fee (2 x 10,000) and A's 2020 share (122 of 366 days x 2,000 x 1.00).
            (day("2020-10-01"), Payer::Region, Direction::In, "20666.67".into()),
            // A's 2021 grant, due 1 January.
            (day("2021-01-01"), Payer::Region, Direction::In, "2000.00".into()),
            // A's and B's 2022 grants (1.12 x 2,000 each; B is a member on 1 January), B's fee
            // and B's 2021 share (306 of 365 days x 2,000 x 1.00).
            (day("2022-01-01"), Payer::Region, Direction::In, "16156.71".into()),
            // B leaves before its anniversary: its fee is repaid.
            (day("2022-02-01"), Payer::Region, Direction::Out, "10000.00".into()),
        ]
    );
    // Each names its lines, which sum to it (GR-EXPLAIN).
    for e in &expected {
        let sum: i128 = e.lines.iter().map(|i| report.line(*i).unwrap().amount.ore().abs()).sum();
        assert_eq!(sum, e.amount.ore());
    }
    assert_eq!(expected[0].window, (day("2020-10-01"), day("2020-10-29")), "28 days for the region (REC-WINDOW)");
}

/// On time, late, short, missing and a duplicate.
const WORKED_STATEMENT: &str = "date,amount,payer,text
2020-10-20,20666.67,region,startup fee and 2020
2020-10-21,20666.67,region,the same again
2021-03-15,2000.00,region,2021 grant (late)
2022-01-20,15900.00,region,2022 grant (short)
";

fn worked() -> Reconciliation {
    let statement = Statement::from_csv(WORKED_STATEMENT, Dialect::Standard, Some(k())).unwrap();
    worked_report().reconcile(&statement, day("2023-01-01"), Windows::default()).unwrap()
}

#[test]
fn rec_match_the_worked_example_on_time_late_short_missing_and_duplicate() {
    let r = worked();
    // On time: matched with the first of the two equal bookings.
    assert_eq!(r.matched.len(), 1);
    assert_eq!((r.matched[0].expected.due, r.matched[0].booked.row), (day("2020-10-01"), 1));
    // Short: inside its window with another amount.
    assert_eq!(r.differences.len(), 1);
    assert_eq!(r.differences[0].expected.due, day("2022-01-01"));
    assert_eq!(r.differences[0].difference.to_string(), "-256.71");
    // Late (after its window) and the repayment nobody booked: missing.
    let missing: Vec<(NaiveDate, Direction)> = r.missing.iter().map(|e| (e.due, e.direction)).collect();
    assert_eq!(missing, vec![(day("2021-01-01"), Direction::In), (day("2022-02-01"), Direction::Out)]);
    assert!(r.not_yet_due.is_empty());
    // The duplicate and the late payment settle nothing.
    let unexpected: Vec<usize> = r.unexpected.iter().map(|b| b.row).collect();
    assert_eq!(unexpected, vec![2, 3]);
    // REC-BALANCE: in, 38,823.38 expected = 20,666.67 matched + 16,156.71 (difference) +
    // 2,000.00 missing; 59,233.34 booked = 20,666.67 matched + 15,900.00 + 22,666.67 unexpected.
    let balance: Vec<(Direction, String, String, String, String, String)> = r
        .balance
        .iter()
        .map(|b| {
            (
                b.direction,
                b.expected.to_string(),
                b.booked.to_string(),
                b.matched.to_string(),
                b.missing.to_string(),
                b.unexpected.to_string(),
            )
        })
        .collect();
    assert_eq!(
        balance,
        vec![
            (
                Direction::In,
                "38823.38".into(),
                "59233.34".into(),
                "20666.67".into(),
                "2000.00".into(),
                "22666.67".into()
            ),
            (Direction::Out, "10000.00".into(), "0.00".into(), "0.00".into(), "10000.00".into(), "0.00".into()),
        ]
    );
    let json: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(json["differences"][0]["difference"], "-256.71");
    assert_eq!(json["missing"][1]["direction"], "out");
    assert_eq!(json["unexpected"][0]["row"], 2);
    assert_eq!(json["balance"][0].as_object().unwrap().len(), 8, "the fields of docs/formats.md");
    let statuses: Vec<Status> = r.rows().iter().map(|row| row.status).collect();
    assert_eq!(statuses.len(), 1 + 1 + 2 + 2);
}

#[test]
fn rec_match_before_the_window_ends_a_transfer_is_not_yet_due() {
    let statement = Statement::from_csv("date,amount\n", Dialect::Standard, Some(k())).unwrap();
    let r = worked_report().reconcile(&statement, day("2022-01-10"), Windows::default()).unwrap();
    assert_eq!(r.not_yet_due.iter().map(|e| e.due).collect::<Vec<_>>(), vec![day("2022-01-01"), day("2022-02-01")]);
    assert_eq!(r.missing.len(), 2);
}

#[test]
fn rec_window_a_wider_window_takes_the_late_payment() {
    let statement = Statement::from_csv(WORKED_STATEMENT, Dialect::Standard, Some(k())).unwrap();
    let windows = Windows::new(90, 7).unwrap();
    let r = worked_report().reconcile(&statement, day("2023-01-01"), windows).unwrap();
    assert_eq!(r.matched.len(), 2, "the 2021 grant, booked 73 days after, is inside 90 days");
    assert!(Windows::new(400, 7).is_err());
}

#[test]
fn rec_window_a_named_payer_must_be_the_expected_one() {
    let text = "date,amount,payer\n2020-10-20,20666.67,plo\n";
    let statement = Statement::from_csv(text, Dialect::Standard, Some(k())).unwrap();
    let r = worked_report().reconcile(&statement, day("2023-01-01"), Windows::default()).unwrap();
    assert!(r.matched.is_empty() && r.differences.is_empty());
    assert_eq!(r.unexpected.len(), 1);
}

#[test]
fn rec_statement_the_danish_bank_dialect_reads_the_same_bookings() {
    let danish = "Dato;Tekst;Beløb;Saldo
20-10-2020;startup fee and 2020;20.666,67;20.666,67
21.10.2020;the same again;20.666,67;41.333,34
15-03-2021;2021 grant (late);2.000,00;43.333,34
20-01-2022;2022 grant (short);15.900,00;59.233,34
";
    let statement = Statement::from_csv(danish, Dialect::DanishBank, Some(k())).unwrap();
    let r = worked_report().reconcile(&statement, day("2023-01-01"), Windows::default()).unwrap();
    let standard = worked();
    assert_eq!(r.matched.len(), standard.matched.len());
    assert_eq!(r.differences[0].difference, standard.differences[0].difference);
    assert_eq!(r.balance, standard.balance);
}

#[test]
fn rec_statement_every_bad_row_is_named_with_row_and_column() {
    let text = "date,amount,colour\n2022-1-5,10,red\n2022-01-05,1.005,\n2022-01-06,0,\n";
    let errors = Statement::from_csv(text, Dialect::Standard, Some(k())).unwrap_err();
    let found: Vec<(String, Rule)> = errors.problems().iter().map(|p| (p.path.clone(), p.rule)).collect();
    assert_eq!(found, vec![("statement:0:colour".to_owned(), Rule::RecStatement)]);
    let text = "date,amount,payer\n2022-1-5,10,\n2022-01-05,1.005,\n2022-01-06,0,\n2022-01-07,5,kommunen\n";
    let errors = Statement::from_csv(text, Dialect::Standard, Some(k())).unwrap_err();
    let found: Vec<(String, Rule, String)> =
        errors.problems().iter().map(|p| (p.path.clone(), p.rule, p.message_en.clone())).collect();
    assert_eq!(
        found,
        vec![
            ("statement:1:date".into(), Rule::RecStatement, "\"2022-1-5\" is not a date YYYY-MM-DD".into()),
            (
                "statement:2:amount".into(),
                Rule::RecStatement,
                "\"1.005\" is not a decimal with a point and at most two decimals, such as -10000.00".into()
            ),
            ("statement:3:amount".into(), Rule::RecStatement, "the amount is zero".into()),
            ("statement:4:payer".into(), Rule::RecStatement, "the payer is region or plo, not \"kommunen\"".into()),
        ]
    );
    // No cluster named and no cluster column; a cluster the report does not have.
    assert_eq!(
        Statement::from_csv("date,amount\n", Dialect::Standard, None).unwrap_err().problems()[0].path,
        "statement:0:cluster"
    );
    let other = Statement::from_csv("date,cluster,amount\n2022-01-01,elsewhere,5\n", Dialect::Standard, None).unwrap();
    let errors = worked_report().reconcile(&other, day("2023-01-01"), Windows::default()).unwrap_err();
    assert_eq!(errors.problems()[0].message_en, "cluster elsewhere has no lines in the report");
}

// --- Invariants on generated statements over the national sample --------------------------

static NATIONAL: LazyLock<GrantReport> = LazyLock::new(|| klynge::sample::national().grants(2022, 2025).unwrap());
static EXPECTED: LazyLock<Vec<klynge::reconcile::ExpectedTransfer>> = LazyLock::new(|| NATIONAL.expected_transfers());

/// A statement made from a cluster's expected transfers: each kept, shifted, changed in
/// amount, or dropped, and some bookings for nothing; in the given order of rows.
fn statement_for(
    cluster: &ClusterId,
    edits: &[(u8, u32, i64)],
    extras: &[(u32, i64)],
) -> Vec<(NaiveDate, Dkk, Option<Payer>)> {
    let expected: Vec<_> = EXPECTED.iter().filter(|e| e.cluster == *cluster).collect();
    let mut rows = Vec::new();
    for (e, (edit, shift, cents)) in expected.iter().zip(edits.iter().cycle()) {
        let sign = if e.direction == Direction::Out { -1 } else { 1 };
        let amount = |delta: i64| Dkk::from_ore(i64::try_from(e.amount.ore()).unwrap() * sign + delta * sign);
        let date = |days: u32| e.due.checked_add_days(Days::new(u64::from(days))).unwrap();
        match edit % 5 {
            0 => {}
            1 => rows.push((date(shift % 8), amount(0), None)),
            2 => rows.push((date(shift % 60), amount(0), Some(e.payer))),
            3 => rows.push((date(shift % 8), amount((*cents % 500).max(1)), None)),
            _ => {
                rows.push((date(shift % 8), amount(0), None));
                rows.push((date(shift % 8), amount(0), None));
            }
        }
    }
    for (offset, cents) in extras {
        let date = day("2022-01-01").checked_add_days(Days::new(u64::from(offset % 1400))).unwrap();
        let ore = if *cents == 0 { 1 } else { *cents };
        rows.push((date, Dkk::from_ore(ore), None));
    }
    rows
}

fn standard_csv(rows: &[(NaiveDate, Dkk, Option<Payer>)]) -> String {
    let mut text = String::from("date,amount,payer\n");
    for (date, amount, payer) in rows {
        text += &format!("{date},{amount},{}\n", payer.map_or("", |p| p.as_str()));
    }
    text
}

fn danish_csv(rows: &[(NaiveDate, Dkk, Option<Payer>)]) -> String {
    let mut text = String::from("Dato;Beløb;Tekst\n");
    for (date, amount, _) in rows {
        let kr = klynge::calendar::text::kroner(*amount, klynge::calendar::Language::Danish);
        text += &format!("{};{};\n", date.format("%d-%m-%Y"), kr.trim_end_matches(" kr"));
    }
    text
}

fn reconcile(cluster: &ClusterId, text: &str, dialect: Dialect, today: NaiveDate) -> Reconciliation {
    let statement = Statement::from_csv(text, dialect, Some(cluster.clone())).unwrap();
    NATIONAL.reconcile(&statement, today, Windows::default()).unwrap()
}

/// Each expected transfer's status and what settled it (day and amount), in REC-MATCH order.
type Statuses = BTreeMap<(NaiveDate, &'static str, Direction), (Status, Option<(NaiveDate, Dkk)>)>;

fn statuses(r: &Reconciliation) -> Statuses {
    r.rows()
        .into_iter()
        .filter_map(|row| {
            let e = row.expected?;
            Some(((e.due, e.payer.as_str(), e.direction), (row.status, row.booked.map(|b| (b.date, b.amount)))))
        })
        .collect()
}

fn sum(amounts: impl Iterator<Item = Dkk>) -> i128 {
    amounts.map(Dkk::ore).map(i128::abs).sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// REC-BALANCE holds per cluster and direction and in all; no booking settles two
    /// transfers, and every booking is accounted for once.
    #[test]
    fn rec_balance_holds_and_no_booking_is_used_twice(
        cluster in 0usize..116,
        edits in proptest::collection::vec((any::<u8>(), any::<u32>(), any::<i64>()), 1..8),
        extras in proptest::collection::vec((any::<u32>(), -2_000_000i64..2_000_000), 0..4),
        today in 0u32..1800,
    ) {
        let cluster = NATIONAL.clusters()[cluster % NATIONAL.clusters().len()].clone();
        let rows = statement_for(&cluster, &edits, &extras);
        let today = day("2022-01-01").checked_add_days(Days::new(u64::from(today))).unwrap();
        let r = reconcile(&cluster, &standard_csv(&rows), Dialect::Standard, today);
        for b in &r.balance {
            prop_assert_eq!(b.expected.ore(), b.matched.ore() + b.differences_expected.ore() + b.missing.ore() + b.not_yet_due.ore());
            prop_assert_eq!(b.booked.ore(), b.matched.ore() + b.differences_booked.ore() + b.unexpected.ore());
        }
        let expected_all = sum(EXPECTED.iter().filter(|e| e.cluster == cluster).map(|e| e.amount));
        prop_assert_eq!(expected_all, sum(r.balance.iter().map(|b| b.expected)));
        prop_assert_eq!(sum(r.matched.iter().map(|m| m.expected.amount)) + sum(r.differences.iter().map(|d| d.expected.amount))
            + sum(r.missing.iter().map(|e| e.amount)) + sum(r.not_yet_due.iter().map(|e| e.amount)), expected_all);
        prop_assert_eq!(sum(rows.iter().map(|r| r.1)), sum(r.balance.iter().map(|b| b.booked)));
        let mut used: Vec<usize> = r.matched.iter().map(|m| m.booked.row)
            .chain(r.differences.iter().map(|d| d.booked.row))
            .chain(r.unexpected.iter().map(|b| b.row))
            .collect();
        used.sort_unstable();
        prop_assert_eq!(used, (1..=rows.len()).collect::<Vec<_>>());
    }

    /// A statement made of exactly the expected transfers, each inside its window, matches
    /// completely; shuffling its rows changes no status; the Danish dialect gives the same.
    #[test]
    fn rec_match_exact_statements_match_completely_in_any_order_and_either_dialect(
        cluster in 0usize..116,
        shift in 0u32..8,
        seed in any::<u64>(),
    ) {
        let cluster = NATIONAL.clusters()[cluster % NATIONAL.clusters().len()].clone();
        let rows = statement_for(&cluster, &[(1, shift, 0)], &[]);
        let today = day("2027-01-01");
        let r = reconcile(&cluster, &standard_csv(&rows), Dialect::Standard, today);
        prop_assert!(r.differences.is_empty() && r.missing.is_empty() && r.not_yet_due.is_empty() && r.unexpected.is_empty());
        prop_assert_eq!(r.matched.len(), rows.len());
        let mut shuffled = rows.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let again = reconcile(&cluster, &standard_csv(&shuffled), Dialect::Standard, today);
        prop_assert_eq!(statuses(&again), statuses(&r));
        let danish = reconcile(&cluster, &danish_csv(&rows), Dialect::DanishBank, today);
        prop_assert_eq!(statuses(&danish), statuses(&r));
        prop_assert_eq!(danish.balance, r.balance);
    }

    /// Shuffling any statement's rows changes no status.
    #[test]
    fn rec_match_shuffled_rows_change_no_status(
        cluster in 0usize..116,
        edits in proptest::collection::vec((any::<u8>(), any::<u32>(), any::<i64>()), 1..8),
        seed in any::<u64>(),
    ) {
        let cluster = NATIONAL.clusters()[cluster % NATIONAL.clusters().len()].clone();
        let rows = statement_for(&cluster, &edits, &[]);
        let mut shuffled = rows.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let today = day("2026-06-01");
        let a = reconcile(&cluster, &standard_csv(&rows), Dialect::Standard, today);
        let b = reconcile(&cluster, &standard_csv(&shuffled), Dialect::Standard, today);
        let status_only = |r: &Reconciliation| statuses(r).into_iter().map(|(k, (s, _))| (k, s)).collect::<Vec<_>>();
        prop_assert_eq!(status_only(&a), status_only(&b));
        prop_assert_eq!(a.balance, b.balance);
    }
}

// Section 8 of docs/rules.md: never a panic, over 1,000 random inputs.
proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    /// REC-STATEMENT: garbage never panics, in either dialect.
    #[test]
    fn rec_statement_garbage_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        for dialect in [Dialect::Standard, Dialect::DanishBank] {
            let _ = Statement::from_csv(&text, dialect, Some(k()));
            let _ = Statement::from_csv(&format!("date,amount\n{text}"), dialect, None);
        }
    }
}

#[test]
fn rec_statement_bookings_can_be_given_as_values() {
    let booking = Booking {
        row: 1,
        date: day("2020-10-20"),
        cluster: k(),
        amount: "20666.67".parse().unwrap(),
        payer: None,
        text: None,
    };
    let statement = Statement::new(Some(k()), vec![booking.clone()]).unwrap();
    let r = worked_report().reconcile(&statement, day("2023-01-01"), Windows::default()).unwrap();
    assert_eq!(r.matched.len(), 1);
    let zero = Booking { amount: Dkk::ZERO, ..booking };
    assert_eq!(Statement::new(None, vec![zero]).unwrap_err().problems()[0].path, "statement:1:amount");
}

// --- Strict rows: no booking read from the wrong cell (FORMAT, REC-STATEMENT) ---------------

fn refused(text: &str, dialect: Dialect) -> Vec<(String, String)> {
    let errors = Statement::from_csv(text, dialect, Some(k())).expect_err("the statement is refused");
    errors.all().into_iter().map(|p| (p.path, p.message_en)).collect()
}

#[test]
fn rec_statement_a_row_with_a_cell_too_many_is_refused_not_shifted() {
    let found = refused("date,cluster,text,amount\n2023-01-15,k,Tilskud, 2023,12064.00\n", Dialect::Standard);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, "statement:1");
    assert!(found[0].1.starts_with("the row has 5 cells, the header 4"), "{}", found[0].1);
    let found = refused("Dato;Tekst;Beløb\n16-01-2023;Tilskud; 2023;12.064,00\n", Dialect::DanishBank);
    assert_eq!(found[0].0, "statement:1");
    let found = refused("date,amount,payer,text\n2023-01-15,12064.00,region,too,many\n", Dialect::Standard);
    assert_eq!(found[0].0, "statement:1");
    let found = refused("date,amount,payer,text\n2023-01-15,12064.00\n", Dialect::Standard);
    assert!(found[0].1.starts_with("the row has 2 cells, the header 4"), "{}", found[0].1);
}

#[test]
fn rec_statement_an_unclosed_quote_a_long_text_and_a_column_named_twice_are_refused() {
    let text = "date,amount,payer,text\n2019-02-01,3528.00,region,\"Opstart\n2019-03-01,3528.00,region,grant\n";
    let found = refused(text, Dialect::Standard);
    assert_eq!(found[0].0, "statement:1:text");
    assert!(found[0].1.contains("quote"), "{}", found[0].1);
    let long = "x".repeat(1_001);
    let found = refused(&format!("date,amount,text\n2019-02-01,3528.00,{long}\n"), Dialect::Standard);
    assert_eq!(found[0].0, "statement:1:text");
    let found = refused("date,amount,amount\n2019-02-01,3528.00,1.00\n", Dialect::Standard);
    assert_eq!(found[0].0, "statement:0:amount");
    assert!(found[0].1.contains("appears twice"), "{}", found[0].1);
}

#[test]
fn rec_statement_a_semicolon_file_read_as_standard_gets_a_hint() {
    let found = refused("Dato;Tekst;Beløb\n16-01-2023;Tilskud;12.064,00\n", Dialect::Standard);
    assert_eq!(found.len(), 1);
    assert!(found[0].1.contains("\";\"") && found[0].1.contains("danish-bank"), "{}", found[0].1);
}

#[test]
fn rec_statement_a_day_that_does_not_exist_is_said_so() {
    let found = refused("date,amount\n2023-06-31,5.00\n", Dialect::Standard);
    assert_eq!(found[0].1, "\"2023-06-31\" is not a date YYYY-MM-DD; June 2023 has 30 days, so 31 June does not exist");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// FORMAT: a statement's cells never shift. Texts with separators, quotes and line breaks,
    /// written without quoting, are either refused or read exactly as written; written with
    /// RFC 4180 quoting they are always read exactly.
    #[test]
    fn rec_statement_cells_never_shift(
        rows in prop::collection::vec((1i64..10_000_000, "[a-z ,;\"\n0-9.]{0,12}"), 1..6),
        danish in any::<bool>(),
    ) {
        let (dialect, separator) = if danish { (Dialect::DanishBank, ';') } else { (Dialect::Standard, ',') };
        let header = if danish { "Dato;Beløb;Tekst" } else { "date,amount,text" };
        let amount = |ore: i64| {
            let text = format!("{}.{:02}", ore / 100, ore % 100);
            if danish { text.replace('.', ",") } else { text }
        };
        let date = if danish { "15-01-2023" } else { "2023-01-15" };
        let plain: String = rows.iter().map(|(ore, text)| format!("{date}{separator}{}{separator}{text}\n", amount(*ore))).collect();
        let quoted: String = rows.iter().map(|(ore, text)| format!("{date}{separator}{}{separator}\"{}\"\n", amount(*ore), text.replace('"', "\"\""))).collect();
        let expected: Vec<(i64, Option<String>)> = rows.iter().map(|(ore, text)| {
            let text = text.trim();
            (*ore, (!text.is_empty()).then(|| text.to_owned()))
        }).collect();
        let read = |body: &str| Statement::from_csv(&format!("{header}\n{body}"), dialect, Some(k()))
            .map(|s| s.bookings().iter().map(|b| (i64::try_from(b.amount.ore()).unwrap(), b.text.clone())).collect::<Vec<_>>());
        // Unquoted, a quote is CSV quoting and a line break ends the row, so only texts without
        // either are compared; the amounts always are.
        if let Ok(bookings) = read(&plain) {
            prop_assert_eq!(bookings.len(), expected.len());
            for (((ore, text), (want_ore, want_text)), (_, written)) in bookings.iter().zip(&expected).zip(&rows) {
                prop_assert_eq!(ore, want_ore);
                if !written.contains(['"', '\n']) {
                    prop_assert_eq!(text, want_text);
                }
            }
        }
        let all_clean = rows.iter().all(|(_, t)| !t.split('\n').skip(1).any(|l| l.contains(separator)));
        match read(&quoted) {
            Ok(bookings) => prop_assert_eq!(bookings, expected),
            Err(e) => prop_assert!(!all_clean, "refused: {:?}", e.all()),
        }
    }
}

// --- Statements as Danish banks export them (docs/formats.md "Bank or account statement") --

fn bank_file(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/statements").join(name);
    std::fs::read(path).unwrap()
}

fn nordfyn() -> ClusterId {
    "nordfyn".parse().unwrap()
}

#[test]
fn rec_statement_every_known_bank_layout_reconciles_without_editing() {
    use klynge::csv_rows::Encoding;
    use klynge::reconcile::Layout;
    let scenario = Scenario::from_json(std::str::from_utf8(&bank_file("nordfyn.json")).unwrap()).unwrap();
    let report = scenario.grants(2022, 2022).unwrap();
    for (file, layout, encoding, reservations) in [
        ("danske-bank.csv", Layout::DanskeBank, Encoding::Utf8, 0),
        ("sydbank.csv", Layout::Sydbank, Encoding::Windows1252, 0),
        ("nordea.csv", Layout::Nordea, Encoding::Utf8, 1),
        ("nykredit.csv", Layout::Nykredit, Encoding::Utf8, 0),
    ] {
        let statement = Statement::from_bytes(&bank_file(file), Dialect::DanishBank, Some(nordfyn()))
            .unwrap_or_else(|e| panic!("{file}: {:?}", e.all()));
        let read = statement.read().unwrap();
        assert_eq!(
            (read.layout, read.encoding, read.booked, read.reservations),
            (layout, encoding, 2, reservations),
            "{file}"
        );
        let r = report.reconcile(&statement, day("2022-06-01"), Windows::default()).unwrap();
        assert_eq!(r.matched.len(), 1, "{file}: the grant of 23,528.00 is matched");
        assert!(r.differences.is_empty() && r.missing.is_empty(), "{file}");
        assert_eq!(r.unexpected.len(), 1, "{file}: the spending is no transfer of the report");
        assert_eq!(r.unexpected[0].amount.to_string(), "-1250.00", "{file}");
    }
    let sydbank = Statement::from_bytes(&bank_file("sydbank.csv"), Dialect::DanishBank, Some(nordfyn())).unwrap();
    assert_eq!(sydbank.bookings()[1].text.as_deref(), Some("Mødeudgifter Ærø, årsmøde"));
    let nordea = Statement::from_bytes(&bank_file("nordea.csv"), Dialect::DanishBank, Some(nordfyn())).unwrap();
    assert_eq!(nordea.bookings()[0].text.as_deref(), Some("Mødeudgifter - Klyngemøde"));
    assert_eq!(nordea.bookings()[0].row, 2, "rows count from the line after the header, the reservation included");
}

#[test]
fn rec_statement_another_banks_header_is_answered_with_the_names_recognised() {
    let errors = Statement::from_bytes(&bank_file("other-bank.csv"), Dialect::DanishBank, Some(nordfyn())).unwrap_err();
    let all = errors.all();
    assert_eq!(all.len(), 1);
    assert!(all[0].message_en.contains("Dato or Bogføringsdato, Beløb or Beloeb"), "{}", all[0].message_en);
    assert!(all[0].message_en.contains("\"Description\""), "{}", all[0].message_en);
    let errors = Statement::from_bytes(&bank_file("preamble.csv"), Dialect::DanishBank, Some(nordfyn())).unwrap_err();
    assert!(errors.all()[0].message_en.contains("line 2 looks like the header"), "{}", errors.all()[0].message_en);
    // The standard dialect is UTF-8 only, and says which dialect reads a bank's export.
    let errors = Statement::from_bytes(&bank_file("sydbank.csv"), Dialect::Standard, Some(nordfyn())).unwrap_err();
    assert!(errors.all()[0].message_en.contains("danish-bank"));
}
