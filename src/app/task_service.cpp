#include "app/task_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "app/audit.h"
#include "app/task_parties.h"
#include "app/task_views.h"
#include "core/crypto.h"
#include "core/task_rules.h"
#include "core/task_workflow.h"
#include "core/text.h"
#include "store/campaigns_repo.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

constexpr int kMaxDepth = 8;
constexpr size_t kMaxSubtree = 5000;
constexpr size_t kMaxBatch = 5000;
constexpr size_t kMaxAttachment = 8 * 1024 * 1024;
constexpr int kMaxAttachmentsPerReport = 20;

bool is_prefix(const std::string& prefix, const std::string& path) {
  return !prefix.empty() && path.rfind(prefix, 0) == 0;
}

using parties::is_office;

Error stale(const Task& t) {
  return Error::conflict("the task was changed by someone else (now version " + std::to_string(t.version) +
                         "); reload and try again");
}

void check_person(const Person& p, const std::string& field, std::vector<FieldError>& errs) {
  if (auto m = check_text(p.name, 40, false)) errs.push_back({field + ".name", *m});
  if (!p.phone.empty() && !valid_phone(p.phone))
    errs.push_back(
        {field + ".phone", "must be a mobile number (11 digits) or a landline like 0371-12345678"});
}

// File types a report may carry, recognised by their first bytes (the
// browser's Content-Type is only a hint).
std::optional<std::string> sniff_type(const std::string& b) {
  auto starts = [&](std::string_view magic) {
    return b.size() >= magic.size() && b.compare(0, magic.size(), magic) == 0;
  };
  if (starts("\xFF\xD8\xFF")) return "image/jpeg";
  if (starts("\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts("RIFF") && b.size() > 12 && b.compare(8, 4, "WEBP") == 0) return "image/webp";
  if (starts("%PDF-")) return "application/pdf";
  if (starts(std::string_view("PK\x03\x04", 4))) return "application/zip";  // .docx / .xlsx
  return std::nullopt;
}

std::string zip_subtype(const std::string& filename) {
  auto ends = [&](std::string_view s) {
    return filename.size() >= s.size() && filename.compare(filename.size() - s.size(), s.size(), s) == 0;
  };
  if (ends(".docx")) return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
  if (ends(".xlsx")) return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  return "";
}

}  // namespace

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
  if (parties::in_reach(parties::owner_reach(a), t.owner_unit_path)) p |= unsigned(TaskParty::owner);
  if (parties::in_reach(parties::lead_reach(a), t.lead_unit_path)) p |= unsigned(TaskParty::lead);
  if (is_office(a)) p |= unsigned(TaskParty::office);
  return p;
}

Result<Task> TaskService::load_visible(store::Tx& tx, const Actor& a, int64_t id) const {
  LT_ASSIGN(auto t, store::tasks::get(tx, id));
  if (!t) return Error::not_found("no such task");
  bool visible =
      a.grant.scope == Scope::all || a.sees_path(t->owner_unit_path) || a.sees_path(t->lead_unit_path);
  if (!visible) {
    for (const auto& u : t->cooperating_units) {
      LT_ASSIGN(auto unit, store::units::get(tx, u.id));
      if (unit && a.sees_path(unit->path)) visible = true;
    }
  }
  if (!visible) return Error::not_found("no such task");
  return std::move(*t);
}

Result<store::PageOf<TaskDetail>> TaskService::list(const Actor& a, store::tasks::Filter f,
                                                    const store::Page& page) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  f.scope_path = a.scope_path();
  f.today = today();
  store::PageOf<Task> rows;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rows, store::tasks::list(tx, f, page));
    return {};
  }));
  store::PageOf<TaskDetail> out;
  out.total = rows.total;
  out.items.reserve(rows.items.size());
  auto cal = calendar_ ? calendar_() : nullptr;
  for (auto& t : rows.items) {
    TaskFacts fa = facts(t, f.today, cal.get());
    out.items.push_back({std::move(t), std::move(fa)});
  }
  return out;
}

