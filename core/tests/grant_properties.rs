//! Property tests for the grant invariants: totals are the sums of their lines and
//! net = paid - repaid (ID-MONEY); nothing is due before completion (GR-PAYDATE); no clawback
//! without a paid fee of that membership, and none on or after the anniversary (GR-CLAWBACK);
//! the result does not depend on the order of the input lists; the report's JSON round trip is
//! the identity, under any parameters; a count or rate that is not given is never invented
//! (docs/rules.md section 8). 1,000 random scenarios each.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use chrono::{Days, NaiveDate};
use klynge::dates::anniversary;
use klynge::grants::LineKind;
use klynge::*;
use proptest::prelude::*;

fn date(offset: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap().checked_add_days(Days::new(u64::from(offset))).unwrap()
}

/// One practice's memberships: (cluster, gap before joining, length or open, transfer?).
type Chain = Vec<(usize, u32, Option<u32>, bool)>;

#[derive(Debug, Clone)]
struct Spec {
    clusters: Vec<(u32, Option<u32>)>,
    practices: Vec<(u16, Chain)>,
    transfer_policy: bool,
}

fn spec() -> impl Strategy<Value = Spec> {
    let cluster = (0u32..700, proptest::option::weighted(0.8, 0u32..900));
    let link = (0usize..5, 0u32..400, proptest::option::weighted(0.8, 1u32..900), any::<bool>());
    let practice = (1u16..5, proptest::collection::vec(link, 0..4));
    (proptest::collection::vec(cluster, 1..5), proptest::collection::vec(practice, 1..15), any::<bool>())
        .prop_map(|(clusters, practices, transfer_policy)| Spec { clusters, practices, transfer_policy })
}

fn build(spec: &Spec) -> ScenarioParts {
    let clusters: Vec<ScenarioCluster> = spec
        .clusters
        .iter()
        .enumerate()
        .map(|(i, (founded, completed))| ScenarioCluster {
            id: format!("c{i}").parse().unwrap(),
            name: None,
            cvr: None,
            municipality: None,
            founded: date(*founded),
            completed: completed.map(|c| date(founded + c)),
        })
        .collect();
    let mut parts = ScenarioParts { clusters, ..ScenarioParts::default() };
    for (p, (capacities, chain)) in spec.practices.iter().enumerate() {
        let ydernummer = Ydernummer::from_value(u32::try_from(p).unwrap() + 1).unwrap();
        parts
            .practices
            .push(ScenarioPractice { ydernummer, capacities: Capacities::new(i64::from(*capacities)).unwrap() });
        let mut start = date(0);
        let mut previous: Option<(usize, NaiveDate)> = None;
        for (cluster, gap, length, transfer) in chain {
            let cluster = cluster % parts.clusters.len();
            let founded = parts.clusters[cluster].founded;
            let joined = start.checked_add_days(Days::new(u64::from(*gap))).unwrap().max(founded);
            let by_transfer = *transfer && matches!(previous, Some((c, left)) if c != cluster && left == joined);
            let left = length.map(|n| joined.checked_add_days(Days::new(u64::from(n))).unwrap());
            parts.memberships.push(ScenarioMembership {
                ydernummer,
                cluster: parts.clusters[cluster].id.clone(),
                period: MembershipPeriod::new(joined, left).unwrap(),
                by_transfer,
            });
            match left {
                Some(left) => {
                    start = left;
                    previous = Some((cluster, left));
                }
                None => break,
            }
        }
        for year in 2018..=2026 {
            let count = PatientCount::new(i64::from(*capacities) * 1500 + i64::from(year % 7) * 13).unwrap();
            parts.patients.push(ScenarioPatients { ydernummer, year, count });
        }
    }
    for year in [2018, 2019, 2020, 2021, 2026] {
        parts.rates.push(ScenarioRate { year, rate: "1.25".parse().unwrap() });
    }
    parts.policy = Policy { clawback_on_transfer: spec.transfer_policy };
    parts
}

fn scenario() -> impl Strategy<Value = Scenario> {
    spec().prop_map(|s| Scenario::new(build(&s)).unwrap())
}

