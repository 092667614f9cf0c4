//! Adjustments (ADJ-*): the worked example W8, each cause by hand, and the invariants on
//! generated pairs of reports.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use chrono::NaiveDate;
use klynge::grants::{CauseKind, Parameters, Payer, adjustments};
use klynge::{GrantReport, LineKind, Scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Cluster C (completed 2019) with practice Q (1 capacity, `count` patients) joining on
/// `joined` and leaving on `left`.
fn cluster_c(joined: &str, left: Option<&str>, count: u32, capacities: u32) -> Scenario {
    Scenario::from_value(&json!({
        "clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": capacities}],
        "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"},
                        {"ydernummer": "000002", "cluster": "c", "joined": joined, "left": left}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000002", "year": 2022, "count": count},
                     {"ydernummer": "000001", "year": 2023, "count": 3000}, {"ydernummer": "000002", "year": 2023, "count": count}]
    }))
    .unwrap()
}

#[test]
fn w8_adj_the_worked_example() {
    // As paid: Q still a member at the payout; as owed: Q left on 2022-12-31.
    let paid = cluster_c("2022-03-01", None, 1800, 1).grants(2022, 2022).unwrap();
    let owed = cluster_c("2022-03-01", Some("2022-12-31"), 1800, 1).grants(2022, 2022).unwrap();
    let result = owed.adjustments(&paid, day("2023-06-15")).unwrap();
    let share = result.adjustments.iter().find(|a| a.kind == LineKind::AnnualGrant).unwrap();
    assert_eq!(
        (share.paid.to_string(), share.owed.to_string(), share.difference.to_string()),
        ("1690.13".into(), "1684.60".into(), "-5.53".into())
    );
    assert_eq!(share.causes.len(), 1);
    assert_eq!(
        (share.causes[0].cause, share.causes[0].paid.as_deref(), share.causes[0].owed.as_deref()),
        (CauseKind::Days, Some("306"), Some("305"))
    );
    assert_eq!(share.settled.len(), 1);
    assert_eq!((share.settled[0].payer, share.settled[0].amount.to_string()), (Payer::Region, "-5.53".into()));
    let fee = result.adjustments.iter().find(|a| a.kind == LineKind::StartupFee).unwrap();
    assert_eq!((fee.difference.to_string(), fee.causes[0].cause), ("-10000.00".into(), CauseKind::LineGone));
    assert_eq!(fee.settled[0].amount.to_string(), "-10000.00");
    assert_eq!(result.due.len(), 1);
    assert_eq!(result.due[0].amount.to_string(), "-10005.53");
    assert!(
        share.text_en().contains("days 306 -> 305") && share.text_en().contains("the cluster repays 5.53 kr"),
        "{}",
        share.text_en()
    );
    assert!(share.text_da().contains("dage 306 -> 305"), "{}", share.text_da());
    let json: Value = serde_json::from_str(&result.to_json()).unwrap();
    assert_eq!(json["due"][0], json!({"cluster": "c", "payer": "region", "amount": "-10005.53"}));
    let first = json["adjustments"].as_array().unwrap().iter().find(|a| a["kind"] == "annual_grant").unwrap();
    assert_eq!(first["causes"][0], json!({"cause": "days", "paid": "306", "owed": "305"}));
    assert_eq!(first["settled"][0], json!({"payer": "region", "amount": "-5.53"}));
}

