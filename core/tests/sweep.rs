//! Sweeps (SW-VARIANTS, SW-EXACT): each variant's totals equal a full computation's, to the
//! øre, on generated scenarios and variants; variants without a rate are refused, all at once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use klynge::grants::{Parameters, Variant, sweep};
use klynge::{Dkk, Rate, Rule, Scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// A generated scenario: clusters founded 2018-2020, practices joining, leaving (some within a
/// year) and transferring between clusters, counts for every year, no rate for 2026.
fn scenario() -> impl Strategy<Value = Scenario> {
    let cluster = (0u32..700, proptest::option::weighted(0.8, 0u32..1500));
    let practice = (0usize..4, 0u32..2000, proptest::option::weighted(0.6, 30u32..900), 0usize..4, 1u32..5);
    (proptest::collection::vec(cluster, 1..4), proptest::collection::vec(practice, 1..14)).prop_map(
        |(clusters, practices)| {
            let base = day("2018-01-01");
            let at = |n: u32| base.checked_add_days(Days::new(u64::from(n))).unwrap();
            let clusters_json: Vec<Value> = clusters
                .iter()
                .enumerate()
                .map(|(i, (founded, completed))| {
                    json!({"id": format!("c{i}"), "founded": at(*founded).to_string(),
                       "completed": completed.map(|c| at(founded + c).to_string())})
                })
                .collect();
            let mut practices_json = Vec::new();
            let mut memberships = Vec::new();
            let mut patients = Vec::new();
            for (p, (cluster, offset, length, moved_to, capacities)) in practices.iter().enumerate() {
                let home = cluster % clusters.len();
                let joined = at(clusters[home].0 + offset);
                let y = format!("{:06}", p + 1);
                practices_json.push(json!({"ydernummer": y, "capacities": capacities}));
                let left = length.map(|l| joined.checked_add_days(Days::new(u64::from(l))).unwrap());
                memberships.push(json!({"ydernummer": y, "cluster": format!("c{home}"), "joined": joined.to_string(),
                                    "left": left.map(|d| d.to_string()), "by_transfer": false}));
                // Some of those who leave move on to another cluster founded by then.
                let target = moved_to % clusters.len();
                if let Some(left) = left
                    && target != home
                    && at(clusters[target].0) <= left
                {
                    memberships
                        .push(json!({"ydernummer": y, "cluster": format!("c{target}"), "joined": left.to_string(),
                                        "left": null, "by_transfer": true}));
                }
                for year in 2018..=2026 {
                    patients.push(
                        json!({"ydernummer": y, "year": year, "count": 700 + p * 131 + (year as usize % 5) * 17}),
                    );
                }
            }
            Scenario::from_value(&json!({
            "clusters": clusters_json, "practices": practices_json, "memberships": memberships, "patients": patients,
            "rates": [{"year": 2018, "rate": "1.00"}, {"year": 2019, "rate": "1.00"}, {"year": 2020, "rate": "1.05"},
                      {"year": 2021, "rate": "1.08"}],
        }))
        .unwrap()
        },
    )
}

/// A variant: a 2026 rate always (the base has none), sometimes other years' rates with up to
/// six decimals, a fee per capacity (zero now and then), a policy.
fn variant() -> impl Strategy<Value = Variant> {
    let rate = (0u64..10_000_000).prop_map(|micro| Rate::new(rust_decimal::Decimal::new(micro as i64, 6)).unwrap());
    (
        rate.clone(),
        proptest::collection::btree_map(2018i32..2026, rate, 0..3),
        proptest::option::of(prop_oneof![Just(0i64), 0i64..5_000_000]),
        proptest::option::of(any::<bool>()),
    )
        .prop_map(|(rate_2026, mut rates, fee, policy)| {
            rates.insert(2026, rate_2026);
            Variant { rates, startup_fee_per_capacity: fee.map(Dkk::from_ore), clawback_on_transfer: policy }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// SW-EXACT: every variant's totals per cluster and grant year are a full computation's,
    /// to the øre, and a variant has a row exactly where the full computation has totals.
    #[test]
    fn sw_exact_each_variant_equals_a_full_computation(
        s in scenario(),
        variants in proptest::collection::vec(variant(), 1..6),
        first in 2018i32..2024,
    ) {
        let base = Parameters::official();
        // SW-VARIANTS: a variant states rates for the years swept only.
        let variants: Vec<Variant> = variants
            .into_iter()
            .map(|mut v| {
                v.rates.retain(|year, _| *year >= first);
                v
            })
            .collect();
        let result = sweep(&s, &base, first, 2026, &variants).unwrap();
        for (index, v) in variants.iter().enumerate() {
            let report = s.grants_with(&v.parameters(&base), first, 2026).unwrap();
            let full: BTreeMap<(String, i32), (Dkk, Dkk)> =
                report.totals().map(|t| ((t.cluster.to_string(), t.grant_year), (t.paid, t.repaid))).collect();
            let swept: BTreeMap<(String, i32), (Dkk, Dkk)> = result
                .variant_rows(index)
                .map(|r| ((result.clusters()[r.cluster as usize].to_string(), r.grant_year), (r.paid(), r.repaid())))
                .collect();
            prop_assert_eq!(swept, full, "variant {}", index);
        }
    }
}

#[test]
fn sw_variants_without_a_rate_are_refused_with_index_and_year_all_at_once() {
    // One founding member with counts through 2026; the rule book has no rate for 2026.
    let s = Scenario::from_value(&json!({
        "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2018-09-15", "left": null, "by_transfer": false}],
        "patients": (2018..=2026).map(|year| json!({"ydernummer": "000001", "year": year, "count": 1000})).collect::<Vec<_>>(),
    }))
    .unwrap();
    let variants = vec![
        Variant::default().with_rate(2026, "4".parse().unwrap()),
        Variant::default(),
        Variant::default().with_startup_fee_per_capacity(Dkk::from_kroner(-5)),
    ];
    let errors = sweep(&s, &Parameters::official(), 2025, 2026, &variants).unwrap_err();
    let found: Vec<(String, Rule, String)> =
        errors.problems().iter().map(|p| (p.path.clone(), p.rule, p.message_en.clone())).collect();
    assert_eq!(
        found,
        vec![
            (
                "variants[1].rates".into(),
                Rule::SwVariants,
                "variant 1 has no rate for grant year 2026 (GR-RATE); supply one".into()
            ),
            (
                "variants[2].startup_fee_per_capacity".into(),
                Rule::GrStartup,
                "the startup fee per capacity is 0 to 1000000.00 kr, not -5.00".into()
            ),
        ]
    );
}

#[test]
fn sw_variants_a_thousand_rates_and_the_json_of_format() {
    let s = klynge::sample::national();
    let variants: Vec<Variant> = (0..1000)
        .map(|i| {
            Variant::default().with_rate(2026, rust_decimal::Decimal::new(3000 + i, 3).to_string().parse().unwrap())
        })
        .collect();
    let result = s.sweep(2026, 2026, &variants).unwrap();
    assert_eq!(result.variants(), 1000);
    // Net grows with the rate.
    assert!(result.net(999).ore() > result.net(0).ore());
    let json: Value = serde_json::from_str(&result.to_json()).unwrap();
    let first = json[0].as_object().unwrap();
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        ["cluster", "grant_year", "net", "paid", "pending", "repaid", "variant"]
    );
    assert_eq!(json[0]["variant"], 0);
}

