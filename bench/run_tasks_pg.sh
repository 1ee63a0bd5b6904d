#!/usr/bin/env bash
# The task-list benchmark of bench/run_tasks.sh on PostgreSQL: the same data
# seeded into a throwaway cluster (tests/support/pg_cluster.sh; fsync off, so
# it flatters writes, but only reads are measured), the same lists, plus the
# CPU of PostgreSQL's backends per request. No Node.js peer here. Without the
# PostgreSQL server binaries it says so and does nothing.
#
#   bench/run_tasks_pg.sh PATH/TO/lantian
set -euo pipefail
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  echo "bench: PostgreSQL server binaries not found (apt-get install postgresql); task lists on PostgreSQL skipped" >&2
  exit 0
fi
BENCH_TASKS_PG=1 exec "$(dirname "$0")/run_tasks.sh" "$@"
