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
#  6. lantian_bench_profile on the same database: CPU time of each stage of a
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

for tool in wrk curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "bench: '$tool' not found; install it (apt-get install wrk curl, or scripts/install-deps.sh --test)" >&2
    exit 1
  fi
done
[ -x "$LANTIAN" ] || { echo "bench: $LANTIAN is not executable (run make build)" >&2; exit 1; }
[ -x "$SEED" ] || { echo "bench: $SEED not found (run make build)" >&2; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench.XXXXXX)
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  stop_server
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

log() { echo "bench: $*" >&2; }

log "seeding $UNITS units / $USERS users"
"$SEED" --db "$DB" --units "$UNITS" --users "$USERS" --admin-password "$ADMIN_PW" >&2

BASE=""
# start_server LEVEL: starts lantian serve, sets SERVER_PID and BASE, waits for /healthz.
start_server() {
  local level=$1
  : >"$TMP/server-$level.out"
  "$LANTIAN" --db "$DB" serve --listen 127.0.0.1:0 --web-root "$TMP/no-web" --log-level "$level" \
    >"$TMP/server-$level.out" 2>"$TMP/server-$level.log" &
  SERVER_PID=$!
  local port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$TMP/server-$level.out")
    [ -n "$port" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server-$level.log" >&2; log "server exited"; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { log "server did not report its port"; exit 1; }
  BASE="http://127.0.0.1:$port"
  for _ in $(seq 1 100); do
    curl -sf "$BASE/healthz" >/dev/null && return 0
    sleep 0.1
  done
  log "server at $BASE never became healthy"
  exit 1
}

# rss_mib FIELD: VmRSS or VmHWM of the server in MiB (one decimal).
rss_mib() {
  awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$SERVER_PID/status"
}

# to_ms VALUE: wrk latency ("850.00us", "1.23ms", "1.02s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

# cpu_ticks PID: utime + stime of a process, in clock ticks.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# child_ticks: CPU of the main shell's waited-for children (cutime + cstime).
child_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
HZ=$(getconf CLK_TCK)

ROWS=()
# bench NAME TARGET_RPS THREADS CONNECTIONS PATH [wrk args...]
bench() {
  local name=$1 target=$2 threads=$3 conns=$4 path=$5
  shift 5
  local out
  out="$TMP/wrk-$(echo "$name $threads $conns" | tr -c 'a-zA-Z0-9' '_').txt"
  log "wrk -t$threads -c$conns -d$DURATION --latency $* $BASE$path"
  # Peak RSS per run: reset VmHWM to the current RSS (Linux clear_refs 5).
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || log "cannot reset VmHWM; peak is since start"
  local load s0 s1 w0 w1
  load=$(cut -d' ' -f1 /proc/loadavg)
  s0=$(cpu_ticks "$SERVER_PID")
  w0=$(child_ticks)
  wrk -t"$threads" -c"$conns" -d"$DURATION" --latency "$@" "$BASE$path" >"$out"
  w1=$(child_ticks)
  s1=$(cpu_ticks "$SERVER_PID")
  cat "$out" >&2
  local rps n p50 p75 p90 p99 non2xx sockerr rss hwm scpu wcpu verdict
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  n=$(awk '/requests in/ { print $1 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p75=$(to_ms "$(awk '$1 == "75%" { print $2 }' "$out")")
  p90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sockerr=$(sed -n 's/.*Socket errors: *//p' "$out")
  rss=$(rss_mib VmRSS)
  hwm=$(rss_mib VmHWM)
  # CPU microseconds per request (clock-tick resolution: fine over seconds).
  scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  wcpu=$(awk -v t=$((w1 - w0)) -v hz="$HZ" -v n="$n" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  verdict=$(awk -v r="$rps" -v t="$target" -v p="$p99" -v h="$hwm" -v e="${non2xx:-0}" 'BEGIN {
    m = "";
    if (t > 0 && r < t) m = m sprintf(" req/s %.0f%% of %d;", 100 * r / t, t);
    if (t > 0 && p > 20) m = m sprintf(" p99 %.1f× 20 ms;", p / 20);
    if (h > 64) m = m " RSS > 64 MiB;";
    if (e > 0) m = m " non-2xx responses;";
    if (t == 0) print "(no target)" m; else if (m == "") print "meets"; else print "MISS:" m }')
  ROWS+=("| $name | $threads/$conns | $rps | $p50 | $p75 | $p90 | $p99 | $rss / $hwm | $scpu | $wcpu | $load | ${non2xx:-0}${sockerr:+; socket errors: $sockerr} | $verdict |")
}

login() {
  local body
  body=$(curl -sf -H 'content-type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$BASE/api/v1/auth/login")
  TOKEN=$(printf '%s' "$body" | grep -o '"token":"[0-9a-f]*"' | head -1 | cut -d'"' -f4)
  [ ${#TOKEN} -eq 64 ] || { log "login failed: $body"; exit 1; }
}

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
