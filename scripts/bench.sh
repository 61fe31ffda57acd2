#!/usr/bin/env bash
# redline benchmarks: `make bench` runs this script. It writes BENCHMARKS.md at the repository
# root; raw results (criterion, hyperfine, wrk, curl) go to target/bench/.
#
# Every figure is measured next to a baseline in the same run:
#   1. clause word diff and whole-edition compare (criterion) vs `git diff --no-index --word-diff`
#      on the same files (hyperfine);
#   2. adversarial diff inputs (criterion timings + a correctness check written by the bench);
#   3. reading throughput of a ~5,000-word chapter page (wrk) vs nginx serving the same bytes,
#      both pinned to the same core, and a per-route latency check for Nagle stalls (curl);
#   4. page weight of a reader page (HTML + CSS + JS + wasm, brotli) vs the 100 KB budget;
#   5. fuzzing at volume (ignored proptests) with the number of executions;
#   6. the wording engine (criterion).
#
# Knobs (environment): BENCH_WRK_SECONDS (10), BENCH_WRK_CONNECTIONS (32), REDLINE_FUZZ_CASES
# (100000 per property), BENCH_SKIP_FUZZ=1, BENCH_JOBS (cargo -j, default 1).
# It installs missing tools with apt-get first (saying so), builds the release server and site
# with `make build` only when they are missing, binds only 127.0.0.1, and stops every server it
# started, also on failure or Ctrl-C.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD

WRK_SECONDS=${BENCH_WRK_SECONDS:-10}
WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-32}
JOBS=${BENCH_JOBS:-1}
export REDLINE_FUZZ_CASES=${REDLINE_FUZZ_CASES:-100000}

say() { printf '\n== bench: %s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

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
SITE=$ROOT/target/site
if [ ! -x "$BIN" ] || [ ! -f "$SITE/pkg/redline.wasm" ]; then
  say "release server or site missing: make build"
  make build
fi

OUT=$TARGET_DIR/bench
rm -rf "$OUT"
mkdir -p "$OUT"
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

say "building the benches (cargo bench --no-run -j $JOBS)"
cargo bench -p app --bench diff --bench wording --no-run -j "$JOBS"

## 2. Criterion: word diff, edition compare, adversarial inputs, wording engine --------------

touch "$OUT/.criterion-start"
sleep 1
say "criterion (pinned to CPU $SERVER_CPU): diff + wording benches"
set +e
pin_server cargo bench -p app --bench diff --bench wording -j "$JOBS" -- \
  --warm-up-time 1 --measurement-time 3 --noplot 2>&1 | tee "$OUT/criterion.log"
echo "${PIPESTATUS[0]}" >"$OUT/criterion.rc"
set -e
[ -f "$OUT/clause-old.txt" ] || die "the diff bench did not write its fixtures; see $OUT/criterion.log"

## 3. Baseline: git's word diff on the same files ----------------------------------------------

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

## 4. The release server ---------------------------------------------------------------------

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

say "starting the release server (demo data, CPU $SERVER_CPU)"
mkdir -p "$TMP/data"
# A private copy of the site, so that the saved page can also be served as a static file through
# the server's own stack (see section 7) without touching target/site.
cp -r "$SITE" "$TMP/site"
# Started directly (not through a shell function), so that $! is the server's own PID: taskset
# and env exec into it.
taskset -c "$SERVER_CPU" env LEPTOS_SITE_ROOT="$TMP/site" LEPTOS_ENV=PROD "$BIN" \
  --data-dir "$TMP/data" serve --demo --addr 127.0.0.1:0 >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
URL=""
for ((i = 0; i < 1200; i++)); do
  URL=$(grep -o 'listening on http://127\.0\.0\.1:[0-9]*' "$TMP/server.log" | head -1 | sed 's/listening on //' || true)
  [ -n "$URL" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "the server exited"; }
  sleep 0.1
done
[ -n "$URL" ] || { cat "$TMP/server.log" >&2; die "the server did not start within 120 s"; }
wait_http "$URL/healthz" 60 || die "$URL/healthz does not answer"
PAGE=/rules/2024/2
curl -fsS "$URL$PAGE" -o "$OUT/page.html"
echo "$URL" >"$OUT/server-url"

## 5. Latency per route (Nagle / delayed-ACK stalls show up as ~40 ms) ----------------------

say "latency per route (curl, sequential)"
: >"$OUT/latency.tsv"
for route in / "$PAGE" /pkg/redline.wasm /pkg/redline.css; do
  for _ in 1 2 3; do # a new connection each time
    curl -s -o /dev/null -w "$route\tnew\t%{time_total}\t%{http_code}\t%{size_download}\n" \
      "$URL$route" >>"$OUT/latency.tsv"
  done
  # five requests on one kept-alive connection
  curl -s -w "$route\tkeep-alive\t%{time_total}\t%{http_code}\t%{size_download}\n" \
    -o /dev/null "$URL$route" -o /dev/null "$URL$route" -o /dev/null "$URL$route" \
    -o /dev/null "$URL$route" -o /dev/null "$URL$route" >>"$OUT/latency.tsv"
done
cat "$OUT/latency.tsv"

## 6. Page weight ------------------------------------------------------------------------------

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

## 7. Reading throughput: SSR vs nginx, same bytes, same core --------------------------------

# The same bytes as a static file through the server's whole middleware stack (ServeDir
# fallback): roughly what a page cache inside the app could reach. Not the cached target itself.
mkdir -p "$TMP/site/bench"
cp "$OUT/page.html" "$TMP/site/bench/chapter.html"
STATIC=/bench/chapter.html
curl -fsS -o /dev/null "$URL$STATIC" || die "the server does not serve $STATIC from its site root"

say "nginx serving the same bytes (CPU $SERVER_CPU)"
NPORT=$(free_port)
mkdir -p "$TMP/www${PAGE%/*}" "$TMP/nginx/tmp"
cp "$OUT/page.html" "$TMP/www$PAGE"
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
    listen 127.0.0.1:$NPORT;
    root $TMP/www;
  }
}
EOF
chmod -R a+rX "$TMP" # nginx workers may run as an unprivileged user
taskset -c "$SERVER_CPU" "$NGINX" -p "$TMP/nginx" -c "$TMP/nginx.conf" -e "$TMP/nginx/error.log" &
PIDS+=("$!")
NGINX_URL=http://127.0.0.1:$NPORT
wait_http "$NGINX_URL$PAGE" 20 || { cat "$TMP/nginx/error.log" >&2; die "nginx did not start"; }

