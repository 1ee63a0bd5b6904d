// Shared by the two halves of the tasks repository (tasks_repo.cpp: reads of
// one task and every write; tasks_query.cpp: lists, counts and paging): how a
// task is selected with its joined names and read from a row. Not for other
// callers: use tasks_repo.h.
//
// Thread-safety: constants and pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/task.h"
#include "store/db.h"
#include "store/table.h"

namespace lantian::store::tasks::detail {

// The columns of a task (alias t) with its area's and units' names and the
// facts its actions depend on, as "SELECT …" (no FROM).
std::string select_columns();
// select_columns() FROM tasks t with the joins of kJoins.
std::string select_sql();
// The joins select_columns() needs after "tasks t".
extern const std::string_view kJoins;
// A task from a row of select_columns() (moves its strings out).
Task from_row(Row& r);

}  // namespace lantian::store::tasks::detail
