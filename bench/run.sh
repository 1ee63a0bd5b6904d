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
#  6. bench/run_storm.sh: /healthz and a task page at 16 connections while 50
#     logins/s run (issue 10, "offload"; BENCH_STORM=0 skips it).
#  7. lantian_bench_profile on the same database: CPU time of each stage of a
#     request in-process (auth, SQL, JSON), to explain the HTTP numbers.
#
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1 keeps the temp dir
# (database, server logs, raw wrk output).
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
# One client logging in over and over (argon2id, on the worker pool since
# issue 10) while wrk measures /healthz: shows what a login does to other clients.
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
if [ -n "$PROFILE_OUT" ]; then
  printf '\nIn-process stage timing (lantian_bench_profile, thread CPU time):\n\n```\n%s\n```\n' "$PROFILE_OUT"
fi

# The login storm (issue 10): a district with tasks of its own, its own table.
if [ "${BENCH_STORM:-1}" = 1 ]; then
  "$BENCH_DIR/run_storm.sh" "$LANTIAN"
fi
