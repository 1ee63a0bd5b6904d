#include "core/task_workflow.h"

#include <algorithm>

namespace lantian {
namespace {

constexpr unsigned kOwner = unsigned(TaskParty::owner);
constexpr unsigned kLead = unsigned(TaskParty::lead);
constexpr unsigned kOffice = unsigned(TaskParty::office);

const std::vector<TaskStatusDef>& statuses() {
  static const std::vector<TaskStatusDef> s = {
      {"not_started", "未开始", true},
      {"in_progress", "推进中", true},
      {"completed", "已完成（待验收）", false},
      {"accepted", "已验收", false},
      {"returned", "已退回", true},
  };
  return s;
}

const std::vector<TaskTransition>& transitions() {
  static const std::vector<TaskTransition> t = {
      {"start", {"not_started"}, "in_progress", kOwner | kOffice, false, false, false, "开始推进"},
      {"complete",
       {"not_started", "in_progress", "returned"},
       "completed",
       kOwner,
       false,
       true,
       true,
       "报告完成"},
      {"accept", {"completed"}, "accepted", kLead | kOffice, false, false, false, "验收通过"},
      {"return", {"completed"}, "returned", kLead | kOffice, true, false, false, "退回整改"},
      {"resume", {"returned"}, "in_progress", kOwner, false, false, false, "重新推进"},
      {"reopen", {"accepted"}, "in_progress", kOffice, true, false, false, "撤销验收"},
  };
  return t;
}

const TaskTransition* find(std::string_view action) {
  for (const auto& t : transitions())
    if (t.action == action) return &t;
  return nullptr;
}

bool from_ok(const TaskTransition& t, std::string_view status) {
  return std::find(t.from.begin(), t.from.end(), status) != t.from.end();
}

}  // namespace

std::span<const TaskStatusDef> task_statuses() { return statuses(); }

const TaskStatusDef* find_task_status(std::string_view name) {
  for (const auto& s : statuses())
    if (s.name == name) return &s;
  return nullptr;
}

std::span<const TaskTransition> task_transitions() { return transitions(); }

Result<std::string> check_transition(std::string_view action, const TransitionCheck& c) {
  const TaskTransition* t = find(action);
  if (!t) return Error::field("action", "unknown_action", {{"action", std::string(action)}});
  if ((t->parties & c.parties) == 0) {
    if (t->parties == kOwner) return Error::make("not_task_owner");
    if (t->parties == kOffice) return Error::make("office_only");
    return Error::make("not_task_lead");
  }
  if (!from_ok(*t, c.status))
    return Error::make("action_not_allowed",
                       {{"action", std::string(action)}, {"status", std::string(c.status)}});
  if (t->note_required && !c.has_note) return Error::field("note", issue("note_required"));
  if (t->children_done_required && !c.children_done) return Error::make("children_open");
  if (t->report_required && !c.has_report) return Error::make("report_required");
  return std::string(t->to);
}

std::vector<std::string> available_actions(const TransitionCheck& c) {
  std::vector<std::string> out;
  for (const auto& t : transitions()) {
    if ((t.parties & c.parties) == 0 || !from_ok(t, c.status)) continue;
    if (t.children_done_required && !c.children_done) continue;
    if (t.report_required && !c.has_report) continue;
    out.emplace_back(t.action);
  }
  return out;
}

std::string status_after_report(std::string_view status) {
  if (status == "not_started" || status == "returned") return "in_progress";
  return std::string(status);
}

bool is_overdue(std::string_view status, std::string_view deadline, std::string_view today) {
  const TaskStatusDef* s = find_task_status(status);
  return s && s->open && !deadline.empty() && deadline < today;
}

}  // namespace lantian
