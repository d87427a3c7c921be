#!/usr/bin/env bash
# Runs the whole suite: lint, then pytest on SQLite and, where PostgreSQL is installed,
# on a throwaway PostgreSQL cluster at the same time (one lane per core).
#   EARLYHELP_TEST_POSTGRES=0  skip the PostgreSQL lane
#   EARLYHELP_TEST_POSTGRES=1  fail if PostgreSQL is not available
#   CI=true                    the lane is required wherever initdb is installed
# Extra arguments go to pytest (make test ARGS="-k sign_in"). Tests marked single_lane (the
# web layer: browser, accessibility, fuzzing) and the tests that use no database run in the
# SQLite lane only, and tests marked postgresql_lane (migrating an empty database) in the
# PostgreSQL lane only (tests/conftest.py), so the two lanes take about as long.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== lint"
$BIN/ruff check src tests scripts bench
$BIN/ruff format --check src tests scripts bench
$BIN/bandit -c pyproject.toml -r src -q

lane="${EARLYHELP_TEST_POSTGRES:-auto}"
if [ "$lane" = "auto" ] && [ "${CI:-}" = "true" ] \
    && { command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; }; then
    lane=1
fi
if [ "$lane" != "0" ] && ! $BIN/python scripts/with_postgres.py --check; then
    if [ "$lane" = "1" ]; then
        echo "PostgreSQL is required (EARLYHELP_TEST_POSTGRES=1) but not available" >&2
        exit 1
    fi
    echo "== PostgreSQL lane skipped: PostgreSQL is not installed here"
    lane=0
fi

if [ "$lane" = "0" ]; then
    echo "== tests on SQLite"
    exec $BIN/pytest "$@"
fi

# The tests' quick coder is trained once, before the lanes start; each lane then keeps its
# own copy, as a lane's analysts' corrections retrain it.
echo "== training the tests' coder"
CODER_DIR=build/test-coder CODER_QUICK=true SECRET_KEY=test-only DEBUG=false \
    $BIN/earlyhelp coder train --corpus-only
rm -rf build/test-coder-postgres
cp -r build/test-coder build/test-coder-postgres

logs=build/test-logs
mkdir -p "$logs"
echo "== tests on SQLite and on PostgreSQL, side by side (logs in $logs/)"
EARLYHELP_TEST_LANE=sqlite-beside-postgresql $BIN/pytest "$@" >"$logs/sqlite.log" 2>&1 &
sqlite_pid=$!
EARLYHELP_TEST_LANE=postgresql-beside-sqlite CODER_DIR=build/test-coder-postgres \
    $BIN/python scripts/with_postgres.py -- \
    $BIN/pytest -m "not single_lane" "$@" \
    >"$logs/postgresql.log" 2>&1 &
postgresql_pid=$!

sqlite_status=0
wait "$sqlite_pid" || sqlite_status=$?
echo "== tests on SQLite"
cat "$logs/sqlite.log"
postgresql_status=0
wait "$postgresql_pid" || postgresql_status=$?
echo "== tests on PostgreSQL"
cat "$logs/postgresql.log"

if [ "$sqlite_status" != 0 ] || [ "$postgresql_status" != 0 ]; then
    echo "== FAILED: SQLite lane exit $sqlite_status, PostgreSQL lane exit $postgresql_status" >&2
    exit 1
fi
