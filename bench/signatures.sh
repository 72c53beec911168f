#!/usr/bin/env bash
# Times Signet's PAdES signatures against EU DSS (see bench/README.md, "Running the signature
# timings"). Self-contained: compiles against the project's test classpath (DSS is a test
# dependency) into target/bench-signatures.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q ${MVN_OFFLINE:-} test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench-signatures.cp -Dmdep.includeScope=test
CP="target/classes:$(cat target/bench-signatures.cp)"
mkdir -p target/bench-signatures
javac -nowarn -d target/bench-signatures -cp "$CP" bench/src/dev/signet/bench/SignatureBench.java
exec java -Xmx512m -Dlogback.configurationFile=bench/logback-signatures.xml -cp "target/bench-signatures:$CP" dev.signet.bench.SignatureBench "$@"
