#include "core/task_workflow.h"

#include "core/evidence.h"
#include "core/workflows.h"

namespace lantian {

const WorkflowRegistry& task_workflow_registry() {
  static const WorkflowRegistry r = {
      .record = "task",
      .parties =
          unsigned(Party::owner) | unsigned(Party::lead) | unsigned(Party::office) | unsigned(Party::system),
      .guards = {"children_done", "report_filed"},
      .effects = {"notify_accepted", "notify_returned", "notify_reopened"},
      .evidence_kinds = {evidence_kind_names().begin(), evidence_kind_names().end()},
      .stamps = {"completed_at", "accepted_at"},
      // tasks.status's CHECK constraint (0004; see 0008 for why it stays).
      .states = {"not_started", "in_progress", "completed", "accepted", "returned"},
      .fields = {},  // an action takes a note only
  };
  return r;
}

std::span<const TaskStatusDef> task_statuses() { return task_workflow().states; }

const TaskStatusDef* find_task_status(std::string_view name) { return task_workflow().state(name); }

std::span<const TaskTransition> task_transitions() { return task_workflow().transitions; }

namespace {
ActionCheck to_check(const TransitionCheck& c) {
  ActionCheck a;
  a.state = c.status;
  a.parties = c.parties;
  a.has_note = c.has_note;
  if (c.children_done) a.guards_met.insert("children_done");
  if (c.has_report) a.guards_met.insert("report_filed");
  a.evidence = c.evidence;
  return a;
}
}  // namespace

Result<std::string> check_transition(std::string_view action, const TransitionCheck& c) {
  Verdict v = check_action(task_workflow(), action, to_check(c));
  const WorkflowTransition* t = v.transition;
  if (!t || (t->system_only() && !holds(c.parties, Party::system)))
    return Error::field("action", "unknown_action", {{"action", std::string(action)}});
  if (!v.refusal) return t->to;
  switch (*v.refusal) {
    case Refusal::unknown_action:
      break;
    case Refusal::not_a_party:
      if (t->parties == unsigned(Party::owner)) return Error::make("not_task_owner");
      if (t->parties == unsigned(Party::office)) return Error::make("office_only");
      return Error::make("not_task_lead");
    case Refusal::wrong_state:
      return Error::make("action_not_allowed",
                         {{"action", std::string(action)}, {"status", std::string(c.status)}});
    case Refusal::note_missing:
      return Error::field("note", issue("note_required"));
    case Refusal::guard_failed:
      if (v.detail == "children_done") return Error::make("children_open");
      if (v.detail == "report_filed") return Error::make("report_required");
      break;
    case Refusal::field_missing:
      return Error::field(v.detail, issue("required"));
    case Refusal::evidence_missing:
      return Error::field("evidence", issue("evidence_required", {{"kind", v.detail}}));
  }
  return Error::internal("task workflow: unhandled refusal of \"" + std::string(action) + "\" (" + v.detail +
                         ")");
}

std::vector<std::string> available_actions(const TransitionCheck& c) {
  return available_actions(task_workflow(), to_check(c));
}

std::string status_after_report(std::string_view status) {
  const WorkflowTransition* t = task_workflow().transition(kReportAction);
  if (t && t->applies_to(status)) return t->to;
  return std::string(status);
}

bool is_overdue(std::string_view status, std::string_view deadline, std::string_view today) {
  return task_status_open(status) && !deadline.empty() && deadline < today;
}

bool task_status_open(std::string_view status) {
  const TaskStatusDef* s = find_task_status(status);
  return s && s->open;
}

bool task_status_done(std::string_view status) {
  const TaskStatusDef* s = find_task_status(status);
  return s && s->done;
}

bool task_status_frozen(std::string_view status) {
  const TaskStatusDef* s = find_task_status(status);
  return s && s->frozen;
}

}  // namespace lantian
