#!/usr/bin/env bash
# HTTP throughput and p99 latency of reading a workflow, logging an execution (usage metering on,
# and off: alternated twice) and logging batches of 1,000, from a second process (wrk) on loopback,
# with 8 connections (4 for batches); baseline: pgbench running the same statements directly
# against the same database with 8 clients, in the same run. Each figure is measured after a
# warm-up on the same request: the first (reads) for WARMUP seconds, since the JIT compiles the
# common path (Tomcat, filters, transaction) for about a minute on 2 shared cores, the others for
# the figure's length. Targets: issue 14, item 3.
# Usage: bench/http.sh [seconds per figure, default 20] [first warm-up, default 60]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
warmup=${2:-60}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
command -v pgbench >/dev/null || { echo "needs pgbench (apt-get install postgresql-client)" >&2; exit 2; }
jar=${PUMPFLIX_JAR:-target/pumpflix.jar}
[[ -f $jar ]] || mvn -q -B package -DskipTests

home=$(mktemp -d /tmp/pumpflix-bench.XXXXXX)
port=18080
work=$(mktemp -d)
PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar "$jar" --pumpflix.api.requests-per-second=0 >"$work/service.log" 2>&1 &
service=$!
cleanup() { kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$home" "$work"; }
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
base="http://localhost:$port/api/v1"
token=$(sign_up "$base" Bench bench@example.test)
paid_plan "$base" "$token"
workflow=$(empty_workflow "$base" "$token" bench)
wrk_scripts "$work" "$token"

embedded_database "$home"
run_wrk() { wrk_figures "$1" "$2" 8 "$seconds" "$work"; }
run_pgbench() {
  local f
  f=($(pgbench_percentiles "$work" "$1" 8 "$seconds" "$pgport" "${2:-postgres}"))
  echo "${f[2]} ${f[0]}ms ${f[1]}ms"
}
# the service's own statement, as the service's login (row-level security on), one per transaction
as_service() { PGPASSWORD=$(cat "$home/pumpflix_app-password") run_pgbench "$1" pumpflix_app; }

metering() { sql "ALTER TABLE workflow_executions $1 TRIGGER workflow_executions_count_insert"; }
log_url="$base/workflows/$workflow/executions"

wrk_figures "$base/workflows/$workflow" "$work/get.lua" 8 "$warmup" "$work" >/dev/null   # warm-up
read_http=$(run_wrk "$base/workflows/$workflow" "$work/get.lua")
rss_read=$(ps -o rss= -p "$service")
run_wrk "$log_url" "$work/post.lua" >/dev/null   # warm-up
on1=($(run_wrk "$log_url" "$work/post.lua")); metering DISABLE
off1=($(run_wrk "$log_url" "$work/post.lua")); metering ENABLE
on2=($(run_wrk "$log_url" "$work/post.lua")); metering DISABLE
off2=($(run_wrk "$log_url" "$work/post.lua")); metering ENABLE
rss_log=$(ps -o rss= -p "$service")
# logging with metering on: the mean of both runs, the latencies of the second
log_http="$(python3 -c "print(round((${on1[0]}+${on2[0]})/2,1))") ${on2[1]} ${on2[2]} $((on1[3] + on2[3]))"
log_off=$(python3 -c "print(round((${off1[0]}+${off2[0]})/2,1))")
wrk_figures "$log_url/batch" "$work/batch.lua" 4 "$seconds" "$work" >/dev/null   # warm-up
batch_http=($(wrk_figures "$log_url/batch" "$work/batch.lua" 4 "$seconds" "$work"))
read_db=$(run_pgbench "SELECT * FROM workflows WHERE id = '$workflow';")
log_db=$(run_pgbench "CALL log_workflow_execution('$workflow', 'success', '{\"n\":1}', '{\"ok\":true}', NULL);")
organization=$(sql "SELECT organization_id FROM workflows WHERE id = '$workflow'")
member=$(sql "SELECT id FROM users WHERE organization_id = '$organization'")
read_service=$(as_service "SELECT * FROM pumpflix.find_workflow_in('$organization', '$member', false, '$workflow');")
log_service=$(as_service "SELECT * FROM pumpflix.log_execution_in('$organization', '$member', false, '$workflow', 'success', '{\"n\":1}', '{\"ok\":true}');")

report="bench/results/$(date -u +%Y-%m-%d)-http.md"
{
  echo "# HTTP API, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1);" \
       "embedded PostgreSQL 17 (fsync on); service -Xmx256m; load: wrk -t2 -c8 -d${seconds}s on loopback;" \
       "warm-up: ${warmup}s of reads first, then ${seconds}s before each other figure;" \
       "baseline: pgbench -c8 -j2 -T${seconds} on the same database, as its superuser (no HTTP, no JSON, no row-level security)."
  echo
  rh=($read_http) rd=($read_db) rsvc=($read_service) lh=($log_http) ld=($log_db) lsvc=($log_service)
  echo "| figure | HTTP req/s | HTTP p50 | HTTP p99 | non-2xx | pgbench tx/s | pgbench p50 | pgbench p99 | HTTP / pgbench |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  echo "| read a workflow | ${rh[0]} | ${rh[1]} | ${rh[2]} | ${rh[3]} | ${rd[0]} | ${rd[1]} | ${rd[2]} | $(ratio ${rh[0]} ${rd[0]}) |"
  echo "| log an execution (metering on) | ${lh[0]} | ${lh[1]} | ${lh[2]} | ${lh[3]} | ${ld[0]} | ${ld[1]} | ${ld[2]} | $(ratio ${lh[0]} ${ld[0]}) |"
  echo
  echo "| figure | measured | against | ratio | target |"
  echo "| --- | --- | --- | --- | --- |"
  echo "| reading, HTTP / pgbench | ${rh[0]} req/s | ${rd[0]} tx/s | $(ratio ${rh[0]} ${rd[0]}) | >= 0.20 |"
  echo "| logging, HTTP / pgbench | ${lh[0]} req/s | ${ld[0]} tx/s | $(ratio ${lh[0]} ${ld[0]}) | >= 0.60 |"
  echo "| logging, metering on / off (alternated on, off, on, off) | ${lh[0]} req/s | $log_off req/s | $(ratio ${lh[0]} $log_off) | >= 0.90 |"
  echo "| reading, HTTP / the service's own statement by pgbench as the service's login | ${rh[0]} req/s | ${rsvc[0]} tx/s | $(ratio ${rh[0]} ${rsvc[0]}) | (what HTTP, Java and the commit's round trip cost) |"
  echo "| logging, HTTP / the service's own statement by pgbench as the service's login | ${lh[0]} req/s | ${lsvc[0]} tx/s | $(ratio ${lh[0]} ${lsvc[0]}) | (the same) |"
  echo "| p99 at 8 connections, reading / logging | ${rh[2]} / ${lh[2]} | | | < 10 ms each |"
  echo "| answers other than 2xx, reading / logging / batches | ${rh[3]} / ${lh[3]} / ${batch_http[3]} | | | 0 |"
  echo "| batch logging, 1,000 per request, 4 connections | $(python3 -c "print(int(${batch_http[0]}*1000))") executions/s (p99 ${batch_http[2]} per request, non-2xx ${batch_http[3]}) | | | >= 50,000/s |"
  echo
  echo "Service resident memory under load: $((rss_read / 1024)) MB (reads), $((rss_log / 1024)) MB (writes)."
} | tee "$report"
echo "written to $report"
