#!/usr/bin/env bash
# Live collaboration under load (docs/collaboration.md), with real WebSocket clients (Node's `ws`,
# installed into target/livebench from npm on first use) on one service instance over loopback, with
# a heap of LIVE_BENCH_HEAP (768m: 10,000 open sockets hold about 470 MB of Tomcat's per-connection
# buffers, docs/collaboration.md; the other benchmarks use 256m):
#   1. 1,000 clients joining one workflow at once: time until all are welcomed, relay fan-out to
#      the other 999 (p50/p99 of every delivery), resident memory, errors;
#   2. 10,000 clients over 1,000 workflows (1,000 joining a second): join time, resident memory;
#   3. active session rows 5 s after the last client left;
#   4. engine throughput: 3,000 queued manual runs of one workflow drained with 100 live watchers
#      on it, against the same without watchers, in the same run.
# Writes a dated report to bench/results/.
# Usage: bench/live.sh [crowd clients, default 1000] [spread clients, default 10000] [runs, default 3000]
set -euo pipefail
cd "$(dirname "$0")/.."
crowd=${1:-1000}
spread=${2:-10000}
for tool in node npm psql python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install nodejs npm postgresql-client)" >&2; exit 2; }
done
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
[[ -d target/livebench/node_modules/ws ]] || npm install --silent --prefix target/livebench ws@8.18.3
export WS_MODULE_DIR=$PWD/target/livebench/node_modules
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"

home=$(mktemp -d /tmp/pumpflix-live.XXXXXX)
work=$(mktemp -d)
port=18084
PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx${LIVE_BENCH_HEAP:-768m} -jar target/pumpflix.jar \
  --pumpflix.api.requests-per-second=0 --pumpflix.instance-id=bench-live >"$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true
  rm -rf "$home" "$work"
}
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
embedded_database "$home"
base="http://localhost:$port/api/v1"
token=$(sign_up "$base" "Live bench" live@example.test)
paid_plan "$base" "$token"
workflow() {
  curl -s -X POST "$base/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "{
    \"name\": \"$1\", \"definition\": {
      \"nodes\": [{\"name\": \"Start\", \"type\": \"manualTrigger\", \"parameters\": {}},
                  {\"name\": \"Price\", \"type\": \"set\", \"parameters\": {\"fields\": {\"total\": \"={{ \$json.n * 2 }}\"}}}],
      \"connections\": {\"Start\": {\"main\": [[{\"node\": \"Price\", \"type\": \"main\", \"index\": 0}]]}}}}" | json '["id"]'
}
rss() { echo $(( $(ps -o rss= -p "$service") / 1024 )); }
sample_rss() {  # peak resident MB of the service while the command runs
  ( peak=0; while sleep 0.5; do r=$(ps -o rss= -p "$service" || echo 0); (( r > peak )) && peak=$r; echo $peak > "$work/peak"; done ) &
  local sampler=$!
  "$@"
  kill $sampler; wait $sampler 2>/dev/null || true
  echo $(( $(cat "$work/peak") / 1024 ))
}
active() { sql "SELECT count(*) FROM websocket_sessions WHERE is_active"; }
node_clients() { node bench/tools/live-clients.mjs "$@"; }

rss_idle=$(rss)
crowd_workflow=$(workflow crowd)
echo "1. $crowd clients on one workflow" >&2
crowd_peak=$(sample_rss bash -c "node bench/tools/live-clients.mjs crowd $port $token $crowd_workflow $crowd 50 5 > $work/crowd.json")
crowd_json=$(cat "$work/crowd.json")
sleep 5
crowd_left=$(active)

echo "2. $spread clients over 1,000 workflows" >&2
for i in $(seq 1 1000); do workflow "spread $i"; done > "$work/workflows.txt"
spread_peak=$(sample_rss bash -c "node bench/tools/live-clients.mjs spread $port $token $work/workflows.txt $spread 1000 10 > $work/spread.json")
spread_json=$(cat "$work/spread.json")
sleep 5
spread_left=$(active)
spread_settled=5
while [[ $(active) != 0 && $spread_settled -lt 120 ]]; do sleep 1; spread_settled=$((spread_settled + 1)); done

echo "3. engine runs with and without 100 watchers" >&2
runs_workflow=$(workflow runs)
drain() {  # queues N runs of the workflow at once, prints runs per second until all ended
  local n=$1 begun ended
  begun=$(date +%s.%N)
  sql "$(queue_runs_sql "$n" "ARRAY['$runs_workflow']::uuid[]")" >/dev/null
  until [[ $(sql "SELECT count(*) FROM pumpflix.runs WHERE workflow_id = '$runs_workflow'") == 0 ]]; do sleep 0.1; done
  ended=$(date +%s.%N)
  python3 -c "print(f'{$n/($ended-$begun):.0f}')"
}
runs=${3:-3000}
drain $runs >/dev/null   # warm-up
without=$(drain $runs)
node bench/tools/live-clients.mjs watch $port $token $runs_workflow 100 600 > "$work/watch.json" &
watchers=$!
until [[ $(sql "SELECT count(*) FROM websocket_sessions WHERE is_active AND workflow_id = '$runs_workflow'") == 100 ]]; do sleep 0.2; done
sleep 1.5   # the relay learns who watches within a second
with=$(drain $runs)
kill -TERM $watchers 2>/dev/null || true; wait $watchers 2>/dev/null || true
without_again=$(drain $runs)

report="bench/results/$(date -u +%Y-%m-%d)-live.md"
python3 - "$crowd_json" "$spread_json" > "$report" <<PY
import json, sys
crowd, spread = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print("# Live collaboration, $(date -u +%Y-%m-%d) (bench/live.sh)\n")
print("One service instance (-Xmx${LIVE_BENCH_HEAP:-768m}) on an embedded PostgreSQL, clients from Node's ws on loopback, 2 cores.\n")
print("| figure | measured | target |\n| --- | --- | --- |")
print(f"| $crowd clients joining one workflow at once: all welcomed after | {crowd['allJoinedMs']} ms (join p50 {crowd['joinP50Ms']} ms, p99 {crowd['joinP99Ms']} ms) | under 2,000 ms |")
print(f"| welcomed / errors / unexpected closes | {crowd['welcomed']} / {crowd['errors']} / {crowd['unexpectedCloses'] or 0} | all / 0 / 0 |")
print(f"| relay fan-out to {crowd['welcomed'] - 1} recipients, every delivery | p50 {crowd['fanoutP50Ms']} ms, p99 {crowd['fanoutP99Ms']} ms ({crowd['deliveries']} of {crowd['expectedDeliveries']} delivered) | p99 under 100 ms |")
print(f"| resident memory, idle / peak with $crowd sockets | $rss_idle MB / $crowd_peak MB | |")
print(f"| active session rows 5 s after the last of them left | $crowd_left | 0 |")
print(f"| $spread clients over 1,000 workflows (1,000 a second): all welcomed after | {spread['allJoinedMs']} ms, {spread['welcomed']} welcomed, {spread['errors']} errors, unexpected closes {spread['unexpectedCloses'] or 0} | |")
print(f"| resident memory, peak with $spread sockets | $spread_peak MB | under 512 MB |")
print(f"| active session rows 5 s after the last of them left (all ended after $spread_settled s) | $spread_left | 0 |")
print(f"| engine: $runs queued manual runs drained, runs/s without watchers / with 100 / without again | $without / $with / $without_again | with >= 0.9 of without |")
ratio = $with / ((${without} + ${without_again}) / 2)
print(f"| ratio with / without (mean of the two) | {ratio:.2f} | >= 0.90 |")
PY
cat "$report"
