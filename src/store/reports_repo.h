// All SQL for progress_reports, attachments (their contents: evidence_repo.h) and
// report_requests (催报).
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/task.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::reports {

// Sets id and created_at on the returned copy.
Result<ProgressReport> insert(Tx& tx, ProgressReport r, const std::string& now);
Result<std::optional<ProgressReport>> get(Tx& tx, int64_t id);
// A task's reports, newest first, with their attachments' metadata.
Result<std::vector<ProgressReport>> for_task(Tx& tx, int64_t task_id);
Result<bool> any_for_task(Tx& tx, int64_t task_id);
// The latest report's percent (for a leaf without a quantity).
Result<std::optional<double>> latest_percent(Tx& tx, int64_t task_id);

// Records one file; its content is in the evidence store under a.sha256,
// described by the evidence table (store/evidence_repo.h), both written first.
Result<Attachment> insert_attachment(Tx& tx, Attachment a, const std::string& now);
// With its content's record (Attachment::evidence).
Result<std::optional<Attachment>> get_attachment(Tx& tx, int64_t id);
Result<int64_t> attachment_count(Tx& tx, int64_t report_id);
// Every file of the task (on its reports and on the task itself), by id.
Result<std::vector<Attachment>> task_attachments(Tx& tx, int64_t task_id);
// Files on the task itself (no report).
Result<int64_t> task_file_count(Tx& tx, int64_t task_id);

Result<ReportRequest> insert_request(Tx& tx, ReportRequest r, const std::string& unit_path,
                                     const std::string& now);
// Marks every open request on the task fulfilled by report_id.
Result<int64_t> fulfil_requests(Tx& tx, int64_t task_id, int64_t report_id, const std::string& now);
// The task's open request with the earliest due date, if any.
Result<std::optional<ReportRequest>> open_request(Tx& tx, int64_t task_id);

struct RequestFilter {
  std::string scope_path;  // unit subtree ("" = all)
  std::optional<int64_t> task_id;
  bool open_only = false;      // not yet answered
  bool answered_only = false;  // answered by a report
  // Late: open with due_date < today, or answered after the due date's
  // Beijing day (fulfilled_at at or after due_date + 1 day 00:00 +08:00).
  bool late_only = false;
  std::string today;
};
Result<PageOf<ReportRequest>> list_requests(Tx& tx, const RequestFilter& f, const Page& page);

// A unit subtree moved from old_path to new_path: rewrites the unit path
// every report request keeps for its scope. Returns the rows changed. Call
// in the transaction that moves the unit.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

}  // namespace lantian::store::reports
