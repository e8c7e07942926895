#!/usr/bin/env bash
# The scaling benchmark of issue 5: seeds an organization with 10 million executions (and a small
# one with about 10 thousand), then measures each hot path with its baseline from the same run,
# and writes a dated report to bench/results/. See bench/README.md.
# Usage: bench/scale.sh [executions, default 10010000] [seconds per load figure, default 20]
# Set BENCH_HOME to reuse a seeded home (seeding 10M executions takes several minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
executions=${1:-10010000}
seconds=${2:-20}
for tool in wrk pgbench python3; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install wrk postgresql-client)" >&2; exit 2; }
done
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
home=${BENCH_HOME:-$(mktemp -d /tmp/pumpflix-scale.XXXXXX)}
work=$(mktemp -d)
port=18081
echo "home: $home"

seed_started=$(date +%s)
PUMPFLIX_HOME=$home java -jar target/pumpflix.jar seed --organizations=2 --users=2 --workflows=20 \
  --executions="$executions" --months=24 --hot-share=0.999 --seed=7
seed_seconds=$(( $(date +%s) - seed_started ))

PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar target/pumpflix.jar --pumpflix.api.requests-per-second=0 >"$work/service.log" 2>&1 &
service=$!
cleanup() { kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
embedded_database "$home"

busy_org=$(sql "SELECT organization_id FROM workflow_executions GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
small_org=$(sql "SELECT o.id FROM organizations o WHERE o.name LIKE 'seed %' AND o.id <> '$busy_org' LIMIT 1")
busy_user=$(sql "SELECT id FROM users WHERE organization_id = '$busy_org' LIMIT 1")
small_user=$(sql "SELECT id FROM users WHERE organization_id = '$small_org' LIMIT 1")
busy_rows=$(sql "SELECT count(*) FROM workflow_executions WHERE organization_id = '$busy_org'")
small_rows=$(sql "SELECT count(*) FROM workflow_executions WHERE organization_id = '$small_org'")
workflow=$(sql "SELECT id FROM workflows WHERE organization_id = '$busy_org' LIMIT 1")

pg() { pgbench_percentiles "$work" "$1" "$2" "$3" "$pgport"; }

echo "metrics..."
metrics_busy=($(pg "SELECT * FROM get_user_usage_metrics('$busy_user');" 1 10))
metrics_small=($(pg "SELECT * FROM get_user_usage_metrics('$small_user');" 1 10))
literal="SELECT count(*) AS total, count(*) FILTER (WHERE e.started_at >= date_trunc('month', now() AT TIME ZONE 'UTC')) FROM workflow_executions e JOIN workflows w ON w.id = e.workflow_id WHERE w.organization_id = '$busy_org';"
literal_ms=()
for i in 1 2 3; do
  s=$(date +%s%N); sql "$literal" >/dev/null; literal_ms+=($(( ($(date +%s%N) - s) / 1000000 )))
done
literal_p50=$(printf '%s\n' "${literal_ms[@]}" | sort -n | sed -n 2p)
check=$(sql "SELECT (SELECT total_executions FROM get_user_usage_metrics('$busy_user')) = (SELECT count(*) FROM workflow_executions e JOIN workflows w ON w.id = e.workflow_id WHERE w.organization_id = '$busy_org')")

echo "pages..."
page="SELECT id FROM workflow_executions WHERE organization_id = '$busy_org' AND status = 'success'"
cursor=$(sql "SELECT logged_at || '|' || id FROM workflow_executions WHERE organization_id = '$busy_org' AND status = 'success' ORDER BY logged_at DESC, id DESC OFFSET LEAST(49949, (SELECT count(*) - 1 FROM workflow_executions WHERE organization_id = '$busy_org' AND status = 'success')) LIMIT 1")
page_first=($(pg "$page ORDER BY logged_at DESC, id DESC LIMIT 51;" 1 10))
page_1000=($(pg "$page AND (logged_at, id) < ('${cursor%%|*}', '${cursor##*|}') ORDER BY logged_at DESC, id DESC LIMIT 51;" 1 10))

echo "HTTP..."
token=$(sign_up "localhost:$port/api/v1" "HTTP bench" http@bench.test)
paid_plan "localhost:$port/api/v1" "$token"
http_workflow=$(empty_workflow "localhost:$port/api/v1" "$token" bench)
wrk_scripts "$work" "$token"
run_wrk() { wrk_figures "$1" "$2" "$3" "$seconds" "$work"; }
log_url="http://localhost:$port/api/v1/workflows/$http_workflow/executions"
run_wrk "$log_url" "$work/post.lua" 8 >/dev/null   # warm-up: the JIT, the pools, the caches
# metering on and off, alternated twice, so drift on this shared machine hits both alike
on1=($(run_wrk "$log_url" "$work/post.lua" 8))
sql "ALTER TABLE workflow_executions DISABLE TRIGGER workflow_executions_count_insert"
off1=($(run_wrk "$log_url" "$work/post.lua" 8))
sql "ALTER TABLE workflow_executions ENABLE TRIGGER workflow_executions_count_insert"
on2=($(run_wrk "$log_url" "$work/post.lua" 8))
rss_log=$(ps -o rss= -p "$service")
sql "ALTER TABLE workflow_executions DISABLE TRIGGER workflow_executions_count_insert"
off2=($(run_wrk "$log_url" "$work/post.lua" 8))
sql "ALTER TABLE workflow_executions ENABLE TRIGGER workflow_executions_count_insert"
http_log=("$(python3 -c "print(round((${on1[0]}+${on2[0]})/2,1))")" "${on2[1]}" "${on2[2]}" "${on2[3]:-0}")
http_log_off=("$(python3 -c "print(round((${off1[0]}+${off2[0]})/2,1))")")
pg_log=($(pg "CALL log_workflow_execution('$http_workflow', 'success', '{\"n\":1}', '{\"ok\":true}', NULL);" 8 "$seconds"))
run_wrk "$log_url/batch" "$work/batch.lua" 4 >/dev/null
http_batch=($(run_wrk "$log_url/batch" "$work/batch.lua" 4))
rss_batch=$(ps -o rss= -p "$service")

report="bench/results/$(date -u +%Y-%m-%d)-scale.md"
{
  echo "# Scale, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); embedded PostgreSQL 17 (fsync on); service -Xmx256m."
  echo "Data: busy organization $busy_rows executions, small organization $small_rows, over 24 months; seeded in ${seed_seconds}s ($(python3 -c "print(int($executions/max(1,$seed_seconds)))") rows/s) by \`pumpflix seed\`."
  echo "Database figures by pgbench on loopback (1 client unless said), HTTP figures by wrk (2 threads) on loopback."
  echo
  echo "| figure | measured | baseline (same run) | ratio | target |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| get_user_usage_metrics p99, busy organization | ${metrics_busy[1]} ms (p50 ${metrics_busy[0]}) | small organization p99 ${metrics_small[1]} ms | $(ratio ${metrics_busy[1]} ${metrics_small[1]})x | ≤ 2 ms and ≤ 1.5x |"
  echo "| the same against the literal counting query, busy organization | p50 ${metrics_busy[0]} ms | literal count p50 ${literal_p50} ms (3 runs) | $(ratio $literal_p50 ${metrics_busy[0]})x faster | ≥ 1000x |"
  echo "| counters equal the literal count | $check | | | t |"
  echo "| logging one execution over HTTP, 8 clients (mean of two runs) | ${http_log[0]} req/s (p50 ${http_log[1]}, p99 ${http_log[2]}, non-2xx ${http_log[3]:-0}) | pgbench CALL log_workflow_execution, 8 clients: ${pg_log[2]} tx/s (p99 ${pg_log[1]} ms) | $(ratio ${http_log[0]} ${pg_log[2]}) | ≥ 0.60 |"
  echo "| logging with the metrics maintenance on, against off (runs alternated on, off, on, off) | ${http_log[0]} req/s | off: ${http_log_off[0]} req/s | $(ratio ${http_log[0]} ${http_log_off[0]}) | ≥ 0.90 |"
  echo "| batch logging (1,000 per request, 4 connections) | $(python3 -c "print(int(${http_batch[0]}*1000))") executions/s (p99 ${http_batch[2]} per request, non-2xx ${http_batch[3]:-0}) | | | ≥ 50,000/s |"
  echo "| one page (50) of the busy organization's executions, newest first, status = success: first page | p99 ${page_first[1]} ms (p50 ${page_first[0]}) | | | ≤ 5 ms |"
  echo "| the same, page 1,000 | p99 ${page_1000[1]} ms (p50 ${page_1000[0]}) | first page p99 ${page_first[1]} ms | $(ratio ${page_1000[1]} ${page_first[1]})x | ≤ 5 ms |"
  echo "| service resident memory under load | $((rss_log / 1024)) MB (single logs), $((rss_batch / 1024)) MB (batches) | | | ≤ 512 MB |"
} | tee "$report"
echo "written to $report"
