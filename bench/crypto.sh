#!/usr/bin/env bash
# Measures the cost of password hashing and credential encryption, each against a baseline from
# the same run, and writes a dated report to bench/results/. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test
report="bench/results/$(date -u +%Y-%m-%d)-crypto.md"
{
  echo "# Crypto costs, $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr);" \
       "$(java -version 2>&1 | head -1)"
  echo
  java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" io.pumpflix.credential.CryptoBenchmark
} | tee "$report"
echo "written to $report"
