#!/usr/bin/env bash
# Installs whatever is missing to build and test creatoraudit-mcp on Debian 12, as root or through sudo.
# Idempotent and fast when nothing is missing: apt is not touched at all then, and `npm ci` runs only when
# tests/e2e/node_modules (or tests/conformance/node_modules) does not match its committed package-lock.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

# Build toolchain and the libraries CMakeLists.txt finds (all from Debian's archive).
CA_APT_PACKAGES=(
  build-essential g++ cmake ninja-build pkg-config ccache
  nlohmann-json3-dev libcpp-httplib-dev libssl-dev libspdlog-dev catch2 libcli11-dev zlib1g-dev
  # simdjson parses upstream bodies (client/projected_parse.cpp); the protocol side stays on nlohmann.
  libsimdjson-dev
  # Test oracles on other stacks than ours: Python's http.server upstreams, libFuzzer (clang-16), Redis.
  python3 clang-16 libclang-rt-16-dev libfuzzer-16-dev redis-server libhiredis-dev
  # lld links the sanitized and fuzz builds' large executables faster than ld.bfd (cmake/ProjectOptions.cmake).
  lld
  # Packaging: lintian checks the .deb; help2man writes the man pages from --help at build time; patchelf points
  # the MCP bundle's binary at the shared libraries it carries ($ORIGIN/lib); man-db lets the tests read the man pages.
  lintian help2man patchelf man-db
)
# The e2e tests' SDK clients need Node >= 20; Debian 12's nodejs is 18, so older nodes get a pinned Node 20
# from the npm registry (a binary shipped inside an npm package) under build/tools/node.
CA_NODE_MIN_MAJOR=20
CA_NODE_RUNTIME_VERSION=20.20.2

as_root() {
  if (( EUID == 0 )); then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else ca_die "need root (or sudo) to run: $*"
  fi
}

missing_apt_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q '^install ok installed$' || printf '%s\n' "$pkg"
  done
}

install_apt_packages() {
  local wanted=("${CA_APT_PACKAGES[@]}")
  command -v node >/dev/null || wanted+=(nodejs)
  command -v npm >/dev/null || wanted+=(npm)
  local missing
  mapfile -t missing < <(missing_apt_packages "${wanted[@]}")
  if ((${#missing[@]} == 0)); then
    ca_log "apt: everything present"
    return
  fi
  ca_log "apt: installing ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node_version() {
  local major
  major=$(node_major)
  if (( major >= CA_NODE_MIN_MAJOR )); then
    return
  fi
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) ca_die "node $major is too old (need >= $CA_NODE_MIN_MAJOR) and no packaged Node exists for $(uname -m)" ;;
  esac
  ca_log "node $major < $CA_NODE_MIN_MAJOR: installing node-linux-$arch@$CA_NODE_RUNTIME_VERSION into $CA_NODE_RUNTIME_DIR"
  mkdir -p "$CA_NODE_RUNTIME_DIR"
  npm install --prefix "$CA_NODE_RUNTIME_DIR" --no-save --no-audit --no-fund \
    "node-linux-$arch@$CA_NODE_RUNTIME_VERSION"
  # Re-source to put the new node first on PATH for the rest of this script.
  source "$CA_ROOT/scripts/lib.sh"
  (( $(node_major) >= CA_NODE_MIN_MAJOR )) || ca_die "node on PATH is still $(node --version)"
}

# npm ci in tests/DIR from its committed lockfile, unless node_modules already matches it.
install_node_modules() {
  local dir="$CA_ROOT/tests/$1"
  local stamp="$dir/node_modules/.ca-lock-sha256"
  local want
  want=$(sha256sum "$dir/package-lock.json" "$dir/package.json" | sha256sum | cut -d' ' -f1)
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    ca_log "npm: tests/$1/node_modules up to date"
    return
  fi
  ca_log "npm: npm ci in tests/$1"
  # --ignore-scripts: nothing in the tree needs an install script (the inspector's postinstall is a no-op
  # when installed as a dependency), and newer npm refuses unapproved scripts anyway.
  (cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  printf '%s\n' "$want" >"$stamp"
}

install_apt_packages
ensure_node_version
install_node_modules e2e          # the SDK clients and the Inspector (Node >= 20)
install_node_modules conformance  # the conformance suite, the supergateway bridge, and the Node 22 they need
ca_log "setup complete: $(cmake --version | head -1), g++ $(g++ -dumpfullversion), node $(node --version)"
