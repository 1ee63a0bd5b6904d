# Lantian — the two commands a newcomer types: `make run` and `make test`.
BUILD ?= build
JOBS  ?= $(shell nproc)
DB    ?= data/lantian.db
LISTEN ?= 127.0.0.1:8080
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) web/index.html web/vite.config.js web/package-lock.json

.PHONY: run test deps deps-test build web bench format clean fuzz fuzz-build

## run: install what is missing, build, create the demo database, serve on http://127.0.0.1:8080
run: build web
	@scripts/run-demo.sh "$(BUILD)/lantian" "$(DB)" "$(LISTEN)"

## test: install, build, run every test (C++ unit + API, web components, browser)
test: deps-test build web fuzz-build
	cd $(BUILD) && ctest --output-on-failure --timeout 600 -j$(JOBS)

deps:
	@scripts/install-deps.sh

deps-test:
	@scripts/install-deps.sh --test

# In CI, line tables only (-g1): backtraces keep file:line, and the clean build
# costs ~17 % less compiler time than with full debug info (-g).
CI_DEBUG_FLAGS = $(if $(filter true,$(CI)),-DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG")
$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CI_DEBUG_FLAGS)

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

web: deps web/dist/index.html

web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build --silent

## bench: benchmarks (not tests); results go to docs/benchmarks.md by hand
bench: build bench/peers/node_modules/.installed
	@cmake --build $(BUILD) -j$(JOBS) --target bench_tools -- --no-print-directory
	bench/run.sh "$(BUILD)/lantian"
	bench/run_tasks.sh "$(BUILD)/lantian"
	bench/run_tasks_pg.sh "$(BUILD)/lantian"
	bench/run_writes.sh "$(BUILD)/lantian" $(BENCH_OLD)
	bench/run_ledgers.sh "$(BUILD)/lantian"
	bench/run_ledgers_pg.sh "$(BUILD)/lantian"
	bench/run_import.sh "$(BUILD)/lantian"
	bench/run_problems.sh "$(BUILD)/lantian"
	bench/run_problems_pg.sh "$(BUILD)/lantian"
	bench/run_aq.sh "$(BUILD)/lantian"

# The Node.js peer's dependencies (bench/peers/package.json; git-ignored).
bench/peers/node_modules/.installed: bench/peers/package.json bench/peers/package-lock.json
	cd bench/peers && npm ci --no-audit --no-fund
	touch $@

## fuzz: the libFuzzer targets (clang, ASan + UBSan, build-fuzz/), FUZZ_SECONDS each (default
## 600), one at a time; FUZZ_TARGETS to pick some. `make test` runs each briefly (ctest fuzz_smoke).
FUZZ_SECONDS ?= 600
# ctest's fuzz_smoke: each target replays its corpus and fuzzes this long (scripts/fuzz.sh);
# 10 s in CI, where its 8 targets hold one of the two cores.
export FUZZ_SMOKE_SECONDS ?= $(if $(filter true,$(CI)),10,20)
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) scripts/fuzz.sh run $(FUZZ_TARGETS)

fuzz-build:
	@scripts/install-deps.sh --fuzz
	JOBS=$(JOBS) scripts/fuzz.sh build

## test-sanitize: the C++ unit and API suites built with ASan + UBSan (in build-asan/); any report fails.
## SANITIZE_SUITES=all (default) or a list of areas, e.g. "core io http store". See docs/fuzzing.md.
ASAN_BUILD ?= build-asan
SANITIZE_SUITES ?= all
SANITIZE_TARGETS = $(if $(filter all,$(SANITIZE_SUITES)),core store io http app jobs api api_pg,$(SANITIZE_SUITES))
.PHONY: test-sanitize
test-sanitize: deps-test $(ASAN_BUILD)/CMakeCache.txt
	@cmake --build $(ASAN_BUILD) -j$(JOBS) --target $(addsuffix _tests,$(SANITIZE_TARGETS)) \
	  $(if $(filter api%,$(SANITIZE_TARGETS)),lantian) -- --no-print-directory
	scripts/test-sanitize.sh $(ASAN_BUILD) "$(SANITIZE_SUITES)"

# In CI (CI=true) `make test` also runs the sanitized core/io/http/store suites: the whole
# sanitized build would take `make test` on a clean clone past 30 minutes (docs/fuzzing.md).
# They are built in the fuzzing build (build-fuzz: clang, ASan + UBSan, fuzz-build made it
# just before), which has compiled the libraries they test already: a build-asan of its
# own compiled them a second time (~4 of CI's minutes).
CI_SANITIZE_SUITES ?= core io http store
.PHONY: test-sanitize-ci
test: $(if $(filter true,$(CI)),test-sanitize-ci)
test-sanitize-ci: fuzz-build
	@$(MAKE) --no-print-directory test-sanitize SANITIZE_SUITES="$(CI_SANITIZE_SUITES)" ASAN_BUILD=build-fuzz

# -O1 with line tables only, as ASan's documentation and OSS-Fuzz use: reports
# keep file:line, and the build costs a fraction of -O2 -g (it runs in CI).
$(ASAN_BUILD)/CMakeCache.txt:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLANTIAN_SANITIZE=ON \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG" -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g1 -DNDEBUG"

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) web/dist
