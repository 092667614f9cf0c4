//! The grant rules (GR-*, CMP-CUTOFF, CMP-PAYOUT) and the scenario format, rule by rule.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use klynge::grants::{LineKind, Parameters, Payer};
use klynge::{GrantReport, Line, Rule, Scenario};
use serde_json::{Value, json};

fn scenario(value: Value) -> Scenario {
    Scenario::from_value(&value).unwrap()
}

fn lines(report: &GrantReport) -> Vec<Line<'_>> {
    report.lines().collect()
}

/// One cluster "k" founded 2018-09-15, completed as given, with the memberships given; every
/// practice has 1 capacity and 1,000 patients in every year 2018-2026; rates 1.00 for 2018-2021
/// and 4.00 for 2026.
fn one_cluster(completed: Option<&str>, memberships: Value) -> Scenario {
    two_clusters(completed, memberships, false)
}

fn two_clusters(completed: Option<&str>, memberships: Value, clawback_on_transfer: bool) -> Scenario {
    let ms = memberships.as_array().unwrap();
    let mut practices: Vec<String> = ms.iter().map(|m| m["ydernummer"].as_str().unwrap().to_string()).collect();
    practices.sort();
    practices.dedup();
    let patients: Vec<Value> = practices
        .iter()
        .flat_map(|y| (2018..=2026).map(move |year| json!({"ydernummer": y, "year": year, "count": 1000})))
        .collect();
    scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": completed},
                     {"id": "other", "founded": "2018-01-01", "completed": "2018-06-01"}],
        "practices": practices.iter().map(|y| json!({"ydernummer": y, "capacities": 1})).collect::<Vec<_>>(),
        "memberships": memberships,
        "patients": patients,
        "rates": [{"year": 2018, "rate": "1.00"}, {"year": 2019, "rate": "1.00"}, {"year": 2020, "rate": "1.00"},
                  {"year": 2021, "rate": "1.00"}, {"year": 2026, "rate": "4.00"}],
        "policy": {"clawback_on_transfer": clawback_on_transfer}
    }))
}

fn member(yder: &str, cluster: &str, joined: &str, left: Option<&str>, by_transfer: bool) -> Value {
    json!({"ydernummer": yder, "cluster": cluster, "joined": joined, "left": left, "by_transfer": by_transfer})
}

fn kinds(lines: &[Line], yder: &str) -> Vec<(LineKind, i32, String)> {
    lines
        .iter()
        .filter(|l| l.ydernummer.to_string() == yder)
        .map(|l| (l.kind, l.grant_year, l.amount.to_string()))
        .collect()
}

#[test]
fn gr_rate_a_missing_rate_is_an_error_naming_practice_and_year() {
    let s = scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [member("000001", "k", "2018-09-15", None, false)],
        "patients": [{"ydernummer": "000001", "year": 2026, "count": 10}]
    }));
    let errors = s.grants(2026, 2026).unwrap_err();
    assert_eq!(errors.problems().len(), 1);
    let p = &errors.problems()[0];
    assert_eq!(p.rule, Rule::GrRate);
    assert!(p.message_en.contains("2026") && p.message_en.contains("000001"), "{}", p.message_en);
    // The caller supplies one: the computation goes through without touching the built-ins.
    let what_if = Parameters::official().with_rate(2026, "4".parse().unwrap());
    let report = s.grants_with(&what_if, 2026, 2026).unwrap();
    assert_eq!(report.line(0).unwrap().amount.to_string(), "40.00");
    assert!(Parameters::official().rate(2026).is_none());
}

#[test]
fn gr_rate_overrides_win_over_scenario_rates_and_the_table() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", None, false)]));
    let report = s.grants(2021, 2022).unwrap();
    assert_eq!(report.line(0).unwrap().rate.unwrap().to_string(), "1.00", "scenario rate for 2021");
    assert_eq!(report.line(1).unwrap().rate.unwrap().to_string(), "1.12", "built-in for 2022");
    let p = Parameters::official().with_rate(2021, "2".parse().unwrap()).with_rate(2022, "3".parse().unwrap());
    let report = s.grants_with(&p, 2021, 2022).unwrap();
    assert_eq!(report.line(0).unwrap().amount.to_string(), "2000.00");
    assert_eq!(report.line(1).unwrap().amount.to_string(), "3000.00");
}

