#!/usr/bin/env bash
# README command 1: install what is missing, build the Release binary, and run the server's main job on the
# sandbox — `creatoraudit-mcp --sandbox` answering a scripted MCP session (examples/demo-session.jsonl).
#   bash scripts/demo.sh [--raw]   (--raw prints the JSON lines exchanged instead of the readable view)
# Run it as yourself: setup.sh asks for sudo only to install missing Debian packages.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CA_ROOT"
ca_run_as_invoking_user

BUILD_DIR="$CA_ROOT/build/release"
SERVER="$BUILD_DIR/server/creatoraudit-mcp"

ca_stage "setup" bash scripts/setup.sh
ca_stage "build (Release, build/release)" ca_build "$BUILD_DIR" Release -DCA_BUILD_TESTS=OFF
[[ -x "$SERVER" ]] || ca_die "the build did not produce $SERVER"
ca_stage "replay examples/demo-session.jsonl" \
  node scripts/replay.mjs "$@" examples/demo-session.jsonl -- "$SERVER" --sandbox
ca_stage_summary
