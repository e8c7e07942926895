#!/usr/bin/env bash
# The engine's benchmark (docs/engine.md): webhook -> set -> last node answer over HTTP (wrk, 8
# connections, loopback), against the same service's plain execution logging in the same run;
# then 10,000 queued manual runs drained by one instance and by two; then 1,000 workflows ticking
# every second (bench/schedules.sh). Writes a dated report to bench/results/.
# Usage: bench/engine.sh [seconds per load figure, default 20] [queued runs, default 10000] [scheduled workflows, default 1000]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
queued=${2:-10000}
scheduled=${3:-1000}
for tool in wrk psql python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install wrk postgresql-client)" >&2; exit 2; }
done
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests

home=$(mktemp -d /tmp/pumpflix-engine.XXXXXX)
work=$(mktemp -d)
port=18082
second_port=18083
flags=(--pumpflix.api.requests-per-second=0 --pumpflix.engine.webhook-requests-per-second=0)
PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar target/pumpflix.jar "${flags[@]}" \
  --pumpflix.instance-id=bench-one >"$work/service.log" 2>&1 &
service=$!
second=""
cleanup() {
  [[ -n "$second" ]] && { kill "$second" 2>/dev/null; wait "$second" 2>/dev/null || true; }
  kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true
  rm -rf "$home" "$work"
}
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
embedded_database "$home"

base="http://localhost:$port/api/v1"
token=$(sign_up "$base" Bench bench@example.test)
paid_plan "$base" "$token"
hook_workflow=$(curl -s -X POST "$base/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{
  "name": "webhook bench", "definition": {
    "nodes": [{"name": "Hook", "type": "webhook", "parameters": {"path": "bench", "responseMode": "lastNode"}},
              {"name": "Price", "type": "set", "parameters": {"fields": {"total": "={{ $json.body.qty * $json.body.price }}"}}}],
    "connections": {"Hook": {"main": [[{"node": "Price", "type": "main", "index": 0}]]}}}}' | json '["id"]')
log_workflow=$(empty_workflow "$base" "$token" "logging bench")

cat > "$work/hook.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"qty": 3, "price": 41.5}'
wrk.headers["Content-Type"] = "application/json"
LUA
cat > "$work/log.lua" <<LUA
wrk.method = "POST"
wrk.body = '{"status":"success","input":{"qty":3},"output":{"total":124.5}}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer $token"
LUA

# warm up both paths
wrk -t2 -c8 -d15s -s "$work/hook.lua" "http://localhost:$port/webhook/bench" >/dev/null
wrk -t2 -c8 -d15s -s "$work/log.lua" "$base/workflows/$log_workflow/executions" >/dev/null

before=$(sql "SELECT count(*) FROM workflow_executions WHERE workflow_id = '$hook_workflow' AND status = 'success'")
rss_peak=0
( while sleep 1; do ps -o rss= -p "$service"; done ) > "$work/rss.txt" &
sampler=$!
started=$(date +%s.%N)
hook=($(wrk_figures "http://localhost:$port/webhook/bench" "$work/hook.lua" 8 "$seconds" "$work"))
ended=$(date +%s.%N)
kill $sampler
after=$(sql "SELECT count(*) FROM workflow_executions WHERE workflow_id = '$hook_workflow' AND status = 'success'")
stored=$(python3 -c "print(f'{($after-$before)/($ended-$started):.0f}')")
rss_hook=$(sort -n "$work/rss.txt" | tail -1)
logging=($(wrk_figures "$base/workflows/$log_workflow/executions" "$work/log.lua" 8 "$seconds" "$work"))

