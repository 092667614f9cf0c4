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

# Every ```kotlin block of the READMEs becomes a JUnit test that is compiled and run, so that
# what a host developer is shown compiles and works: its imports go to the top of the file,
# the rest into a test function of its own.
snippets=build/kotlin/readme/ReadmeSnippetsTest.kt
mkdir -p "$(dirname "$snippets")"
awk '
  FNR == 1 { file = FILENAME; gsub(/[^A-Za-z0-9]/, "_", file) }
  /^```kotlin/ { inside = 1; n++; names[n] = file "_" n; next }
  /^```/ && inside { inside = 0; next }
  inside && /^import / { imports[$0] = 1; next }
  inside { body[n] = body[n] "        " $0 "\n" }
  END {
    print "package dk.klynge.readme\n"
    for (i in imports) print i
    print "import org.junit.jupiter.api.Test\n"
    print "/** The README snippets, compiled and run (scripts/test-kotlin.sh writes this file). */"
    print "class ReadmeSnippetsTest {"
    for (i = 1; i <= n; i++) { print "    @Test\n    fun " names[i] "() {"; printf "%s", body[i]; print "    }\n" }
    print "}"
  }' README.md bindings-uniffi/README.md > "$snippets"
echo "README Kotlin snippets: $(grep -c '@Test' "$snippets") (in $snippets)"

compile_cp="$java_libs/jna.jar:$java_libs/junit-jupiter-api.jar:$java_libs/apiguardian-api.jar:$java_libs/opentest4j.jar"
"$kotlin/bin/kotlinc-jvm" -nowarn -jvm-target 17 -cp "$compile_cp" -d "$classes" \
  build/uniffi/kotlin/dk/klynge/klynge_ffi.kt bindings-uniffi/tests/kotlin/dk/klynge/tests/*.kt "$snippets"

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
