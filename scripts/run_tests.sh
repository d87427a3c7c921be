#!/usr/bin/env bash
# Runs the whole suite: lint, then pytest on SQLite, then pytest on a throwaway
# PostgreSQL cluster where PostgreSQL is installed.
#   EARLYHELP_TEST_POSTGRES=0  skip the PostgreSQL lane
#   EARLYHELP_TEST_POSTGRES=1  fail if PostgreSQL is not available
#   CI=true                    the lane is required wherever initdb is installed
# Extra arguments go to pytest (make test ARGS="-k sign_in").
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== lint"
$BIN/ruff check src tests scripts bench
$BIN/ruff format --check src tests scripts bench

echo "== tests on SQLite"
$BIN/pytest "$@"

lane="${EARLYHELP_TEST_POSTGRES:-auto}"
if [ "$lane" = "auto" ] && [ "${CI:-}" = "true" ] \
    && { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }; then
    lane=1
fi
if [ "$lane" = "0" ]; then
    echo "== PostgreSQL lane skipped (EARLYHELP_TEST_POSTGRES=0)"
    exit 0
fi
if ! $BIN/python scripts/with_postgres.py --check; then
    if [ "$lane" = "1" ]; then
        echo "PostgreSQL is required (EARLYHELP_TEST_POSTGRES=1) but not available" >&2
        exit 1
    fi
    echo "== PostgreSQL lane skipped: PostgreSQL is not installed here"
    exit 0
fi
echo "== tests on PostgreSQL"
$BIN/python scripts/with_postgres.py -- $BIN/pytest "$@"
