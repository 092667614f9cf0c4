//! Reading a scenario: the national sample's JSON (as `Scenario::to_json` writes it) at 1x,
//! 10x and 100x national size, and the same scenario as CSV tables at 1x and 10x; reading
//! includes every check and the compiled form the computation starts from.
//!
//! Throughput is reported in bytes per second. Run: `cargo bench -p klynge-benches --bench scenario`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use klynge::sample::scaled;
use klynge::{Scenario, ScenarioTables};

/// The scenario's lists as CSV tables.
fn tables(s: &Scenario) -> [String; 5] {
    let opt = |v: Option<String>| v.unwrap_or_default();
    let mut clusters = String::from("id,name,cvr,municipality,founded,completed\n");
    for c in s.clusters() {
        clusters += &format!(
            "{},{},{},{},{},{}\n",
            c.id,
            opt(c.name.clone()),
            opt(c.cvr.map(|v| v.to_string())),
            opt(c.municipality.map(|m| format!("{:03}", m.code()))),
            c.founded,
            opt(c.completed.map(|d| d.to_string()))
        );
    }
    let mut practices = String::from("ydernummer,capacities\n");
    for p in s.practices() {
        practices += &format!("{},{}\n", p.ydernummer, p.capacities.get());
    }
    let mut memberships = String::from("ydernummer,cluster,joined,left,by_transfer\n");
    for m in s.memberships() {
        let left = opt(m.period.left().map(|d| d.to_string()));
        memberships += &format!("{},{},{},{left},{}\n", m.ydernummer, m.cluster, m.period.joined(), m.by_transfer);
    }
    let mut patients = String::from("ydernummer,year,count\n");
    for p in s.patients() {
        patients += &format!("{},{},{}\n", p.ydernummer, p.year, p.count.get());
    }
    let mut rates = String::from("year,rate\n");
    for r in s.rates() {
        rates += &format!("{},{}\n", r.year, r.rate);
    }
    [clusters, practices, memberships, patients, rates]
}

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
        let [clusters, practices, memberships, patients, rates] = tables(&scaled(factor));
        let bytes = [&clusters, &practices, &memberships, &patients, &rates].iter().map(|t| t.len()).sum::<usize>();
        let tables = ScenarioTables {
            clusters: Some(&clusters),
            practices: Some(&practices),
            memberships: Some(&memberships),
            patients: Some(&patients),
            rates: Some(&rates),
            policy: None,
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
