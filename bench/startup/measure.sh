#!/usr/bin/env bash
# Startup benchmark for the Release binary: time from process start to the answer of the first request, and idle
# RSS after it, for each protocol era (2025-11-25: initialize; 2026-07-28: server/discover) in two configurations —
# a real-API configuration (key + base URL set; neither request touches the network) and --sandbox (which also
# seeds and starts the in-process simulator). Not a test: it prints numbers.
#   bash bench/startup/measure.sh            (RUNS=30 by default; builds build/release if needed)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib.sh"
cd "$CA_ROOT"

BIN="${CA_MCP_BIN:-$CA_ROOT/build/release/server/creatoraudit-mcp}"
if [[ -z "${CA_MCP_BIN:-}" ]]; then
  ca_build "$CA_ROOT/build/release" Release -DCA_BUILD_TESTS=OFF >/dev/null
fi
[[ -x "$BIN" ]] || ca_die "no binary at $BIN"
export RUNS="${RUNS:-30}"

# The real-API configuration: a syntactically valid key and the default https base URL. Nothing is contacted
# before a tool is called, so this measures the server alone. Each configuration runs both eras in turn, round
# after round, so that a busy machine slows them alike.
real=$(ERAS=legacy,modern CREATORAUDIT_API_KEY=bench-not-a-real-key node bench/startup/first-response.mjs "api key" -- "$BIN")
sandbox=$(ERAS=legacy,modern node bench/startup/first-response.mjs "--sandbox" -- "$BIN" --sandbox)

printf '%s\n%s\n' "$real" "$sandbox" | node -e '
  const rows = require("fs").readFileSync(0, "utf8").trim().split("\n").map(JSON.parse);
  const first = { legacy: "2025-11-25: initialize", modern: "2026-07-28: server/discover" };
  console.log(`binary: ${process.argv[1]}  (${rows[0].runs} runs each after one warm-up; ${require("os").cpus().length} cores)`);
  console.log("| era: first request | configuration | start→first answer ms (min / median / p90 / max) | idle VmRSS KiB (median) | VmHWM KiB (median) | threads |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) {
    const m = r.ms;
    console.log(`| ${first[r.era]} | ${r.label} | ${m.min} / ${m.median} / ${m.p90} / ${m.max} | ${r.rss_kib.median} | ${r.hwm_kib.median} | ${r.threads.median} |`);
  }' "$BIN"

# An outside view of the same interval plus shutdown, for comparison: a whole start → initialize → EOF → exit
# cycle, timed by hyperfine when it is installed.
if command -v hyperfine >/dev/null; then
  cycle="$CA_ROOT/bench/startup/init-cycle.sh"
  echo
  echo "hyperfine, api key configuration, whole cycle incl. bash: start → initialize response → EOF → exit"
  CREATORAUDIT_API_KEY=bench-not-a-real-key hyperfine -N --warmup 3 --runs "$RUNS" --style basic \
    "bash $cycle $BIN" 2>&1 | sed -n '/Time (mean/,/Range/p'
  echo "hyperfine, bash alone (subtract it): $(hyperfine -N --warmup 3 --runs "$RUNS" --style basic 'bash -c true' 2>&1 |
    sed -n 's/^ *Time (mean ± σ): *//p')"
fi
