//! Reading a scenario: the national sample's JSON (as `Scenario::to_json` writes it) at 1x,
//! 10x and 100x national size, and the same scenario as CSV tables at 1x and 10x; reading
//! includes every check and the compiled form the computation starts from.
//!
//! Throughput is reported in bytes per second. Run: `cargo bench -p klynge-benches --bench scenario`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use klynge::sample::{csv_tables, scaled};
use klynge::{Scenario, ScenarioTables};

fn reading(c: &mut Criterion) {
    let mut json = c.benchmark_group("scenario_json");
    json.sample_size(10);
    for factor in [1u32, 10, 100] {
        let text = scaled(factor).to_json();
        json.throughput(Throughput::Bytes(text.len() as u64));
        json.bench_with_input(BenchmarkId::new("read", format!("{factor}x")), &text, |b, text| {
            b.iter(|| black_box(Scenario::from_json(text)))
        });
    }
    json.finish();

    let mut csv = c.benchmark_group("scenario_csv");
    csv.sample_size(10);
    for factor in [1u32, 10] {
        let [clusters, practices, memberships, patients, rates, policy] = csv_tables(&scaled(factor));
        let bytes =
            [&clusters, &practices, &memberships, &patients, &rates, &policy].iter().map(|t| t.len()).sum::<usize>();
        let tables = ScenarioTables {
            clusters: Some(&clusters),
            practices: Some(&practices),
            memberships: Some(&memberships),
            patients: Some(&patients),
            rates: Some(&rates),
            policy: Some(&policy),
        };
        csv.throughput(Throughput::Bytes(bytes as u64));
        csv.bench_with_input(BenchmarkId::new("read", format!("{factor}x")), &tables, |b, tables| {
            b.iter(|| black_box(Scenario::from_tables(tables)))
        });
    }
    csv.finish();
}

criterion_group!(benches, reading);
criterion_main!(benches);
