#!/usr/bin/env bash
# The Redmine 5 peer of bench/run_problems.sh (issue 12: the targets are 50×
# what Redmine, the classic issue tracker, reaches on the same machine for
# issue creation, status changes and an overdue query). Debian 12's own
# packages (redmine 5.0.x with its SQLite backend, and puma); nothing of
# Redmine is vendored here.
#
#   bench/peers/redmine/redmine.sh install              apt-get the packages if missing
#   bench/peers/redmine/redmine.sh setup DIR [ISSUES]   a fresh SQLite database DIR/redmine.sqlite3,
#                                                       migrated, default data (en), REST API on,
#                                                       project "bench", ISSUES issues (100000);
#                                                       KEY=VALUE lines in DIR/seed.out
#   bench/peers/redmine/redmine.sh start DIR [WORKERS] [THREADS] [NAME]
#                                                       puma on a free port of 127.0.0.1 with
#                                                       WORKERS processes (2) of THREADS threads
#                                                       (1); prints the port; pid in DIR/NAME.pid
#                                                       (NAME: puma), log in DIR/NAME.log
#   bench/peers/redmine/redmine.sh stop DIR [NAME]
#
# The database is chosen by DATABASE_URL (Rails merges it over the Debian
# instance's database.yml), so the package's own instance and database are
# left alone; busy timeout 5 s (Rails' usual sqlite3 setting). Even so, two
# processes writing one SQLite file at once fail with SQLITE_BUSY ("database
# is locked": both read inside a transaction, then both want to write; SQLite
# refuses one at once rather than deadlock), so bench/run_problems.sh writes
# through one single-threaded puma and reads through another of two
# workers, on the same file in WAL mode. The Rails log runs
# at warn (config.ru here), as Lantian runs at --log-level warn. E-mail
# notifications are off (seed.rb): there is no mail server.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RM=/usr/share/redmine
export RAILS_ENV=production

db_url() { echo "sqlite3:$1/redmine.sqlite3?timeout=5000"; }

case "${1:-}" in
  install)
    if [ ! -d "$RM" ] || ! command -v puma >/dev/null; then
      # The package asks which database to use (dbconfig-common): SQLite.
      printf '%s\n' \
        'redmine redmine/instances/default/dbconfig-install boolean true' \
        'redmine redmine/instances/default/database-type select sqlite3' | debconf-set-selections
      DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends redmine redmine-sqlite puma >&2
    fi
    ;;
  setup)
    dir=$(realpath "$2")
    issues=${3:-100000}
    mkdir -p "$dir"
    rm -f "$dir/redmine.sqlite3"
    export DATABASE_URL
    DATABASE_URL=$(db_url "$dir")
    cd "$RM"
    echo "redmine: migrating $dir/redmine.sqlite3" >&2
    rake db:migrate >"$dir/migrate.log" 2>&1 || { tail -20 "$dir/migrate.log" >&2; exit 1; }
    REDMINE_LANG=en rake redmine:load_default_data >>"$dir/migrate.log" 2>&1 ||
      { tail -20 "$dir/migrate.log" >&2; exit 1; }
    echo "redmine: seeding $issues issues" >&2
    ISSUES=$issues bin/rails runner "$HERE/seed.rb" >"$dir/seed.out" 2>"$dir/seed.err" ||
      { tail -20 "$dir/seed.err" >&2; exit 1; }
    # WAL, as Lantian's SQLite: readers and the writer do not block each other.
    sqlite3 "$dir/redmine.sqlite3" 'PRAGMA journal_mode=WAL' >/dev/null
    cat "$dir/seed.out"
    ;;
  start)
    dir=$(realpath "$2")
    workers=${3:-2}
    threads=${4:-1}
    name=${5:-puma}
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    export DATABASE_URL
    DATABASE_URL=$(db_url "$dir")
    cd "$RM"
    puma -e production -w "$workers" -t "$threads:$threads" -b "tcp://127.0.0.1:$port" \
      --pidfile "$dir/$name.pid" "$HERE/config.ru" >"$dir/$name.log" 2>&1 &
    for _ in $(seq 1 600); do
      if curl -sf -o /dev/null "http://127.0.0.1:$port/issues.json?limit=1"; then
        echo "$port"
        exit 0
      fi
      sleep 0.2
    done
    echo "redmine: puma did not answer on port $port" >&2
    tail -20 "$dir/$name.log" >&2
    exit 1
    ;;
  stop)
    dir=$(realpath "$2")
    name=${3:-puma}
    if [ -f "$dir/$name.pid" ]; then
      pid=$(cat "$dir/$name.pid")
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
      rm -f "$dir/$name.pid"
    fi
    ;;
  *)
    sed -n '2,20p' "$0" >&2
    exit 2
    ;;
esac
