# Plumbing shared by the benchmark scripts (bench/run.sh, bench/run_pg.sh,
# bench/run_tasks.sh): starting and stopping `lantian serve`, logging in,
# reading RSS and CPU time from /proc, and running wrk into a Markdown row.
# Sourced, never run; it sets no shell options of its own.
#
# Callers set LANTIAN (the binary), TMP (a scratch dir) and, for bench_run,
# DURATION, SERVER_PID and BASE, and declare ROWS=().

log() { echo "bench: $*" >&2; }

# require_tools TOOL...: exits with a hint when one is missing.
require_tools() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      log "'$tool' not found; install it (apt-get install $tool, or scripts/install-deps.sh --test)"
      exit 1
    fi
  done
}

# stop_pid PID: TERM, up to 5 s grace, then KILL; reaps it.
stop_pid() {
  local pid=$1
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
}

# Every server start_lantian started, so an EXIT trap can stop them all
# (stop_started) even when a start fails half way.
BENCH_PIDS=()
stop_started() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do stop_pid "$pid"; done
}

# start_lantian DB OUT ERR [serve args...]: `lantian serve` on 127.0.0.1:0
# (the kernel picks the port, the server prints it) with no web root, in the
# background. Sets STARTED_PID and STARTED_PORT once /healthz answers; exits
# the script if it does not. Call it directly, not in $(...).
start_lantian() {
  local db=$1 out=$2 err=$3
  shift 3
  "$LANTIAN" --db "$db" serve --listen 127.0.0.1:0 --web-root "$TMP/no-web" "$@" >"$out" 2>"$err" &
  STARTED_PID=$!
  BENCH_PIDS+=("$STARTED_PID")
  STARTED_PORT=""
  for _ in $(seq 1 150); do
    # (the shell may not have created $out yet: not an error)
    STARTED_PORT=$(sed -n 's|.*serving on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$out" 2>/dev/null || true)
    [ -n "$STARTED_PORT" ] && break
    kill -0 "$STARTED_PID" 2>/dev/null || { cat "$err" >&2; log "server exited"; exit 1; }
    sleep 0.1
  done
  [ -n "$STARTED_PORT" ] || { log "server did not report its port"; exit 1; }
  for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$STARTED_PORT/healthz" >/dev/null && return 0
    sleep 0.1
  done
  log "server on port $STARTED_PORT never became healthy"
  exit 1
}

# login_token BASE USERNAME PASSWORD: prints a bearer token; exits on failure.
login_token() {
  local body token
  body=$(curl -sf -H 'content-type: application/json' \
    -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/auth/login") || true
  token=$(printf '%s' "$body" | grep -o '"token":"[0-9a-f]*"' | head -1 | cut -d'"' -f4)
  [ ${#token} -eq 64 ] || { log "login as $2 failed: $body"; exit 1; }
  printf '%s' "$token"
}

# mib FIELD PID: VmRSS or VmHWM of a process in MiB (one decimal).
mib() { awk -v f="$1:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$2/status"; }

# ticks PID...: summed utime + stime of live processes, in clock ticks.
ticks() {
  local t=0 pid
  for pid in "$@"; do
    [ -r "/proc/$pid/stat" ] && t=$((t + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$t"
}
# child_ticks: CPU of the main shell's waited-for children (cutime + cstime): wrk.
child_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
HZ=$(getconf CLK_TCK)

# to_ms VALUE: wrk latency ("850.00us", "1.23ms", "1.02s") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

# wrk_stats FILE: sets RPS N P50 P75 P90 P99 NON2XX SOCKERR from `wrk --latency` output.
wrk_stats() {
  RPS=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$1")
  N=$(awk '/requests in/ { print $1 }' "$1")
  P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$1")")
  P75=$(to_ms "$(awk '$1 == "75%" { print $2 }' "$1")")
  P90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$1")")
  P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$1")")
  NON2XX=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$1")
  SOCKERR=$(sed -n 's/.*Socket errors: *//p' "$1")
}

# bench_run NAME TARGET_RPS THREADS CONNECTIONS PATH [wrk args...]: one wrk
# run against $BASE$PATH; appends a Markdown row to ROWS with req/s, latency
# percentiles, the server's RSS (VmHWM reset before the run), server and wrk
# CPU per request, the load average and a verdict against the targets:
# TARGET_RPS req/s, p99 <= P99_TARGET ms (default 20), peak RSS <= 64 MiB.
# SERVER_PIDS (space-separated), when set, replaces SERVER_PID for the CPU
# time (a server of several processes). TARGET_RPS "p99" = the
# latency and RSS targets only; 0 = no target (an extra run).
bench_run() {
  local name=$1 target=$2 threads=$3 conns=$4 path=$5
  shift 5
  local out
  out="$TMP/wrk-$(echo "$name $threads $conns" | tr -c 'a-zA-Z0-9' '_').txt"
  log "wrk -t$threads -c$conns -d$DURATION --latency $* $BASE$path"
  # Peak RSS per run: reset VmHWM to the current RSS (Linux clear_refs 5).
  echo 5 >"/proc/$SERVER_PID/clear_refs" 2>/dev/null || log "cannot reset VmHWM; peak is since start"
  local load s0 s1 w0 w1
  load=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086
  s0=$(ticks ${SERVER_PIDS:-$SERVER_PID})
  w0=$(child_ticks)
  wrk -t"$threads" -c"$conns" -d"$DURATION" --latency "$@" "$BASE$path" >"$out"
  w1=$(child_ticks)
  # shellcheck disable=SC2086
  s1=$(ticks ${SERVER_PIDS:-$SERVER_PID})
  cat "$out" >&2
  wrk_stats "$out"
  local rss hwm scpu wcpu verdict
  rss=$(mib VmRSS "$SERVER_PID")
  hwm=$(mib VmHWM "$SERVER_PID")
  # CPU microseconds per request (clock-tick resolution: fine over seconds).
  scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  wcpu=$(awk -v t=$((w1 - w0)) -v hz="$HZ" -v n="$N" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
  verdict=$(awk -v r="$RPS" -v t="$target" -v p="$P99" -v pt="${P99_TARGET:-20}" -v h="$hwm" -v e="${NON2XX:-0}" 'BEGIN {
    m = ""; lat = (t != "0");
    if (t + 0 > 0 && r < t + 0) m = m sprintf(" req/s %.0f%% of %d;", 100 * r / t, t);
    if (lat && p > pt) m = m sprintf(" p99 %.1f× %d ms;", p / pt, pt);
    if (h > 64) m = m " RSS > 64 MiB;";
    if (e > 0) m = m " non-2xx responses;";
    if (!lat) print "(no target)" m; else if (m == "") print "meets"; else print "MISS:" m }')
  ROWS+=("| $name | $threads/$conns | $RPS | $P50 | $P75 | $P90 | $P99 | $rss / $hwm | $scpu | $wcpu | $load | ${NON2XX:-0}${SOCKERR:+; socket errors: $SOCKERR} | $verdict |")
}
