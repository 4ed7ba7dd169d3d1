#!/usr/bin/env bash
# The soak command of issue 8: many sessions through one Portico for a long time, both transports, with
# churn; reports messages sent/received/lost, broken sessions, reconnects, and Portico's heap after GC,
# threads and descriptors at start and end (bench/results/soak-latest.md, also printed).
#   bench/soak.sh                                  60 minutes, 1000 sessions
#   bench/soak.sh --minutes 5 --sessions 200       a short one
#   bench/soak.sh --minutes 60 --sessions 1000 --rate 500 --churn-per-minute 50
# Set BENCH_SKIP_BUILD=1 to reuse an existing build. Needs prosody/prosodyctl and openssl on the PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --minutes) args+=("minutes=$2"); shift 2 ;;
    --sessions) args+=("sessions=$2"); shift 2 ;;
    --rate) args+=("rate=$2"); shift 2 ;;
    --churn-per-minute) args+=("churnPerMinute=$2"); shift 2 ;;
    --out) args+=("out=$2"); shift 2 ;;
    *) echo "soak.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
if [[ "${BENCH_SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q ${MAVEN_OFFLINE:+-o} -DskipTests package -pl bench -am
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
exec java -Xms512m -Xmx1g -XX:+UseG1GC -Dorg.eclipse.jetty.LEVEL=WARN -Ddev.portico.LEVEL=WARN \
  -cp "bench/target/classes:bench/target/lib/*" dev.portico.bench.Soak "${args[@]}"
