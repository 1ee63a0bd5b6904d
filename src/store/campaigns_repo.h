// All SQL for campaigns, work_areas and work_area_units.
//
// Errors: conflict on a duplicate campaign name or work-area code; otherwise
// what the Tx returned. Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <vector>

#include "core/task.h"
#include "store/db.h"

namespace lantian::store::campaigns {

Result<std::optional<Campaign>> get(Tx& tx, int64_t id);
Result<std::vector<Campaign>> all(Tx& tx);
// Sets id, version 1 and timestamps on the returned copy.
Result<Campaign> insert(Tx& tx, Campaign c, const std::string& now);
// Returns false on a version mismatch.
Result<bool> update(Tx& tx, const Campaign& c, const std::string& now);

Result<std::optional<WorkArea>> get_area(Tx& tx, int64_t id);
// The campaign's areas by sort order, with their cooperating units.
Result<std::vector<WorkArea>> areas(Tx& tx, int64_t campaign_id);
// The path of the lead unit (牵头单位) of the work area `code` in the latest
// campaign (by start date) whose area of that code has one; "" if none.
Result<std::string> lead_unit_path(Tx& tx, const std::string& code);
Result<WorkArea> insert_area(Tx& tx, WorkArea a, const std::string& now);
Result<bool> update_area(Tx& tx, const WorkArea& a, const std::string& now);

// Per work area: number of top-level tasks, their weighted progress, open
// tasks (any depth) past their deadline. Keyed by work area id.
struct AreaStats {
  int64_t work_area_id = 0;
  int64_t tasks = 0;
  double progress = 0;
  int64_t overdue = 0;
  int64_t completed = 0;
};
Result<std::vector<AreaStats>> area_stats(Tx& tx, int64_t campaign_id, const std::string& today);

}  // namespace lantian::store::campaigns