#[test]
fn adj_each_cause_by_hand() {
    let base = cluster_c("2022-03-01", None, 1800, 1);
    let report = |s: &Scenario| s.grants(2022, 2023).unwrap();
    let causes = |paid: &GrantReport, owed: &GrantReport| -> Vec<CauseKind> {
        owed.adjustments(paid, day("2024-06-01"))
            .unwrap()
            .adjustments
            .iter()
            .flat_map(|a| a.causes.iter().map(|c| c.cause))
            .collect()
    };
    // A corrected count.
    assert!(causes(&report(&base), &report(&cluster_c("2022-03-01", None, 1900, 1))).contains(&CauseKind::Patients));
    // A new rate.
    let rated = base.grants_with(&Parameters::official().with_rate(2023, "4.00".parse().unwrap()), 2022, 2023).unwrap();
    assert!(causes(&report(&base), &rated).contains(&CauseKind::Rate));
    // A late leave: days, and the fee withheld (line gone).
    let left = causes(&report(&base), &report(&cluster_c("2022-03-01", Some("2022-12-31"), 1800, 1)));
    assert!(left.contains(&CauseKind::Days) && left.contains(&CauseKind::LineGone), "{left:?}");
    // A late member: its lines are new.
    let late = Scenario::from_value(&json!({
        "clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}],
        "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000001", "year": 2023, "count": 3000}]
    }))
    .unwrap();
    assert!(causes(&report(&late), &report(&base)).iter().all(|c| *c == CauseKind::NewLine));
    // Capacities changed: the fee.
    assert!(causes(&report(&base), &report(&cluster_c("2022-03-01", None, 1800, 2))).contains(&CauseKind::Capacities));
    // Another fee per capacity.
    let fee = base
        .grants_with(
            &Parameters::official().with_startup_fee_per_capacity(klynge::Dkk::from_kroner(12_000)),
            2022,
            2023,
        )
        .unwrap();
    assert!(causes(&report(&base), &fee).contains(&CauseKind::FeePerCapacity));
    // A completion moved: payout dates.
    let moved = Scenario::from_value(&json!({
        "clusters": [{"id": "c", "founded": "2018-09-15", "completed": "2022-05-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}],
        "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2018-09-15"}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 3000}, {"ydernummer": "000001", "year": 2023, "count": 3000}]
    }))
    .unwrap();
    assert!(causes(&report(&late), &report(&moved)).contains(&CauseKind::PayoutDate));
    // A clawback appearing: the fee was paid on 2023-01-01, and a leave registered late on
    // 2023-02-01 (before the anniversary) makes its repayment a new line.
    let clawed = cluster_c("2022-03-01", Some("2023-02-01"), 1800, 1).grants(2022, 2023).unwrap();
    let result = clawed.adjustments(&report(&base), day("2024-06-01")).unwrap();
    let claw = result.adjustments.iter().find(|a| a.kind == LineKind::Clawback).unwrap();
    assert_eq!((claw.causes[0].cause, claw.difference.to_string()), (CauseKind::NewLine, "-10000.00".into()));
    assert_eq!(claw.settled[0].amount.to_string(), "-10000.00");
    // Other grant years are refused.
    assert!(report(&base).adjustments(&base.grants(2022, 2022).unwrap(), day("2024-06-01")).is_err());
}

fn scenario_strategy() -> impl Strategy<Value = Scenario> {
    (0u32..300, proptest::option::of(300u32..700), 100u32..3000, 1u32..4, prop::bool::ANY).prop_map(|(join, leave, count, caps, complete)| {
        let joined = day("2022-01-01") + chrono::Days::new(u64::from(join));
        let left = leave.map(|l| day("2022-01-01") + chrono::Days::new(u64::from(l)));
        let patients: Vec<Value> = (2022..=2023)
            .flat_map(|y| [json!({"ydernummer": "000001", "year": y, "count": 2000}), json!({"ydernummer": "000002", "year": y, "count": count})])
            .collect();
        Scenario::from_value(&json!({
            "clusters": [{"id": "c", "founded": "2021-09-15", "completed": if complete { Some("2022-02-01") } else { None }}],
            "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": caps}],
            "memberships": [{"ydernummer": "000001", "cluster": "c", "joined": "2021-09-15"},
                            {"ydernummer": "000002", "cluster": "c", "joined": joined.to_string(), "left": left.map(|d| d.to_string())}],
            "patients": patients,
            "rates": [{"year": 2021, "rate": "1.00"}]
        }))
        .unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// ADJ-LINES, ADJ-DUE: identical reports have no adjustments; swapping the reports negates
    /// every difference; per cluster and grant year owed - paid is the sum of the differences;
    /// the net due is the sum of the settlements; every adjustment names a cause.
    #[test]
    fn adj_properties(a in scenario_strategy(), b in scenario_strategy(), today in 0u32..900) {
        let today = day("2022-01-01") + chrono::Days::new(u64::from(today));
        let (paid, owed) = (a.grants(2022, 2023).unwrap(), b.grants(2022, 2023).unwrap());
        prop_assert!(adjustments(&paid, &paid, today).unwrap().adjustments.is_empty());
        let forward = adjustments(&paid, &owed, today).unwrap();
        let backward = adjustments(&owed, &paid, today).unwrap();
        let differences = |r: &klynge::grants::Adjustments| r.adjustments.iter().map(|a| a.difference.ore()).collect::<Vec<_>>();
        prop_assert_eq!(differences(&forward), differences(&backward).iter().map(|d| -d).collect::<Vec<_>>());
        for year in 2022..=2023 {
            let total = |r: &GrantReport| r.totals().filter(|t| t.grant_year == year).map(|t| t.net.ore()).sum::<i128>();
            let sum: i128 = forward.adjustments.iter().filter(|a| a.grant_year == year).map(|a| a.difference.ore()).sum();
            prop_assert_eq!(total(&owed) - total(&paid), sum);
        }
        let settled: i128 = forward.adjustments.iter().flat_map(|a| a.settled.iter()).map(|s| s.amount.ore()).sum();
        let due: i128 = forward.due.iter().map(|d| d.amount.ore()).sum();
        prop_assert_eq!(settled, due);
        prop_assert!(forward.adjustments.iter().all(|a| !a.causes.is_empty()));
    }
}