#[test]
fn mem_patients_a_missing_count_is_an_error_never_zero() {
    let s = scenario(json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 1}],
        "memberships": [member("000001", "k", "2018-09-15", None, false), member("000002", "k", "2018-09-15", None, false)],
        "patients": []
    }));
    let errors = s.grants(2022, 2022).unwrap_err();
    let found: Vec<(Rule, bool)> = errors.problems().iter().map(|p| (p.rule, p.message_en.contains("2022"))).collect();
    assert_eq!(found, vec![(Rule::MemPatients, true), (Rule::MemPatients, true)], "both practices named");
}

#[test]
fn gr_startup_only_for_the_first_membership_of_any_cluster() {
    let s = two_clusters(
        Some("2019-01-20"),
        json!([
            member("000001", "other", "2018-02-01", Some("2019-06-01"), false),
            member("000001", "k", "2019-06-01", None, false),
        ]),
        false,
    );
    let report = s.grants(2018, 2019).unwrap();
    let fees: Vec<_> = lines(&report).into_iter().filter(|l| l.kind == LineKind::StartupFee).collect();
    assert_eq!(fees.len(), 1);
    assert_eq!(fees[0].cluster.as_str(), "other");
    assert_eq!(fees[0].due.unwrap().to_string(), "2018-06-01", "joined before completion: due at completion");
}

#[test]
fn gr_startup_no_fee_for_a_first_membership_from_2023_04_01() {
    let s = one_cluster(
        Some("2019-01-20"),
        json!([member("000001", "k", "2023-03-31", None, false), member("000002", "k", "2023-04-01", None, false)]),
    );
    let report = s.grants(2023, 2023).unwrap();
    let fees: Vec<_> = lines(&report).into_iter().filter(|l| l.kind == LineKind::StartupFee).collect();
    assert_eq!(fees.len(), 1);
    assert_eq!(fees[0].ydernummer.to_string(), "000001");
    assert_eq!(fees[0].due.unwrap().to_string(), "2024-01-01");
    assert_eq!(fees[0].payer, Payer::Plo, "paid after the administrator changed");
}

#[test]
fn gr_annual_regional_leaving_later_in_the_year_does_not_reduce_it() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", Some("2022-02-01"), false)]));
    let report = s.grants(2022, 2022).unwrap();
    let l = report.line(0).unwrap();
    assert_eq!(l.amount.to_string(), "1120.00");
    assert_eq!(l.days, Some(365));
    assert_eq!(l.due.unwrap().to_string(), "2022-01-01");
}

#[test]
fn gr_annual_regional_joining_in_the_year_gets_its_days_share_on_the_next_new_year() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2020-07-01", None, false)]));
    let report = s.grants(2020, 2020).unwrap();
    let share = lines(&report).into_iter().find(|l| l.kind == LineKind::AnnualGrant).unwrap();
    assert_eq!((share.days, share.days_in_year), (Some(184), Some(366)), "2020 is a leap year");
    assert_eq!(share.amount.to_string(), "502.73", "1.00 x 1000 x 184 / 366 = 502.7322 rounds to 502.73");
    assert_eq!(share.due.unwrap().to_string(), "2021-01-01");
}

#[test]
fn gr_annual_regional_a_transfer_counts_in_the_receiving_cluster_from_next_year() {
    let s = two_clusters(
        Some("2019-01-20"),
        json!([
            member("000001", "other", "2018-02-01", Some("2020-06-01"), false),
            member("000001", "k", "2020-06-01", None, true),
        ]),
        false,
    );
    let report = s.grants(2020, 2021).unwrap();
    let ls = lines(&report);
    let annual: Vec<(&str, i32, String)> = ls
        .iter()
        .filter(|l| l.kind == LineKind::AnnualGrant)
        .map(|l| (l.cluster.as_str(), l.grant_year, l.amount.to_string()))
        .collect();
    assert_eq!(
        annual,
        vec![("k", 2021, "1000.00".into()), ("other", 2020, "1000.00".into())],
        "the sending cluster keeps 2020 whole; the receiving cluster counts from 2021"
    );
}

