#include "app/task_service.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_views.h"
#include "core/crypto.h"
#include "core/task_rules.h"
#include "core/task_workflow.h"
#include "core/text.h"
#include "store/campaigns_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
using namespace task_internal;

std::string TaskService::today() const { return format_shanghai(clock_.now()).substr(0, 10); }

TaskFacts TaskService::facts(const Task& t, const std::string& today) const {
  auto cal = calendar_ ? calendar_() : nullptr;
  return facts(t, today, cal.get());
}

TaskFacts TaskService::facts(const Task& t, const std::string& today, const WorkCalendar* cal) {
  TaskFacts f;
  auto d = parse_date(t.deadline);
  auto now = parse_date(today);
  f.overdue = is_overdue(t.status, t.deadline, today);
  f.ready_for_acceptance = ready_for_acceptance(t.status, t.child_count, t.open_child_count);
  if (!cal || !d || !now) return f;
  f.calendar_covers_deadline = cal->covers(*d);
  const TaskStatusDef* s = find_task_status(t.status);
  if (f.overdue)
    f.overdue_working_days = cal->working_days_between(*d, *now);
  else if (s && s->open)
    f.remaining_working_days = cal->working_days_between(*now, *d);
  return f;
}

unsigned TaskService::parties_of(const Actor& a, const Task& t, store::Tx&) const {
  unsigned p = 0;
  // The same reach narrow_to_action() (task_queries.cpp) turns into a filter.
  if (in_reach(owner_reach(a), t.owner_unit_path)) p |= unsigned(TaskParty::owner);
  if (in_reach(lead_reach(a), t.lead_unit_path)) p |= unsigned(TaskParty::lead);
  if (is_office(a)) p |= unsigned(TaskParty::office);
  return p;
}

namespace {
// The reader sees a task owned, led or co-operated by a unit in its scope.
Result<bool> visible_to(store::Tx& tx, const Actor& a, const Task& t) {
  if (a.grant.scope == Scope::all || a.sees_path(t.owner_unit_path) || a.sees_path(t.lead_unit_path))
    return true;
  for (const auto& u : t.cooperating_units) {
    LT_ASSIGN(auto unit, store::units::get(tx, u.id));
    if (unit && a.sees_path(unit->path)) return true;
  }
  return false;
}
}  // namespace

Result<Task> TaskService::load_visible(store::Tx& tx, const Actor& a, int64_t id) const {
  LT_ASSIGN(auto t, store::tasks::get(tx, id));
  if (!t) return Error::make("task_not_found");
  LT_ASSIGN(bool visible, visible_to(tx, a, *t));
  if (!visible) return Error::make("task_not_found");
  return std::move(*t);
}

Result<store::PageOf<TaskDetail>> TaskService::list(const Actor& a, store::tasks::Filter f,
                                                    const store::Page& page) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  f.scope_path = a.scope_path();
  f.today = today();
  store::PageOf<TaskDetail> out;
  auto cal = calendar_ ? calendar_() : nullptr;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto rows, store::tasks::list(tx, f, page));
    out.total = rows.total;
    out.next_cursor = std::move(rows.next_cursor);
    out.items.reserve(rows.items.size());
    for (auto& t : rows.items) {
      TaskFacts fa = facts(t, f.today, cal.get());
      out.items.push_back({std::move(t), std::move(fa)});
    }
    return fill_actions(tx, a, out.items);
  }));
  return out;
}

Result<std::vector<TaskDetail>> TaskService::list_all(const Actor& a, store::tasks::Filter f, int64_t limit) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  f.scope_path = a.scope_path();
  f.today = today();
  std::vector<Task> rows;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rows, store::tasks::all(tx, f, limit + 1));
    return {};
  }));
  if (int64_t(rows.size()) > limit) return Error::make("too_many_tasks", {{"max", std::to_string(limit)}});
  std::vector<TaskDetail> out;
  out.reserve(rows.size());
  for (auto& t : rows) {
    TaskFacts fa = facts(t, f.today);
    out.push_back({std::move(t), std::move(fa)});
  }
  return out;
}

