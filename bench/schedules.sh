#!/usr/bin/env bash
# Schedules' benchmark (docs/engine.md), part of bench/engine.sh and runnable alone: N workflows
# (default 1,000), each with a schedule every second, on one instance; measures ticks fired per
# second, their lateness (when the trigger node ran, and when the run was stored, against the
# tick's due time; p50/p99) and the CPU the service and PostgreSQL used. Appends to the dated
# engine report. Usage: bench/schedules.sh [workflows, default 1000] [seconds measured, default 30]
set -euo pipefail
cd "$(dirname "$0")/.."
workflows=${1:-1000}
seconds=${2:-30}
for tool in psql python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install postgresql-client)" >&2; exit 2; }
done
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests

home=$(mktemp -d /tmp/pumpflix-schedules.XXXXXX)
work=$(mktemp -d)
port=18084
PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar target/pumpflix.jar --pumpflix.api.requests-per-second=0 \
  >"$work/service.log" 2>&1 &
service=$!
cleanup() {
  kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true
  rm -rf "$home" "$work"
}
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
embedded_database "$home"

# the workflows, through the API (each commit registers its schedule)
python3 - "$port" "$workflows" <<'PY'
import http.client, json, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
c = http.client.HTTPConnection("localhost", port)
def post(path, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token: headers["Authorization"] = "Bearer " + token
    c.request("POST", path, json.dumps(body), headers)
    r = c.getresponse(); data = r.read()
    if r.status >= 300: sys.exit(f"{path}: {r.status} {data[:200]}")
    return json.loads(data)
token = post("/api/v1/auth/sign-up", {"organizationName": "Clock", "email": "clock@example.test",
                                       "password": "bench password 123"})["token"]
post("/api/v1/billing/subscription", {"plan": "pro"}, token)  # the free plan caps executions (docs/billing.md)
for i in range(count):
    post("/api/v1/workflows", {"name": f"tick {i}", "definition": {
        "nodes": [{"name": "Clock", "type": "scheduleTrigger", "parameters": {"cron": "* * * * * *"}},
                  {"name": "Mark", "type": "set", "parameters": {"fields": {"tick": "={{ $json.timestamp }}"}}}],
        "connections": {"Clock": {"main": [[{"node": "Mark", "type": "main", "index": 0}]]}}}}, token)
PY
until [[ $(sql "SELECT count(*) FROM pumpflix.schedules") -ge $workflows && \
        $(sql "SELECT count(*) FROM pumpflix.scheduled_tasks WHERE task_name = 'workflow-schedule'") -ge 1 ]]; do
  sleep 0.5
done
sleep 10 # warm-up: every schedule has fired a few times

cpu() {  # clock ticks used so far by the service, and by PostgreSQL (all its processes)
  local service_ticks pg_ticks=0 pid
  service_ticks=$(awk '{print $14 + $15}' /proc/$service/stat)
  for pid in $(pgrep -f "$home/pgdata" || true) $(pgrep -P "$(head -1 "$home/pgdata/postmaster.pid")" || true); do
    pg_ticks=$(( pg_ticks + $(awk '{print $14 + $15}' /proc/$pid/stat 2>/dev/null || echo 0) ))
  done
  echo "$service_ticks $pg_ticks"
}
rss_peak=0
( while sleep 1; do ps -o rss= -p "$service"; done ) > "$work/rss.txt" &
sampler=$!
from=$(date -u +%s)
read -r service_before pg_before < <(cpu)
sleep "$seconds"
read -r service_after pg_after < <(cpu)
to=$(date -u +%s)
kill $sampler
sleep 3 # the last ticks of the window are stored
hz=$(getconf CLK_TCK)
figures=$(sql "
  WITH ticks AS (
      SELECT (e.input_data->0->>'timestamp')::timestamptz AS due, e.logged_at AT TIME ZONE 'UTC' AS stored,
             n.started_at AT TIME ZONE 'UTC' AS fired
      FROM workflow_executions e JOIN pumpflix.execution_nodes n ON n.execution_id = e.id AND n.position = 0
      WHERE e.mode = 'schedule'
        AND (e.input_data->0->>'timestamp')::timestamptz >= to_timestamp($from)
        AND (e.input_data->0->>'timestamp')::timestamptz < to_timestamp($to))
  SELECT count(*), count(DISTINCT due),
         round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY fired - due)))::int,
         round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY fired - due)))::int,
         round(1000 * extract(epoch FROM percentile_cont(0.5) WITHIN GROUP (ORDER BY stored - due)))::int,
         round(1000 * extract(epoch FROM percentile_cont(0.99) WITHIN GROUP (ORDER BY stored - due)))::int,
         (SELECT count(*) FROM (SELECT due FROM ticks GROUP BY due HAVING count(*) < $workflows) short)
  FROM ticks" | tr '|' ' ')
read -r fired seconds_seen fire_p50 fire_p99 store_p50 store_p99 short_seconds <<<"$figures"
window=$(( to - from ))
duplicates=$(sql "SELECT count(*) - count(DISTINCT (workflow_id, input_data->0->>'timestamp')) FROM workflow_executions WHERE mode = 'schedule'")
report="bench/results/$(date -u +%Y-%m-%d)-engine.md"
{
  echo
  echo "## Schedules, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$workflows workflows, each scheduleTrigger (every second) -> set, on one instance (-Xmx256m, embedded PostgreSQL 17," \
       "fsync on); measured over ${window} s after a 10 s warm-up."
  echo
  echo "| figure | value |"
  echo "| --- | --- |"
  echo "| ticks due in the window | $(( workflows * window )) |"
  echo "| ticks fired (runs stored) | $fired |"
  echo "| ticks fired per second | $(python3 -c "print(f'{$fired/$window:.0f}')") |"
  echo "| seconds in which fewer than $workflows ticks fired | $short_seconds of $window |"
  echo "| ticks fired twice (whole run) | $duplicates |"
  echo "| lateness of the trigger node, p50 / p99 | ${fire_p50} ms / ${fire_p99} ms |"
  echo "| lateness until the run was stored, p50 / p99 | ${store_p50} ms / ${store_p99} ms |"
  echo "| CPU, service (of $(nproc) cores) | $(python3 -c "print(f'{($service_after-$service_before)/$hz/$window:.2f}')") |"
  echo "| CPU, PostgreSQL | $(python3 -c "print(f'{($pg_after-$pg_before)/$hz/$window:.2f}')") |"
  echo "| service resident memory, highest | $(( $(sort -n "$work/rss.txt" | tail -1) / 1024 )) MB |"
} | tee -a "$report"
echo "appended to $report"
