//! The Arrow edges (feature `arrow`): a report's table holds exactly its lines, and a scenario
//! read from record batches with native column types is the scenario its JSON gives.
#![cfg(feature = "arrow")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Decimal128Type, Int32Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Float64Array, Int64Array, RecordBatch, StringArray,
    TimestampNanosecondArray,
};
use chrono::NaiveDate;
use klynge::dates::epoch_day;
use klynge::grants::REPORT_COLUMNS;
use klynge::{Rule, Scenario, ScenarioBatches};

/// Every row of a dictionary column, as text.
fn texts(column: &dyn Array) -> Vec<Option<String>> {
    let dictionary = column.as_any_dictionary();
    let values = dictionary.values().as_string::<i32>();
    let keys = dictionary.normalized_keys();
    keys.iter().enumerate().map(|(row, key)| column.is_valid(row).then(|| values.value(*key).to_owned())).collect()
}

fn int(column: &dyn Array, row: usize) -> Option<i64> {
    column.is_valid(row).then(|| i64::from(column.as_primitive::<Int32Type>().value(row)))
}

fn date(column: &dyn Array, row: usize) -> Option<i32> {
    column.is_valid(row).then(|| column.as_primitive::<Date32Type>().value(row))
}

fn decimal(column: &dyn Array, row: usize) -> Option<String> {
    column.is_valid(row).then(|| column.as_primitive::<Decimal128Type>().value_as_string(row))
}

#[test]
fn gr_explain_the_report_table_holds_every_line_cell_for_cell() {
    let scenario = klynge::sample::national();
    let report = scenario.grants(2018, 2026).unwrap();
    let batch = report.to_record_batch().unwrap();
    assert_eq!(batch.num_rows(), report.len());
    let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, REPORT_COLUMNS);
    let column = |name: &str| batch.column_by_name(name).unwrap().as_ref();
    let [clusters, names, region_names, ydernumre, kinds, rules, payers] =
        ["cluster", "cluster_name", "region", "ydernummer", "kind", "rule", "payer"].map(|c| texts(column(c)));
    let text = |column: &[Option<String>], row: usize| column[row].clone();
    let regions: std::collections::BTreeMap<&str, (Option<&str>, Option<&str>)> = scenario
        .clusters()
        .iter()
        .map(|c| (c.id.as_str(), (c.name.as_deref(), c.municipality.map(|m| m.region().name()))))
        .collect();
    for (row, line) in report.lines().enumerate() {
        let (name, region) = regions[line.cluster.as_str()];
        assert_eq!(text(&clusters, row).as_deref(), Some(line.cluster.as_str()));
        assert_eq!(text(&names, row).as_deref(), name);
        assert_eq!(text(&region_names, row).as_deref(), region);
        assert_eq!(text(&ydernumre, row), Some(line.ydernummer.to_string()));
        assert_eq!(text(&kinds, row).as_deref(), Some(line.kind.as_str()));
        assert_eq!(int(column("grant_year"), row), Some(i64::from(line.grant_year)));
        assert_eq!(text(&rules, row).as_deref(), Some(line.rule.id()));
        assert_eq!(date(column("period_from"), row), line.period.map(|p| epoch_day(p.from)));
        assert_eq!(date(column("period_until"), row), line.period.map(|p| epoch_day(p.until)));
        assert_eq!(int(column("patients"), row), line.patients.map(i64::from));
        let rate = line.rate.map(|r| {
            let mut value = r.value();
            value.rescale(6);
            value.to_string()
        });
        assert_eq!(decimal(column("rate"), row), rate);
        assert_eq!(int(column("days"), row), line.days.map(i64::from));
        assert_eq!(int(column("days_in_year"), row), line.days_in_year.map(i64::from));
        assert_eq!(int(column("capacities"), row), line.capacities.map(i64::from));
        assert_eq!(decimal(column("amount"), row), Some(line.amount.to_string()));
        assert_eq!(text(&payers, row).as_deref(), Some(line.payer.as_str()));
        assert_eq!(date(column("due"), row), line.due.map(epoch_day));
    }
    // The totals' table sums the same lines.
    let totals = report.totals_record_batch().unwrap();
    assert_eq!(totals.num_rows(), report.totals().len());
    let net = totals.column_by_name("net").unwrap().as_primitive::<Decimal128Type>();
    let sum: i128 = net.values().iter().sum();
    assert_eq!(sum, report.lines().map(|l| l.amount.ore()).sum::<i128>());
}

