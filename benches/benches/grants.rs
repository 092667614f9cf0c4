//! Grant computation speed: the national sample, 10x and 100x national, 2018-2026; and the
//! national report written out as JSON and as Arrow columns.
//!
//! Throughput is reported in lines (elements) per second; the bytes held per line are printed
//! once per size. Run: `cargo bench -p klynge-benches`.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use klynge::GrantReport;
use klynge::sample::{YEARS, scaled};

fn grants(c: &mut Criterion) {
    let mut group = c.benchmark_group("grants");
    group.sample_size(20);
    for factor in [1u32, 10, 100] {
        let scenario = scaled(factor);
        let report = scenario.grants(YEARS.0, YEARS.1).unwrap_or_else(|e| panic!("the sample computes: {e}"));
        let lines = report.len();
        let held = report.heap_bytes() as f64 / lines.max(1) as f64;
        println!(
            "factor {factor}: {lines} lines, {} bytes per stored line, {held:.1} bytes held per line in all",
            GrantReport::memory_per_line()
        );
        group.throughput(Throughput::Elements(lines as u64));
        group.bench_with_input(BenchmarkId::new("compute", format!("{factor}x")), &scenario, |b, s| {
            b.iter(|| black_box(s.grants(YEARS.0, YEARS.1)))
        });
    }
    group.finish();

    let national = scaled(1);
    let report = national.grants(YEARS.0, YEARS.1).unwrap_or_else(|e| panic!("the sample computes: {e}"));
    let mut json = c.benchmark_group("report_json");
    json.throughput(Throughput::Elements(report.len() as u64));
    json.bench_function("national_to_json", |b| b.iter(|| black_box(report.to_json())));
    json.finish();

    // The Arrow table the Python package's `to_pandas()` and Arrow interface are made from.
    let mut arrow = c.benchmark_group("report_arrow");
    arrow.throughput(Throughput::Elements(report.len() as u64));
    arrow.bench_function("national_to_record_batch", |b| b.iter(|| black_box(report.to_record_batch())));
    arrow.finish();
}

criterion_group!(benches, grants);
criterion_main!(benches);
