#!/usr/bin/env bash
# User-space instructions per tool call, counted by valgrind's callgrind: the same on every run, so it shows a
# change of a few percent that the CPU time of perf.py (which wanders by ±20 % on a shared VM) cannot. Runs one
# perf.py case twice under callgrind, with 20 and 120 calls asked for, and divides the difference in instructions
# by the difference in calls made, which cancels start-up and the warm-up call. Kernel time (system calls, context
# switches) is not counted: perf.py's CPU and context-switch columns show it. Not a test: it prints one number.
#   bash bench/perf/instructions.sh [BUILD_DIR] [CASE]     (defaults: build/ci, list50; needs valgrind)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

BUILD_DIR="${1:-build/ci}"
CASE="${2:-list50}"
BIN="${CA_MCP_BIN:-$BUILD_DIR/server/creatoraudit-mcp}"
command -v valgrind >/dev/null || { echo "valgrind is not installed (Debian: apt-get install valgrind)" >&2; exit 1; }
[[ -x "$BIN" ]] || { echo "no server binary at $BIN: build it first (docs/performance.md)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# perf.py starts the server itself: a wrapper puts it under callgrind, one output file per run.
cat >"$work/server.sh" <<EOF
#!/bin/sh
exec valgrind --tool=callgrind --callgrind-out-file="$work/calls-\$CA_CALLS.out" "$(realpath "$BIN")" "\$@"
EOF
chmod +x "$work/server.sh"

total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done { gsub(",", "", $1); print $1; done = 1 }'; }
# perf.py makes fewer calls for the larger cases than asked: the calls column of its row says how many.
made=()
for calls in 20 120; do
  row=$(CA_CALLS=$calls python3 bench/perf/perf.py --build-dir "$BUILD_DIR" --server-bin "$work/server.sh" \
    --cases "$CASE" --calls "$calls" --latency-ms 0 --cpu-clock proc | grep "^| $CASE |")
  made+=("$(echo "$row" | awk -F'|' '{ gsub(/ /, "", $3); print $3 }')")
done
sleep 1  # callgrind writes its file as the server exits
((made[1] > made[0])) || { echo "$CASE makes ${made[0]} calls whatever is asked: no difference to divide by" >&2; exit 1; }
few=$(total "$work/calls-20.out")
many=$(total "$work/calls-120.out")
echo "$CASE: $(((many - few) / (made[1] - made[0]))) instructions per call (user space, callgrind; $BIN)"
