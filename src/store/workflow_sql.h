// SQL fragments built from the installed workflow definitions
// (core/workflows.h), so no status list is written into a query by hand.
// State names come from validated definitions (lower_snake_case), never
// from a request.
//
// Thread-safety: reads the installed workflows; pure otherwise.
#pragma once

#include <string>
#include <vector>

namespace lantian::store {

// "('completed', 'accepted')"; "('')" for an empty list (matches no status).
std::string sql_in_list(const std::vector<std::string>& names);

// The task workflow's open and done statuses as SQL lists.
std::string task_open_sql();
std::string task_done_sql();

// "completed_at = CASE WHEN $1 IN ('completed') THEN $3 WHEN $1 IN
// (<done>) THEN completed_at ELSE NULL END, ..." for every stamp of the task
// workflow: set on entering its state, kept while the task stays done,
// cleared otherwise. `status` and `now` are the placeholders to use. "" when
// the workflow has no stamps.
std::string task_stamp_assignments(const std::string& status, const std::string& now);

}  // namespace lantian::store
