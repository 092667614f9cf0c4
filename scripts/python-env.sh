#!/usr/bin/env bash
# Creates (or reuses) .venv with what the Python package needs to build and be tested.
set -euo pipefail
cd "$(dirname "$0")/.."
packages=("maturin>=1.9,<2" pytest mypy pandas pyarrow polars duckdb matplotlib)
if [ ! -x .venv/bin/python ]; then
  echo "python: creating the virtual environment .venv"
  python3 -m venv .venv
fi
echo "python: installing into .venv with pip: ${packages[*]}"
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "${packages[@]}"
