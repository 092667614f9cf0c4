#!/usr/bin/env bash
# Every test of klynge, from a fresh clone: formatting and lints, the Rust tests, the Python
# package (built into a virtual environment with maturin) with pytest and stubtest, the
# uniffi bindings' Kotlin and Python host tests, and a short run of every fuzz target.
#
# It installs what it needs, and says so before it does:
#   - pip, into .venv: maturin, pytest, mypy, pandas, pyarrow, polars, duckdb, matplotlib;
#   - apt-get, as root (only what is missing): a JDK, JNA (libjna-java) and JUnit 5 (junit5);
#   - npm, into build/tools: the Kotlin compiler (kotlin-compiler);
#   - cargo install, from crates.io: cargo-fuzz, for the fuzz smoke test (nightly toolchain).
#
# Usage: scripts/test.sh                            (CI calls exactly this through .ci/run)
#        KLYNGE_SKIP_HOST_TESTS=1 scripts/test.sh   (without apt or root: leaves out the Kotlin
#                                                    tests and their installs; CI never skips)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
# Each step says how long the run has taken so far (CI keeps the whole run under 30 minutes).
step() { echo "== [$((SECONDS / 60))m$((SECONDS % 60))s] $*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (every crate and target, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

# The core alone, as host apps build it: without the arrow feature. (klynge-uniffi builds
# against that core below; checking it here too would re-check uniffi's whole dependency tree
# under other features.)
step "cargo clippy (the core as host apps build it: without the arrow feature)"
cargo clippy -p klynge --all-targets --locked -- -D warnings

step "cargo test (Rust: unit, property, integration and doc tests)"
cargo test --locked

# The core's documentation, its public API, with every feature. (The whole workspace would
# check most dependencies again: without dev-dependencies their features differ from the
# builds above. The bindings' own docs are for their languages: stubs, README, tests.)
step "cargo doc (the core's documentation builds without warnings)"
RUSTDOCFLAGS="-D warnings" cargo doc --locked -q -p klynge --features arrow --no-deps

step "fuzz smoke test (every cargo-fuzz target of core/fuzz for a few seconds, nightly)"
scripts/fuzz-smoke.sh

step "Python: virtual environment with maturin, pytest, mypy, pandas, pyarrow, polars, duckdb, matplotlib"
scripts/python-env.sh
py="$root/.venv/bin/python"

# A debug build: it reuses what `cargo test` compiled, where a release build would compile
# every dependency again (minutes); the tests check behaviour, and overflow checks are on.
# Users and the benchmarks build with --release.
step "Python: build the klynge package into the environment (debug)"
"$root/.venv/bin/maturin" develop --locked -q -m bindings-python/Cargo.toml

step "Python: stubtest (the typed stubs match the module)"
(cd bindings-python && "$py" -m mypy.stubtest klynge._klynge)

step "Python: pytest"
(cd bindings-python && "$py" -m pytest -q)

if [ "${KLYNGE_SKIP_HOST_TESTS:-}" = 1 ]; then
  step "uniffi: Kotlin host tests SKIPPED (KLYNGE_SKIP_HOST_TESTS=1); generating the bindings only"
  scripts/uniffi-bindings.sh >/dev/null
else
  step "uniffi: Kotlin host tests (JUnit 5 on the JVM; generates Kotlin, Swift and Python bindings)"
  scripts/test-kotlin.sh
fi

step "uniffi: Python test of the generated module, and the Swift bindings were generated"
"$py" -m pytest -q bindings-uniffi/tests/python
step "all tests passed"
