"""Benchmark: the national sample to a pandas DataFrame, against the same computation in Rust.

The Rust side is the grant computation itself (`Scenario.grants`, which runs in Rust with the
GIL released); the Python side is what an analyst runs: the computation plus `to_pandas()`,
whose Decimals, dates and DataFrame are made in Python. Prints the best of N runs and the
ratio. Run: .venv/bin/python bindings-python/bench/bench_to_pandas.py
"""

import statistics
import sys
import time

import klynge


def best_of(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main(runs: int = 30) -> None:
    scenario = klynge.sample.national()
    first, last = 2018, 2026
    rust_best, rust_median = best_of(lambda: scenario.grants(first, last), runs)
    report = scenario.grants(first, last)
    columns_best, _ = best_of(report.columns, runs)
    pandas_best, pandas_median = best_of(lambda: scenario.grants(first, last).to_pandas(), runs)
    print(f"national sample, grant years {first}-{last}: {len(report)} lines")
    print(f"  Rust computation (Scenario.grants):       best {rust_best:7.2f} ms, median {rust_median:7.2f} ms")
    print(f"  report.columns() (Python objects):        best {columns_best:7.2f} ms")
    print(f"  grants + to_pandas() (DataFrame):         best {pandas_best:7.2f} ms, median {pandas_median:7.2f} ms")
    print(f"  ratio Python / Rust: {pandas_best / rust_best:.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
