// TaskService: creating tasks (one, a split into several, a whole plan).
#include <algorithm>
#include <map>
#include <set>

#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "core/campaign_workflow.h"
#include "core/error_codes.h"
#include "core/task_rules.h"
#include "core/task_workflow.h"
#include "core/text.h"
#include "store/campaigns_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
using namespace task_internal;
namespace {

// 序号 for new tasks without one (core CodeCounter): each place's counter
// (a parent's children, or a work area's top level) read once per place and
// counted on as tasks are numbered, so a batch numbers its entries one after
// another. tasks::insert stores what they take.
class CodeBook {
 public:
  // key: where the task goes; load: read that place's counter from the
  // database (false for a parent created in the same batch).
  Status number(store::Tx& tx, Task& t, const std::string& key, bool load, const std::optional<Task>& parent,
                const std::string& parent_code, const std::string& field, std::vector<FieldError>& errs) {
    auto it = counters_.find(key);
    if (it == counters_.end()) {
      CodeCounter c;
      if (load) {
        LT_ASSIGN(c, store::tasks::code_counter(tx, t));
      }
      it = counters_.emplace(key, std::move(c)).first;
    }
    if (t.code.empty()) {
      t.code = parent ? it->second.next_child(parent_code) : it->second.next_top();
      if (auto m = check_text(t.code, 20, false)) errs.push_back({field, *m});
    } else {
      it->second.note(t.code);
    }
    return {};
  }

 private:
  std::map<std::string, CodeCounter> counters_;
};

std::string place_of(const Task& t) {
  if (t.parent_id) return "p" + std::to_string(*t.parent_id);
  return "a" + std::to_string(t.campaign_id) + ":" + (t.work_area_id ? std::to_string(*t.work_area_id) : "-");
}

}  // namespace

