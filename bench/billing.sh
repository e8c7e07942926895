#!/usr/bin/env bash
# The billing benchmark of issue 12: 10,000 organizations with 10 million executions in the last
# month (skewed: a few organizations log most of them; half the organizations on the paid plan,
# one in ten changing plan in the middle of the month), then `pumpflix billing run` for that month:
# wall time, cost per organization, and every invoice checked against the literal count of the
# organization's executions. A rerun must make no invoice. Writes a dated report to bench/results/.
# Usage: bench/billing.sh [organizations, default 10000] [executions, default 10000000]
# Set BENCH_HOME to reuse a seeded home (the executions are written only when the month is empty).
set -euo pipefail
cd "$(dirname "$0")/.."
organizations=${1:-10000}
executions=${2:-10000000}
for tool in psql python3 curl; do
  command -v $tool >/dev/null || { echo "needs $tool (apt-get install postgresql-client curl python3)" >&2; exit 2; }
done
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
home=${BENCH_HOME:-$(mktemp -d /tmp/pumpflix-billing.XXXXXX)}
work=$(mktemp -d)
port=18083
echo "home: $home"

PUMPFLIX_HOME=$home java -jar target/pumpflix.jar seed --organizations="$organizations" --users=1 --workflows=1 \
  --executions=0 --seed=12 >/dev/null
PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar target/pumpflix.jar >"$work/service.log" 2>&1 &
service=$!
cleanup() { kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
source bench/lib.sh
await_service "$port"
embedded_database "$home"

month=$(sql "SELECT to_char(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month', 'YYYY-MM')")
m="DATE '$month-01'"
orgs="SELECT o.id FROM organizations o WHERE o.name LIKE 'seed %'"
existing=$(sql "SELECT count(*) FROM workflow_executions WHERE started_at >= $m AND started_at < $m + interval '1 month'")
setup_started=$(date +%s)
if [[ $existing -eq 0 ]]; then
  echo "writing $executions executions in $month..."
  # every seeded organization subscribed since before the month; half of them on the paid plan
  sql "UPDATE pumpflix.subscriptions SET starts_at = $m - interval '1 month' WHERE organization_id IN ($orgs)"
  sql "UPDATE pumpflix.subscriptions s SET plan_id = 'pro' WHERE s.organization_id IN ($orgs)
       AND get_byte(uuid_send(s.organization_id), 15) % 2 = 0"
  chunk=1000000
  written=0
  while (( written < executions )); do
    n=$(( executions - written < chunk ? executions - written : chunk ))
    # workflow k of the n seeded ones with probability skewed to the first (power 3), at a random
    # moment of the month; the first and last row of the run sit on the month's two edges
    sql "WITH w AS (SELECT array_agg(w.id ORDER BY w.id) AS ids FROM workflows w WHERE w.organization_id IN ($orgs)),
         r AS (SELECT w.ids[1 + floor(power(random(), 3) * cardinality(w.ids))::int] AS id,
                      CASE WHEN g = 1 AND $written = 0 THEN $m::timestamp
                           WHEN g = $n AND $written + $n = $executions THEN $m + interval '1 month' - interval '1 microsecond'
                           ELSE $m + random() * ($m + interval '1 month' - $m::timestamp - interval '1 second') END AS at
               FROM w, generate_series(1, $n) g)
         SELECT count(*) FROM pumpflix.insert_executions(
           (SELECT array_agg(id) FROM r), (SELECT array_agg('success'::text) FROM r),
           (SELECT array_agg('{}'::jsonb) FROM r), NULL::jsonb[], (SELECT array_agg(at) FROM r), NULL::int[])" >/dev/null
    written=$(( written + n ))
    printf '\r  %d of %d' "$written" "$executions"
  done
  echo
  # one organization in ten moves from its plan to the other at noon on the 15th: two periods,
  # the second starting with the literal count of the executions before it
  sql "WITH moved AS (SELECT s.organization_id, s.plan_id FROM pumpflix.subscriptions s
                      WHERE s.organization_id IN ($orgs) AND s.ends_at IS NULL
                        AND get_byte(uuid_send(s.organization_id), 14) % 10 = 0),
       closed AS (UPDATE pumpflix.subscriptions s SET ends_at = $m + interval '14 days 12 hours'
                  FROM moved WHERE s.organization_id = moved.organization_id AND s.ends_at IS NULL RETURNING s.organization_id)
       INSERT INTO pumpflix.subscriptions (organization_id, plan_id, starts_at, executions_at_start)
       SELECT moved.organization_id, CASE moved.plan_id WHEN 'pro' THEN 'free' ELSE 'pro' END,
              $m + interval '14 days 12 hours',
              (SELECT count(*) FROM workflow_executions e WHERE e.organization_id = moved.organization_id
                 AND e.started_at >= $m AND e.started_at < $m + interval '14 days 12 hours')
       FROM moved JOIN closed USING (organization_id)"
  sql "VACUUM ANALYZE"
fi
setup_seconds=$(( $(date +%s) - setup_started ))
rows=$(sql "SELECT count(*) FROM workflow_executions WHERE started_at >= $m AND started_at < $m + interval '1 month'")
orgs_in_month=$(sql "SELECT count(DISTINCT organization_id) FROM workflow_executions WHERE started_at >= $m AND started_at < $m + interval '1 month'")
moved=$(sql "SELECT count(*) FROM (SELECT organization_id FROM pumpflix.subscriptions WHERE starts_at < $m + interval '1 month'
             AND (ends_at IS NULL OR ends_at > $m) GROUP BY 1 HAVING count(*) > 1) x")
