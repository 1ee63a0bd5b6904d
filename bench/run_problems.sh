#!/usr/bin/env bash
# Lantian supervision-problem benchmark (issue 12): "at 100,000 problems on
# SQLite, 8 concurrent clients, 0 errors: registrations ≥ 1,650/s, state
# transitions ≥ 1,450/s, the overdue list ≥ 415 req/s with p99 ≤ 30 ms (50×
# what Redmine 5 reaches on the same machine for issue creation, status
# changes and an overdue query); and a filtered list at 1,000,000 problems
# p99 ≤ 30 ms on both databases". A benchmark, not a test: it asserts nothing
# and prints Markdown tables for docs/benchmarks.md ("Issue 12: supervision
# problems").
#
#   bench/run_problems.sh PATH/TO/lantian        # SQLite, with the Redmine peer
#   bench/run_problems_pg.sh PATH/TO/lantian     # the filtered list on PostgreSQL
#
# Phases (BENCH_PROBLEMS_PHASES, default "100k 1m"), each in a temp dir
# (removed on exit unless BENCH_KEEP=1):
#
# 100k: lantian_bench_problems_seed (BUILD/bench/, or
#   $LANTIAN_BENCH_PROBLEMS_SEED) makes the district of bench/run.sh (1,000
#   units, 10,000 users) and BENCH_PROBLEMS (100,000) problems (see
#   bench/problems_seed.cpp); `lantian serve` (--log-level warn, API only,
#   default threads); as a campaign office account, 8 problems registered,
#   each assigned to its own village and accepted and started by the
#   village's unit leader (→ rectifying). Unless BENCH_PEER=0, the Redmine
#   peer (bench/peers/redmine/redmine.sh: Debian's redmine 5.0 + puma on
#   SQLite in WAL mode: writes through 1 worker × 1 thread, since two
#   processes writing one SQLite file fail with "database is locked"; reads
#   through 2 workers × 1 thread) with BENCH_PROBLEMS issues shaped alike,
#   running at the same time. Then, Lantian then Redmine for each, 8
#   clients (wrk -t8 -c8 --timeout 10s, one connection per thread),
#   BENCH_DURATION each:
#     registrations  POST /api/v1/problems as the office (bench/problems_register.lua)
#                    | POST /issues.json (bench/redmine_create.lua)
#     transitions    each client its own problem round the extension loop:
#                    request_extension as the village's leader, refuse_extension
#                    as the office (bench/problems_transition.lua)
#                    | PUT /issues/N.json status New ↔ In Progress (bench/redmine_status.lua)
#     overdue list   GET /api/v1/problems?overdue=true&per_page=25 as the office
#                    | GET /issues.json?status_id=open&due_date=<=YESTERDAY&limit=25
#   (reads: wrk -t2 -c8), with each server's CPU per request (Redmine: the
#   puma master and workers) and, for Lantian's writes, writes per commit.
#   BENCH_ROUNDS (1) repeats the six runs.
#
# Each phase waits for the server to go idle after its start (wait_idle: the
# leader's first pass of its timer jobs) before anything is measured.
#
# 1m: the same seeder with BENCH_LIST_PROBLEMS (1,000,000) problems, then the
#   filtered list status=rectifying&type=construction_dust&unit_id=TOWNSHIP
#   (the township with the most problems) &per_page=25, as the office (first
#   page and the keyset second page, after=next_cursor) and as the township's
#   环保专干 (their scope), wrk -t2 -c8, p99 ≤ 30 ms; then the plans of its SQL.
#   With BENCH_PROBLEMS_PG=1 the data goes to a throwaway PostgreSQL cluster
#   (tests/support/pg_cluster.sh), VACUUM ANALYZE after seeding, and the
#   backends' CPU per request is reported too.
#
# Environment: BENCH_PERF=DIR (perf profiles of the server's runs), BENCH_DURATION (15s), BENCH_KEEP=1, BENCH_PROBLEMS (100000),
# BENCH_LIST_PROBLEMS (1000000), BENCH_PROBLEMS_PHASES, BENCH_PEER=0,
# BENCH_ROUNDS (1), BENCH_REDMINE_CACHE (a directory keeping the seeded
# Redmine database between runs: /var/tmp/lantian-bench-redmine; each run
# works on a copy), BENCH_PROBLEMS_PG=1.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_problems.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=${LANTIAN_BENCH_PROBLEMS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_problems_seed}
DURATION=${BENCH_DURATION:-15s}
N_SMALL=${BENCH_PROBLEMS:-100000}
N_LARGE=${BENCH_LIST_PROBLEMS:-1000000}
PG=${BENCH_PROBLEMS_PG:-0}
if [ "$PG" = 1 ]; then PHASES=${BENCH_PROBLEMS_PHASES:-1m}; else PHASES=${BENCH_PROBLEMS_PHASES:-100k 1m}; fi
PEER=${BENCH_PEER:-1}
ROUNDS=${BENCH_ROUNDS:-1}
REDMINE_CACHE=${BENCH_REDMINE_CACHE:-/var/tmp/lantian-bench-redmine}
ADMIN_PW='Bench#Admin-2026'
CLIENTS=8
PG_CLUSTER="$HERE/../tests/support/pg_cluster.sh"
REDMINE="$HERE/peers/redmine/redmine.sh"
FILTER_STATUS=rectifying
FILTER_TYPE=construction_dust

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_tools wrk curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench-problems.XXXXXX)
chmod 755 "$TMP"  # the postgres user needs to reach $TMP/pg
SERVER_PID=""
CLUSTER_UP=0
REDMINE_UP=0
cleanup() {
  set +e
  stop_started
  [ "$REDMINE_UP" = 1 ] && "$REDMINE" stop "$TMP/redmine" writer >/dev/null 2>&1
  [ "$REDMINE_UP" = 1 ] && "$REDMINE" stop "$TMP/redmine" reader >/dev/null 2>&1
  [ "$CLUSTER_UP" = 1 ] && bash "$PG_CLUSTER" stop "$TMP/pg" >/dev/null 2>&1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server reads ./lantian.toml and LANTIAN_* variables: keep both out.
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START LANTIAN_WORKFLOWS_DIR

BACKEND="SQLite $(sqlite3 --version 2>/dev/null | awk '{ print $1 }')"
PSQL=psql
pg_pids() { :; }
if [ "$PG" = 1 ]; then
  log "starting a throwaway PostgreSQL cluster"
  CLUSTER_UP=1
  PG_URL=$(bash "$PG_CLUSTER" start "$TMP/pg" $$)
  PSQL="$(cat "$TMP/pg/bin")/psql"
  [ -x "$PSQL" ] || PSQL=psql
  BACKEND="PostgreSQL $("$PSQL" -tA "$PG_URL" -c 'SHOW server_version')"
  pg_pids() {
    local pm
    pm=$(head -1 "$TMP/pg/data/postmaster.pid")
    # shellcheck disable=SC2046
    echo "$pm" $(pgrep -P "$pm" || true)
  }
fi

# seed NAME N: a fresh database (file or PostgreSQL database NAME) with N
# problems; sets DB, SEEDED, SEED_SECS and the seeder's KEY=VALUE lines as
# shell variables (S_TOWNSHIP, S_OFFICE_USER, ...).
seed() {
  local name=$1 n=$2 start
  if [ "$PG" = 1 ]; then
    "$PSQL" -q -v ON_ERROR_STOP=1 "$PG_URL" -c "CREATE DATABASE $name" >&2
    DB="${PG_URL%/*}/$name"
  else
    DB="$TMP/$name.db"
  fi
  log "seeding 1000 units / 10000 users / $n problems into $BACKEND (load $(cut -d' ' -f1-3 /proc/loadavg))"
  start=$(date +%s)
  "$SEED" --db "$DB" --problems "$n" --status "$FILTER_STATUS" --type "$FILTER_TYPE" \
    --admin-password "$ADMIN_PW" >"$TMP/seed-$name.out"
  SEED_SECS=$(($(date +%s) - start))
  cat "$TMP/seed-$name.out" >&2
  SEEDED=$(head -1 "$TMP/seed-$name.out")
  local k v
  while IFS='=' read -r k v; do
    [[ "$k" =~ ^[A-Z_]+$ ]] && printf -v "S_$k" '%s' "$v"
  done <"$TMP/seed-$name.out"
  if [ "$PG" = 1 ]; then
    log "VACUUM ANALYZE"
    "$PSQL" -q -v ON_ERROR_STOP=1 "$DB" -c 'VACUUM ANALYZE' >&2
    DB_SIZE=$("$PSQL" -tA "$DB" -c "SELECT pg_size_pretty(pg_database_size('$name'))")
  else
    DB_SIZE="$(du -m "$DB" | cut -f1) MiB"
  fi
}

json_field() { { grep -o "\"$1\":[0-9]*" || true; } | head -1 | cut -d: -f2; }
json_str() { { grep -o "\"$1\":\"[^\"]*\"" || true; } | head -1 | cut -d'"' -f4; }
metric() { curl -sf "$BASE/metrics" | awk -v m="$1" '$1 == m { printf "%.0f", $2 }'; }
JSON=(-H 'content-type: application/json')

# api METHOD PATH TOKEN [BODY]: the answer's body; exits on a non-2xx.
api() {
  local code
  code=$(curl -s -o "$TMP/api.json" -w '%{http_code}' -X "$1" -H "Authorization: Bearer $3" "${JSON[@]}" \
    ${4:+-d "$4"} "$BASE$2") || true
  [ "${code:0:1}" = 2 ] || { log "$1 $2: HTTP $code: $(head -c 400 "$TMP/api.json")"; exit 1; }
  cat "$TMP/api.json"
}

ROWS=()
# row LABEL SERVER NAME TARGET_RPS P99_TARGET OUT SECS S_TICKS DB_TICKS BATCH LOAD: one Markdown row.
row() {
  local label=$1 server=$2 name=$3 target=$4 p99t=$5 out=$6 s_ticks=$7 db_ticks=$8 batch=$9 load=${10}
  wrk_stats "$out"
  local scpu dcpu verdict
  scpu=$(awk -v t="$s_ticks" -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  dcpu="—"
  [ "$db_ticks" != "-" ] && dcpu=$(awk -v t="$db_ticks" -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  verdict=$(awk -v r="$RPS" -v t="$target" -v p="$P99" -v pt="$p99t" -v e="${NON2XX:-0}" -v s="${SOCKERR:-}" 'BEGIN {
    m = "";
    if (t + 0 > 0 && r < t + 0) m = m sprintf(" %.0f%% of %d req/s;", 100 * r / t, t);
    if (pt + 0 > 0 && p > pt + 0) m = m sprintf(" p99 %.1f× %d ms;", p / pt, pt);
    if (e > 0 || s != "") m = m " errors;";
    if (t + 0 == 0 && pt + 0 == 0) print "(peer)" m; else if (m == "") print "meets"; else print "MISS:" m }')
  log "$label $server $name: $RPS req/s, p50 $P50 ms, p99 $P99 ms, non-2xx ${NON2XX:-0}, server $scpu µs/req"
  ROWS+=("| $label | $server | $name | $RPS | $P50 | $P90 | $P99 | ${NON2XX:-0}${SOCKERR:+; socket errors: $SOCKERR} | $scpu | $dcpu | $batch | $load | $verdict |")
}

# measure LABEL SERVER NAME TARGET_RPS P99_TARGET THREADS PIDS URL [wrk options] [-- script args]:
# a wrk run against URL with the CPU of PIDS (space-separated) and, on
# PostgreSQL for Lantian, of the backends; Lantian's writes per commit.
measure() {
  local label=$1 server=$2 name=$3 target=$4 p99t=$5 threads=$6 pids=$7 url=$8
  shift 8
  local out="$TMP/wrk-$(echo "$label $server $name" | tr -c 'a-zA-Z0-9' '_').txt"
  local load s0 s1 g0 g1 w0 w1 c0 c1 batch="—" pgp
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$server" = lantian ]; then
    w0=$(metric lantian_db_writes_total)
    c0=$(metric lantian_db_write_commits_total)
  fi
  read -ra pgp <<<"$(pg_pids)"
  # shellcheck disable=SC2086
  s0=$(ticks $pids)
  g0=$(ticks "${pgp[@]}")
  # wrk's options, the URL, then the script's arguments after --.
  local opts=() sargs=() a after=0
  for a in "$@"; do
    if [ $after = 0 ] && [ "$a" = -- ]; then after=1; elif [ $after = 1 ]; then sargs+=("$a"); else opts+=("$a"); fi
  done
  [ $after = 1 ] && sargs=(-- "${sargs[@]}")
  log "wrk -t$threads -c$CLIENTS -d$DURATION --latency ${opts[*]} $url ${sargs[*]}"
  # BENCH_PERF=DIR: a perf profile of the server during each Lantian run (DIR/<run>.data; read
  # with perf report -i FILE --children --sort symbol -g none). It costs some throughput.
  local perf_pid=""
  if [ -n "${BENCH_PERF:-}" ] && [ "$server" = lantian ]; then
    mkdir -p "$BENCH_PERF"
    perf record -q -e cpu-clock -F 499 --call-graph dwarf,16384 -p "$SERVER_PID" \
      -o "$BENCH_PERF/$(basename "$out" .txt).data" -- sleep "${DURATION%s}" 2>/dev/null &
    perf_pid=$!
  fi
  wrk -t"$threads" -c"$CLIENTS" -d"$DURATION" --timeout 10s --latency "${opts[@]}" "$url" "${sargs[@]}" >"$out"
  [ -n "$perf_pid" ] && wait "$perf_pid"
  # shellcheck disable=SC2086
  s1=$(ticks $pids)
  read -ra pgp <<<"$(pg_pids)"
  g1=$(ticks "${pgp[@]}")
  cat "$out" >&2
  if [ "$server" = lantian ]; then
    w1=$(metric lantian_db_writes_total)
    c1=$(metric lantian_db_write_commits_total)
    if [ -n "$c0" ] && [ -n "$c1" ] && [ "$c1" -gt "$c0" ]; then
      batch=$(awk -v w=$((w1 - w0)) -v c=$((c1 - c0)) 'BEGIN { printf "%.2f", w / c }')
    fi
  fi
  local db="-"
  [ "$PG" = 1 ] && [ "$server" = lantian ] && db=$((g1 - g0))
  row "$label" "$server" "$name" "$target" "$p99t" "$out" $((s1 - s0)) "$db" "$batch" "$load"
}

# wait_idle PID: waits (up to 10 minutes) until the server (and on
# PostgreSQL its backends) used less than a tenth of a core for two seconds running, so that the runs measure
# requests, not the leader's first pass of its jobs (problem_timers reads
# every late problem at start and every 10 minutes: at 1,000,000 problems
# that is minutes of CPU, see docs/benchmarks.md); sets IDLE_SECS and
# IDLE_CPU (the server's CPU seconds meanwhile).
wait_idle() {
  local pid=$1 start t0 t1 quiet=0 c0 pgp
  start=$(date +%s)
  c0=$(ticks "$pid")
  for _ in $(seq 1 600); do
    # On PostgreSQL the pass is mostly the backends' work: count theirs too.
    read -ra pgp <<<"$(pg_pids)"
    t0=$(ticks "$pid" "${pgp[@]}")
    sleep 1
    t1=$(ticks "$pid" "${pgp[@]}")
    if [ $((t1 - t0)) -lt $((HZ / 10)) ]; then quiet=$((quiet + 1)); else quiet=0; fi
    [ "$quiet" -ge 2 ] && break
  done
  IDLE_SECS=$(($(date +%s) - start))
  IDLE_CPU=$(awk -v t=$(($(ticks "$pid") - c0)) -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }')
  log "server idle after $IDLE_SECS s ($IDLE_CPU s of its CPU since start)"
}

HEADER='| round | server | run | req/s | p50 ms | p90 ms | p99 ms | non-2xx | server CPU µs/req | PostgreSQL CPU µs/req | writes per commit | load | vs targets |
|---|---|---|---|---|---|---|---|---|---|---|---|---|'
REPORT=()

# ---------------------------------------------------------------- 100,000 ----
phase_small() {
  seed small "$N_SMALL"
  local seeded=$SEEDED seed_secs=$SEED_SECS db_size=$DB_SIZE
  start_lantian "$DB" "$TMP/server-small.out" "$TMP/server-small.log" --log-level warn
  SERVER_PID=$STARTED_PID
  BASE="http://127.0.0.1:$STARTED_PORT"
  wait_idle "$SERVER_PID"
  local idle_small="the server was busy $IDLE_SECS s after start with its first timer pass ($IDLE_CPU s of CPU)"
  local office owner_tokens=() i id v today until due yesterday
  office=$(login_token "$BASE" "$S_OFFICE_USER" "$S_USER_PASSWORD")
  today=$(api GET /api/v1/calendar/today "$office" | json_str date)
  [ -n "$today" ] || today=$(TZ=Asia/Shanghai date +%F)
  due=$(date -d "$today +30 days" +%F)
  until=$(date -d "$today +60 days" +%F)
  yesterday=$(date -d "$today -1 day" +%F)
  # Eight problems in rectifying, each answering to its own village.
  read -ra units <<<"$S_CLIENT_UNITS"
  read -ra users <<<"$S_CLIENT_USERS"
  [ ${#units[@]} -eq $CLIENTS ] || { log "the seeder named ${#units[@]} villages, not $CLIENTS"; exit 1; }
  local pairs=()
  for i in $(seq 0 $((CLIENTS - 1))); do
    local owner
    owner=$(login_token "$BASE" "${users[$i]}" "$S_USER_PASSWORD")
    id=$(api POST /api/v1/problems "$office" "{\"source\":\"district\",\"problem_type\":\"construction_dust\",\"title\":\"基准测试状态流转问题$((i + 1))\",\"site\":\"基准测试工地$((i + 1))\"}" | json_field id)
    v=$(api POST "/api/v1/problems/$id/actions/assign" "$office" "{\"version\":1,\"unit_id\":${units[$i]},\"deadline\":\"$due\"}" | json_field version)
    v=$(api POST "/api/v1/problems/$id/actions/accept" "$owner" "{\"version\":$v}" | json_field version)
    api POST "/api/v1/problems/$id/actions/start" "$owner" "{\"version\":$v}" | grep -q '"status":"rectifying"' ||
      { log "problem $id did not reach rectifying"; exit 1; }
    pairs+=("$id:$owner")
  done
  # The overdue list answers with the count the seeder made.
  local total
  total=$(api GET "/api/v1/problems?overdue=true&per_page=25" "$office" | grep -o '"total":[0-9]*' | tail -1 | cut -d: -f2)
  log "overdue list: total $total (seeder: $S_OVERDUE)"
  [ "$total" = "$S_OVERDUE" ] || { log "the overdue total is not the seeder's"; exit 1; }

  # The peer.
  local rm_key="" rm_port="" rm_rport="" rm_pids="" rm_rpids="" rm_issues=() rm_seeded="" rm_overdue=""
  if [ "$PEER" = 1 ]; then
    "$REDMINE" install
    local cache="$REDMINE_CACHE-$N_SMALL"
    if [ ! -s "$cache/seed.out" ] || [ ! -s "$cache/pristine.sqlite3" ]; then
      log "setting up Redmine with $N_SMALL issues in $cache (a few minutes, once)"
      "$REDMINE" setup "$cache" "$N_SMALL" >&2
      cp "$cache/redmine.sqlite3" "$cache/pristine.sqlite3"
    fi
    mkdir -p "$TMP/redmine"
    cp "$cache/pristine.sqlite3" "$TMP/redmine/redmine.sqlite3"
    cp "$cache/seed.out" "$TMP/redmine/seed.out"
    local k val
    while IFS='=' read -r k val; do [[ "$k" =~ ^[A-Z_]+$ ]] && printf -v "R_$k" '%s' "$val"; done <"$TMP/redmine/seed.out"
    # WAL, as Lantian's SQLite (a cache made before redmine.sh did it itself).
    sqlite3 "$TMP/redmine/redmine.sqlite3" 'PRAGMA journal_mode=WAL' >/dev/null
    # Writes through one single-threaded puma (two processes writing one
    # SQLite file fail with "database is locked": redmine.sh), reads through
    # another of two workers (the cores), on the same file.
    log "starting Redmine: puma 1 worker × 1 thread (writes) and 2 workers × 1 thread (reads)"
    REDMINE_UP=1
    "$REDMINE" start "$TMP/redmine" 1 1 writer >"$TMP/redmine/writer.port" &
    local wpid=$!
    rm_rport=$("$REDMINE" start "$TMP/redmine" 2 1 reader)
    wait "$wpid" || { log "the Redmine writer did not start"; exit 1; }
    rm_port=$(cat "$TMP/redmine/writer.port")
    local master
    master=$(cat "$TMP/redmine/writer.pid")
    rm_pids="$master $(pgrep -P "$master" | tr '\n' ' ')"
    master=$(cat "$TMP/redmine/reader.pid")
    rm_rpids="$master $(pgrep -P "$master" | tr '\n' ' ')"
    rm_key=$R_API_KEY
    rm_seeded="Redmine $R_REDMINE_VERSION, SQLite, $R_ISSUES issues in one project, $R_OVERDUE open past their due date"
    # One issue per client for the status changes (created over the API).
    for i in $(seq 1 $CLIENTS); do
      rm_issues+=("$(curl -sf -H "X-Redmine-API-Key: $rm_key" "${JSON[@]}" \
        -d "{\"issue\":{\"project_id\":$R_PROJECT_ID,\"tracker_id\":$R_TRACKER_ID,\"priority_id\":$R_PRIORITY_ID,\"subject\":\"bench status $i\"}}" \
        "http://127.0.0.1:$rm_port/issues.json" | json_field id)")
    done
    rm_overdue=$(curl -sf -H "X-Redmine-API-Key: $rm_key" \
      "http://127.0.0.1:$rm_rport/issues.json?status_id=open&due_date=%3C%3D$yesterday&limit=25" | json_field total_count)
    log "Redmine: issues ${rm_issues[*]} for the status changes; overdue query total $rm_overdue"
    # Warm up: each worker loads what it loads lazily.
    wrk -t2 -c2 -d3s --timeout 10s -H "X-Redmine-API-Key: $rm_key" "http://127.0.0.1:$rm_port/issues.json?limit=25" >/dev/null
    wrk -t2 -c2 -d3s --timeout 10s -H "X-Redmine-API-Key: $rm_key" "http://127.0.0.1:$rm_rport/issues.json?limit=25" >/dev/null
  fi
  local rm="http://127.0.0.1:$rm_port" rmr="http://127.0.0.1:$rm_rport"
  ROWS=()
  for ROUND in $(seq 1 "$ROUNDS"); do
    measure "$ROUND" lantian "registrations (POST /api/v1/problems)" 1650 0 $CLIENTS "$SERVER_PID" "$BASE" \
      -s "$HERE/problems_register.lua" -- "$office"
    [ "$PEER" = 1 ] && measure "$ROUND" redmine "issue creation (POST /issues.json)" 0 0 $CLIENTS "$rm_pids" "$rm" \
      -s "$HERE/redmine_create.lua" -- "$rm_key" "$R_PROJECT_ID" "$R_TRACKER_ID" "$R_PRIORITY_ID" "$due"
    measure "$ROUND" lantian "transitions (request_extension ↔ refuse_extension)" 1450 0 $CLIENTS "$SERVER_PID" "$BASE" \
      -s "$HERE/problems_transition.lua" -- "$office" "$until" "${pairs[@]}"
    [ "$PEER" = 1 ] && measure "$ROUND" redmine "status changes (PUT /issues/N.json)" 0 0 $CLIENTS "$rm_pids" "$rm" \
      -s "$HERE/redmine_status.lua" -- "$rm_key" "$R_STATUS_A" "$R_STATUS_B" "${rm_issues[@]}"
    measure "$ROUND" lantian "overdue list ($S_OVERDUE; page of 25)" 415 30 2 "$SERVER_PID" \
      "$BASE/api/v1/problems?overdue=true&per_page=25" -H "Authorization: Bearer $office"
    [ "$PEER" = 1 ] && measure "$ROUND" redmine "overdue query ($rm_overdue; limit 25)" 0 0 2 "$rm_rpids" \
      "$rmr/issues.json?status_id=open&due_date=%3C%3D$yesterday&limit=25" -H "X-Redmine-API-Key: $rm_key"
  done
  local rss
  rss=$(mib VmHWM "$SERVER_PID")
  stop_pid "$SERVER_PID"
  if [ "$PEER" = 1 ]; then
    "$REDMINE" stop "$TMP/redmine" writer
    "$REDMINE" stop "$TMP/redmine" reader
    REDMINE_UP=0
  fi
  REPORT+=("" "### $N_SMALL problems on $BACKEND: registrations, transitions, the overdue list" ""
    "Data ($seed_secs s to seed, $db_size): $seeded"
    "Office account $S_OFFICE_USER; transitions on 8 problems of 8 villages (unit leaders ${S_CLIENT_USERS}); today $today."
    "Lantian peak RSS $rss MiB; $idle_small, measured after.${rm_seeded:+ Peer: $rm_seeded; WAL; writes through puma 1 worker × 1 thread, reads through puma 2 workers × 1 thread; Rails log at warn, e-mail off.}"
    "" "$HEADER" "${ROWS[@]}")
}

# -------------------------------------------------------------- 1,000,000 ----
phase_large() {
  seed large "$N_LARGE"
  local seeded=$SEEDED seed_secs=$SEED_SECS db_size=$DB_SIZE
  start_lantian "$DB" "$TMP/server-large.out" "$TMP/server-large.log" --log-level warn
  SERVER_PID=$STARTED_PID
  BASE="http://127.0.0.1:$STARTED_PORT"
  wait_idle "$SERVER_PID"
  local idle_large="the server was busy $IDLE_SECS s after start with its first timer pass ($IDLE_CPU s of CPU)"
  local office township path body total cursor cold
  office=$(login_token "$BASE" "$S_OFFICE_USER" "$S_USER_PASSWORD")
  township=$(login_token "$BASE" "$S_TOWNSHIP_USER" "$S_USER_PASSWORD")
  path="/api/v1/problems?status=$FILTER_STATUS&type=$FILTER_TYPE&unit_id=$S_TOWNSHIP_ID&per_page=25"
  local checks=()
  for who in office township; do
    local tok=$office
    [ "$who" = township ] && tok=$township
    cold=$(curl -s -o "$TMP/check.json" -w '%{time_total}' -H "Authorization: Bearer $tok" "$BASE$path")
    total=$(grep -o '"total":[0-9]*' "$TMP/check.json" | tail -1 | cut -d: -f2)
    [ "$total" = "$S_TOWNSHIP_MATCHES" ] || { log "$who: total $total, the seeder counted $S_TOWNSHIP_MATCHES"; exit 1; }
    [ "$who" = office ] && cursor=$(json_str next_cursor <"$TMP/check.json")
    checks+=("$who: total $total, first request $(awk -v t="$cold" 'BEGIN { printf "%.1f", t * 1000 }') ms")
  done
  [ -n "$cursor" ] || log "no next_cursor on the first page (fewer than 25 matches): no second page"
  ROWS=()
  local pids="$SERVER_PID"
  for ROUND in $(seq 1 "$ROUNDS"); do
    measure "$ROUND" lantian "filtered list, office ($S_TOWNSHIP_MATCHES of $N_LARGE)" 0 30 2 "$pids" "$BASE$path" \
      -H "Authorization: Bearer $office"
    [ -n "$cursor" ] && measure "$ROUND" lantian "filtered list, office, keyset second page" 0 30 2 "$pids" \
      "$BASE$path&after=$cursor" -H "Authorization: Bearer $office"
    measure "$ROUND" lantian "filtered list, the township's 环保专干" 0 30 2 "$pids" "$BASE$path" \
      -H "Authorization: Bearer $township"
  done
  local rss
  rss=$(mib VmHWM "$SERVER_PID")
  stop_pid "$SERVER_PID"
  # The plans of the count and the page, as the office and as the township
  # (src/store/problems_repo.cpp list(), with the values inlined).
  local open_in="'$FILTER_STATUS'" tpath
  if [ "$PG" = 1 ]; then
    tpath=$("$PSQL" -tA "$DB" -c "SELECT path FROM units WHERE id = $S_TOWNSHIP_ID")
  else
    tpath=$(sqlite3 "$DB" "SELECT path FROM units WHERE id = $S_TOWNSHIP_ID")
  fi
  local where="WHERE p.status IN ($open_in) AND p.unit_path LIKE '$tpath%' AND p.problem_type = '$FILTER_TYPE'"
  local count_sql="SELECT COUNT(*) FROM problems p $where"
  local page_sql="SELECT p.* FROM problems p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id IN (SELECT p.id FROM problems p $where ORDER BY p.id DESC LIMIT 25 OFFSET 0) ORDER BY p.id DESC"
  local swhere="WHERE s.unit_id = $S_TOWNSHIP_ID AND p.status IN ($open_in) AND p.unit_path LIKE '$tpath%' AND p.problem_type = '$FILTER_TYPE'"
  local scope_sql="SELECT COUNT(*) FROM problem_scopes s JOIN problems p ON p.id = s.problem_id $swhere"
  local spage_sql="SELECT p.* FROM problems p LEFT JOIN units u ON u.id = p.unit_id WHERE p.id IN (SELECT p.id FROM problem_scopes s JOIN problems p ON p.id = s.problem_id $swhere ORDER BY p.id DESC LIMIT 25 OFFSET 0) ORDER BY p.id DESC"
  local plans=""
  for sql in "$count_sql" "$page_sql" "$scope_sql" "$spage_sql"; do
    if [ "$PG" = 1 ]; then
      plans+="$sql"$'\n'"$("$PSQL" -tA "$DB" -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) $sql")"$'\n\n'
    elif command -v sqlite3 >/dev/null; then
      plans+="$sql"$'\n'"$(sqlite3 "$DB" "EXPLAIN QUERY PLAN $sql")"$'\n'
      plans+="$(python3 - "$DB" "$sql" <<'PY'
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA cache_size=-4000")
c.execute(sys.argv[2]).fetchall()
n = 20; t = time.process_time()
for _ in range(n): c.execute(sys.argv[2]).fetchall()
print("-- %.2f ms CPU per execution (python sqlite3, %d runs)" % ((time.process_time() - t) * 1000 / n, n))
PY
)"$'\n\n'
    fi
  done
  REPORT+=("" "### $N_LARGE problems on $BACKEND: the filtered list" ""
    "Data ($seed_secs s to seed, $db_size): $seeded"
    "List: \`$path\` (status + type + the township $S_TOWNSHIP and below; $S_TOWNSHIP_MATCHES matches); as the office $S_OFFICE_USER and as the township's 环保专干 $S_TOWNSHIP_USER. $(printf '%s; ' "${checks[@]}")Lantian peak RSS $rss MiB; $idle_large, measured after."
    "" "$HEADER" "${ROWS[@]}" "" "Plans:" "" '```' "$plans" '```')
}

for phase in $PHASES; do
  case "$phase" in
    100k) phase_small ;;
    1m) phase_large ;;
    *) log "unknown phase $phase"; exit 2 ;;
  esac
done

cat <<EOF

## Supervision problems on $BACKEND ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'), $CLIENTS connections, $DURATION per run, wrk on the same machine; load after the runs: $(cut -d' ' -f1-3 /proc/loadavg).
Targets: registrations ≥ 1,650/s, transitions ≥ 1,450/s, overdue list ≥ 415 req/s with p99 ≤ 30 ms, 0 errors (100,000 problems, SQLite); filtered list p99 ≤ 30 ms (1,000,000 problems, SQLite and PostgreSQL).
EOF
printf '%s\n' "${REPORT[@]}"