Result<std::vector<TaskDetail>> TaskService::subtree(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<TaskDetail> out;
  std::string day = today();
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto root, load_visible(tx, a, id));
    store::tasks::Filter f;
    f.under_path = root.path;
    f.scope_path = a.scope_path();
    LT_ASSIGN(auto rows, store::tasks::all(tx, f, kMaxSubtree));
    auto cal = calendar_ ? calendar_() : nullptr;
    TaskFacts rf = facts(root, day, cal.get());
    out.push_back({std::move(root), std::move(rf)});
    for (auto& t : rows) {
      TaskFacts fa = facts(t, day, cal.get());
      out.push_back({std::move(t), std::move(fa)});
    }
    return fill_actions(tx, a, out);
  }));
  return out;
}

Result<TaskDetail> TaskService::get(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  TaskDetail d;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(d.task, load_visible(tx, a, id));
    d.facts = facts(d.task, today());
    d.facts.actions = actions_for(a, d.task, parties_of(a, d.task, tx), d.task.open_child_count == 0,
                                  d.task.has_reports, d.task.parent_owner_unit_path);
    // The path above, root first ("/3/12/45/" → 3, 12). Ancestors out of the
    // reader's scope are named (the reader's task hangs under them) but not
    // opened: the web app shows them as plain breadcrumbs.
    std::vector<TaskAncestor> up;
    for (size_t b = 1, e; (e = d.task.path.find('/', b)) != std::string::npos; b = e + 1) {
      int64_t aid = std::stoll(d.task.path.substr(b, e - b));
      if (aid == d.task.id) break;
      LT_ASSIGN(auto anc, store::tasks::get(tx, aid));
      if (!anc) continue;
      LT_ASSIGN(bool may_open, visible_to(tx, a, *anc));
      up.push_back({anc->id, anc->code, anc->title, may_open});
    }
    d.ancestors = std::move(up);
    return {};
  }));
  return d;
}

// 我的任务 opens on 我负责的 when the reader is responsible for an open task,
// else on 本单位的 when the unit has open work, else on 我负责的. Open =
// the statuses the tabs list by default (not frozen, i.e. not accepted).
Result<MyTasksSummary> TaskService::my_summary(const Actor& a) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  MyTasksSummary out;
  store::tasks::Filter f;
  f.scope_path = a.scope_path();
  for (const auto& s : task_statuses())
    if (!s.frozen) f.statuses.push_back(s.name);
  store::Page one;
  one.per_page = 1;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    store::tasks::Filter mine = f;
    mine.responsible_user_id = a.user_id;
    LT_ASSIGN(auto m, store::tasks::list(tx, mine, one));
    out.mine = m.total;
    store::tasks::Filter unit = f;
    unit.owner_unit_id = a.unit_id;
    LT_ASSIGN(auto u, store::tasks::list(tx, unit, one));
    out.unit = u.total;
    return {};
  }));
  out.default_tab = out.mine == 0 && out.unit > 0 ? "unit" : "mine";
  return out;
}

Result<TaskDetail> TaskService::update(const Actor& a, int64_t id, const TaskInput& in) {
  if (!a.can("tasks.write")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) { return update_in(tx, a, id, in, now, out); }));
  out.facts = facts(out.task, today());
  return out;
}

