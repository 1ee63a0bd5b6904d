// TaskService: rolling progress and quantities up the task tree.
#include "app/task_internal.h"
#include "app/task_service.h"
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
// deep task re-computes every level above it inside the write.
Status TaskService::refresh_upwards(store::Tx& tx, int64_t id) {
  std::optional<int64_t> next = id;
  while (next) {
    LT_ASSIGN(auto t, store::tasks::rollup_row(tx, *next));
    if (!t) return {};
    ProgressInput self{t->status,         t->target_value, t->measure_unit,
                       t->achieved_value, std::nullopt,    t->weight};
    Rollup r;
    if (t->child_count > 0) {
      LT_ASSIGN(auto kids, store::tasks::children(tx, *next));
      std::vector<ChildProgress> cs;
      for (const auto& k : kids) cs.push_back({k.weight, k.progress, k.achieved_value, k.measure_unit});
      r = parent_rollup(self, cs);
    } else {
      LT_ASSIGN(self.reported_percent, store::reports::latest_percent(tx, *next));
      r = leaf_rollup(self);
    }
    LT_TRY(store::tasks::set_rollup(tx, *next, r.progress, r.achieved_value));
    next = t->parent_id;
  }
  return {};
}

}  // namespace lantian::app
