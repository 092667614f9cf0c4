//! Scenarios from CSV tables (docs/formats.md "Tables instead of JSON"): the same rules as
//! JSON, the same scenario for the same data, and every problem at `file:row:column`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use klynge::{Rule, Scenario, ScenarioTables};
use proptest::prelude::*;

const CLUSTERS: &str =
    "id,name,cvr,municipality,founded,completed\nnordfyn,Klynge Nordfyn,12345674,480,2018-09-15,2019-01-20\n";
const PRACTICES: &str = "ydernummer,capacities\n061654,2\n";
const MEMBERSHIPS: &str = "ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,,false\n";
const PATIENTS: &str = "ydernummer,year,count\n061654,2022,3150\n";

fn w2() -> ScenarioTables<'static> {
    ScenarioTables {
        clusters: Some(CLUSTERS),
        practices: Some(PRACTICES),
        memberships: Some(MEMBERSHIPS),
        patients: Some(PATIENTS),
        rates: Some("year,rate\n2021,1.00\n"),
        policy: Some("clawback_on_transfer\nfalse\n"),
    }
}

fn problems(tables: &ScenarioTables<'_>) -> Vec<(String, Rule, String)> {
    Scenario::from_tables(tables).unwrap_err().all().into_iter().map(|p| (p.path, p.rule, p.message_en)).collect()
}

#[test]
fn format_tables_give_the_scenario_the_json_gives() {
    let json = r#"{
      "clusters": [{"id": "nordfyn", "name": "Klynge Nordfyn", "cvr": "12345674", "municipality": "480",
                    "founded": "2018-09-15", "completed": "2019-01-20"}],
      "practices": [{"ydernummer": "061654", "capacities": 2}],
      "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": null, "by_transfer": false}],
      "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}],
      "rates": [{"year": 2021, "rate": "1.00"}],
      "policy": {"clawback_on_transfer": false}
    }"#;
    let from_tables = Scenario::from_tables(&w2()).unwrap();
    assert_eq!(from_tables, Scenario::from_json(json).unwrap());
    // W2: 1.12 kr x 3,150.
    assert_eq!(from_tables.grants(2022, 2022).unwrap().line(0).unwrap().amount.to_string(), "3528.00");
}

#[test]
fn format_tables_take_columns_in_any_order_quotes_a_bom_and_blank_lines() {
    let tables = ScenarioTables {
        clusters: Some(
            "\u{feff}founded,id,completed,name\n2018-09-15,nordfyn,2019-01-20,\"Klynge Nordfyn, Bogense\"\n",
        ),
        memberships: Some("cluster,ydernummer,joined\r\nnordfyn,61654,2018-09-15\r\n,,\r\n"),
        rates: None,
        policy: None,
        ..w2()
    };
    let scenario = Scenario::from_tables(&tables).unwrap();
    assert_eq!(scenario.clusters()[0].name.as_deref(), Some("Klynge Nordfyn, Bogense"));
    assert_eq!(scenario.memberships().len(), 1);
    assert!(!scenario.policy().clawback_on_transfer);
}

#[test]
fn format_every_problem_names_file_row_and_column() {
    let tables = ScenarioTables {
        clusters: Some("id,founded,completed,colour\nnordfyn,2018-09-15,2019-01-20,red\nBad Id,2018-13-01,,\n"),
        practices: Some("ydernummer,capacities\n061654,2\n000002,many\n"),
        memberships: Some(
            "ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,,false\n000002,nordfyn,2019-01-01,2018-01-01,maybe\n",
        ),
        patients: Some("ydernummer,year,count\n061654,2022,3150\n061654,2022,3151\n"),
        rates: Some("year,rate\n2021,one\n"),
        policy: None,
    };
    let found = problems(&tables);
    let places: Vec<(&str, Rule)> = found.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
    assert_eq!(
        places,
        vec![
            ("clusters.csv:0:colour", Rule::Format),
            ("clusters.csv:2:id", Rule::Format),
            ("clusters.csv:2:founded", Rule::Format),
            ("practices.csv:2:capacities", Rule::MemCapacity),
            ("memberships.csv:2:by_transfer", Rule::Format),
            ("memberships.csv:2:left", Rule::MemPeriod),
            ("rates.csv:1:rate", Rule::GrRate),
            ("patients.csv:2", Rule::MemPatients),
        ]
    );
    let message = |place: &str| found.iter().find(|(p, _, _)| p == place).map(|(_, _, m)| m.clone()).unwrap();
    assert_eq!(message("practices.csv:2:capacities"), "expected a whole number, found the text \"many\"");
    assert_eq!(message("clusters.csv:2:founded"), "\"2018-13-01\" is not a date YYYY-MM-DD; there is no month 13");
    assert_eq!(message("memberships.csv:2:by_transfer"), "expected true or false, found the text \"maybe\"");
    assert_eq!(
        message("clusters.csv:0:colour"),
        "unknown column \"colour\"; expected columns among id, name, cvr, municipality, founded, completed"
    );
    assert_eq!(message("patients.csv:2"), "practice 061654 has two counts for 2022");
}

