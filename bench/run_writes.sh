#!/usr/bin/env bash
# Lantian write benchmark (part of `make bench`): 8 clients writing through the
# API on SQLite. A benchmark, not a test: it asserts nothing and prints a
# Markdown table for docs/benchmarks.md ("groupcommit").
#
#   bench/run_writes.sh PATH/TO/lantian [PATH/TO/OLD/lantian]
#
# With a second binary the two are measured in alternating rounds of the same
# run (old, new, old, new, ...), so both see the same machine load.
#
# Each round, for each binary, in a temp dir (removed on exit unless
# BENCH_KEEP=1):
#  1. A fresh copy of one demo database (`lantian init --demo`, made once).
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only, once with
#     the default I/O threads (one per core) and once with --threads 8 (a
#     handler blocks its I/O thread until its commit is on disk, so the I/O
#     threads bound how many writes can queue up to share a commit).
#     BENCH_WRITES_THREADS="default 8" is the list (default = no --threads).
#  3. As admin (bearer token): 8 tasks owned and led by the admin's unit, each
#     with a progress report and completed, for the transition run.
#  4. wrk -t8 -c8 (one connection per wrk thread) for BENCH_DURATION each:
#       creates:     POST /api/v1/tasks, a new top-level task per request,
#                    round-robin over the campaign's 15 work areas
#                    (bench/writes_create.lua)
#       transitions: POST /api/v1/tasks/ID/actions/{return,complete}, each
#                    client moving its own task back and forth
#                    (bench/writes_transition.lua)
#     with the server's CPU (from /proc) and, where /metrics has it, the
#     writes per commit (lantian_db_writes_total / lantian_db_write_commits_total).
#
# Targets (issue 10): 8 clients, SQLite, 0 errors, durability unchanged
# (synchronous=FULL: answered after the commit is on disk):
# >= 1,650 creates/s and >= 1,450 transitions/s.
#
# Environment: BENCH_DURATION (default 15s), BENCH_ROUNDS (default 2),
# BENCH_WRITES_THREADS (default "default 8"), BENCH_KEEP=1.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/run_writes.sh PATH/TO/lantian [PATH/TO/OLD/lantian]" >&2
  exit 2
