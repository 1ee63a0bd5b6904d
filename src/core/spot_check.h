// A spot check during a heavy-pollution alert (issue 13): a source on the
// emergency reduction list checked on site for the measures its plan names
// for the level in force. Its statuses as data (labels for the web).
//
// Thread-safety: plain values and constant tables.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lantian {

// The checklist an inspector files for a spot check (resources/checklists).
inline constexpr std::string_view kSpotCheckChecklist = "emergency_measures";

struct SpotCheckStatusDef {
  std::string_view code;  // "pending", "compliant", "violation"
  std::string_view label_zh, label_en;
};
std::span<const SpotCheckStatusDef> spot_check_statuses();
const SpotCheckStatusDef* find_spot_check_status(std::string_view code);

struct SpotCheck {
  int64_t id = 0;
  int64_t alert_id = 0;
  std::string level;  // the alert's level the check is of
  int64_t ledger_row_id = 0;
  int64_t unit_id = 0;
  std::string unit_path;
  std::string status = "pending";
  std::optional<int64_t> inspection_id;
  std::optional<std::string> checked_at;
  std::string created_at;
  // Filled by queries: the source as its ledger row names it.
  std::string source_name, unit_name, address;
  std::optional<double> lng, lat;  // WGS-84
};

}  // namespace lantian
