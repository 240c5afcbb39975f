#!/usr/bin/env bash
# Throughput of the full Bulwark chain against a bare Jetty (issue 14), measuring the server, not wrk:
# the server runs pinned to one core (taskset -c 1) and wrk, with two threads, to the other (taskset -c 0).
# Each target gets a fresh JVM per round, rounds interleave (full, bare, full, bare), and every request
# claims one of 20,000 client addresses behind the trusted proxy 127.0.0.1 with X-Forwarded-Proto: https.
# Prints a Markdown table (requests/s, p50, p99, response header bytes) and the full/bare ratio per round.
# With JFR=1, a last full-chain run records a JFR profile (examples/security-monitor/target/load/chain.jfr).
# Usage: benchmarks/load/chain-throughput.sh   (ROUNDS=2 WARMUP=40s DURATION=15s CONNECTIONS=32)
# Needs wrk and curl (apt-get install -y wrk curl), taskset (util-linux) and 2 cores. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
for tool in wrk curl taskset; do
  command -v $tool >/dev/null || { echo "$tool is missing: apt-get install -y wrk curl util-linux" >&2; exit 2; }
done
[ "$(nproc)" -ge 2 ] || { echo "needs 2 cores: one for the server, one for wrk" >&2; exit 2; }
ROUNDS=${ROUNDS:-2}
WARMUP=${WARMUP:-40s}  # one core also runs C2: the full chain needs ~40 s to reach steady state
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-32}
LOAD=benchmarks/load
OUT=examples/security-monitor/target/load
mkdir -p "$OUT"

if [ -z "${SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -pl examples/security-monitor -am install -DskipTests -Dspotbugs.skip -Dmaven.javadoc.skip \
    -Djacoco.skip
  ./mvnw -q -B -pl examples/security-monitor dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$OUT/classpath" -Dmdep.includeScope=test
fi
CP="examples/security-monitor/target/test-classes:examples/security-monitor/target/classes:$(cat "$OUT/classpath")"

SERVER=""
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null || true' EXIT

start() { # target [extra JVM flags] -> sets SERVER, PORT, TOKEN
  local which=$1; shift
  rm -f "$OUT/targets-$which.properties"
  taskset -c 1 java -Xms512m -Xmx512m "$@" -cp "$CP" dev.bulwark.examples.monitor.LoadTargets \
    "$OUT/targets-$which.properties" "$which" >"$OUT/server-$which.log" 2>&1 &
  SERVER=$!
  for _ in $(seq 1 120); do
    [ -f "$OUT/targets-$which.properties" ] && break
    kill -0 $SERVER 2>/dev/null || { cat "$OUT/server-$which.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -f "$OUT/targets-$which.properties" ] || { echo "$which did not start within 60 s" >&2; exit 1; }
  PORT=$(grep "^$which.port=" "$OUT/targets-$which.properties" | cut -d= -f2-)
  TOKEN=$(grep "^token=" "$OUT/targets-full.properties" 2>/dev/null | cut -d= -f2- || true)
  export TOKEN
}
stop() { kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; SERVER=""; }
summary() { awk '/Requests\/sec/ {r=$2} $1=="50%" {p50=$2} $1=="99%" {p99=$2} /Non-2xx/ {bad=$NF}
  END {printf "%s %s %s %s\n", r, p50, p99, (bad==""?0:bad)}' "$1"; }
measure() { # name
  local url="http://127.0.0.1:$PORT/api/me"
  taskset -c 0 wrk -t2 -c"$CONNECTIONS" -d"$WARMUP" -s "$LOAD/me.lua" "$url" >/dev/null
  taskset -c 0 wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LOAD/me.lua" "$url" >"$OUT/$1.txt"
  local hdr
  hdr=$(curl -s -o /dev/null -D - -H "Authorization: Bearer $TOKEN" -H "X-Forwarded-For: 198.18.0.1" \
    -H "X-Forwarded-Proto: https" "$url" | wc -c)
  echo "$(summary "$OUT/$1.txt") $hdr"
}

echo "| round | target | requests/s | p50 | p99 | non-2xx | response header bytes |"
echo "|---|---|---:|---:|---:|---:|---:|"
declare -A RPS
for round in $(seq 1 "$ROUNDS"); do
  # the full chain first: the bare target's wrk script needs no token, the demo's does
  for which in full bare; do
    start "$which"
    read -r r p50 p99 bad hdr < <(measure "chain-$which-$round")
    stop
    RPS[$which-$round]=$r
    echo "| $round | $which | $r | $p50 | $p99 | $bad | $hdr |"
  done
done
echo
for round in $(seq 1 "$ROUNDS"); do
  awk -v f="${RPS[full-$round]}" -v b="${RPS[bare-$round]}" -v n="$round" \
    'BEGIN {printf "round %s: full / bare = %.2f\n", n, f / b}'
done

if [ -n "${JFR:-}" ]; then
  start full -XX:StartFlightRecording=filename="$OUT/chain.jfr",settings=profile,delay=$(( ${WARMUP%s} + 5 ))s,duration=$(( ${DURATION%s} - 5 ))s
  measure chain-jfr >/dev/null
  stop
  echo "JFR recording: $OUT/chain.jfr (summarise with: jfr print --events jdk.ExecutionSample $OUT/chain.jfr)"
fi