sql "DELETE FROM pumpflix.billed_months WHERE month = $m"   # a reused home bills again
sql "DELETE FROM invoices WHERE billing_period_start = $m AND status = 'open'
     AND id IN (SELECT invoice_id FROM pumpflix.invoice_lines)"

echo "billing run for $month..."
run_started=$(date +%s%N)
PUMPFLIX_HOME=$home java -jar target/pumpflix.jar billing run --month="$month" | tr '\r' '\n' | tail -1 | tee "$work/run.txt"
run_ms=$(( ($(date +%s%N) - run_started) / 1000000 ))
inner=$(sed -n 's/.* in \([0-9.]*\) s .*/\1/p' "$work/run.txt")
rerun_started=$(date +%s%N)
PUMPFLIX_HOME=$home java -jar target/pumpflix.jar billing run --month="$month" | tr '\r' '\n' | tail -1 | tee "$work/rerun.txt"
rerun_ms=$(( ($(date +%s%N) - rerun_started) / 1000000 ))
rerun_made=$(sed -n 's/.*organizations, \([0-9]*\) invoices made.*/\1/p' "$work/rerun.txt")

invoices=$(sql "SELECT count(*) FROM pumpflix.billed_months WHERE month = $m AND invoice_id IS NOT NULL")
subscribed=$(sql "SELECT count(DISTINCT organization_id) FROM pumpflix.subscriptions WHERE starts_at < $m + interval '1 month' AND (ends_at IS NULL OR ends_at > $m)")
duplicates=$(sql "SELECT count(*) FROM (SELECT organization_id FROM invoices WHERE billing_period_start = $m GROUP BY 1 HAVING count(*) > 1) x")
# every invoice: the executions on its lines equal the literal count, and its amount the sum of its lines
wrong_counts=$(sql "WITH literal AS (SELECT organization_id, count(*) AS n FROM workflow_executions
                      WHERE started_at >= $m AND started_at < $m + interval '1 month' GROUP BY 1),
                    billed AS (SELECT b.organization_id, coalesce(sum(l.quantity) FILTER (WHERE l.description NOT LIKE '%base fee%'), 0) AS n
                      FROM pumpflix.billed_months b LEFT JOIN pumpflix.invoice_lines l ON l.invoice_id = b.invoice_id
                      WHERE b.month = $m GROUP BY 1)
                    SELECT count(*) FROM billed FULL JOIN literal USING (organization_id)
                    WHERE coalesce(billed.n, -1) <> coalesce(literal.n, 0)")
wrong_amounts=$(sql "SELECT count(*) FROM invoices i JOIN pumpflix.billed_months b ON b.invoice_id = i.id AND b.month = $m
                     WHERE i.amount_cents <> (SELECT coalesce(sum(l.amount_cents), 0) FROM pumpflix.invoice_lines l WHERE l.invoice_id = i.id)")
lines=$(sql "SELECT count(*) FROM pumpflix.invoice_lines l JOIN pumpflix.billed_months b ON b.invoice_id = l.invoice_id AND b.month = $m")
billed_total=$(sql "SELECT sum(i.amount_cents) FROM invoices i JOIN pumpflix.billed_months b ON b.invoice_id = i.id AND b.month = $m")
# a baseline from the same run: JVM start and stop alone (a run over a month nobody was subscribed in)
base_started=$(date +%s%N)
PUMPFLIX_HOME=$home java -jar target/pumpflix.jar billing run --month=2000-01 >/dev/null
base_ms=$(( ($(date +%s%N) - base_started) / 1000000 ))

report="bench/results/$(date -u +%Y-%m-%d)-billing.md"
{
  echo "# Billing run, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); embedded PostgreSQL 17 (fsync on); a service running on the same home (the command uses its database)."
  echo "Data: $organizations organizations subscribed through $month, $rows executions started in it over $orgs_in_month of them (skewed), half on the paid plan, $moved changing plan on the 15th at noon; written in ${setup_seconds}s (0 when reused)."
  echo "Command: \`bench/billing.sh $organizations $executions\`."
  echo
  echo "| figure | measured | baseline (same run) | target |"
  echo "| --- | --- | --- | --- |"
  echo "| \`pumpflix billing run --month=$month\`, wall time of the command | $(python3 -c "print(f'{$run_ms/1000:.1f}')") s | the same command over a month with no subscription: $(python3 -c "print(f'{$base_ms/1000:.1f}')") s (JVM, Spring and database connection) | < 60 s |"
  echo "| the run itself (as the command reports it) | ${inner} s, $(python3 -c "print(f'{float(\"$inner\")*1e6/max(1,$invoices):.0f}')") µs per organization | | |"
  echo "| invoices made / organizations subscribed in the month | $invoices / $subscribed ($lines lines, $(python3 -c "print(f'{$billed_total/100:,.2f}')") in total) | | equal |"
  echo "| invoices whose executions differ from the literal count | $wrong_counts | | 0 |"
  echo "| invoices whose amount differs from the sum of their lines | $wrong_amounts | | 0 |"
  echo "| organizations with more than one invoice for the month | $duplicates | | 0 |"
  echo "| rerun of the same month: invoices made, wall time | $rerun_made, $(python3 -c "print(f'{$rerun_ms/1000:.1f}')") s | | 0 |"
} | tee "$report"
echo "written to $report"
