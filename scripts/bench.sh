#!/usr/bin/env bash
# redline benchmarks: `make bench` runs this script. It writes BENCHMARKS.md at the repository
# root; raw results (criterion, hyperfine, wrk, curl, Playwright) go to target/bench/.
#
# Every figure is measured next to a baseline in the same run:
#   1. clause word diff and whole-edition compare (criterion) vs `git diff --no-index --word-diff`
#      on the same files (hyperfine);
#   2. adversarial diff inputs (criterion timings + a correctness check written by the bench);
#   3. reading throughput of a ~5,000-word chapter page (wrk), uncached (a server started with
#      `--page-cache-secs 0`) and from the page cache (the default server, checked to answer
#      `x-redline-cache: hit`), each vs nginx serving the same bytes, all servers pinned to the
#      same core; and a per-route latency check for Nagle stalls (curl);
#   4. page weight of a reader page (HTML + CSS + JS + wasm, brotli) vs the 100 KB budget;
#   5. lab web vitals in Chromium with 4x CPU throttling (Playwright, e2e/bench/): LCP and CLS
#      of reader pages vs the same pages without JavaScript and web.dev's targets, and the delay
#      from a click to a diff on screen;
#   6. a clause page with 200 proposed rule changes and the reading pack for 100 (then 300) rule
#      changes, seeded by scripts/seed_proposals.py (wrk, curl), vs the same pages on the demo
#      data and nginx serving the same bytes;
#   7. fuzzing at volume (ignored proptests) with the number of executions;
#   7b. importing a 119-page Rule Book PDF (extract + detect + match, criterion), next to
#      pdftotext's extraction alone; the PDF is made once with LibreOffice
#      (scripts/import-fixtures.py --large) into target/import-bench/;
#   8. the wording engine (criterion);
#   9. motions: the keystroke checks, the priorities ballot count, composite provenance (criterion).
#
# Knobs (environment): BENCH_WRK_SECONDS (10), BENCH_WRK_CONNECTIONS (32),
# BENCH_PROPOSALS_WRK_SECONDS (5), BENCH_VITALS_RUNS (5), REDLINE_FUZZ_CASES (100000 per
# property), BENCH_SKIP_FUZZ=1, BENCH_JOBS (cargo -j, default 1), and BENCH_ONLY, a comma list
# of the parts to run: criterion (1, 2, 8, 9: criterion and git), http (3, 4), vitals (5),
# proposals (6), import (7b), fuzz (7); e.g. `BENCH_ONLY=http,vitals scripts/bench.sh`. With BENCH_ONLY,
# target/bench keeps the other parts' results from earlier runs and BENCHMARKS.md is written
# from all of them, saying when (and under what load) each part ran. The vitals spec also reads
# REDLINE_VITALS_PAGES (reader pages to load, comma-separated; /rules/2024/2,/rules/2024/6.I.1.C).
# It installs missing tools with apt-get first (saying so), builds the release server and site
# with `make build` only when they are missing, runs a private copy of both (taken once no
# cargo-leptos build is running; a rebuild later in the run changes nothing), binds only
# 127.0.0.1, and stops every server it started, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-32}
PROP_WRK_SECONDS=${BENCH_PROPOSALS_WRK_SECONDS:-5}
export REDLINE_VITALS_RUNS=${BENCH_VITALS_RUNS:-5}
JOBS=${BENCH_JOBS:-1}
export REDLINE_FUZZ_CASES=${REDLINE_FUZZ_CASES:-100000}
ALL_PARTS=criterion,http,vitals,proposals,import,fuzz
ONLY=${BENCH_ONLY:-$ALL_PARTS}
[ "${BENCH_SKIP_FUZZ:-0}" = 1 ] && ONLY=$(tr ',' '\n' <<<"$ONLY" | grep -vx fuzz | paste -sd, -)