run_wrk() { # name url seconds
  pin_client wrk -t1 -c"$WRK_CONNECTIONS" -d"$3"s --latency "$2" >"$OUT/wrk-$1.txt" 2>&1 || true
  grep -E 'Requests/sec|Latency |errors|Non-2xx' "$OUT/wrk-$1.txt" | sed "s/^/  $1: /" >&2 || true
}
say "wrk warm-up (2 s each)"
run_wrk warmup-ssr "$URL$PAGE" 2
run_wrk warmup-nginx "$NGINX_URL$PAGE" 2
run_wrk warmup-static "$URL$STATIC" 2
for round in 1 2; do
  say "wrk round $round: ${WRK_SECONDS} s, $WRK_CONNECTIONS connections, wrk on CPU $CLIENT_CPU"
  run_wrk "ssr-$round" "$URL$PAGE" "$WRK_SECONDS"
  run_wrk "nginx-$round" "$NGINX_URL$PAGE" "$WRK_SECONDS"
  run_wrk "static-$round" "$URL$STATIC" "$WRK_SECONDS"
done
kill -0 "$SERVER_PID" 2>/dev/null || die "the server died under load; see above"
curl -fs -o /dev/null "$URL/healthz" || die "the server stopped answering after the load"
cleanup

## 8. Fuzzing at volume ------------------------------------------------------------------------

if [ "${BENCH_SKIP_FUZZ:-0}" != 1 ]; then
  say "fuzzing at volume: ignored proptests (cargo test --release -- --ignored)"
  set +e
  fuzz_start=$SECONDS
  cargo test -p app --release -j "$JOBS" --lib --test fuzz_volume -- --ignored --nocapture \
    2>&1 | tee "$OUT/fuzz.log"
  echo "${PIPESTATUS[0]}" >"$OUT/fuzz.rc"
  echo $((SECONDS - fuzz_start)) >"$OUT/fuzz.seconds"
  set -e
fi

## 9. BENCHMARKS.md ----------------------------------------------------------------------------

say "writing BENCHMARKS.md"
{
  echo "started=$STARTED"
  echo "seconds=$((SECONDS - START_SECONDS))"
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
  echo "commit=$(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (with uncommitted changes)')"
  echo "server_built=$(date -u -r "$BIN" '+%Y-%m-%d %H:%M UTC')"
  echo "wasm_built=$(date -u -r "$SITE/pkg/redline.wasm" '+%Y-%m-%d %H:%M UTC')"
  echo "wrk_seconds=$WRK_SECONDS"
  echo "wrk_connections=$WRK_CONNECTIONS"
  echo "page=$PAGE"
} >"$OUT/machine.env"
python3 scripts/bench_report.py "$OUT" "$TARGET_DIR/criterion" >"$ROOT/BENCHMARKS.md"
say "done in $((SECONDS - START_SECONDS)) s: BENCHMARKS.md (raw results in ${OUT#"$ROOT"/})"
