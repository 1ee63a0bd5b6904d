// The task status workflow as data (like Redmine's workflow table): which
// action moves a task from which status to which, who may take it, and what
// it requires. Services look actions up here; nothing else decides.
//
//   not_started --start--> in_progress --complete--> completed --accept--> accepted
//        \____________complete____________/             \--return--> returned --resume--> in_progress
//   accepted --reopen--> in_progress (campaign office, with a reason)
//
// "overdue" is never a status: it is derived from the deadline (is_overdue).
//
// Thread-safety: immutable tables; pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lantian {

// Who stands in which relation to a task. One actor can hold several.
enum class TaskParty : unsigned {
  owner = 1,   // the owner unit (责任单位) or a unit above it
  lead = 2,    // the lead unit (牵头单位) that checks the work
  office = 4,  // the campaign office (区攻坚办) or an admin
};
inline unsigned operator|(TaskParty a, TaskParty b) { return unsigned(a) | unsigned(b); }

struct TaskStatusDef {
  std::string_view name;      // "in_progress"
  std::string_view label_zh;  // "推进中"
  bool open;                  // still work to do: counts for "overdue"
};

struct TaskTransition {
  std::string_view action;             // "accept"
  std::vector<std::string_view> from;  // statuses it applies to
  std::string_view to;
  unsigned parties;             // TaskParty bits allowed to act
  bool note_required;           // a reason must be given (return, reopen)
  bool children_done_required;  // every subtask completed or accepted
  bool report_required;         // at least one progress report filed
  std::string_view label_zh;
};

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
};

// The target status of `action`, or an error saying why not: invalid for an
// unknown action, conflict when the status does not allow it, forbidden when
// the actor is not a party that may take it, invalid (field "note") without a
// required reason, conflict when subtasks are open or no report exists.
Result<std::string> check_transition(std::string_view action, const TransitionCheck& c);
// The actions the actor could take now (for the UI's buttons).
std::vector<std::string> available_actions(const TransitionCheck& c);

// Filing a progress report moves a not-started or returned task into
// progress; other statuses stay.
std::string status_after_report(std::string_view status);

// True if the task still has work to do and its deadline has passed:
// deadline < today (both "YYYY-MM-DD").
bool is_overdue(std::string_view status, std::string_view deadline, std::string_view today);

}  // namespace lantian
