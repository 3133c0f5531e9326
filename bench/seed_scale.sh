#!/usr/bin/env bash
# Time `manage.py seed_demo` on fresh databases and report the database size.
#
#   bench/seed_scale.sh                         # default demo on SQLite and PostgreSQL, then Peru scale
#   SCHOOLS=5000 VISITS=250000 bench/seed_scale.sh
#   KEEP=1 bench/seed_scale.sh                  # keep the cee_bench database afterwards
#   KEEP=1 SCALE_ONLY=1 bench/seed_scale.sh     # only the Peru-scale database (for bench/*_timings.py)
#
# After the Peru-scale seed it rebuilds the dashboards' summary tables (`manage.py summaries_refresh`)
# and runs `VACUUM (ANALYZE)`: without the vacuum the visibility map is empty and PostgreSQL does not use
# index-only scans, so timings taken on a freshly seeded database are pessimistic.
#
# Needs the local PostgreSQL (127.0.0.1:5432, user postgres, trust auth). It drops and recreates the
# database `cee_bench` (never `cee`) and a SQLite file under /tmp. Not part of the test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=.venv/bin/python
DB=cee_bench
PG_URL="postgres://postgres@127.0.0.1:5432/$DB"
SQLITE_FILE="$(mktemp -d)/cee_bench.sqlite3"
SCHOOLS="${SCHOOLS:-20000}"
VISITS="${VISITS:-1000000}"
LOG_DIR="${LOG_DIR:-/tmp/cee-bench}"
mkdir -p "$LOG_DIR"
export DJANGO_SETTINGS_MODULE=cee.settings.local DJANGO_LOG_LEVEL=WARNING

psql_admin() { psql -q -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -c "$1"; }
pg_value() { psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "$1"; }

fresh_pg() {
    psql_admin "DROP DATABASE IF EXISTS $DB"
    psql_admin "CREATE DATABASE $DB"
    DATABASE_URL="$PG_URL" "$PY" manage.py migrate --noinput -v0
}

# timed <label> <log> <command...>: run, keep the output, print the wall time in seconds.
timed() {
    local label=$1 log=$2 start end
    shift 2
    start=$(date +%s.%N)
    "$@" -v2 >"$log" 2>&1
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v l="$label" 'BEGIN { printf "%-48s %7.1f s\n", l, e - s }'
}

echo "== seed_demo benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "   machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM," \
    "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "   $(psql -h 127.0.0.1 -U postgres -d postgres -Atc 'SHOW server_version' | sed 's/^/PostgreSQL /'), $("$PY" -c 'import sqlite3, sys; print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")')"
echo "   load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

if [[ -z "${SCALE_ONLY:-}" ]]; then
rm -f "$SQLITE_FILE"
DATABASE_URL="sqlite:///$SQLITE_FILE" "$PY" manage.py migrate --noinput -v0
timed "SQLite, default demo" "$LOG_DIR/sqlite-default.log" \
    env DATABASE_URL="sqlite:///$SQLITE_FILE" "$PY" manage.py seed_demo
timed "SQLite, second run (finds the demo, no change)" "$LOG_DIR/sqlite-again.log" \
    env DATABASE_URL="sqlite:///$SQLITE_FILE" "$PY" manage.py seed_demo
echo "   SQLite file: $(du -h "$SQLITE_FILE" | cut -f1)"
rm -rf "$(dirname "$SQLITE_FILE")"

fresh_pg
timed "PostgreSQL, default demo" "$LOG_DIR/pg-default.log" env DATABASE_URL="$PG_URL" "$PY" manage.py seed_demo
timed "PostgreSQL, second run (no change)" "$LOG_DIR/pg-again.log" env DATABASE_URL="$PG_URL" "$PY" manage.py seed_demo
echo "   database size: $(pg_value "SELECT pg_size_pretty(pg_database_size('$DB'))")"
fi

fresh_pg
timed "PostgreSQL, --schools $SCHOOLS --visits $VISITS" "$LOG_DIR/pg-scale.log" \
    env DATABASE_URL="$PG_URL" "$PY" manage.py seed_demo --schools "$SCHOOLS" --visits "$VISITS"
if DATABASE_URL="$PG_URL" "$PY" manage.py help summaries_refresh >/dev/null 2>&1; then
    timed "manage.py summaries_refresh (full, first)" "$LOG_DIR/pg-refresh.log" \
        env DATABASE_URL="$PG_URL" "$PY" manage.py summaries_refresh
fi
start=$(date +%s.%N)
psql -q -h 127.0.0.1 -U postgres -d "$DB" -v ON_ERROR_STOP=1 -c 'VACUUM (ANALYZE)'
awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%-48s %7.1f s\n", "VACUUM (ANALYZE)", e - s }'
echo "   database size: $(pg_value "SELECT pg_size_pretty(pg_database_size('$DB'))")"
echo "   rows: $(pg_value "SELECT format('%s schools, %s teachers, %s visits, %s attendances, %s goals, %s results',
    (SELECT count(*) FROM schools_school), (SELECT count(*) FROM schools_teacher),
    (SELECT count(*) FROM networks_visit), (SELECT count(*) FROM workshops_attendance),
    (SELECT count(*) FROM evaluations_schoolgoal), (SELECT count(*) FROM evaluations_assessmentresult))")"
echo "   largest tables:"
pg_value "SELECT format('     %-28s %s', relname, pg_size_pretty(pg_total_relation_size(oid)))
    FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace
    ORDER BY pg_total_relation_size(oid) DESC LIMIT 5"
echo "   steps of the scale run (seed_demo -v2):"
grep -E '^  .*: [0-9.]+ s$' "$LOG_DIR/pg-scale.log" | sed 's/^/   /'
echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ -z "${KEEP:-}" ]]; then
    psql_admin "DROP DATABASE IF EXISTS $DB"
fi
echo "Logs in $LOG_DIR"