#[test]
fn cmp_cutoff_founding_members_are_paid_from_the_founding_assembly() {
    let s = one_cluster(Some("2019-05-01"), json!([member("000001", "k", "2018-09-15", None, false)]));
    let report = s.grants(2018, 2019).unwrap();
    let share = lines(&report).into_iter().find(|l| l.kind == LineKind::AnnualGrant && l.grant_year == 2018).unwrap();
    assert_eq!(share.period.unwrap().from.to_string(), "2018-09-15");
    assert_eq!(share.days, Some(108));
    assert_eq!(share.due.unwrap().to_string(), "2019-05-01", "retroactive, paid at completion");
    let whole = lines(&report).into_iter().find(|l| l.kind == LineKind::AnnualGrant && l.grant_year == 2019).unwrap();
    assert_eq!(whole.due.unwrap().to_string(), "2019-05-01", "1 January moved to completion (GR-PAYDATE)");
}

#[test]
fn cmp_payout_nothing_is_paid_before_completion() {
    let s = one_cluster(Some("2024-06-01"), json!([member("000001", "k", "2018-09-15", None, false)]));
    let report = s.grants(2018, 2025).unwrap();
    for l in report.lines() {
        assert!(l.due.unwrap() >= "2024-06-01".parse().unwrap(), "{l:?}");
    }
    let plo_2025 = lines(&report).into_iter().find(|l| l.grant_year == 2025).unwrap();
    assert_eq!(plo_2025.due.unwrap().to_string(), "2025-03-01");
}

#[test]
fn gr_paydate_lines_of_an_incomplete_cluster_are_pending() {
    let s = one_cluster(None, json!([member("000001", "k", "2018-09-15", None, false)]));
    let report = s.grants(2018, 2023).unwrap();
    assert!(report.lines().all(|l| l.due.is_none()));
    assert!(report.lines().any(|l| l.kind == LineKind::StartupFee), "the fee is computed, pending");
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["lines"][0]["due"].is_null());
    // FORMAT: net counts the pending lines, and pending is the part of net they make.
    for t in report.totals() {
        assert_eq!(t.pending, t.net, "every line of an incomplete cluster is pending");
        assert_eq!(t.net, t.paid.checked_sub(t.repaid).unwrap());
    }
    assert_eq!(json["totals"][0]["pending"], json["totals"][0]["net"]);
    // A report stored before totals had `pending` reads back.
    let mut old = json.clone();
    for t in old["totals"].as_array_mut().unwrap() {
        t.as_object_mut().unwrap().remove("pending");
    }
    assert_eq!(serde_json::from_value::<GrantReport>(old).unwrap(), report);
    let complete = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", None, false)]));
    assert!(complete.grants(2018, 2023).unwrap().totals().all(|t| t.pending == klynge::Dkk::ZERO));
}

#[test]
fn gr_annual_plo_joining_after_the_deadline_counts_from_next_year_and_leaving_after_it_does_not_reduce() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2024-02-01", Some("2025-02-01"), false)]));
    let report = s.grants(2024, 2025).unwrap();
    let annual: Vec<(i32, String, String)> = lines(&report)
        .into_iter()
        .filter(|l| l.kind == LineKind::AnnualGrant)
        .map(|l| (l.grant_year, l.amount.to_string(), l.due.unwrap().to_string()))
        .collect();
    assert_eq!(annual, vec![(2025, "3650.00".into(), "2025-03-01".into())]);
}

#[test]
fn gr_clawback_leaving_on_the_anniversary_costs_nothing() {
    let s = one_cluster(
        Some("2019-01-20"),
        json!([
            member("000001", "k", "2020-06-01", Some("2021-06-01"), false),
            member("000002", "k", "2020-06-01", Some("2021-05-31"), false),
        ]),
    );
    let report = s.grants(2020, 2021).unwrap();
    let ls = lines(&report);
    assert!(kinds(&ls, "000001").iter().all(|(k, ..)| *k != LineKind::Clawback));
    assert!(kinds(&ls, "000002").contains(&(LineKind::Clawback, 2021, "-10000.00".into())));
}

#[test]
fn gr_clawback_anniversary_of_29_february_is_28_february() {
    let s = one_cluster(
        Some("2019-01-20"),
        json!([
            member("000001", "k", "2020-02-29", Some("2021-02-28"), false),
            member("000002", "k", "2020-02-29", Some("2021-02-27"), false),
        ]),
    );
    let report = s.grants(2020, 2021).unwrap();
    let ls = lines(&report);
    assert!(kinds(&ls, "000001").iter().all(|(k, ..)| *k != LineKind::Clawback), "left on the anniversary");
    assert!(kinds(&ls, "000002").iter().any(|(k, ..)| *k == LineKind::Clawback));
}

