// TaskService's read-only views for the start page: the acceptance queue
// (narrow_to_action) and overdue tasks counted by owner unit.
#include <algorithm>

#include "app/task_internal.h"
#include "app/task_service.h"
#include "core/task_workflow.h"
#include "core/workflows.h"

namespace lantian::app {

Status TaskService::narrow_to_action(const Actor& a, std::string_view action, store::tasks::Filter& f) const {
  const TaskTransition* tr = task_workflow().transition(action);
  if (!tr) return Error::internal("narrow_to_action: no task action \"" + std::string(action) + "\"");
  // Its status must allow the action (within any statuses already asked for).
  std::vector<std::string> statuses;
  for (auto from : tr->from)
    if (f.statuses.empty() || std::find(f.statuses.begin(), f.statuses.end(), from) != f.statuses.end())
      statuses.emplace_back(from);
  if (statuses.empty()) f.nothing = true;
  f.statuses = std::move(statuses);
  // And the caller must be a party that may take it, as parties_of() decides.
  if ((tr->parties & unsigned(TaskParty::office)) && task_internal::is_office(a)) return {};
  std::string owner = (tr->parties & unsigned(TaskParty::owner)) ? task_internal::owner_reach(a) : "";
  std::string lead = (tr->parties & unsigned(TaskParty::lead)) ? task_internal::lead_reach(a) : "";
  if (!owner.empty() && !lead.empty())
    // No action of the workflow is open to both owner and lead but not the
    // office; a filter would need an OR of the two.
    return Error::internal("narrow_to_action: owner-or-lead actions are not supported");
  if (!owner.empty())
    f.owner_subtree_path = owner;
  else if (!lead.empty())
    f.lead_subtree_path = lead;
  else
    f.nothing = true;
  return {};
}

Result<std::vector<UnitOverdue>> TaskService::overdue_by_unit(const Actor& a, store::tasks::Filter f) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  f.scope_path = a.scope_path();
  f.today = today();
  f.overdue = true;
  std::vector<store::tasks::OwnerCount> rows;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rows, store::tasks::count_by_owner(tx, f));
    return {};
  }));
  auto cal = calendar_ ? calendar_() : nullptr;
  auto now = parse_date(f.today);
  std::vector<UnitOverdue> out;
  out.reserve(rows.size());
  for (auto& r : rows) {
    UnitOverdue u{r.unit_id, std::move(r.unit_name), r.count, std::move(r.earliest_deadline), 0};
    auto d = parse_date(u.earliest_deadline);
    if (cal && d && now) u.most_working_days_overdue = cal->working_days_between(*d, *now);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace lantian::app
