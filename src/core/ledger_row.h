// A ledger row as the application holds it (core/ledger_type.h declares its
// fields; core/ledger_values.h checks them). Its field values travel as one
// JSON object text (`fields`), which the application reads and writes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/geo.h"

namespace lantian {

struct LedgerRow {
  int64_t id = 0;
  std::string ledger_type;
  int64_t unit_id = 0;
  std::string unit_path;  // copied from the unit: "/1/13/"
  std::string unit_name;  // filled by queries
  std::optional<int64_t> enterprise_id;
  std::string enterprise_name;  // filled by queries
  std::string status;
  std::string title;
  std::optional<LngLat> location;  // WGS-84
  std::string fields = "{}";       // JSON object of the declared fields
  int64_t version = 1;
  std::optional<int64_t> created_by;
  std::string created_at, updated_at;
};

// The value of a filter field of a row, as the list filters by it (a choice's
// code, "1"/"0", an ISO date).
using LedgerFilterValue = std::pair<std::string, std::string>;

}  // namespace lantian