#[test]
fn format_a_report_read_from_json_has_no_names_and_its_table_says_so() {
    let report = klynge::sample::national().grants(2022, 2022).unwrap();
    let read = klynge::GrantReport::from_json(&report.to_json()).unwrap();
    let batch = read.to_record_batch().unwrap();
    assert_eq!(batch.column_by_name("cluster_name").unwrap().null_count(), read.len());
    assert_eq!(batch.column_by_name("region").unwrap().null_count(), read.len());
}

fn batch(columns: Vec<(&str, ArrayRef)>) -> Vec<RecordBatch> {
    vec![RecordBatch::try_from_iter(columns).unwrap()]
}

fn days(dates: &[Option<&str>]) -> Date32Array {
    dates.iter().map(|d| d.map(|d| epoch_day(d.parse::<NaiveDate>().unwrap()))).collect()
}

fn midnight(date: &str) -> i64 {
    i64::from(epoch_day(date.parse::<NaiveDate>().unwrap())) * 86_400_000_000_000
}

#[test]
fn format_frames_with_native_columns_give_the_scenario_the_json_gives() {
    let clusters = batch(vec![
        ("id", Arc::new(StringArray::from(vec!["nordfyn"])) as ArrayRef),
        ("municipality", Arc::new(StringArray::from(vec!["480"]))),
        // pandas' Timestamps: nanoseconds at midnight; NaT is null.
        ("founded", Arc::new(TimestampNanosecondArray::from(vec![Some(midnight("2018-09-15"))]))),
        ("completed", Arc::new(TimestampNanosecondArray::from(vec![Some(midnight("2019-01-20"))]))),
    ]);
    let practices = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654", "000042"])) as ArrayRef),
        ("capacities", Arc::new(Int64Array::from(vec![2, 1]))),
    ]);
    let memberships = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654", "000042"])) as ArrayRef),
        ("cluster", Arc::new(StringArray::from(vec!["nordfyn", "nordfyn"]))),
        ("joined", Arc::new(days(&[Some("2018-09-15"), Some("2019-03-01")]))),
        ("left", Arc::new(days(&[None, None]))),
        ("by_transfer", Arc::new(BooleanArray::from(vec![Some(false), None]))),
    ]);
    // An integer column with a gap is float in pandas; its whole numbers count.
    let patients = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654", "000042"])) as ArrayRef),
        ("year", Arc::new(Int64Array::from(vec![2022, 2022]))),
        ("count", Arc::new(Float64Array::from(vec![3150.0, 1000.0]))),
    ]);
    let frames = ScenarioBatches {
        clusters: Some(&clusters),
        practices: Some(&practices),
        memberships: Some(&memberships),
        patients: Some(&patients),
        rates: None,
        policy: None,
    };
    let json = r#"{
      "clusters": [{"id": "nordfyn", "municipality": "480", "founded": "2018-09-15", "completed": "2019-01-20"}],
      "practices": [{"ydernummer": "061654", "capacities": 2}, {"ydernummer": "000042", "capacities": 1}],
      "memberships": [{"ydernummer": "061654", "cluster": "nordfyn", "joined": "2018-09-15", "left": null, "by_transfer": false},
                      {"ydernummer": "000042", "cluster": "nordfyn", "joined": "2019-03-01", "left": null, "by_transfer": false}],
      "patients": [{"ydernummer": "061654", "year": 2022, "count": 3150}, {"ydernummer": "000042", "year": 2022, "count": 1000}]
    }"#;
    assert_eq!(Scenario::from_record_batches(&frames).unwrap(), Scenario::from_json(json).unwrap());
}

