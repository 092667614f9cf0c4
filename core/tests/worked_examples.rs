//! The worked examples W1 to W6 of docs/rules.md section 6, verbatim.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use klynge::grants::{LineKind, Parameters, Payer, consultant_fee, payout_window};
use klynge::{Line, Rule, Scenario};
use serde_json::json;

fn scenario(value: serde_json::Value) -> Scenario {
    Scenario::from_value(&value).unwrap()
}

fn find<'a>(lines: &'a [Line<'a>], yder: &str, kind: LineKind, year: i32) -> Option<&'a Line<'a>> {
    lines.iter().find(|l| l.ydernummer.to_string() == yder && l.kind == kind && l.grant_year == year)
}

/// W1. Cluster founded 2018-09-15, completed 2019-01-20; founding member P (2 capacities).
/// Startup fee 20,000.00 due 2019-01-20, paid by the region, expected on the account
/// 2019-02-03 to 2019-02-17.
#[test]
fn w1_gr_startup_founding_member_fee_due_at_completion() {
    let s = scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2018-09-15", "left": null, "by_transfer": false}],
        "patients": [{"ydernummer": "000001", "year": 2018, "count": 3000}],
        "rates": [{"year": 2018, "rate": "1.00"}]
    }));
    let report = s.grants(2018, 2018).unwrap();
    let lines: Vec<Line> = report.lines().collect();
    let fee = find(&lines, "000001", LineKind::StartupFee, 2018).unwrap();
    assert_eq!(fee.amount.to_string(), "20000.00");
    assert_eq!(fee.due.unwrap().to_string(), "2019-01-20");
    assert_eq!(fee.payer, Payer::Region);
    assert_eq!(fee.rule, Rule::GrStartup);
    assert_eq!(fee.capacities, Some(2));
    let (from, to) = payout_window(fee.due.unwrap());
    assert_eq!((from.to_string(), to.to_string()), ("2019-02-03".to_string(), "2019-02-17".to_string()));
}

/// W2. Grant year 2022 (regional, 1.12), P a member since 2018 with 3,150 patients:
/// 3,528.00 due 2022-01-01.
#[test]
fn w2_gr_annual_regional_whole_year() {
    let s = scenario(json!({
        "clusters": [{"id": "nordfyn", "name": "Klynge Nordfyn", "cvr": "12345674", "municipality": "480",
                      "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "061654", "capacities": 2}],
        "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": null, "by_transfer": false}],
        "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}],
        "rates": [{"year": 2021, "rate": "1.00"}],
        "policy": {"clawback_on_transfer": false}
    }));
    let report = s.grants(2022, 2022).unwrap();
    let expected = json!({
        "years": {"first": 2022, "last": 2022},
        "lines": [{
            "cluster": "nordfyn", "ydernummer": "061654", "kind": "annual_grant", "grant_year": 2022,
            "rule": "GR-ANNUAL-REGIONAL", "period": {"from": "2022-01-01", "until": "2023-01-01"},
            "patients": 3150, "rate": "1.12", "days": 365, "days_in_year": 365, "capacities": null,
            "amount": "3528.00", "payer": "region", "due": "2022-01-01"
        }],
        "totals": [{"cluster": "nordfyn", "grant_year": 2022, "paid": "3528.00", "repaid": "0.00", "net": "3528.00", "pending": "0.00"}]
    });
    let mut written = serde_json::to_value(&report).unwrap();
    // What computed it: this version, and the fingerprint of the official parameters.
    let object = written.as_object_mut().unwrap();
    assert_eq!(object.remove("klynge_version").unwrap(), env!("CARGO_PKG_VERSION"));
    let fingerprint = object.remove("parameters_fingerprint").unwrap();
    assert_eq!(fingerprint.as_str().unwrap().len(), 64);
    assert_eq!(written, expected, "docs/formats.md's example, line for line");
    // The same parameters make the same fingerprint; other parameters another.
    let again = s.grants(2022, 2022).unwrap();
    assert_eq!(again.provenance(), report.provenance());
    let other =
        s.grants_with(&klynge::Parameters::official().with_rate(2022, "2.00".parse().unwrap()), 2022, 2022).unwrap();
    assert_ne!(other.provenance(), report.provenance());
    // A stored report without them reads back, with none.
    let old = serde_json::from_value::<klynge::GrantReport>(written).unwrap();
    assert_eq!(old.provenance(), None);
    assert_eq!(old, report);
}

fn w3_w4(left: Option<&str>) -> Scenario {
    scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 2}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [
            {"ydernummer": "000001", "cluster": "k", "joined": "2018-09-15", "left": null, "by_transfer": false},
            {"ydernummer": "000002", "cluster": "k", "joined": "2022-03-01", "left": left, "by_transfer": false}
        ],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 3150},
                     {"ydernummer": "000002", "year": 2022, "count": 1800}]
    }))
}

