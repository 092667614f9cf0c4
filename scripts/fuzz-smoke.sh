#!/usr/bin/env bash
# The fuzz smoke test: builds every cargo-fuzz target of core/fuzz and runs each for a short
# fixed time (KLYNGE_FUZZ_SECONDS, default 5) from its seed corpus, with the formats'
# dictionary. A panic, a failed round trip, a timeout or running out of memory is a crash:
# the script stops with libFuzzer's report and the input under core/fuzz/artifacts/.
# New inputs go to a temporary folder, so the seed corpora in the repository stay as they are.
# Longer runs and reproducing a crash: docs/fuzzing.md.
set -euo pipefail
cd "$(dirname "$0")/../core"

seconds=${KLYNGE_FUZZ_SECONDS:-5}
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz: the nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io (cargo install cargo-fuzz --locked)"
  cargo install -q cargo-fuzz --locked
fi

# No sanitizer: the core forbids unsafe code, and the smoke test looks for panics, broken
# round trips and runaway time or memory; longer runs use the address sanitizer (docs/fuzzing.md).
flags=(--sanitizer none)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo +nightly fmt --manifest-path fuzz/Cargo.toml -- --check
if ! cargo +nightly fuzz build "${flags[@]}" >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  echo "fuzz: 0 passed, 1 failed (the targets do not build)"
  exit 1
fi

passed=0
failed=0
for target in $(cargo +nightly fuzz list); do
  mkdir -p "$work/$target"
  if cargo +nightly fuzz run "${flags[@]}" "$target" "$work/$target" "fuzz/corpus/$target" -- \
      -max_total_time="$seconds" -dict=fuzz/formats.dict -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 >"$work/$target.log" 2>&1; then
    runs=$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$work/$target.log" | grep -oE '[0-9]+$' || echo "?")
    echo "fuzz: $target: ok ($runs runs in ${seconds}s)"
    passed=$((passed + 1))
  else
    echo "fuzz: $target: CRASH"
    tail -n 60 "$work/$target.log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
