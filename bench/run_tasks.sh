#!/usr/bin/env bash
# Lantian task-list benchmark: 100,000 tasks in 1,000 units. A benchmark, not
# a test: it asserts nothing and prints a Markdown table for
# docs/benchmarks.md ("Task lists", "listsql").
#
#   bench/run_tasks.sh PATH/TO/lantian              # SQLite, with the Node.js peer
#   bench/run_tasks_pg.sh PATH/TO/lantian           # the same lists on PostgreSQL
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. lantian_bench_tasks_seed (BUILD/bench/lantian_bench_tasks_seed or
#     $LANTIAN_BENCH_TASKS_SEED) creates the district of bench/run.sh (1,000
#     units / 10,000 users + admin) and a campaign running from 90 days ago to
#     90 days ahead with 100,000 tasks (see bench/tasks_seed.cpp). It names
#     the user responsible for the most tasks (a township's 环保专干), a
#     village below them and a campaign office account. With BENCH_TASKS_PG=1
#     the data goes to a throwaway PostgreSQL cluster
#     (tests/support/pg_cluster.sh) instead of a SQLite file.
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only.
#  3. Logs in as both users (bearer tokens) and checks every request answers
#     200 with tasks.
#  4. wrk --latency, 2 threads, 64 connections (BENCH_CONNECTIONS), on
#       GET /api/v1/tasks?overdue=true&per_page=25  as the campaign office
#                                   (the district-wide overdue list; ≥ 3,000 req/s)
#       GET /api/v1/tasks?owner_unit_id=ID&per_page=50  (a unit's list; ≥ 3,000)
#       GET /api/v1/tasks?mine=true                 ("my tasks", page of 20; ≥ 3,000)
#       GET /api/v1/tasks?mine=true&overdue=true    ("my overdue tasks"; no target)
#       GET /api/v1/tasks?per_page=50               ("the task page": the township's
#                                   whole scope, 50 per page; ≥ 8,000 req/s)
#     with VmRSS/VmHWM and CPU time of the server (and, on PostgreSQL, of its
#     backends) for each run; p99 target 30 ms (20 ms for the task page).
#  5. SQLite only, unless BENCH_PEER=0: the Node.js peer (bench/peers/
#     tasks_peer.js: fastify + better-sqlite3, the same SQL, node:cluster with
#     2 workers = Lantian's 2 I/O threads) on the same database, read-only;
#     BENCH_ROUNDS (3) alternating rounds of BENCH_ROUND_DURATION (10s) of the
#     task page against Lantian and against the peer, and the ratio of their
#     median req/s. Needs `node` and bench/peers/node_modules (`make bench`
#     runs `npm ci` there).
#  6. The plans of the list queries (EXPLAIN QUERY PLAN through the sqlite3
#     CLI, if installed).
#
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1, BENCH_TASKS (100000),
# BENCH_CONNECTIONS (64), BENCH_PEER=0, BENCH_ROUNDS, BENCH_ROUND_DURATION,
# BENCH_TASKS_PG=1.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_tasks.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=${LANTIAN_BENCH_TASKS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_tasks_seed}
DURATION=${BENCH_DURATION:-15s}
TASKS=${BENCH_TASKS:-100000}
CONNS=${BENCH_CONNECTIONS:-64}
PG=${BENCH_TASKS_PG:-0}
ROUNDS=${BENCH_ROUNDS:-3}
ROUND_DURATION=${BENCH_ROUND_DURATION:-10s}
ADMIN_PW='Bench#Admin-2026'
PG_CLUSTER="$HERE/../tests/support/pg_cluster.sh"

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_tools wrk curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench-tasks.XXXXXX)
chmod 755 "$TMP"  # the postgres user needs to reach $TMP/pg
SERVER_PID=""
PEER_PID=""
CLUSTER_UP=0
cleanup() {
  set +e
  [ -n "$PEER_PID" ] && stop_pid "$PEER_PID"
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
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START
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

log "seeding 1000 units / 10000 users / $TASKS tasks into $BACKEND"
"$SEED" --db "$DB" --tasks "$TASKS" --admin-password "$ADMIN_PW" >"$TMP/seed.out"
cat "$TMP/seed.out" >&2
value() { sed -n "s/^$1=//p" "$TMP/seed.out"; }
HEAVY_USER=$(value HEAVY_USER)
HEAVY_TASKS=$(value HEAVY_USER_TASKS)
HEAVY_OVERDUE=$(value HEAVY_USER_OVERDUE)
OFFICE_USER=$(value OFFICE_USER)
OVERDUE=$(value OVERDUE)
UNIT=$(value UNIT_ID)
UNIT_TASKS=$(value UNIT_TASKS)
USER_PW=$(value USER_PASSWORD)
SEEDED=$(head -1 "$TMP/seed.out")

start_lantian "$DB" "$TMP/server.out" "$TMP/server.log" --log-level warn
SERVER_PID=$STARTED_PID
LANTIAN_PID=$SERVER_PID
LANTIAN_BASE="http://127.0.0.1:$STARTED_PORT"
BASE=$LANTIAN_BASE
RSS_IDLE=$(mib VmRSS "$SERVER_PID")
TOKEN=$(login_token "$BASE" "$HEAVY_USER" "$USER_PW")
OFFICE_TOKEN=$(login_token "$BASE" "$OFFICE_USER" "$USER_PW")
AUTH=(-H "Authorization: Bearer $TOKEN")
OFFICE_AUTH=(-H "Authorization: Bearer $OFFICE_TOKEN")

OVERDUE_PATH="/api/v1/tasks?overdue=true&per_page=25"
UNIT_PATH="/api/v1/tasks?owner_unit_id=$UNIT&per_page=50"
MINE_PATH="/api/v1/tasks?mine=true"
MY_OVERDUE_PATH="/api/v1/tasks?mine=true&overdue=true"
PAGE_PATH="/api/v1/tasks?per_page=50"

# check NAME PATH AUTH...: GET answers 200 with tasks; sets TOTAL and BYTES.
check() {
  local name=$1 path=$2 body items
  shift 2
  body=$(curl -sf "$@" "$BASE$path") || { log "GET $path failed"; exit 1; }
  TOTAL=$(printf '%s' "$body" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  items=$(printf '%s' "$body" | grep -o '"owner_unit_id":' | wc -l)
  BYTES=$(printf '%s' "$body" | wc -c)
  log "$name: GET $path: total $TOTAL, $items items, $BYTES bytes"
  [ "$items" -gt 0 ] || { log "GET $path returned no tasks"; exit 1; }
}

ROWS=()
[ "$PG" = 1 ] && ROWS_PG=()
# run NAME TARGET_RPS P99_MS PATH AUTH...: bench_run at $CONNS connections;
# on PostgreSQL also the backends' CPU per request.
run() {
  local name=$1 target=$2 p99=$3 path=$4 g0 g1 pgp
  shift 4
  read -ra pgp <<<"$(pg_pids)"
  g0=$(ticks "${pgp[@]}")
  P99_TARGET=$p99 bench_run "$name" "$target" 2 "$CONNS" "$path" "$@"
  read -ra pgp <<<"$(pg_pids)"
  g1=$(ticks "${pgp[@]}")
  if [ "$PG" = 1 ]; then
    ROWS_PG+=("| $name | $(awk -v t=$((g1 - g0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }') |")
  fi
}

check overdue "$OVERDUE_PATH" "${OFFICE_AUTH[@]}"
run "district overdue list, campaign office ($TOTAL of $TASKS; page of 25, $BYTES B)" 3000 30 "$OVERDUE_PATH" "${OFFICE_AUTH[@]}"
check unit "$UNIT_PATH" "${AUTH[@]}"
run "unit $UNIT's tasks ($TOTAL; page of 50, $BYTES B)" 3000 30 "$UNIT_PATH" "${AUTH[@]}"
check mine "$MINE_PATH" "${AUTH[@]}"
run "my tasks ($TOTAL; page of 20, $BYTES B)" 3000 30 "$MINE_PATH" "${AUTH[@]}"
check my-overdue "$MY_OVERDUE_PATH" "${AUTH[@]}"
run "my overdue tasks ($TOTAL; page of 20, $BYTES B)" 0 30 "$MY_OVERDUE_PATH" "${AUTH[@]}"
check page "$PAGE_PATH" "${AUTH[@]}"
PAGE_TOTAL=$TOTAL
PAGE_FIRST=$(curl -sf "${AUTH[@]}" "$BASE$PAGE_PATH" | grep -o '"id":[0-9]*' | head -1)
PAGE_NAME="the task page, township scope ($TOTAL; page of 50, $BYTES B)"
run "$PAGE_NAME" 8000 20 "$PAGE_PATH" "${AUTH[@]}"

# The Node.js peer: the same task page with the same SQL, alternating rounds.
PEER_ROWS=()
RATIO=""
PEER_NOTE=""
if [ "$PG" = 0 ] && [ "${BENCH_PEER:-1}" = 1 ]; then
  if ! command -v node >/dev/null || [ ! -d "$HERE/peers/node_modules/better-sqlite3" ]; then
    PEER_NOTE="Peer skipped: needs node and bench/peers/node_modules (cd bench/peers && npm ci)."
    log "$PEER_NOTE"
  else
    node "$HERE/peers/tasks_peer.js" --db "$DB" --port 0 --workers 2 >"$TMP/peer.out" 2>"$TMP/peer.err" &
    PEER_PID=$!
    PEER_PORT=""
    for _ in $(seq 1 100); do
      PEER_PORT=$(sed -n 's|^peer listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/peer.out" 2>/dev/null || true)
      [ -n "$PEER_PORT" ] && break
      kill -0 "$PEER_PID" 2>/dev/null || break
      sleep 0.1
    done
    [ -n "$PEER_PORT" ] || { cat "$TMP/peer.err" >&2; log "the peer did not start"; exit 1; }
    PEER_BASE="http://127.0.0.1:$PEER_PORT"
    # The same answer: total and first task as Lantian's.
    body=$(curl -sf "${AUTH[@]}" "$PEER_BASE$PAGE_PATH") || { log "peer: GET $PAGE_PATH failed"; exit 1; }
    peer_total=$(printf '%s' "$body" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
    peer_first=$(printf '%s' "$body" | grep -o '"id":[0-9]*' | head -1)
    peer_bytes=$(printf '%s' "$body" | wc -c)
    log "peer: total $peer_total, first $peer_first, $peer_bytes bytes (Lantian: $PAGE_TOTAL, $PAGE_FIRST)"
    [ "$peer_total" = "$PAGE_TOTAL" ] && [ "$peer_first" = "$PAGE_FIRST" ] || { log "the peer's page differs"; exit 1; }
    # shellcheck disable=SC2046
    PEER_PIDS="$PEER_PID $(pgrep -P "$PEER_PID" | tr '\n' ' ')"
    LANTIAN_RPS=()
    PEER_RPS=()
    SAVED_DURATION=$DURATION
    DURATION=$ROUND_DURATION
    for r in $(seq 1 "$ROUNDS"); do
      BASE=$LANTIAN_BASE
      SERVER_PID=$LANTIAN_PID
      SERVER_PIDS=""
      P99_TARGET=20 bench_run "round $r: Lantian, task page" 0 2 "$CONNS" "$PAGE_PATH" "${AUTH[@]}"
      LANTIAN_RPS+=("$RPS")
      PEER_ROWS+=("${ROWS[-1]}")
      unset 'ROWS[-1]'
      BASE=$PEER_BASE
      SERVER_PID=$PEER_PID
      SERVER_PIDS=$PEER_PIDS
      P99_TARGET=20 bench_run "round $r: Node.js peer ($peer_bytes B), task page" 0 2 "$CONNS" "$PAGE_PATH" "${AUTH[@]}"
      PEER_RPS+=("$RPS")
      PEER_ROWS+=("${ROWS[-1]}")
      unset 'ROWS[-1]'
    done
    SERVER_PIDS=""
    SERVER_PID=$LANTIAN_PID
    BASE=$LANTIAN_BASE
    DURATION=$SAVED_DURATION
    median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
    LM=$(median "${LANTIAN_RPS[@]}")
    PM=$(median "${PEER_RPS[@]}")
    RATIO=$(awk -v a="$LM" -v b="$PM" 'BEGIN { printf "%.2f", a / b }')
    stop_pid "$PEER_PID"
    PEER_PID=""
  fi
fi
stop_pid "$SERVER_PID"

# The query plans behind the lists, as the server runs them
# (src/store/tasks_repo.cpp list(): ids first, then the rows).
PLANS=""
if [ "$PG" = 0 ] && command -v sqlite3 >/dev/null; then
  USER_ROW=$(sqlite3 "$DB" "SELECT u.id, n.id FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = '$HEAVY_USER'")
  UID_=${USER_ROW%%|*} SCOPE_UNIT=${USER_ROW#*|}
  TODAY=$(TZ=Asia/Shanghai date +%F)
  OPEN="('not_started', 'in_progress', 'returned')"
  for q in "SELECT t.id AS id, t.deadline AS k FROM tasks t WHERE t.status IN $OPEN AND t.deadline < '$TODAY' ORDER BY t.deadline ASC, t.id ASC LIMIT 25 OFFSET 0" \
    "SELECT s.task_id AS id, s.deadline AS k FROM task_scopes s WHERE s.unit_id = $SCOPE_UNIT ORDER BY s.deadline ASC, s.task_id ASC LIMIT 50 OFFSET 0" \
    "SELECT t.id AS id, t.deadline AS k FROM tasks t WHERE t.owner_unit_id = $UNIT ORDER BY t.deadline ASC, t.id ASC LIMIT 50 OFFSET 0" \
    "SELECT t.id AS id, t.deadline AS k FROM tasks t WHERE t.responsible_user_id = $UID_ ORDER BY t.deadline ASC, t.id ASC LIMIT 20 OFFSET 0"; do
    PLANS+="$q"$'\n'"$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $q")"$'\n\n'
  done
fi

cat <<EOF

## Task lists on $BACKEND ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), duration $DURATION per run, wrk on the same machine.
Data: $SEEDED
Campaign office account $OFFICE_USER (district-wide; $OVERDUE overdue tasks). User $HEAVY_USER (responsible for $HEAVY_TASKS tasks, $HEAVY_OVERDUE overdue; scope: their township's subtree); unit $UNIT owns $UNIT_TASKS tasks.
Server RSS $RSS_IDLE MiB idle after start. Targets: ≥ 3,000 req/s and p99 ≤ 30 ms for the first three lists, ≥ 8,000 req/s and p99 ≤ 20 ms for the task page (RSS ≤ 64 MiB).

| run | wrk threads/conns | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | non-2xx | vs targets |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
if [ "$PG" = 1 ]; then
  printf '\nPostgreSQL (postmaster and backends) CPU per request:\n\n| run | PostgreSQL CPU µs/req |\n|---|---|\n'
  printf '%s\n' "${ROWS_PG[@]}"
fi
if [ ${#PEER_ROWS[@]} -gt 0 ]; then
  printf '\nThe task page against the Node.js peer (bench/peers/tasks_peer.js, 2 worker processes, same database and SQL), alternating rounds of %s (the peer'"'"'s CPU is its primary and workers; its RSS column is the primary'"'"'s):\n\n' "$ROUND_DURATION"
  printf '| run | wrk threads/conns | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | non-2xx | vs targets |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  printf '%s\n' "${PEER_ROWS[@]}"
  printf '\n**Ratio Lantian / peer (median req/s of %s rounds): %s** (Lantian %s, peer %s req/s; target ≥ 2).\n' "$ROUNDS" "$RATIO" "$LM" "$PM"
fi
[ -n "$PEER_NOTE" ] && printf '\n%s\n' "$PEER_NOTE"
if [ -n "$PLANS" ]; then
  printf '\nQuery plans of the pages'"'"' ids (sqlite3 EXPLAIN QUERY PLAN; totals come from the count cache):\n\n```\n%s```\n' "$PLANS"
fi
