//! The coordinator's calendar (CAL-EVENTS, CAL-ICS), kind by kind on hand-made cases, and its
//! invariants on generated scenarios.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::NaiveDate;
use klynge::calendar::{Calendar, EventKind, Language, Unknown};
use klynge::grants::{Parameters, Payer};
use klynge::{Rule, Scenario};
use proptest::prelude::*;
use serde_json::{Value, json};

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// Cluster "k" founded 2018-09-15 with the memberships given; every practice has 1 capacity
/// and 1,000 patients each year 2018-2027 unless `counts_until` ends them earlier.
fn scenario(completed: Option<&str>, memberships: Value, rates: Value, counts_until: i32) -> Scenario {
    let ms = memberships.as_array().unwrap();
    let mut practices: Vec<String> = ms.iter().map(|m| m["ydernummer"].as_str().unwrap().to_owned()).collect();
    practices.sort();
    practices.dedup();
    let patients: Vec<Value> = practices
        .iter()
        .flat_map(|y| (2018..=counts_until).map(move |year| json!({"ydernummer": y, "year": year, "count": 1000})))
        .collect();
    Scenario::from_value(&json!({
        "clusters": [{"id": "k", "name": "Klynge K", "founded": "2018-09-15", "completed": completed}],
        "practices": practices.iter().map(|y| json!({"ydernummer": y, "capacities": 1})).collect::<Vec<_>>(),
        "memberships": memberships,
        "patients": patients,
        "rates": rates,
    }))
    .unwrap()
}

fn member(yder: &str, joined: &str, left: Option<&str>) -> Value {
    json!({"ydernummer": yder, "cluster": "k", "joined": joined, "left": left, "by_transfer": false})
}

fn sample_rates() -> Value {
    json!([{"year": 2018, "rate": "1.00"}, {"year": 2019, "rate": "1.00"}, {"year": 2020, "rate": "1.00"},
           {"year": 2021, "rate": "1.00"}, {"year": 2026, "rate": "4.00"}])
}

fn of_kind(calendar: &Calendar, kind: EventKind) -> Vec<&klynge::CalendarEvent> {
    calendar.events().iter().filter(|e| e.kind == kind).collect()
}

#[test]
fn cal_events_a_registration_deadline_with_and_without_a_rate() {
    let s = scenario(Some("2019-01-20"), json!([member("000001", "2018-09-15", None)]), sample_rates(), 2027);
    let calendar = s.calendar(day("2026-01-15"), Some(day("2027-12-31"))).unwrap();
    let deadlines = of_kind(&calendar, EventKind::RegistrationDeadline);
    assert_eq!(deadlines.len(), 2);
    // 2026: the sample rate 4.00 × 1,000 patients.
    assert_eq!(
        (deadlines[0].date, deadlines[0].amount.map(|a| a.to_string())),
        (day("2026-01-31"), Some("4000.00".into()))
    );
    assert_eq!(deadlines[0].rule, Rule::GrAnnualPlo);
    assert!(deadlines[0].text_en.contains("At stake: 4,000.00 kr"), "{}", deadlines[0].text_en);
    // 2027 has no rate: no amount, and the reason.
    assert_eq!((deadlines[1].date, deadlines[1].amount), (day("2027-01-31"), None));
    assert_eq!(deadlines[1].reason, Some(Unknown::Rate { year: 2027, practices: Vec::new() }));
    assert!(deadlines[1].text_da.contains("ingen sats for tilskudsåret 2027"), "{}", deadlines[1].text_da);
    // With a 2027 rate the deadline has its amount; the built-in table is untouched.
    let what_if = Parameters::official().with_rate(2027, "5".parse().unwrap());
    let calendar = s.calendar_with(&what_if, day("2026-01-15"), Some(day("2027-12-31"))).unwrap();
    let deadlines = of_kind(&calendar, EventKind::RegistrationDeadline);
    assert_eq!(deadlines[1].amount.map(|a| a.to_string()), Some("5000.00".into()));
    // A count missing for 2027: the practice is named.
    let short = scenario(Some("2019-01-20"), json!([member("000001", "2018-09-15", None)]), sample_rates(), 2026);
    let calendar = short.calendar_with(&what_if, day("2026-01-15"), Some(day("2027-12-31"))).unwrap();
    let deadlines = of_kind(&calendar, EventKind::RegistrationDeadline);
    assert_eq!(deadlines[1].reason, Some(Unknown::Patients { year: 2027, practices: vec!["000001".parse().unwrap()] }));
    assert!(deadlines[1].reason.as_ref().unwrap().text(Language::English).contains("practice 000001"));
}

