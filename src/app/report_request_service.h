// Report requests (催报): the campaign office asks a task's owner unit for a
// progress report by a due date; the next progress report on the task
// answers every open request (TaskService::report). One use case per
// member: request one task, request many at once (一键催报), list.
//
// Rules:
//   - only the campaign office (campaigns.write, district-wide) requests;
//   - the due date is today or later and a working day of the stored
//     calendar (调休 included): field error not_working_day otherwise;
//   - a task holds at most one open request unless the caller knowingly adds
//     a second (allow_second): conflict request_open otherwise;
//   - accepted tasks get no request (conflict no_report_due).
// A request's state (derived with the server's today): "open" or
// "answered", and late when answered after its due date (Beijing day of
// the answer) or still open past it.
//
// Errors: forbidden, not_found (tasks outside scope too), invalid with field
// errors, conflict (see above). Every request is audited and notifies the
// owner unit in the same transaction.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/task_service.h"
#include "core/error.h"
#include "core/task.h"
#include "store/db.h"
#include "store/paging.h"
#include "store/reports_repo.h"

namespace lantian::app {

struct RequestInput {
  std::string due_date;
  std::string message;
  bool allow_second = false;  // add a request although one is open
};

// One task's outcome in a batch: the new request, or why it was skipped
// (a catalogued code: request_open, no_report_due, no_such_task).
struct RequestOutcome {
  int64_t task_id = 0;
  std::optional<ReportRequest> request;
  std::string code;
  Params params;
  std::string message;  // English, from the code's template
};

// "open" | "answered" and late, as of `today` (core rule, pure).
struct RequestState {
  std::string state;
  bool late = false;
  std::string answered_on;  // Beijing day of the answer ("" while open)
};
RequestState request_state(const ReportRequest& r, const std::string& today);

class ReportRequestService {
 public:
  static constexpr size_t kMaxBatch = 200;

  // Uses `tasks` for today, the calendar, task visibility and the
  // notification hook (the same people as TaskService notifies).
  ReportRequestService(store::Database& db, const Clock& clock, TaskService& tasks)
      : db_(db), clock_(clock), tasks_(tasks) {}

  Result<ReportRequest> request(const Actor& a, int64_t task_id, const RequestInput& in);
  // 一键催报: one transaction; tasks that cannot take a request are skipped
  // with their reason instead of failing the batch. Errors: forbidden;
  // invalid (bad due date or message, no tasks, more than kMaxBatch, a task
  // listed twice).
  Result<std::vector<RequestOutcome>> request_many(const Actor& a, const std::vector<int64_t>& task_ids,
                                                   const RequestInput& in);
  // In the caller's scope. With a task_id: that task's requests (not_found
  // when the task is not visible), whichever unit owns it now.
  Result<store::PageOf<ReportRequest>> list(const Actor& a, store::reports::RequestFilter f,
                                            const store::Page& page);

 private:
  Status check_input(const RequestInput& in, std::string& msg) const;
  // Inserts, audits and notifies; the caller has checked the input.
  Result<ReportRequest> insert_one(store::Tx& tx, const Actor& a, const Task& t, const RequestInput& in,
                                   const std::string& msg, const std::string& now);

  store::Database& db_;
  const Clock& clock_;
  TaskService& tasks_;
};

}  // namespace lantian::app
