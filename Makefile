# skyauth: the two commands a newcomer needs are `make serve` and `make test`.
#   make serve        build the release page and serve it on http://127.0.0.1:8080
#   make test         every test tier: lint (fmt, clippy), native, conformance, wasm, end to end
#   make conformance  SkyPilot's own code against the generated RBAC; SKYPILOT=0.13.0, a
#                     nightly (1.0.0.dev20261027) or SKYPILOT=nightly picks the release
#   make dist         the static site in dist/, relative URLs: host it at any path
#                     (or set PUBLIC_URL=/sub/path/ for absolute asset URLs)
#   make bench        core benchmarks (criterion), PyYAML on the same kubeconfig, and the
#                     browser benchmark (load, keystrokes, doctor, audit) on the release page
#   make size         what the page loads, and what its two wasm modules are made of
#   make setup        install the tools (also done by the targets above)
SHELL := /bin/bash
.DEFAULT_GOAL := help

PUBLIC_URL ?= ./
PORT ?= 8080
export PATH := $(CURDIR)/build/node/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

.PHONY: help setup dist serve test test-lint test-native test-conformance test-wasm test-e2e conformance bench size

help:
	@sed -n '2,11p' Makefile

setup:
	@bash scripts/bootstrap.sh

dist:
	@bash scripts/bootstrap.sh build
	trunk build --release --offline --public-url "$(PUBLIC_URL)"

serve: dist
	node scripts/serve.cjs dist --port $(PORT)

test: setup
	@bash scripts/test.sh

# The tiers one by one (each assumes `make setup` has run).
test-lint test-native test-conformance test-wasm test-e2e:
	@bash scripts/test.sh $(subst test-,,$@)

# The conformance tier against any SkyPilot release or nightly (installed into build/conformance/);
# it needs cargo and python3 only, so it does not run the whole setup.
conformance:
	@SKYPILOT=$(SKYPILOT) bash scripts/test.sh conformance

bench: dist
	cargo bench --bench core
	build/venv/bin/python scripts/bench-pyyaml.py target/bench-kubeconfig.yaml
	cargo build --quiet --features ssr --bin skyauth
	NODE_PATH=build/node/node_modules node scripts/browser-bench.cjs dist

size: dist
	node scripts/size-report.cjs dist
	node scripts/wasm-breakdown.cjs target/wasm32-unknown-unknown/release/skyauth-web.wasm
	node scripts/wasm-breakdown.cjs target/wasm32-unknown-unknown/release/skyauth-worker.wasm
