#!/usr/bin/env bash
# Requests per second for GET /v2/accounts?limit=200 against a Release sandbox, measured with wrk.
# Usage: bench/sandbox/accounts_page_rps.sh [build-dir] [duration]   (defaults: build/sandbox-rel, 10s)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/sandbox-rel}"
duration="${2:-10s}"
binary="$build/sandbox/creatoraudit-sandbox"
[[ -x "$binary" ]] || { echo "build first: cmake -S $root -B $build -DCMAKE_BUILD_TYPE=Release && cmake --build $build --target creatoraudit-sandbox" >&2; exit 1; }

out="$(mktemp)"
# A rate limit far above what wrk can send, so the run measures serving, not 429s.
"$binary" --port 0 --rate-limit 1000000000 >"$out" 2>/dev/null &
pid=$!
trap 'kill "$pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 50); do [[ -s "$out" ]] && break; sleep 0.1; done
base="$(head -n1 "$out")"
echo "sandbox at $base; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk -t2 -c8 -d"$duration" -H 'Authorization: Bearer sandbox-key' "$base/accounts?limit=200"
