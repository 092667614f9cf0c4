"""Benchmark: the national sample to a pandas DataFrame, against the same computation in Rust.

The Rust side is the grant computation itself, `Scenario.grants`: it runs in Rust with the GIL
released, and takes here what criterion measures for it in a pure Rust process
(`cargo bench -p klynge-benches -- grants/compute/1x`), since the extension allocates through
mimalloc. The Python side is what an analyst runs: the computation plus `to_pandas()`. The
ratio of the two is what Python adds. Then the whole of it from the text of a scenario,
`Scenario.from_json(text).grants(2018, 2026).to_pandas()`, at national size and ten times it,
from the `bytes` of a file and from a `str` (whose UTF-8 Python keeps once asked for it). Prints
the best of N runs (and the median).

Run: .venv/bin/python bindings-python/bench/bench_to_pandas.py [runs]
"""

import statistics
import sys
import time

import klynge


def timed(fn, runs: int) -> tuple[float, float]:
    """Best and median milliseconds of `runs` calls, after one to warm up."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, statistics.median(times) * 1000


def main(runs: int = 50) -> None:
    scenario = klynge.sample.national()
    first, last = 2018, 2026
    report = scenario.grants(first, last)
    rust, rust_median = timed(lambda: scenario.grants(first, last), runs)
    frame_only, _ = timed(report.to_pandas, runs)
    total, total_median = timed(lambda: scenario.grants(first, last).to_pandas(), runs)
    columns, _ = timed(report.columns, max(runs // 5, 3))
    print(f"national sample, grant years {first}-{last}: {len(report)} lines")
    print(f"  Rust computation (Scenario.grants):     best {rust:6.2f} ms, median {rust_median:6.2f} ms")
    print(f"  to_pandas() of a computed report:       best {frame_only:6.2f} ms")
    print(f"  grants + to_pandas() (the analyst's):   best {total:6.2f} ms, median {total_median:6.2f} ms")
    print(f"  report.columns() (Python objects):      best {columns:6.2f} ms")
    print(f"  ratio Python / Rust: {total / rust:.3f}")
    for factor in (1, 10):
        text = (scenario if factor == 1 else klynge.sample.scaled(factor)).to_json()
        data = text.encode()
        size = f"{len(data) / 1e6:.0f} MB" if factor > 1 else f"{len(data) / 1e6:.1f} MB"
        whole = f"from_json(...).grants({first}, {last}).to_pandas()"
        for given, value in (("bytes", data), ("str", text)):
            runs_here = runs if factor == 1 else max(runs // 5, 5)
            best, median = timed(lambda v=value: klynge.Scenario.from_json(v).grants(first, last).to_pandas(), runs_here)
            label = f"{factor}x ({size}), {whole} from {given}:"
            print(f"  {label:<60} best {best:6.2f} ms, median {median:6.2f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
