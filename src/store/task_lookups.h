// Batch look-ups about a page of tasks, so a list can say what its reader
// may do with each row (TaskService's `actions`) in a fixed number of
// queries, not one per row.
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::task_lookups {

// The ids among `task_ids` that have at least one progress report.
Result<std::set<int64_t>> with_reports(Tx& tx, const std::vector<int64_t>& task_ids);
// Owner unit path of each task among `task_ids` that exists.
Result<std::map<int64_t, std::string>> owner_paths(Tx& tx, const std::vector<int64_t>& task_ids);

}  // namespace lantian::store::task_lookups