Result<std::vector<TaskDetail>> TaskService::list_all(const Actor& a, store::tasks::Filter f, int64_t limit) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  f.scope_path = a.scope_path();
  f.today = today();
  std::vector<Task> rows;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rows, store::tasks::all(tx, f, limit + 1));
    return {};
  }));
  if (int64_t(rows.size()) > limit)
    return Error::invalid("more than " + std::to_string(limit) + " tasks match; narrow the filter");
  std::vector<TaskDetail> out;
  out.reserve(rows.size());
  for (auto& t : rows) {
    TaskFacts fa = facts(t, f.today);
    out.push_back({std::move(t), std::move(fa)});
  }
  return out;
}

Result<std::vector<TaskDetail>> TaskService::subtree(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
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
    return {};
  }));
  return out;
}

Result<TaskDetail> TaskService::get(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  TaskDetail d;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(d.task, load_visible(tx, a, id));
    d.facts = facts(d.task, today());
    TransitionCheck c;
    c.status = d.task.status;
    c.parties = parties_of(a, d.task, tx);
    LT_ASSIGN(auto kids, store::tasks::children(tx, id));
    c.children_done = std::all_of(kids.begin(), kids.end(), [](const auto& k) {
      return k.status == "completed" || k.status == "accepted";
    });
    LT_ASSIGN(c.has_report, store::reports::any_for_task(tx, id));
    c.has_note = true;  // the UI asks for a note when an action needs one
    d.facts.actions = available_actions(c);
    if (a.can("tasks.write") && (c.parties & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
      d.facts.actions.push_back("decompose");
    return {};
  }));
  return d;
}

