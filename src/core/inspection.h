// A field inspection (检查) as the application holds it: a checklist
// (core/checklist.h) applied to a ledger row or an enterprise, with each
// item's result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/geo.h"

namespace lantian {

struct InspectionItem {
  std::string code;
  std::string result;  // core/checklist.h check_result_name()
  std::string note;
  bool open_problem = false;          // the inspector asks for a supervision problem
  std::optional<int64_t> problem_id;  // once the problem loop has opened it
};

struct Inspection {
  int64_t id = 0;
  std::string checklist;
  std::optional<int64_t> ledger_row_id;
  std::optional<int64_t> enterprise_id;
  std::string target_title;  // the row's title or the enterprise's name (filled by queries)
  int64_t unit_id = 0;
  std::string unit_path;
  std::string unit_name;  // filled by queries
  int64_t inspector_id = 0;
  std::string inspector_name;      // filled by queries
  std::string inspected_at;        // RFC 3339 UTC
  std::optional<LngLat> location;  // WGS-84
  std::string person_met;
  std::string result;  // "pass" or "fail": fail when any item failed
  std::string note;
  std::optional<std::string> client_key;
  std::string created_at;
  std::vector<InspectionItem> items;
};

}  // namespace lantian