# queued manual runs: ten organizations with one workflow each (manualTrigger -> set), queued
# straight in the database, drained by one instance, then by two
orgs=10
per_org=$(( queued / orgs ))
make_workflows() {
  for i in $(seq 1 $orgs); do
    t=$(sign_up "$base" "Drain $1 $i" "drain-$1-$i@example.test")
    paid_plan "$base" "$t"
    curl -s -X POST "$base/workflows" -H "Authorization: Bearer $t" -H 'Content-Type: application/json' -d '{
      "name": "drain", "definition": {
        "nodes": [{"name": "Start", "type": "manualTrigger"},
                  {"name": "Shape", "type": "set", "parameters": {"fields": {"n": "={{ $json.n + 1 }}"}}}],
        "connections": {"Start": {"main": [[{"node": "Shape", "type": "main", "index": 0}]]}}}}' | json '["id"]'
  done
}
drain() {  # [count per organization] workflow ids...; prints runs per second
  local per=$per_org
  if [[ $1 =~ ^[0-9]+$ ]]; then per=$1; shift; fi
  local ids
  ids=$(printf "'%s'," "$@"); ids="ARRAY[${ids%,}]::uuid[]"
  local start end
  start=$(date +%s.%N)
  sql "$(queue_runs_sql "$per" "$ids")" >/dev/null
  until [[ $(sql "SELECT count(*) FROM pumpflix.runs WHERE workflow_id = ANY ($ids)") == 0 ]]; do sleep 0.1; done
  end=$(date +%s.%N)
  local ok
  ok=$(sql "SELECT count(*) FROM workflow_executions WHERE workflow_id = ANY ($ids) AND status = 'success' AND input_data @> '[{\"n\": 1}]'")
  total=$(sql "SELECT count(*) FROM workflow_executions WHERE workflow_id = ANY ($ids)")
  [[ $ok == "$total" ]] || { echo "drain: $ok of $total succeeded" >&2; exit 1; }
  python3 -c "print(f'{($per*$#)/($end-$start):.0f}')"
}
# each measured drain follows a warm-up drain of its size on the same instances (a smaller one
# leaves the second instance's JIT cold, and two instances look slower than they are)
one_workflows=$(make_workflows one)
drain $one_workflows >/dev/null
one=$(drain $one_workflows)
PUMPFLIX_HOME=$home/second PUMPFLIX_PORT=$second_port PUMPFLIX_DB_URL="jdbc:postgresql://localhost:$pgport/postgres" \
  PUMPFLIX_DB_USER=postgres PUMPFLIX_DB_RUNTIME_USER=pumpflix_app PUMPFLIX_ENCRYPTION_KEY_FILE="$home/keyring" \
  java -Xmx256m -jar target/pumpflix.jar "${flags[@]}" --pumpflix.instance-id=bench-two >"$work/second.log" 2>&1 &
second=$!
await_service "$second_port"
two_workflows=$(make_workflows two)
drain $two_workflows >/dev/null
two=$(drain $two_workflows)

report="bench/results/$(date -u +%Y-%m-%d)-engine.md"
{
  echo "# Engine, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1);" \
       "embedded PostgreSQL 17 (fsync on); service -Xmx256m; load: wrk -t2 -c8 -d${seconds}s on loopback."
  echo
  echo "| figure | req/s | p50 | p99 | non-2xx | runs stored/s |"
  echo "| --- | --- | --- | --- | --- | --- |"
  echo "| webhook -> set -> last node answer | ${hook[0]} | ${hook[1]} | ${hook[2]} | ${hook[3]} | $stored |"
  echo "| baseline: plain execution logging (POST /executions) | ${logging[0]} | ${logging[1]} | ${logging[2]} | ${logging[3]} | ${logging[0]} |"
  echo
  echo "Webhook executions stored per second against plain logging: $(python3 -c "print(f'{$stored/${logging[0]}:.2f}')")."
  echo "Service resident memory, highest under the webhook load: $((rss_hook / 1024)) MB."
  echo
  echo "| $((per_org * orgs)) queued manual runs (manualTrigger -> set) over $orgs organizations | runs/s |"
  echo "| --- | --- |"
  echo "| drained by one instance | $one |"
  echo "| drained by two instances | $two |"
  echo
  echo "Two instances against one: $(python3 -c "print(f'{$two/$one:.2f}')")x."
} | tee "$report"
echo "written to $report"
cleanup
trap - EXIT
bench/schedules.sh "$scheduled" 30