// Fills `out` from `in` for a new task under `parent` (or top-level), checking
// every rule that needs the database. Field errors go to errs (prefixed).
Status TaskService::build_new(store::Tx& tx, const Actor& a, const TaskInput& in,
                              const std::optional<Task>& parent, Task& out, std::vector<FieldError>& errs,
                              const std::string& pf) {
  std::string day = today();
  auto cal = calendar_ ? calendar_() : std::make_shared<WorkCalendar>();
  Task& t = out;
  if (parent) {
    t.parent_id = parent->id;
    t.campaign_id = parent->campaign_id;
    t.work_area_id = parent->work_area_id;
  } else {
    if (!in.campaign_id) {
      errs.push_back({pf + "campaign_id", "is required for a top-level task"});
      return {};
    }
    t.campaign_id = *in.campaign_id;
    if (in.work_area_id) t.work_area_id = *in.work_area_id;
  }
  LT_ASSIGN(auto campaign, store::campaigns::get(tx, t.campaign_id));
  if (!campaign) {
    errs.push_back({pf + "campaign_id", "no such campaign"});
    return {};
  }
  if (campaign->status == "closed") return Error::conflict("the campaign is closed");
  std::optional<WorkArea> area;
  if (t.work_area_id) {
    LT_ASSIGN(area, store::campaigns::get_area(tx, *t.work_area_id));
    if (!area || area->campaign_id != t.campaign_id)
      errs.push_back({pf + "work_area_id", "no such work area in this campaign"});
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
    errs.push_back({pf + "owner_unit_id", "is required"});
  } else {
    LT_ASSIGN(auto owner, store::units::get(tx, *in.owner_unit_id));
    if (!owner || !a.sees_path(owner->path)) {
      errs.push_back({pf + "owner_unit_id", "no such unit"});
    } else if (owner->disabled) {
      errs.push_back({pf + "owner_unit_id", "the unit is disabled"});
    } else if (parent && !is_office(a) && !is_prefix(parent->owner_unit_path, owner->path)) {
      errs.push_back({pf + "owner_unit_id", "must be the parent task's owner unit or one of its sub-units"});
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
  LT_ASSIGN(auto lead, store::units::get(tx, *lead_id));
  if (!lead)
    errs.push_back({pf + "lead_unit_id", "no such unit"});
  else {
    t.lead_unit_id = lead->id;
    t.lead_unit_path = lead->path;
  }
  if (in.responsible_leader) t.responsible_leader = *in.responsible_leader;
  check_person(t.responsible_leader, pf + "responsible_leader", errs);
  if (in.responsible_user_id && *in.responsible_user_id) {
    LT_ASSIGN(auto user, store::users::get(tx, **in.responsible_user_id));
    if (!user || user->disabled)
      errs.push_back({pf + "responsible_user_id", "no such user"});
    else if (!t.owner_unit_path.empty() && !is_prefix(t.owner_unit_path, user->unit_path))
      errs.push_back({pf + "responsible_user_id", "must belong to the owner unit or one of its sub-units"});
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
  if (!start) errs.push_back({pf + "start_date", "must be a date like 2017-10-01"});
  if (in.deadline && in.deadline_working_days) {
    errs.push_back({pf + "deadline", "give either a deadline or deadline_working_days, not both"});
  } else if (in.deadline_working_days) {
    if (*in.deadline_working_days < 1 || *in.deadline_working_days > 250) {
      errs.push_back({pf + "deadline_working_days", "must be between 1 and 250"});
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
    if (!parse_date(t.deadline)) errs.push_back({pf + "deadline", "must be a date like 2017-10-31"});
  } else {
    errs.push_back({pf + "deadline", "is required (a date or deadline_working_days)"});
  }
  if (!t.deadline.empty() && start && parse_date(t.deadline)) {
    if (t.deadline < t.start_date) errs.push_back({pf + "deadline", "must not be before the start date"});
    if (parent && t.deadline > parent->deadline)
      errs.push_back({pf + "deadline", "must not be after the parent task's deadline " + parent->deadline});
  }
  t.measure_unit = trim(in.measure_unit.value_or(""));
  if (auto m = check_text(t.measure_unit, 20, false)) errs.push_back({pf + "measure_unit", *m});
  if (in.target_value && *in.target_value) {
    t.target_value = **in.target_value;
    if (*t.target_value < 0 || *t.target_value > 1e12)
      errs.push_back({pf + "target_value", "must be between 0 and 10^12"});
    if (t.measure_unit.empty()) errs.push_back({pf + "measure_unit", "is required with a target value"});
  }
  t.weight = in.weight.value_or(1);
  if (!(t.weight > 0 && t.weight <= 100))
    errs.push_back({pf + "weight", "must be greater than 0 and at most 100"});
  if (in.cooperating_unit_ids) {
    std::set<int64_t> seen;
    for (int64_t id : *in.cooperating_unit_ids) {
      if (!seen.insert(id).second) continue;
      LT_ASSIGN(auto u, store::units::get(tx, id));
      if (!u)
        errs.push_back({pf + "cooperating_unit_ids", "no such unit: " + std::to_string(id)});
      else
        t.cooperating_units.push_back({u->id, u->name});
    }
  }
  if (in.milestones) {
    if (in.milestones->size() > 50) errs.push_back({pf + "milestones", "at most 50 milestones"});
    for (size_t i = 0; i < in.milestones->size(); ++i) {
      Milestone m = (*in.milestones)[i];
      std::string f = pf + "milestones[" + std::to_string(i) + "].";
      m.title = trim(m.title);
      if (auto msg = check_text(m.title, 200, true)) errs.push_back({f + "title", *msg});
      if (!parse_date(m.deadline))
        errs.push_back({f + "deadline", "must be a date like 2017-10-15"});
      else if (!t.deadline.empty() && (m.deadline > t.deadline || m.deadline < t.start_date))
        errs.push_back({f + "deadline", "must lie between the task's start date and its deadline"});
      t.milestones.push_back(std::move(m));
    }
  }
  t.created_by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
  if (parent && parent->depth + 1 >= kMaxDepth)
    errs.push_back({pf + "parent_id", "the task tree is at most 8 levels deep"});
  return {};
}

Result<TaskDetail> TaskService::create(const Actor& a, const TaskInput& in) {
  if (!a.can("tasks.write")) return Error::forbidden("you may not create tasks");
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    std::optional<Task> parent;
    if (in.parent_id) {
      auto p = load_visible(tx, a, *in.parent_id);
      if (!p.ok())
        return p.error().kind == ErrorKind::not_found ? Error::field("parent_id", "no such task") : p.error();
      parent = std::move(p).value();
      unsigned parties = parties_of(a, *parent, tx);
      if (!(parties & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
        return Error::forbidden("only the task's owner unit or the campaign office may decompose it");
      if (parent->status == "accepted") return Error::conflict("an accepted task cannot take new subtasks");
    } else if (!is_office(a)) {
      return Error::forbidden("only the campaign office may create top-level tasks");
    }
    Task t;
    std::vector<FieldError> errs;
    LT_TRY(build_new(tx, a, in, parent, t, errs, ""));
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
    LT_TRY(notify_people(tx, out.task, "task_assigned", "新任务：" + out.task.title,
                         "完成时限 " + out.task.deadline, "assigned:" + std::to_string(out.task.id), now,
                         true));
    return {};
  }));
  out.facts = facts(out.task, today());
  return out;
}

Result<std::vector<TaskDetail>> TaskService::decompose(const Actor& a, int64_t parent_id,
                                                       const std::vector<TaskInput>& subtasks) {
  if (!a.can("tasks.write")) return Error::forbidden("you may not create tasks");
  if (subtasks.empty()) return Error::field("subtasks", "give at least one subtask");
  if (subtasks.size() > 500) return Error::field("subtasks", "at most 500 subtasks at once");
  std::string now = format_utc(clock_.now());
  std::vector<TaskDetail> out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto parent, load_visible(tx, a, parent_id));
    if (!(parties_of(a, parent, tx) & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
      return Error::forbidden("only the task's owner unit or the campaign office may decompose it");
    if (parent.status == "accepted") return Error::conflict("an accepted task cannot take new subtasks");
    std::vector<Task> built(subtasks.size());
    std::vector<FieldError> errs;
    std::optional<Task> p = parent;
    for (size_t i = 0; i < subtasks.size(); ++i)
      LT_TRY(build_new(tx, a, subtasks[i], p, built[i], errs, "subtasks[" + std::to_string(i) + "]."));
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
      LT_TRY(notify_people(tx, *full, "task_assigned", "新任务：" + full->title, "完成时限 " + full->deadline,
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
  if (!a.can("tasks.write")) return Error::forbidden("you may not create tasks");
  if (tasks.size() > kMaxBatch)
    return Error::invalid("at most " + std::to_string(kMaxBatch) + " tasks at once");
  for (size_t i = 0; i < tasks.size(); ++i)
    if (tasks[i].parent && *tasks[i].parent >= i)
      return Error::invalid("task " + std::to_string(i) + ": its parent must come before it");
  std::string now = format_utc(clock_.now());
  const size_t n = tasks.size();
  BatchOutcome out;
  out.errors.resize(n);
  out.ids.assign(n, 0);
  auto run = [&](store::Tx& tx) -> Status {
    std::vector<Task> built(n);
    std::vector<bool> ok(n, false);
    std::map<int64_t, Task> existing;  // parents already in the database, by id
    for (size_t i = 0; i < n; ++i) {
      const NewTask& e = tasks[i];
      std::optional<Task> parent;
      auto& errs = out.errors[i];
      if (e.parent) {
        if (!ok[*e.parent]) {
          errs.push_back({"parent_id", "not created: its parent has errors"});
          continue;
        }
        parent = built[*e.parent];
      } else if (e.input.parent_id) {
        auto it = existing.find(*e.input.parent_id);
        if (it == existing.end()) {
          auto p = load_visible(tx, a, *e.input.parent_id);
          if (!p.ok()) {
            if (p.error().kind != ErrorKind::not_found) return p.take_error();
            errs.push_back({"parent_id", "no such task"});
            continue;
          }
          if (!(parties_of(a, *p, tx) & (unsigned(TaskParty::owner) | unsigned(TaskParty::office))))
            return Error::forbidden("only the task's owner unit or the campaign office may decompose it");
          if (p->status == "accepted") return Error::conflict("an accepted task cannot take new subtasks");
          it = existing.emplace(p->id, std::move(p).value()).first;
        }
        parent = it->second;
      } else if (!is_office(a)) {
        return Error::forbidden("only the campaign office may create top-level tasks");
      }
      LT_TRY(build_new(tx, a, e.input, parent, built[i], errs, ""));
      built[i].depth = parent ? parent->depth + 1 : 0;
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
          out.errors[kids[idx - first_new]].push_back({fe.field.substr(fe.field.find("].") + 2), fe.message});
        } else if (parent_errs) {
          parent_errs->push_back({"target_value", fe.message});
        } else {
          for (size_t k : kids) out.errors[k].push_back({"target_value", fe.message});
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
        out.errors[i].push_back({"parent_id", "not created: its parent has errors"});
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
      LT_TRY(notify_people(tx, *full, "task_assigned", "新任务：" + full->title, "完成时限 " + full->deadline,
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
  if (dry_run)
    LT_TRY(db_.read(run));
  else
    LT_TRY(db_.write(run));
  return out;
}

Result<TaskDetail> TaskService::update(const Actor& a, int64_t id, const TaskInput& in) {
  if (!a.can("tasks.write")) return Error::forbidden("you may not change tasks");
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    std::optional<Task> parent;
    if (cur.parent_id) {
      LT_ASSIGN(auto p, store::tasks::get(tx, *cur.parent_id));
      parent = std::move(*p);
    }
    // Whoever handed the task down edits it: the parent's owner, or the office.
    bool may =
        is_office(a) || (parent && a.can("tasks.write") && is_prefix(a.unit_path, parent->owner_unit_path));
    if (!may)
      return Error::forbidden("only the unit that assigned the task or the campaign office may change it");
    if (cur.version != in.version) return stale(cur);
    if (cur.status == "accepted")
      return Error::conflict("an accepted task cannot be changed; reopen it first");
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
    LT_TRY(build_new(tx, a, m, parent, t, errs, ""));
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
        return Error::field("target_value", "the subtasks already hold more than this: " + e.message);
      }
      for (const auto& k : kids) {
        LT_ASSIGN(auto kid, store::tasks::get(tx, k.id));
        if (kid->deadline > t.deadline)
          return Error::field("deadline",
                              "a subtask (\"" + kid->title + "\") is due later, on " + kid->deadline);
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
  }));
  out.facts = facts(out.task, today());
  return out;
}

Result<TaskDetail> TaskService::act(const Actor& a, int64_t id, const std::string& action, int64_t version,
                                    const std::string& note) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not change tasks");
  std::string now = format_utc(clock_.now());
  std::string clean_note = trim(note);
  if (auto m = check_text(clean_note, 1000, false, true)) return Error::field("note", *m);
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    TransitionCheck c;
    c.status = cur.status;
    c.parties = parties_of(a, cur, tx);
    c.has_note = !clean_note.empty();
    LT_ASSIGN(auto kids, store::tasks::children(tx, id));
    c.children_done = std::all_of(kids.begin(), kids.end(), [](const auto& k) {
      return k.status == "completed" || k.status == "accepted";
    });
    LT_ASSIGN(c.has_report, store::reports::any_for_task(tx, id));
    if (cur.version != version) return stale(cur);
    LT_ASSIGN(auto to, check_transition(action, c));
    LT_ASSIGN(bool ok, store::tasks::set_status(tx, id, version, to, clean_note, now));
    if (!ok) return stale(cur);
    LT_TRY(refresh_upwards(tx, id));
    LT_ASSIGN(auto full, store::tasks::get(tx, id));
    out.task = std::move(*full);
    LT_TRY(record_audit(tx, a, action, "task", std::to_string(id), task_view(cur), task_view(out.task), now));
    if (action == "return" || action == "accept" || action == "reopen") {
      std::string title = (action == "return"   ? "任务被退回："
                           : action == "accept" ? "任务已验收："
                                                : "任务验收已撤销：") +
                          out.task.title;
      std::string kind = action == "return"   ? "task_returned"
                         : action == "accept" ? "task_accepted"
                                              : "task_reopened";
      LT_TRY(notify_people(tx, out.task, kind, title, clean_note,
                           action + ":" + std::to_string(id) + ":" + std::to_string(out.task.version), now,
                           true));
    }
    return {};
  }));
  out.facts = facts(out.task, today());
  return out;
}

Result<TaskDetail> TaskService::set_milestone_done(const Actor& a, int64_t task_id, int64_t milestone_id,
                                                   bool done) {
  if (!a.can("tasks.report")) return Error::forbidden("you may not report on tasks");
  std::string now = format_utc(clock_.now());
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, task_id));
    if (!(parties_of(a, cur, tx) & unsigned(TaskParty::owner)))
      return Error::forbidden("only the task's owner unit may report on it");
    LT_ASSIGN(bool ok, store::tasks::set_milestone_done(tx, task_id, milestone_id, done ? today() : ""));
    if (!ok) return Error::not_found("no such milestone");
    LT_ASSIGN(auto full, store::tasks::get(tx, task_id));
    out.task = std::move(*full);
    LT_TRY(record_audit(tx, a, done ? "milestone_done" : "milestone_reopen", "task", std::to_string(task_id),
                        task_view(cur), task_view(out.task), now));
    return {};
  }));
  out.facts = facts(out.task, today());
  return out;
}

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

