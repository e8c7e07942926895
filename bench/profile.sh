#!/usr/bin/env bash
# Where an HTTP request's time goes (issue 14, item 3): CPU flame graphs of the service under wrk
# load (8 connections) for reading a workflow and for logging an execution, by async-profiler 4.1
# (fetched by Maven from its registry before the run, unpacked into target/profiler) attached to
# the running service, plus the
# share of samples under a few frames of interest. Writes bench/results/<date>-profile-*.html and
# a summary on standard output.
# Usage: bench/profile.sh [seconds per profile, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
source bench/lib.sh
library=$(async_profiler)
home=$(mktemp -d /tmp/pumpflix-profile.XXXXXX)
work=$(mktemp -d)
port=18096
PUMPFLIX_HOME=$home java -Xmx256m -jar target/pumpflix.jar --server.port=$port \
  --pumpflix.api.requests-per-second=0 >"$work/service.log" 2>&1 &
service=$!
trap 'kill $service 2>/dev/null; wait $service 2>/dev/null || true; rm -rf "$work" "$home"' EXIT
await_service "$port"
base="http://localhost:$port/api/v1"
token=$(sign_up "$base" Profile profile@example.test)
paid_plan "$base" "$token"
workflow=$(empty_workflow "$base" "$token" bench)
wrk_scripts "$work" "$token"
profiler() { java bench/tools/AttachProfiler.java "$service" "$library" "$1"; }
day=$(date -u +%Y-%m-%d)
profile() {  # name url lua
  wrk -t2 -c8 -d30s -s "$3" "$2" >/dev/null   # warm-up: the JIT takes about that long on 2 shared cores
  profiler "start,event=cpu,interval=1ms"
  local rate
  rate=$(wrk -t2 -c8 -d"${seconds}s" -s "$3" "$2" | awk '/Requests\/sec/ {print $2}')
  profiler "stop,file=$(realpath bench/results)/$day-profile-$1.html"
  profiler "stop,file=$work/$1.collapsed,collapsed"
  echo "## $1: $rate requests/s while profiled"
  python3 - "$work/$1.collapsed" <<'PY'
import collections, sys
frames_of_interest = [
    ("HTTP request in Tomcat", "org/apache/coyote/http11/Http11Processor.service"),
    ("bearer authentication filter (wraps the rest)", "io/pumpflix/identity/web/Authentication.doFilterInternal"),
    ("tenant transaction (begin, tenant, work, commit)", "io/pumpflix/platform/TenantScope"),
    ("Spring MVC dispatch (controller, JSON)", "org/springframework/web/servlet/DispatcherServlet.doDispatch"),
    ("JDBC statements (all)", "org/postgresql/core/v3/QueryExecutorImpl.execute"),
    ("commit", "DataSourceTransactionManager.doCommit"),
    ("socket reads and writes", "sun/nio/ch/NioSocketImpl"),
    ("Jackson", "tools/jackson/databind"),
    ("Micrometer observation", "io/micrometer"),
]
total = 0
hits = collections.Counter()
for line in open(sys.argv[1]):
    stack, _, n = line.rpartition(" ")
    n = int(n)
    total += n
    for label, frame in frames_of_interest:
        if frame in stack:
            hits[label] += n
print(f"{total} samples; share of samples under:")
for label, _ in frames_of_interest:
    print(f"- {label}: {hits[label] * 100 / max(total, 1):.1f}%")
PY
}
profile read "$base/workflows/$workflow" "$work/get.lua"
profile log "$base/workflows/$workflow/executions" "$work/post.lua"
