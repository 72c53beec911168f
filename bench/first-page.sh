#!/usr/bin/env bash
# Time to the first page of a signing link on a simulated slow 4G phone (see bench/README.md, "Running
# the first-page bench"). Usage: bench/first-page.sh label=path/to/signet.jar [label=other.jar …] [runs=N]
# Self-contained: compiles against the project's test classpath (Playwright, iText) into
# target/bench-first-page-classes; Chromium is Debian's /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_OFFLINE:-} test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-first-page.cp -Dmdep.includeScope=test
CP="target/classes:$(cat target/bench-first-page.cp)"
mkdir -p target/bench-first-page-classes
javac -nowarn -d target/bench-first-page-classes -cp "$CP" \
    bench/src/dev/signet/bench/FirstPageBench.java bench/src/dev/signet/bench/Multipart.java
# Playwright drives Debian's Chromium: it must not try to download its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
exec java -Xmx512m -cp "target/bench-first-page-classes:$CP" dev.signet.bench.FirstPageBench "$@"
