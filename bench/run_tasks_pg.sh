#!/usr/bin/env bash
# The task-list benchmark of bench/run_tasks.sh on PostgreSQL: the same data
# seeded into a throwaway cluster (tests/support/pg_cluster.sh; fsync off, so
# it flatters writes, but only reads are measured), the same lists, plus the
# CPU of PostgreSQL's backends per request. No Node.js peer here.
#
#   bench/run_tasks_pg.sh PATH/TO/lantian
set -euo pipefail
BENCH_TASKS_PG=1 exec "$(dirname "$0")/run_tasks.sh" "$@"
