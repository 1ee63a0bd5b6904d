// What every workflow's service does the same way around the engine
// (core/workflow.h): asking whether an actor may take an action now, turning
// a refusal into the catalogue's error, and writing the record's history
// (workflow_events) in the transaction of the move.
//
// A new workflow's service (ledgers, problems, ...) needs its definition
// file, a row in core/workflows.cpp and these helpers; the task workflow
// keeps its older, more precise error codes (core/task_workflow.h).
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <string>
#include <string_view>

#include "app/actor.h"
#include "core/workflow.h"
#include "store/db.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

// The transition `action` of `def` if `c` allows it, else the error: invalid
// unknown_workflow_action (field "action") for an action the definition does
// not have or only the system takes; forbidden office_only (the action is the
// office's alone) or not_a_party; conflict workflow_action_not_allowed
// (action, status) when the state does not allow it; invalid note_required
// (field "note"); conflict guard_failed (guard); invalid required (the
// missing field or "evidence").
Result<const WorkflowTransition*> check_workflow_action(const WorkflowDef& def, std::string_view action,
                                                        const ActionCheck& c);

// A change of state asked as "status = `to`" (an older form of the API): the
// action that leads there from `from` which the actor's `parties` may take,
// checked like an action without a note. conflict no_transition (from, to)
// when no action leads there for these parties.
Result<const WorkflowTransition*> transition_for_status(const WorkflowDef& def, std::string_view from,
                                                        std::string_view to, PartySet parties);

// Appends one row to the record's history: `from` "" for the record's
// creation (action "create"); the actor's user id unless the system acted;
// `evidence` the JSON list of the files filed with the move. Returns the
// event's id.
Result<int64_t> record_workflow_event(store::Tx& tx, const Actor& a, std::string_view workflow,
                                      int64_t record_id, std::string_view action, std::string_view from,
                                      std::string_view to, std::string_view note, const std::string& now,
                                      std::string_view evidence = "[]");
// The row record_workflow_event() appends, for writing many at once
// (store::workflow_events::insert_many: an import's "create" events).
store::workflow_events::Event workflow_event(const Actor& a, std::string_view workflow, int64_t record_id,
                                             std::string_view action, std::string_view from,
                                             std::string_view to, std::string_view note,
                                             const std::string& now, std::string_view evidence = "[]");

}  // namespace lantian::app
