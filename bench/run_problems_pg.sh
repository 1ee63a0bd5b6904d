#!/usr/bin/env bash
# The supervision-problem benchmark of bench/run_problems.sh on PostgreSQL:
# by default the filtered list at 1,000,000 problems (issue 12: "p99 ≤ 30 ms
# on both databases") seeded into a throwaway cluster
# (tests/support/pg_cluster.sh; fsync off, so it flatters the seeding, but
# only reads are measured), VACUUM ANALYZE, the same lists, the backends' CPU
# per request and EXPLAIN ANALYZE of the count and the page.
# BENCH_PROBLEMS_PHASES="100k 1m" adds the writes and the overdue list
# (without the Redmine peer, which runs on SQLite). Without the PostgreSQL
# server binaries it says so and does nothing.
#
#   bench/run_problems_pg.sh PATH/TO/lantian
set -euo pipefail
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  echo "bench: PostgreSQL server binaries not found (apt-get install postgresql); problems on PostgreSQL skipped" >&2
  exit 0
fi
BENCH_PROBLEMS_PG=1 BENCH_PEER=0 exec "$(dirname "$0")/run_problems.sh" "$@"
