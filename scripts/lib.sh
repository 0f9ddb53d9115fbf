# Shared helpers for scripts/*.sh. Source it; it sets no options of its own beyond what is documented here.
#
#   CA_ROOT            repository root (absolute)
#   ca_log MSG         a "==>" line on stderr
#   ca_die MSG         an "error:" line on stderr, exit 1
#   ca_stage NAME CMD  runs CMD, prints its duration, records it for ca_stage_summary; stops the script on failure
#   ca_configure DIR TYPE [cmake args...]   configure DIR (Ninja when the directory is new and ninja exists)
#   ca_build DIR TYPE [cmake args...]       ca_configure, then build everything in DIR with -j$(nproc)
#   ca_run_as_invoking_user  README commands started through sudo hand what they write back to the sudo user

CA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CA_JOBS="$(nproc 2>/dev/null || echo 2)"

# Node fallback installed by setup.sh when the system's node is older than the SDKs need (Debian 12 ships 18).
CA_NODE_RUNTIME_DIR="$CA_ROOT/build/tools/node"
for ca_node_bin in "$CA_NODE_RUNTIME_DIR"/node_modules/node-linux-*/bin; do
  [[ -x "$ca_node_bin/node" ]] && PATH="$ca_node_bin:$PATH"
done
unset ca_node_bin
export PATH

ca_log() { printf '==> %s\n' "$*" >&2; }
ca_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

CA_STAGE_LINES=()
ca_stage() {
  local name="$1"; shift
  local start end rc=0
  ca_log "stage: $name"
  start=$(date +%s.%N)
  "$@" || rc=$?
  end=$(date +%s.%N)
  local secs
  secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
  CA_STAGE_LINES+=("$(printf '%-34s %8ss' "$name" "$secs")")
  if (( rc != 0 )); then
    ca_stage_summary
    ca_die "stage '$name' failed (exit $rc) after ${secs}s — see the output above"
  fi
  ca_log "stage: $name ok (${secs}s)"
}

ca_stage_summary() {
  ((${#CA_STAGE_LINES[@]})) || return 0
  printf '\n%-34s %9s\n' "stage" "time"
  printf '%s\n' "${CA_STAGE_LINES[@]}"
}

# The README's commands run as the user: setup.sh asks for root (sudo, or being root) only to install packages.
# Started through sudo anyway, the build would write root-owned files into the user's checkout and the user's next
# build would fail on them. Refusing would also break a CI that happens to start .ci/run through sudo, so instead
# everything these scripts write (CA_HANDBACK_PATHS) is handed back to the sudo user when the script ends, however
# it ends. Being root without sudo (a container, CI) is left alone: the checkout is root's own.
CA_HANDBACK_PATHS=("$CA_ROOT/build" "$CA_ROOT/tests/e2e/node_modules" "$CA_ROOT/tests/conformance/node_modules")
ca_hand_back_files() {
  local path
  for path in "${CA_HANDBACK_PATHS[@]}"; do
    [[ -e "$path" ]] && chown -R "$SUDO_UID:$SUDO_GID" "$path"
  done
  return 0
}
ca_run_as_invoking_user() {
  if (( EUID == 0 )) && [[ -n "${SUDO_UID:-}" && -n "${SUDO_GID:-}" && "$SUDO_UID" != 0 ]]; then
    ca_log "started through sudo: what this writes under build/ and node_modules/ goes back to ${SUDO_USER:-uid $SUDO_UID} at the end (next time, run it without sudo: it asks for sudo only to install packages)"
    trap ca_hand_back_files EXIT
    return
  fi
  local stuck
  stuck=$(find "$CA_ROOT/build" -maxdepth 2 ! -writable -print -quit 2>/dev/null || true)
  if [[ -n "$stuck" ]]; then
    ca_die "$stuck is not writable by $(id -un) (left by an earlier sudo run?): sudo chown -R $(id -un) $CA_ROOT/build"
  fi
}

ca_configure() {
  local dir="$1" type="$2"; shift 2
  local generator=()
  # The generator can only be chosen when the directory is new; later runs keep whatever it was made with.
  if [[ ! -f "$dir/CMakeCache.txt" ]] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
  cmake -S "$CA_ROOT" -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$type" "$@"
}

ca_build() {
  ca_configure "$@" || return
  cmake --build "$1" -j"$CA_JOBS"
}
