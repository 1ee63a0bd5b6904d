// Synthetic small-coal-boiler ledger rows (resources/ledgers/coal_boilers.toml)
// for the ledger benchmarks (bench/ledgers_seed.cpp: the 1,000,000-row list
// and the 100,000-row .xlsx of bench/run_import.sh). Not a product feature
// and not a test.
//
// Row n (0-based) is a deterministic function of n and the unit it is
// registered in (a hash of n, no randomness), shaped as a 2017 排查 found
// them: about a third coal boilers of 0.5–10 t/h (heating or production),
// the rest tea/bath stoves, canteen stoves and small commercial stoves of
// 0.05–1 t/h; a credit code (GB 32100, valid check character) for most
// businesses; built-up area for communities; a disposition by kind and
// heating network; deadlines from 2017-10-31 to 2017-12-31; and a workflow
// state (ledger_boilers) with the dates its moves require: stopped rows a
// stop date, removed and verified rows a removal date, verified ones a
// verification date. Values are raw, as a form or sheet has them: the
// caller checks them with core/ledger_values.h, as any row is checked.
//
// Uniqueness (an import refuses duplicates): the boiler number, credit code
// and address carry n, so no two rows share a key, credit code, or title
// and address.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/geo.h"
#include "core/ledger_values.h"

namespace lantian::bench {

// splitmix64: a well-mixed hash.
uint64_t mix(uint64_t x);

// Where a row is registered.
struct BoilerPlace {
  std::string township;    // 汪屯乡 / 三里堡街道办事处
  std::string village;     // 东王庄村 / 和平里社区 ("" = at the township itself)
  std::string code;        // the unit's division code, for boiler numbers ("410205003")
  bool community = false;  // a street office's community (built-up area)
};

struct BoilerRow {
  std::vector<std::pair<std::string, RawValue>> values;  // by field name
  std::string status;                                    // a ledger_boilers state
  std::optional<LngLat> location;                        // WGS-84, about 60 % of rows
};

BoilerRow make_boiler(uint64_t n, const BoilerPlace& at);

// The ledger_boilers states in workflow order (the seeder's summary).
const std::vector<std::string>& boiler_states();

}  // namespace lantian::bench