Status TaskService::update_in(store::Tx& outer, const Actor& a, int64_t id, const TaskInput& in,
                              const std::string& now, TaskDetail& out) {
  if (!a.can("tasks.write")) return Error::forbidden("you may not change tasks");
  auto run = [&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    std::optional<Task> parent;
    if (cur.parent_id) {
      LT_ASSIGN(auto p, store::tasks::get(tx, *cur.parent_id));
      parent = std::move(*p);
    }
    // Whoever handed the task down edits it: the parent's owner, or the office.
    bool may =
        is_office(a) || (parent && a.can("tasks.write") && is_prefix(a.unit_path, parent->owner_unit_path));
    if (!may) return Error::make("not_task_assigner");
    if (cur.version != in.version) return stale(cur);
    if (task_status_frozen(cur.status)) return Error::make("frozen");
    // Re-validate the whole task: merge the patch into a full input.
    TaskInput m = in;
    if (!m.campaign_id) m.campaign_id = cur.campaign_id;
    if (!m.work_area_id) m.work_area_id = cur.work_area_id;
    if (!m.code) m.code = cur.code;
    if (!m.title) m.title = cur.title;
    if (!m.description) m.description = cur.description;
    if (!m.owner_unit_id) m.owner_unit_id = cur.owner_unit_id;
    if (!m.lead_unit_id) m.lead_unit_id = cur.lead_unit_id;
    if (!m.responsible_leader) m.responsible_leader = cur.responsible_leader;
    if (!m.responsible_user_id) {
      m.responsible_user_id = cur.responsible_user_id;
      if (!cur.responsible_user_id && !m.responsible_person) m.responsible_person = cur.responsible_person;
    }
    if (!m.start_date) m.start_date = cur.start_date;
    if (!m.deadline && !m.deadline_working_days) {
      if (cur.deadline_working_days && !in.start_date)
        m.deadline = cur.deadline;  // keep the computed date; do not recount from today
      else if (cur.deadline_working_days)
        m.deadline_working_days = *cur.deadline_working_days;
      else
        m.deadline = cur.deadline;
    }
    if (!m.measure_unit) m.measure_unit = cur.measure_unit;
    if (!m.target_value) m.target_value = cur.target_value;
    if (!m.weight) m.weight = cur.weight;
    if (!m.cooperating_unit_ids) {
      std::vector<int64_t> ids;
      for (const auto& u : cur.cooperating_units) ids.push_back(u.id);
      m.cooperating_unit_ids = ids;
    }
    if (!m.milestones) m.milestones = cur.milestones;
    Task t;
    std::vector<FieldError> errs;
    LT_TRY(build_new(tx, a, m, parent, t, errs, "", &cur));
    if (!errs.empty()) return Error::validation(std::move(errs));
    if (cur.deadline_working_days && !in.deadline_working_days && !in.deadline && !in.start_date) {
      t.deadline_working_days = cur.deadline_working_days;
      t.deadline_unverified = cur.deadline_unverified;
    }
    // Keep milestone completion across edits.
    for (auto& ms : t.milestones)
      for (const auto& old : cur.milestones)
        if (ms.id == old.id) ms.done_at = old.done_at;
    // The new target must still fit the parent and cover the children.
    if (parent && t.target_value) {
      LT_ASSIGN(auto sibs, store::tasks::children(tx, parent->id));
      std::vector<AllocationChild> alloc;
      for (const auto& k : sibs)
        if (k.id != id) alloc.push_back({std::to_string(k.id), k.target_value, k.measure_unit});
      alloc.push_back({t.title, t.target_value, t.measure_unit});
      LT_TRY(check_allocation(parent->target_value, parent->measure_unit, alloc, false, ""));
    }
    if (cur.child_count > 0) {
      LT_ASSIGN(auto kids, store::tasks::children(tx, id));
      std::vector<AllocationChild> alloc;
      for (const auto& k : kids) alloc.push_back({std::to_string(k.id), k.target_value, k.measure_unit});
      auto st = check_allocation(t.target_value, t.measure_unit, alloc, false, "");
      if (!st.ok()) {
        Error e = st.take_error();
        // The subtasks hold more than the new target: say by how much.
        return Error::field("target_value", "sum_exceeds", e.params);
      }
      for (const auto& k : kids) {
        LT_ASSIGN(auto kid, store::tasks::get(tx, k.id));
        if (kid->deadline > t.deadline)
          return Error::field("deadline", "child_due_later",
                              {{"title", kid->title}, {"deadline", kid->deadline}});
      }
    }
    t.id = id;
    t.version = cur.version;
    if (task_view(t, {}, true) == task_view(cur, {}, true)) {
      out.task = cur;
      return {};
    }
    LT_ASSIGN(bool ok, store::tasks::update(tx, t, now));
    if (!ok) return stale(cur);
    LT_TRY(refresh_upwards(tx, id));
    LT_ASSIGN(auto full, store::tasks::get(tx, id));
    out.task = std::move(*full);
    LT_TRY(
        record_audit(tx, a, "update", "task", std::to_string(id), task_view(cur), task_view(out.task), now));
    return {};
  };
  return run(outer);
}