#[test]
fn format_a_missing_table_or_column_is_named_once() {
    let tables = ScenarioTables { patients: None, memberships: Some("ydernummer,cluster\n061654,nordfyn\n"), ..w2() };
    let found = problems(&tables);
    let places: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(places, vec!["memberships.csv:0:joined", "patients.csv"]);
    assert_eq!(
        found[0].2,
        "the column joined is required; the columns are ydernummer, cluster, joined, left, by_transfer; the rows are not read"
    );
    assert_eq!(found[1].2, "the table is missing");
}

#[test]
fn format_a_row_with_a_cell_too_many_is_a_problem_of_its_row() {
    let tables = ScenarioTables { practices: Some("ydernummer,capacities\n061654,2,extra\n"), ..w2() };
    let found = problems(&tables);
    assert_eq!(found[0].0, "practices.csv:1");
    assert_eq!(
        found[0].2,
        "the row has 3 cells, the header 2: no value is guessed; a value holding \",\" (such as a text or an amount) must be quoted, or the row is read wrong"
    );
}

#[test]
fn format_no_false_follow_on_problem_for_a_cluster_with_a_bad_field() {
    // The municipality is the name, not the 3-digit code; the CVR fails its checksum. The
    // cluster's id is fine, so the membership that names it is not a problem.
    let tables = ScenarioTables {
        clusters: Some("id,cvr,municipality,founded,completed\nnordfyn,12345678,Nordfyns,2018-09-15,2019-01-20\n"),
        ..w2()
    };
    let found = problems(&tables);
    let places: Vec<(&str, Rule)> = found.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
    assert_eq!(places, vec![("clusters.csv:1:cvr", Rule::IdCvr), ("clusters.csv:1:municipality", Rule::IdKommune)]);
    assert_eq!(found[1].2, "\"Nordfyns\" is not a 3-digit municipality code");
}

#[test]
fn format_no_false_follow_on_problem_in_json_either() {
    let json = r#"{
      "clusters": [{"id": "nordfyn", "cvr": "12345678", "municipality": "Nordfyns", "founded": "2018-09-15", "completed": null}],
      "practices": [{"ydernummer": "061654", "capacities": "2"}],
      "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": null, "by_transfer": null}],
      "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}]
    }"#;
    let errors = Scenario::from_json(json).unwrap_err();
    let places: Vec<&str> = errors.problems().iter().map(|p| p.path.as_str()).collect();
    assert_eq!(places, vec!["clusters[0].cvr", "clusters[0].municipality", "practices[0].capacities"]);
}

#[test]
fn format_json_numbers_that_are_whole_count_and_a_whole_rate_is_exact() {
    let json = r#"{
      "clusters": [{"id": "k", "founded": "2018-09-15", "completed": "2019-01-20"}],
      "practices": [{"ydernummer": "000001", "capacities": 2.0}],
      "memberships": [{"ydernummer": "000001", "cluster": "k", "joined": "2018-09-15", "left": null, "by_transfer": false}],
      "patients": [{"ydernummer": "000001", "year": 2021, "count": 1000}],
      "rates": [{"year": 2021, "rate": 2}]
    }"#;
    let scenario = Scenario::from_json(json).unwrap();
    assert_eq!(scenario.rates()[0].rate.to_string(), "2.00");
    assert_eq!(scenario.grants(2021, 2021).unwrap().totals().next().unwrap().net.to_string(), "2000.00");
    let float_rate = json.replace("\"rate\": 2}", "\"rate\": 2.5}");
    let problem = &Scenario::from_json(&float_rate).unwrap_err().problems()[0].clone();
    assert_eq!(problem.path, "rates[0].rate");
    assert!(problem.message_en.contains("a binary float cannot hold every rate exactly"), "{}", problem.message_en);
}

