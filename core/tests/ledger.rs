//! The cluster's funds (LED-*): the worked example W7, hand-made cases for each rule, and the
//! invariants on generated spendings.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use chrono::NaiveDate;
use klynge::ledger::{EntryKind, Ledger, Opening, SpendingKind, Spendings};
use klynge::reconcile::{Dialect, Direction};
use klynge::{ClusterId, Dkk, GrantReport, Rule, Scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn k() -> ClusterId {
    "k".parse().unwrap()
}

/// W7: cluster K, founded 2022-01-01, completed 2022-02-01; founding practice P (1 capacity,
/// 2,000 group-1 patients each year), grant years 2022-2025.
fn w7_report() -> GrantReport {
    let patients: Vec<Value> =
        (2022..=2025).map(|year| json!({"ydernummer": "000001", "year": year, "count": 2000})).collect();
    Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
        "patients": patients,
        "rates": [{"year": 2024, "rate": "3.55"}, {"year": 2025, "rate": "3.65"}]
    }))
    .unwrap()
    .grants(2022, 2025)
    .unwrap()
}

const W7_SPENDINGS: &str = "date,kind,payee,amount,hours,status
2023-06-10,meeting,Hotel Fyn,1250.00,,paid
2024-11-10,consultant,Konsulent A/S,,1.5,paid
2025-02-15,refund,Anne Hansen,25000.00,,requested
";

fn spendings(text: &str) -> Spendings {
    Spendings::from_csv(text, "spendings.csv", Dialect::Standard, Some(k())).unwrap()
}

#[test]
fn w7_led_the_worked_example() {
    let report = w7_report();
    let amounts: Vec<(String, String)> =
        report.lines().map(|l| (l.amount.to_string(), l.due.unwrap().to_string())).collect();
    assert_eq!(
        amounts,
        [
            ("10000.00", "2022-02-01"),
            ("2240.00", "2022-02-01"),
            ("4640.00", "2023-01-01"),
            ("7100.00", "2024-03-01"),
            ("7300.00", "2025-03-01")
        ]
        .map(|(a, d)| (a.to_owned(), d.to_owned()))
    );
    let ledger = report.ledger(&spendings(W7_SPENDINGS), day("2025-02-15"), &[]).unwrap();
    // LED-BALANCE: 10,000.00 + 2,240.00 + 4,640.00 - 1,250.00 + 7,100.00 - 1,608.03.
    assert_eq!(ledger.balance(&k()).unwrap().to_string(), "21121.97");
    assert_eq!(ledger.entries.len(), 6);
    assert_eq!(ledger.entries[5].kind, EntryKind::Spending(SpendingKind::Consultant));
    assert_eq!(ledger.entries[5].amount.to_string(), "1608.03", "GR-CONSULTANT: 1.5 hours");
    // LED-PLAN: the refund is not covered; the 2025 grant covers it again on 2025-03-01.
    let refund = ledger.plan.iter().find(|e| e.row == Some(3)).unwrap();
    assert_eq!(refund.covered, Some(false));
    assert_eq!(refund.shortfall.unwrap().to_string(), "3878.03");
    assert_eq!(refund.covered_from, Some(day("2025-03-01")));
    assert_eq!(ledger.plan.last().unwrap().balance.to_string(), "3421.97");
    // LED-YEAR: 2023.
    let y2023 = ledger.years.iter().find(|y| y.year == 2023).unwrap();
    assert_eq!(
        (
            y2023.opening.to_string(),
            y2023.annual_grants.to_string(),
            y2023.out[2].to_string(),
            y2023.closing.to_string()
        ),
        ("12240.00".into(), "4640.00".into(), "1250.00".into(), "15630.00".into())
    );
    // The JSON of docs/formats.md.
    let json: Value = serde_json::from_str(&ledger.to_json()).unwrap();
    assert_eq!(json["today"], "2025-02-15");
    assert_eq!(
        json["entries"][0],
        json!({"cluster": "k", "date": "2022-02-01", "direction": "in",
        "kind": "startup_fee", "amount": "10000.00", "balance": "10000.00", "line": 0, "row": null,
        "payee": null, "overdraft": null})
    );
    let plan_refund = json["plan"].as_array().unwrap().iter().find(|e| e["row"] == 3).unwrap();
    assert_eq!(plan_refund["covered"], false);
    assert_eq!(plan_refund["shortfall"], "3878.03");
    assert_eq!(plan_refund["covered_from"], "2025-03-01");
    assert_eq!(json["years"][1]["in"], json!({"startup_fee": "0.00", "annual_grant": "4640.00"}));
    assert_eq!(json["years"][1]["out"]["meeting"], "1250.00");
    assert_eq!(json["years"][1]["closing"], "15630.00");
}

