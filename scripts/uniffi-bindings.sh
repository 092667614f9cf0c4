#!/usr/bin/env bash
# Builds the klynge_ffi library and generates its Kotlin, Swift and Python bindings into
# build/uniffi/<language>/ with the workspace's own uniffi-bindgen (same uniffi version).
# Usage: scripts/uniffi-bindings.sh            (debug build: what the tests load; it reuses the
#                                               dependencies `cargo test` already compiled)
#        scripts/uniffi-bindings.sh --release  (optimised: what an app ships)
# Prints the library's path last.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=debug
cargo_profile=()
case "${1:-}" in
  "") ;;
  --release) profile=release; cargo_profile=(--release) ;;
  *) echo "usage: scripts/uniffi-bindings.sh [--release]" >&2; exit 2 ;;
esac

cargo build --locked "${cargo_profile[@]}" -p klynge-uniffi >&2
# Cargo's own answer to where it builds (CARGO_TARGET_DIR, .cargo/config.toml), not a guess.
target=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
case "$(uname -s)" in
  Darwin) lib=$target/$profile/libklynge_ffi.dylib ;;
  *) lib=$target/$profile/libklynge_ffi.so ;;
esac
rm -rf build/uniffi
for language in kotlin swift python; do
  # Library mode reads bindings-uniffi/uniffi.toml (the crate's own) for the custom types.
  "$target/$profile/uniffi-bindgen" generate --library "$lib" --language "$language" --out-dir "build/uniffi/$language" >&2
done
# The generated Python module loads the library from its own folder.
cp "$lib" build/uniffi/python/
echo "$lib"
