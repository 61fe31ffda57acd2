# redline: one command to set up and run, one to test. Every setup step skips what is already
# installed, so a second run is quick. See README.md.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
# npm's binaryen (a working wasm-opt) and Playwright come first on PATH; cargo-installed tools next.
export PATH := $(CURDIR)/e2e/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ADDR ?= 127.0.0.1:3000

.PHONY: help setup tools build run test lint unit e2e bench postgres clean-data conference-day conference-day-short

help:
	@echo "make run   - install what is missing, build (release) and serve the demo on http://$(ADDR)"
	@echo "make test  - install what is missing, then run every check and test"
	@echo "make bench - benchmarks (see BENCHMARKS.md)"
	@echo "make conference-day - 1,200 delegates and 10,000 readers at once, on SQLite and PostgreSQL"

## Setup ---------------------------------------------------------------------------------------

setup: tools e2e/node_modules/.installed

tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
	  || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" \
	  || cargo install cargo-leptos --version $(CARGO_LEPTOS_VERSION) --locked
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" \
	  || cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force
	@[ -x /usr/bin/chromium ] \
	  || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }
	@# PDF import reads with poppler's pdftotext; the tracked-changes check converts with LibreOffice.
	@command -v pdftotext >/dev/null && command -v soffice >/dev/null \
	  || { $(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y \
	       --no-install-recommends poppler-utils libreoffice-writer-nogui; }

e2e/node_modules/.installed: e2e/package.json e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund
	@touch $@

## Build and run --------------------------------------------------------------------------------

build: setup
	cargo leptos build --release --precompress

run: build
	LEPTOS_SITE_ROOT=target/site LEPTOS_ENV=PROD ./target/release/redline serve --demo --addr $(ADDR)

## Tests ----------------------------------------------------------------------------------------

test: setup lint unit build e2e conference-day-short
	@echo "make test: all checks and tests passed"

lint:
	cargo fmt --all --check
	python3 scripts/check_structure.py
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p app --features hydrate --target wasm32-unknown-unknown -- -D warnings

# Unit and integration tests; the integration tests run on SQLite and on PostgreSQL. The Word
# exports are then opened with LibreOffice (tracked changes read as such).
unit: postgres tools
	cargo test --workspace
	cargo test -p server --bin redline -- --ignored libreoffice

postgres:
	@scripts/ensure-postgres.sh

e2e: setup
	cd e2e && npx playwright test

bench: setup
	scripts/bench.sh

conference-day: setup postgres
	scripts/conference-day.sh

# A short conference day for `make test`: fails on any error.
conference-day-short: build postgres
	CONFERENCE_DELEGATES=60 CONFERENCE_READERS=500 CONFERENCE_JOBS=$$(nproc) \
	  CONFERENCE_REPORT=$(CURDIR)/target/bench/conference-day-short.md scripts/conference-day.sh

clean-data:
	rm -rf data
