// The task status workflow, as the data in resources/workflows/task.toml
// (or a deployment's replacement) read through the workflow engine
// (core/workflow.h). Services ask here; nothing else decides.
//
// "overdue" is never a status: it is derived from the deadline and the
// status's `open` flag (is_overdue).
//
// Thread-safety: reads the installed workflows (core/workflows.h); pure
// otherwise.
#pragma once

#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/workflow.h"

namespace lantian {

// Who stands in which relation to a task (owner, lead, office).
using TaskParty = Party;
using TaskStatusDef = WorkflowState;
using TaskTransition = WorkflowTransition;

// The guards, effects and stamps the task code implements: guards
// children_done (every subtask done) and report_filed (a progress report
// exists); effects notify_accepted / notify_returned / notify_reopened (tell
// the responsible person and unit leaders); stamps completed_at, accepted_at;
// the statuses tasks.status accepts.
const WorkflowRegistry& task_workflow_registry();

std::span<const TaskStatusDef> task_statuses();
const TaskStatusDef* find_task_status(std::string_view name);
std::span<const TaskTransition> task_transitions();

// What the service knows about the task and the actor when an action is asked.
struct TransitionCheck {
  std::string_view status;
  unsigned parties = 0;  // TaskParty bits the actor holds on this task
  bool has_note = false;
  bool children_done = true;
  bool has_report = false;
  // The evidence kinds (core/evidence.h) of the files given with the action.
  std::set<std::string, std::less<>> evidence;
};

// The target status of `action`, or an error saying why not: invalid for an
// unknown action (or one only the system takes), forbidden when the actor is
// not a party that may take it, conflict when the status does not allow it,
// invalid (field "note") without a required reason, conflict when subtasks
// are open or no report exists, invalid (field "evidence", code
// evidence_required naming the kind) when a required kind of evidence is
// missing.
Result<std::string> check_transition(std::string_view action, const TransitionCheck& c);
// The actions the actor could take now (for the UI's buttons).
std::vector<std::string> available_actions(const TransitionCheck& c);

// Filing a progress report takes the system action "progress_reported" when
// the status allows it (not started or returned → in progress); other
// statuses stay.
std::string status_after_report(std::string_view status);
inline constexpr std::string_view kReportAction = "progress_reported";

// True if the task still has work to do (an open status) and its deadline
// has passed: deadline < today (both "YYYY-MM-DD").
bool is_overdue(std::string_view status, std::string_view deadline, std::string_view today);

// The status's flags; false for an unknown status.
bool task_status_open(std::string_view status);
bool task_status_done(std::string_view status);
// Nothing about a task in a frozen status may change but through an action.
bool task_status_frozen(std::string_view status);

}  // namespace lantian
