# Helpers shared by the benchmark scripts (sourced, not run).

# pgbench_percentiles WORKDIR SQL CLIENTS SECONDS PGPORT: prints "p50_ms p99_ms tx_per_s" of one
# statement run by pgbench with the given clients, from its per-transaction log.
pgbench_percentiles() {
  local work=$1 sql=$2 clients=$3 seconds=$4 pgport=$5
  echo "$sql" > "$work/script.sql"
  (cd "$work" && rm -f pgbench_log.* && pgbench -n -h localhost -p "$pgport" -U postgres -c "$clients" \
    -j "$(( clients < 2 ? 1 : 2 ))" -T "$seconds" -f script.sql -l postgres > pgbench.txt 2>&1) \
    || { cat "$work/pgbench.txt" >&2; return 1; }
  local tps n
  tps=$(awk '/^tps/ {print $3; exit}' "$work/pgbench.txt")
  cat "$work"/pgbench_log.* | awk '{print $3/1000}' | sort -n > "$work/latencies.txt"
  n=$(wc -l < "$work/latencies.txt")
  echo "$(sed -n "$(( (n * 50 + 99) / 100 ))p" "$work/latencies.txt") $(sed -n "$(( (n * 99 + 99) / 100 ))p" "$work/latencies.txt") $tps"
}

# wrk_figures URL LUA CONNECTIONS SECONDS WORKDIR: prints "requests_per_s p50 p99 non2xx".
wrk_figures() {
  wrk -t2 -c"$3" -d"${4}s" --latency -s "$2" "$1" > "$5/wrk.txt"
  echo "$(awk '/Requests\/sec/ {print $2}' "$5/wrk.txt") $(awk '$1=="50%" {print $2}' "$5/wrk.txt") $(awk '$1=="99%" {print $2}' "$5/wrk.txt") $(awk '/Non-2xx/ {n=$5} END {print n+0}' "$5/wrk.txt")"
}

# paid_plan API_BASE TOKEN: moves the token's organization to the uncapped plan, so that a
# benchmark is not stopped by the free plan's hard cap (docs/billing.md).
paid_plan() {
  curl -sf -o /dev/null -X POST "$1/billing/subscription" -H "Authorization: Bearer $2" \
    -H 'Content-Type: application/json' -d '{"plan":"pro"}' || { echo "could not move to the paid plan" >&2; return 1; }
}
