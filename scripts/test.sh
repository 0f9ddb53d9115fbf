#!/usr/bin/env bash
# README command 2 (and what .ci/run executes): install what is missing, then build and run every test —
#   1. plain build (build/ci, RelWithDebInfo, programs only: the tests run on the sanitized build)
#   2. the packages made from that build (scripts/package.sh --build-dir build/ci: the .deb by cpack, the .mcpb by
#      mcpb pack; no extra compile), the .deb checked by scripts/check-deb.sh (dpkg-deb, lintian) and unpacked
#   3. end-to-end tests with the official MCP TypeScript SDK clients (node --test in tests/e2e) on that build, and
#      on the installed packages: the unpacked .deb (CA_DEB_ROOT) and the unpacked bundle (CA_MCPB)
#   4. MCP Inspector CLI: tools/list --strict must report no schema problem, in each protocol era; then the MCP
#      conformance suite against the server's own HTTP transport (--http), for 2025-11-25 and for 2026-07-28
#   5. the short soak (bench/soak/soak.py) on the plain binaries: mixed tool calls on 4 workers against a sandbox
#      injecting random faults, for at most 30 s of sending
#   6. sanitized build (build/asan, ASan + UBSan, Debug) + ctest, and the e2e tests again on the sanitized
#      binaries; any sanitizer report (leaks included) fails the test that triggered it
#   7. the libFuzzer targets (build/fuzz, clang, ASan + UBSan; only the targets and the libraries they link), each
#      run for CA_FUZZ_SECONDS (tests/fuzz/run.sh); any finding fails
# Stops at the first failing stage and prints how long each stage took.
#   bash scripts/test.sh   (as yourself: setup.sh asks for sudo only to install missing Debian packages)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CA_ROOT"
ca_run_as_invoking_user

CI_DIR="$CA_ROOT/build/ci"
ASAN_DIR="$CA_ROOT/build/asan"
FUZZ_DIR="$CA_ROOT/build/fuzz"
# Seconds each fuzz target runs in CI (8 targets today, so about 90 s in all); docs/testing.md has the long forms.
CA_FUZZ_SECONDS="${CA_FUZZ_SECONDS:-10}"
MCP_BIN="$CI_DIR/server/creatoraudit-mcp"
PACKAGES_DIR="$CI_DIR/packages"
DEB_ROOT="$CI_DIR/deb-root"

# halt_on_error/abort: a sanitizer report must fail the test that triggered it, never scroll past.
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

run_ctest() { ctest --test-dir "$1" --output-on-failure -j"$CA_JOBS" --timeout 300; }

require_binaries() {
  local dir="$1" bin
  for bin in "$dir/server/creatoraudit-mcp" "$dir/sandbox/creatoraudit-sandbox"; do
    [[ -x "$bin" ]] || ca_die "the build did not produce $bin"
  done
}

# run_e2e BUILD_DIR [VAR=VALUE...]: the extra variables point the package tests at what they check. Every test
# file runs, or only those in E2E_FILES when it is set.
E2E_FILES=()
run_e2e() {
  local dir="$1"
  shift
  (cd tests/e2e && env CA_MCP_BIN="$dir/server/creatoraudit-mcp" CA_SANDBOX_BIN="$dir/sandbox/creatoraudit-sandbox" \
    "$@" node --test --test-reporter=spec --test-concurrency=1 --test-timeout=60000 "${E2E_FILES[@]}")
}

