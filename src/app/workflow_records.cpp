#include "app/workflow_records.h"

#include "store/workflow_events_repo.h"

namespace lantian::app {

Result<const WorkflowTransition*> check_workflow_action(const WorkflowDef& def, std::string_view action,
                                                        const ActionCheck& c) {
  Verdict v = check_action(def, action, c);
  const WorkflowTransition* t = v.transition;
  if (!t || (t->system_only() && !holds(c.parties, Party::system)))
    return Error::field("action", "unknown_workflow_action",
                        {{"action", std::string(action)}, {"workflow", def.name}});
  if (!v.refusal) return t;
  switch (*v.refusal) {
    case Refusal::unknown_action:
      break;
    case Refusal::not_a_party:
      if (t->parties == unsigned(Party::office)) return Error::make("office_only");
      return Error::make("not_a_party", {{"action", std::string(action)}, {"workflow", def.name}});
    case Refusal::wrong_state:
      return Error::make(
          "workflow_action_not_allowed",
          {{"action", std::string(action)}, {"status", std::string(c.state)}, {"workflow", def.name}});
    case Refusal::note_missing:
      return Error::field("note", issue("note_required"));
    case Refusal::guard_failed:
      return Error::make("guard_failed", {{"guard", v.detail}});
    case Refusal::field_missing:
      return Error::field(v.detail, issue("required"));
    case Refusal::evidence_missing:
      return Error::field("evidence", issue("required"));
  }
  return Error::internal(def.name + " workflow: unhandled refusal of \"" + std::string(action) + "\"");
}

Result<const WorkflowTransition*> transition_for_status(const WorkflowDef& def, std::string_view from,
                                                        std::string_view to, PartySet parties) {
  const WorkflowTransition* t = transition_between(def, from, to, parties);
  if (!t)
    return Error::make("no_transition",
                       {{"from", std::string(from)}, {"to", std::string(to)}, {"workflow", def.name}});
  ActionCheck c;
  c.state = from;
  c.parties = parties;
  return check_workflow_action(def, t->name, c);
}

store::workflow_events::Event workflow_event(const Actor& a, std::string_view workflow, int64_t record_id,
                                             std::string_view action, std::string_view from,
                                             std::string_view to, std::string_view note,
                                             const std::string& now, std::string_view evidence) {
  store::workflow_events::Event e;
  e.workflow = std::string(workflow);
  e.record_id = record_id;
  e.action = std::string(action);
  e.from_state = std::string(from);
  e.to_state = std::string(to);
  if (a.user_id) e.actor_user_id = a.user_id;
  e.at = now;
  e.note = std::string(note);
  e.evidence = std::string(evidence);
  return e;
}

Result<int64_t> record_workflow_event(store::Tx& tx, const Actor& a, std::string_view workflow,
                                      int64_t record_id, std::string_view action, std::string_view from,
                                      std::string_view to, std::string_view note, const std::string& now,
                                      std::string_view evidence) {
  return store::workflow_events::insert(
      tx, workflow_event(a, workflow, record_id, action, from, to, note, now, evidence));
}

}  // namespace lantian::app