#[test]
fn gr_clawback_a_pending_fee_is_withheld_not_repaid() {
    let s = one_cluster(None, json!([member("000001", "k", "2018-09-15", Some("2019-03-01"), false)]));
    let report = s.grants(2018, 2019).unwrap();
    assert!(report.lines().all(|l| l.kind == LineKind::AnnualGrant));
}

#[test]
fn gr_transfer_is_not_a_leave_by_default() {
    let memberships = json!([
        member("000001", "other", "2018-02-01", Some("2018-12-01"), false),
        member("000001", "k", "2018-12-01", None, true),
    ]);
    let off = two_clusters(Some("2019-01-20"), memberships.clone(), false);
    let report = off.grants(2018, 2019).unwrap();
    let ls = lines(&report);
    assert!(ls.iter().all(|l| l.kind != LineKind::Clawback));
    let fees: Vec<&str> = ls.iter().filter(|l| l.kind == LineKind::StartupFee).map(|l| l.cluster.as_str()).collect();
    assert_eq!(fees, vec!["other"], "the fee is earned once, by the first cluster");

    let on = two_clusters(Some("2019-01-20"), memberships, true);
    let report = on.grants(2018, 2019).unwrap();
    let claw: Vec<_> = lines(&report).into_iter().filter(|l| l.kind == LineKind::Clawback).collect();
    assert_eq!(claw.len(), 1);
    assert_eq!(claw[0].cluster.as_str(), "other");
    assert_eq!(claw[0].due.unwrap().to_string(), "2018-12-01");
}

#[test]
fn gr_explain_every_line_names_its_inputs_and_rule() {
    let s = one_cluster(
        Some("2019-01-20"),
        json!([
            member("000001", "k", "2018-09-15", None, false),
            member("000002", "k", "2021-06-01", Some("2022-05-31"), false)
        ]),
    );
    let report = s.grants(2018, 2022).unwrap();
    for (i, line) in report.lines().enumerate() {
        let text = report.explain(i).unwrap();
        assert!(text.contains(line.rule.id()), "{text}");
        assert!(text.contains(&line.amount.abs().to_string()), "{text}");
        assert!(text.contains(&line.ydernummer.to_string()), "{text}");
        // Who pays whom: a clawback is a repayment by the cluster, never a payout to it.
        match line.kind {
            LineKind::Clawback => {
                assert!(text.contains("a repayment by the cluster to the region"), "{text}");
                assert!(!text.contains("payout") && line.explain_da().contains("tilbagebetaling fra klyngen"));
            }
            _ => assert!(text.contains("a payout from the region to the cluster"), "{text}"),
        }
        // The fee per capacity is stated, and one capacity is one.
        if line.kind != LineKind::AnnualGrant {
            assert!(text.contains("× 10000.00 kr per capacity"), "{text}");
            assert!(!text.contains("1 doctor capacities"), "{text}");
        }
        assert!(line.explain_da().contains(line.rule.id()));
        if let Some(n) = line.patients {
            assert!(text.contains(&n.to_string()) && text.contains(&line.rate.unwrap().to_string()), "{text}");
        }
    }
    assert!(report.explain(report.len()).is_none());
}

#[test]
fn format_lines_are_sorted_and_totals_reconcile() {
    let s = two_clusters(
        Some("2019-01-20"),
        json!([
            member("000002", "k", "2018-09-15", Some("2019-03-01"), false),
            member("000002", "k", "2019-06-01", None, false),
            member("000001", "other", "2018-02-01", None, false),
        ]),
        false,
    );
    let report = s.grants(2018, 2020).unwrap();
    let keys: Vec<_> = report.lines().map(|l| (l.cluster.clone(), l.grant_year, l.ydernummer, l.kind)).collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    // Two memberships of 000002 in 2019: two annual lines.
    let twice = report
        .lines()
        .filter(|l| l.ydernummer.to_string() == "000002" && l.grant_year == 2019 && l.kind == LineKind::AnnualGrant);
    assert_eq!(twice.count(), 2);
    for t in report.totals() {
        let of: Vec<_> = report.lines().filter(|l| l.cluster == t.cluster && l.grant_year == t.grant_year).collect();
        let sum = klynge::Dkk::sum(of.iter().map(|l| l.amount)).unwrap();
        assert_eq!(t.net, sum);
        assert_eq!(t.paid.checked_sub(t.repaid).unwrap(), t.net);
    }
}

