#!/usr/bin/env bash
# Registers creatoraudit-mcp with Claude Code (`claude` CLI). Run once; `claude mcp list` shows the result.
#   bash claude-code.sh [PATH_TO_BINARY]      (default /usr/bin/creatoraudit-mcp, where the .deb installs it)
# The key is read from a file, so neither it nor its value lands in argv or in Claude Code's configuration.
set -euo pipefail
BIN="${1:-/usr/bin/creatoraudit-mcp}"
KEY_FILE="${CREATORAUDIT_API_KEY_FILE:-$HOME/.config/creatoraudit/api-key}"

# Simulated data, no key needed: try this first.
claude mcp add --transport stdio --scope user creatoraudit-sandbox -- "$BIN" --sandbox

# The real API.
claude mcp add --transport stdio --scope user --env "CREATORAUDIT_API_KEY_FILE=$KEY_FILE" creatoraudit -- "$BIN"
