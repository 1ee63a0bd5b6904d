// All SQL for task_ledger_counts (migration 0014), tasks whose achieved
// quantity is counted from a ledger, and the counting itself: the rows of a
// ledger type under a unit (its ledger_scopes) in given states.
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::ledger_counts {

struct Link {
  int64_t task_id = 0;
  std::string ledger_type;
  int count_index = 0;        // the type's [[counts]] entry
  int64_t owner_unit_id = 0;  // the task's (filled by queries)
};

// Links the task (replacing a link it had).
Status set(Tx& tx, const Link& l, std::optional<int64_t> created_by, const std::string& now);
Status remove(Tx& tx, int64_t task_id);
Result<std::optional<Link>> for_task(Tx& tx, int64_t task_id);
// The links of `ledger_type` whose task is owned by one of `units` (the
// units above and at a row: they count it).
Result<std::vector<Link>> for_units(Tx& tx, const std::string& ledger_type,
                                    const std::vector<int64_t>& units);

// The number of rows of the type under `unit_id` in one of `states`.
Result<int64_t> count_rows(Tx& tx, const std::string& ledger_type, int64_t unit_id,
                           const std::vector<std::string>& states);
// The fields (JSON objects) of those rows, for summing a number field.
Result<std::vector<std::string>> row_fields(Tx& tx, const std::string& ledger_type, int64_t unit_id,
                                            const std::vector<std::string>& states);

}  // namespace lantian::store::ledger_counts
