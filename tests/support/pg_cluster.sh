#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests.
#
#   pg_cluster.sh start DIR [OWNER_PID]
#       Creates DIR, runs initdb in DIR/data (trust auth, superuser postgres,
#       UTF8, C.UTF-8 locale) and starts a server on a free 127.0.0.1 port
#       with its socket in DIR and durability off (fsync, full_page_writes,
#       synchronous_commit). Waits until it accepts connections, then prints
#       the server URL (postgres://postgres@127.0.0.1:PORT/postgres) and
#       writes it to DIR/url. With OWNER_PID, a watchdog stops the cluster
#       and removes DIR once that process has exited (so a crashed test run
#       leaves no server behind).
#   pg_cluster.sh shared DIR OWNER_PID
#       The same cluster for every caller naming DIR: the first one starts
#       it, later ones (while it runs) just register. One watchdog stops it
#       and removes DIR a few seconds after the last registered owner has
#       exited, so the test processes of one ctest run share one cluster.
#       Prints the URL.
#   pg_cluster.sh stop DIR
#       Stops the cluster (pg_ctl -m fast) and removes DIR.
#
# Works as root (PostgreSQL refuses to run as root: the binaries then run as
# the `postgres` system user, created if missing) and as an ordinary user.
# Binaries: PG_BIN if set, else the newest /usr/lib/postgresql/*/bin, else
# PATH. Exit status is non-zero with a message on stderr on failure.
set -euo pipefail
self=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")

die() {
  echo "pg_cluster.sh: $*" >&2
  exit 1
}

find_bin() {
  if [[ -n "${PG_BIN:-}" ]]; then
    echo "$PG_BIN"
    return
  fi
  local best
  # The glob sorts 15 before 9: pick the highest major by number.
  best=$(for d in /usr/lib/postgresql/*/bin; do
    [[ -x "$d/initdb" ]] && echo "$d"
  done | sort -t/ -k5 -n | tail -n 1)
  if [[ -n "$best" ]]; then
    echo "$best"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  else
    die "no PostgreSQL server binaries (initdb) found; install the postgresql package"
  fi
}

# as_pg CMD...: runs CMD as the cluster owner.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_user() {
  [[ $(id -u) -eq 0 ]] || return 0
  if ! id -u postgres >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres ||
      die "cannot create the postgres system user"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

cmd_start() {
  local dir=$1 owner=${2:-}
  local bin
  bin=$(find_bin)
  ensure_user
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ ! -e "$dir/data" ]] || die "$dir/data already exists"
  # Unix socket paths are limited to 107 bytes.
  ((${#dir} < 90)) || die "$dir is too long for a socket directory"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$dir"
    chmod 700 "$dir"
    as_pg test -w "$dir" || die "the postgres user cannot write to $dir (check the parent folders' permissions)"
  fi
  as_pg "$bin/initdb" -D "$dir/data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --no-sync --no-instructions >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    die "initdb failed"
  }
  local port="" _
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local p=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$p" && continue
    if as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -s \
      -o "-p $p -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300" \
      start >/dev/null 2>&1 9>&-; then
      port=$p
      break
    fi
    # Another process took the port between the check and the start: retry.
    grep -q "could not bind\|Address already in use\|could not create any TCP/IP sockets" "$dir/server.log" 2>/dev/null ||
      {
        cat "$dir/server.log" >&2 2>/dev/null || true
        die "the server did not start"
      }
  done
  [[ -n "$port" ]] || die "no free port found"
  for _ in $(seq 1 100); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres && break
    sleep 0.1
  done
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres || die "the server is not ready on port $port"
  local url="postgres://postgres@127.0.0.1:$port/postgres"
  echo "$url" >"$dir/url"
  echo "$bin" >"$dir/bin"
  if [[ -n "$owner" ]]; then
    # Detached, with no inherited output, so a caller reading our stdout
    # (popen) sees EOF when this script ends.
    # shellcheck disable=SC2016 # expanded by the inner bash
    setsid bash -c '
      while kill -0 "$1" 2>/dev/null; do sleep 1; done
      exec "$2" stop "$3"' watchdog "$owner" "$self" "$dir" \
      </dev/null >/dev/null 2>&1 9>&- &
    echo $! >"$dir/watchdog.pid"
  fi
  echo "$url"
}

# Runs in the background for a shared cluster: stops it once no owner listed
# in DIR/owners has been alive for 5 s.
shared_watchdog() {
  local dir=$1 lock=$1.lock idle=0
  while sleep 1; do
    exec 8>"$lock"
    flock 8
    local live=() p
    if [[ -f "$dir/owners" ]]; then
      while read -r p; do
        [[ -n "$p" ]] && kill -0 "$p" 2>/dev/null && live+=("$p")
      done <"$dir/owners"
    fi
    if ((${#live[@]})); then
      idle=0
      printf '%s\n' "${live[@]}" >"$dir/owners"
    elif ((++idle >= 5)) || [[ ! -d "$dir" ]]; then
      rm -f "$dir/watchdog.pid"
      cmd_stop "$dir"
      exec 8>&-
      exit 0
    fi
    exec 8>&-
  done
}

cmd_shared() {
  local dir=$1 owner=$2
  local lock=$dir.lock
  exec 9>"$lock"
  flock -w 300 9 || die "timed out waiting for $lock"
  if [[ -f "$dir/url" ]]; then
    local url port
    url=$(cat "$dir/url")
    port=${url##*:}
    port=${port%%/*}
    if "$(cat "$dir/bin")/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres; then
      echo "$owner" >>"$dir/owners"
      echo "$url"
      return
    fi
  fi
  # Not running (or left over from a crash): start afresh.
  cmd_stop "$dir"
  local url
  url=$(cmd_start "$dir")
  echo "$owner" >"$dir/owners"
  setsid "$self" _watch "$dir" </dev/null >/dev/null 2>&1 9>&- &
  echo $! >"$dir/watchdog.pid"
  echo "$url"
}

cmd_stop() {
  local dir=$1
  [[ -d "$dir" ]] || return 0
  dir=$(cd "$dir" && pwd)
  if [[ -f "$dir/watchdog.pid" ]]; then
    local w
    w=$(cat "$dir/watchdog.pid")
    # Not the watchdog itself calling us.
    if [[ "$w" != "$PPID" && "$w" != "$$" ]]; then kill "$w" 2>/dev/null || true; fi
  fi
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    local bin
    bin=$(cat "$dir/bin" 2>/dev/null || find_bin)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 -s stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start)
    [[ $# -ge 2 ]] || die "usage: pg_cluster.sh start DIR [OWNER_PID]"
    cmd_start "$2" "${3:-}"
    ;;
  shared)
    [[ $# -eq 3 ]] || die "usage: pg_cluster.sh shared DIR OWNER_PID"
    cmd_shared "$2" "$3"
    ;;
  _watch)
    shared_watchdog "$2"
    ;;
  stop)
    [[ $# -eq 2 ]] || die "usage: pg_cluster.sh stop DIR"
    cmd_stop "$2"
    ;;
  *)
    die "usage: pg_cluster.sh start DIR [OWNER_PID] | shared DIR OWNER_PID | stop DIR"
    ;;
esac
