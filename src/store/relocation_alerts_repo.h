// All SQL for suspected relocations (relocation_alerts, migration 0015): one
// row per (enterprise, banned enterprise) pair ever suspected, open until the
// campaign office confirms or dismisses it.
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/enterprise.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::relocation_alerts {

// Inserts a (status open, created_at now) unless its pair (enterprise,
// banned enterprise) was raised before, whatever became of it: then
// nullopt. Returns the stored alert (without the joined names).
Result<std::optional<RelocationAlert>> insert(Tx& tx, RelocationAlert a, const std::string& now);
// The alert with the names of its enterprise, banned enterprise and resolver.
Result<std::optional<RelocationAlert>> get(Tx& tx, int64_t id);

struct Filter {
  // "" = every alert; else only alerts of enterprises in this subtree (an
  // alert without an enterprise is seen only district-wide).
  std::string scope_path;
  std::vector<std::string> statuses;  // empty = any
  std::optional<int64_t> enterprise_id, banned_enterprise_id;
};
// A page: open alerts first, then newest first.
Result<PageOf<RelocationAlert>> list(Tx& tx, const Filter& f, const Page& page);
// Closes an open alert as `status` (confirmed / dismissed) with a note;
// false when it is not open (any more).
Result<bool> resolve(Tx& tx, int64_t id, const std::string& status, const std::string& note,
                     std::optional<int64_t> resolved_by, const std::string& now);

}  // namespace lantian::store::relocation_alerts
