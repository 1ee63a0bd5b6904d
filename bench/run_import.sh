#!/usr/bin/env bash
# Lantian ledger-import benchmark (issue 11: "import a 100,000-row .xlsx in
# ≤ 10 s with validation"). A benchmark, not a test: it asserts nothing but
# that the import lands whole, and prints a Markdown table for
# docs/benchmarks.md ("Issue 11: ledger lists and imports").
#
#   bench/run_import.sh PATH/TO/lantian                      # SQLite, then PostgreSQL
#   BENCH_IMPORT_BACKENDS=sqlite bench/run_import.sh PATH/TO/lantian
#
# For each backend (BENCH_IMPORT_BACKENDS, default "sqlite pg"; pg is skipped
# without the PostgreSQL server binaries), in a temp dir (removed on exit
# unless BENCH_KEEP=1):
#  1. lantian_bench_ledgers_seed creates the district of bench/run.sh (1,000
#     units, 10,000 users; on PostgreSQL in a throwaway cluster,
#     tests/support/pg_cluster.sh) with BENCH_IMPORT_BASE_ROWS (0) boiler
#     rows already in the ledger, and writes BENCH_IMPORT_ROWS (100,000) new
#     small-coal-boiler rows as an .xlsx in the ledger's export layout: the
#     zh-CN labels of coal_boilers' [excel] columns as headers, choices by
#     label, 是/否, real dates, the unit column the townships' names (see
#     bench/ledgers_seed.cpp, bench/boilers_gen.h). The file is made once and
#     used for both backends.
#  2. `lantian serve` on 127.0.0.1:0, --log-level warn, API only, with its
#     default limits: the import takes bodies up to 64 MiB ([server]
#     max_import_bytes), more than the 8 MiB of other requests. A build from
#     before that needs BENCH_IMPORT_MAX_BODY=67108864 ([server]
#     max_body_bytes raised for every request, bench.toml).
#  3. Logs in as a campaign office account (district-wide, so every
#     township's name is in scope) and times
#       POST /api/v1/ledgers/coal_boilers/import?filename=boilers.xlsx  (raw body)
#     until its answer (upload, reading the workbook and checking every row:
#     200 = written already, 202 = a job), then polls
#       GET /api/v1/ledger-imports/{id}
#     every 0.1 s until the job is done (the background write). It checks
#     that the report counts every row as new with no errors and that the
#     ledger then lists them all, and reads the server's CPU time and peak
#     RSS (and, on PostgreSQL, the backends' CPU) over the import.
#
# Environment: BENCH_IMPORT_ROWS (100000), BENCH_IMPORT_BASE_ROWS (0),
# BENCH_IMPORT_BACKENDS ("sqlite pg"), BENCH_KEEP=1, BENCH_IMPORT_TARGET_S (10),
# BENCH_IMPORT_MAX_BODY (unset).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: bench/run_import.sh PATH/TO/lantian" >&2
  exit 2
fi
LANTIAN=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=${LANTIAN_BENCH_LEDGERS_SEED:-$(dirname "$LANTIAN")/bench/lantian_bench_ledgers_seed}
IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}
BASE_ROWS=${BENCH_IMPORT_BASE_ROWS:-0}
BACKENDS=${BENCH_IMPORT_BACKENDS:-sqlite pg}
TARGET_S=${BENCH_IMPORT_TARGET_S:-10}
ADMIN_PW='Bench#Admin-2026'
PG_CLUSTER="$HERE/../tests/support/pg_cluster.sh"
XLSX_TYPE=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet

# shellcheck source=bench/lib.sh
. "$HERE/lib.sh"
require_tools curl
[ -x "$LANTIAN" ] || { log "$LANTIAN is not executable (run make build)"; exit 1; }
[ -x "$SEED" ] || { log "$SEED not found (run make build)"; exit 1; }