#[test]
fn cal_events_a_payout_moves_to_a_late_completion_with_its_window() {
    // Completed 2023-03-20: everything due before waits for that day, and the region, still
    // the administrator then, pays the fee and the grants of 2018-2023 on it (GR-PAYDATE).
    let s = scenario(Some("2023-03-20"), json!([member("000001", "2018-09-15", None)]), sample_rates(), 2027);
    let calendar = s.calendar(day("2023-03-01"), Some(day("2024-12-31"))).unwrap();
    let payouts = of_kind(&calendar, EventKind::Payout);
    assert_eq!(
        payouts.iter().map(|p| (p.date, p.payer)).collect::<Vec<_>>(),
        vec![(day("2023-03-20"), Some(Payer::Region)), (day("2024-03-01"), Some(Payer::Plo)),]
    );
    let report = s.grants(2018, 2024).unwrap();
    for payout in &payouts {
        let sum: i128 = report
            .lines()
            .filter(|l| l.due == Some(payout.date) && Some(l.payer) == payout.payer)
            .map(|l| l.amount.ore())
            .sum();
        assert_eq!(payout.amount.unwrap().ore(), sum);
    }
    // 10,000.00 fee + 295.89 (2018, 108 of 365 days at 1.00) + 3 x 1,000.00 (2019-2021) +
    // 1,120.00 (2022) + 2,320.00 (2023), for 1,000 patients.
    assert_eq!(payouts[0].amount.unwrap().to_string(), "16735.89");
    assert_eq!(payouts[0].window, Some((day("2023-04-03"), day("2023-04-17"))), "2 to 4 weeks (CMP-PAYOUT)");
    assert!(payouts[0].text_en.contains("expected on the cluster's account 3 April 2023 to 17 April 2023"));
    assert_eq!(payouts[1].window, Some((day("2024-03-01"), day("2024-03-01"))), "PLO pays on the day");
    // On 2023-03-01 completion is still to be declared: what was due by then is held back, the
    // grants of 2019-2023 due on 1 January (6,440.00); the fee and the 2018 share are due at
    // completion itself, which is still ahead.
    let completion = of_kind(&calendar, EventKind::Completion);
    let held = completion.iter().map(|e| (e.date, e.amount.map(|a| a.to_string()))).collect::<Vec<_>>();
    assert_eq!(held, vec![(day("2023-03-01"), Some("6440.00".to_owned()))]);
    let after = s.calendar(day("2023-03-20"), None).unwrap();
    assert!(of_kind(&after, EventKind::Completion).is_empty(), "complete on 2023-03-20");
}

#[test]
fn cal_events_the_anniversary_of_a_practice_that_joined_2023_03_01() {
    let s = scenario(
        Some("2019-01-20"),
        json!([member("000001", "2018-09-15", None), member("000002", "2023-03-01", None)]),
        sample_rates(),
        2027,
    );
    let calendar = s.calendar(day("2023-06-01"), Some(day("2024-12-31"))).unwrap();
    let anniversaries = of_kind(&calendar, EventKind::Anniversary);
    assert_eq!(anniversaries.len(), 1);
    let event = anniversaries[0];
    assert_eq!(event.date, day("2024-03-01"));
    assert_eq!(event.ydernummer, Some("000002".parse().unwrap()));
    assert_eq!(event.amount.map(|a| a.to_string()), Some("10000.00".into()), "the fee at stake");
    // The fee is due 1 January 2024 (joined after completion): PLO pays it (GR-PAYDATE).
    assert_eq!(event.payer, Some(Payer::Plo));
    assert_eq!(event.rule, Rule::GrClawback);
    assert!(event.text_en.contains("leaving before this day costs the startup fee of 10,000.00 kr"));
    // On or after the anniversary there is nothing at stake any more.
    let later = s.calendar(day("2024-03-01"), Some(day("2024-12-31"))).unwrap();
    assert!(of_kind(&later, EventKind::Anniversary).is_empty());
    // A practice that has left is no longer ongoing.
    let left =
        scenario(Some("2019-01-20"), json!([member("000002", "2023-03-01", Some("2023-05-01"))]), sample_rates(), 2027);
    assert!(of_kind(&left.calendar(day("2023-06-01"), None).unwrap(), EventKind::Anniversary).is_empty());
}