/// A scenario's parts as CSV tables, written by hand the way a spreadsheet would.
fn tables_of(s: &Scenario) -> [String; 6] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut clusters = String::from("id,name,cvr,municipality,founded,completed\n");
    for c in s.clusters() {
        clusters += &format!(
            "{},\"{}\",{},{},{},{}\n",
            c.id,
            opt(c.name.clone()),
            opt(c.cvr.map(|v| v.to_string())),
            opt(c.municipality.map(|m| format!("{:03}", m.code()))),
            c.founded,
            opt(c.completed.map(|d| d.to_string()))
        );
    }
    let mut practices = String::from("capacities,ydernummer\n");
    for p in s.practices() {
        practices += &format!("{},{}\n", p.capacities.get(), p.ydernummer);
    }
    let mut memberships = String::from("ydernummer,cluster,joined,left,by_transfer\n");
    for m in s.memberships() {
        let transfer = if m.by_transfer { "true" } else { "" };
        memberships += &format!(
            "{},{},{},{},{transfer}\n",
            m.ydernummer,
            m.cluster,
            m.period.joined(),
            opt(m.period.left().map(|d| d.to_string()))
        );
    }
    let mut patients = String::from("ydernummer,year,count\n");
    for p in s.patients() {
        patients += &format!("{},{},{}\n", p.ydernummer, p.year, p.count.get());
    }
    let mut rates = String::from("year,rate\n");
    for r in s.rates() {
        rates += &format!("{},{}\n", r.year, r.rate);
    }
    let policy = format!("clawback_on_transfer\n{}\n", s.policy().clawback_on_transfer);
    [clusters, practices, memberships, patients, rates, policy]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// FORMAT: the same scenario as CSV text and as JSON reads back the same, and computes the
    /// same report, for samples of any size and any span of years.
    #[test]
    fn format_csv_tables_and_json_agree(factor in 1u32..3, first in 2018i32..2026, span in 0i32..3) {
        let scenario = klynge::sample::scaled(factor);
        let [clusters, practices, memberships, patients, rates, policy] = tables_of(&scenario);
        let tables = ScenarioTables {
            clusters: Some(&clusters),
            practices: Some(&practices),
            memberships: Some(&memberships),
            patients: Some(&patients),
            rates: Some(&rates),
            policy: Some(&policy),
        };
        let from_tables = Scenario::from_tables(&tables).unwrap();
        let from_json = Scenario::from_json(&scenario.to_json()).unwrap();
        prop_assert_eq!(&from_tables, &from_json);
        let last = (first + span).min(2026);
        prop_assert_eq!(from_tables.grants(first, last).unwrap(), from_json.grants(first, last).unwrap());
    }
}

#[test]
fn format_a_misspelt_header_is_one_problem_with_no_follow_ons() {
    let tables = ScenarioTables {
        practices: Some("ydernumer,capacity\n061654,2\n011111,1\n"),
        memberships: Some(
            "ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,,false\n011111,nordfyn,2019-01-01,,false\n",
        ),
        patients: Some("ydernummer,year,count\n061654,2022,3150\n011111,2022,900\n"),
        ..w2()
    };
    let found = problems(&tables);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "practices.csv:0:ydernumer");
    assert_eq!(
        found[0].2,
        "unknown column \"ydernumer\", \"capacity\"; the column ydernummer, capacities is required; \
         the columns are ydernummer, capacities; the rows are not read"
    );
}

#[test]
fn format_an_unreadable_date_makes_no_follow_on_on_the_transfer_after_it() {
    let tables = ScenarioTables {
        clusters: Some("id,founded,completed\nnordfyn,2018-09-15,2019-01-20\nsyd,2018-09-15,2019-01-20\n"),
        memberships: Some(
            "ydernummer,cluster,joined,left,by_transfer\n061654,nordfyn,2018-09-15,2020-13-01,false\n061654,syd,2020-03-01,,true\n",
        ),
        ..w2()
    };
    let found = problems(&tables);
    let places: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(places, vec!["memberships.csv:1:left"]);
}

#[test]
fn format_a_semicolon_table_gets_the_separator_named() {
    let tables = ScenarioTables { practices: Some("ydernummer;capacities\n061654;2\n"), ..w2() };
    let found = problems(&tables);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].2.contains("\";\""), "{}", found[0].2);
}

#[test]
fn mem_patients_a_missing_count_names_the_practices_row_and_what_to_add() {
    let scenario = Scenario::from_tables(&w2()).unwrap();
    let errors = scenario.grants(2023, 2023).unwrap_err();
    let problem = &errors.all()[0];
    assert_eq!((problem.path.as_str(), problem.rule), ("practices.csv:1", Rule::MemPatients));
    assert_eq!(
        problem.message_en,
        "no group-1 patient count for practice 061654 in 2023 (member of cluster nordfyn): add a row 061654,2023,COUNT to patients.csv"
    );
}

#[test]
fn mem_patients_many_missing_counts_are_grouped_per_year() {
    // The national sample has no counts for 2027: a few practices named, the rest counted.
    let errors = klynge::sample::national().grants(2027, 2027).unwrap_err().all();
    let counts: Vec<_> = errors.iter().filter(|p| p.rule == Rule::MemPatients).collect();
    assert_eq!(counts.len(), 6, "{counts:?}");
    assert!(
        counts[5].message_en.starts_with("and ")
            && counts[5].message_en.ends_with("without a group-1 patient count for 2027")
    );
    assert!(errors.len() < 10, "{errors:?}");
}
