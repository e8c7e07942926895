#!/usr/bin/env bash
# Smoke test of the packaged jar as `java -jar` runs it (ahead-of-time bean definitions on, which
# the test suite, running from classes, does not exercise): start on a fresh home, sign up, run a
# workflow by hand, call a webhook, read the usage and the metrics, then stop. Needs curl.
# Usage: scripts/smoke.sh (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
home=$(mktemp -d /tmp/pumpflix-smoke.XXXXXX)
port=18099
PUMPFLIX_HOME=$home java -Xmx256m -jar target/pumpflix.jar --server.port=$port >"$home/service.log" 2>&1 &
service=$!
cleanup() { kill "$service" 2>/dev/null; wait "$service" 2>/dev/null || true; rm -rf "$home"; }
trap cleanup EXIT
for i in $(seq 1 240); do
  curl -sf "localhost:$port/actuator/health/readiness" >/dev/null && break
  kill -0 "$service" 2>/dev/null || { cat "$home/service.log"; echo "smoke: the service died" >&2; exit 1; }
  sleep 0.5
done
fail() { echo "smoke: $1" >&2; tail -40 "$home/service.log" >&2; exit 1; }
grep -q "Starting AOT-processed PumpflixApplication" "$home/service.log" || fail "the jar did not start with its ahead-of-time code"
base="http://localhost:$port/api/v1"
field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }
token=$(curl -s -X POST "$base/auth/sign-up" -H 'Content-Type: application/json' \
  -d '{"organizationName":"Smoke","email":"smoke@example.test","password":"smoke password 123"}' | field token)
[[ -n $token ]] || fail "sign-up gave no token"
workflow=$(curl -s -X POST "$base/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{
  "name": "smoke", "definition": {"nodes": [{"name": "Start", "type": "manualTrigger"},
    {"name": "Greet", "type": "set", "parameters": {"fields": {"text": "=Hello {{ $json.name }}"}}}],
    "connections": {"Start": {"main": [[{"node": "Greet", "type": "main", "index": 0}]]}}}}' | field id)
[[ -n $workflow ]] || fail "no workflow was created"
ran=$(curl -s -X POST "$base/workflows/$workflow/run?wait=true" -H "Authorization: Bearer $token" \
  -H 'Content-Type: application/json' -d '{"items":[{"name":"Ada"}]}')
grep -q '"text":"Hello Ada"' <<<"$ran" || fail "the run answered $ran"
curl -s -X POST "$base/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d '{
  "name": "hook", "definition": {"nodes": [{"name": "Hook", "type": "webhook", "parameters": {"path": "smoke", "responseMode": "lastNode"}},
    {"name": "Price", "type": "set", "parameters": {"fields": {"total": "={{ $json.body.qty * $json.body.price }}"}}}],
    "connections": {"Hook": {"main": [[{"node": "Price", "type": "main", "index": 0}]]}}}}' >/dev/null
hook=$(curl -s -X POST "localhost:$port/webhook/smoke" -H 'Content-Type: application/json' -d '{"qty": 2, "price": 60}')
grep -q '"total":120' <<<"$hook" || fail "the webhook answered $hook"
usage=$(curl -s "$base/billing/usage" -H "Authorization: Bearer $token")
grep -q '"executions":2' <<<"$usage" || fail "the usage says $usage"
metrics=$(curl -s "localhost:$port/actuator/prometheus")
grep -q "pumpflix_runs_finished_total{status=\"success\"}" <<<"$metrics" || fail "no run metrics: $(grep pumpflix_runs <<<"$metrics")"
echo "smoke: the packaged jar started with its ahead-of-time code, ran a workflow and a webhook, counted them"
