// All SQL for the units table. Scope: `scope_path` limits results to one
// subtree ("/1/5/"); an empty scope_path means the whole jurisdiction.
//
// Errors: conflict on a duplicate name under the same parent; otherwise what
// the Tx returned. Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>

#include "core/model.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::units {

struct Filter {
  std::string scope_path;  // "" = all
  std::optional<int64_t> parent_id;
  std::string kind;
  std::string q;  // substring of name or division code
  bool include_disabled = false;
};

Result<std::optional<Unit>> get(Tx& tx, int64_t id);
Result<PageOf<Unit>> list(Tx& tx, const Filter& f, const Page& page);
// Every unit in scope (for the tree), ordered by path.
Result<std::vector<Unit>> all(Tx& tx, const std::string& scope_path, bool include_disabled);
// Inserts u (its parent, if any, must exist); sets id, path, version 1 and
// timestamps on the returned copy.
Result<Unit> insert(Tx& tx, Unit u, const std::string& now);
// Updates every editable field and the parent (moving the subtree's paths,
// and every copy of them other tables keep, with the scope rows built from
// them: tasks, report requests, problems, ledger rows, enterprises and
// inspections) if u.version matches the stored one; returns false on a
// version mismatch.
Result<bool> update(Tx& tx, const Unit& u, const std::string& now);
Result<int64_t> count(Tx& tx);
// The first unit without a parent (the district), nullopt in an empty tree.
Result<std::optional<int64_t>> root_id(Tx& tx);

}  // namespace lantian::store::units
