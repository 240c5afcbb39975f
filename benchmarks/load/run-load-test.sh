#!/usr/bin/env bash
# Load test of the Security Monitor demo over loopback with wrk (issue 8). Every run is bounded in time.
#   1. GET /api/me through the demo's full filter chain vs the same answer from a bare Jetty (no filters)
#   2. GET /health latency while another wrk floods POST /api/auth/login with wrong passwords,
#      once from one client and once spread over many clients (every attempt costs a bcrypt hash)
# Usage: benchmarks/load/run-load-test.sh        (DURATION=15s CONNECTIONS=32 to change the defaults)
# Needs wrk (apt-get install -y wrk) and a JDK 17+. Sends traffic to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
LOAD=benchmarks/load
OUT=examples/security-monitor/target/load
mkdir -p "$OUT"
rm -f "$OUT/targets.properties"

./mvnw -q -B -pl examples/security-monitor -am install -DskipTests -Dspotbugs.skip -Dmaven.javadoc.skip -Djacoco.skip
./mvnw -q -B -pl examples/security-monitor dependency:build-classpath \
  -Dmdep.outputFile="$PWD/$OUT/classpath" -Dmdep.includeScope=test
CP="examples/security-monitor/target/test-classes:examples/security-monitor/target/classes:$(cat "$OUT/classpath")"

java -Xms512m -Xmx512m -cp "$CP" dev.bulwark.examples.monitor.LoadTargets "$OUT/targets.properties" \
  >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  [ -f "$OUT/targets.properties" ] && break
  kill -0 $SERVER 2>/dev/null || { cat "$OUT/server.log" >&2; exit 1; }
  sleep 0.5
done
[ -f "$OUT/targets.properties" ] || { echo "servers did not start within 60 s" >&2; exit 1; }
prop() { grep "^$1=" "$OUT/targets.properties" | cut -d= -f2-; }
FULL=http://127.0.0.1:$(prop full.port)
BARE=http://127.0.0.1:$(prop bare.port)
export TOKEN; TOKEN=$(prop token)

# wrk's summary -> "rps p50 p99" (latencies as wrk prints them)
summary() { awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$NF}
  END {printf "%s %s %s %s\n", r, p50, p99, (bad==""?0:bad)}' "$1"; }
run() { # name url script duration connections
  wrk -t1 -c"$5" -d"$4" --latency ${3:+-s "$3"} "$2" >"$OUT/$1.txt"; summary "$OUT/$1.txt"; }

echo "warming up both servers (10 s each)"
run warm-full "$FULL/api/me" "$LOAD/me.lua" 10s "$CONNECTIONS" >/dev/null
run warm-bare "$BARE/api/me" "$LOAD/me.lua" 10s "$CONNECTIONS" >/dev/null

echo
echo "| target | requests/s | p50 | p99 | non-2xx |"
echo "|---|---:|---:|---:|---:|"
read -r r p50 p99 bad < <(run me-bare "$BARE/api/me" "$LOAD/me.lua" "$DURATION" "$CONNECTIONS")
echo "| /api/me, bare Jetty, no filters | $r | $p50 | $p99 | $bad |"
read -r r p50 p99 bad < <(run me-full "$FULL/api/me" "$LOAD/me.lua" "$DURATION" "$CONNECTIONS")
echo "| /api/me, demo, full Bulwark chain | $r | $p50 | $p99 | $bad |"
read -r r p50 p99 bad < <(run health-quiet "$FULL/health" "" "$DURATION" 4)
echo "| /health, no other load | $r | $p50 | $p99 | $bad |"

for mode in one-client spread; do
  SPREAD=$([ $mode = spread ] && echo 1 || echo 0) \
    wrk -t1 -c16 -d"$(( ${DURATION%s} + 4 ))s" --latency -s "$LOAD/login-flood.lua" "$FULL/api/auth/login" \
    >"$OUT/flood-$mode.txt" &
  FLOOD=$!
  sleep 2
  read -r r p50 p99 bad < <(run "health-$mode" "$FULL/health" "" "$DURATION" 4)
  wait $FLOOD
  read -r fr fp50 fp99 fbad < <(summary "$OUT/flood-$mode.txt")
  echo "| /health during a login flood ($mode: $fr logins/s, $fbad non-2xx) | $r | $p50 | $p99 | $bad |"
done
echo
echo "wrk outputs and the server log are in $OUT/"
