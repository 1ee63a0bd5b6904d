#!/usr/bin/env bash
# The ledger-list benchmark of bench/run_ledgers.sh on PostgreSQL: the same
# 1,000,000 rows seeded into a throwaway cluster (tests/support/pg_cluster.sh;
# fsync off, so it flatters the seeding, but only reads are measured), the
# same lists, plus the CPU of PostgreSQL's backends per request and EXPLAIN
# ANALYZE of the filtered page and the district count. Without the
# PostgreSQL server binaries it says so and does nothing.
#
#   bench/run_ledgers_pg.sh PATH/TO/lantian
set -euo pipefail
if [ -z "${PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null; then
  echo "bench: PostgreSQL server binaries not found (apt-get install postgresql); ledger lists on PostgreSQL skipped" >&2
  exit 0
fi
BENCH_LEDGERS_PG=1 exec "$(dirname "$0")/run_ledgers.sh" "$@"
