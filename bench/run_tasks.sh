#!/usr/bin/env bash
# Lantian task-list benchmark: 100,000 tasks in 1,000 units. A benchmark, not
# a test: it asserts nothing and prints a Markdown table for
# docs/benchmarks.md ("Task lists").
#
#   bench/run_tasks.sh PATH/TO/lantian
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. lantian_bench_tasks_seed (BUILD/bench/lantian_bench_tasks_seed or
#     $LANTIAN_BENCH_TASKS_SEED) creates the district of bench/run.sh (1,000
#     units / 10,000 users + admin) and a campaign running from 90 days ago to
#     90 days ahead with 100,000 tasks (see bench/tasks_seed.cpp). It names
#     the user responsible for the most tasks and a village below them.
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only.
#  3. Logs in as that user (bearer token) and checks both requests answer 200.
#  4. wrk --latency, 2 threads, 64 and 16 connections, on
#       GET /api/v1/tasks?mine=true&overdue=true        ("my overdue tasks")
#       GET /api/v1/tasks?owner_unit_id=ID&per_page=50  (a unit's task list)
#     with VmRSS/VmHWM and CPU time of the server for each run.
#  5. Prints the SQLite query plans of the two list queries (EXPLAIN QUERY
#     PLAN through the sqlite3 CLI, if installed), to show which index is used.
#
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1, BENCH_TASKS (100000),
# BENCH_TASKS_BASELINE=1 (serve with the task indexes of migration 0004 only,
# to measure what 0005_task_indexes.sql changed; needs the sqlite3 CLI).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_tasks.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
SEED=${LANTIAN_BENCH_TASKS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_tasks_seed}
DURATION=${BENCH_DURATION:-15s}
TASKS=${BENCH_TASKS:-100000}
ADMIN_PW='Bench#Admin-2026'

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
require_tools wrk curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench-tasks.XXXXXX)
SERVER_PID=""
cleanup() {
  stop_started
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

log "seeding 1000 units / 10000 users / $TASKS tasks"
"$SEED" --db "$DB" --tasks "$TASKS" --admin-password "$ADMIN_PW" >"$TMP/seed.out"
cat "$TMP/seed.out" >&2
value() { sed -n "s/^$1=//p" "$TMP/seed.out"; }
HEAVY_USER=$(value HEAVY_USER)
HEAVY_TASKS=$(value HEAVY_USER_TASKS)
HEAVY_OVERDUE=$(value HEAVY_USER_OVERDUE)
UNIT=$(value UNIT_ID)
UNIT_TASKS=$(value UNIT_TASKS)
USER_PW=$(value USER_PASSWORD)
SEEDED=$(head -1 "$TMP/seed.out")
INDEXES="indexes of migration 0005 (src/store/sql/sqlite/0005_task_indexes.sql)"
if [ "${BENCH_TASKS_BASELINE:-0}" = 1 ]; then
  # What 0005 changed: put back the 0004 index and drop the new one.
  require_tools sqlite3
  sqlite3 "$DB" "DROP INDEX tasks_responsible_due; DROP INDEX tasks_responsible;
    CREATE INDEX tasks_responsible ON tasks (responsible_user_id, status, deadline);"
  INDEXES="BASELINE: the indexes of 0004 only (BENCH_TASKS_BASELINE=1)"
fi

start_lantian "$DB" "$TMP/server.out" "$TMP/server.log" --log-level warn
SERVER_PID=$STARTED_PID
BASE="http://127.0.0.1:$STARTED_PORT"
RSS_IDLE=$(mib VmRSS "$SERVER_PID")
TOKEN=$(login_token "$BASE" "$HEAVY_USER" "$USER_PW")
AUTH=(-H "Authorization: Bearer $TOKEN")

MINE_PATH="/api/v1/tasks?mine=true&overdue=true"
UNIT_PATH="/api/v1/tasks?owner_unit_id=$UNIT&per_page=50"
for p in "$MINE_PATH" "$UNIT_PATH"; do
  body=$(curl -sf "${AUTH[@]}" "$BASE$p") || { log "GET $p failed"; exit 1; }
  total=$(printf '%s' "$body" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2)
  items=$(printf '%s' "$body" | grep -o '"owner_unit_id":' | wc -l)
  log "GET $p: total $total, $items items, $(printf '%s' "$body" | wc -c) bytes"
  [ "$items" -gt 0 ] || { log "GET $p returned no tasks"; exit 1; }
done
MINE_BYTES=$(curl -sf "${AUTH[@]}" "$BASE$MINE_PATH" | wc -c)
UNIT_BYTES=$(curl -sf "${AUTH[@]}" "$BASE$UNIT_PATH" | wc -c)

ROWS=()
MINE_NAME="my overdue tasks ($HEAVY_OVERDUE of $HEAVY_TASKS; page of 20, $MINE_BYTES B)"
UNIT_NAME="unit $UNIT's tasks ($UNIT_TASKS; page of 50, $UNIT_BYTES B)"
bench_run "$MINE_NAME" p99 2 64 "$MINE_PATH" "${AUTH[@]}"
bench_run "$MINE_NAME" p99 2 16 "$MINE_PATH" "${AUTH[@]}"
bench_run "$UNIT_NAME" p99 2 64 "$UNIT_PATH" "${AUTH[@]}"
bench_run "$UNIT_NAME" p99 2 16 "$UNIT_PATH" "${AUTH[@]}"
stop_pid "$SERVER_PID"

# The query plans behind the two requests, as the server runs them (the SQL
# of src/store/tasks_repo.cpp list() with the user's scope filter).
PLANS=""
if command -v sqlite3 >/dev/null; then
  USER_ROW=$(sqlite3 "$DB" "SELECT u.id, n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.username = '$HEAVY_USER'")
  UID_=${USER_ROW%%|*} SCOPE=${USER_ROW#*|}
  HI="${SCOPE%/}0"  # path_upper: the next string after every path under SCOPE
  TODAY=$(TZ=Asia/Shanghai date +%F)
  SCOPE_SQL="((t.owner_unit_path >= '$SCOPE' AND t.owner_unit_path < '$HI') OR (t.lead_unit_path >= '$SCOPE' AND t.lead_unit_path < '$HI') OR EXISTS (SELECT 1 FROM task_cooperating_units cu JOIN units cun ON cun.id = cu.unit_id WHERE cu.task_id = t.id AND cun.path >= '$SCOPE' AND cun.path < '$HI'))"
  MINE_WHERE="$SCOPE_SQL AND t.responsible_user_id = $UID_ AND t.status IN ('not_started', 'in_progress', 'returned') AND t.deadline < '$TODAY'"
  UNIT_WHERE="$SCOPE_SQL AND t.owner_unit_id = $UNIT"
  JOINS="FROM tasks t JOIN units o ON o.id = t.owner_unit_id JOIN units l ON l.id = t.lead_unit_id LEFT JOIN work_areas a ON a.id = t.work_area_id"
  for q in "SELECT COUNT(*) FROM tasks t WHERE $MINE_WHERE" \
    "SELECT t.id $JOINS WHERE $MINE_WHERE ORDER BY t.deadline ASC, t.id ASC LIMIT 20" \
    "SELECT COUNT(*) FROM tasks t WHERE $UNIT_WHERE" \
    "SELECT t.id $JOINS WHERE $UNIT_WHERE ORDER BY t.deadline ASC, t.id ASC LIMIT 50"; do
    PLANS+="${q%% WHERE*} WHERE …"$'\n'"$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $q")"$'\n\n'
  done
fi

cat <<EOF

## Task lists ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), duration $DURATION per run, wrk on the same machine.
Data: $SEEDED
Indexes: $INDEXES.
As user $HEAVY_USER (responsible for $HEAVY_TASKS tasks, $HEAVY_OVERDUE overdue; scope: their township's subtree); unit $UNIT owns $UNIT_TASKS tasks.
Server RSS $RSS_IDLE MiB idle after start. Target: p99 ≤ 20 ms (RSS ≤ 64 MiB).

| run | wrk threads/conns | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | non-2xx | vs targets |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
if [ -n "$PLANS" ]; then
  printf '\nQuery plans (sqlite3 EXPLAIN QUERY PLAN):\n\n```\n%s```\n' "$PLANS"
fi