// Fills `out` from `in` for a new task under `parent` (or top-level), checking
// every rule that needs the database. Field errors go to errs (prefixed).
Status TaskService::build_new(store::Tx& tx, const Actor& a, const TaskInput& in,
                              const std::optional<Task>& parent, Task& out, std::vector<FieldError>& errs,
                              const std::string& pf, const Task* existing) {
  std::string day = today();
  auto cal = calendar_ ? calendar_() : std::make_shared<WorkCalendar>();
  Task& t = out;
  if (parent) {
    t.parent_id = parent->id;
    t.campaign_id = parent->campaign_id;
    t.work_area_id = parent->work_area_id;
  } else {
    if (!in.campaign_id) {
      errs.push_back({pf + "campaign_id", issue("required")});
      return {};
    }
    t.campaign_id = *in.campaign_id;
    if (in.work_area_id) t.work_area_id = *in.work_area_id;
  }
  LT_ASSIGN(auto campaign, store::campaigns::get(tx, t.campaign_id));
  if (!campaign) {
    errs.push_back({pf + "campaign_id", issue("no_such_campaign")});
    return {};
  }
  // A frozen campaign (closed) takes no new task.
  if (campaign_status_frozen(campaign->status)) return Error::make("campaign_closed");
  std::optional<WorkArea> area;
  if (t.work_area_id) {
    LT_ASSIGN(area, store::campaigns::get_area(tx, *t.work_area_id));
    if (!area || area->campaign_id != t.campaign_id)
      errs.push_back({pf + "work_area_id", issue("no_such_work_area")});
  }
  t.code = trim(in.code.value_or(""));
  if (auto m = check_text(t.code, 20, false)) errs.push_back({pf + "code", *m});
  t.title = trim(in.title.value_or(""));
  if (auto m = check_text(t.title, 200, true)) errs.push_back({pf + "title", *m});
  t.description = in.description.value_or("");
  if (auto m = check_text(t.description, 4000, false, true)) errs.push_back({pf + "description", *m});

  // Owner unit: in the caller's scope; a scoped caller hands work only down
  // its own parent's subtree.
  if (!in.owner_unit_id) {
    errs.push_back({pf + "owner_unit_id", issue("required")});
  } else {
    LT_ASSIGN(auto owner, store::units::get(tx, *in.owner_unit_id));
    if (!owner || !a.sees_path(owner->path)) {
      errs.push_back({pf + "owner_unit_id", issue("not_in_scope")});
    } else if (owner->disabled) {
      errs.push_back({pf + "owner_unit_id", issue("unit_disabled")});
    } else if (parent && !is_office(a) && !is_prefix(parent->owner_unit_path, owner->path)) {
      errs.push_back({pf + "owner_unit_id", issue("owner_not_below_parent")});
    } else {
      t.owner_unit_id = owner->id;
      t.owner_unit_path = owner->path;
    }
  }
  // Lead unit: given, else the parent's owner (who handed the work down),
  // else the work area's lead unit, else the campaign office.
  std::optional<int64_t> lead_id = in.lead_unit_id;
  if (!lead_id) {
    if (parent)
      lead_id = parent->owner_unit_id;
    else if (area && area->lead_unit_id)
      lead_id = area->lead_unit_id;
    else
      lead_id = campaign->office_unit_id;
  }
  // A scoped caller names as lead (who accepts the work) only its own unit,
  // a unit above it, or one within its scope; cooperating units likewise.
  // The office may name any. A unit the task already has may stay. Refusals
  // do not echo the unit's name.
  auto may_name = [&](const Unit& u) {
    return is_office(a) || a.sees_path(u.path) || is_prefix(u.path, a.unit_path);
  };
  LT_ASSIGN(auto lead, store::units::get(tx, *lead_id));
  bool kept_lead = existing && existing->lead_unit_id == *lead_id;
  if (!lead)
    errs.push_back({pf + "lead_unit_id", issue("no_such_unit")});
  else if (!kept_lead && !may_name(*lead))
    errs.push_back({pf + "lead_unit_id", issue("lead_not_allowed")});
  else {
    t.lead_unit_id = lead->id;
    t.lead_unit_path = lead->path;
  }
  if (in.responsible_leader) t.responsible_leader = *in.responsible_leader;
  check_person(t.responsible_leader, pf + "responsible_leader", errs);
  if (in.responsible_user_id && *in.responsible_user_id) {
    LT_ASSIGN(auto user, store::users::get(tx, **in.responsible_user_id));
    if (!user || user->disabled)
      errs.push_back({pf + "responsible_user_id", issue("no_such_user")});
    else if (!t.owner_unit_path.empty() && !is_prefix(t.owner_unit_path, user->unit_path))
      errs.push_back({pf + "responsible_user_id", issue("user_not_in_owner")});
    else {
      t.responsible_user_id = user->id;
      t.responsible_person = {user->name, user->phone};
    }
  } else if (in.responsible_person) {
    t.responsible_person = *in.responsible_person;
    check_person(t.responsible_person, pf + "responsible_person", errs);
  }

  t.start_date = in.start_date.value_or(parent && parent->start_date > day ? parent->start_date : day);
  auto start = parse_date(t.start_date);
  if (!start) errs.push_back({pf + "start_date", issue("not_a_date", {{"example", "2017-10-01"}})});
  if (in.deadline && in.deadline_working_days) {
    errs.push_back({pf + "deadline", issue("either_or", {{"other", "deadline_working_days"}})});
  } else if (in.deadline_working_days) {
    if (*in.deadline_working_days < 1 || *in.deadline_working_days > 250) {
      errs.push_back({pf + "deadline_working_days", issue("out_of_range", {{"min", "1"}, {"max", "250"}})});
    } else if (start) {
      // "N working days from assignment": counted from the day it is handed
      // down, or from its start date when that lies ahead.
      Date from = std::max(*start, *parse_date(day));
      Date due = cal->add_working_days(from, int(*in.deadline_working_days));
      t.deadline = format_date(due);
      t.deadline_working_days = int(*in.deadline_working_days);
      t.deadline_unverified = !cal->covers(from) || !cal->covers(due);
    }
  } else if (in.deadline) {
    t.deadline = *in.deadline;
    if (!parse_date(t.deadline))
      errs.push_back({pf + "deadline", issue("not_a_date", {{"example", "2017-10-31"}})});
  } else {
    errs.push_back({pf + "deadline", issue("required")});
  }
  if (!t.deadline.empty() && start && parse_date(t.deadline)) {
    if (t.deadline < t.start_date)
      errs.push_back({pf + "deadline", issue("before_start", {{"start", t.start_date}})});
    if (parent && t.deadline > parent->deadline)
      errs.push_back({pf + "deadline", issue("after_parent_deadline", {{"deadline", parent->deadline}})});
  }
  t.measure_unit = trim(in.measure_unit.value_or(""));
  if (auto m = check_text(t.measure_unit, 20, false)) errs.push_back({pf + "measure_unit", *m});
  if (in.target_value && *in.target_value) {
    t.target_value = **in.target_value;
    if (*t.target_value < 0 || *t.target_value > 1e12)
      errs.push_back({pf + "target_value", issue("out_of_range", {{"min", "0"}, {"max", "10^12"}})});
    if (t.measure_unit.empty()) errs.push_back({pf + "measure_unit", issue("measure_unit_required")});
  }
  t.weight = in.weight.value_or(1);
  if (!(t.weight > 0 && t.weight <= 100))
    errs.push_back({pf + "weight", issue("not_positive", {{"max", "100"}})});
  if (in.cooperating_unit_ids) {
    std::set<int64_t> seen;
    for (int64_t id : *in.cooperating_unit_ids) {
      if (!seen.insert(id).second) continue;
      LT_ASSIGN(auto u, store::units::get(tx, id));
      bool kept =
          existing && std::any_of(existing->cooperating_units.begin(), existing->cooperating_units.end(),
                                  [&](const UnitRef& r) { return r.id == id; });
      if (!u || (!kept && !may_name(*u)))
        errs.push_back({pf + "cooperating_unit_ids", issue("not_in_scope")});
      else
        t.cooperating_units.push_back({u->id, u->name});
    }
  }
  if (in.milestones) {
    if (in.milestones->size() > 50) errs.push_back({pf + "milestones", issue("too_many", {{"max", "50"}})});
    for (size_t i = 0; i < in.milestones->size(); ++i) {
      Milestone m = (*in.milestones)[i];
      std::string f = pf + "milestones[" + std::to_string(i) + "].";
      m.title = trim(m.title);
      if (auto msg = check_text(m.title, 200, true)) errs.push_back({f + "title", *msg});
      if (!parse_date(m.deadline))
        errs.push_back({f + "deadline", issue("not_a_date", {{"example", "2017-10-15"}})});
      else if (!t.deadline.empty() && (m.deadline > t.deadline || m.deadline < t.start_date))
        errs.push_back({f + "deadline", issue("milestone_outside")});
      t.milestones.push_back(std::move(m));
    }
  }
  t.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
  if (parent && parent->depth + 1 >= kMaxDepth)
    errs.push_back({pf + "parent_id", issue("too_deep", {{"max", "8"}})});
  return {};
}

