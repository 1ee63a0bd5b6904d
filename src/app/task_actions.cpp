// TaskService: the task workflow (core/task_workflow.h) at work — what a
// reader may do with a task, taking an action, the task's history
// (workflow_events) and the workflow's timers.
#include <algorithm>
#include <boost/json.hpp>
#include <chrono>

#include "app/audit.h"
#include "app/task_internal.h"
#include "app/task_service.h"
#include "app/task_views.h"
#include "core/evidence.h"
#include "core/task_workflow.h"
#include "core/workflows.h"

namespace lantian::app {
using namespace task_internal;

namespace task_internal {
Status record_task_event(store::Tx& tx, const Actor& a, int64_t task_id, const std::string& action,
                         const std::string& from, const std::string& to, const std::string& note,
                         const std::string& now, const std::string& evidence) {
  store::workflow_events::Event e;
  e.workflow = "task";
  e.record_id = task_id;
  e.action = action;
  e.from_state = from;
  e.to_state = to;
  if (a.user_id) e.actor_user_id = a.user_id;
  e.at = now;
  e.note = note;
  e.evidence = evidence;
  LT_TRY(store::workflow_events::insert(tx, e));
  return {};
}
}  // namespace task_internal

std::vector<std::string> TaskService::actions_for(const Actor& a, const Task& t, unsigned parties,
                                                  bool children_done, bool has_report,
                                                  const std::string& parent_owner_path) const {
  TransitionCheck c;
  c.status = t.status;
  c.parties = parties;
  c.children_done = children_done;
  c.has_report = has_report;
  c.has_note = true;  // the UI asks for a note when an action needs one
  std::vector<std::string> out = available_actions(c);
  if (task_status_frozen(t.status)) return out;
  // The record's operations, as the services below decide them.
  const unsigned owner = unsigned(TaskParty::owner), office = unsigned(TaskParty::office);
  if (a.can("tasks.write") && (parties & (owner | office))) out.emplace_back("decompose");  // decompose()
  // update_in(): whoever handed the task down (the parent's owner) or the office.
  if (a.can("tasks.write") && (is_office(a) || (t.parent_id && is_prefix(a.unit_path, parent_owner_path))))
    out.emplace_back("edit");
  if (a.can("tasks.report") && (parties & owner)) {  // report(), set_milestone_done()
    out.emplace_back("report");
    out.emplace_back("tick_milestone");
  }
  if (is_office(a)) out.emplace_back("request_report");  // ReportRequestService::request()
  return out;
}

Status TaskService::fill_actions(store::Tx& tx, const Actor& a, std::vector<TaskDetail>& rows) const {
  for (auto& d : rows) {
    const Task& t = d.task;
    d.facts.actions = actions_for(a, t, parties_of(a, t, tx), t.open_child_count == 0, t.has_reports,
                                  t.parent_owner_unit_path);
  }
  return {};
}

Status TaskService::move(store::Tx& tx, const Actor& a, const Task& cur, const WorkflowTransition& action,
                         const std::string& note, const std::string& now, Task& out,
                         const std::string& evidence) {
  LT_ASSIGN(bool ok, store::tasks::set_status(tx, cur.id, cur.version, action.to, note, now));
  if (!ok) return stale(cur);
  LT_TRY(refresh_upwards(tx, cur.id));
  LT_ASSIGN(auto full, store::tasks::get(tx, cur.id));
  out = std::move(*full);
  LT_TRY(
      record_audit(tx, a, action.name, "task", std::to_string(cur.id), task_view(cur), task_view(out), now));
  LT_TRY(record_task_event(tx, a, cur.id, action.name, cur.status, out.status, note, now, evidence));
  // Effects named by the definition: notify_accepted → notice "task_accepted".
  for (const auto& effect : action.effects) {
    if (effect.rfind("notify_", 0) != 0)
      return Error::internal("task workflow: no effect \"" + effect + "\"");
    std::string kind = "task_" + effect.substr(7);
    LT_TRY(notify_people(tx, out, kind, {{"title", shorten_text(out.title, 120)}, {"note", note}},
                         action.name + ":" + std::to_string(cur.id) + ":" + std::to_string(out.version), now,
                         true));
  }
  return {};
}

namespace {
constexpr size_t kMaxEvidence = 20;

// The ids a workflow event's evidence list names (ids only; anything else
// in the list is skipped).
std::vector<int64_t> evidence_ids(const std::string& list) {
  std::vector<int64_t> out;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(list, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& x : v.as_array())
    if (x.is_int64()) out.push_back(x.as_int64());
  return out;
}
}  // namespace

Result<TaskDetail> TaskService::act(const Actor& a, int64_t id, const std::string& action, int64_t version,
                                    const std::string& note, const std::vector<int64_t>& evidence) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.write"}});
  std::string now = format_utc(clock_.now());
  std::string clean_note = trim(note);
  if (auto m = check_text(clean_note, 1000, false, true)) return Error::field("note", *m);
  if (evidence.size() > kMaxEvidence)
    return Error::field("evidence", issue("too_many", {{"max", std::to_string(kMaxEvidence)}}));
  boost::json::array evidence_list;
  for (size_t i = 0; i < evidence.size(); ++i) {
    if (std::find(evidence.begin(), evidence.begin() + i, evidence[i]) != evidence.begin() + i)
      return Error::field("evidence", issue("duplicate_entry", {{"value", std::to_string(evidence[i])}}));
    evidence_list.push_back(evidence[i]);
  }
  TaskDetail out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, load_visible(tx, a, id));
    TransitionCheck c;
    c.status = cur.status;
    c.parties = parties_of(a, cur, tx);
    c.has_note = !clean_note.empty();
    LT_ASSIGN(auto kids, store::tasks::children(tx, id));
    c.children_done =
        std::all_of(kids.begin(), kids.end(), [](const auto& k) { return task_status_done(k.status); });
    LT_ASSIGN(c.has_report, store::reports::any_for_task(tx, id));
    if (!evidence.empty()) {
      LT_ASSIGN(auto files, store::reports::task_attachments(tx, id));
      for (int64_t want : evidence) {
        auto f = std::find_if(files.begin(), files.end(), [&](const Attachment& x) { return x.id == want; });
        if (f == files.end())
          return Error::field("evidence", issue("evidence_not_of_task", {{"id", std::to_string(want)}}));
        if (auto kind = evidence_kind_of(f->evidence ? f->evidence->content_type : f->content_type))
          c.evidence.insert(std::string(*kind));
      }
    }
    if (cur.version != version) return stale(cur);
    LT_TRY(check_transition(action, c));
    LT_TRY(move(tx, a, cur, *task_workflow().transition(action), clean_note, now, out.task,
                boost::json::serialize(evidence_list)));
    std::vector<TaskDetail> one{out};
    LT_TRY(fill_actions(tx, a, one));
    out.facts.actions = std::move(one[0].facts.actions);
    return {};
  }));
  auto acts = std::move(out.facts.actions);
  out.facts = facts(out.task, today());
  out.facts.actions = std::move(acts);
  return out;
}

