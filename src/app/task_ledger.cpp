// TaskService: quantities counted from a ledger (app/ledger_service.h), filed
// as the task's progress reports.
#include <cmath>

#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "core/task_workflow.h"
#include "store/reports_repo.h"

namespace lantian::app {
using namespace task_internal;

Result<Task> TaskService::task_for_count(store::Tx& tx, const Actor& a, int64_t task_id) const {
  if (!a.can("tasks.write")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  LT_ASSIGN(auto t, load_visible(tx, a, task_id));
  // The same people as "edit" (task_actions.cpp): the office, or whoever
  // handed the task down (the parent's owner).
  if (!is_office(a) && !(t.parent_id && is_prefix(a.unit_path, t.parent_owner_unit_path)))
    return Error::make("not_permitted", {{"permission", "tasks.write"}});
  return t;
}

Status TaskService::file_counted(store::Tx& tx, const Actor& a, int64_t task_id, double value,
                                 const std::string& narrative, const std::string& now) {
  LT_ASSIGN(auto t, store::tasks::get(tx, task_id));
  if (!t) return {};
  if (std::fabs(t->achieved_value - value) < 1e-9) return {};
  std::string to = status_after_report(t->status);
  if (a.user_id != 0) {
    ProgressReport r;
    r.task_id = task_id;
    r.report_date = today();
    r.achieved_value = value;
    r.narrative = narrative;
    r.reported_by = a.user_id;
    r.unit_id = a.unit_id;
    LT_ASSIGN(auto out, store::reports::insert(tx, r, now));
    LT_TRY(store::tasks::record_report(tx, task_id, value, to, now));
    LT_TRY(record_audit(tx, a, "report", "task", std::to_string(task_id), nullptr, report_view(out), now));
  } else {
    LT_TRY(store::tasks::record_report(tx, task_id, value, to, now));
  }
  if (to != t->status)
    LT_TRY(record_task_event(tx, a, task_id, std::string(kReportAction), t->status, to, narrative, now));
  return refresh_upwards(tx, task_id);
}

}  // namespace lantian::app
