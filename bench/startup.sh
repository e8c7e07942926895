#!/usr/bin/env bash
# Start-up of a warm restart (issue 14, item 5): the time from `java` to a ready service
# (/actuator/health/readiness answers 200) on a home that exists and is migrated: the jar as built
# (its ahead-of-time bean definitions on, the default), the same with them off, and Spring Boot's
# extracted layout with a class-data-sharing archive made by a training run, with and without the
# ahead-of-time definitions. Each variant runs `rounds` times, alternated, and the
# median is reported. Writes a dated report to bench/results/.
# Usage: bench/startup.sh [rounds, default 5]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
home=$(mktemp -d /tmp/pumpflix-startup.XXXXXX)
work=$(mktemp -d)
port=18097
trap 'pkill -f "server.port=$port" 2>/dev/null || true; rm -rf "$work"' EXIT
export PUMPFLIX_HOME=$home
java -jar target/pumpflix.jar migrate >/dev/null

source bench/lib.sh
cds_archive "$work" "$port"

ready_ms() {
  local started=$(date +%s%N)
  "$@" --server.port=$port >"$work/run.log" 2>&1 &
  local pid=$!
  until curl -sf "localhost:$port/actuator/health/readiness" >/dev/null; do
    kill -0 $pid 2>/dev/null || { cat "$work/run.log" >&2; return 1; }
    sleep 0.02
  done
  echo $(( ($(date +%s%N) - started) / 1000000 ))
  kill $pid; wait $pid 2>/dev/null || true
}
declare -A times
variants=(no-aot jar cds cds-aot)
for round in $(seq 1 "$rounds"); do
  times[no-aot]+="$(ready_ms java -Dspring.aot.enabled=false -jar target/pumpflix.jar) "
  times[jar]+="$(ready_ms java -jar target/pumpflix.jar) "
  times[cds]+="$(ready_ms java -Dspring.aot.enabled=false -XX:SharedArchiveFile="$work/app/pumpflix.jsa" -jar "$work/app/pumpflix.jar") "
  times[cds-aot]+="$(ready_ms java -Dspring.aot.enabled=true -XX:SharedArchiveFile="$work/app/pumpflix.jsa" -jar "$work/app/pumpflix.jar") "
done
median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report="bench/results/$(date -u +%Y-%m-%d)-startup.md"
{
  echo "# Warm restart, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores; $(java -version 2>&1 | head -1); embedded PostgreSQL on an existing, migrated home."
  echo "From \`java\` to /actuator/health/readiness = 200, $rounds rounds alternated, median (all runs in ms). Command: \`bench/startup.sh $rounds\`."
  echo
  echo "Variants: no-aot = \`java -Dspring.aot.enabled=false -jar target/pumpflix.jar\` (the jar before this change); jar = \`java -jar target/pumpflix.jar\` (ahead-of-time bean definitions, on by default in the packaged jar); cds = the extracted layout with a CDS archive, \`java -XX:SharedArchiveFile=app/pumpflix.jsa -jar app/pumpflix.jar\`; cds-aot = both."
  echo
  echo "| variant | median | runs (ms) | against no-aot |"
  echo "| --- | --- | --- | --- |"
  base=$(median "${times[no-aot]}")
  for v in "${variants[@]}"; do
    m=$(median "${times[$v]}")
    echo "| $v | $(python3 -c "print(f'{$m/1000:.1f} s')") | ${times[$v]} | $(python3 -c "print(f'{$m/$base:.2f}')") |"
  done
} | tee "$report"
echo "written to $report"
