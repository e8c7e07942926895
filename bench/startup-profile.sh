#!/usr/bin/env bash
# Where a warm restart's time goes (issue 14, item 5): a wall-clock profile (async-profiler 4.1,
# 5 ms) of the main thread of the fastest variant of bench/startup.sh (extracted layout, CDS archive,
# ahead-of-time bean definitions), from `java` until the context has refreshed, on a migrated home.
# Prints the frames of interest with their milliseconds on the main thread.
# Usage: bench/startup-profile.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -f target/pumpflix.jar ]] || mvn -q -B package -DskipTests
source bench/lib.sh
library=$(async_profiler)
home=$(mktemp -d /tmp/pumpflix-startup.XXXXXX)
work=$(mktemp -d)
port=18098
trap 'rm -rf "$work" "$home"' EXIT
export PUMPFLIX_HOME=$home
java -jar target/pumpflix.jar migrate >/dev/null
cds_archive "$work" "$port"
java -agentpath:"$library"=start,event=wall,interval=5ms,threads,file="$work/wall.collapsed",collapsed \
  -XX:SharedArchiveFile="$work/app/pumpflix.jsa" -Dspring.aot.enabled=true -Dspring.context.exit=onRefresh \
  -jar "$work/app/pumpflix.jar" --server.port=$port >"$work/run.log" 2>&1 || true
python3 - "$work/wall.collapsed" <<'PY'
import collections, re, sys
totals, main = collections.Counter(), 0
for line in open(sys.argv[1]):
    stack, _, n = line.rstrip().rpartition(' ')
    frames = stack.split(';')
    if not frames[0].startswith('[main'):
        continue
    main += int(n)
    for frame in set(frames):
        if re.search(r'\.<init>$|afterPropertiesSet|Flyway\.migrate|Tomcat\.start|postProcess(After|Before)Initialization'
                     r'|SpringApplication\.(refreshContext|prepareEnvironment)|PumpflixCommand\.commandLine', frame) \
                and 'springframework/beans' not in frame:
            totals[frame] += int(n)
print(f"main thread until the context refreshed: {main * 5} ms (5 ms samples)")
for frame, n in totals.most_common(40):
    if n * 5 >= 40:
        print(f"{n * 5:6d} ms  {frame[:140]}")
PY