check_deb() {
  local debs=("$PACKAGES_DIR"/*.deb)
  ((${#debs[@]} == 1)) || ca_die "expected one .deb in $PACKAGES_DIR, found: ${debs[*]}"
  bash scripts/check-deb.sh "${debs[0]}" "$DEB_ROOT"
}

bundle_file() {
  local bundles=("$PACKAGES_DIR"/*.mcpb)
  ((${#bundles[@]} == 1)) || ca_die "expected one .mcpb in $PACKAGES_DIR, found: ${bundles[*]}"
  printf '%s\n' "${bundles[0]}"
}

inspector_strict() {
  # --strict lints every tool schema for portability across hosts; exit 6 = a schema problem, 0 = clean.
  # legacy: the 2025-11-25 handshake; modern: 2026-07-28, no handshake; auto: the discovery probe first, which the
  # server answers (a server that did not answer at once would fail here after the Inspector's 15 s timeout).
  local era
  for era in legacy auto modern; do
    node tests/e2e/node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js \
      --cli --protocol-era "$era" --method tools/list --strict -- "$MCP_BIN" --sandbox >/dev/null
    ca_log "inspector --protocol-era $era tools/list --strict: clean"
  done
}

soak_short() {
  # The short form: at most 2000 calls, sending stops after 30 s, so the stage stays within a minute. On the plain
  # build: the sanitized binaries already ran ctest and e2e, and a plain server answers several times more calls
  # in the same time. The long forms (docs/testing.md) run either build.
  python3 bench/soak/soak.py --build-dir "$CI_DIR" --calls 2000 --max-seconds 30 --report "$CI_DIR/soak/report.json"
}

build_fuzz() {
  # Only the fuzz targets and the libraries they link, -O1 without debug info (as the other builds of CI), as a unity
  # build like the ASan one below: 175 s against 232 s for a fresh build on 2 idle cores without ccache (2026-11-30).
  ca_configure "$FUZZ_DIR" Debug -DCMAKE_CXX_COMPILER=clang++-16 -DCA_FUZZ=ON "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g0" \
    -DCMAKE_UNITY_BUILD=ON && cmake --build "$FUZZ_DIR" --target ca_fuzzers -j"$CA_JOBS"
}

# The fuzz build runs at the lowest priority while the stages that mostly wait (packaging, the node clients, the
# Inspector, the conformance suite, the soak) leave the cores idle: that hides most of its minutes in the CI budget.
# Those stages assert no timing, only bounded waits, so the extra load cannot fail them.
FUZZ_BUILD_LOG="$CA_ROOT/build/fuzz-build.log"
FUZZ_BUILD_PID=""
FUZZ_RUN_PID=""
start_fuzz_build() {
  mkdir -p "$(dirname "$FUZZ_BUILD_LOG")"
  # renice, not nice: the build is a shell function; the compilers it starts inherit the priority.
  (renice -n 19 -p "$BASHPID" >/dev/null && build_fuzz) >"$FUZZ_BUILD_LOG" 2>&1 &
  FUZZ_BUILD_PID=$!
}
finish_fuzz_build() {
  local rc=0
  wait "$FUZZ_BUILD_PID" || rc=$?
  FUZZ_BUILD_PID=""
  ((rc == 0)) || { tail -n 60 "$FUZZ_BUILD_LOG"; ca_log "the fuzz build failed (exit $rc); its log: $FUZZ_BUILD_LOG"; }
  return "$rc"
}
kill_tree() {
  local child
  for child in $(pgrep -P "$1" || true); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
# A failing stage ends the run; a fuzz build still going would only hold the machine. Chained to whatever EXIT
# trap lib.sh set (handing build/ back after sudo).
stop_fuzz_build() {
  [[ -z "$FUZZ_BUILD_PID" ]] || kill_tree "$FUZZ_BUILD_PID"
  [[ -z "$FUZZ_RUN_PID" ]] || kill_tree "$FUZZ_RUN_PID"
}
trap "stop_fuzz_build; $(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")" EXIT

ca_stage "setup" bash scripts/setup.sh
# Without debug info (-g0): the builds are most of CI's time, and debug info is over a third of each compile
# (measured on tests/tools/test_registry.cpp: -O2 -g1 8.3 s, -O2 -g0 5.1 s; ASan -g1 10.7 s, -g0 6.7 s). Sanitizer
# and fuzzer reports still name every function (from the symbol table); for file:line, rebuild the directory with
# -DCMAKE_CXX_FLAGS_DEBUG=-g1 (docs/testing.md).
# The plain build makes the programs, not the test executables: every ctest test runs on the sanitized build below,
# and the plain binaries go through the packages, both SDK clients, the Inspector, the conformance suite and the
# soak. Building the tests twice cost about 5 of CI's 30 minutes.
ca_stage "build plain (build/ci)" ca_build "$CI_DIR" RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g0 -DNDEBUG" \
  -DCA_BUILD_TESTS=OFF
require_binaries "$CI_DIR"
start_fuzz_build
rm -rf "$PACKAGES_DIR"
ca_stage "package .deb + .mcpb (build/ci)" \
  bash scripts/package.sh --build-dir "$CI_DIR" --out "$PACKAGES_DIR" all
ca_stage "check .deb (dpkg-deb, lintian)" check_deb
# An assignment, so that set -e stops the run if there is no single bundle (an empty CA_MCPB would skip its tests).
MCPB_FILE="$(bundle_file)"
ca_stage "e2e plain + packages (node)" run_e2e "$CI_DIR" CA_DEB_ROOT="$DEB_ROOT" CA_MCPB="$MCPB_FILE"
ca_stage "inspector tools/list --strict" inspector_strict
ca_stage "conformance (2025-11-25, 2026-07-28)" bash tests/conformance/run.sh "$MCP_BIN"
ca_stage "soak short (plain)" soak_short
ca_stage "build fuzz (build/fuzz, clang; started after the plain build)" finish_fuzz_build
# A unity build (CMake compiles up to 8 sources of a target as one unit): at -O0 with ASan most of a compile is the
# code of the json and std templates each source instantiates, and a unit instantiates them once. Measured on four
# tests/tools sources: 48.5 CPU-seconds apart, 23.0 as one unit. Names private to a source (anonymous namespace,
# static) must differ within a target; ca_tools is left out (tools/CMakeLists.txt). Reproduce locally with the same
# flags; -DCMAKE_UNITY_BUILD=OFF for a build where one edited file recompiles alone.
ca_stage "build asan+ubsan (build/asan)" ca_build "$ASAN_DIR" Debug -DCA_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG=-g0 \
  -DCMAKE_UNITY_BUILD=ON
require_binaries "$ASAN_DIR"
ca_stage "ctest asan+ubsan" run_ctest "$ASAN_DIR"
# The fuzz targets run one at a time on one core, and the node clients mostly wait: the two stages share the
# machine. The fuzz run's output is kept in a file and shown (with its summary table) when it ends.
FUZZ_RUN_LOG="$CA_ROOT/build/fuzz-run.log"
tests/fuzz/run.sh --build-dir "$FUZZ_DIR" --seconds "$CA_FUZZ_SECONDS" >"$FUZZ_RUN_LOG" 2>&1 &
FUZZ_RUN_PID=$!
# The SDK suites over HTTP (http-*.test.mjs, about 70 s) run on the plain build only: the sanitized build covers
# the HTTP transport through its ctest tests ([http] in ca_unit_tests), which drive it with hostile requests too.
mapfile -t E2E_FILES < <(cd tests/e2e && ls -- *.test.mjs | grep -v '^http-')
ca_stage "e2e asan+ubsan (node --test, all but http-*; the fuzz run beside it)" run_e2e "$ASAN_DIR"
finish_fuzz_run() {
  local rc=0
  wait "$FUZZ_RUN_PID" || rc=$?
  FUZZ_RUN_PID=""
  cat "$FUZZ_RUN_LOG"
  return "$rc"
}
ca_stage "fuzz (${CA_FUZZ_SECONDS}s per target; the rest of the run)" finish_fuzz_run
ca_stage_summary
echo "all stages passed"
