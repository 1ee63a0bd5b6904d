// All SQL for inspections and inspection_items (migration 0016).
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/inspection.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"

namespace lantian::store::inspections {

// Inserts i with its items (id and created_at set); returns it as stored.
Result<Inspection> insert(Tx& tx, Inspection i, const std::string& now);
// With its items and the joined names; nullopt if absent.
Result<std::optional<Inspection>> get(Tx& tx, int64_t id);
Result<std::optional<int64_t>> by_client_key(Tx& tx, const std::string& key);

struct Filter {
  std::string scope_path;  // "" = everywhere; else units at or below
  std::optional<int64_t> ledger_row_id, enterprise_id, inspector_id;
  std::string result;  // "" = any
};
// Newest first, without items.
Result<PageOf<Inspection>> list(Tx& tx, const Filter& f, const Page& page);

// The located inspections in scope (scope_path as in Filter) with one of
// `results` (empty = any), newest first, at most `limit`; the status is the
// result, the title the target's (row title or enterprise name).
Result<std::vector<Located>> points(Tx& tx, const std::string& scope_path,
                                    const std::vector<std::string>& results, int64_t limit);

// The unit (id, path) of a target: a ledger row's, an enterprise's.
struct Target {
  int64_t unit_id = 0;
  std::string unit_path, title, ledger_type;  // ledger_type "" for an enterprise
};
Result<std::optional<Target>> row_target(Tx& tx, int64_t ledger_row_id);
Result<std::optional<Target>> enterprise_target(Tx& tx, int64_t enterprise_id);

// After a unit moves from old_path to new_path (store/units_repo.h update):
// the unit paths of inspections that lie in the old subtree take the new
// prefix. Returns the rows changed. Call in the transaction that moves the unit.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

}  // namespace lantian::store::inspections
