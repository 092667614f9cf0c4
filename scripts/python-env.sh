#!/usr/bin/env bash
# Creates (or reuses) .venv with what the Python package needs to build and be tested.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "maturin>=1.9,<2" pytest mypy pandas pyarrow polars duckdb matplotlib
