//! The cluster's funds (LED-*): the ledger of the national sample's report (2018-2026) with
//! 10,000 spendings spread over its clusters, on a day with both booked and planned entries.
//! Run: `cargo bench -p klynge-benches --bench ledger`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use klynge::ledger::Spendings;
use klynge::reconcile::Dialect;
use klynge::sample::{YEARS, national};

/// 10,000 spendings over the report's clusters, half paid (before *today*), half requested.
fn spendings_csv(clusters: &[klynge::ClusterId]) -> String {
    let kinds = ["refund", "meeting", "honorarium", "other"];
    let mut text = String::from("cluster,date,kind,payee,amount,status\n");
    for i in 0..10_000usize {
        let cluster = &clusters[i % clusters.len()];
        let (year, status) = if i % 2 == 0 { (2019 + i % 6, "paid") } else { (2026, "requested") };
        let month = 1 + i % 12;
        text.push_str(&format!(
            "{cluster},{year}-{month:02}-15,{},Payee {i},{}.{:02},{status}\n",
            kinds[i % 4],
            100 + i % 5000,
            i % 100
        ));
    }
    text
}

fn ledger(c: &mut Criterion) {
    let report = national().grants(YEARS.0, YEARS.1).unwrap_or_else(|e| panic!("the sample computes: {e}"));
    let text = spendings_csv(report.clusters());
    let spendings = Spendings::from_csv(&text, "spendings.csv", Dialect::Standard, None)
        .unwrap_or_else(|e| panic!("the spendings read: {e:?}"));
    let today = klynge::NaiveDate::from_ymd_opt(2025, 6, 1).unwrap_or_default();
    let mut group = c.benchmark_group("ledger");
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("national_10000_spendings", |b| b.iter(|| black_box(report.ledger(&spendings, today, &[]))));
    group.bench_function("read_10000_spendings_csv", |b| {
        b.iter(|| black_box(Spendings::from_csv(&text, "spendings.csv", Dialect::Standard, None)))
    });
    group.finish();
}

/// ADJ-*: the adjustments between the national sample's report and a copy computed with one
/// patient count in ten changed.
fn adjustments(c: &mut Criterion) {
    let scenario = national();
    let paid = scenario.grants(YEARS.0, YEARS.1).unwrap_or_else(|e| panic!("the sample computes: {e}"));
    let mut json: serde_json::Value =
        serde_json::from_str(&scenario.to_json()).unwrap_or_else(|e| panic!("the sample's JSON reads: {e}"));
    if let Some(patients) = json["patients"].as_array_mut() {
        for (i, p) in patients.iter_mut().enumerate() {
            if i % 10 == 0
                && let Some(count) = p["count"].as_u64()
            {
                p["count"] = serde_json::json!(count + 7);
            }
        }
    }
    let changed = klynge::Scenario::from_value(&json).unwrap_or_else(|e| panic!("the changed copy reads: {e:?}"));
    let owed = changed.grants(YEARS.0, YEARS.1).unwrap_or_else(|e| panic!("the changed copy computes: {e}"));
    let today = klynge::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap_or_default();
    let mut group = c.benchmark_group("adjustments");
    group.throughput(Throughput::Elements(paid.len() as u64));
    group.bench_function("national_one_count_in_ten_changed", |b| b.iter(|| black_box(owed.adjustments(&paid, today))));
    group.finish();
}

criterion_group!(benches, ledger, adjustments);
criterion_main!(benches);
