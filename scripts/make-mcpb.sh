#!/usr/bin/env bash
# Assembles and packs the MCP bundle (.mcpb) around an installed creatoraudit-mcp binary:
#   bash scripts/make-mcpb.sh BINARY OUT_DIR WORK_DIR        (scripts/package.sh mcpb calls it)
#
# Layout (what `mcpb unpack` gives back, and what a host runs):
#   manifest.json  icon.png  server/creatoraudit-mcp  server/lib/<the shared libraries it needs>
# The binary links shared libraries a host may lack (cpp-httplib and its zlib/brotli, fmt, OpenSSL, simdjson,
# hiredis, libstdc++, libgcc). Debian ships no static build of cpp-httplib or fmt, so the bundle carries these
# libraries instead, found through an $ORIGIN rpath: DT_RPATH, not RUNPATH, because DT_RPATH also covers the
# libraries' own dependencies and is not overridden by a host's LD_LIBRARY_PATH. Only the C library's own objects (libc, libm, ld.so, ...) come from the
# host: they must match its dynamic loader. The script prints the newest glibc symbol version the bundle needs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 3)) || ca_die "usage: bash scripts/make-mcpb.sh BINARY OUT_DIR WORK_DIR"
BIN="$1" OUT_DIR="$2" WORK_DIR="$3"
[[ -x "$BIN" ]] || ca_die "$BIN is not an executable"
MCPB="$CA_ROOT/tests/e2e/node_modules/.bin/mcpb"
[[ -x "$MCPB" ]] || ca_die "$MCPB is missing: run bash scripts/setup.sh (it installs tests/e2e's pinned npm packages)"

# The C library's objects: every Linux host has them, matched to its own ld.so.
is_host_library() {
  case "$1" in
    ld-linux*.so.* | libc.so.* | libm.so.* | libpthread.so.* | libdl.so.* | librt.so.* | libresolv.so.* | \
      libutil.so.* | libanl.so.* | linux-vdso.so.*) return 0 ;;
  esac
  return 1
}

STAGE="$WORK_DIR/bundle"
rm -rf "$STAGE"
mkdir -p "$STAGE/server/lib"
install -m 755 "$BIN" "$STAGE/server/creatoraudit-mcp"
# ldd lists the whole dependency closure, each with the file the loader would pick on this machine.
while read -r soname arrow path _; do
  [[ "$arrow" == "=>" && "$path" == /* ]] || continue
  is_host_library "$soname" && continue
  install -m 644 "$(realpath "$path")" "$STAGE/server/lib/$soname"
done < <(ldd "$BIN")
patchelf --force-rpath --set-rpath '$ORIGIN/lib' "$STAGE/server/creatoraudit-mcp"
for lib in "$STAGE"/server/lib/*; do
  patchelf --force-rpath --set-rpath '$ORIGIN' "$lib"
done
install -m 644 "$CA_ROOT/packaging/mcpb/icon.png" "$STAGE/icon.png"

# The manifest's version and tool list come from the bundled binary itself, run from the bundle.
node "$CA_ROOT/scripts/mcpb-manifest.mjs" "$STAGE/server/creatoraudit-mcp" \
  "$CA_ROOT/packaging/mcpb/manifest.template.json" >"$STAGE/manifest.json"
"$MCPB" validate "$STAGE/manifest.json"

VERSION="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).version' "$STAGE/manifest.json")"
OUT="$OUT_DIR/creatoraudit-mcp-$VERSION-linux-$(uname -m).mcpb"
rm -f "$OUT"
"$MCPB" pack "$STAGE" "$OUT"
GLIBC_FLOOR="$(objdump -T "$STAGE/server/creatoraudit-mcp" "$STAGE"/server/lib/* |
  grep -o 'GLIBC_[0-9][0-9.]*' | sort -Vu | tail -1)"
ca_log "bundle: $OUT ($(du -k "$OUT" | cut -f1) KiB), needs $GLIBC_FLOOR or newer; it carries:" \
  $(ls "$STAGE/server/lib")