#[test]
fn sw_variants_a_rate_for_a_year_outside_the_sweep_is_refused() {
    let s = klynge::sample::national();
    let variants = vec![Variant::default().with_rate(2027, "3.80".parse().unwrap())];
    let errors = s.sweep(2026, 2026, &variants).unwrap_err();
    let problem = &errors.problems()[0];
    assert_eq!((problem.path.as_str(), problem.rule), ("variants[0].rates.2027", klynge::Rule::SwVariants));
    assert!(problem.message_en.contains("outside the grant years swept, 2026-2026"), "{}", problem.message_en);
}

#[test]
fn sw_variants_read_and_written_as_json_with_every_problem_in_place() {
    use klynge::grants::Variant;
    let text = r#"[{"rates": {"2026": "3.75", "2027": "3.80"}, "startup_fee_per_capacity": "12000.00"}, {"clawback_on_transfer": true}, {}]"#;
    let variants = Variant::list_from_json(text).unwrap();
    assert_eq!(variants[0].rates.len(), 2);
    assert_eq!(variants[0].startup_fee_per_capacity.unwrap().to_string(), "12000.00");
    assert_eq!(variants[1].clawback_on_transfer, Some(true));
    assert_eq!(variants[2], Variant::default());
    let written = Variant::list_to_json(&variants);
    assert_eq!(Variant::list_from_json(&written).unwrap(), variants);

    let wrong = r#"[{"rates": [1]}, 3, {"rates": {"x": "1", "2026": 3.75, "2027": "-1"}}, {"clawback_on_transfer": 1, "fee": "1"}]"#;
    let problems = Variant::list_from_json(wrong).unwrap_err();
    let places: Vec<(&str, String)> =
        problems.problems().iter().map(|p| (p.path.as_str(), p.rule.id().to_owned())).collect();
    assert_eq!(
        places,
        [
            ("variants[0].rates", "SW-VARIANTS".to_owned()),
            ("variants[1]", "SW-VARIANTS".to_owned()),
            ("variants[2].rates[2026]", "GR-RATE".to_owned()),
            ("variants[2].rates[2027]", "GR-RATE".to_owned()),
            ("variants[2].rates", "SW-VARIANTS".to_owned()),
            ("variants[3].clawback_on_transfer", "SW-VARIANTS".to_owned()),
            ("variants[3].fee", "SW-VARIANTS".to_owned()),
        ]
    );
    assert!(problems.problems().iter().all(|p| !p.message_da.is_empty() && p.message_da != p.message_en));
    assert_eq!(Variant::list_from_json("{}").unwrap_err().problems()[0].path, "variants");
    // One variant through serde, with the same checks.
    let one: Variant = serde_json::from_str(r#"{"clawback_on_transfer": true}"#).unwrap();
    assert_eq!(one.clawback_on_transfer, Some(true));
    let refused = serde_json::from_str::<Variant>(r#"{"fee": "1"}"#).unwrap_err().to_string();
    assert!(refused.contains("unknown key \"fee\""), "{refused}");
    assert!(Variant::list_from_json("[").is_err());
}