/// W3. Practice Q (1 capacity, 1,800 patients in 2022, never in a cluster before) joins a
/// cluster completed in 2019 on 2022-03-01: startup fee 10,000.00 and the 2022 share
/// 1.12 x 1,800 x 306 / 365 = 1,690.13, both due 2023-01-01.
#[test]
fn w3_gr_startup_and_share_for_a_practice_joining_after_completion() {
    let report = w3_w4(None).grants(2022, 2022).unwrap();
    let lines: Vec<Line> = report.lines().collect();
    let fee = find(&lines, "000002", LineKind::StartupFee, 2022).unwrap();
    assert_eq!(fee.amount.to_string(), "10000.00");
    assert_eq!(fee.due.unwrap().to_string(), "2023-01-01");
    let share = find(&lines, "000002", LineKind::AnnualGrant, 2022).unwrap();
    assert_eq!(share.amount.to_string(), "1690.13");
    assert_eq!((share.days, share.days_in_year), (Some(306), Some(365)));
    assert_eq!(share.due.unwrap().to_string(), "2023-01-01");
    assert_eq!(share.payer, Payer::Region, "2023-01-01 is before PLO took over");
}

/// W4. Q leaves on 2022-12-31, before its anniversary 2023-03-01: its share shrinks to 305
/// days, 1,684.60, still due 2023-01-01; its startup fee, due after it left, is withheld; no
/// clawback.
#[test]
fn w4_gr_clawback_fee_due_after_leaving_is_withheld() {
    let report = w3_w4(Some("2022-12-31")).grants(2022, 2022).unwrap();
    let lines: Vec<Line> = report.lines().collect();
    let share = find(&lines, "000002", LineKind::AnnualGrant, 2022).unwrap();
    assert_eq!(share.amount.to_string(), "1684.60");
    assert_eq!(share.days, Some(305));
    assert_eq!(share.due.unwrap().to_string(), "2023-01-01");
    assert!(find(&lines, "000002", LineKind::StartupFee, 2022).is_none(), "fee withheld");
    assert!(lines.iter().all(|l| l.kind != LineKind::Clawback), "no clawback");
}

/// W4 (continued). Had Q joined 2021-06-01 and left 2022-05-31, its fee (due 2022-01-01) was
/// paid, so it repays 10,000.00, due 2022-05-31.
#[test]
fn w4_gr_clawback_paid_fee_is_repaid_on_the_leaving_day() {
    let s = scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000002", "capacities": 1}],
        "memberships": [{"ydernummer": "000002", "cluster": "k", "joined": "2021-06-01", "left": "2022-05-31", "by_transfer": false}],
        "patients": [{"ydernummer": "000002", "year": 2021, "count": 1800},
                     {"ydernummer": "000002", "year": 2022, "count": 1800}],
        "rates": [{"year": 2021, "rate": "1.00"}]
    }));
    let report = s.grants(2021, 2022).unwrap();
    let lines: Vec<Line> = report.lines().collect();
    let fee = find(&lines, "000002", LineKind::StartupFee, 2021).unwrap();
    assert_eq!(fee.due.unwrap().to_string(), "2022-01-01");
    let clawback = find(&lines, "000002", LineKind::Clawback, 2022).unwrap();
    assert_eq!(clawback.amount.to_string(), "-10000.00");
    assert_eq!(clawback.due.unwrap().to_string(), "2022-05-31");
    assert_eq!(clawback.payer, fee.payer);
    assert_eq!(clawback.rule, Rule::GrClawback);
    let totals: Vec<_> = report.totals().filter(|t| t.grant_year == 2022).collect();
    assert_eq!(totals[0].repaid.to_string(), "10000.00");
    assert_eq!(totals[0].paid.to_string(), "2016.00", "Q was a member on 1 January 2022: 1.12 x 1,800");
    assert_eq!(totals[0].net.to_string(), "-7984.00");
}

/// W5. Grant year 2025 (PLO, 3.65): a practice with 2,000 patients that is a member on
/// 2025-01-31 yields 7,300.00 due 2025-03-01, paid by PLO. One that joined 2025-02-01 yields
/// nothing for 2025.
#[test]
fn w5_gr_annual_plo_members_on_31_january() {
    let s = scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [
            {"ydernummer": "000001", "cluster": "k", "joined": "2025-01-31", "left": null, "by_transfer": false},
            {"ydernummer": "000002", "cluster": "k", "joined": "2025-02-01", "left": null, "by_transfer": false}
        ],
        "patients": [{"ydernummer": "000001", "year": 2025, "count": 2000},
                     {"ydernummer": "000002", "year": 2025, "count": 2000}]
    }));
    let report = s.grants(2025, 2025).unwrap();
    let lines: Vec<Line> = report.lines().collect();
    assert_eq!(lines.len(), 1);
    let line = &lines[0];
    assert_eq!(line.ydernummer.to_string(), "000001");
    assert_eq!(line.amount.to_string(), "7300.00");
    assert_eq!(line.due.unwrap().to_string(), "2025-03-01");
    assert_eq!(line.payer, Payer::Plo);
    assert_eq!(line.rule, Rule::GrAnnualPlo);
}

/// W6. Consultant, 1.5 hours on 2024-11-10: 1.5 x 1,072.02 = 1,608.03.
#[test]
fn w6_gr_consultant_fee() {
    let fee = consultant_fee(&Parameters::official(), "1.5".parse().unwrap(), "2024-11-10".parse().unwrap()).unwrap();
    assert_eq!(fee.to_string(), "1608.03");
}
