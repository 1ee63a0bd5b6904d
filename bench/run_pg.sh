#!/usr/bin/env bash
# Lantian HTTP benchmark on PostgreSQL, one instance and two instances behind
# nginx. A benchmark, not a test: it asserts nothing and prints a Markdown
# table for docs/benchmarks.md ("PostgreSQL and two instances behind nginx").
#
#   bench/run_pg.sh PATH/TO/lantian
#
# What it does, in a temp dir (removed on exit unless BENCH_KEEP=1):
#  1. tests/support/pg_cluster.sh starts a throwaway PostgreSQL cluster
#     (fsync, full_page_writes and synchronous_commit off; irrelevant here,
#     only reads are measured); psql creates the database `bench`.
#  2. lantian_bench_seed (BUILD/bench/lantian_bench_seed or $LANTIAN_BENCH_SEED)
#     fills it: 1,000 units / 10,000 users + admin (the same data as bench/run.sh).
#  3. Instance A (`lantian serve --log-level warn`, 127.0.0.1:0) alone: admin
#     login (bearer token), picks the level-2 unit with the fewest users that
#     still fill a page of 50, then wrk -t2 -c64 --latency on /healthz and
#     GET /api/v1/users?unit=ID&per_page=50.
#  4. Instance B on the same database and nginx in front (round robin,
#     keepalive to the upstreams, worker_processes 2): the same two runs
#     against nginx.
#  VmHWM (peak RSS, reset before each run) of each instance, and CPU time of
#  each process group (lantian, nginx, PostgreSQL) per request.
#
# Needs: wrk, curl, nginx, PostgreSQL server binaries (see pg_cluster.sh).
# Environment: BENCH_DURATION (default 15s), BENCH_KEEP=1.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_pg.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
SEED=${LANTIAN_BENCH_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_seed}
PG_CLUSTER=$(cd "$(dirname "$0")/.." && pwd)/tests/support/pg_cluster.sh
DURATION=${BENCH_DURATION:-15s}
UNITS=1000
USERS=10000
ADMIN_PW='Bench#Admin-2026'
PAGE=50

# shellcheck source=bench/lib.sh
. "$(dirname "$0")/lib.sh"

NGINX_BIN=""
for p in /usr/sbin/nginx /usr/bin/nginx /usr/local/sbin/nginx; do
  [ -x "$p" ] && { NGINX_BIN=$p; break; }
done
[ -n "$NGINX_BIN" ] || NGINX_BIN=$(command -v nginx || true)
[ -n "$NGINX_BIN" ] || { log "nginx not found (apt-get install nginx)"; exit 1; }
require_tools wrk curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }
[ -x "$PG_CLUSTER" ] || [ -f "$PG_CLUSTER" ] || { log "$PG_CLUSTER not found"; exit 1; }

# Short path: the cluster's socket directory must stay under 90 bytes.
TMP=$(mktemp -d /tmp/ltpg.XXXXXX)
chmod 755 "$TMP"  # the postgres user needs to reach $TMP/pg
PGDIR="$TMP/pg"
PIDS=()       # lantian instances, in start order (A, B)
NGINX_PID=""
CLUSTER_UP=0

cleanup() {
  set +e
  [ -n "$NGINX_PID" ] && stop_pid "$NGINX_PID"
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  stop_started
  if [ "$CLUSTER_UP" = 1 ]; then
    if [ "${BENCH_KEEP:-0}" = 1 ]; then
      cp "$PGDIR/server.log" "$TMP/pg-server.log" 2>/dev/null
    fi
    bash "$PG_CLUSTER" stop "$PGDIR" >/dev/null 2>&1
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL

log "starting a throwaway PostgreSQL cluster"
CLUSTER_UP=1
PG_URL=$(bash "$PG_CLUSTER" start "$PGDIR" $$)
PG_BINDIR=$(cat "$PGDIR/bin")
PSQL="$PG_BINDIR/psql"
[ -x "$PSQL" ] || PSQL=psql
"$PSQL" -q -v ON_ERROR_STOP=1 "$PG_URL" -c 'CREATE DATABASE bench' >&2
DB="${PG_URL%/*}/bench"
PG_VERSION=$("$PSQL" -tA "$DB" -c 'SHOW server_version')
log "database $DB (PostgreSQL $PG_VERSION)"

log "seeding $UNITS units / $USERS users"
"$SEED" --db "$DB" --units "$UNITS" --users "$USERS" --admin-password "$ADMIN_PW" >&2

PORTS=()
# start_instance NAME: starts lantian serve on DB, appends to PIDS and PORTS.
start_instance() {
  start_lantian "$DB" "$TMP/server-$1.out" "$TMP/server-$1.log" --log-level warn
  PIDS+=("$STARTED_PID")
  PORTS+=("$STARTED_PORT")
}

free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
  done
  return 1
}