Status TaskService::notify_people(store::Tx& tx, const Task& t, const std::string& kind,
                                  const std::string& title, const std::string& body, const std::string& dedup,
                                  const std::string& now, bool leaders) {
  if (!notify_) return {};
  std::set<int64_t> users;
  if (t.responsible_user_id) users.insert(*t.responsible_user_id);
  if (leaders) {
    store::users::Filter f;
    f.unit_id = t.owner_unit_id;
    f.subtree = false;
    f.role = "unit_leader";
    store::Page page;
    page.per_page = 50;
    LT_ASSIGN(auto rows, store::users::list(tx, f, page));
    for (const auto& u : rows.items) users.insert(u.id);
  }
  for (int64_t u : users)
    LT_TRY(notify_(tx, u, kind, t.id, title, body, dedup + ":" + std::to_string(u), now));
  return {};
}

Result<ProgressReport> TaskService::report(const Actor& a, int64_t task_id, const ReportInput& in) {
  if (!a.can("tasks.report")) return Error::forbidden("you may not report on tasks");
  std::string now = format_utc(clock_.now());
  std::string day = today();
  ProgressReport out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto t, load_visible(tx, a, task_id));
    if (!(parties_of(a, t, tx) & unsigned(TaskParty::owner)))
      return Error::forbidden("only the task's owner unit may report on it");
    if (t.status == "accepted") return Error::conflict("the task is accepted; no more reports");
    std::vector<FieldError> errs;
    ProgressReport r;
    r.task_id = task_id;
    r.report_date = in.report_date.value_or(day);
    if (!parse_date(r.report_date))
      errs.push_back({"report_date", "must be a date like 2017-11-15"});
    else if (r.report_date > day)
      errs.push_back({"report_date", "must not be in the future"});
    else if (r.report_date < t.start_date)
      errs.push_back({"report_date", "must not be before the task's start date " + t.start_date});
    r.narrative = trim(in.narrative.value_or(""));
    if (auto m = check_text(r.narrative, 4000, true, true)) errs.push_back({"narrative", *m});
    if (in.achieved_value) {
      if (t.child_count > 0)
        errs.push_back({"achieved_value", "this task's quantity is the sum of its subtasks; report on them"});
      else if (!t.target_value)
        errs.push_back({"achieved_value", "the task has no quantitative target; give percent instead"});
      else if (*in.achieved_value < 0 || *in.achieved_value > 1e12)
        errs.push_back({"achieved_value", "must be between 0 and 10^12"});
      else
        r.achieved_value = *in.achieved_value;
    }
    if (in.percent) {
      if (*in.percent < 0 || *in.percent > 100)
        errs.push_back({"percent", "must be between 0 and 100"});
      else
        r.percent = *in.percent;
    }
    if (!errs.empty()) return Error::validation(std::move(errs));
    r.reported_by = a.user_id;
    r.unit_id = a.unit_id;
    LT_ASSIGN(out, store::reports::insert(tx, r, now));
    LT_TRY(store::tasks::record_report(tx, task_id, out.achieved_value, status_after_report(t.status), now));
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
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  std::vector<ProgressReport> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(load_visible(tx, a, task_id));
    LT_ASSIGN(out, store::reports::for_task(tx, task_id));
    return {};
  }));
  return out;
}

