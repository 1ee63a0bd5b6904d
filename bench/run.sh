#!/usr/bin/env bash
# Lantian HTTP benchmark (`make bench`). A benchmark, not a test: it never runs
# under ctest and asserts nothing; it prints a Markdown table for
# docs/benchmarks.md, where results are recorded by hand.
#
#   bench/run.sh PATH/TO/lantian
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. lantian_bench_seed (next to the binary: BUILD/bench/lantian_bench_seed,
#     or $LANTIAN_BENCH_SEED) creates 1,000 units / 10,000 users + admin.
#  2. `lantian serve` on 127.0.0.1:0 (the kernel picks a free port; the server
#     prints it), --log-level warn, no web root (API only).
#  3. Logs in as admin (bearer token), picks the level-2 unit whose subtree has
#     the fewest users that still fill a page of 50 (asked from the API).
#  4. wrk --latency: /healthz (2 threads, 64 connections), the user list page
#     (64 and 16 connections) and, as extras without a target, the whole
#     district's first page and /healthz while one client logs in over and
#     over; VmRSS/VmHWM and CPU time of the server from /proc for each run.
#  5. Restarts the server with --log-level info (stderr to a file) and repeats
#     /healthz and the user list at 64 connections, to show the access-log cost.
#  6. The login storm (issue 10, "offload"): on a district with tasks
#     (lantian_bench_tasks_seed), /healthz and a unit's task page at 16
#     connections with and without 50 logins/s from bench/login_driver.py.
#  7. lantian_bench_profile on the same database: CPU time of each stage of a
#     request in-process (auth, SQL, JSON), to explain the HTTP numbers.
#
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1 keeps the temp dir
# (database, server logs, raw wrk output); BENCH_STORM=0 skips step 6,
# BENCH_STORM_TASKS (100000), BENCH_STORM_RATE (50 logins/s),
# BENCH_STORM_BASE=other/lantian alternates rounds with that binary (A/B).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
SEED=${LANTIAN_BENCH_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_seed}
DURATION=${BENCH_DURATION:-15s}
UNITS=1000
USERS=10000
ADMIN_PW='Bench#Admin-2026'
PAGE=50

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$BENCH_DIR/lib.sh"
require_tools wrk curl
[ -x "$LANTIAN" ] || { echo "bench: $LANTIAN is not executable (run make build)" >&2; exit 1; }
[ -x "$SEED" ] || { echo "bench: $SEED not found (run make build)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench.XXXXXX)
SERVER_PID=""
stop_server() {
  stop_pid "$SERVER_PID"
  SERVER_PID=""
}
cleanup() {
  stop_server
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
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL
DB="$TMP/bench.db"

log "seeding $UNITS units / $USERS users"
"$SEED" --db "$DB" --units "$UNITS" --users "$USERS" --admin-password "$ADMIN_PW" >&2

BASE=""
# start_server LEVEL: starts lantian serve, sets SERVER_PID and BASE, waits for /healthz.
start_server() {
  local level=$1
  start_lantian "$DB" "$TMP/server-$level.out" "$TMP/server-$level.log" --log-level "$level"
  SERVER_PID=$STARTED_PID
  BASE="http://127.0.0.1:$STARTED_PORT"
}

# rss_mib FIELD: VmRSS or VmHWM of the server in MiB (one decimal).
rss_mib() { mib "$1" "$SERVER_PID"; }

ROWS=()
# bench NAME TARGET_RPS THREADS CONNECTIONS PATH [wrk args...] (see bench/lib.sh)
bench() { bench_run "$@"; }

login() { TOKEN=$(login_token "$BASE" admin "$ADMIN_PW"); }

api_get() { curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$1"; }
total_of() { api_get "$1" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2; }

start_server warn
RSS_IDLE=$(rss_mib VmRSS)
login
RSS_LOGIN_PEAK=$(rss_mib VmHWM)
# Password checks are argon2id at interactive limits (64 MiB each): measure the
# peak of a burst of 8 concurrent logins too.
echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || true
BURST=()
for _ in $(seq 1 8); do
  curl -s -o /dev/null -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$BASE/api/v1/auth/login" &
  BURST+=($!)
done
wait "${BURST[@]}"
RSS_BURST_PEAK=$(rss_mib VmHWM)

# Pick the unit: level-2 units (townships and street offices), the one with
# the fewest users in its subtree that still fill a page.
UNIT="" UNIT_TOTAL=""
for kind in township street_office; do
  for id in $(api_get "/api/v1/units?kind=$kind&per_page=200" | grep -o '"id":[0-9]*' | cut -d: -f2); do
    n=$(total_of "/api/v1/users?unit=$id&per_page=1")
    if [ "$n" -ge "$PAGE" ] && { [ -z "$UNIT_TOTAL" ] || [ "$n" -lt "$UNIT_TOTAL" ]; }; then
      UNIT=$id UNIT_TOTAL=$n
    fi
  done
done
[ -n "$UNIT" ] || { log "no unit with >= $PAGE users in its subtree"; exit 1; }
ROOT=$(api_get "/api/v1/units?kind=district_government&per_page=1" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
ROOT_TOTAL=$(total_of "/api/v1/users?unit=$ROOT&per_page=1")
USERS_PATH="/api/v1/users?unit=$UNIT&per_page=$PAGE"
ROOT_PATH="/api/v1/users?unit=$ROOT&per_page=$PAGE"
items=$(api_get "$USERS_PATH" | grep -o '"username":' | wc -l)
[ "$items" -eq "$PAGE" ] || { log "$USERS_PATH returned $items items, expected $PAGE"; exit 1; }
log "user list: unit $UNIT ($UNIT_TOTAL active users in subtree); district root $ROOT ($ROOT_TOTAL)"
AUTH=(-H "Authorization: Bearer $TOKEN")

bench "/healthz (log warn)" 50000 2 64 /healthz
bench "users, unit $UNIT, $UNIT_TOTAL in subtree (log warn)" 5000 2 64 "$USERS_PATH" "${AUTH[@]}"
bench "users, unit $UNIT, $UNIT_TOTAL in subtree (log warn)" 5000 2 16 "$USERS_PATH" "${AUTH[@]}"
bench "users, district root, $ROOT_TOTAL in subtree (log warn, extra)" 0 2 64 "$ROOT_PATH" "${AUTH[@]}"
# One client logging in over and over (argon2id runs in the handler, on an I/O
# thread) while wrk measures /healthz: shows what a login does to other clients.
touch "$TMP/login-loop"
(
  n=0
  while [ -e "$TMP/login-loop" ]; do
    curl -s -o /dev/null -H 'content-type: application/json' \
      -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$BASE/api/v1/auth/login" || true
    n=$((n + 1))
  done
  echo "$n" >"$TMP/login-count"
) &
LOOP_PID=$!
bench "/healthz while 1 client logs in repeatedly (log warn, extra)" 0 2 64 /healthz
rm -f "$TMP/login-loop"
wait "$LOOP_PID" || true
LOGINS=$(cat "$TMP/login-count")
stop_server

start_server info
bench "/healthz (log info)" 50000 2 64 /healthz
bench "users, unit $UNIT, $UNIT_TOTAL in subtree (log info)" 5000 2 64 "$USERS_PATH" "${AUTH[@]}"
INFO_LOG_BYTES=$(stat -c %s "$TMP/server-info.log")
INFO_LOG_LINES=$(wc -l <"$TMP/server-info.log")
stop_server

# --- offload: /healthz and a task list page at 16 connections while 50
# logins/s run (issue 10). Logins hash with argon2id; they must not stall the
# other requests: target p99 <= 10 ms. A district with tasks of its own
# (lantian_bench_tasks_seed, BENCH_STORM_TASKS tasks, default 100,000), the
# login driver bench/login_driver.py (fixed rate, open loop) beside wrk.
# BENCH_STORM_BASE=PATH/TO/other/lantian adds alternating rounds of that
# binary (A/B); BENCH_STORM=0 skips the section.
STORM_ROWS=()
STORM_NOTE=""
TASKS_SEED=${LANTIAN_BENCH_TASKS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_tasks_seed}
STORM_RATE=${BENCH_STORM_RATE:-50}
if [ "${BENCH_STORM:-1}" = 1 ] && [ -x "$TASKS_SEED" ] && command -v python3 >/dev/null; then
  STORM_DB="$TMP/storm.db"
  log "seeding the login-storm district (${BENCH_STORM_TASKS:-100000} tasks)"
  "$TASKS_SEED" --db "$STORM_DB" --tasks "${BENCH_STORM_TASKS:-100000}" --admin-password "$ADMIN_PW" >"$TMP/storm-seed.out"
  storm_value() { sed -n "s/^$1=//p" "$TMP/storm-seed.out"; }
  STORM_USER=$(storm_value HEAVY_USER) STORM_UNIT=$(storm_value UNIT_ID)
  STORM_USER_PW=$(storm_value USER_PASSWORD)
  STORM_PATH="/api/v1/tasks?owner_unit_id=$STORM_UNIT&per_page=50"
  DRIVER_SECONDS=$((${DURATION%s} + 1))
  # storm_run LABEL NAME RATE PATH [wrk args...]: wrk -t2 -c16 on PATH while
  # the driver sends RATE logins/s (0 = none); one row in STORM_ROWS.
  storm_run() {
    local label=$1 name=$2 rate=$3 path=$4
    shift 4
    local out drv="" dpid="" load s0 s1
    out="$TMP/storm-$(echo "$label $name $rate" | tr -c 'a-zA-Z0-9' '_').txt"
    load=$(cut -d' ' -f1 /proc/loadavg)
    if [ "$rate" != 0 ]; then
      printf '%s\n' "$ADMIN_PW" | python3 "$BENCH_DIR/login_driver.py" "$BASE" "$rate" "$DRIVER_SECONDS" admin \
        >"$out.logins" &
      dpid=$!
      sleep 0.5 # the storm is on before wrk starts
    fi
    log "$label: wrk -t2 -c16 -d$DURATION $path (logins/s: $rate)"
    s0=$(ticks "$SERVER_PID")
    wrk -t2 -c16 -d"$DURATION" --latency "$@" "$BASE$path" >"$out"
    s1=$(ticks "$SERVER_PID")
    if [ -n "$dpid" ]; then
      wait "$dpid" || true
      drv=$(cat "$out.logins")
    fi
    cat "$out" >&2
    wrk_stats "$out"
    local scpu verdict logins="–"
    scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
    verdict=$(awk -v p="$P99" -v e="${NON2XX:-0}" 'BEGIN {
      if (p <= 10 && e == 0) print "meets"; else if (p > 10) printf "MISS: p99 %.1f× 10 ms\n", p / 10; else print "MISS: non-2xx" }')
    if [ -n "$drv" ]; then
      log "logins: $drv"
      logins=$(printf '%s' "$drv" | awk '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%s/s sent: %s ok, %s 503, %s other; p50 %s ms, p99 %s ms", v["rate"], v["ok"], v["busy"], v["other"], v["p50_ms"], v["p99_ms"] }')
    fi
    STORM_ROWS+=("| $name | $label | $rate | $logins | $RPS | $P50 | $P99 | $scpu | $load | ${NON2XX:-0} | $verdict |")
  }
  storm_binaries=("$LANTIAN")
  [ -n "${BENCH_STORM_BASE:-}" ] && storm_binaries+=("$(realpath "$BENCH_STORM_BASE")")
  for round in 1 2; do
    for bin in "${storm_binaries[@]}"; do
      label="$(basename "$bin") r$round"
      LANTIAN_SAVED=$LANTIAN
      LANTIAN=$bin
      start_lantian "$STORM_DB" "$TMP/storm-server.out" "$TMP/storm-server.log" --log-level warn
      LANTIAN=$LANTIAN_SAVED
      SERVER_PID=$STARTED_PID
      BASE="http://127.0.0.1:$STARTED_PORT"
      STORM_TOKEN=$(login_token "$BASE" "$STORM_USER" "$STORM_USER_PW")
      storm_run "$label" "/healthz" 0 /healthz
      storm_run "$label" "/healthz" "$STORM_RATE" /healthz
      storm_run "$label" "unit $STORM_UNIT's tasks, page of 50" 0 "$STORM_PATH" -H "Authorization: Bearer $STORM_TOKEN"
      storm_run "$label" "unit $STORM_UNIT's tasks, page of 50" "$STORM_RATE" "$STORM_PATH" \
        -H "Authorization: Bearer $STORM_TOKEN"
      stop_server
    done
    [ ${#storm_binaries[@]} -gt 1 ] || break
  done
else
  STORM_NOTE="(skipped: BENCH_STORM=0, or no $TASKS_SEED, or no python3)"
fi

# Where a request's server CPU goes, in-process (no HTTP), on the same data.
PROFILE=${LANTIAN_BENCH_PROFILE:-$(dirname "$LANTIAN")/bench/lantian_bench_profile}
PROFILE_OUT=""
if [ -x "$PROFILE" ]; then
  log "in-process stage timing ($PROFILE)"
  PROFILE_OUT=$("$PROFILE" --db "$DB" --admin-password "$ADMIN_PW" --unit "$UNIT" --iterations 3000)
  PROFILE_OUT+=$'\n'$("$PROFILE" --db "$DB" --admin-password "$ADMIN_PW" --unit "$ROOT" --iterations 200)
fi

cat <<EOF

## Results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), duration $DURATION per run, wrk on the same machine.
Server RSS (log warn): $RSS_IDLE MiB idle after start; peak $RSS_LOGIN_PEAK MiB after the first login; peak $RSS_BURST_PEAK MiB during 8 concurrent logins.
The "logs in repeatedly" run completed $LOGINS logins (one at a time) during $DURATION.
Info-level access log written during the two info runs: $INFO_LOG_LINES lines, $INFO_LOG_BYTES bytes (stderr to a file in $TMP).
"RSS" columns: VmRSS after the run / VmHWM during the run (peak reset before each run). CPU columns: CPU time of the server process and of wrk per request. Load: 1-minute load average when the run started (other work on the machine shows here).
Targets: /healthz ≥ 50,000 req/s; user list ≥ 5,000 req/s; p99 ≤ 20 ms; RSS ≤ 64 MiB (VmHWM).

| run | wrk threads/conns | req/s | p50 ms | p75 ms | p90 ms | p99 ms | RSS / peak MiB | server CPU µs/req | wrk CPU µs/req | load | non-2xx | vs targets |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
cat <<EOF

Login storm (offload): wrk -t2 -c16, $DURATION per run, while bench/login_driver.py sends $STORM_RATE admin logins/s (open loop); target p99 ≤ 10 ms for /healthz and the task page. "logins" = what the driver got back. $STORM_NOTE

| run | binary, round | logins/s offered | logins | req/s | p50 ms | p99 ms | server CPU µs/req | load | non-2xx | vs p99 ≤ 10 ms |
|---|---|---|---|---|---|---|---|---|---|---|
EOF
if [ ${#STORM_ROWS[@]} -gt 0 ]; then printf '%s\n' "${STORM_ROWS[@]}"; fi
if [ -n "$PROFILE_OUT" ]; then
  printf '\nIn-process stage timing (lantian_bench_profile, thread CPU time):\n\n```\n%s\n```\n' "$PROFILE_OUT"
fi
