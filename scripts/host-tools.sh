#!/usr/bin/env bash
# Installs what the host-language tests need, if missing: Java, JNA and JUnit 5 from Debian's
# packages, and the Kotlin compiler from the npm package `kotlin-compiler` (into build/tools).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)
[ -f /usr/share/java/jna.jar ] || need+=(libjna-java)
[ -f /usr/share/java/junit-platform-console-standalone.jar ] || need+=(junit5)
if [ ${#need[@]} -gt 0 ]; then
  echo "host tools: installing ${need[*]} with apt-get (needs root)"
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "host tools: cannot install ${need[*]}: not root, or no apt-get. Install them yourself," >&2
    echo "or leave out the Kotlin host tests with KLYNGE_SKIP_HOST_TESTS=1 scripts/test.sh" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

kotlin_version=2.4.20
if [ ! -x build/tools/node_modules/kotlin-compiler/bin/kotlinc-jvm ]; then
  echo "host tools: installing kotlin-compiler@$kotlin_version with npm into build/tools"
  mkdir -p build/tools
  (cd build/tools && npm install --silent --no-audit --no-fund "kotlin-compiler@$kotlin_version" >/dev/null)
fi