say() { printf '\n== bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
wants() { [[ ",$ONLY," == *",$1,"* ]]; }
for part in ${ONLY//,/ }; do
  [[ ",$ALL_PARTS," == *",$part,"* ]] || die "BENCH_ONLY: no part named '$part' (parts: $ALL_PARTS)"
done

## 0. Tools ------------------------------------------------------------------------------------

SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
need=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }
have hyperfine || need+=(hyperfine)
have wrk || need+=(wrk)
have nginx || need+=(nginx)
have brotli || need+=(brotli)
have curl || need+=(curl)
have python3 || need+=(python3)
have taskset || need+=(util-linux)
have git || need+=(git)
if wants import; then
  have pdftotext || need+=(poppler-utils)
  have soffice || need+=(libreoffice-writer-nogui)
fi
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}
if wants vitals && [ ! -x "$CHROMIUM" ]; then need+=(chromium); fi
if ((${#need[@]})); then
  say "installing missing tools with apt-get: ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
  if [[ " ${need[*]} " == *" nginx "* ]]; then
    echo "bench: note: on systemd machines Debian starts nginx.service on install; this script" \
      "does not use it (\`systemctl disable --now nginx\` to stop it)." >&2
  fi
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if wants vitals && [ ! -f e2e/node_modules/@playwright/test/package.json ]; then
  say "installing Playwright (cd e2e && npm ci)"
  (cd e2e && npm ci)
fi

CORES=$(nproc)
if ((CORES >= 2)); then
  SERVER_CPU=1 CLIENT_CPU=0
else
  SERVER_CPU=0 CLIENT_CPU=0
fi
pin_server() { taskset -c "$SERVER_CPU" "$@"; }
pin_client() { taskset -c "$CLIENT_CPU" "$@"; }

## 1. Build ------------------------------------------------------------------------------------

TARGET_DIR=$(cargo metadata --format-version 1 --no-deps \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
BIN=$TARGET_DIR/release/redline
# Criterion writes under the bench's working directory (app/) unless told: keep it in target/.
export CRITERION_HOME=$TARGET_DIR/criterion
SITE=$ROOT/target/site
if [ ! -x "$BIN" ] || [ ! -f "$SITE/pkg/redline.wasm" ]; then
  say "release server or site missing: make build"
  make build
fi

OUT=$TARGET_DIR/bench
if [ "$ONLY" = "$ALL_PARTS" ] || [ "$ONLY" = "${ALL_PARTS%,fuzz}" ]; then
  # A whole run starts clean (keeping a conference-day report, which another command writes).
  [ -f "$OUT/conference-day.md" ] && mv "$OUT/conference-day.md" "$TARGET_DIR/.conference-day.md"
  rm -rf "$OUT"
  mkdir -p "$OUT"
  [ -f "$TARGET_DIR/.conference-day.md" ] && mv "$TARGET_DIR/.conference-day.md" "$OUT/conference-day.md"
else
  mkdir -p "$OUT" # each part below clears its own results first
fi
export REDLINE_BENCH_OUT=$OUT
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  PIDS=()
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

STARTED=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
START_SECONDS=$SECONDS
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# part_begin NAME / part_end NAME: when a part ran and the load average around it.
part_begin() {
  PART_T0=$SECONDS
  printf 'started=%s\nload_start=%s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/part-$1.env"
}
part_end() {
  printf 'load_end=%s\nseconds=%s\n' "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$((SECONDS - PART_T0))" >>"$OUT/part-$1.env"
}

# A private copy of the server and the site: the servers started below all run the same build,
# whatever is rebuilt in the target directory meanwhile.
# A build running meanwhile (another shell's `make build`) rewrites both: cargo-leptos writes
# the wasm, then runs wasm-opt on it in place. So wait until no cargo-leptos runs (at most 30
# minutes, then go on with a warning), copy, and check that the copies match.
quiet_build() {
  local i
  for ((i = 0; i < 1800; i++)); do
    pgrep -x cargo-leptos >/dev/null || return 0
    ((i % 60 == 0)) && say "cargo-leptos is running: waiting for it before copying the server and site"
    sleep 1
  done
  echo "bench: warning: cargo-leptos still running after 30 minutes; copying anyway" >&2
}
if wants http || wants vitals || wants proposals; then
  RBIN=$TMP/redline
  for attempt in 1 2 3; do
    quiet_build
    rm -rf "$RBIN" "$TMP/site"
    cp "$BIN" "$RBIN"
    cp -r "$SITE" "$TMP/site"
    cmp -s "$BIN" "$RBIN" && cmp -s "$SITE/pkg/redline.wasm" "$TMP/site/pkg/redline.wasm" && break
    ((attempt < 3)) || die "the server or site kept changing while being copied"
  done
fi
SERVER_BUILT=$(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')
WASM_BUILT=$(date -u -r "$SITE/pkg/redline.wasm" '+%Y-%m-%d %H:%M UTC')

## 2. Criterion: word diff, edition compare, adversarial inputs, wording engine --------------

if wants criterion; then
  part_begin criterion
  rm -f "$OUT"/criterion.* "$OUT"/git-* "$OUT"/clause-*.txt "$OUT"/edition.json "$OUT"/adversarial.json \
    "$OUT"/motions.json
  say "building the benches (cargo bench --no-run -j $JOBS)"
  cargo bench -p app --bench diff --bench wording --bench motions --no-run -j "$JOBS"

  touch "$OUT/.criterion-start"
  sleep 1
  say "criterion (pinned to CPU $SERVER_CPU): diff + wording + motions benches"
  set +e
  pin_server cargo bench -p app --bench diff --bench wording --bench motions -j "$JOBS" -- \
    --warm-up-time 1 --measurement-time 3 --noplot 2>&1 | tee "$OUT/criterion.log"
  echo "${PIPESTATUS[0]}" >"$OUT/criterion.rc"
  set -e
  [ -f "$OUT/clause-old.txt" ] || die "the diff bench did not write its fixtures; see $OUT/criterion.log"

  ## 3. Baseline: git's word diff on the same files --------------------------------------------

  say "hyperfine (pinned to CPU $SERVER_CPU): git diff --no-index --word-diff"
  export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
  GITDIFF="git --no-pager diff --no-index --word-diff=plain --no-color"
  # git exits with 1 when the files differ, hence -i.
  pin_server hyperfine -N -i --style basic --warmup 20 --runs 300 --export-json "$OUT/git-clause.json" \
    "$GITDIFF $OUT/clause-old.txt $OUT/clause-new.txt"
  pin_server hyperfine -N -i --style basic --warmup 20 --runs 300 --export-json "$OUT/git-clause-300.json" \
    "$GITDIFF $OUT/clause-300-old.txt $OUT/clause-300-new.txt"
  pin_server hyperfine -N -i --style basic --warmup 5 --runs 40 --export-json "$OUT/git-edition.json" \
    "$GITDIFF $ROOT/server/demo/rulebook-2023.md $ROOT/server/demo/rulebook-2024.md"
  $GITDIFF "$OUT/clause-old.txt" "$OUT/clause-new.txt" >"$OUT/git-clause.diff" || true
  $GITDIFF "$ROOT/server/demo/rulebook-2023.md" "$ROOT/server/demo/rulebook-2024.md" \
    >"$OUT/git-edition.diff" || true
  part_end criterion
fi

## 3b. Importing a 119-page Rule Book PDF ---------------------------------------------------

if wants import; then
  part_begin import
  rm -f "$OUT"/import.*
  IMPORT_PDF=$TARGET_DIR/import-bench/rulebook-2024-large.pdf
  if [ ! -f "$IMPORT_PDF" ]; then
    say "making the 119-page bench PDF with LibreOffice (scripts/import-fixtures.py --large)"
    python3 scripts/import-fixtures.py --large "$TARGET_DIR/import-bench"
  fi
  say "criterion (pinned to CPU $SERVER_CPU): import of a 119-page Rule Book PDF"
  set +e
  REDLINE_IMPORT_BENCH_PDF=$IMPORT_PDF pin_server cargo bench -p app --features ssr --bench import \
    -j "$JOBS" -- --warm-up-time 1 --measurement-time 10 --noplot 2>&1 | tee "$OUT/import.log"
  echo "${PIPESTATUS[0]}" >"$OUT/import.rc"
  set -e
  part_end import
fi

## 4. Servers: the release server (default and uncached) and nginx ---------------------------

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fs -o /dev/null "$1" && return 0
    sleep 0.1
  done
  return 1
}

# start_server NAME DATA_DIR [serve flags...]: the release server on a free port, pinned to the
# server CPU, with its SQLite database in DATA_DIR; sets SERVER_URL and SERVER_PID once
# /healthz answers. taskset and env exec into the server, so $! is the server's own PID.
start_server() {
  local name=$1 data=$2 url="" i
  shift 2
  mkdir -p "$data"
  taskset -c "$SERVER_CPU" env DATABASE_URL= LEPTOS_SITE_ROOT="$TMP/site" LEPTOS_ENV=PROD \
    "$RBIN" --data-dir "$data" serve --addr 127.0.0.1:0 "$@" >"$TMP/server-$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for ((i = 0; i < 1200; i++)); do
    url=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$TMP/server-$name.log" | head -1 \
      | sed 's/listening on //' || true)
    [ -n "$url" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server-$name.log" >&2; die "the $name server exited"; }
    sleep 0.1
  done
  [ -n "$url" ] || { cat "$TMP/server-$name.log" >&2; die "the $name server did not start within 120 s"; }
  wait_http "$url/healthz" 60 || die "$url/healthz does not answer"
  SERVER_URL=$url
}
# stop_server PID: stops one server started above (cleanup stops the rest).
stop_server() {
  local pid=$1 kept=() p
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
  PIDS=("${kept[@]}")
}
# still_up NAME PID URL: the server survived the load and still answers.
still_up() {
  kill -0 "$2" 2>/dev/null || die "the $1 server died under load; see above"
  curl -fs -o /dev/null "$3/healthz" || die "the $1 server stopped answering after the load"
}
# wait_idle PID: waits (up to 120 s) until the server uses less than 5% of a CPU, so that
# requests a load run left in flight do not spill into the next measurement.
wait_idle() {
  local i a b
  for ((i = 0; i < 240; i++)); do
    a=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    sleep 0.5
    b=$(awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0)
    (((b - a) * 100 <= 5 * $(getconf CLK_TCK) / 2)) && return 0
  done
  echo "bench: warning: process $1 still busy after 120 s" >&2
}
# cache_state URL: the x-redline-cache header of one anonymous GET (hit, miss, or none).
cache_state() {
  curl -fsS -D - -o /dev/null "$1" | tr -d '\r' \
    | awk -F': *' 'tolower($1) == "x-redline-cache" {v = $2} END {print (v == "" ? "none" : v)}'
}

# nginx, 1 worker, serving files from $TMP/www: nginx_put PATH FILE puts FILE's bytes at PATH.
NGINX_URL=""
start_nginx() {
  local port
  port=$(free_port)
  mkdir -p "$TMP/www" "$TMP/nginx/tmp"
  cat >"$TMP/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $TMP/nginx/tmp/body;
  proxy_temp_path $TMP/nginx/tmp/proxy;
  fastcgi_temp_path $TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path $TMP/nginx/tmp/uwsgi;
  scgi_temp_path $TMP/nginx/tmp/scgi;
  default_type "text/html; charset=utf-8";
  server {
    listen 127.0.0.1:$port;
    root $TMP/www;
  }
}
EOF
  echo ok >"$TMP/www/ready"
  chmod -R a+rX "$TMP" # nginx workers may run as an unprivileged user
  taskset -c "$SERVER_CPU" "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx/error.log" &
  PIDS+=("$!")
  NGINX_URL=http://127.0.0.1:$port
  wait_http "$NGINX_URL/ready" 20 || { cat "$TMP/nginx/error.log" >&2; die "nginx did not start"; }
}
nginx_put() { # path file (a query string in PATH is dropped: nginx ignores it)
  local path=${1%%\?*}
  mkdir -p "$TMP/www${path%/*}"
  cp "$2" "$TMP/www$path"
  chmod -R a+rX "$TMP/www"
}

# run_wrk NAME URL SECONDS [wrk options]: wrk on the client CPU; output in $OUT/wrk-NAME.txt.
run_wrk() {
  local name=$1 url=$2 secs=$3
  shift 3
  pin_client wrk -t1 -c"$WRK_CONNECTIONS" -d"$secs"s --latency "$@" "$url" >"$OUT/wrk-$name.txt" 2>&1 || true
  grep -E 'Requests/sec|Latency |errors|Non-2xx' "$OUT/wrk-$name.txt" | sed "s/^/  $name: /" >&2 || true
}

if wants http || wants proposals; then
  start_nginx
fi
PAGE=/rules/2024/2
if wants http || wants vitals; then
  say "starting the release server, default settings (page cache on), demo data, CPU $SERVER_CPU"
  start_server cached "$TMP/data-cached" --demo
  URL=$SERVER_URL CACHED_PID=$SERVER_PID
  echo "$URL" >"$OUT/server-url"
fi

if wants http; then
  part_begin http
  printf 'wrk_seconds=%s\nwrk_connections=%s\n' "$WRK_SECONDS" "$WRK_CONNECTIONS" >>"$OUT/part-http.env"
  rm -f "$OUT"/latency.tsv "$OUT"/weight.tsv "$OUT"/assets.txt "$OUT"/page*.html \
    "$OUT"/cache-check.tsv "$OUT"/wrk-ssr-* "$OUT"/wrk-cached-* "$OUT"/wrk-nginx-* \
    "$OUT"/wrk-static-* "$OUT"/wrk-warmup-*
  say "starting a second release server with --page-cache-secs 0 (every request rendered)"
  start_server uncached "$TMP/data-uncached" --demo --page-cache-secs 0
  UNCACHED_URL=$SERVER_URL UNCACHED_PID=$SERVER_PID
  curl -fsS "$URL$PAGE" -o "$OUT/page.html"
  curl -fsS "$UNCACHED_URL$PAGE" -o "$OUT/page-uncached.html"

  ## 5. Latency per route (Nagle / delayed-ACK stalls show up as ~40 ms) ----------------------

  say "latency per route (curl, sequential)"
  latency() { # label url
    local _
    for _ in 1 2 3; do # a new connection each time
      curl -s -o /dev/null -w "$1\tnew\t%{time_total}\t%{http_code}\t%{size_download}\n" \
        "$2" >>"$OUT/latency.tsv"
    done
    # five requests on one kept-alive connection
    curl -s -w "$1\tkeep-alive\t%{time_total}\t%{http_code}\t%{size_download}\n" \
      -o /dev/null "$2" -o /dev/null "$2" -o /dev/null "$2" -o /dev/null "$2" -o /dev/null "$2" \
      >>"$OUT/latency.tsv"
  }
  : >"$OUT/latency.tsv"
  for route in / "$PAGE" /pkg/redline.wasm /pkg/redline.css; do
    latency "$route" "$URL$route"
  done
  latency "$PAGE (uncached server)" "$UNCACHED_URL$PAGE"
  cat "$OUT/latency.tsv"

  ## 6. Page weight ----------------------------------------------------------------------------

  say "page weight of $PAGE (raw, brotli -q 11, and what the server sends for Accept-Encoding: br)"
  python3 - "$OUT/page.html" >"$OUT/assets.txt" <<'EOF'
import re, sys
html = open(sys.argv[1], encoding="utf-8", errors="replace").read()
found = []
for m in re.finditer(r'(?:href|src)\s*=\s*"([^"]+\.(?:css|js|wasm))"', html):
    u = m.group(1)
    if u.startswith("/") and u not in found:
        found.append(u)
for u in ("/pkg/redline.css", "/pkg/redline.js", "/pkg/redline.wasm"):
    if u not in found:  # loaded by script rather than named in the HTML
        found.append(u)
print("\n".join(found))
EOF
  printf 'part\turl\traw\tbrotli11\tserved_br\tserved_encoding\n' >"$OUT/weight.tsv"
  weigh() { # part url
    local f="$TMP/weigh.bin" raw br served enc
    curl -fsS "$URL$2" -o "$f"
    raw=$(stat -c %s "$f")
    br=$(brotli -c -q 11 "$f" | wc -c)
    read -r served enc < <(curl -fsS -H 'Accept-Encoding: br' -D "$TMP/headers" -o /dev/null \
      -w '%{size_download} ' "$URL$2"; grep -i '^content-encoding:' "$TMP/headers" \
      | tr -d '\r' | awk '{print $2}' | grep . || echo identity)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$raw" "$br" "$served" "$enc" >>"$OUT/weight.tsv"
  }
  weigh html "$PAGE"
  while read -r asset; do
    weigh "${asset##*.}" "$asset"
  done <"$OUT/assets.txt"
  cat "$OUT/weight.tsv"

  ## 7. Reading throughput: uncached SSR, page cache, nginx; same bytes, same core -------------

  # nginx serves the page as the default server sent it (the uncached server's differs only
  # in its CSP nonce; both sizes are in the report).
  nginx_put "$PAGE" "$OUT/page.html"
  # The default server must answer from its cache: one request fills it, the next must say
  # hit. Entries live 10 s by default, so this is checked before every run (each run then sees
  # at most one re-render, when the entry expires).
  printf 'when\tserver\tfirst\tsecond\n' >"$OUT/cache-check.tsv"
  check_cache() { # when server url
    local first second
    first=$(cache_state "$3")
    second=$(cache_state "$3")
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$first" "$second" >>"$OUT/cache-check.tsv"
    printf '  %s: x-redline-cache %s, then %s\n' "$2" "$first" "$second" >&2
  }
  check_cache start uncached "$UNCACHED_URL$PAGE"
  say "wrk warm-up (2 s each)"
  run_wrk warmup-ssr "$UNCACHED_URL$PAGE" 2
  run_wrk warmup-nginx "$NGINX_URL$PAGE" 2
  check_cache warmup cached "$URL$PAGE"
  run_wrk warmup-cached "$URL$PAGE" 2
  for round in 1 2; do
    say "wrk round $round: ${WRK_SECONDS} s, $WRK_CONNECTIONS connections, wrk on CPU $CLIENT_CPU"
    run_wrk "ssr-$round" "$UNCACHED_URL$PAGE" "$WRK_SECONDS"
    run_wrk "nginx-$round" "$NGINX_URL$PAGE" "$WRK_SECONDS"
    check_cache "round $round" cached "$URL$PAGE"
    run_wrk "cached-$round" "$URL$PAGE" "$WRK_SECONDS"
  done
  check_cache end uncached "$UNCACHED_URL$PAGE"
  still_up uncached "$UNCACHED_PID" "$UNCACHED_URL"
  still_up default "$CACHED_PID" "$URL"
  stop_server "$UNCACHED_PID"
  part_end http
fi

## 8. Lab web vitals (Playwright, Chromium, 4x CPU throttling) -------------------------------

if wants vitals; then
  part_begin vitals
  rm -f "$OUT"/vitals.*
  say "lab web vitals against the default server (Chromium on CPU $CLIENT_CPU, 4x CPU throttling)"
  set +e
  (cd e2e && REDLINE_BENCH_URL=$URL CHROMIUM_PATH=$CHROMIUM \
    pin_client npx playwright test -c bench/vitals.config.ts) 2>&1 | tee "$OUT/vitals.log"
  echo "${PIPESTATUS[0]}" >"$OUT/vitals.rc"
  set -e
  part_end vitals
fi
if wants http || wants vitals; then
  stop_server "$CACHED_PID"
fi

## 9. A clause page with 200 proposed rule changes, the reading pack for 100 and 300 ----------

if wants proposals; then
  part_begin proposals
  printf 'wrk_seconds=%s\nwrk_connections=%s\n' "$PROP_WRK_SECONDS" "$WRK_CONNECTIONS" \
    >>"$OUT/part-proposals.env"
  rm -f "$OUT"/wrk-prop-* "$OUT"/proposals-* "$OUT"/prop-*
  CLAUSE_KEY=6.I.1.C
  CLAUSE=/rules/2024/$CLAUSE_KEY
  PACK=/conference/2027/reading-pack
  PACK_JSON="/api/reading_pack?year=2027"
  say "proposals: two servers over one fresh demo database (default, and --page-cache-secs 0)"
  start_server prop-cached "$TMP/data-prop" --demo
  PC_URL=$SERVER_URL PC_PID=$SERVER_PID
  # The same SQLite database (WAL) from a second process; the seeding goes through the first,
  # whose writes drop its own page cache as in production.
  start_server prop-uncached "$TMP/data-prop" --page-cache-secs 0
  PU_URL=$SERVER_URL PU_PID=$SERVER_PID
  printf 'stage\troute\tserver\trequest\tseconds\tstatus\tbytes\tcache\n' >"$OUT/proposals-latency.tsv"
  # curl_time STAGE ROUTE SERVER REQUEST URL: one request on a new connection, timed.
  curl_time() {
    curl -s -D "$TMP/h" -o /dev/null -w "$1\t$2\t$3\t$4\t%{time_total}\t%{http_code}\t%{size_download}\t" \
      "$5" >>"$OUT/proposals-latency.tsv"
    tr -d '\r' <"$TMP/h" | awk -F': *' 'tolower($1) == "x-redline-cache" {v = $2} END {print (v == "" ? "none" : v)}' \
      >>"$OUT/proposals-latency.tsv"
  }
  # measure STAGE ROUTE-NAME PATH: the page's size and timed sequential requests from each
  # server (uncached: one untimed, then five; default server: the first fills its cache, then
  # five hits), then wrk against the uncached server, the default one (its cache filled and
  # checked) and nginx serving the same bytes. The JSON API is never cached: no "cached" run.
  measure() {
    local stage=$1 name=$2 path=$3 i
    say "proposals, $stage: $path"
    for i in warmup 1 2 3 4 5; do curl_time "$stage" "$name" uncached "$i" "$PU_URL$path"; done
    curl -fsS "$PU_URL$path" -o "$OUT/prop-$stage-$name-uncached.body"
    if [ "$name" != json ]; then
      for i in 1 2 3 4 5 6; do curl_time "$stage" "$name" cached "$i" "$PC_URL$path"; done
      curl -fsS "$PC_URL$path" -o "$OUT/prop-$stage-$name.body"
    else
      cp "$OUT/prop-$stage-$name-uncached.body" "$OUT/prop-$stage-$name.body"
    fi
    nginx_put "$path" "$OUT/prop-$stage-$name.body"
    # A slow page leaves requests in flight when wrk stops: wait for the server to finish them.
    run_wrk "prop-warmup" "$PU_URL$path" 1 --timeout 60s
    wait_idle "$PU_PID"
    run_wrk "prop-$stage-$name-uncached" "$PU_URL$path" "$PROP_WRK_SECONDS" --timeout 60s
    wait_idle "$PU_PID"
    if [ "$name" != json ]; then
      curl_time "$stage" "$name" cached "before-wrk" "$PC_URL$path"
      run_wrk "prop-$stage-$name-cached" "$PC_URL$path" "$PROP_WRK_SECONDS" --timeout 60s
      wait_idle "$PC_PID"
    fi
    run_wrk "prop-$stage-$name-nginx" "$NGINX_URL$path" "$PROP_WRK_SECONDS" --timeout 60s
  }
  # counts STAGE: what the pages hold (rule changes on the clause, pairs compared, pack size).
  counts() {
    curl -fsS -H 'Accept: application/json' \
      "$PU_URL/api/clause_proposals?edition=2024&key=$CLAUSE_KEY" >"$TMP/clause.json"
    curl -fsS -H 'Accept: application/json' "$PU_URL$PACK_JSON" >"$TMP/pack.json"
    python3 - "$1" "$TMP/clause.json" "$TMP/pack.json" >>"$OUT/proposals-counts.jsonl" <<'EOF'
import json, sys
c = json.load(open(sys.argv[2]))
p = json.load(open(sys.argv[3]))
print(json.dumps({"stage": sys.argv[1], "clause_proposals": len(c.get("proposals", [])),
                  "pairs_shown": len(c.get("pairs", [])), "conflicts": c.get("conflicts"),
                  "compared": c.get("compared"), "reading_pack": len(p.get("rule_changes", []))}))
EOF
    tail -1 "$OUT/proposals-counts.jsonl" >&2
  }
  counts demo
  measure demo clause "$CLAUSE"
  measure demo pack "$PACK"
  measure demo json "$PACK_JSON"

  say "seeding: rule changes on other clauses until the 2027 reading pack holds 100"
  python3 scripts/seed_proposals.py "$PC_URL" spread --until 100 --skip "$CLAUSE_KEY" \
    | tee -a "$OUT/proposals-seed.jsonl"
  counts pack100
  measure pack100 pack "$PACK"
  measure pack100 json "$PACK_JSON"

  say "seeding: 200 rule changes on $CLAUSE_KEY"
  python3 scripts/seed_proposals.py "$PC_URL" clause "$CLAUSE_KEY" --count 200 \
    | tee -a "$OUT/proposals-seed.jsonl"
  counts clause200
  measure clause200 clause "$CLAUSE"
  measure clause200 pack "$PACK"
  measure clause200 json "$PACK_JSON"
  still_up prop-uncached "$PU_PID" "$PU_URL"
  still_up prop-cached "$PC_PID" "$PC_URL"
  stop_server "$PU_PID"
  stop_server "$PC_PID"
  part_end proposals
fi
cleanup

## 10. Fuzzing at volume -----------------------------------------------------------------------

if wants fuzz; then
  part_begin fuzz
  rm -f "$OUT"/fuzz.*
  say "fuzzing at volume: ignored proptests (cargo test --release -- --ignored)"
  set +e
  fuzz_start=$SECONDS
  cargo test -p app --release -j "$JOBS" --lib --test fuzz_volume -- --ignored --nocapture \
    2>&1 | tee "$OUT/fuzz.log"
  echo "${PIPESTATUS[0]}" >"$OUT/fuzz.rc"
  echo $((SECONDS - fuzz_start)) >"$OUT/fuzz.seconds"
  set -e
  part_end fuzz
fi

## 11. BENCHMARKS.md ---------------------------------------------------------------------------

say "writing BENCHMARKS.md"
{
  echo "started=$STARTED"
  echo "seconds=$((SECONDS - START_SECONDS))"
  echo "parts=$ONLY"
  echo "load_start=$LOAD_START"
  echo "load_end=$(cut -d' ' -f1-3 /proc/loadavg)"
  echo "nproc=$CORES"
  echo "server_cpu=$SERVER_CPU"
  echo "client_cpu=$CLIENT_CPU"
  echo "cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory=$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
  echo "kernel=$(uname -sr)"
  echo "rustc=$(rustc --version)"
  echo "cargo_leptos=$(cargo leptos --version 2>/dev/null || echo '?')"
  echo "git=$(git --version)"
  echo "nginx=$("$NGINX" -v 2>&1 | sed 's/.*version: //')"
  echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "hyperfine=$(hyperfine --version)"
  echo "chromium=$("$CHROMIUM" --version 2>/dev/null | head -1 || echo '?')"
  echo "playwright=$(cd e2e && node -p 'require("@playwright/test/package.json").version' 2>/dev/null || echo '?')"
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "server_built=$SERVER_BUILT"
  echo "wasm_built=$WASM_BUILT"
  echo "wrk_seconds=$WRK_SECONDS"
  echo "wrk_connections=$WRK_CONNECTIONS"
  echo "proposals_wrk_seconds=$PROP_WRK_SECONDS"
  echo "page=$PAGE"
} >"$OUT/machine.env"
python3 scripts/bench_report.py "$OUT" "$TARGET_DIR/criterion" >"$ROOT/BENCHMARKS.md"
say "done in $((SECONDS - START_SECONDS)) s: BENCHMARKS.md (raw results in ${OUT#"$ROOT"/})"
