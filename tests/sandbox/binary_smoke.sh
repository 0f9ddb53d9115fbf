#!/usr/bin/env bash
# The creatoraudit-sandbox binary: first stdout line is exactly its base URL once it accepts connections, it
# answers there, and SIGTERM ends it with status 0. Usage: binary_smoke.sh path/to/creatoraudit-sandbox
set -euo pipefail
binary="$1"
out="$(mktemp)"
"$binary" --port 0 --accounts 10 >"$out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$out"' EXIT
for _ in $(seq 1 100); do [[ -s "$out" ]] && break; sleep 0.05; done  # bounded: 5 s
base="$(head -n1 "$out")"
[[ "$base" =~ ^http://127\.0\.0\.1:[0-9]+/v2$ ]] || { echo "bad first line: '$base'"; exit 1; }
port="${base#http://127.0.0.1:}"
port="${port%/v2}"
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /v2/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
reply="$(timeout 5 cat <&3)"
[[ "$reply" == "HTTP/1.1 200 OK"* && "$reply" == *'{"status":"ok"}'* ]] || { echo "bad health reply: $reply"; exit 1; }
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
trap 'rm -f "$out"' EXIT
[[ $status -eq 0 ]] || { echo "exit status $status after SIGTERM"; exit 1; }
echo "ok: $base"