Result<Attachment> TaskService::attach(const Actor& a, int64_t report_id, const AttachmentUpload& file) {
  if (!a.can("tasks.report")) return Error::forbidden("you may not report on tasks");
  std::vector<FieldError> errs;
  std::string name = trim(file.filename);
  if (auto m = check_text(name, 120, true)) errs.push_back({"filename", *m});
  if (name.find_first_of("/\\") != std::string::npos)
    errs.push_back({"filename", "must not contain / or \\"});
  if (file.bytes.empty()) errs.push_back({"file", "is empty"});
  if (file.bytes.size() > kMaxAttachment)
    return Error{ErrorKind::too_large, "a file may be at most 8 MiB", {}, {}};
  auto type = sniff_type(file.bytes);
  if (!file.bytes.empty() && !type)
    errs.push_back(
        {"file", "must be a photo (JPEG, PNG, WebP), a PDF, or a Word/Excel document (.docx, .xlsx)"});
  if (type && *type == "application/zip") {
    *type = zip_subtype(name);
    if (type->empty()) errs.push_back({"file", "a ZIP-based file must be a .docx or .xlsx document"});
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  std::string now = format_utc(clock_.now());
  Attachment out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto r, store::reports::get(tx, report_id));
    if (!r) return Error::not_found("no such report");
    LT_ASSIGN(auto t, load_visible(tx, a, r->task_id));
    if (!(parties_of(a, t, tx) & unsigned(TaskParty::owner)))
      return Error::forbidden("only the task's owner unit may add files to its reports");
    LT_ASSIGN(auto n, store::reports::attachment_count(tx, report_id));
    if (n >= kMaxAttachmentsPerReport) return Error::conflict("a report holds at most 20 files");
    Attachment at;
    at.report_id = report_id;
    at.task_id = t.id;
    at.filename = name;
    at.content_type = *type;
    at.size_bytes = int64_t(file.bytes.size());
    at.sha256 = sha256_hex(file.bytes);
    at.uploaded_by = a.user_id;
    LT_ASSIGN(out, store::reports::insert_attachment(tx, at, file.bytes, now));
    LT_TRY(record_audit(tx, a, "attach", "task", std::to_string(t.id), nullptr, attachment_view(out), now));
    return {};
  }));
  return out;
}

