// Campaigns (攻坚行动) with their targets, source documents and work areas
// (the twelve key areas plus the other work the plan names, see
// core/work_areas.h), and the overview the campaign office watches: each
// area's progress, completed and overdue tasks.
//
// A campaign's status follows the campaign workflow
// (resources/workflows/campaign.toml, core/campaign_workflow.h): actions move
// it (act), each written to the audit log and to workflow_events (workflow
// "campaign"). A campaign in a frozen status (closed) changes only through an
// action and takes no new task or work-area change.
//
// Errors: forbidden without campaigns.write for changes (tasks.read to
// view); not_found; invalid with field errors; conflict for a stale version,
// a duplicate name/code, a frozen campaign (campaign_closed) or an action the
// status does not allow (see app/workflow_records.h).
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
#include "store/workflow_events_repo.h"

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

// What the reader may do with a campaign: the workflow actions the status
// and the reader's party allow ("activate", "close", "reopen"), then the
// record's operations "edit" (update) and "create_task" (neither on a frozen
// campaign).
struct CampaignItem {
  Campaign campaign;
  std::vector<std::string> actions;
  // The campaign start pages open on; exactly one item of a non-empty list
  // (see CampaignService::list).
  bool current = false;
};

struct CampaignOverview {
  Campaign campaign;
  std::vector<AreaOverview> areas;
  std::vector<std::string> actions;  // as CampaignItem::actions
};

class CampaignService {
 public:
  CampaignService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Every campaign (newest first, as the store lists them), each with the
  // reader's actions; `current` marks the one start pages open on: the open
  // campaign (an `open` status, e.g. active) that started last, else the
  // non-frozen one that started last, else the one that started last (ties:
  // the later made). The one place this rule lives.
  Result<std::vector<CampaignItem>> list(const Actor& a);
  // The campaign with its work areas and their task statistics as of today.
  Result<CampaignOverview> overview(const Actor& a, int64_t id);
  // A new campaign starts in the workflow's initial status; `status` naming
  // another one is taken as the action that leads there from the initial
  // status (so {"status": "active"} = create, then "activate"), both in the
  // history. Unknown status: invalid bad_campaign_status; no such action:
  // conflict no_transition.
  Result<Campaign> create(const Actor& a, const CampaignInput& in);
  // Changes the fields given; refused on a frozen campaign (campaign_closed).
  // A changed `status` is taken as the action that leads there (as create),
  // with its party check; an action that needs a note cannot be taken so
  // (invalid note_required on "note": use act()).
  Result<Campaign> update(const Actor& a, int64_t id, const CampaignInput& in);
  Result<WorkArea> update_area(const Actor& a, int64_t area_id, const WorkAreaInput& in);

  // Takes workflow action `action` on the campaign read at `version`; see
  // check_workflow_action (app/workflow_records.h) for the refusals, plus
  // conflict stale_version.
  Result<CampaignOverview> act(const Actor& a, int64_t id, const std::string& action, int64_t version,
                               const std::string& note);
  // The campaign's workflow history, oldest first (campaigns made before the
  // history was kept start with their first action).
  Result<std::vector<store::workflow_events::Event>> events(const Actor& a, int64_t id);

 private:
  Result<CampaignOverview> overview_in(store::Tx& tx, const Actor& a, int64_t id);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace lantian::app
