#!/usr/bin/env bash
# Lantian ledger-list benchmark (issue 11: "a filtered ledger list over
# 1,000,000 rows, p99 ≤ 30 ms at 16 connections on SQLite and on
# PostgreSQL"). A benchmark, not a test: it asserts nothing and prints a
# Markdown table for docs/benchmarks.md ("Issue 11: ledger lists and imports").
#
#   bench/run_ledgers.sh PATH/TO/lantian        # SQLite
#   bench/run_ledgers_pg.sh PATH/TO/lantian     # the same lists on PostgreSQL
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. lantian_bench_ledgers_seed (BUILD/bench/lantian_bench_ledgers_seed or
#     $LANTIAN_BENCH_LEDGERS_SEED) creates the district of bench/run.sh
#     (1,000 units / 10,000 users + admin), a campaign with its work areas and
#     1,000,000 rows of the small-coal-boiler ledger (coal_boilers; see
#     bench/ledgers_seed.cpp and bench/boilers_gen.h) through
#     store::ledger_rows::insert. It names the 环保专干 of the township with
#     the most rows and a campaign office account, and how many rows the
#     filtered list holds. With BENCH_LEDGERS_PG=1 the data goes to a
#     throwaway PostgreSQL cluster (tests/support/pg_cluster.sh), then
#     VACUUM ANALYZE (what autovacuum does soon after a bulk insert).
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only.
#  3. Logs in as both users (bearer tokens), checks every list answers 200
#     with items and the total the seeder counted, and times each list's first
#     request (cold: the count and the page are computed, nothing cached).
#  4. wrk --latency, 2 threads, 16 connections (BENCH_CONNECTIONS), on
#       GET /api/v1/ledgers/coal_boilers/rows?per_page=50&f.disposition=gas&status=removed
#           as the township user (their township's subtree) and as the
#           campaign office (the district);
#       GET /api/v1/ledgers/coal_boilers/rows?per_page=50   (first page, office)
#       ...&after=<next_cursor of that page>                (keyset second page)
#     each with p99 ≤ 30 ms as the target, plus, without a target, the
#     filtered lists at a random keyset cursor per request
#     (bench/ledgers_cursor.lua), so that pages miss the server's list cache
#     and run their SQL. Server CPU and RSS per run (and, on PostgreSQL, the
#     backends' CPU).
#  5. The plans of the filtered page's SQL (sqlite3 EXPLAIN QUERY PLAN, or
#     PostgreSQL's EXPLAIN (ANALYZE, BUFFERS)).
#
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1, BENCH_LEDGER_ROWS
# (1000000), BENCH_CONNECTIONS (16), BENCH_LEDGER_STATE (removed),
# BENCH_LEDGER_DISPOSITION (gas), BENCH_LEDGERS_PG=1.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_ledgers.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=${LANTIAN_BENCH_LEDGERS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_ledgers_seed}
DURATION=${BENCH_DURATION:-15s}
ROWS_N=${BENCH_LEDGER_ROWS:-1000000}
CONNS=${BENCH_CONNECTIONS:-16}
STATE=${BENCH_LEDGER_STATE:-removed}
DISPOSITION=${BENCH_LEDGER_DISPOSITION:-gas}
PG=${BENCH_LEDGERS_PG:-0}
ADMIN_PW='Bench#Admin-2026'
PG_CLUSTER="$HERE/../tests/support/pg_cluster.sh"

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_tools wrk curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench-ledgers.XXXXXX)
chmod 755 "$TMP"  # the postgres user needs to reach $TMP/pg
SERVER_PID=""
CLUSTER_UP=0
cleanup() {
  set +e
  stop_started
  [ "$CLUSTER_UP" = 1 ] && bash "$PG_CLUSTER" stop "$TMP/pg" >/dev/null 2>&1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server reads ./lantian.toml and LANTIAN_* variables: keep both out.
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START LANTIAN_LEDGERS_DIR \
  LANTIAN_WORKFLOWS_DIR
DB="$TMP/bench.db"
BACKEND="SQLite $(sqlite3 --version 2>/dev/null | awk '{ print $1 }')"
pg_pids() { :; }
if [ "$PG" = 1 ]; then
  log "starting a throwaway PostgreSQL cluster"
  CLUSTER_UP=1
  PG_URL=$(bash "$PG_CLUSTER" start "$TMP/pg" $$)
  PSQL="$(cat "$TMP/pg/bin")/psql"
  [ -x "$PSQL" ] || PSQL=psql
  "$PSQL" -q -v ON_ERROR_STOP=1 "$PG_URL" -c 'CREATE DATABASE bench' >&2
  DB="${PG_URL%/*}/bench"
  BACKEND="PostgreSQL $("$PSQL" -tA "$DB" -c 'SHOW server_version')"
  pg_pids() {
    local pm
    pm=$(head -1 "$TMP/pg/data/postmaster.pid")
    # shellcheck disable=SC2046
    echo "$pm" $(pgrep -P "$pm" || true)
  }
fi

log "seeding 1000 units / 10000 users / $ROWS_N coal_boilers rows into $BACKEND (load $(cut -d' ' -f1-3 /proc/loadavg))"
SEED_START=$(date +%s)
"$SEED" --db "$DB" --rows "$ROWS_N" --state "$STATE" --disposition "$DISPOSITION" \
  --admin-password "$ADMIN_PW" >"$TMP/seed.out"
SEED_SECS=$(($(date +%s) - SEED_START))
cat "$TMP/seed.out" >&2
value() { sed -n "s/^$1=//p" "$TMP/seed.out"; }
TOWNSHIP=$(value TOWNSHIP)
TOWNSHIP_ROWS=$(value TOWNSHIP_ROWS)
TOWNSHIP_USER=$(value TOWNSHIP_USER)
OFFICE_USER=$(value OFFICE_USER)
TOWNSHIP_MATCHES=$(value TOWNSHIP_MATCHES)
DISTRICT_MATCHES=$(value DISTRICT_MATCHES)
USER_PW=$(value USER_PASSWORD)
SEEDED=$(head -2 "$TMP/seed.out" | tr '\n' ' ')
DB_SIZE=""
if [ "$PG" = 1 ]; then
  # What autovacuum does to an insert-only table soon after the load (the
  # visibility map lets the list's index-only scans skip the heap): done now,
  # so that it does not run during the measurements.
  log "VACUUM ANALYZE"
  "$PSQL" -q -v ON_ERROR_STOP=1 "$DB" -c 'VACUUM ANALYZE' >&2
  DB_SIZE=$("$PSQL" -tA "$DB" -c "SELECT pg_size_pretty(pg_database_size('bench'))")
else
  DB_SIZE="$(du -m "$DB" | cut -f1) MiB"
fi

start_lantian "$DB" "$TMP/server.out" "$TMP/server.log" --log-level warn
SERVER_PID=$STARTED_PID
BASE="http://127.0.0.1:$STARTED_PORT"
RSS_IDLE=$(mib VmRSS "$SERVER_PID")
TOKEN=$(login_token "$BASE" "$TOWNSHIP_USER" "$USER_PW")
OFFICE_TOKEN=$(login_token "$BASE" "$OFFICE_USER" "$USER_PW")
AUTH=(-H "Authorization: Bearer $TOKEN")
OFFICE_AUTH=(-H "Authorization: Bearer $OFFICE_TOKEN")

LIST="/api/v1/ledgers/coal_boilers/rows"
FILTERED_PATH="$LIST?per_page=50&f.disposition=$DISPOSITION&status=$STATE"
FIRST_PATH="$LIST?per_page=50"

# check NAME PATH [EXPECTED_TOTAL] AUTH...: GET answers 200 with items (and
# the total the seeder counted); sets TOTAL, BYTES, CURSOR and COLD_MS (this
# request's time: the first of its list is computed, count and page).
check() {
  local name=$1 path=$2 expected=$3 body items code
  shift 3
  code=$(curl -s -o "$TMP/check.json" -w '%{http_code} %{time_total}' "$@" "$BASE$path") || true
  COLD_MS=$(awk -v t="${code#* }" 'BEGIN { printf "%.0f", t * 1000 }')
  [ "${code%% *}" = 200 ] || { log "GET $path: HTTP ${code%% *}: $(head -c 300 "$TMP/check.json")"; exit 1; }
  body=$(cat "$TMP/check.json")
  TOTAL=$(printf '%s' "$body" | grep -o '"total":-\?[0-9]*' | tail -1 | cut -d: -f2)
  CURSOR=$(printf '%s' "$body" | grep -o '"next_cursor":"[^"]*"' | cut -d'"' -f4)
  items=$(printf '%s' "$body" | grep -o '"ledger_type":"coal_boilers"' | wc -l)
  BYTES=$(printf '%s' "$body" | wc -c)
  log "$name: GET $path: total $TOTAL, $items items, $BYTES bytes, next_cursor $CURSOR, first request $COLD_MS ms"
  [ "$items" -gt 0 ] || { log "GET $path returned no rows"; exit 1; }
  if [ -n "$expected" ] && [ "$TOTAL" != "$expected" ]; then
    log "GET $path: total $TOTAL, the seeder counted $expected"
    exit 1
  fi
}

ROWS=()
ROWS_PG=()
COLD=()
# run NAME P99_MS PATH [wrk args and AUTH...]: bench_run at $CONNS
# connections (target: p99 only, or none with P99_MS 0); on PostgreSQL also
# the backends' CPU per request.
run() {
  local name=$1 p99=$2 path=$3 g0 g1 pgp target=p99
  shift 3
  [ "$p99" = 0 ] && target=0 && p99=30
  read -ra pgp <<<"$(pg_pids)"
  g0=$(ticks "${pgp[@]}")
  P99_TARGET=$p99 bench_run "$name" "$target" 2 "$CONNS" "$path" "$@"
  read -ra pgp <<<"$(pg_pids)"
  g1=$(ticks "${pgp[@]}")
  if [ "$PG" = 1 ]; then
    ROWS_PG+=("| $name | $(awk -v t=$((g1 - g0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }') |")
  fi
}

check "township, filtered" "$FILTERED_PATH" "$TOWNSHIP_MATCHES" "${AUTH[@]}"
COLD+=("| township $TOWNSHIP, filtered ($TOTAL of $TOWNSHIP_ROWS rows) | $COLD_MS |")
T_NAME="township user, f.disposition=$DISPOSITION&status=$STATE ($TOTAL of $TOWNSHIP_ROWS; page of 50, $BYTES B)"
check "district, filtered" "$FILTERED_PATH" "$DISTRICT_MATCHES" "${OFFICE_AUTH[@]}"
COLD+=("| campaign office, filtered ($TOTAL of $ROWS_N rows) | $COLD_MS |")
D_NAME="campaign office, f.disposition=$DISPOSITION&status=$STATE ($TOTAL of $ROWS_N; page of 50, $BYTES B)"
check "district, first page" "$FIRST_PATH" "$ROWS_N" "${OFFICE_AUTH[@]}"
COLD+=("| campaign office, first page ($TOTAL rows) | $COLD_MS |")
F_NAME="campaign office, first page, unfiltered ($TOTAL; page of 50, $BYTES B)"
SECOND_PATH="$FIRST_PATH&after=$CURSOR"
check "district, second page" "$SECOND_PATH" "$ROWS_N" "${OFFICE_AUTH[@]}"
COLD+=("| campaign office, second page (after=$CURSOR) | $COLD_MS |")
S_NAME="campaign office, keyset second page (after=$CURSOR; $BYTES B)"
# The same filtered page as the township user without the total (with_total=false).
check "township, filtered, no total" "$FILTERED_PATH&with_total=false" "-1" "${AUTH[@]}"
COLD+=("| township, filtered, with_total=false (page only) | $COLD_MS |")

run "$T_NAME" 30 "$FILTERED_PATH" "${AUTH[@]}"
run "$D_NAME" 30 "$FILTERED_PATH" "${OFFICE_AUTH[@]}"
run "$F_NAME" 30 "$FIRST_PATH" "${OFFICE_AUTH[@]}"
run "$S_NAME" 30 "$SECOND_PATH" "${OFFICE_AUTH[@]}"
# Pages that miss the list cache: a random keyset cursor per request.
export LEDGER_MIN_ID=$((ROWS_N / 10 + 1)) LEDGER_MAX_ID=$ROWS_N
run "township user, filtered, random cursor (uncached pages)" 0 "$FILTERED_PATH" -s "$HERE/ledgers_cursor.lua" "${AUTH[@]}"
run "campaign office, filtered, random cursor (uncached pages)" 0 "$FILTERED_PATH" -s "$HERE/ledgers_cursor.lua" "${OFFICE_AUTH[@]}"
run "campaign office, unfiltered, random cursor (uncached pages)" 0 "$FIRST_PATH" -s "$HERE/ledgers_cursor.lua" "${OFFICE_AUTH[@]}"
stop_pid "$SERVER_PID"

# The plan of the filtered page's ids, as src/store/ledger_rows_repo.cpp list() runs it.
TOWNSHIP_ID=$(value TOWNSHIP_ID)
PLAN_SQL="SELECT s.row_id AS id FROM ledger_scopes s JOIN ledger_rows r ON r.id = s.row_id WHERE s.ledger_type = 'coal_boilers' AND s.unit_id = $TOWNSHIP_ID AND r.status IN ('$STATE') AND EXISTS (SELECT 1 FROM ledger_filters lf WHERE lf.ledger_type = s.ledger_type AND lf.field = 'disposition' AND lf.value = '$DISPOSITION' AND lf.row_id = s.row_id) ORDER BY s.row_id DESC LIMIT 50 OFFSET 0"
COUNT_SQL="SELECT COUNT(*) FROM ledger_scopes s JOIN ledger_rows r ON r.id = s.row_id WHERE s.ledger_type = 'coal_boilers' AND s.unit_id = 1 AND r.status IN ('$STATE') AND EXISTS (SELECT 1 FROM ledger_filters lf WHERE lf.ledger_type = s.ledger_type AND lf.field = 'disposition' AND lf.value = '$DISPOSITION' AND lf.row_id = s.row_id)"
PLANS=""
if [ "$PG" = 1 ]; then
  PLANS="$PLAN_SQL"$'\n'"$("$PSQL" -tA "$DB" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $PLAN_SQL")"$'\n\n'
  PLANS+="$COUNT_SQL"$'\n'"$("$PSQL" -tA "$DB" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $COUNT_SQL")"$'\n'
