#!/usr/bin/env bash
# Checks a built .deb the way Debian tooling sees it, then unpacks it into a throw-away root for the e2e tests:
#   bash scripts/check-deb.sh PACKAGE.deb ROOT_DIR
#   1. dpkg-deb --info / --contents: the control fields (Depends computed by dpkg-shlibdeps) and the file list;
#   2. the files a user relies on are in it, under /usr;
#   3. lintian: any error or warning fails (packaging/debian/lintian-overrides, shipped in the package, holds the
#      accepted findings with their reasons); info-level tags are printed;
#   4. dpkg-deb -x into ROOT_DIR (emptied first): tests/e2e/packages.test.mjs runs the installed files from there
#      with CA_DEB_ROOT=ROOT_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 2)) || ca_die "usage: bash scripts/check-deb.sh PACKAGE.deb ROOT_DIR"
DEB="$1" ROOT="$2"
[[ -f "$DEB" ]] || ca_die "$DEB does not exist"

dpkg-deb --info "$DEB"
CONTENTS="$(dpkg-deb --contents "$DEB")"
printf '%s\n' "$CONTENTS"

# Every shared library the programs link must show up as a dependency; dpkg-shlibdeps names the packages.
DEPENDS="$(dpkg-deb --field "$DEB" Depends)"
# (spdlog is not among them: it is compiled into the programs (ca_spdlog, common/spdlog_build.cpp), which spares
# every start the loading of its library.)
for dep in libc6 libstdc++6 libssl3 libfmt libcpp-httplib libsimdjson; do
  [[ "$DEPENDS" == *"$dep"* ]] || ca_die "Depends lacks $dep (is CPACK_DEBIAN_PACKAGE_SHLIBDEPS on?): $DEPENDS"
done
for file in ./usr/bin/creatoraudit-mcp ./usr/bin/creatoraudit-sandbox \
  ./usr/share/man/man1/creatoraudit-mcp.1.gz ./usr/share/man/man1/creatoraudit-sandbox.1.gz \
  ./usr/share/doc/creatoraudit-mcp/copyright ./usr/share/doc/creatoraudit-mcp/changelog.gz \
  ./usr/share/doc/creatoraudit-mcp/README.md ./usr/share/doc/creatoraudit-mcp/docs/hosts.md \
  ./usr/share/doc/creatoraudit-mcp/examples/hosts/claude_desktop_config.json \
  ./usr/share/lintian/overrides/creatoraudit-mcp; do
  grep -qF " $file" <<<"$CONTENTS" || ca_die "the package lacks $file"
done

lintian --fail-on error,warning --display-info --info "$DEB"
ca_log "lintian: no error or warning beyond the committed overrides"

rm -rf "$ROOT"
mkdir -p "$ROOT"
dpkg-deb -x "$DEB" "$ROOT"
ca_log "unpacked into $ROOT ($(du -sk "$ROOT" | cut -f1) KiB installed; package $(du -k "$DEB" | cut -f1) KiB)"
