#!/usr/bin/env bash
# Lantian login-storm benchmark (issue 10, "offload"): /healthz and a task
# list page at 16 connections while 50 logins/s run. Logins hash with argon2id
# (tens of ms of CPU each); they must not stall the other requests: target
# p99 <= 10 ms. A benchmark, not a test: it asserts nothing and prints a
# Markdown table for docs/benchmarks.md. bench/run.sh (`make bench`) runs it
# at its end; it also runs alone:
#
#   bench/run_storm.sh PATH/TO/lantian
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. lantian_bench_tasks_seed (BUILD/bench/, or $LANTIAN_BENCH_TASKS_SEED):
#     the benchmark district with BENCH_STORM_TASKS tasks (default 100,000).
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only.
#  3. wrk -t2 -c16 --latency on /healthz, then on a unit's task page (page of
#     50, as the seed's heavy user), each without and then with
#     bench/login_driver.py sending BENCH_STORM_RATE (50) admin logins/s at a
#     fixed rate (open loop, 256 sender threads) beside it.
#  4. With BENCH_STORM_BASE=PATH/TO/other/lantian: two rounds, alternating the
#     two binaries (A/B on a shared machine).
#
# Environment: BENCH_DURATION (default 15s, whole seconds), BENCH_KEEP=1,
# BENCH_STORM_TASKS, BENCH_STORM_RATE, BENCH_STORM_BASE.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_storm.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
BASE_BIN=""
[ -n "${BENCH_STORM_BASE:-}" ] && BASE_BIN=$(realpath "$BENCH_STORM_BASE")
SEED=${LANTIAN_BENCH_TASKS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_tasks_seed}
DURATION=${BENCH_DURATION:-15s}
TASKS=${BENCH_STORM_TASKS:-100000}
RATE=${BENCH_STORM_RATE:-50}
ADMIN_PW='Bench#Admin-2026'
BENCH_DIR=$(cd "$(dirname "$0")" && pwd)

# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
require_tools wrk curl python3
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-storm.XXXXXX)
SERVER_PID=""
cleanup() {
  stop_pid "$SERVER_PID"
  stop_started
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    echo "bench: kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server reads ./lantian.toml and LANTIAN_* variables: keep both out.
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START
DB="$TMP/storm.db"
log "seeding the district with $TASKS tasks"
"$SEED" --db "$DB" --tasks "$TASKS" --admin-password "$ADMIN_PW" >"$TMP/seed.out"
value() { sed -n "s/^$1=//p" "$TMP/seed.out"; }
USER_NAME=$(value HEAVY_USER)
UNIT=$(value UNIT_ID)
USER_PW=$(value USER_PASSWORD)
TASK_PATH="/api/v1/tasks?owner_unit_id=$UNIT&per_page=50"
DRIVER_SECONDS=$((${DURATION%s} + 1))

ROWS=()
# storm_run LABEL NAME RATE PATH [wrk args...]: wrk -t2 -c16 on PATH while the
# driver sends RATE logins/s (0 = none); one row in ROWS.
storm_run() {
  local label=$1 name=$2 rate=$3 path=$4
  shift 4
  local out drv="" dpid="" load s0 s1
  out="$TMP/wrk-$(echo "$label $name $rate" | tr -c 'a-zA-Z0-9' '_').txt"
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$rate" != 0 ]; then
    printf '%s\n' "$ADMIN_PW" | python3 "$BENCH_DIR/login_driver.py" "$BASE" "$rate" "$DRIVER_SECONDS" admin \
      >"$out.logins" &
    dpid=$!
    sleep 0.5 # the storm is on before wrk starts
  fi
  log "$label: wrk -t2 -c16 -d$DURATION --latency $path (logins/s: $rate)"
  s0=$(ticks "$SERVER_PID")
  wrk -t2 -c16 -d"$DURATION" --latency "$@" "$BASE$path" >"$out"
  s1=$(ticks "$SERVER_PID")
  if [ -n "$dpid" ]; then
    wait "$dpid" || true
    drv=$(cat "$out.logins")
    log "logins: $drv"
  fi
  cat "$out" >&2
  wrk_stats "$out"
  local scpu verdict logins="–"
  scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  verdict=$(awk -v p="$P99" -v e="${NON2XX:-0}" 'BEGIN {
    if (p <= 10 && e == 0) print "meets"; else if (p > 10) printf "MISS: p99 %.1f× 10 ms\n", p / 10; else print "MISS: non-2xx" }')
  if [ -n "$drv" ]; then
    logins=$(printf '%s' "$drv" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
      printf "%s/s sent: %s ok, %s 503, %s other; p50 %s ms, p99 %s ms", v["rate"], v["ok"], v["busy"], v["other"], v["p50_ms"], v["p99_ms"] }')
  fi
  ROWS+=("| $name | $label | $rate | $logins | $RPS | $P50 | $P99 | $scpu | $load | ${NON2XX:-0} | $verdict |")
}

binaries=("$LANTIAN")
[ -n "$BASE_BIN" ] && binaries+=("$BASE_BIN")
rounds=1
[ ${#binaries[@]} -gt 1 ] && rounds=2
for round in $(seq 1 "$rounds"); do
  for bin in "${binaries[@]}"; do
    label="$(basename "$bin") r$round"
    LANTIAN=$bin start_lantian "$DB" "$TMP/server.out" "$TMP/server.log" --log-level warn
    SERVER_PID=$STARTED_PID
    BASE="http://127.0.0.1:$STARTED_PORT"
    TOKEN=$(login_token "$BASE" "$USER_NAME" "$USER_PW")
    AUTH=(-H "Authorization: Bearer $TOKEN")
    storm_run "$label" "/healthz" 0 /healthz
    storm_run "$label" "/healthz" "$RATE" /healthz
    storm_run "$label" "unit $UNIT's tasks, page of 50" 0 "$TASK_PATH" "${AUTH[@]}"
    storm_run "$label" "unit $UNIT's tasks, page of 50" "$RATE" "$TASK_PATH" "${AUTH[@]}"
    stop_pid "$SERVER_PID"
    SERVER_PID=""
  done
done

cat <<EOF

## Login storm ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

wrk -t2 -c16, $DURATION per run, while bench/login_driver.py sends $RATE admin logins/s (open loop) beside it; $TASKS tasks.
Target: p99 ≤ 10 ms for /healthz and the task page with the logins running. "logins" = what the driver got back
(503 = the worker pool's queue was full). Load: 1-minute load average when the run started.

| run | binary, round | logins/s offered | logins | req/s | p50 ms | p99 ms | server CPU µs/req | load | non-2xx | vs p99 ≤ 10 ms |
|---|---|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
