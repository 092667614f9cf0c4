#!/usr/bin/env bash
# Builds the klynge_ffi library and generates its Kotlin, Swift and Python bindings into
# build/uniffi/<language>/ with the workspace's own uniffi-bindgen (same uniffi version).
# Usage: scripts/uniffi-bindings.sh        (prints the library's path last)
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build --locked --release -p klynge-uniffi >&2
case "$(uname -s)" in
  Darwin) lib=target/release/libklynge_ffi.dylib ;;
  *) lib=target/release/libklynge_ffi.so ;;
esac
rm -rf build/uniffi
for language in kotlin swift python; do
  # Library mode reads bindings-uniffi/uniffi.toml (the crate's own) for the custom types.
  target/release/uniffi-bindgen generate --library "$lib" --language "$language" --out-dir "build/uniffi/$language" >&2
done
# The generated Python module loads the library from its own folder.
cp "$lib" build/uniffi/python/
echo "$lib"