# start_nginx: round robin over PORTS, keepalive to the upstreams.
start_nginx() {
  local d="$TMP/nginx" port
  mkdir -p "$d/tmp"
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    {
      [ "$(id -u)" -eq 0 ] && echo "user root;"
      cat <<CONF
worker_processes 2;
daemon off;
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $d/tmp/body;
  proxy_temp_path $d/tmp/proxy;
  fastcgi_temp_path $d/tmp/fastcgi;
  uwsgi_temp_path $d/tmp/uwsgi;
  scgi_temp_path $d/tmp/scgi;
  upstream lantian {
CONF
      for p in "${PORTS[@]}"; do echo "    server 127.0.0.1:$p max_fails=1 fail_timeout=5s;"; done
      cat <<CONF
    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://lantian;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
    }
  }
}
CONF
    } >"$d/nginx.conf"
    "$NGINX_BIN" -p "$d/" -c "$d/nginx.conf" -e "$d/error.log" >"$d/stderr.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 1 50); do
      curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && { NGINX_PORT=$port; return 0; }
      kill -0 "$NGINX_PID" 2>/dev/null || break
      sleep 0.1
    done
    stop_pid "$NGINX_PID"
    NGINX_PID=""
  done
  cat "$d/error.log" "$d/stderr.log" >&2 2>/dev/null || true
  log "nginx did not start"
  exit 1
}

# hwm_mib PID: VmHWM in MiB.
hwm_mib() { mib VmHWM "$1"; }
pg_pids() {
  local pm
  pm=$(head -1 "$PGDIR/data/postmaster.pid")
  # shellcheck disable=SC2046
  echo "$pm" $(pgrep -P "$pm" || true)
}
nginx_pids() {
  if [ -n "$NGINX_PID" ]; then
    # shellcheck disable=SC2046
    echo "$NGINX_PID" $(pgrep -P "$NGINX_PID" || true)
  fi
}
# per TICKS: CPU microseconds per request (N is the run's request count).
per() { awk -v t="$1" -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }'; }

