// Which database the server-driving API suites run on. Their object files are
// compiled once and linked into both api_tests (SQLite) and api_pg_tests
// (PostgreSQL); api_pg_tests alone links tests/support/backend_postgres.cpp,
// whose static initialiser sets the flag before main(). (Compiling the suites
// twice, once per backend, was a fifth of a clean build.)
#pragma once

namespace lantian::test {

// Constant-initialised (false), so it is set before any dynamic initialiser
// that might read it runs, and read only by tests after main() starts.
inline bool g_on_postgres = false;

inline bool on_postgres() { return g_on_postgres; }

}  // namespace lantian::test