#[test]
fn a_report_read_back_equals_the_computed_one_though_its_table_of_practices_is_shorter() {
    // 000002 joins in 2020: the 2018-2019 report has no line of it, but its table (the
    // scenario's) names it; the report read back from JSON only knows the practices with lines.
    let s = one_cluster(
        Some("2019-01-20"),
        json!([member("000001", "k", "2018-09-15", None, false), member("000002", "k", "2020-03-01", None, false)]),
    );
    let report = s.grants(2018, 2019).unwrap();
    let back = GrantReport::from_json(&report.to_json()).unwrap();
    assert_eq!(report.practices().len(), 2);
    assert_eq!(back.practices().len(), 1);
    assert_eq!(back, report);
    for (i, line) in report.compact_lines().enumerate() {
        assert_eq!(report.practices()[line.practice_index()], report.line(i).unwrap().ydernummer);
    }
    // A report whose lines name another practice is another report.
    let other = GrantReport::from_json(&report.to_json().replace("000001", "000003")).unwrap();
    assert_ne!(other, report);
    assert_ne!(other, back);
}

#[test]
fn format_report_json_round_trips_and_is_checked_on_the_way_in() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", Some("2019-03-01"), false)]));
    let report = s.grants(2018, 2019).unwrap();
    let text = report.to_json();
    let back = GrantReport::from_json(&text).unwrap();
    assert_eq!(back, report);
    assert_eq!(back.to_json(), text);
    let tampered = text.replacen("\"net\": \"", "\"net\": \"1", 1);
    assert!(GrantReport::from_json(&tampered).is_err());
    let extra = text.replacen("\"years\"", "\"surprise\": 1, \"years\"", 1);
    assert!(GrantReport::from_json(&extra).is_err());
}

#[test]
fn format_scenario_lists_every_problem_with_path_and_rule() {
    let text = json!({
        "clusters": [{"id": "Bad Id", "founded": "2018-13-01", "completed": null, "colour": "red"},
                     {"id": "ok", "cvr": "12345678", "municipality": "Odense", "founded": "2018-01-01", "completed": "2017-01-01"}],
        "practices": [{"ydernummer": "0", "capacities": 0}, {"ydernummer": "000002", "capacities": 1.5}],
        "memberships": [{"ydernummer": "000002", "cluster": "ok", "joined": "2018-02-01", "left": "2018-01-01", "by_transfer": "no"}],
        "patients": [{"ydernummer": "000002", "year": 2022, "count": -1}],
        "rates": [{"year": 2022, "rate": 1.12}],
        "policy": {"clawback_on_transfer": false, "extra": true},
        "unknown": []
    })
    .to_string();
    let errors = Scenario::from_json(&text).unwrap_err();
    let found: Vec<(String, Rule)> = errors.problems().iter().map(|p| (p.path.clone(), p.rule)).collect();
    let expected: Vec<(String, Rule)> = [
        ("unknown", Rule::Format),
        ("clusters[0].colour", Rule::Format),
        ("clusters[0].id", Rule::Format),
        ("clusters[0].founded", Rule::Format),
        ("clusters[1].cvr", Rule::IdCvr),
        ("clusters[1].municipality", Rule::IdKommune),
        ("practices[0].ydernummer", Rule::IdYder),
        ("practices[0].capacities", Rule::MemCapacity),
        ("practices[1].capacities", Rule::MemCapacity),
        ("memberships[0].by_transfer", Rule::Format),
        ("memberships[0].left", Rule::MemPeriod),
        ("patients[0].count", Rule::MemPatients),
        ("rates[0].rate", Rule::Format),
        ("policy.extra", Rule::Format),
    ]
    .into_iter()
    .map(|(p, r)| (p.to_string(), r))
    .collect();
    assert_eq!(found, expected);
    assert!(errors.problems().iter().all(|p| !p.message_da.is_empty()));
}

