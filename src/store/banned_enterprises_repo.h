// All SQL for the banned enterprises (banned_enterprises, migration 0015):
// ours and those other districts report, which the relocation guard matches
// registered enterprises against.
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

namespace lantian::store::banned_enterprises {

// Inserts b (id and created_at set); returns it as stored.
Result<BannedEnterprise> insert(Tx& tx, BannedEnterprise b, const std::string& now);
Result<std::optional<BannedEnterprise>> get(Tx& tx, int64_t id);

struct Filter {
  std::string q;       // a substring of the name, legal representative, origin ...
  std::string code_q;  // ... or of the credit code (normalised by the caller)
  std::string source;  // "" = any, "ours", "imported"
};
// A page sorted by Page::sort: "id" (the API's default: "-id", newest first) or "name".
Result<PageOf<BannedEnterprise>> list(Tx& tx, const Filter& f, const Page& page);
// Every banned enterprise, id order: the relocation guard matches against
// all of them (app/relocation_guard.h says how many that may be).
Result<std::vector<BannedEnterprise>> all(Tx& tx);

}  // namespace lantian::store::banned_enterprises