ROWS=()
# bench SETUP NAME URL [wrk args...]
bench() {
  local setup=$1 name=$2 url=$3
  shift 3
  local out="$TMP/wrk-${#ROWS[@]}.txt"
  log "$setup: wrk -t2 -c64 -d$DURATION --latency $url"
  for pid in "${PIDS[@]}"; do echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || log "cannot reset VmHWM"; done
  local load l0 l1 n0 n1 g0 g1 pgp ngp
  load=$(cut -d' ' -f1 /proc/loadavg)
  read -ra pgp <<<"$(pg_pids)"
  read -ra ngp <<<"$(nginx_pids)"
  local a0=() a1=() pid
  for pid in "${PIDS[@]}"; do a0+=("$(ticks "$pid")"); done
  l0=$(ticks "${PIDS[@]}"); n0=$(ticks "${ngp[@]}"); g0=$(ticks "${pgp[@]}")
  wrk -t2 -c64 -d"$DURATION" --latency "$@" "$url" >"$out"
  read -ra pgp <<<"$(pg_pids)"
  l1=$(ticks "${PIDS[@]}"); n1=$(ticks "${ngp[@]}"); g1=$(ticks "${pgp[@]}")
  for pid in "${PIDS[@]}"; do a1+=("$(ticks "$pid")"); done
  cat "$out" >&2
  local rps p50 p99 non2xx sockerr hwms=""
  rps=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$out")
  N=$(awk '/requests in/ { print $1 }' "$out")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$out")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$out")
  sockerr=$(sed -n 's/.*Socket errors: *//p' "$out")
  local i names=(A B)
  for i in "${!PIDS[@]}"; do hwms+="${hwms:+ / }${names[$i]} $(hwm_mib "${PIDS[$i]}")"; done
  local cpu
  cpu="$(per $((l1 - l0)))"
  if [ ${#PIDS[@]} -gt 1 ]; then
    local parts=""
    for i in "${!PIDS[@]}"; do parts+="${parts:+ + }${names[$i]} $(per $((a1[i] - a0[i])))"; done
    cpu+=" ($parts)"
  fi
  cpu+=" / $(per $((g1 - g0)))"
  [ -n "$NGINX_PID" ] && cpu+=" / $(per $((n1 - n0)))" || cpu+=" / –"
  ROWS+=("| $setup | $name | $rps | $p50 | $p99 | $hwms | $cpu | $load | ${non2xx:-0}${sockerr:+; socket errors: $sockerr} |")
}

start_instance A
BASE="http://127.0.0.1:${PORTS[0]}"
TOKEN=$(login_token "$BASE" admin "$ADMIN_PW")
api_get() { curl -sf -H "Authorization: Bearer $TOKEN" "$BASE$1"; }
total_of() { api_get "$1" | grep -o '"total":[0-9]*' | head -1 | cut -d: -f2; }

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
USERS_PATH="/api/v1/users?unit=$UNIT&per_page=$PAGE"
items=$(api_get "$USERS_PATH" | grep -o '"username":' | wc -l)
[ "$items" -eq "$PAGE" ] || { log "$USERS_PATH returned $items items, expected $PAGE"; exit 1; }
log "user list: unit $UNIT ($UNIT_TOTAL active users in subtree)"
AUTH=(-H "Authorization: Bearer $TOKEN")
USERS_NAME="users, unit $UNIT ($UNIT_TOTAL in subtree), per_page=$PAGE"

bench "PostgreSQL, 1 instance" "/healthz" "$BASE/healthz"
bench "PostgreSQL, 1 instance" "$USERS_NAME" "$BASE$USERS_PATH" "${AUTH[@]}"

start_instance B
# The session lives in the database: the token works on B too.
curl -sf "${AUTH[@]}" "http://127.0.0.1:${PORTS[1]}$USERS_PATH" >/dev/null ||
  { log "instance B rejects the token"; exit 1; }
start_nginx
NBASE="http://127.0.0.1:$NGINX_PORT"
# Both instances get requests through nginx.
bench "PostgreSQL, 2 instances behind nginx" "/healthz" "$NBASE/healthz"
bench "PostgreSQL, 2 instances behind nginx" "$USERS_NAME" "$NBASE$USERS_PATH" "${AUTH[@]}"
NGINX_ERRORS=$(grep -c '\[error\]' "$TMP/nginx/error.log" 2>/dev/null || true)

cat <<EOF

### Results ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'), PostgreSQL $PG_VERSION (throwaway cluster: fsync, full_page_writes, synchronous_commit off), $("$NGINX_BIN" -v 2>&1 | sed 's/.*version: //'), $(wrk -v 2>&1 | head -1 | awk '{ print $1, $2 }'); wrk -t2 -c64 -d$DURATION --latency, all on the same machine.
nginx: worker_processes 2, round robin over the instances, keepalive 64 to the upstreams; error-log lines at [error] during the runs: ${NGINX_ERRORS:-0}.
"peak RSS": VmHWM of each lantian instance during the run (reset before each run). CPU µs/req: CPU time per request of the lantian instances together (per instance in parentheses: shows the round robin split) / PostgreSQL (postmaster and backends) / nginx (master and workers). Load: 1-minute load average when the run started.

| setup | run | req/s | p50 ms | p99 ms | peak RSS MiB | CPU µs/req lantian / PostgreSQL / nginx | load | non-2xx |
|---|---|---|---|---|---|---|---|---|
EOF
printf '%s\n' "${ROWS[@]}"
