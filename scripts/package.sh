#!/usr/bin/env bash
# Builds the installable packages from this checkout, as the user (setup asks for root only to install missing
# Debian packages):
#   bash scripts/package.sh deb     → build/packages/creatoraudit-mcp_<version>_<arch>.deb   (cpack -G DEB)
#   bash scripts/package.sh mcpb    → build/packages/creatoraudit-mcp-<version>-linux-<arch>.mcpb   (MCP bundle)
#   bash scripts/package.sh all     → both
# From a fresh clone it configures and builds build/release (Release, no tests) first. Options:
#   --build-dir DIR   package an existing build instead, brought up to date first (all its targets: cpack
#                     installs after building "all"); CI passes its finished build/ci, so packaging compiles nothing
#   --out DIR         where the packages go (default build/packages)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$CA_ROOT"

BUILD_DIR="$CA_ROOT/build/release"
OUT_DIR="$CA_ROOT/build/packages"
WHAT=""
while (($#)); do
  case "$1" in
    --build-dir) BUILD_DIR="$(realpath -m "$2")"; shift 2 ;;
    --out) OUT_DIR="$(realpath -m "$2")"; shift 2 ;;
    deb | mcpb | all) WHAT="$1"; shift ;;
    *) ca_die "usage: bash scripts/package.sh [--build-dir DIR] [--out DIR] deb|mcpb|all" ;;
  esac
done
[[ -n "$WHAT" ]] || ca_die "usage: bash scripts/package.sh [--build-dir DIR] [--out DIR] deb|mcpb|all"
ca_run_as_invoking_user

build() {
  # An existing build keeps its own type and options; a new one is a Release build of the programs only.
  if [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
    cmake --build "$BUILD_DIR" -j"$CA_JOBS"
  else
    ca_build "$BUILD_DIR" Release -DCA_BUILD_TESTS=OFF
  fi
}

make_deb() {
  mkdir -p "$OUT_DIR"
  (cd "$BUILD_DIR" && cpack -G DEB -B "$OUT_DIR")
  rm -rf "$OUT_DIR/_CPack_Packages"
}

make_mcpb() {
  local stage="$BUILD_DIR/mcpb-install"
  rm -rf "$stage"
  # --strip: the bundle ships what the .deb ships, without debug info (the build may be RelWithDebInfo).
  cmake --install "$BUILD_DIR" --prefix "$stage" --strip >/dev/null
  mkdir -p "$OUT_DIR"
  bash scripts/make-mcpb.sh "$stage/bin/creatoraudit-mcp" "$OUT_DIR" "$BUILD_DIR/mcpb-work"
}

ca_stage "setup" bash scripts/setup.sh
ca_stage "build ($(basename "$BUILD_DIR"))" build
case "$WHAT" in
  deb) ca_stage "package .deb (cpack)" make_deb ;;
  mcpb) ca_stage "package .mcpb (mcpb pack)" make_mcpb ;;
  all)
    ca_stage "package .deb (cpack)" make_deb
    ca_stage "package .mcpb (mcpb pack)" make_mcpb
    ;;
esac
ca_stage_summary
ls -l "$OUT_DIR"/*.deb "$OUT_DIR"/*.mcpb 2>/dev/null || true