Result<std::vector<TaskEvent>> TaskService::events(const Actor& a, int64_t id) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<TaskEvent> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_TRY(load_visible(tx, a, id));
    LT_ASSIGN(auto events, store::workflow_events::for_record(tx, "task", id));
    std::vector<Attachment> files;
    bool loaded = false;
    for (auto& e : events) {
      TaskEvent te;
      for (int64_t fid : evidence_ids(e.evidence)) {
        if (!loaded) {
          LT_ASSIGN(files, store::reports::task_attachments(tx, id));
          loaded = true;
        }
        auto f = std::find_if(files.begin(), files.end(), [&](const Attachment& x) { return x.id == fid; });
        if (f != files.end()) te.evidence.push_back(*f);
      }
      te.event = std::move(e);
      out.push_back(std::move(te));
    }
    return {};
  }));
  return out;
}

Result<int> TaskService::run_timers(const WorkCalendar* cal) {
  const WorkflowDef& wf = task_workflow();
  const TimePoint now_tp = clock_.now();
  const std::string now = format_utc(now_tp);
  const auto day = parse_date(today());
  int moved = 0;
  for (const auto& timer : wf.timers) {
    const WorkflowTransition* tr = wf.transition(timer.action);
    if (!tr || (timer.working_days && (!cal || !day))) continue;
    // N working days are at least N calendar days: read those, then count.
    std::string cutoff = format_utc(now_tp - std::chrono::hours(24) * timer.days);
    // Page by page, oldest first, so records a guard holds back do not hide
    // those behind them.
    constexpr int64_t kPage = 500;
    store::workflow_events::Entered cursor;
    std::vector<store::workflow_events::Entered> due;
    do {
      LT_TRY(db_.read([&](store::Tx& tx) -> Status {
        LT_ASSIGN(due, store::workflow_events::tasks_entered_before(tx, timer.state, cutoff, cursor, kPage));
        return {};
      }));
      if (!due.empty()) cursor = due.back();
      for (const auto& e : due) {
        if (timer.working_days) {
          auto since = parse_time(e.since);
          auto entered = since ? parse_date(format_shanghai(*since).substr(0, 10)) : std::nullopt;
          if (!entered || cal->add_working_days(*entered, timer.days) > *day) continue;
        }
        LT_ASSIGN(bool took, take_timer(*tr, e, now));
        if (took) ++moved;
      }
    } while (int64_t(due.size()) == kPage);
  }
  return moved;
}

Result<bool> TaskService::take_timer(const WorkflowTransition& action,
                                     const store::workflow_events::Entered& e, const std::string& now) {
  bool took = false;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::tasks::get(tx, e.task_id));
    if (!cur || cur->version != e.version || !action.applies_to(cur->status)) return {};  // moved meanwhile
    ActionCheck c;
    c.state = cur->status;
    c.parties = unsigned(Party::system);
    c.has_note = true;
    LT_ASSIGN(auto kids, store::tasks::children(tx, cur->id));
    if (std::all_of(kids.begin(), kids.end(), [](const auto& k) { return task_status_done(k.status); }))
      c.guards_met.insert("children_done");
    LT_ASSIGN(bool reported, store::reports::any_for_task(tx, cur->id));
    if (reported) c.guards_met.insert("report_filed");
    if (check_action(task_workflow(), action.name, c).refusal) return {};  // a guard holds it back
    Task after;
    LT_TRY(move(tx, Actor::system("timer"), *cur, action, "", now, after));
    took = true;
    return {};
  }));
  return took;
}

}  // namespace lantian::app
