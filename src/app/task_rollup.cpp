// TaskService: rolling progress and quantities up the task tree.
#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "core/task_rules.h"
#include "store/reports_repo.h"

namespace lantian::app {
using namespace task_internal;

Result<std::optional<int64_t>> TaskService::refresh_one(store::Tx& tx, int64_t id) {
  LT_ASSIGN(auto t, store::tasks::get(tx, id));
  if (!t) return std::optional<int64_t>();
  ProgressInput self{t->status, t->target_value, t->measure_unit, t->achieved_value, std::nullopt, t->weight};
  Rollup r;
  if (t->child_count > 0) {
    LT_ASSIGN(auto kids, store::tasks::children(tx, t->id));
    std::vector<ChildProgress> cs;
    for (const auto& k : kids) cs.push_back({k.weight, k.progress, k.achieved_value, k.measure_unit});
    r = parent_rollup(self, cs);
  } else {
    LT_ASSIGN(self.reported_percent, store::reports::latest_percent(tx, t->id));
    r = leaf_rollup(self);
  }
  LT_TRY(store::tasks::set_rollup(tx, t->id, r.progress, r.achieved_value));
  return t->parent_id;
}

// Each ancestor is read with the few columns roll-up needs: a report on a
// deep task re-computes every level above it inside the write. A parent
// that has not started follows its children into work (core
// rolled_up_status): a system transition, audited as the system's "start"
// in the same transaction. The latest report time of the subtree rolls up.
Status TaskService::refresh_upwards(store::Tx& tx, int64_t id) {
  std::optional<int64_t> next = id;
  while (next) {
    LT_ASSIGN(auto t, store::tasks::rollup_row(tx, *next));
    if (!t) return {};
    ProgressInput self{t->status,         t->target_value, t->measure_unit,
                       t->achieved_value, std::nullopt,    t->weight};
    Rollup r;
    std::string latest_report;
    if (t->child_count > 0) {
      LT_ASSIGN(auto kids, store::tasks::children(tx, *next));
      std::vector<ChildProgress> cs;
      std::vector<std::string> statuses;
      for (const auto& k : kids) {
        cs.push_back({k.weight, k.progress, k.achieved_value, k.measure_unit});
        statuses.push_back(k.status);
        latest_report = std::max(latest_report, k.last_report_at);
      }
      if (auto to = rolled_up_status(t->status, statuses)) {
        LT_ASSIGN(auto before, store::tasks::get(tx, *next));
        std::string now = format_utc(clock_.now());
        LT_ASSIGN(bool ok, store::tasks::set_status(tx, *next, before->version, *to, "", now));
        if (!ok) return Error::internal("roll-up lost a race on task " + std::to_string(*next));
        LT_ASSIGN(auto after, store::tasks::get(tx, *next));
        Actor system = Actor::system("roll-up");
        LT_TRY(record_audit(tx, system, "start", "task", std::to_string(*next), task_view(*before),
                            task_view(*after), now));
        LT_TRY(record_task_event(tx, system, *next, "start", before->status, *to, "", now));
        self.status = *to;
      }
      r = parent_rollup(self, cs);
    } else {
      LT_ASSIGN(self.reported_percent, store::reports::latest_percent(tx, *next));
      r = leaf_rollup(self);
    }
    LT_TRY(store::tasks::set_rollup(tx, *next, r.progress, r.achieved_value, latest_report));
    next = t->parent_id;
  }
  return {};
}

}  // namespace lantian::app
