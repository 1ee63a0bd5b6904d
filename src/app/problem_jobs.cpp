// ProblemService: the server's own moves — the look-back falling due (the
// timer on "closed", its delay per source and type, stored as lookback_due
// when the problem closed) and the escalation ladder for late problems.
// Each problem moves in its own transaction, as a person's action would.
#include <algorithm>

#include "app/audit.h"
#include "app/problem_service.h"
#include "app/problem_views.h"
#include "app/workflow_records.h"
#include "core/workflows.h"

namespace lantian::app {

Result<int> ProblemService::run_lookbacks() {
  const WorkflowDef& wf = problem_workflow();
  const Actor system = Actor::system("timer");
  const std::string day = today();
  int moved = 0;
  for (const auto& timer : wf.timers) {
    const WorkflowTransition* tr = wf.transition(timer.action);
    if (!tr) continue;
    constexpr int64_t kBatch = 200;
    std::vector<int64_t> due;
    do {
      LT_TRY(db_.read([&](store::Tx& tx) -> Status {
        LT_ASSIGN(due, store::problems::lookbacks_due(tx, timer.state, day, kBatch));
        return {};
      }));
      int moved_now = 0;
      for (int64_t id : due) {
        const std::string now = format_utc(clock_.now());
        LT_TRY(db_.write([&](store::Tx& tx) -> Status {
          LT_ASSIGN(auto cur, store::problems::get(tx, id));
          if (!cur || !tr->applies_to(cur->status)) return {};  // moved meanwhile
          ActionCheck c;
          c.state = cur->status;
          c.parties = unsigned(Party::system);
          c.has_note = true;
          if (check_action(wf, tr->name, c).refusal) return {};
          Problem next = *cur;
          next.status = tr->to;
          LT_ASSIGN(bool ok, store::problems::update(tx, *cur, next, now));
          if (!ok) return {};
          LT_TRY(
              record_workflow_event(tx, system, kProblemRecord, id, tr->name, cur->status, tr->to, "", now));
          LT_TRY(record_audit(tx, system, tr->name, kProblemRecord, std::to_string(id),
                              problem_audit_view(*cur), problem_audit_view(next), now));
          LT_TRY(tell(tx, *tr, next, cur->status, {}, "problem_lookback:" + std::to_string(id), now));
          ++moved_now;
          return {};
        }));
      }
      moved += moved_now;
      // A full batch none of which moved would come back unchanged: stop.
      if (moved_now == 0) break;
    } while (int64_t(due.size()) == kBatch);
  }
  return moved;
}

Result<int> ProblemService::run_escalations() {
  const ProblemRules& rules = problem_rules();
  if (rules.escalation.empty()) return 0;
  const auto day = parse_date(today());
  const std::string today_s = today();
  const auto open = problem_workflow().open_states();
  const int top = int(rules.escalation.back().step);
  int escalated = 0;
  // The late problems' ids in one read, then each in its own write, read
  // again there (it may have moved meanwhile: the write's conditions decide).
  std::vector<int64_t> late;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(late, store::problems::late_ids(tx, open, today_s, top));
    return {};
  }));
  for (int64_t id : late) {
    const std::string now = format_utc(clock_.now());
    LT_TRY(db_.write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto cur, store::problems::get(tx, id));
      if (!cur || cur->deadline.empty() || cur->deadline >= today_s) return {};
      if (std::find(open.begin(), open.end(), cur->status) == open.end()) return {};
      const int days = days_overdue(cur->deadline, *day);
      const EscalationStep step = rules.step_for(days);
      if (int(step) <= cur->escalation) return {};
      // Every rung up to the step reached, each once (a problem found 8
      // days late at its first pass gets the reminder, the warning and the
      // interview proposal).
      for (const auto& rung : rules.escalation) {
        if (int(rung.step) <= cur->escalation || int(rung.step) > int(step)) continue;
        LT_ASSIGN(bool added,
                  store::problems::add_escalation(tx, cur->id, {cur->deadline, int(rung.step), days, now}));
        if (!added) continue;
        const std::string key = "problem_escalation:" + std::to_string(cur->id) + ":" +
                                std::to_string(int(rung.step)) + ":" + cur->deadline;
        // Who hears of the rung and with which template: problems.toml.
        LT_TRY(tell(tx, rung.notify, rung.notice, *cur, cur->status, {{"days", std::to_string(days)}}, key,
                    now));
      }
      Problem next = *cur;
      next.escalation = int(step);
      LT_ASSIGN(bool ok, store::problems::update(tx, *cur, next, now));
      if (ok) ++escalated;
      return {};
    }));
  }
  return escalated;
}

Result<int> ProblemService::run_due_reminders() {
  auto cal = calendar_ ? calendar_() : nullptr;
  const auto day = parse_date(today());
  if (!cal || !day) return 0;
  const std::string from = format_date(*day), to = format_date(cal->add_working_days(*day, 1));
  const auto open = problem_workflow().open_states();
  int reminded = 0;
  int64_t after = 0;
  constexpr int64_t kBatch = 200;
  std::vector<Problem> due;
  do {
    LT_TRY(db_.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(due, store::problems::due_between(tx, open, from, to, after, kBatch));
      return {};
    }));
    for (const auto& p : due) {
      after = p.id;
      const std::string now = format_utc(clock_.now());
      LT_TRY(db_.write([&](store::Tx& tx) -> Status {
        LT_ASSIGN(auto users, unit_users(tx, p, false));
        // Once per deadline: the key makes a rerun (or a second instance) store nothing.
        LT_TRY(notify(tx, users, p, "problem_due_soon", {{"deadline", p.deadline}},
                      "problem_due:" + std::to_string(p.id) + ":" + p.deadline, now));
        return {};
      }));
      ++reminded;
    }
  } while (int64_t(due.size()) == kBatch);
  return reminded;
}

}  // namespace lantian::app
