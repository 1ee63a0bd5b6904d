// The queries of the reminder pass (jobs/reminders.h): open tasks, open
// milestones and unfulfilled report requests whose date falls in a window,
// and who is to be told. Read-only; the notices themselves go through
// notifications_repo.h. Every query is bounded by a date window on an
// indexed column, so a pass costs the size of the window, not of the table:
//   tasks           tasks_open_deadline (status, deadline), one range per open status
//   milestones      milestones_deadline (deadline)
//   report_requests report_requests_open (fulfilled_at, due_date)
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::reminders {

struct DueTask {
  int64_t id = 0;
  std::string title;
  std::string status;
  std::string deadline;  // "YYYY-MM-DD"
  int64_t owner_unit_id = 0;
  std::string owner_unit_name;
  // The responsible user, if set and not disabled.
  std::optional<int64_t> responsible_user_id;
};

struct DueMilestone {
  int64_t id = 0;
  std::string title;
  std::string deadline;
  DueTask task;  // its task (open), deadline being the task's
};

struct OverdueRequest {
  int64_t id = 0;
  int64_t task_id = 0;
  std::string task_title;
  int64_t unit_id = 0;  // the unit asked to report
  std::string unit_name;
  std::string due_date;
  std::string message;
};

// Tasks in one of `statuses` with first <= deadline <= last (dates).
Result<std::vector<DueTask>> tasks_due(Tx& tx, const std::vector<std::string>& statuses,
                                       const std::string& first, const std::string& last);
// Milestones not done, first <= deadline <= last, of tasks in `statuses`.
Result<std::vector<DueMilestone>> milestones_due(Tx& tx, const std::vector<std::string>& statuses,
                                                 const std::string& first, const std::string& last);
// Report requests not fulfilled with first <= due_date <= last.
Result<std::vector<OverdueRequest>> open_requests_due(Tx& tx, const std::string& first,
                                                      const std::string& last);

// Enabled users of each of the units whose roles include `role`, by unit.
Result<std::map<int64_t, std::vector<int64_t>>> users_with_role_in_units(Tx& tx,
                                                                         const std::vector<int64_t>& units,
                                                                         const std::string& role);
// Enabled users anywhere whose roles include `role`.
Result<std::vector<int64_t>> users_with_role(Tx& tx, const std::string& role);

}  // namespace lantian::store::reminders
