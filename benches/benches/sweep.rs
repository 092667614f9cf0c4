//! Sweeps (SW-VARIANTS): 1,000 rate variants of the 2026 rate (3.000 to 3.999 kr) over grant
//! years 2018-2026, on the national sample and at 10x national; every core rayon gives.
//!
//! Run: `cargo bench -p klynge-benches --bench sweep` (RAYON_NUM_THREADS=1 for one core).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use klynge::grants::{Parameters, Variant, sweep};
use klynge::sample::{YEARS, scaled};

fn sweeps(c: &mut Criterion) {
    let variants: Vec<Variant> = (0..1000)
        .map(|i| {
            let rate = rust_decimal::Decimal::new(3000 + i, 3).to_string().parse().unwrap_or_else(|e| panic!("{e}"));
            Variant::default().with_rate(2026, rate)
        })
        .collect();
    let mut group = c.benchmark_group("sweep");
    group.sample_size(10);
    for factor in [1u32, 10] {
        let scenario = scaled(factor);
        group.throughput(Throughput::Elements(variants.len() as u64));
        group.bench_with_input(BenchmarkId::new("1000_rate_variants", format!("{factor}x")), &scenario, |b, s| {
            b.iter(|| black_box(sweep(s, &Parameters::official(), YEARS.0, YEARS.1, &variants)))
        });
    }
    group.finish();
}

criterion_group!(benches, sweeps);
criterion_main!(benches);
