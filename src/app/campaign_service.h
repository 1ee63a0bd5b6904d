// Campaigns (攻坚行动) with their targets, source documents and work areas
// (the twelve key areas plus the other work the plan names, see
// core/work_areas.h), and the overview the campaign office watches: each
// area's progress, completed and overdue tasks.
//
// Errors: forbidden without campaigns.write for changes (tasks.read to
// view); not_found; invalid with field errors; conflict for a stale version
// or a duplicate name/code.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/clock.h"
#include "core/task.h"
#include "store/campaigns_repo.h"
#include "store/db.h"

namespace lantian::app {

struct CampaignInput {
  std::optional<std::string> name, start_date, end_date, description, status;
  std::optional<int64_t> jurisdiction_unit_id, office_unit_id;
  std::optional<std::vector<CampaignTarget>> targets;
  std::optional<std::vector<SourceDocument>> documents;
  // Create only: work-area codes from the catalogue; unset = all of them.
  std::optional<std::vector<std::string>> work_area_codes;
  int64_t version = 0;
};

struct WorkAreaInput {
  std::optional<std::string> name, description;
  std::optional<std::optional<int64_t>> lead_unit_id;
  std::optional<Person> leader;
  std::optional<std::vector<int64_t>> cooperating_unit_ids;
  std::optional<int64_t> sort_order;
  int64_t version = 0;
};

// Query parameters of GET /api/v1/tasks, e.g. {{"work_area_id", "5"}, {"top", "true"}}.
using ListQuery = std::vector<std::pair<std::string, std::string>>;

// An area's counts in the reader's scope. Each count is the total of a task
// list (`lists`, by count name) filtered the same way, so a card links to
// exactly the tasks it counts: tasks = the highest tasks the reader sees
// (top), completed = those of them completed or accepted, overdue = every
// overdue task of the area at any level.
struct AreaOverview {
  WorkArea area;
  store::campaigns::AreaStats stats;
  std::vector<std::pair<std::string, ListQuery>> lists;  // "task_count" | "completed_count" | "overdue_count"
  std::vector<std::string> actions;                      // "create_task"
};

struct CampaignOverview {
  Campaign campaign;
  std::vector<AreaOverview> areas;
  std::vector<std::string> actions;  // what the reader may do: "create_task"
};

class CampaignService {
 public:
  CampaignService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<std::vector<Campaign>> list(const Actor& a);
  // The campaign with its work areas and their task statistics as of today.
  Result<CampaignOverview> overview(const Actor& a, int64_t id);
  Result<Campaign> create(const Actor& a, const CampaignInput& in);
  Result<Campaign> update(const Actor& a, int64_t id, const CampaignInput& in);
  Result<WorkArea> update_area(const Actor& a, int64_t area_id, const WorkAreaInput& in);

 private:
  store::Database& db_;
  const Clock& clock_;
};

}  // namespace lantian::app
