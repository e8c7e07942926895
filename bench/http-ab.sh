#!/usr/bin/env bash
# Two builds of the service, alternated round by round (so drift on this shared machine hits both
# alike): each round starts each jar on a fresh home, warms reading a workflow up for 30 s, then
# measures reading for SECONDS, and logging an execution twice for SECONDS (the first warms the
# logging path up; the second is reported). Prints one line per build and round and the means.
# Usage: bench/http-ab.sh OLD_JAR NEW_JAR [rounds, default 3] [seconds, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?old jar}; new=${2:?new jar}; rounds=${3:-3}; seconds=${4:-10}
command -v wrk >/dev/null || { echo "needs wrk (apt-get install wrk)" >&2; exit 2; }
source bench/lib.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=18083

one() {  # JAR: prints "reads/s logs/s"
  local home service base token workflow
  home=$(mktemp -d /tmp/pumpflix-ab.XXXXXX)
  PUMPFLIX_HOME=$home PUMPFLIX_PORT=$port java -Xmx256m -jar "$1" --pumpflix.api.requests-per-second=0 \
    >"$work/service.log" 2>&1 &
  service=$!
  await_service "$port"
  base="http://localhost:$port/api/v1"
  token=$(sign_up "$base" AB ab@example.test)
  paid_plan "$base" "$token"
  workflow=$(empty_workflow "$base" "$token" ab)
  wrk_scripts "$work" "$token"
  wrk_figures "$base/workflows/$workflow" "$work/get.lua" 8 30 "$work" >/dev/null
  local reads logs
  reads=$(wrk_figures "$base/workflows/$workflow" "$work/get.lua" 8 "$seconds" "$work" | cut -d' ' -f1)
  wrk_figures "$base/workflows/$workflow/executions" "$work/post.lua" 8 "$seconds" "$work" >/dev/null
  logs=$(wrk_figures "$base/workflows/$workflow/executions" "$work/post.lua" 8 "$seconds" "$work" | cut -d' ' -f1)
  kill "$service"; wait "$service" 2>/dev/null || true
  rm -rf "$home"
  echo "$reads $logs"
}

for round in $(seq "$rounds"); do
  for build in old new; do
    jar=$old; [[ $build == new ]] && jar=$new
    figures=$(one "$jar")
    echo "round $round $build: reads/s ${figures% *}, logs/s ${figures#* }"
    echo "$build $figures" >> "$work/all"
  done
done
awk '{r[$1]+=$2; l[$1]+=$3; n[$1]++} END {for (b in n) printf "mean %s: reads/s %.0f, logs/s %.0f\n", b, r[b]/n[b], l[b]/n[b]}' "$work/all" | sort
