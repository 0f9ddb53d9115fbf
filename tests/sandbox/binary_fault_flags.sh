#!/usr/bin/env bash
# The creatoraudit-sandbox binary's fault flags (and their CREATORAUDIT_SANDBOX_* variables) reach the sandbox, and
# bad values are refused before it starts. Usage: binary_fault_flags.sh path/to/creatoraudit-sandbox
set -euo pipefail
binary="$1"
work="$(mktemp -d)"
pid=""
trap '[[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$work"' EXIT

# start ARGS...: runs the sandbox in the background and sets $port once it prints its base URL (bounded: 5 s).
start() {
  : >"$work/out"
  "$binary" --port 0 --accounts 10 --creators 2 --videos 2 "$@" >"$work/out" 2>/dev/null &
  pid=$!
  for _ in $(seq 1 100); do [[ -s "$work/out" ]] && break; sleep 0.05; done
  local base
  base="$(head -n1 "$work/out")"
  [[ "$base" =~ ^http://127\.0\.0\.1:([0-9]+)/v2$ ]] || { echo "no base URL from: $*"; exit 1; }
  port="${BASH_REMATCH[1]}"
}
stop() { kill -TERM "$pid"; wait "$pid" || true; pid=""; }

# request PATH: one authenticated GET, the whole raw response on stdout.
request() {
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf 'GET /v2%s HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer sandbox-key\r\nConnection: close\r\n\r\n' "$1" >&3
  timeout 10 cat <&3
  exec 3<&-
}

expect() {  # expect NAME HAYSTACK NEEDLE
  [[ "$2" == *"$3"* ]] || { echo "FAIL $1: wanted '$3' in: $2"; exit 1; }
}

start --fault-rate 1 --fault-kinds 503 --fault-seed 3
expect "mix 503" "$(request /whoami)" "HTTP/1.1 503 Service Unavailable"
expect "public route spared" "$(request /health)" "HTTP/1.1 200 OK"
stop

CREATORAUDIT_SANDBOX_GARBAGE_BODY=not-json CREATORAUDIT_SANDBOX_GARBAGE_COUNT=1 start
expect "garbage from the environment" "$(request /whoami)" "<!DOCTYPE html>"
expect "count spent" "$(request /whoami)" '"type":"whoami"'
stop

start --trickle 1 --trickle-bytes 3 --trickle-pause-ms 1 --trickle-part headers
reply="$(request /whoami)"
expect "trickled" "$reply" "HTTP/1.1 200 OK"
expect "trickled body" "$reply" '"type":"whoami"'
stop

for bad in "--trickle-bytes 0" "--fault-kinds 503,bogus" "--garbage-body bogus" "--fault-rate 2" "--fault-seed x" \
           "--script-statuses 503,abc" "--trickle-part middle"; do
  status=0
  # shellcheck disable=SC2086
  timeout 5 "$binary" --port 0 $bad >/dev/null 2>&1 || status=$?
  # CLI11 refuses with a non-zero status at once; 124 would mean it started and ran until the timeout.
  [[ $status -ne 0 && $status -ne 124 ]] || { echo "FAIL: '$bad' gave status $status"; exit 1; }
done
echo "ok: fault flags"
