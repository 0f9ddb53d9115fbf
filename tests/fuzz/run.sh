#!/usr/bin/env bash
# Runs every libFuzzer target of an existing fuzz build for a bounded time and fails on any finding (crash,
# sanitizer report, leak, broken property, timeout, out-of-memory). Builds nothing: see docs/testing.md.
#
#   tests/fuzz/run.sh [--build-dir DIR] [--seconds N] [--scratch DIR] [TARGET...]
#
#   --build-dir DIR  the CA_FUZZ build (default build/fuzz); targets are DIR/tests/fuzz/fuzz_*
#   --seconds N      fuzzing time per target (default $CA_FUZZ_SECONDS or 30)
#   --scratch DIR    where new inputs and findings go (default DIR/fuzz-scratch); kept between runs, so a
#                    machine that fuzzes often keeps a growing corpus. The committed seeds are never written.
#   TARGET           names without the fuzz_ prefix (default: every target built)
#
# Each target starts from its committed corpus (tests/fuzz/corpus/NAME, replayed first, so a committed reproducer
# fails at once) plus its scratch corpus, with tests/fuzz/NAME.dict when present. A summary table gives, per
# target, the result, executions, exec/s, coverage (cov: edges, ft: features) and corpus size; a finding prints
# the reproducer and the command that replays it. Exit status: 0 when every target ran clean, 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FUZZ_SRC="$ROOT/tests/fuzz"
BUILD_DIR="$ROOT/build/fuzz"
SECONDS_PER_TARGET="${CA_FUZZ_SECONDS:-30}"
SCRATCH=""
# One input may take this long before it counts as a hang (the session target drains calls of up to 2 s each,
# and a loaded CI machine is slow), and the process may use this much memory before it counts as a leak/OOM.
PER_INPUT_TIMEOUT_S=25
RSS_LIMIT_MB=2048

TARGETS=()
while (($#)); do
  case "$1" in
    --build-dir) BUILD_DIR="$(cd "$2" 2>/dev/null && pwd)" || { echo "no build directory $2" >&2; exit 2; }; shift 2 ;;
    --seconds) SECONDS_PER_TARGET="$2"; shift 2 ;;
    --scratch) SCRATCH="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) echo "unknown option: $1" >&2; exit 2 ;;
    *) TARGETS+=("$1"); shift ;;
  esac
done
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || { echo "--seconds must be a positive integer" >&2; exit 2; }
SCRATCH="${SCRATCH:-$BUILD_DIR/fuzz-scratch}"
BIN_DIR="$BUILD_DIR/tests/fuzz"

if ((${#TARGETS[@]} == 0)); then
  for bin in "$BIN_DIR"/fuzz_*; do
    [[ -x "$bin" ]] && TARGETS+=("${bin##*/fuzz_}")
  done
fi
((${#TARGETS[@]})) || { echo "no fuzz targets in $BIN_DIR: build them first (docs/testing.md)" >&2; exit 2; }

# Leaks are findings; UBSan reports abort (the build also makes them fatal); an abort (an uncaught exception ends
# in std::terminate) gets ASan's symbolized stack trace instead of libFuzzer's bare addresses.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:handle_abort=1:${ASAN_OPTIONS_EXTRA:-}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" ]]; then
  for symbolizer in llvm-symbolizer-16 llvm-symbolizer; do
    if command -v "$symbolizer" >/dev/null; then export ASAN_SYMBOLIZER_PATH="$(command -v "$symbolizer")"; break; fi
  done
fi

# "#123 DONE cov: 10 ft: 20 corp: 5/1Kb ..." → the value after KEY on the last status line.
status_field() { grep -E '^#[0-9]+' "$1" | tail -1 | sed -nE "s/.* $2: ([^ ]+).*/\1/p"; }
stat_field() { sed -nE "s/^stat::$2: *([0-9]+).*/\1/p" "$1" | tail -1; }

rows=()
failed=0
for target in "${TARGETS[@]}"; do
  bin="$BIN_DIR/fuzz_$target"
  seeds="$FUZZ_SRC/corpus/$target"
  [[ -x "$bin" ]] || { echo "missing target binary $bin" >&2; exit 2; }
  if [[ ! -d "$seeds" ]] || [[ -z "$(ls -A "$seeds")" ]]; then
    echo "target $target has no committed seed corpus in ${seeds#"$ROOT"/}" >&2
    exit 2
  fi
  work="$SCRATCH/$target"
  mkdir -p "$work/corpus" "$work/findings"
  log="$work/last-run.log"
  dict=()
  [[ -f "$FUZZ_SRC/$target.dict" ]] && dict=(-dict="$FUZZ_SRC/$target.dict")
  echo "==> fuzz_$target for ${SECONDS_PER_TARGET}s" >&2
  rc=0
  "$bin" -max_total_time="$SECONDS_PER_TARGET" -timeout="$PER_INPUT_TIMEOUT_S" -rss_limit_mb="$RSS_LIMIT_MB" \
    -print_final_stats=1 -artifact_prefix="$work/findings/" "${dict[@]}" "$work/corpus" "$seeds" >"$log" 2>&1 || rc=$?
  finding="$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -1)"
  result="ok"
  if ((rc != 0)) || [[ -n "$finding" ]]; then
    result="FINDING"
    failed=1
    echo "---- fuzz_$target: finding (exit $rc); the report:" >&2
    grep -E 'ERROR|SUMMARY|runtime error|violated|deadly|timeout|out-of-memory|leak|terminate called|what\(\)' \
      "$log" | head -20 >&2 || true
    echo "---- full log: $log" >&2
    if [[ -n "$finding" ]]; then
      echo "---- reproducer: $finding" >&2
      echo "---- replay:     $bin $finding" >&2
    fi
  fi
  rows+=("$(printf '%-20s %-8s %10s %8s %7s %8s %6s %7s' "$target" "$result" \
    "$(stat_field "$log" number_of_executed_units)" "$(stat_field "$log" average_exec_per_sec)" \
    "$(status_field "$log" cov)" "$(status_field "$log" ft)" "$(status_field "$log" corp | cut -d/ -f1)" \
    "$(stat_field "$log" peak_rss_mb)")")
done

printf '\n%-20s %-8s %10s %8s %7s %8s %6s %7s\n' target result execs exec/s cov ft corpus rss_mb
printf '%s\n' "${rows[@]}"
if ((failed)); then
  echo "fuzzing found a problem: see the reproducers above (docs/testing.md: replaying and fixing a finding)" >&2
  exit 1
fi
