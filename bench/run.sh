#!/usr/bin/env bash
# Builds the benchmark and runs it in a JVM of its own (not Maven's); writes bench/results/latest.md and
# the charts beside it. Portico runs in a child JVM, Prosody as a child process.
#   bench/run.sh                 full run (about half an hour on 2 cores)
#   bench/run.sh --quick         short run (a few minutes): fewer rates, pairs, rounds and idle sessions
#   bench/run.sh rates=1000 pairs=50 rounds=5 out=/tmp/r.md     (see BenchOptions for every key)
# Set BENCH_SKIP_BUILD=1 to reuse an existing build, MAVEN_OFFLINE=1 to build offline.
# Needs java 17+, mvn, prosody/prosodyctl and openssl on the PATH; loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
for a in "$@"; do
  if [[ "$a" == --quick ]]; then args+=(quick=true); else args+=("$a"); fi
done
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q ${MAVEN_OFFLINE:+-o} -DskipTests package -pl bench -am
fi
# Thousands of idle sessions need descriptors: raise the soft limit to the hard one (children inherit it).
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xms1g -Xmx1g -XX:+UseG1GC -Djava.awt.headless=true \
  -Dorg.eclipse.jetty.LEVEL=WARN -Ddev.portico.LEVEL=WARN \
  -cp "bench/target/classes:bench/target/lib/*" dev.portico.bench.Bench "${args[@]}"
