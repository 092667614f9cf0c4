#!/usr/bin/env bash
# Every test of klynge, from a fresh clone: formatting, lints, then the Rust tests.
# Usage: scripts/test.sh        (CI calls exactly this through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --all -- --check

echo "== cargo clippy (all targets, warnings are errors)"
cargo clippy --workspace --all-targets --locked -- -D warnings

echo "== cargo test (Rust: unit, property, integration and doc tests)"
cargo test --workspace --locked
