// Linked into api_pg_tests only: the API suites run on PostgreSQL
// (support/test_backend.h).
#include "support/test_backend.h"

namespace {
const bool kSet = (lantian::test::g_on_postgres = true);
}  // namespace
