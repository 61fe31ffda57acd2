#!/usr/bin/env bash
# A simulated conference day: `make conference-day` runs this script. It starts the release
# server with the demo data on 127.0.0.1 (a free port, a fresh database), runs the load generator
# (server/examples/conference_day.rs: delegates sign in, read, pledge; anonymous readers read)
# against SQLite and then PostgreSQL, and writes the figures as markdown to
# target/bench/conference-day.md. Fails on any error.
#
# Knobs (environment): CONFERENCE_DELEGATES (1200), CONFERENCE_READERS (10000),
# CONFERENCE_CONCURRENCY (200), CONFERENCE_BACKENDS ("sqlite postgres"),
# CONFERENCE_POSTGRES_URL (postgres://postgres@127.0.0.1:5432/postgres: a fresh database is
# created there and dropped afterwards), CONFERENCE_REPORT (target/bench/conference-day.md),
# CONFERENCE_JOBS (cargo -j, default 1), REDLINE_BIN (a release server to use instead of
# building one).
# It builds the release server and site with `make build` only when they are missing, binds
# only 127.0.0.1, and stops every server it started, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

DELEGATES=${CONFERENCE_DELEGATES:-1200}
READERS=${CONFERENCE_READERS:-10000}
CONCURRENCY=${CONFERENCE_CONCURRENCY:-200}
BACKENDS=${CONFERENCE_BACKENDS:-sqlite postgres}
PG_ADMIN_URL=${CONFERENCE_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
REPORT=${CONFERENCE_REPORT:-$ROOT/target/bench/conference-day.md}
JOBS=${CONFERENCE_JOBS:-1}

say() { printf '\n== conference-day: %s\n' "$*" >&2; }
die() { printf 'conference-day: %s\n' "$*" >&2; exit 1; }

## Build -----------------------------------------------------------------------------------------

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
BIN=${REDLINE_BIN:-$TARGET_DIR/release/redline}
SITE=$ROOT/target/site
if [ ! -x "$BIN" ] || [ ! -d "$SITE/pkg" ]; then
  say "release server or site missing: make build"
  make build
fi
say "building the load generator (cargo build --release --example conference_day -j $JOBS)"
cargo build --release -p server --example conference_day -j "$JOBS"
LOAD=$TARGET_DIR/release/examples/conference_day

## Servers ---------------------------------------------------------------------------------------

TMP=$(mktemp -d)
PIDS=()
PG_DATABASES=()
cleanup() {
  local pid name
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  for name in "${PG_DATABASES[@]}"; do
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null 2>&1 || true
  done
  PG_DATABASES=()
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Starts the demo server on DATABASE_URL=$2; sets URL and SERVER_PID.
start_server() { # name database-url
  local log=$TMP/$1.log i
  env DATABASE_URL="$2" LEPTOS_SITE_ROOT="$SITE" LEPTOS_ENV=PROD RUST_LOG=warn "$BIN" \
    --data-dir "$TMP/$1-data" serve --demo --addr 127.0.0.1:0 >"$log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  URL=""
  for ((i = 0; i < 1200; i++)); do
    URL=$(grep -so 'listening on http://127\.0\.0\.1:[0-9]*' "$log" | head -1 | sed 's/listening on //' || true)
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "the $1 server exited"; }
    sleep 0.1
  done
  [ -n "$URL" ] || { cat "$log" >&2; die "the $1 server did not start within 120 s"; }
}

stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  local kept=() pid
  for pid in "${PIDS[@]}"; do
    [ "$pid" = "$SERVER_PID" ] || kept+=("$pid")
  done
  PIDS=("${kept[@]}")
}

## Runs ------------------------------------------------------------------------------------------

mkdir -p "$(dirname "$REPORT")"
SECTIONS=$TMP/sections.md
: >"$SECTIONS"
STARTED=$(date -u '+%Y-%m-%d %H:%M UTC')
for backend in $BACKENDS; do
  case $backend in
    sqlite)
      label=SQLite
      url="sqlite://$TMP/sqlite-data/redline.db?mode=rwc"
      mkdir -p "$TMP/sqlite-data"
      ;;
    postgres)
      label=PostgreSQL
      name="redline_conference_$$_$(date +%s)"
      psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $name" >/dev/null \
        || die "cannot create a database at $PG_ADMIN_URL (is PostgreSQL running? make postgres)"
      PG_DATABASES+=("$name")
      url="${PG_ADMIN_URL%/*}/$name"
      ;;
    *) die "unknown backend $backend (sqlite or postgres)" ;;
  esac
  say "$label: starting the release server with the demo data"
  start_server "$backend" "$url"
  say "$label: $DELEGATES delegates, $READERS readers, $CONCURRENCY in flight against $URL"
  status=0
  "$LOAD" --base-url "$URL" --database-url "$url" --delegates "$DELEGATES" --readers "$READERS" \
    --concurrency "$CONCURRENCY" --label "$label" --report "$SECTIONS" || status=$?
  curl -fsS -o /dev/null "$URL/healthz" || { status=1; echo "conference-day: $label: /healthz fails after the run" >&2; }
  stop_server
  if ((status != 0)); then
    tail -n 20 "$TMP/$backend.log" >&2 || true
    die "$label: the conference day had errors (see above)"
  fi
done

{
  echo "## Conference day"
  echo
  echo "\`make conference-day\` ($STARTED): the release server with the demo data on 127.0.0.1, the"
  echo "load generator (\`server/examples/conference_day.rs\`) on the same $(nproc)-core machine"
  echo "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'))."
  echo "Each delegate signs in (Argon2id, 19 MiB, 2 passes), reads the support page of a rule change"
  echo "and a rule page, and records a pledge; each reader reads a rule page and a chapter page (and"
  echo "the package's or a rule change's public page when there is one). Latency is per request, measured"
  echo "by the client from sending to the last byte of the answer."
  echo "Commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')."
  echo
  cat "$SECTIONS"
} >"$REPORT"
say "done: ${REPORT#"$ROOT"/}"
cat "$REPORT"
