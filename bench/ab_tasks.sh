#!/usr/bin/env bash
# A/B of two lantian binaries on the task-list benchmark data: alternating wrk
# rounds against two servers, so that both see the same machine load. A
# benchmark, not a test: it asserts nothing but that both answer the same
# bytes, and prints a Markdown table.
#
#   bench/ab_tasks.sh OLD/lantian NEW/lantian BENCH_DB
#
# BENCH_DB is a database made by lantian_bench_tasks_seed (bench/run_tasks.sh
# with BENCH_KEEP=1 keeps one; the seeder's defaults: user hechenlan04351,
# unit 432). Each server gets its own copy. Before measuring, the script
# checks that both answer byte-identical bodies for the task page, a task,
# a task's tree, the user page and the unit page.
#
# Environment: BENCH_DURATION (10s), BENCH_ROUNDS (3), BENCH_CONNS ("64 16"),
# BENCH_PATH (default: the unit's task page), BENCH_USER, BENCH_USER_PASSWORD.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: bench/ab_tasks.sh OLD/lantian NEW/lantian BENCH_DB" >&2
  exit 2
fi
OLD=$(realpath "$1")
NEW=$(realpath "$2")
SRC_DB=$(realpath "$3")
DURATION=${BENCH_DURATION:-10s}
ROUNDS=${BENCH_ROUNDS:-3}
CONNS=${BENCH_CONNS:-64 16}
USER_NAME=${BENCH_USER:-hechenlan04351}
USER_PW=${BENCH_USER_PASSWORD:-Bench#User-2026}
PATH_=${BENCH_PATH:-/api/v1/tasks?owner_unit_id=432&per_page=50}

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"
require_tools wrk curl cmp

TMP=$(mktemp -d /tmp/lantian-bench-ab.XXXXXX)
cleanup() {
  stop_started
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START

declare -A PID PORT TOKEN
for side in old new; do
  cp "$SRC_DB" "$TMP/$side.db"
  if [ "$side" = old ]; then LANTIAN=$OLD; else LANTIAN=$NEW; fi
  start_lantian "$TMP/$side.db" "$TMP/$side.out" "$TMP/$side.err" --log-level warn
  PID[$side]=$STARTED_PID
  PORT[$side]=$STARTED_PORT
  TOKEN[$side]=$(login_token "http://127.0.0.1:$STARTED_PORT" "$USER_NAME" "$USER_PW")
done

# The same bytes from both (ids from the new side's task page).
first_id=$(curl -sf -H "authorization: Bearer ${TOKEN[new]}" "http://127.0.0.1:${PORT[new]}$PATH_" |
  grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
for p in "$PATH_" "/api/v1/tasks/$first_id" "/api/v1/tasks/$first_id/tree" \
  "/api/v1/tasks?mine=true&overdue=true" "/api/v1/users?per_page=50" "/api/v1/units?per_page=50"; do
  for side in old new; do
    curl -s -H "authorization: Bearer ${TOKEN[$side]}" "http://127.0.0.1:${PORT[$side]}$p" >"$TMP/body.$side"
  done
  if cmp -s "$TMP/body.old" "$TMP/body.new"; then
    log "same body from both: $p ($(wc -c <"$TMP/body.new") bytes)"
  else
    log "DIFFERENT bodies for $p"
    cmp "$TMP/body.old" "$TMP/body.new" >&2 || true
    exit 1
  fi
done

ROWS=()
for round in $(seq 1 "$ROUNDS"); do
  for c in $CONNS; do
    for side in old new; do
      SERVER_PID=${PID[$side]}
      BASE="http://127.0.0.1:${PORT[$side]}"
      bench_run "$side (round $round)" 0 2 "$c" "$PATH_" -H "authorization: Bearer ${TOKEN[$side]}"
    done
  done
done

echo "A/B: old = $OLD, new = $NEW; GET $PATH_ as $USER_NAME; wrk -d$DURATION, $ROUNDS rounds"
echo
echo "| binary | wrk t/c | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | errors | |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