Result<std::pair<Attachment, std::string>> TaskService::attachment(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  std::pair<Attachment, std::string> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto at, store::reports::get_attachment(tx, id));
    if (!at) return Error::not_found("no such file");
    LT_TRY(load_visible(tx, a, at->task_id));
    LT_ASSIGN(auto bytes, store::reports::attachment_bytes(tx, id));
    if (!bytes) return Error::not_found("no such file");
    out = {std::move(*at), std::move(*bytes)};
    return {};
  }));
  return out;
}

Result<ReportRequest> TaskService::request_report(const Actor& a, int64_t task_id,
                                                  const std::string& due_date, const std::string& message) {
  if (!is_office(a)) return Error::forbidden("only the campaign office may request reports");
  std::vector<FieldError> errs;
  std::string day = today();
  if (!parse_date(due_date))
    errs.push_back({"due_date", "must be a date like 2017-11-20"});
  else if (due_date < day)
    errs.push_back({"due_date", "must not be in the past"});
  std::string msg = trim(message);
  if (auto m = check_text(msg, 500, false, true)) errs.push_back({"message", *m});
  if (!errs.empty()) return Error::validation(std::move(errs));
  std::string now = format_utc(clock_.now());
  ReportRequest out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto t, load_visible(tx, a, task_id));
    if (t.status == "accepted") return Error::conflict("the task is accepted; no report is due");
    ReportRequest r;
    r.task_id = t.id;
    r.task_title = t.title;
    r.unit_id = t.owner_unit_id;
    r.unit_name = t.owner_unit_name;
    r.message = msg;
    r.due_date = due_date;
    if (a.user_id) r.requested_by = a.user_id;
    LT_ASSIGN(out, store::reports::insert_request(tx, r, t.owner_unit_path, now));
    LT_TRY(record_audit(tx, a, "request_report", "task", std::to_string(t.id), nullptr,
                        report_request_view(out), now));
    LT_TRY(notify_people(tx, t, "report_requested", "催报：" + t.title,
                         "请于 " + due_date + " 前填报进展。" + msg,
                         "report_request:" + std::to_string(out.id), now, true));
    return {};
  }));
  return out;
}

Result<store::PageOf<ReportRequest>> TaskService::report_requests(const Actor& a,
                                                                  store::reports::RequestFilter f,
                                                                  const store::Page& page) {
  if (!a.can("tasks.read")) return Error::forbidden("you may not view tasks");
  f.scope_path = a.scope_path();
  f.today = today();
  store::PageOf<ReportRequest> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::reports::list_requests(tx, f, page));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
