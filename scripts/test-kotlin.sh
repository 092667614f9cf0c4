#!/usr/bin/env bash
# The Kotlin host tests: builds klynge_ffi, generates the Kotlin bindings, compiles them with the
# JUnit 5 tests (kotlinc from npm, against Debian's JNA and JUnit), runs them on the JVM with
# JUnit's console launcher, and prints a closing "N passed, N failed" line.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/host-tools.sh
lib=$(scripts/uniffi-bindings.sh 2>/dev/null | tail -n 1)
kotlin=build/tools/node_modules/kotlin-compiler
java_libs=/usr/share/java
classes=build/kotlin/classes
rm -rf build/kotlin && mkdir -p "$classes"

compile_cp="$java_libs/jna.jar:$java_libs/junit-jupiter-api.jar:$java_libs/apiguardian-api.jar:$java_libs/opentest4j.jar"
"$kotlin/bin/kotlinc-jvm" -nowarn -jvm-target 17 -cp "$compile_cp" -d "$classes" \
  build/uniffi/kotlin/dk/klynge/klynge_ffi.kt bindings-uniffi/tests/kotlin/dk/klynge/tests/*.kt

status=0
java -Djna.library.path="$(dirname "$lib")" -jar "$java_libs/junit-platform-console-standalone.jar" \
  --class-path "$classes:$java_libs/jna.jar:$kotlin/lib/kotlin-stdlib.jar" --scan-class-path "$classes" \
  --disable-banner --details=tree > build/kotlin/junit.txt 2>&1 || status=$?
cat build/kotlin/junit.txt
passed=$(grep -oE '[0-9]+ tests successful' build/kotlin/junit.txt | grep -oE '[0-9]+' || echo 0)
failed=$(grep -oE '[0-9]+ tests failed' build/kotlin/junit.txt | grep -oE '[0-9]+' || echo 0)
echo "kotlin: $passed passed, $failed failed"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