Result<TaskDetail> TaskService::create(const Actor& a, const TaskInput& in) {
  if (!a.can("tasks.write")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    std::optional<Task> parent;
    if (in.parent_id) {
      auto p = load_visible(tx, a, *in.parent_id);
      if (!p.ok())
        return p.error().kind == ErrorKind::not_found ? Error::field("parent_id", issue("no_such_task"))
                                                      : p.error();
      parent = std::move(p).value();
      unsigned parties = parties_of(a, *parent, tx);
      if (!(parties & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
        return Error::make("not_decomposer");
      if (task_status_frozen(parent->status)) return Error::make("frozen");
    } else if (!is_office(a)) {
      return Error::make("office_only");
    }
    Task t;
    std::vector<FieldError> errs;
    LT_TRY(build_new(tx, a, in, parent, t, errs, ""));
    CodeBook book;
    if (errs.empty())
      LT_TRY(book.number(tx, t, place_of(t), true, parent, parent ? parent->code : "", "code", errs));
    if (!errs.empty()) return Error::validation(std::move(errs));
    if (parent && t.target_value) {
      // One more child: siblings plus this one may not exceed the parent.
      LT_ASSIGN(auto kids, store::tasks::children(tx, parent->id));
      std::vector<AllocationChild> alloc;
      for (const auto& k : kids) alloc.push_back({std::to_string(k.id), k.target_value, k.measure_unit});
      alloc.push_back({t.title, t.target_value, t.measure_unit});
      LT_TRY(check_allocation(parent->target_value, parent->measure_unit, alloc, false, ""));
    }
    LT_ASSIGN(auto inserted, store::tasks::insert(tx, t, now));
    LT_ASSIGN(auto full, store::tasks::get(tx, inserted.id));  // with the names the joins fill in
    out.task = std::move(*full);
    if (parent) LT_TRY(refresh_upwards(tx, parent->id));
    LT_TRY(record_audit(tx, a, "create", "task", std::to_string(out.task.id), nullptr, task_view(out.task),
                        now));
    LT_TRY(record_task_event(tx, a, out.task.id, "create", "", out.task.status, "", now));
    LT_TRY(notify_people(tx, out.task, "task_assigned",
                         {{"title", shorten_text(out.task.title, 120)}, {"deadline", out.task.deadline}},
                         "assigned:" + std::to_string(out.task.id), now, true));
    return {};
  }));
  out.facts = facts(out.task, today());
  return out;
}