fi
NEW=$(realpath "$1")
OLD=""
[ $# -eq 2 ] && OLD=$(realpath "$2")
HERE=$(cd "$(dirname "$0")" && pwd)
DURATION=${BENCH_DURATION:-15s}
ROUNDS=${BENCH_ROUNDS:-2}
ADMIN_PW='Bench#Admin-2026'
CLIENTS=8
CREATE_TARGET=1650
TRANSITION_TARGET=1450

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_tools wrk curl
for b in "$NEW" $OLD; do [ -x "$b" ] || { log "$b is not executable (run make build)"; exit 1; }; done

TMP=$(mktemp -d /tmp/lantian-bench-writes.XXXXXX)
cleanup() {
  stop_started
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START

log "creating the demo database"
LANTIAN=$NEW
"$LANTIAN" --db "$TMP/pristine.db" init --demo --admin-password "$ADMIN_PW" \
  --logins-file "$TMP/logins.txt" >"$TMP/init.out" 2>&1 || { cat "$TMP/init.out" >&2; exit 1; }
CAMPAIGN=1
read -r -a THREAD_SETS <<<"${BENCH_WRITES_THREADS:-default 8}"

# json_field NAME: the first numeric "NAME":N of stdin.
json_field() { grep -o "\"$1\":[0-9]*" | head -1 | cut -d: -f2; }
# metric NAME: a gauge from /metrics (empty if the binary has none).
metric() { curl -sf "$BASE/metrics" | awk -v m="$1" '$1 == m { printf "%.0f", $2 }'; }

# transition_tasks: prints 8 task ids, each completed (with a report) and
# owned and led by the admin's unit, so the admin may return and complete it.
transition_tasks() {
  local unit id v i ids=()
  unit=$(curl -sf "${AUTH[@]}" "$BASE/api/v1/auth/me" | json_field unit_id)
  for i in $(seq 1 $CLIENTS); do
    id=$(curl -sf "${AUTH[@]}" "${JSON[@]}" -d "{\"campaign_id\":$CAMPAIGN,\"title\":\"bench transition $i\",\"owner_unit_id\":$unit,\"lead_unit_id\":$unit,\"deadline\":\"2030-06-30\"}" \
      "$BASE/api/v1/tasks" | json_field id)
    [ -n "$id" ] || { log "creating a task failed"; exit 1; }
    curl -sf "${AUTH[@]}" "${JSON[@]}" -d '{"narrative":"bench","percent":50}' "$BASE/api/v1/tasks/$id/reports" >/dev/null
    v=$(curl -sf "${AUTH[@]}" "$BASE/api/v1/tasks/$id" | json_field version)
    curl -sf "${AUTH[@]}" "${JSON[@]}" -d "{\"version\":$v}" "$BASE/api/v1/tasks/$id/actions/complete" >/dev/null ||
      { log "completing task $id failed"; exit 1; }
    ids+=("$id")
  done
  echo "${ids[@]}"
}

# one_run LABEL NAME TARGET SCRIPT ARGS...: wrk with the Lua script; appends a row.
one_run() {
  local label=$1 name=$2 target=$3 script=$4
  shift 4
  local out="$TMP/wrk-${label// /_}-$name-$ROUND.txt" load s0 s1 w0 c0 w1 c1 secs scpu cores batch verdict
  load=$(cut -d' ' -f1 /proc/loadavg)
  w0=$(metric lantian_db_writes_total)
  c0=$(metric lantian_db_write_commits_total)
  s0=$(ticks "$SERVER_PID")
  wrk -t$CLIENTS -c$CLIENTS -d"$DURATION" --latency -s "$HERE/$script" "$BASE" -- "$@" >"$out"
  s1=$(ticks "$SERVER_PID")
  w1=$(metric lantian_db_writes_total)
  c1=$(metric lantian_db_write_commits_total)
  wrk_stats "$out"
  secs=$(awk '/requests in/ { sub(/s,$/, "", $4); print $4 + 0 }' "$out")
  scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  cores=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v s="$secs" 'BEGIN { printf "%.2f", t / hz / s }')
  batch="—"
  if [ -n "$c0" ] && [ -n "$c1" ] && [ "$c1" -gt "$c0" ]; then
    batch=$(awk -v w=$((w1 - w0)) -v c=$((c1 - c0)) 'BEGIN { printf "%.2f", w / c }')
  fi
  verdict=$(awk -v r="$RPS" -v t="$target" -v e="${NON2XX:-0}" -v s="${SOCKERR:-}" 'BEGIN {
    m = "";
    if (r < t) m = m sprintf(" %.0f%% of %d req/s;", 100 * r / t, t);
    if (e > 0 || s != "") m = m " errors;";
    if (m == "") print "meets"; else print "MISS:" m }')
  log "$label $name: $RPS req/s, p99 $P99 ms, non-2xx ${NON2XX:-0}, server ${cores} cores, $scpu µs/req, batch $batch"
  ROWS+=("| $ROUND | $label | $name | $RPS | $P50 | $P99 | ${NON2XX:-0}${SOCKERR:+; socket errors: $SOCKERR} | $cores | $scpu | $batch | $load | $verdict |")
}

ROWS=()
LABELS=(new)
BINARIES=("$NEW")
if [ -n "$OLD" ]; then LABELS=(old new); BINARIES=("$OLD" "$NEW"); fi
for ROUND in $(seq 1 "$ROUNDS"); do
  for threads in "${THREAD_SETS[@]}"; do
    THREAD_ARGS=()
    [ "$threads" != default ] && THREAD_ARGS=(--threads "$threads")
    for i in "${!BINARIES[@]}"; do
      LANTIAN=${BINARIES[$i]}
      label="${LABELS[$i]}${THREAD_ARGS[*]:+ ${THREAD_ARGS[*]}}"
      DB="$TMP/round.db"
      rm -f "$DB" "$DB-wal" "$DB-shm"
      cp "$TMP/pristine.db" "$DB"
      tag="${LABELS[$i]}-$threads-$ROUND"
      start_lantian "$DB" "$TMP/server-$tag.out" "$TMP/server-$tag.log" --log-level warn "${THREAD_ARGS[@]}"
      SERVER_PID=$STARTED_PID
      BASE="http://127.0.0.1:$STARTED_PORT"
      TOKEN=$(login_token "$BASE" admin "$ADMIN_PW")
      AUTH=(-H "Authorization: Bearer $TOKEN")
      JSON=(-H 'content-type: application/json')
      read -r -a TASKS <<<"$(transition_tasks)"
      [ ${#TASKS[@]} -eq $CLIENTS ] || { log "could not set up the transition tasks"; exit 1; }
      UNIT=$(curl -sf "${AUTH[@]}" "$BASE/api/v1/auth/me" | json_field unit_id)
      read -r -a AREAS <<<"$(curl -sf "${AUTH[@]}" "$BASE/api/v1/campaigns/$CAMPAIGN" |
        grep -o "{\"id\":[0-9]*,\"campaign_id\":$CAMPAIGN," | cut -d: -f2 | cut -d, -f1 | tr '\n' ' ')"
      one_run "$label" creates "$CREATE_TARGET" writes_create.lua "$TOKEN" "$CAMPAIGN" "$UNIT" "${AREAS[@]}"
      one_run "$label" transitions "$TRANSITION_TARGET" writes_transition.lua "$TOKEN" "${TASKS[@]}"
      stop_pid "$SERVER_PID"
    done
  done
done

SYNC=$(grep -o 'PRAGMA synchronous=[A-Z]*' "$HERE/../src/store/sqlite_db.cpp" 2>/dev/null | head -1 || true)
cat <<EOF

## Writes ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

new: $NEW ($("$NEW" --version | awk '{ print $2 }'))${OLD:+; old: $OLD ($("$OLD" --version | awk '{ print $2 }'))}
$(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), wrk -t$CLIENTS -c$CLIENTS, $DURATION per run, wrk on the same machine; server I/O threads: default = one per core, or --threads as shown.
Demo database (lantian init --demo), a fresh copy per round and binary; SQLite, ${SYNC:-synchronous as configured}.
Targets: ≥ $CREATE_TARGET creates/s and ≥ $TRANSITION_TARGET transitions/s, 0 errors. "batch" = writes per commit.

| round | binary | run | req/s | p50 ms | p99 ms | non-2xx | server cores | server CPU µs/req | batch | load | vs targets |
|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