#[test]
fn cal_events_a_cluster_not_yet_complete_holds_its_money_back() {
    let s = scenario(None, json!([member("000001", "2018-09-15", None)]), sample_rates(), 2027);
    let calendar = s.calendar(day("2022-01-15"), Some(day("2022-12-31"))).unwrap();
    let completion = of_kind(&calendar, EventKind::Completion);
    assert_eq!(completion.len(), 1);
    assert_eq!(completion[0].date, day("2022-01-15"), "dated today");
    // Held back: the fee (due 2019-01-01) and the grants of 2018 (share), 2019-2022 (whole
    // years, due on 1 January): pending lines with a nominal payout date by today.
    let report = s.grants(2018, 2022).unwrap();
    let held: i128 = report.lines().filter(|l| l.due.is_none()).map(|l| l.amount.ore()).sum();
    assert_eq!(completion[0].amount.unwrap().ore(), held);
    assert!(of_kind(&calendar, EventKind::Payout).is_empty(), "nothing is paid before completion");
    assert!(completion[0].text_da.contains("holdes tilbage"));
}

#[test]
fn cal_events_bad_days_are_refused_with_the_rule() {
    let s = scenario(None, json!([member("000001", "2018-09-15", None)]), sample_rates(), 2027);
    let errors = s.calendar(day("2026-01-01"), Some(day("2025-12-31"))).unwrap_err();
    assert_eq!((errors.problems()[0].path.as_str(), errors.problems()[0].rule), ("until", Rule::CalEvents));
    assert!(s.calendar(day("1800-01-01"), None).is_err());
}

#[test]
fn cal_ics_events_are_all_day_in_either_language_with_stable_uids() {
    let calendar = klynge::sample::national().calendar(day("2025-11-27"), None).unwrap();
    for language in [Language::Danish, Language::English] {
        let text = calendar.to_ics(language);
        let parsed = icalendar::Calendar::from_str(&text).unwrap();
        let events: Vec<_> = parsed.components.iter().filter_map(|c| c.as_event()).collect();
        assert_eq!(events.len(), calendar.events().len());
        assert!(text.contains("DTSTART;VALUE=DATE:"));
        let uids: BTreeSet<String> = calendar.events().iter().map(|e| e.uid()).collect();
        assert_eq!(uids.len(), calendar.events().len(), "unique");
        assert_eq!(text, calendar.to_ics(language), "the same calendar is the same text");
    }
    assert!(calendar.to_ics(Language::Danish).contains("Tilmeldingsfrist"));
    assert!(calendar.to_ics(Language::English).contains("Registration deadline"));
}

#[test]
fn cal_events_json_is_the_format() {
    let calendar = klynge::sample::national().calendar(day("2026-02-20"), Some(day("2026-03-31"))).unwrap();
    let json: Value = serde_json::from_str(&calendar.to_json()).unwrap();
    let first = &json[0];
    let keys: BTreeSet<&str> = first.as_object().unwrap().keys().map(String::as_str).collect();
    let expected: BTreeSet<&str> =
        ["date", "cluster", "kind", "ydernummer", "amount", "reason", "payer", "window", "rule", "text_en", "text_da"]
            .into_iter()
            .collect();
    assert_eq!(keys, expected);
    let payout = json.as_array().unwrap().iter().find(|e| e["kind"] == "payout").unwrap();
    assert!(payout["amount"].is_string() && payout["window"]["from"].is_string());
    assert_eq!(payout["rule"], "GR-PAYDATE");
}

