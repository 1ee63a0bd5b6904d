#!/usr/bin/env bash
# The libFuzzer targets in fuzz/ (see docs/fuzzing.md).
#
#   scripts/fuzz.sh build            configure and build them (clang, ASan + UBSan) in $FUZZ_BUILD
#   scripts/fuzz.sh run [TARGET...]  build, then run each for $FUZZ_SECONDS (default 600), one at a time
#   scripts/fuzz.sh smoke            build, then run each for $FUZZ_SMOKE_SECONDS (default 20): the
#                                    bounded run `make test` does (ctest fuzz_smoke)
#
# Targets: workflow query json_input plan_sheet xlsx http_request (default: all).
# The seed corpora in fuzz/corpus/<target> are only read; what the fuzzers
# find goes to $FUZZ_BUILD/corpus/<target>, crashing inputs to
# $FUZZ_BUILD/artifacts/<target>/. Exits 1 if a target crashed, 77 (ctest:
# skipped) if clang or libFuzzer is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-run}
shift || true
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-600}
FUZZ_SMOKE_SECONDS=${FUZZ_SMOKE_SECONDS:-20}
JOBS=${JOBS:-$(nproc)}
all_targets=(workflow query json_input plan_sheet xlsx http_request csv warning_standard)

# libFuzzer options per target: input size, and for the .xlsx reader a
# malloc limit (a 16 KB input that allocates 64 MB is a zip bomb getting through).
options() {
  case $1 in
    workflow | json_input | warning_standard) echo "-max_len=4096" ;;
    query | plan_sheet) echo "-max_len=1024" ;;
    xlsx) echo "-max_len=16384 -malloc_limit_mb=64" ;;
    http_request) echo "-max_len=8192" ;;
    csv) echo "-max_len=4096" ;;
    *) echo "fuzz.sh: unknown target $1" >&2; exit 2 ;;
  esac
}

build() {
  if ! command -v clang++ >/dev/null ||
    ! ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1; then
    echo "fuzz.sh: clang with libFuzzer is missing (scripts/install-deps.sh --fuzz)" >&2
    exit 77
  fi
  # The test targets are configured too (built only when asked for): in CI,
  # `make test` builds its sanitized suites in this tree (Makefile,
  # test-sanitize-ci), so the libraries both need are compiled once.
  if [ ! -f "$FUZZ_BUILD/CMakeCache.txt" ] || grep -q '^LANTIAN_TESTS:BOOL=OFF' "$FUZZ_BUILD/CMakeCache.txt"; then
    # -O1 with line tables only (as OSS-Fuzz builds): crash reports keep
    # file:line, and the build, which `make test` runs, costs far less than -O2 -g.
    CC=clang CXX=clang++ cmake -S . -B "$FUZZ_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANTIAN_FUZZ=ON \
      -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
      -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only -DNDEBUG" \
      -DLANTIAN_TESTS=ON >/dev/null
  fi
  cmake --build "$FUZZ_BUILD" --target fuzzers -j"$JOBS" -- --no-print-directory >/dev/null
}

# run TARGET SECONDS: one libFuzzer run; prints a summary line, returns 1 on a crash.
run_one() {
  local t=$1 secs=$2 log dict=()
  mkdir -p "$FUZZ_BUILD/corpus/$t" "$FUZZ_BUILD/artifacts/$t"
  log="$FUZZ_BUILD/artifacts/$t/last-run.log"
  [ -f "fuzz/dict/$t.dict" ] && dict=(-dict="fuzz/dict/$t.dict")
  local rc=0
  # shellcheck disable=SC2046
  "$FUZZ_BUILD/fuzz/${t}_fuzzer" -max_total_time="$secs" -print_final_stats=1 "${dict[@]}" $(options "$t") \
    -artifact_prefix="$FUZZ_BUILD/artifacts/$t/" "$FUZZ_BUILD/corpus/$t" "fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  local execs rate cov
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
  if [ $rc -ne 0 ]; then
    printf '%-13s CRASHED after %s execs, see %s\n' "$t" "${execs:-?}" "$log"
    grep -E 'ERROR|FUZZ_CHECK|runtime error|Test unit written' "$log" | head -5 | sed 's/^/    /'
    return 1
  fi
  printf '%-13s %10s execs %7s/s  %s  (%ss)\n' "$t" "$execs" "$rate" "$cov" "$secs"
}

case $mode in
  build) build ;;
  run | smoke)
    build
    secs=$FUZZ_SECONDS
    [ "$mode" = smoke ] && secs=$FUZZ_SMOKE_SECONDS
    targets=("$@")
    [ ${#targets[@]} -eq 0 ] && targets=("${all_targets[@]}")
    failed=0
    for t in "${targets[@]}"; do run_one "$t" "$secs" || failed=1; done
    exit $failed
    ;;
  *)
    echo "usage: scripts/fuzz.sh build|run|smoke [TARGET...]" >&2
    exit 2
    ;;
esac