#[test]
fn led_entries_an_opening_balance_replaces_what_came_before() {
    let report = w7_report();
    let opening = Opening { cluster: k(), date: day("2023-04-01"), amount: "15000.00".parse().unwrap() };
    let ledger = report.ledger(&spendings(W7_SPENDINGS), day("2025-02-15"), &[opening]).unwrap();
    // From 2023-04-01: 15,000.00 - 1,250.00 + 7,100.00 - 1,608.03.
    assert_eq!(ledger.balance(&k()).unwrap().to_string(), "19241.97");
    assert!(ledger.entries.iter().all(|e| e.date >= day("2023-04-01")));
    assert_eq!(ledger.years[0].year, 2023);
    assert_eq!(ledger.years[0].opening.to_string(), "15000.00");
}

#[test]
fn led_balance_an_overdraft_is_flagged() {
    let text = "date,kind,payee,amount,status\n2022-03-01,honorarium,Bent Bo,15000.00,paid\n";
    let ledger = w7_report().ledger(&spendings(text), day("2022-12-31"), &[]).unwrap();
    let spent = ledger.entries.iter().find(|e| e.row == Some(1)).unwrap();
    assert_eq!(spent.overdraft.unwrap().to_string(), "2760.00");
    assert_eq!(spent.balance.to_string(), "-2760.00");
}

#[test]
fn led_spending_every_bad_row_is_named() {
    let text = "date,kind,payee,amount,status,colour\n";
    let errors = Spendings::from_csv(text, "spendings.csv", Dialect::Standard, Some(k())).unwrap_err();
    assert_eq!(errors.problems()[0].path, "spendings.csv:0:colour");
    let text = "date,kind,payee,amount,status
2022-13-01,meeting,Hotel,10.00,paid
2022-03-01,party,Hotel,10.00,paid
2022-03-01,meeting,,10.00,paid
2022-03-01,meeting,Hotel,-5,paid
2022-03-01,meeting,Hotel,10.00,maybe
2022-03-01,meeting,Hotel,10.00,paid,extra
";
    let errors = Spendings::from_csv(text, "spendings.csv", Dialect::Standard, Some(k())).unwrap_err();
    let places: Vec<(String, Rule)> = errors.problems().iter().map(|p| (p.path.clone(), p.rule)).collect();
    assert_eq!(
        places,
        vec![
            ("spendings.csv:1:date".into(), Rule::LedSpending),
            ("spendings.csv:2:kind".into(), Rule::LedSpending),
            ("spendings.csv:3:payee".into(), Rule::LedSpending),
            ("spendings.csv:4:amount".into(), Rule::LedSpending),
            ("spendings.csv:5:status".into(), Rule::LedSpending),
            ("spendings.csv:6".into(), Rule::LedSpending),
        ]
    );
    // A paid spending after today, or before the cluster's founding.
    let text =
        "date,kind,payee,amount,status\n2026-01-01,meeting,Hotel,10.00,paid\n2021-12-01,meeting,Hotel,10.00,paid\n";
    let errors = w7_report().ledger(&spendings(text), day("2025-02-15"), &[]).unwrap_err();
    let places: Vec<String> = errors.problems().iter().map(|p| p.path.clone()).collect();
    assert_eq!(places, vec!["spendings.csv:1:date", "spendings.csv:2:date"]);
}

#[test]
fn led_spending_a_consultant_amount_is_computed_or_checked() {
    let text = "date,kind,payee,amount,hours,status\n2024-11-10,consultant,K,1608.03,1.5,paid\n2024-11-10,consultant,K,,2,requested\n";
    let s = spendings(text);
    assert_eq!(s.items()[1].amount.to_string(), "2144.04");
    let wrong = "date,kind,payee,amount,hours,status\n2024-11-10,consultant,K,1600.00,1.5,paid\n";
    let errors = Spendings::from_csv(wrong, "spendings.csv", Dialect::Standard, Some(k())).unwrap_err();
    assert!(errors.problems()[0].message_en.contains("1608.03"), "{}", errors.problems()[0].message_en);
    // The Danish bank dialect's separators, dates and amounts.
    let danish = "Date;Kind;Payee;Amount;Hours;Status\n10-11-2024;consultant;K;;1,5;paid\n10.06.2023;meeting;Hotel;1.250,00;;paid\n"
        .replace("Date;Kind;Payee;Amount;Hours;Status", "date;kind;payee;amount;hours;status");
    let s = Spendings::from_csv(&danish, "spendings.csv", Dialect::DanishBank, Some(k())).unwrap();
    assert_eq!(
        (s.items()[0].amount.to_string(), s.items()[1].amount.to_string()),
        ("1608.03".into(), "1250.00".into())
    );
}