Result<std::vector<TaskDetail>> TaskService::decompose(const Actor& a, int64_t parent_id,
                                                       const std::vector<TaskInput>& subtasks) {
  if (!a.can("tasks.write")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  if (subtasks.empty()) return Error::field("subtasks", issue("required"));
  if (subtasks.size() > 500) return Error::field("subtasks", issue("too_many", {{"max", "500"}}));
  std::string now = format_utc(clock_.now());
  std::vector<TaskDetail> out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto parent, load_visible(tx, a, parent_id));
    if (!(parties_of(a, parent, tx) & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
      return Error::make("not_decomposer");
    if (task_status_frozen(parent.status)) return Error::make("frozen");
    std::vector<Task> built(subtasks.size());
    std::vector<FieldError> errs;
    std::optional<Task> p = parent;
    for (size_t i = 0; i < subtasks.size(); ++i)
      LT_TRY(build_new(tx, a, subtasks[i], p, built[i], errs, "subtasks[" + std::to_string(i) + "]."));
    CodeBook book;
    for (size_t i = 0; i < subtasks.size() && errs.empty(); ++i)
      LT_TRY(book.number(tx, built[i], place_of(built[i]), true, p, parent.code,
                         "subtasks[" + std::to_string(i) + "].code", errs));
    if (!errs.empty()) return Error::validation(std::move(errs));
    // The whole split at once: with existing children, their targets count too.
    LT_ASSIGN(auto kids, store::tasks::children(tx, parent.id));
    std::vector<AllocationChild> alloc;
    for (const auto& t : built) alloc.push_back({t.title, t.target_value, t.measure_unit});
    for (const auto& k : kids) alloc.push_back({std::to_string(k.id), k.target_value, k.measure_unit});
    LT_TRY(check_allocation(parent.target_value, parent.measure_unit, alloc, parent.target_value.has_value(),
                            "subtasks"));
    for (auto& t : built) {
      LT_ASSIGN(auto ins, store::tasks::insert(tx, t, now));
      LT_ASSIGN(auto full, store::tasks::get(tx, ins.id));
      LT_TRY(record_audit(tx, a, "create", "task", std::to_string(ins.id), nullptr, task_view(*full), now));
      LT_TRY(record_task_event(tx, a, ins.id, "create", "", full->status, "", now));
      LT_TRY(notify_people(tx, *full, "task_assigned",
                           {{"title", shorten_text(full->title, 120)}, {"deadline", full->deadline}},
                           "assigned:" + std::to_string(full->id), now, true));
      out.push_back({std::move(*full), {}});
    }
    LT_TRY(refresh_upwards(tx, parent.id));
    return {};
  }));
  std::string day = today();
  for (auto& d : out) d.facts = facts(d.task, day);
  return out;
}

Result<BatchOutcome> TaskService::create_many(const Actor& a, const std::vector<NewTask>& tasks,
                                              BatchMode mode, bool dry_run) {
  std::string now = format_utc(clock_.now());
  BatchOutcome out;
  auto run = [&](store::Tx& tx) { return create_many_in(tx, a, tasks, mode, dry_run, now, out); };
  if (dry_run)
    LT_TRY(db_.read(run));
  else
    LT_TRY(db_.write(run));
  return out;
}