/// A generated scenario: a few clusters, practices joining, leaving and transferring.
fn generated() -> impl Strategy<Value = (Scenario, NaiveDate, u32)> {
    let cluster = (0u32..700, proptest::option::weighted(0.7, 0u32..1500));
    let practice = (0usize..4, 0u32..2000, proptest::option::weighted(0.5, 30u32..900));
    (proptest::collection::vec(cluster, 1..4), proptest::collection::vec(practice, 1..12), 0u32..3300, 0u32..800).prop_map(
        |(clusters, practices, today, span)| {
            let base = day("2018-01-01");
            let at = |n: u32| base.checked_add_days(chrono::Days::new(u64::from(n))).unwrap();
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
            for (p, (cluster, offset, length)) in practices.iter().enumerate() {
                let (founded, _) = clusters[cluster % clusters.len()];
                let joined = at(founded + offset);
                let y = format!("{:06}", p + 1);
                practices_json.push(json!({"ydernummer": y, "capacities": 1 + p % 3}));
                memberships.push(json!({"ydernummer": y, "cluster": format!("c{}", cluster % clusters.len()),
                    "joined": joined.to_string(),
                    "left": length.map(|l| joined.checked_add_days(chrono::Days::new(u64::from(l))).unwrap().to_string())}));
                for year in 2018..=2030 {
                    patients.push(json!({"ydernummer": y, "year": year, "count": 900 + p * 7}));
                }
            }
            let s = Scenario::from_value(&json!({
                "clusters": clusters_json, "practices": practices_json, "memberships": memberships,
                "patients": patients, "rates": sample_rates(),
            }))
            .unwrap();
            (s, at(today), span)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// CAL-EVENTS: sorted by date, cluster, kind, practice; nothing before today or after the
    /// last day; every payout is the sum of the report's lines of that day and payer.
    #[test]
    fn cal_events_invariants((s, today, span) in generated()) {
        let last = today.checked_add_days(chrono::Days::new(u64::from(span))).unwrap();
        let calendar = s.calendar(today, Some(last)).unwrap();
        let events = calendar.events();
        for pair in events.windows(2) {
            let key = |e: &klynge::CalendarEvent| (e.date, e.cluster.clone(), e.kind, e.ydernummer);
            prop_assert!(key(&pair[0]) <= key(&pair[1]));
        }
        prop_assert!(events.iter().all(|e| today <= e.date && e.date <= last));
        // The sample rates leave 2022-2025 to the built-in table and stop at 2026.
        if last.format("%Y").to_string().parse::<i32>().unwrap() <= 2026 {
            let first = s.clusters().iter().map(|c| c.founded.format("%Y").to_string().parse::<i32>().unwrap()).min().unwrap();
            let last_year = last.format("%Y").to_string().parse::<i32>().unwrap();
            let report = s.grants(first.min(last_year), last_year).unwrap();
            let mut sums: BTreeMap<(String, NaiveDate, Payer), i128> = BTreeMap::new();
            for line in report.lines() {
                if let Some(due) = line.due {
                    *sums.entry((line.cluster.to_string(), due, line.payer)).or_default() += line.amount.ore();
                }
            }
            for payout in events.iter().filter(|e| e.kind == EventKind::Payout) {
                let key = (payout.cluster.to_string(), payout.date, payout.payer.unwrap());
                prop_assert_eq!(payout.amount.unwrap().ore(), sums[&key]);
            }
            let listed = events.iter().filter(|e| e.kind == EventKind::Payout).count();
            let expected = sums.iter().filter(|((_, d, _), net)| today <= *d && *d <= last && **net != 0).count();
            prop_assert_eq!(listed, expected);
        }
    }

    /// CAL-ICS: the iCalendar text parses back with as many events, their UIDs unique, and a
    /// calendar's UIDs are among those of the same calendar with a later last day.
    #[test]
    fn cal_ics_parses_back_and_later_calendars_keep_the_uids((s, today, span) in generated()) {
        let last = today.checked_add_days(chrono::Days::new(u64::from(span))).unwrap();
        let calendar = s.calendar(today, Some(last)).unwrap();
        let parsed = icalendar::Calendar::from_str(&calendar.to_ics(Language::English)).unwrap();
        let uids: Vec<String> = parsed.components.iter().filter_map(|c| c.as_event()).filter_map(|e| {
            use icalendar::Component;
            e.get_uid().map(str::to_owned)
        }).collect();
        prop_assert_eq!(uids.len(), calendar.events().len());
        let unique: BTreeSet<&String> = uids.iter().collect();
        prop_assert_eq!(unique.len(), uids.len());
        let longer = s.calendar(today, Some(last.checked_add_days(chrono::Days::new(400)).unwrap())).unwrap();
        let longer_uids: BTreeSet<String> = longer.events().iter().map(|e| e.uid()).collect();
        prop_assert!(calendar.events().iter().all(|e| longer_uids.contains(&e.uid())));
    }
}

/// A cluster founded in 2021, when the rule book has no rate: three practices of 1 capacity
/// each, complete on `completed`, one leaving within its first year.
fn founded_2021_completed(completed: Option<&str>) -> Scenario {
    let patients: Vec<Value> = ["000001", "000002", "000003"]
        .iter()
        .flat_map(|y| (2021..=2026).map(move |year| json!({"ydernummer": y, "year": year, "count": 1000})))
        .collect();
    Scenario::from_value(&json!({
        "clusters": [{"id": "nord", "name": "Klynge Nord", "founded": "2021-06-01", "completed": completed}],
        "practices": [{"ydernummer": "000001", "capacities": 1}, {"ydernummer": "000002", "capacities": 1},
                      {"ydernummer": "000003", "capacities": 1}],
        "memberships": [
            {"ydernummer": "000001", "cluster": "nord", "joined": "2021-06-01"},
            {"ydernummer": "000002", "cluster": "nord", "joined": "2021-06-01"},
            {"ydernummer": "000003", "cluster": "nord", "joined": "2021-06-01", "left": "2022-03-15"}],
        "patients": patients,
    }))
    .unwrap()
}

fn founded_2021() -> Scenario {
    founded_2021_completed(Some("2022-01-20"))
}

#[test]
fn cal_events_a_year_without_a_rate_keeps_its_fees_and_says_what_it_left_out() {
    let calendar = founded_2021().calendar(day("2022-01-01"), Some(day("2022-12-31"))).unwrap();
    let payouts = of_kind(&calendar, EventKind::Payout);
    // The three fees (grant year 2021) and the 2022 grants are paid at completion; the fee of
    // the practice that leaves before its anniversary is repaid.
    assert_eq!(payouts[0].date, day("2022-01-20"));
    assert!(payouts[0].amount.unwrap() >= klynge::Dkk::from_kroner(30_000), "{:?}", payouts[0].amount);
    let repayment = payouts.iter().find(|e| e.amount.is_some_and(klynge::Dkk::is_negative)).unwrap();
    assert_eq!((repayment.date, repayment.amount.unwrap().to_string()), (day("2022-03-15"), "-10000.00".into()));
    assert!(
        repayment.text_en.contains("Klynge Nord (nord) repays 10,000.00 kr to the region"),
        "{}",
        repayment.text_en
    );
    assert!(!repayment.text_da.contains("Klynge Klynge") && !repayment.text_en.contains("cluster Klynge"));
    assert_eq!(of_kind(&calendar, EventKind::Anniversary).len(), 3);
    let left_out = of_kind(&calendar, EventKind::LeftOut);
    assert_eq!(left_out.len(), 1);
    assert_eq!(
        (left_out[0].date, left_out[0].grant_year, left_out[0].rule),
        (day("2022-01-01"), Some(2021), Rule::GrRate)
    );
    assert_eq!(left_out[0].reason, Some(Unknown::Rate { year: 2021, practices: Vec::new() }));
    assert!(left_out[0].text_en.contains("grant year 2021"), "{}", left_out[0].text_en);
    // Not complete: two fees (due 1 January after joining; the third practice's is withheld, as
    // it leaves before its anniversary with nothing paid) and the 2022 grants (1.12 × 1,000 × 3)
    // are held back, not 0.00.
    let before = founded_2021_completed(None).calendar(day("2022-02-01"), Some(day("2022-12-31"))).unwrap();
    let held = of_kind(&before, EventKind::Completion);
    assert_eq!(held[0].amount.unwrap().to_string(), "23360.00");
}

#[test]
fn cal_ics_a_repayment_is_titled_as_one_with_the_clusters_name_and_categories_in_the_language() {
    let calendar = founded_2021().calendar(day("2022-01-01"), Some(day("2022-12-31"))).unwrap();
    let danish = calendar.to_ics(Language::Danish);
    let unfolded = danish.replace("\r\n ", "");
    assert!(unfolded.contains("SUMMARY:Tilbagebetaling\\, Klynge Nord: 10.000\\,00 kr"), "{unfolded}");
    assert!(unfolded.contains("CATEGORIES:Tilbagebetaling"), "{unfolded}");
    assert!(unfolded.contains("CATEGORIES:Udeladte tilskud"), "{unfolded}");
    assert!(!unfolded.contains("CATEGORIES:payout"), "{unfolded}");
    assert!(unfolded.contains("UID:nord.left_out.2021@klynge"), "{unfolded}");
    let english = calendar.to_ics(Language::English).replace("\r\n ", "");
    assert!(english.contains("SUMMARY:Repayment\\, Klynge Nord: 10\\,000.00 kr"), "{english}");
}

#[test]
fn cal_ics_lines_are_folded_at_75_octets_not_characters() {
    let s = Scenario::from_value(&json!({
        "clusters": [{"id": "aero", "name": "Ærø Øst, Syd; Nord – Ærøskøbing Øvrige Åbyhøj", "founded": "2022-01-01", "completed": "2022-02-01"}],
        "practices": [{"ydernummer": "000001", "capacities": 1}],
        "memberships": [{"ydernummer": "000001", "cluster": "aero", "joined": "2022-01-01"}],
        "patients": [{"ydernummer": "000001", "year": 2022, "count": 1000}],
    }))
    .unwrap();
    let calendar = s.calendar(day("2022-01-01"), Some(day("2022-12-31"))).unwrap();
    for language in [Language::Danish, Language::English] {
        let ics = calendar.to_ics(language);
        for line in ics.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Unfolded, the texts are whole: folding never splits a character.
        let unfolded = ics.replace("\r\n ", "");
        assert!(unfolded.contains("Ærø Øst\\, Syd\\; Nord – Ærøskøbing Øvrige Åbyhøj"), "{unfolded}");
    }
}