fn completed(s: &Scenario, cluster: &ClusterId) -> Option<NaiveDate> {
    s.clusters().iter().find(|c| &c.id == cluster).and_then(|c| c.completed)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn id_money_totals_are_the_sums_of_their_lines(s in scenario()) {
        let report = s.grants(2018, 2026).unwrap();
        let mut rows = 0;
        for t in report.totals() {
            let of: Vec<Dkk> = report.lines().filter(|l| l.cluster == t.cluster && l.grant_year == t.grant_year).map(|l| l.amount).collect();
            prop_assert!(!of.is_empty());
            let paid = Dkk::sum(of.iter().copied().filter(|a| !a.is_negative())).unwrap();
            let repaid = Dkk::sum(of.iter().copied().filter(|a| a.is_negative()).map(|a| a.abs())).unwrap();
            prop_assert_eq!(t.paid, paid);
            prop_assert_eq!(t.repaid, repaid);
            prop_assert_eq!(t.net, paid.checked_sub(repaid).unwrap());
            rows += of.len();
        }
        prop_assert_eq!(rows, report.len(), "every line is in exactly one totals row");
    }

    #[test]
    fn gr_paydate_nothing_is_due_before_completion(s in scenario()) {
        let report = s.grants(2018, 2026).unwrap();
        for l in report.lines() {
            match completed(&s, l.cluster) {
                None => prop_assert!(l.due.is_none(), "{:?}", l),
                Some(done) => prop_assert!(l.due.unwrap() >= done, "{:?}", l),
            }
        }
    }

    #[test]
    fn gr_clawback_only_for_a_paid_fee_and_before_the_anniversary(s in scenario()) {
        let report = s.grants(2018, 2026).unwrap();
        let lines: Vec<Line> = report.lines().collect();
        for claw in lines.iter().filter(|l| l.kind == LineKind::Clawback) {
            let left = claw.due.unwrap();
            let m = s.memberships().iter().find(|m| m.ydernummer == claw.ydernummer && &m.cluster == claw.cluster && m.period.left() == Some(left)).unwrap();
            prop_assert!(left < anniversary(m.period.joined()), "clawback on or after the anniversary: {:?}", claw);
            let fee = lines.iter().find(|l| l.kind == LineKind::StartupFee && l.ydernummer == claw.ydernummer && l.cluster == claw.cluster);
            let fee = fee.expect("a clawback needs a fee line");
            prop_assert!(fee.due.unwrap() <= left, "the fee was paid by the leaving day");
            prop_assert_eq!(fee.amount, -claw.amount);
            prop_assert_eq!(fee.payer, claw.payer);
        }
    }

    #[test]
    fn gr_report_does_not_depend_on_the_order_of_the_input(spec in spec(), seed in any::<u64>()) {
        let parts = build(&spec);
        let mut shuffled = parts.clone();
        let mut state = seed | 1;
        let mut next = move |n: usize| { state ^= state << 13; state ^= state >> 7; state ^= state << 17; (state % n.max(1) as u64) as usize };
        fn shuffle<T>(items: &mut [T], next: &mut impl FnMut(usize) -> usize) {
            for i in (1..items.len()).rev() { items.swap(i, next(i + 1)); }
        }
        shuffle(&mut shuffled.clusters, &mut next);
        shuffle(&mut shuffled.practices, &mut next);
        shuffle(&mut shuffled.memberships, &mut next);
        shuffle(&mut shuffled.patients, &mut next);
        shuffle(&mut shuffled.rates, &mut next);
        let a = Scenario::new(parts).unwrap().grants(2018, 2026).unwrap();
        let b = Scenario::new(shuffled).unwrap().grants(2018, 2026).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn format_report_json_round_trip_is_the_identity(s in scenario(), first in 2018i32..2027, span in 0i32..9) {
        let last = (first + span).min(2026);
        let report = s.grants(first, last).unwrap();
        prop_assert!(report.lines().all(|l| (first..=last).contains(&l.grant_year)));
        let text = report.to_json();
        let back = GrantReport::from_json(&text).unwrap();
        prop_assert_eq!(&back, &report);
        prop_assert_eq!(back.to_json(), text);
        let scenario_text = s.to_json();
        prop_assert_eq!(Scenario::from_json(&scenario_text).unwrap(), s);
    }

    #[test]
    fn format_report_json_round_trip_holds_under_any_parameters(
        s in scenario(),
        fee_ore in prop_oneof![Just(0i64), 0i64..=5_000_000],
        rates in proptest::collection::btree_map(2018i32..2027, 0i64..=10_000_000_000, 0..9),
        clawback_on_transfer in proptest::option::of(any::<bool>()),
    ) {
        let mut parameters = Parameters::official().with_startup_fee_per_capacity(Dkk::from_ore(fee_ore));
        for (year, micro) in rates {
            parameters = parameters.with_rate(year, rust_decimal::Decimal::new(micro, 6).to_string().parse().unwrap());
        }
        if let Some(policy) = clawback_on_transfer {
            parameters = parameters.with_clawback_on_transfer(policy);
        }
        // A year without a rate is an error (GR-RATE) and not a report; any report written reads back.
        if let Ok(report) = s.grants_with(&parameters, 2018, 2026) {
            if fee_ore == 0 {
                prop_assert!(report.lines().all(|l| !matches!(l.kind, LineKind::StartupFee | LineKind::Clawback)));
            }
            let text = report.to_json();
            let back = GrantReport::from_json(&text).unwrap();
            prop_assert_eq!(&back, &report);
            prop_assert_eq!(back.to_json(), text);
        }
    }

    #[test]
    fn mem_patients_and_gr_rate_a_count_or_rate_not_given_is_never_invented(spec in spec(), pick in any::<usize>(), drop_rate in any::<bool>()) {
        let mut parts = build(&spec);
        let whole = Scenario::new(parts.clone()).unwrap().grants(2018, 2026).unwrap();
        if drop_rate {
            let gone = parts.rates.remove(pick % parts.rates.len());
            let used = whole.lines().any(|l| l.grant_year == gone.year && l.rate.is_some());
            match Scenario::new(parts).unwrap().grants(2018, 2026) {
                Ok(report) => prop_assert!(!used && report == whole, "the rate of {} was used, yet a report came", gone.year),
                Err(errors) => {
                    prop_assert!(used);
                    prop_assert!(errors.all().iter().any(|p| p.rule == Rule::GrRate && p.message_en.contains(&gone.year.to_string())));
                }
            }
        } else {
            let gone = parts.patients.remove(pick % parts.patients.len());
            let used = whole.lines().any(|l| l.ydernummer == gone.ydernummer && l.grant_year == gone.year && l.patients.is_some());
            match Scenario::new(parts).unwrap().grants(2018, 2026) {
                Ok(report) => prop_assert!(!used && report == whole, "the count of {} in {} was used", gone.ydernummer, gone.year),
                Err(errors) => {
                    prop_assert!(used);
                    let named = |p: &Problem| p.rule == Rule::MemPatients
                        && p.message_en.contains(&gone.ydernummer.to_string())
                        && p.message_en.contains(&gone.year.to_string());
                    prop_assert!(errors.all().iter().any(named), "{:?}", errors.all().first());
                }
            }
        }
    }

    #[test]
    fn format_scenario_reader_never_panics(text in "\\PC{0,200}") {
        let _ = Scenario::from_json(&text);
        let _ = GrantReport::from_json(&text);
    }
}

/// The generator makes scenarios with every kind of line, so the properties are not vacuous.
#[test]
fn generated_scenarios_cover_every_kind_of_line() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = 0;
    for _ in 0..200 {
        let s = scenario().new_tree(&mut runner).unwrap().current();
        let report = s.grants(2018, 2026).unwrap();
        for l in report.lines() {
            seen.insert((l.kind, l.rule));
            pending += usize::from(l.due.is_none());
        }
    }
    assert_eq!(seen.len(), 4, "{seen:?}");
    assert!(pending > 0);
}