#[test]
fn led_the_report_must_cover_the_first_year() {
    let report = w7_report();
    let later = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
        "patients": [{"ydernummer": "000001", "year": 2023, "count": 2000}]
    }))
    .unwrap()
    .grants(2023, 2023)
    .unwrap();
    let errors = later.ledger(&Spendings::default(), day("2023-12-31"), &[]).unwrap_err();
    assert!(errors.problems()[0].message_en.contains("needs every grant year from 2022"));
    assert!(report.ledger(&Spendings::default(), day("2023-12-31"), &[]).is_ok());
}

fn spending_rows() -> impl Strategy<Value = Vec<(u32, u8, i64, bool)>> {
    // (day offset from 2022-01-01, kind, øre, paid)
    prop::collection::vec((0u32..1500, 0u8..4, 1i64..2_000_000, any::<bool>()), 0..25)
}

fn spendings_text(rows: &[(u32, u8, i64, bool)], today: NaiveDate) -> String {
    let kinds = ["refund", "meeting", "honorarium", "other"];
    let mut text = String::from("date,kind,payee,amount,status\n");
    for (offset, kind, ore, paid) in rows {
        let date = day("2022-01-01") + chrono::Days::new(u64::from(*offset));
        let paid = *paid && date <= today;
        let status = if paid { "paid" } else { "requested" };
        text.push_str(&format!("{date},{},P,{}.{:02},{status}\n", kinds[usize::from(*kind)], ore / 100, ore % 100));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// LED-YEAR, LED-BALANCE, LED-PLAN, LED-ENTRIES on generated spendings over W7's report.
    #[test]
    fn led_properties(rows in spending_rows(), today_offset in 0u32..1500, seed in any::<u64>()) {
        let report = w7_report();
        let today = day("2022-01-01") + chrono::Days::new(u64::from(today_offset));
        let text = spendings_text(&rows, today);
        let ledger = report.ledger(&spendings(&text), today, &[]).unwrap();
        // Every year closes as opening + in - out and opens at the closing before.
        let mut previous: Option<Dkk> = None;
        for y in &ledger.years {
            let out: i128 = y.out.iter().map(|d| d.ore()).sum();
            prop_assert_eq!(y.closing.ore(), y.opening.ore() + y.startup_fees.ore() + y.annual_grants.ore() - out);
            if let Some(p) = previous { prop_assert_eq!(y.opening, p); }
            previous = Some(y.closing);
        }
        // The balance after the last entry is the sum of the booked amounts.
        let sum: i128 = ledger.entries.iter().map(|e| if e.direction == Direction::In { e.amount.ore() } else { -e.amount.ore() }).sum();
        prop_assert_eq!(ledger.entries.last().map_or(0, |e| e.balance.ore()), sum);
        prop_assert_eq!(ledger.balance(&k()).map_or(0, |b| b.ore()), sum);
        // A requested spending is covered exactly when the balance after it is at least zero.
        for e in ledger.plan.iter().filter(|e| e.row.is_some()) {
            prop_assert_eq!(e.covered, Some(e.balance.ore() >= 0));
        }
        // The booked report lines are the report's paid minus repaid for those payout dates.
        let lines: i128 = report.lines().filter(|l| l.due.is_some_and(|d| d <= today)).map(|l| l.amount.ore()).sum();
        let booked_lines: i128 = ledger.entries.iter().filter(|e| e.line.is_some())
            .map(|e| if e.direction == Direction::In { e.amount.ore() } else { -e.amount.ore() }).sum();
        prop_assert_eq!(lines, booked_lines);
        // Shuffling the rows changes only the order of same-day spendings.
        let mut shuffled: Vec<&str> = text.lines().skip(1).collect();
        let n = shuffled.len();
        for i in 0..n { shuffled.swap(i, (seed as usize).wrapping_add(i * 7) % n.max(1)); }
        let again = format!("date,kind,payee,amount,status\n{}\n", shuffled.join("\n"));
        let other = report.ledger(&spendings(&again), today, &[]).unwrap();
        let end_of_day = |l: &Ledger| {
            l.entries.iter().map(|e| (e.date, e.balance)).collect::<std::collections::BTreeMap<_, _>>()
        };
        prop_assert_eq!(end_of_day(&other), end_of_day(&ledger));
        prop_assert_eq!(other.balance(&k()), ledger.balance(&k()));
        // FORMAT: the ledger's JSON reads back as the same ledger.
        prop_assert_eq!(&Ledger::from_json(&ledger.to_json()).unwrap(), &ledger);
        prop_assert_eq!(other.years.clone(), ledger.years.clone());
    }
}

#[test]
fn led_hand_made_cases_a_consultant_either_side_of_2024_10_01_a_late_request_pending_and_a_clawback() {
    // A consultant before 2024-10-01, when no rate is known, gives the amount; after it, the
    // amount is hours × the rate (GR-CONSULTANT).
    let text =
        "date,kind,payee,amount,hours,status\n2024-09-10,consultant,K,900.00,1,paid\n2024-10-10,consultant,K,,1,paid\n";
    let s = spendings(text);
    assert_eq!((s.items()[0].amount.to_string(), s.items()[1].amount.to_string()), ("900.00".into(), "1072.02".into()));
    let without = "date,kind,payee,hours,status\n2024-09-10,consultant,K,1,paid\n";
    let errors = Spendings::from_csv(without, "spendings.csv", Dialect::Standard, Some(k())).unwrap_err();
    assert_eq!(
        (errors.problems()[0].path.as_str(), errors.problems()[0].rule),
        ("spendings.csv:1:amount", Rule::LedSpending)
    );
    assert!(errors.problems()[0].message_en.contains("give the amount"), "{}", errors.problems()[0].message_en);
    // A requested spending dated before today is planned on today.
    let text = "date,kind,payee,amount,status\n2023-01-05,refund,Anne,100.00,requested\n";
    let ledger = w7_report().ledger(&spendings(text), day("2023-06-01"), &[]).unwrap();
    let planned = ledger.plan.iter().find(|e| e.row == Some(1)).unwrap();
    assert_eq!((planned.date, planned.covered), (day("2023-06-01"), Some(true)));
    // A cluster not yet complete: its lines are pending, not booked.
    let pending = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": null}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 2000}]
    }))
    .unwrap()
    .grants(2022, 2022)
    .unwrap();
    let ledger = pending.ledger(&Spendings::default(), day("2022-12-31"), &[]).unwrap();
    assert!(ledger.entries.is_empty());
    assert_eq!(ledger.pending[0].amount.to_string(), "12240.00");
    assert_eq!(ledger.balance(&k()).unwrap(), Dkk::ZERO);
    // A clawback is booked out.
    let claw = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"},
                        {"ydernummer": "000002", "cluster": "k", "joined": "2022-01-01", "left": "2022-06-01"}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 2000}, {"ydernummer": "000002", "year": 2022, "count": 2000}]
    }))
    .unwrap()
    .grants(2022, 2022)
    .unwrap();
    let ledger = claw.ledger(&Spendings::default(), day("2022-12-31"), &[]).unwrap();
    let out = ledger.entries.iter().find(|e| e.kind == EntryKind::Line(klynge::LineKind::Clawback)).unwrap();
    assert_eq!(
        (out.direction, out.amount.to_string(), out.date),
        (Direction::Out, "10000.00".into(), day("2022-06-01"))
    );
    assert_eq!(ledger.years[0].out[0].to_string(), "10000.00");
}

#[test]
fn led_entries_the_default_years_from_a_scenario_run_from_the_earliest_founding_or_opening() {
    let patients: Vec<Value> =
        (2022..=2025).map(|year| json!({"ydernummer": "000001", "year": year, "count": 2000})).collect();
    let scenario = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2022-01-01"}],
        "patients": patients,
    }))
    .unwrap();
    let today = day("2025-02-15");
    assert_eq!(scenario.ledger_years(today, &[]), (2022, 2025));
    let opening = Opening { cluster: k(), date: day("2021-06-01"), amount: Dkk::from_kroner(500) };
    assert_eq!(scenario.ledger_years(today, std::slice::from_ref(&opening)), (2021, 2025));
    // The same ledger as from the W7 report: 2026 has no rate, and is not asked for.
    let (ledger, left_out) =
        scenario.ledger(&klynge::Parameters::official(), None, &spendings(W7_SPENDINGS), today, &[]).unwrap();
    assert_eq!(ledger, w7_report().ledger(&spendings(W7_SPENDINGS), today, &[]).unwrap());
    assert!(left_out.is_empty());
}