elif command -v sqlite3 >/dev/null; then
  PLANS="$PLAN_SQL"$'\n'"$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $PLAN_SQL")"$'\n'
fi

cat <<EOF

## Ledger lists on $BACKEND ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), duration $DURATION per run, wrk on the same machine; load after the runs: $(cut -d' ' -f1-3 /proc/loadavg).
Data ($SEED_SECS s to seed, database $DB_SIZE): $SEEDED
Township user $TOWNSHIP_USER (环保专干 of $TOWNSHIP: $TOWNSHIP_ROWS rows in scope); campaign office account $OFFICE_USER (district-wide).
Server RSS $RSS_IDLE MiB idle after start. Target: p99 ≤ 30 ms at $CONNS connections (RSS ≤ 64 MiB is bench/lib.sh's general target).

First request of each list (curl, ms; nothing cached: count and page computed):

| list | first request ms |
|---|---|
EOF
printf '%s\n' "${COLD[@]}"
printf '\n| run | wrk threads/conns | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | non-2xx | vs targets |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
printf '%s\n' "${ROWS[@]}"
if [ "$PG" = 1 ]; then
  printf '\nPostgreSQL (postmaster and backends) CPU per request:\n\n| run | PostgreSQL CPU µs/req |\n|---|---|\n'
  printf '%s\n' "${ROWS_PG[@]}"
fi
if [ -n "$PLANS" ]; then
  printf '\nPlans (the filtered page of the township; on PostgreSQL also the district count):\n\n```\n%s```\n' "$PLANS"
fi
