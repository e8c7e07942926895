# Helpers shared by the benchmark scripts (sourced, not run).

# pgbench_percentiles WORKDIR SQL CLIENTS SECONDS PGPORT [LOGIN]: prints "p50_ms p99_ms tx_per_s"
# of one statement run by pgbench with the given clients as LOGIN (the superuser unless given; its
# password in PGPASSWORD), from its per-transaction log.
pgbench_percentiles() {
  local work=$1 sql=$2 clients=$3 seconds=$4 pgport=$5 login=${6:-postgres}
  echo "$sql" > "$work/script.sql"
  (cd "$work" && rm -f pgbench_log.* && pgbench -n -h localhost -p "$pgport" -U "$login" -c "$clients" \
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

# queue_runs_sql PER IDS: the statement that queues PER manual runs (input [{"n": 1}]) of each
# workflow of IDS (an SQL uuid[] expression) straight into the run queue, as the engine's API
# would, so that a drain measures the engine and not the client that queues.
queue_runs_sql() {
  local per=$1 ids=$2
  echo "WITH w AS (SELECT id, organization_id, current_version_id AS v FROM workflows WHERE id = ANY ($ids)),
            e AS (SELECT w.id AS wid, w.organization_id AS org, w.v, x.id
                  FROM w, LATERAL pumpflix.insert_executions(array_fill(w.id, ARRAY[$per]),
                    array_fill('queued'::text, ARRAY[$per]), array_fill('[{\"n\": 1}]'::jsonb, ARRAY[$per]),
                    array_fill(NULL::jsonb, ARRAY[$per]), NULL, NULL, array_fill(w.v, ARRAY[$per]),
                    array_fill('manual'::text, ARRAY[$per])) x)
       INSERT INTO pumpflix.runs (execution_id, organization_id, workflow_id, version_id, mode, state, available_at)
       SELECT id, org, wid, v, 'manual', 'queued', clock_timestamp() AT TIME ZONE 'UTC' FROM e"
}

# async_profiler: prints the path of async-profiler 4.1's agent library, fetched by Maven from its
# registry and unpacked into target/profiler on first use.
async_profiler() {
  local tools=target/profiler
  if [[ ! -f $tools/linux-x64/libasyncProfiler.so ]]; then
    mkdir -p "$tools"
    mvn -q -B dependency:copy -Dartifact=tools.profiler:async-profiler:4.1 -DoutputDirectory="$tools" \
      -Dmdep.stripVersion=true >&2
    (cd "$tools" && unzip -o -q async-profiler.jar 'linux-x64/*')
  fi
  realpath "$tools/linux-x64/libasyncProfiler.so"
}

# await_service PORT: waits until the service on PORT answers its health check.
await_service() { until curl -sf "localhost:$1/actuator/health" >/dev/null; do sleep 0.5; done; }

# embedded_database HOME: sets pgport to the port of HOME's embedded PostgreSQL and exports
# PGPASSWORD, the password of its superuser (docs/security.md), for sql, psql and pgbench.
embedded_database() {
  pgport=$(sed -n 4p "$1/pgdata/postmaster.pid")
  export PGPASSWORD
  PGPASSWORD=$(cat "$1/postgres-password")
}

# sql STATEMENT: runs it on that database as its superuser; prints unaligned rows, nothing else.
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 -h localhost -p "$pgport" -U postgres -d postgres -c "$1"; }

# json PATH: prints the value at PATH (a Python subscript such as '["token"]') of the JSON on stdin.
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# sign_up BASE ORGANIZATION EMAIL: signs up a new organization through the API at BASE
# (http://host:port/api/v1) and prints its owner's bearer token.
sign_up() {
  curl -s -X POST "$1/auth/sign-up" -H 'Content-Type: application/json' \
    -d "{\"organizationName\":\"$2\",\"email\":\"$3\",\"password\":\"bench password 123\"}" | json '["token"]'
}

# empty_workflow BASE TOKEN NAME: creates a workflow without nodes (for logging executions into)
# and prints its id.
empty_workflow() {
  curl -s -X POST "$1/workflows" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$3\",\"definition\":{\"nodes\":[]}}" | json '["id"]'
}

# wrk_scripts WORKDIR TOKEN: writes wrk's scripts for the API with that token: get.lua (a GET),
# post.lua (logging one execution), batch.lua (logging 1,000 executions in one request).
wrk_scripts() {
  printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$2" > "$1/get.lua"
  printf 'wrk.method = "POST"\nwrk.body = [[{"status":"success","input":{"n":1},"output":{"ok":true}}]]\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\n' \
    "$2" > "$1/post.lua"
  python3 - "$1/batch.lua" "$2" <<'PY'
import json, sys
body = json.dumps({"executions": [{"status": "success", "input": {"n": i}} for i in range(1000)]})
open(sys.argv[1], "w").write('wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\n' % (body, sys.argv[2]))
PY
}

# ratio A B: A / B with two decimals.
ratio() { python3 -c "print(f'{$1/$2:.2f}')"; }

# cds_archive WORKDIR PORT: Spring Boot's extracted layout of target/pumpflix.jar in WORKDIR/app,
# with a class-data-sharing archive (WORKDIR/app/pumpflix.jsa) from a training run (ahead-of-time
# definitions on) that stops after the context has refreshed. Needs PUMPFLIX_HOME set.
cds_archive() {
  java -Djarmode=tools -jar target/pumpflix.jar extract --destination "$1/app" >/dev/null
  java -Dspring.aot.enabled=true -XX:ArchiveClassesAtExit="$1/app/pumpflix.jsa" -Dspring.context.exit=onRefresh \
    -jar "$1/app/pumpflix.jar" --server.port="$2" >"$1/training.log" 2>&1 || true
}