Status TaskService::create_many_in(store::Tx& outer, const Actor& a, const std::vector<NewTask>& tasks,
                                   BatchMode mode, bool dry_run, const std::string& now, BatchOutcome& out) {
  if (!a.can("tasks.write")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  if (tasks.size() > kMaxBatch) return Error::make("too_many_tasks", {{"max", std::to_string(kMaxBatch)}});
  for (size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].parent && *tasks[i].parent >= i) return Error::make("bad_request");
  const size_t n = tasks.size();
  out.errors.resize(n);
  out.ids.assign(n, 0);
  auto run = [&](store::Tx& tx) -> Status {
    std::vector<Task> built(n);
    std::vector<bool> ok(n, false);
    std::map<int64_t, Task> existing;  // parents already in the database, by id
    CodeBook book;
    for (size_t i = 0; i < n; ++i) {
      const NewTask& e = tasks[i];
      std::optional<Task> parent;
      auto& errs = out.errors[i];
      if (e.parent) {
        if (!ok[*e.parent]) {
          errs.push_back({"parent_id", issue("parent_failed")});
          continue;
        }
        parent = built[*e.parent];
      } else if (e.input.parent_id) {
        auto it = existing.find(*e.input.parent_id);
        if (it == existing.end()) {
          auto p = load_visible(tx, a, *e.input.parent_id);
          if (!p.ok()) {
            if (p.error().kind != ErrorKind::not_found) return p.take_error();
            errs.push_back({"parent_id", issue("no_such_task")});
            continue;
          }
          if (!(parties_of(a, *p, tx) & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
            return Error::make("not_decomposer");
          if (task_status_frozen(p->status)) return Error::make("frozen");
          it = existing.emplace(p->id, std::move(p).value()).first;
        }
        parent = it->second;
      } else if (!is_office(a)) {
        return Error::make("office_only");
      }
      LT_TRY(build_new(tx, a, e.input, parent, built[i], errs, ""));
      built[i].depth = parent ? parent->depth + 1 : 0;
      if (errs.empty()) {
        // Under a parent of the same batch, siblings are all in the batch.
        if (e.parent)
          LT_TRY(book.number(tx, built[i], "e" + std::to_string(*e.parent), false, parent, parent->code,
                             "code", errs));
        else
          LT_TRY(book.number(tx, built[i], place_of(built[i]), true, parent, parent ? parent->code : "",
                             "code", errs));
      }
      ok[i] = errs.empty();
    }
    // Children in the batch may not hold more than their parent's target
    // (with an existing parent: together with the children it has).
    std::map<size_t, std::vector<size_t>> kids_of_entry;
    std::map<int64_t, std::vector<size_t>> kids_of_task;
    for (size_t i = 0; i < n; ++i) {
      if (!ok[i] || !built[i].target_value) continue;
      if (tasks[i].parent)
        kids_of_entry[*tasks[i].parent].push_back(i);
      else if (tasks[i].input.parent_id)
        kids_of_task[*tasks[i].input.parent_id].push_back(i);
    }
    auto check = [&](std::optional<double> target, const std::string& unit,
                     std::vector<AllocationChild> alloc, const std::vector<size_t>& kids, size_t first_new,
                     std::vector<FieldError>* parent_errs) -> Status {
      for (size_t k : kids) alloc.push_back({built[k].title, built[k].target_value, built[k].measure_unit});
      auto st = check_allocation(target, unit, alloc, false, "c");
      if (st.ok()) return {};
      Error e = st.take_error();
      if (e.fields.empty()) return e;
      for (const auto& fe : e.fields) {
        size_t idx = fe.field.rfind("c[", 0) == 0 ? size_t(std::stoul(fe.field.substr(2))) : size_t(-1);
        if (idx != size_t(-1) && idx >= first_new) {
          FieldError moved = fe;
          moved.field = fe.field.substr(fe.field.find("].") + 2);
          out.errors[kids[idx - first_new]].push_back(std::move(moved));
        } else if (parent_errs) {
          FieldError moved = fe;
          moved.field = "target_value";
          parent_errs->push_back(std::move(moved));
        } else {
          FieldError moved = fe;
          moved.field = "target_value";
          for (size_t k : kids) out.errors[k].push_back(moved);
        }
      }
      return {};
    };
    for (const auto& [p, kids] : kids_of_entry)
      LT_TRY(check(built[p].target_value, built[p].measure_unit, {}, kids, 0, &out.errors[p]));
    for (const auto& [pid, kids] : kids_of_task) {
      const Task& p = existing.at(pid);
      LT_ASSIGN(auto have, store::tasks::children(tx, pid));
      std::vector<AllocationChild> alloc;
      for (const auto& k : have) alloc.push_back({std::to_string(k.id), k.target_value, k.measure_unit});
      LT_TRY(check(p.target_value, p.measure_unit, alloc, kids, alloc.size(), nullptr));
    }
    // Errors found late fail their entry and, through it, its descendants.
    bool any_bad = false;
    for (size_t i = 0; i < n; ++i) {
      if (ok[i] && tasks[i].parent && !ok[*tasks[i].parent] && out.errors[i].empty())
        out.errors[i].push_back({"parent_id", issue("parent_failed")});
      ok[i] = out.errors[i].empty();
      any_bad = any_bad || !ok[i];
    }
    if (dry_run || (any_bad && mode == BatchMode::all_or_nothing)) return {};

    std::vector<bool> has_new_child(n, false);
    for (size_t i = 0; i < n; ++i) {
      if (!ok[i]) continue;
      Task t = built[i];
      if (tasks[i].parent) {
        t.parent_id = out.ids[*tasks[i].parent];
        has_new_child[*tasks[i].parent] = true;
      }
      LT_ASSIGN(auto ins, store::tasks::insert(tx, t, now));
      LT_ASSIGN(auto full, store::tasks::get(tx, ins.id));
      LT_TRY(record_audit(tx, a, "create", "task", std::to_string(ins.id), nullptr, task_view(*full), now));
      LT_TRY(record_task_event(tx, a, ins.id, "create", "", full->status, "", now));
      LT_TRY(notify_people(tx, *full, "task_assigned",
                           {{"title", shorten_text(full->title, 120)}, {"deadline", full->deadline}},
                           "assigned:" + std::to_string(full->id), now, true));
      out.ids[i] = ins.id;
      ++out.created;
    }
    // Roll-ups: children before parents (entries come parents first), then
    // the existing parents up to their roots.
    for (size_t i = n; i-- > 0;)
      if (out.ids[i] && has_new_child[i]) LT_TRY(refresh_one(tx, out.ids[i]));
    for (const auto& [pid, t] : existing) LT_TRY(refresh_upwards(tx, pid));
    return {};
  };
  return run(outer);
}

Result<PlanBatchOutcome> TaskService::apply_plan(const Actor& a, const std::vector<TaskChange>& updates,
                                                 const std::vector<NewTask>& creates, BatchMode mode,
                                                 bool dry_run) {
  if (!a.can("tasks.write")) return Error::forbidden("you may not change tasks");
  std::string now = format_utc(clock_.now());
  PlanBatchOutcome out;
  out.update_errors.resize(updates.size());
  bool undo = false;  // a dry run, or all-or-nothing with errors: roll back on purpose
  Status st = db_.write([&](store::Tx& tx) -> Status {
    bool bad = false;
    // Updates first (in the order given, parents before children), so that
    // the creations are checked against the updated tree.
    for (size_t i = 0; i < updates.size(); ++i) {
      TaskDetail d;
      Status u = update_in(tx, a, updates[i].id, updates[i].input, now, d);
      if (u.ok()) {
        if (d.task.version != updates[i].input.version) ++out.updated;
        continue;
      }
      Error e = u.take_error();
      if (e.kind == ErrorKind::internal || e.kind == ErrorKind::unavailable) return e;
      bad = true;
      if (!e.fields.empty()) {
        out.update_errors[i] = std::move(e.fields);
      } else {
        FieldError fe;
        fe.message = client_message(e);  // never a database's own words
        fe.code = e.code.empty() ? std::string(generic_code(e)) : e.code;
        fe.params = e.params;
        out.update_errors[i].push_back(std::move(fe));
      }
    }
    bool hold = dry_run || (bad && mode == BatchMode::all_or_nothing);
    LT_TRY(create_many_in(tx, a, creates, mode, hold, now, out.created));
    for (const auto& errs : out.created.errors) bad = bad || !errs.empty();
    if (dry_run || (bad && mode == BatchMode::all_or_nothing)) {
      undo = true;
      return Error::invalid("rolled back on purpose");
    }
    return {};
  });
  if (undo) {
    out.updated = 0;
    out.created.created = 0;
    std::fill(out.created.ids.begin(), out.created.ids.end(), 0);
    return out;
  }
  LT_TRY(st);
  return out;
}

}  // namespace lantian::app
