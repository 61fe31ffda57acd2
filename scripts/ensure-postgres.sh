#!/usr/bin/env bash
# Makes sure the PostgreSQL the integration tests use is up (127.0.0.1:5432 unless
# REDLINE_TEST_POSTGRES_URL says otherwise); starts the local cluster if it is down.
set -euo pipefail
url="${REDLINE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if pg_isready -d "$url" -q 2>/dev/null; then
  exit 0
fi
if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
  echo "PostgreSQL is down; starting the local cluster"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  for _ in $(seq 1 30); do
    pg_isready -d "$url" -q 2>/dev/null && exit 0
    sleep 1
  done
fi
echo "error: PostgreSQL is not reachable at $url; start it or set REDLINE_TEST_POSTGRES_URL" >&2
exit 1
