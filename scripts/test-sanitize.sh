#!/usr/bin/env bash
# Runs the C++ unit and API suites of an ASan + UBSan build (cmake -DLANTIAN_SANITIZE=ON)
# and fails if any process reported anything: the test binaries, and the `lantian`
# servers and CLI runs the API tests start (whose stderr the tests discard, so every
# report goes to a log file and this script checks the folder afterwards).
#
#   scripts/test-sanitize.sh BUILD_DIR [SUITES]
#
# SUITES: "all" (default: core store io http app jobs api and the PostgreSQL run of
# the API suites) or a space-separated list of areas, e.g. "core io http store".
# See docs/fuzzing.md, "Sanitizers".
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/test-sanitize.sh BUILD_DIR [SUITES]}
suites=${2:-all}
[ "$suites" = all ] && suites="core store io http app jobs api api_pg"
jobs=${JOBS:-$(nproc)}

# Each test carries its area as a ctest label (CMakeLists.txt): core, store, ..., api_pg.
labels="^($(echo $suites | tr ' ' '|'))\$"

logs="$(pwd)/$build/sanitizer-logs"
rm -rf "$logs"
mkdir -p "$logs"
supp="$(pwd)/scripts/sanitizer"

# Any finding stops the process with a failure; leaks are checked at exit.
# ASan and LSan reports of every process go to $logs. GCC's UBSan ignores log_path
# when linked with ASan and writes to stderr only, so the servers the API tests
# start keep their stderr (LANTIAN_TEST_LOGS, tests/support/server_process.h) and
# ctest's log of every test's output is searched for reports afterwards.
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:exitcode=23:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=0:log_path=$logs/asan"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=23:log_path=$logs/ubsan:suppressions=$supp/ubsan.supp"
export LANTIAN_TEST_LOGS=1
export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"

count=$(cd "$build" && ctest -N -L "$labels" | sed -n 's/^Total Tests: //p')
[ "${count:-0}" -gt 0 ] || { echo "test-sanitize: no tests found for: $suites" >&2; exit 1; }
echo "test-sanitize: $count tests ($suites) in $build, reports to $logs"
rc=0
(cd "$build" && ctest --output-on-failure --timeout 600 -j"$jobs" -L "$labels") || rc=$?

reports=$(find "$logs" -type f | sort)
pattern='runtime error:|ERROR: (Address|Leak)Sanitizer|SUMMARY: (Address|Leak|UndefinedBehavior)Sanitizer'
ctest_log="$build/Testing/Temporary/LastTest.log"
if [ -n "$reports" ] || grep -Eq "$pattern" "$ctest_log"; then
  echo "test-sanitize: sanitizer reports:" >&2
  for f in $reports; do
    echo "==== $f" >&2
    cat "$f" >&2
  done
  grep -En -B2 -A20 "$pattern" "$ctest_log" | head -400 >&2 || true
  exit 1
fi
[ "$rc" -eq 0 ] || { echo "test-sanitize: tests failed" >&2; exit "$rc"; }
echo "test-sanitize: clean ($count tests, no sanitizer report)"
