#!/usr/bin/env bash
# Builds the benchmark and runs it in a JVM of its own (not Maven's), writing bench/results/latest.md.
#   bench/run.sh                 full run (about 3-5 minutes on 2 cores)
#   bench/run.sh quick=true      smoke test (about a minute)
#   bench/run.sh pairs=20 seconds=5 upstreamTls=false out=/tmp/r.md   (see BenchOptions for every key)
# Set BENCH_SKIP_BUILD=1 to reuse an existing build. Needs prosody/prosodyctl and openssl on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q ${MAVEN_OFFLINE:+-o} -DskipTests package -pl bench -am
fi
exec java -Xms1g -Xmx1g -XX:+UseG1GC \
  -Dorg.eclipse.jetty.LEVEL=WARN -Ddev.portico.LEVEL=WARN \
  -cp "bench/target/classes:bench/target/lib/*" dev.portico.bench.Bench "$@"
