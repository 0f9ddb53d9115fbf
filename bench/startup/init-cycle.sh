#!/usr/bin/env bash
# One start → initialize → response → EOF → exit cycle of the server given as $1 (used by measure.sh via hyperfine).
set -euo pipefail
coproc SERVER { exec "$@" 2>/dev/null; }
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}' >&"${SERVER[1]}"
IFS= read -r _ <&"${SERVER[0]}"
stdin_fd=${SERVER[1]}
exec {stdin_fd}>&-
wait "$SERVER_PID"
