#!/usr/bin/env bash
# One start → initialize → response → EOF → exit cycle of the server command given as arguments (measure.sh
# times it with hyperfine).
set -euo pipefail
coproc SERVER { exec "$@" 2>/dev/null; }
# Copied at once: bash unsets the coproc variables when the process ends.
server_pid=$SERVER_PID
server_in=${SERVER[1]}
server_out=${SERVER[0]}
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"bench","version":"0"}}}' >&"$server_in"
IFS= read -r _ <&"$server_out"
exec {server_in}>&-
wait "$server_pid"