#[test]
fn mem_one_and_mem_transfer_are_checked_across_the_scenario() {
    let text = json!({
        "clusters": [{"id": "a", "founded": "2018-01-01", "completed": null}, {"id": "b", "founded": "2018-01-01", "completed": null}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [member("000001", "a", "2018-01-01", Some("2019-01-01"), false),
                        member("000001", "b", "2018-06-01", None, false),
                        member("000001", "b", "2020-01-01", None, true),
                        member("000009", "c", "2017-01-01", None, false)],
        "patients": [{"ydernummer": "000001", "year": 2018, "count": 1}, {"ydernummer": "000001", "year": 2018, "count": 2}],
        "rates": [{"year": 2030, "rate": "1"}, {"year": 2030, "rate": "2"}]
    })
    .to_string();
    let errors = Scenario::from_json(&text).unwrap_err();
    let rules: Vec<Rule> = errors.problems().iter().map(|p| p.rule).collect();
    for rule in [Rule::MemOne, Rule::MemTransfer, Rule::Format, Rule::MemPatients, Rule::GrRate] {
        assert!(rules.contains(&rule), "{rule} missing in {errors}");
    }
    assert!(errors.problems().iter().any(|p| p.path == "memberships[3].cluster"));
    assert!(errors.problems().iter().any(|p| p.path == "memberships[3].ydernummer"));
}

#[test]
fn mem_patients_counts_in_any_order_give_the_same_problems_and_grants() {
    // Counts in order of practice and year are walked as given, others sorted first: a count
    // given twice and a count of an unlisted practice are found either way, at the same items.
    let text = |patients: Value| {
        json!({
            "clusters": [{"id": "k", "founded": "2018-01-01", "completed": "2018-06-01"}],
            "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 2}],
            "memberships": [member("000001", "k", "2018-01-01", None, false), member("000002", "k", "2018-01-01", None, false)],
            "patients": patients,
            "rates": [{"year": 2022, "rate": "1.00"}]
        })
        .to_string()
    };
    let count = |y: &str, year: i32, count: i64| json!({"ydernummer": y, "year": year, "count": count});
    let problems = |patients: Value| -> Vec<(String, Rule, String)> {
        let errors = Scenario::from_json(&text(patients)).unwrap_err();
        errors.problems().iter().map(|p| (p.path.clone(), p.rule, p.message_en.clone())).collect()
    };
    let expected = vec![
        ("patients[2]".to_owned(), Rule::MemPatients, "practice 000001 has two counts for 2022".to_owned()),
        (
            "patients[3].ydernummer".to_owned(),
            Rule::Format,
            "the practice 000003 is not in practices[]; add it there with its capacities".to_owned(),
        ),
    ];
    let in_order = json!([
        count("000001", 2021, 10),
        count("000001", 2022, 10),
        count("000001", 2022, 11),
        count("000003", 2022, 5)
    ]);
    assert_eq!(problems(in_order), expected);
    let out_of_order = json!([
        count("000003", 2022, 5),
        count("000001", 2022, 10),
        count("000001", 2021, 10),
        count("000001", 2022, 11)
    ]);
    let moved = |path: &str| match path {
        "patients[2]" => "patients[3]",
        _ => "patients[0].ydernummer",
    };
    let expected_moved: Vec<_> = expected.iter().map(|(p, r, m)| (moved(p).to_owned(), *r, m.clone())).rev().collect();
    assert_eq!(problems(out_of_order), expected_moved);

    // Without the faults, the same grants from either order.
    let valid = [count("000001", 2022, 1000), count("000002", 2021, 500), count("000002", 2022, 2000)];
    let reversed: Vec<Value> = valid.iter().rev().cloned().collect();
    let report = |patients: Value| Scenario::from_json(&text(patients)).unwrap().grants(2022, 2022).unwrap().to_json();
    assert_eq!(report(json!(valid)), report(json!(reversed)));
}

#[test]
fn format_scenario_json_round_trips() {
    let s = two_clusters(
        Some("2019-01-20"),
        json!([
            member("000001", "other", "2018-02-01", Some("2018-12-01"), false),
            member("000001", "k", "2018-12-01", None, true)
        ]),
        true,
    );
    let text = s.to_json();
    let back = Scenario::from_json(&text).unwrap();
    assert_eq!(back, s);
    assert_eq!(back.to_json(), text);
    assert!(Scenario::from_json("{not json").unwrap_err().problems()[0].rule == Rule::Format);
    assert!(Scenario::from_json("[]").is_err());
}

#[test]
fn format_years_must_be_ordered() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", None, false)]));
    assert_eq!(s.grants(2022, 2021).unwrap_err().problems()[0].rule, Rule::Format);
    assert!(s.grants(1000, 2021).is_err());
}