TMP=$(mktemp -d /tmp/lantian-bench-import.XXXXXX)
chmod 755 "$TMP"  # the postgres user needs to reach $TMP/pg
CLUSTER_UP=0
cleanup() {
  set +e
  stop_started
  [ "$CLUSTER_UP" = 1 ] && bash "$PG_CLUSTER" stop "$TMP/pg" >/dev/null 2>&1
  if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server reads ./lantian.toml and LANTIAN_* variables: keep both out
# (bench.toml is passed by --config).
cd "$TMP"
unset LANTIAN_DB LANTIAN_LISTEN LANTIAN_WEB_ROOT LANTIAN_LOG_LEVEL LANTIAN_CLOCK_START LANTIAN_LEDGERS_DIR \
  LANTIAN_WORKFLOWS_DIR
printf '[server]\n' >"$TMP/bench.toml"
if [ -n "${BENCH_IMPORT_MAX_BODY:-}" ]; then
  printf 'max_body_bytes = %d\n' "$BENCH_IMPORT_MAX_BODY" >>"$TMP/bench.toml"
fi
XLSX="$TMP/boilers-$IMPORT_ROWS.xlsx"
XLSX_MADE=""

now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
json_num() { grep -o "\"$1\":-\?[0-9]*" | head -1 | cut -d: -f2; }
json_str() { grep -o "\"$1\":\"[^\"]*\"" | head -1 | cut -d'"' -f4; }

ROWS=()
NOTES=()
# one BACKEND: seed, serve, import, verify; appends a row to ROWS.
one() {
  local backend=$1 db label pg_pids_fn=""
  if [ "$backend" = pg ]; then
    if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
      log "PostgreSQL server binaries not found (apt-get install postgresql); the import on PostgreSQL skipped"
      NOTES+=("PostgreSQL skipped: no server binaries.")
      return 0
    fi
    log "starting a throwaway PostgreSQL cluster"
    CLUSTER_UP=1
    local url psql
    url=$(bash "$PG_CLUSTER" start "$TMP/pg" $$)
    psql="$(cat "$TMP/pg/bin")/psql"
    [ -x "$psql" ] || psql=psql
    "$psql" -q -v ON_ERROR_STOP=1 "$url" -c 'CREATE DATABASE bench' >&2
    db="${url%/*}/bench"
    label="PostgreSQL $("$psql" -tA "$db" -c 'SHOW server_version')"
    pg_pids_fn=1
  else
    db="$TMP/bench.db"
    label="SQLite $(sqlite3 --version 2>/dev/null | awk '{ print $1 }')"
  fi
  pg_pids() {
    [ -n "$pg_pids_fn" ] || return 0
    local pm
    pm=$(head -1 "$TMP/pg/data/postmaster.pid")
    # shellcheck disable=SC2046
    echo "$pm" $(pgrep -P "$pm" || true)
  }

  log "seeding the district ($BASE_ROWS boiler rows) into $label"
  local xlsx_args=()
  [ -f "$XLSX" ] || xlsx_args=(--xlsx "$XLSX" --xlsx-rows "$IMPORT_ROWS")
  "$SEED" --db "$db" --rows "$BASE_ROWS" --admin-password "$ADMIN_PW" "${xlsx_args[@]}" >"$TMP/seed-$backend.out"
  cat "$TMP/seed-$backend.out" >&2
  [ ${#xlsx_args[@]} -gt 0 ] && XLSX_MADE=$(sed -n 's/^  timing: .*xlsx \([0-9.]*\) s.*/\1/p' "$TMP/seed-$backend.out")
  local office pw
  office=$(sed -n 's/^OFFICE_USER=//p' "$TMP/seed-$backend.out")
  pw=$(sed -n 's/^USER_PASSWORD=//p' "$TMP/seed-$backend.out")
  local bytes
  bytes=$(stat -c %s "$XLSX")

  start_lantian "$db" "$TMP/server-$backend.out" "$TMP/server-$backend.log" --log-level warn --config "$TMP/bench.toml"
  local pid=$STARTED_PID base="http://127.0.0.1:$STARTED_PORT"
  local token auth
  token=$(login_token "$base" "$office" "$pw")
  auth=(-H "Authorization: Bearer $token")

  # The import: upload and check (the answer), then the job (the writes).
  local load0 s0 g0 pgp t0 t1 t2 code body job state="" processed="" polls=0
  load0=$(cut -d' ' -f1 /proc/loadavg)
  echo 5 >"/proc/$pid/clear_refs" 2>/dev/null || true
  s0=$(ticks "$pid")
  read -ra pgp <<<"$(pg_pids)"
  g0=$(ticks "${pgp[@]}")
  log "POST $IMPORT_ROWS rows ($bytes bytes) as $office"
  t0=$(now)
  code=$(curl -s -o "$TMP/import-$backend.json" -w '%{http_code}' "${auth[@]}" -H "content-type: $XLSX_TYPE" \
    --data-binary "@$XLSX" "$base/api/v1/ledgers/coal_boilers/import?filename=$(basename "$XLSX")") || true
  t1=$(now)
  body=$(cat "$TMP/import-$backend.json")
  log "HTTP $code after $(secs "$t0" "$t1") s: $(printf '%s' "$body" | head -c 400)"
  case "$code" in
    200) t2=$t1; state="done" ;;
    202)
      job=$(printf '%s' "$body" | grep -o '"job":{[^}]*}' | json_str id)
      [ -n "$job" ] || { log "202 without a job id"; exit 1; }
      while :; do
        body=$(curl -sf "${auth[@]}" "$base/api/v1/ledger-imports/$job") || { log "GET job $job failed"; exit 1; }
        polls=$((polls + 1))
        state=$(printf '%s' "$body" | grep -o '"state":"[^"]*"' | tail -1 | cut -d'"' -f4)
        [ "$state" = "done" ] || [ "$state" = failed ] && break
        sleep 0.1
      done
      t2=$(now)
      processed=$(printf '%s' "$body" | json_num processed)
      printf '%s' "$body" >"$TMP/job-$backend.json"
      log "job $job $state after $(secs "$t0" "$t2") s ($polls polls, $processed processed): $(printf '%s' "$body" | head -c 400)"
      ;;
    404 | 405)
      # A build from before the import API (app/ledger_sheets.h): nothing to time.
      log "POST .../import answered HTTP $code: this build has no ledger import; skipped"
      NOTES+=("$label: skipped, this lantian has no ledger import (HTTP $code).")
      stop_pid "$pid"
      if [ "$backend" = pg ]; then
        bash "$PG_CLUSTER" stop "$TMP/pg" >/dev/null 2>&1 || true
        CLUSTER_UP=0
      fi
      return 0
      ;;
    *)
      log "the import answered HTTP $code"
      exit 1
      ;;
  esac
  local s1 g1 hwm rss
  s1=$(ticks "$pid")
  read -ra pgp <<<"$(pg_pids)"
  g1=$(ticks "${pgp[@]}")
  hwm=$(mib VmHWM "$pid")
  rss=$(mib VmRSS "$pid")
  [ "$state" = "done" ] || { log "the import did not finish: $state"; exit 1; }
  local new errors written
  new=$(printf '%s' "$body" | json_num new)
  errors=$(printf '%s' "$body" | json_num errors)
  written=$(printf '%s' "$body" | grep -o '"written":[a-z]*' | head -1 | cut -d: -f2)
  if [ "$new" != "$IMPORT_ROWS" ] || [ "$errors" != 0 ] || [ "$written" != true ]; then
    log "the report says new=$new errors=$errors written=$written, expected $IMPORT_ROWS new rows written"
    exit 1
  fi
  local total
  total=$(curl -sf "${auth[@]}" "$base/api/v1/ledgers/coal_boilers/rows?per_page=1" | json_num total)
  [ "$total" = $((BASE_ROWS + IMPORT_ROWS)) ] ||
    { log "the ledger lists $total rows, expected $((BASE_ROWS + IMPORT_ROWS))"; exit 1; }
  stop_pid "$pid"
  if [ "$backend" = pg ]; then
    bash "$PG_CLUSTER" stop "$TMP/pg" >/dev/null 2>&1 || true
    CLUSTER_UP=0
  fi

  local check_s write_s total_s verdict scpu gcpu=""
  check_s=$(secs "$t0" "$t1")
  write_s=$(secs "$t1" "$t2")
  total_s=$(secs "$t0" "$t2")
  scpu=$(awk -v t=$((s1 - s0)) -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }')
  [ -n "$pg_pids_fn" ] && gcpu=$(awk -v t=$((g1 - g0)) -v hz="$HZ" 'BEGIN { printf "%.1f", t / hz }')
  verdict=$(awk -v t="$total_s" -v g="$TARGET_S" 'BEGIN { if (t <= g) print "meets"; else printf "MISS: %.1f× %d s\n", t / g, g }')
  ROWS+=("| $label | $IMPORT_ROWS rows, $(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }') MiB | HTTP $code | $check_s | $write_s | **$total_s** | $scpu${gcpu:+ + PG $gcpu} | $rss / $hwm | $load0 → $(cut -d' ' -f1 /proc/loadavg) | $verdict |")
}

for b in $BACKENDS; do one "$b"; done

cat <<EOF

## Ledger import: $IMPORT_ROWS coal_boilers rows from .xlsx ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo))

lantian $("$LANTIAN" --version | awk '{ print $2 }'). The file was made in ${XLSX_MADE:-?} s by lantian_bench_ledgers_seed; $BASE_ROWS rows in the ledger before.
The server ran with $([ -n "${BENCH_IMPORT_MAX_BODY:-}" ] && echo "[server] max_body_bytes = $BENCH_IMPORT_MAX_BODY" || echo "its default body limits (the import's: 64 MiB)"); the file is $(stat -c %s "$XLSX") bytes.
"upload + check" = the POST's answer (upload, reading the workbook, checking every row; 200 = written already,
202 = queued); "background write" = from then until the job reported done (polled every 0.1 s). Target: ≤ $TARGET_S s in all.
EOF
if [ ${#ROWS[@]} -gt 0 ]; then
  printf '\n| backend | file | answer | upload + check s | background write s | total s | server CPU s | RSS / peak MiB | load | vs target |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|\n'
  printf '%s\n' "${ROWS[@]}"
fi
[ ${#NOTES[@]} -gt 0 ] && printf '\n%s\n' "${NOTES[@]}"
exit 0