Result<TaskDetail> TaskService::set_milestone_done(const Actor& a, int64_t task_id, int64_t milestone_id,
                                                   bool done) {
  if (!a.can("tasks.report")) return Error::make("not_permitted", {{"permission", "tasks.report"}});
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, task_id));
    if (!(parties_of(a, cur, tx) & unsigned(TaskParty::owner))) return Error::make("not_task_owner");
    if (task_status_frozen(cur.status)) return Error::make("frozen");
    LT_ASSIGN(bool ok, store::tasks::set_milestone_done(tx, task_id, milestone_id, done ? today() : ""));
    if (!ok) return Error::make("no_such_milestone");
    LT_ASSIGN(auto full, store::tasks::get(tx, task_id));
    out.task = std::move(*full);
    LT_TRY(record_audit(tx, a, done ? "milestone_done" : "milestone_reopen", "task", std::to_string(task_id),
                        task_view(cur), task_view(out.task), now));
    return {};
  }));
  out.facts = facts(out.task, today());
  return out;
}

Status TaskService::notify_people(store::Tx& tx, const Task& t, const std::string& kind, const Params& params,
                                  const std::string& dedup, const std::string& now, bool leaders) {
  if (!notify_) return {};
  std::set<int64_t> users;
  if (t.responsible_user_id) users.insert(*t.responsible_user_id);
  if (leaders) {
    LT_ASSIGN(auto leaders_ids, store::users::ids_with_role(tx, t.owner_unit_id, "unit_leader"));
    users.insert(leaders_ids.begin(), leaders_ids.end());
  }
  for (int64_t u : users) LT_TRY(notify_(tx, u, kind, t.id, params, dedup + ":" + std::to_string(u), now));
  return {};
}

Result<ProgressReport> TaskService::report(const Actor& a, int64_t task_id, const ReportInput& in) {
  if (!a.can("tasks.report")) return Error::make("not_permitted", {{"permission", "tasks.report"}});
  std::string now = format_utc(clock_.now());
  std::string day = today();
  ProgressReport out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto t, load_visible(tx, a, task_id));
    if (!(parties_of(a, t, tx) & unsigned(TaskParty::owner))) return Error::make("not_task_owner");
    if (task_status_frozen(t.status)) return Error::make("frozen");
    std::vector<FieldError> errs;
    ProgressReport r;
    r.task_id = task_id;
    r.report_date = in.report_date.value_or(day);
    if (!parse_date(r.report_date))
      errs.push_back({"report_date", issue("not_a_date", {{"example", "2017-11-15"}})});
    else if (r.report_date > day)
      errs.push_back({"report_date", issue("date_in_future")});
    else if (r.report_date < t.start_date)
      errs.push_back({"report_date", issue("before_start", {{"start", t.start_date}})});
    r.narrative = trim(in.narrative.value_or(""));
    if (auto m = check_text(r.narrative, 4000, true, true)) errs.push_back({"narrative", *m});
    if (in.achieved_value) {
      if (t.child_count > 0)
        errs.push_back({"achieved_value", issue("quantity_from_children")});
      else if (!t.target_value)
        errs.push_back({"achieved_value", issue("no_quantity_target")});
      else if (*in.achieved_value < 0 || *in.achieved_value > 1e12)
        errs.push_back({"achieved_value", issue("out_of_range", {{"min", "0"}, {"max", "10^12"}})});
      else
        r.achieved_value = *in.achieved_value;
    }
    if (in.percent) {
      if (*in.percent < 0 || *in.percent > 100)
        errs.push_back({"percent", issue("out_of_range", {{"min", "0"}, {"max", "100"}})});
      else
        r.percent = *in.percent;
    }
    if (!errs.empty()) return Error::validation(std::move(errs));
    r.reported_by = a.user_id;
    r.unit_id = a.unit_id;
    LT_ASSIGN(out, store::reports::insert(tx, r, now));
    std::string to = status_after_report(t.status);
    LT_TRY(store::tasks::record_report(tx, task_id, out.achieved_value, to, now));
    if (to != t.status)
      LT_TRY(record_task_event(tx, a, task_id, std::string(kReportAction), t.status, to, "", now));
    LT_TRY(store::reports::fulfil_requests(tx, task_id, out.id, now));
    LT_TRY(refresh_upwards(tx, task_id));
    LT_ASSIGN(auto full, store::reports::get(tx, out.id));
    out = std::move(*full);
    LT_TRY(record_audit(tx, a, "report", "task", std::to_string(task_id), nullptr, report_view(out), now));
    return {};
  }));
  return out;
}

Result<std::vector<ProgressReport>> TaskService::reports(const Actor& a, int64_t task_id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<ProgressReport> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(load_visible(tx, a, task_id));
    LT_ASSIGN(out, store::reports::for_task(tx, task_id));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