#[test]
fn a_registry_becomes_a_scenario() {
    use klynge::*;
    let pdf = |kind| Document::from_pdf(kind, "d.pdf", b"%PDF-1").unwrap();
    let form = RegistrationForm {
        cvr: "12345674".into(),
        name: "Klynge".into(),
        coordinator_name: "Anne".into(),
        coordinator_email: "a@b.dk".into(),
        coordinator_phone: "42144638".into(),
        coordinator_ydernummer: "1".into(),
        coordinator_capacities: Some(2),
        municipality: "461".into(),
        founded: Some("2018-09-15".parse().unwrap()),
        documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
    };
    let anne = Actor::health_professional("Anne", "1".parse().unwrap());
    let mut registry = Registry::new();
    let day = |s: &str| s.parse().unwrap();
    registry
        .apply(&anne, day("2018-10-01"), Command::CreateCluster { registration: form.validate().unwrap() })
        .unwrap();
    let id: ClusterId = "12345674".parse().unwrap();
    registry.apply(&anne, day("2019-01-20"), Command::Complete { cluster: id }).unwrap();
    let count = PatientCount::new(3150).unwrap();
    let edit = Command::EditPractice {
        ydernummer: "1".parse().unwrap(),
        change: PracticeChange::Patients { year: 2022, count },
    };
    registry.apply(&anne, day("2022-01-10"), edit).unwrap();
    let s = Scenario::from_registry(&registry).unwrap();
    let report = s.grants(2022, 2022).unwrap();
    assert_eq!(report.line(0).unwrap().amount.to_string(), "3528.00");
    assert_eq!(report.line(0).unwrap().cluster.as_str(), "12345674");
}

#[test]
fn format_the_widest_span_of_years_computes_without_asking_for_huge_memory() {
    let s = one_cluster(Some("2019-01-20"), json!([member("000001", "k", "2018-09-15", Some("2019-01-01"), false)]));
    let report = s.grants(klynge::dates::FIRST_YEAR, klynge::dates::LAST_YEAR).unwrap();
    assert!(report.lines().all(|l| (2018..=2019).contains(&l.grant_year)));
}

/// One cluster founded in 1900 with `n` practices, each a member from then on, and no counts.
fn a_century_of_members(n: usize) -> Scenario {
    let yders: Vec<String> = (1..=n).map(|i| format!("{i:06}")).collect();
    scenario(json!({
        "clusters": [{"id": "k", "founded": "1900-01-01", "completed": "1900-06-01"}],
        "practices": yders.iter().map(|y| json!({"ydernummer": y, "capacities": 1})).collect::<Vec<_>>(),
        "memberships": yders.iter().map(|y| member(y, "k", "1900-01-01", None, false)).collect::<Vec<_>>(),
        "patients": []
    }))
}

#[test]
fn format_a_computation_beyond_its_size_is_refused_before_it_starts() {
    use klynge::grants::MAX_MEMBERSHIP_YEARS;
    // 20,000 memberships over 1,100 years: 22 million membership-years.
    let s = a_century_of_members(20_000);
    let errors = s.grants(1900, 2999).unwrap_err();
    assert_eq!(errors.problems().len(), 1);
    let p = &errors.problems()[0];
    assert_eq!((p.rule, p.path.as_str()), (Rule::Format, "years"));
    assert!(
        p.message_en.contains("22000000") && p.message_en.contains(&MAX_MEMBERSHIP_YEARS.to_string()),
        "{}",
        p.message_en
    );
    assert!(p.message_da.contains("22000000"), "{}", p.message_da);
    // The calendar and the sweep compute the same lines, and are refused the same way.
    let calendar = s.calendar("1900-06-01".parse().unwrap(), Some("2999-12-31".parse().unwrap())).unwrap_err();
    assert_eq!(calendar.problems()[0].path, "years");
    let sweep = s.sweep(1900, 2999, &[klynge::grants::Variant::default()]).unwrap_err();
    assert_eq!(sweep.problems()[0].path, "years");
    // Fewer years of the same memberships are within the size, and fail only for what they lack.
    let fewer = s.grants(2000, 2001).unwrap_err();
    assert!(fewer.problems().iter().all(|p| p.rule != Rule::Format), "{:?}", fewer.problems().first());
}