#[test]
fn format_frames_name_table_row_and_column_of_every_problem() {
    let clusters = batch(vec![
        ("id", Arc::new(StringArray::from(vec!["nordfyn"])) as ArrayRef),
        ("founded", Arc::new(TimestampNanosecondArray::from(vec![Some(midnight("2018-09-15") + 3_600_000_000_000)]))),
        ("colour", Arc::new(StringArray::from(vec!["red"]))),
    ]);
    let practices = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654"])) as ArrayRef),
        ("capacities", Arc::new(Float64Array::from(vec![1.5]))),
    ]);
    let memberships = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654"])) as ArrayRef),
        ("cluster", Arc::new(StringArray::from(vec!["nordfyn"]))),
        ("joined", Arc::new(days(&[None]))),
    ]);
    let patients = batch(vec![
        ("ydernummer", Arc::new(StringArray::from(vec!["061654"])) as ArrayRef),
        ("year", Arc::new(Int64Array::from(vec![2022]))),
        ("count", Arc::new(Float64Array::from(vec![f64::NAN]))),
    ]);
    let rates = batch(vec![
        ("year", Arc::new(Int64Array::from(vec![2021])) as ArrayRef),
        ("rate", Arc::new(Float64Array::from(vec![1.1]))),
    ]);
    let frames = ScenarioBatches {
        clusters: Some(&clusters),
        practices: Some(&practices),
        memberships: Some(&memberships),
        patients: Some(&patients),
        rates: Some(&rates),
        policy: None,
    };
    let found: Vec<(String, Rule, String)> = Scenario::from_record_batches(&frames)
        .unwrap_err()
        .all()
        .into_iter()
        .map(|p| (p.path, p.rule, p.message_en))
        .collect();
    let places: Vec<(&str, Rule)> = found.iter().map(|(p, r, _)| (p.as_str(), *r)).collect();
    assert_eq!(
        places,
        vec![
            ("clusters:0:colour", Rule::Format),
            ("clusters:1:founded", Rule::Format),
            ("practices:1:capacities", Rule::MemCapacity),
            ("memberships:1:joined", Rule::Format),
            ("patients:1:count", Rule::Format),
            ("rates:1:rate", Rule::Format),
        ]
    );
    assert_eq!(found[1].2, "expected a date YYYY-MM-DD, found a time of day");
    assert_eq!(found[2].2, "expected a whole number, found the number 1.5");
    assert_eq!(found[3].2, "this field is required");
}

#[test]
fn mem_list_as_arrow_has_the_csv_columns_and_values() {
    use klynge::{Actor, Capacities, Command, Document, DocumentKind, LeaveReason, RegistrationForm, Registry};
    let day = |s: &str| s.parse::<NaiveDate>().unwrap();
    let pdf = |kind| Document::from_pdf(kind, "doc.pdf", format!("%PDF-1.7 {kind}").as_bytes()).unwrap();
    let form = RegistrationForm {
        cvr: "12345674".into(),
        name: "Klynge Nordfyn".into(),
        coordinator_name: "Anne Hansen".into(),
        coordinator_email: "anne@example.dk".into(),
        coordinator_phone: "42144638".into(),
        coordinator_ydernummer: "061654".into(),
        coordinator_capacities: Some(2),
        municipality: "480".into(),
        founded: Some(day("2023-09-15")),
        documents: vec![pdf(DocumentKind::FoundingMinutes), pdf(DocumentKind::Statutes)],
    };
    let anne = Actor::health_professional("Anne Hansen", "061654".parse().unwrap());
    let mut registry = Registry::new();
    registry
        .apply(&anne, day("2023-10-01"), Command::CreateCluster { registration: form.validate().unwrap() })
        .unwrap();
    let cluster = "12345674".parse().unwrap();
    let add = Command::AddMember {
        cluster: klynge::ClusterId::clone(&cluster),
        ydernummer: "12345".parse().unwrap(),
        email: Some("praksis@example.dk".parse().unwrap()),
        capacities: Some(Capacities::new(3).unwrap()),
    };
    registry.apply(&anne, day("2023-11-01"), add).unwrap();
    let leave = Command::RemoveMember {
        cluster: cluster.clone(),
        ydernummer: "12345".parse().unwrap(),
        reason: LeaveReason::Closed,
    };
    registry.apply(&anne, day("2024-05-01"), leave).unwrap();
    let list = registry.member_list_over(&cluster, day("2024-01-01"), day("2024-12-31")).unwrap();
    let batch = list.to_record_batch().unwrap();
    let names: Vec<&str> = batch.schema_ref().fields().iter().map(|f| f.name().as_str()).collect();
    assert_eq!(names, klynge::MEMBER_LIST_COLUMNS);
    assert_eq!(batch.num_rows(), 2);
    let strings = |column: usize| {
        batch.column(column).as_string::<i32>().iter().map(|s| s.map(str::to_owned)).collect::<Vec<_>>()
    };
    assert_eq!(strings(0), [Some("061654".to_owned()), Some("012345".to_owned())]);
    assert_eq!(strings(1), [None, None]);
    assert_eq!(strings(3), [None, Some("praksis@example.dk".to_owned())]);
    assert_eq!(int(batch.column(4), 1), Some(3));
    let left = batch.column(6).as_primitive::<Date32Type>();
    assert!(left.is_null(0));
    assert_eq!(left.value(1), epoch_day(day("2024-05-01")));
    assert_eq!(strings(7), [None, Some("closed".to_owned())]);
}
