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

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD)/CMakeCache.txt
	@cmake --build $(BUILD) -j$(JOBS) -- --no-print-directory

web: deps web/dist/index.html

web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build --silent

## bench: benchmarks (not tests); results go to docs/benchmarks.md by hand
bench: build bench/peers/node_modules/.installed
	bench/run.sh "$(BUILD)/lantian"
	bench/run_tasks.sh "$(BUILD)/lantian"
	bench/run_tasks_pg.sh "$(BUILD)/lantian"
	bench/run_writes.sh "$(BUILD)/lantian" $(BENCH_OLD)

# The Node.js peer's dependencies (bench/peers/package.json; git-ignored).
bench/peers/node_modules/.installed: bench/peers/package.json bench/peers/package-lock.json
	cd bench/peers && npm ci --no-audit --no-fund
	touch $@

## fuzz: the libFuzzer targets (clang, ASan + UBSan, build-fuzz/), FUZZ_SECONDS each (default
## 600), one at a time; FUZZ_TARGETS to pick some. `make test` runs each briefly (ctest fuzz_smoke).
FUZZ_SECONDS ?= 600
fuzz: fuzz-build
	FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) scripts/fuzz.sh run $(FUZZ_TARGETS)

fuzz-build:
	@scripts/install-deps.sh --fuzz
	JOBS=$(JOBS) scripts/fuzz.sh build

format:
	clang-format -i $$(git ls-files 'src/*.h' 'src/*.cpp' 'tests/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) web/dist
