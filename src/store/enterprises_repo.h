// All SQL for the enterprise registry (enterprises, migration 0013): one
// enterprise by id or by credit code, lists in a reader's scope with search
// and status, every enterprise's identity for the relocation guard, and the
// ledger rows linked to one (ledger_rows.enterprise_id).
//
// Scope as in units_repo.h: a non-empty scope_path limits results to
// enterprises whose unit lies in that subtree.
//
// Errors: conflict (database_conflict) on a duplicate credit code (the
// service checks first); otherwise what the Tx returned.
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/enterprise.h"
#include "core/ledger_row.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"

namespace lantian::store::enterprises {

// Inserts e (id, version 1 and timestamps set from now); returns it as stored.
Result<Enterprise> insert(Tx& tx, Enterprise e, const std::string& now);
// The enterprise with its unit's name; nullopt if absent.
Result<std::optional<Enterprise>> get(Tx& tx, int64_t id);
// The enterprise holding this (normalised) credit code; nullopt if none.
Result<std::optional<Enterprise>> by_credit_code(Tx& tx, const std::string& credit_code);
// The enterprises with one of these ids, or holding one of these
// (normalised) credit codes, with their units' names; any order, absent ones
// left out. For imports matching many rows at once (a few statements per
// thousand values, store/table.h in_groups).
Result<std::vector<Enterprise>> with_ids(Tx& tx, const std::vector<int64_t>& ids);
Result<std::vector<Enterprise>> with_credit_codes(Tx& tx, const std::vector<std::string>& codes);
// The enterprises called exactly `name` (names are not unique), id order.
Result<std::vector<Enterprise>> named(Tx& tx, const std::string& name);
// Writes every field but id, created_* if e.version is still the stored
// one (and bumps it); false when it changed meanwhile.
Result<bool> update(Tx& tx, const Enterprise& e, const std::string& now);

struct Filter {
  std::string scope_path;             // "" = all
  std::string unit_path;              // "" = any; else the enterprises of this unit and below
  std::string q;                      // a substring of the name or the legal representative ...
  std::string code_q;                 // ... or of the credit code (normalised by the caller)
  std::vector<std::string> statuses;  // empty = any
};
// A page, sorted by Page::sort: "name" (default), "id" or "updated_at".
Result<PageOf<Enterprise>> list(Tx& tx, const Filter& f, const Page& page);

// The located enterprises in scope (scope_path as in Filter) with one of
// `statuses` (empty = any), newest first, at most `limit`; the title is the
// name.
Result<std::vector<Located>> points(Tx& tx, const std::string& scope_path,
                                    const std::vector<std::string>& statuses, int64_t limit);

// Every enterprise's identity, for matching against the banned list
// (app/relocation_guard.h): one row per enterprise, id order.
struct Identity {
  int64_t id = 0;
  EnterpriseIdentity identity;
};
Result<std::vector<Identity>> identities(Tx& tx);

// The ledger rows linked to the enterprise whose unit lies in scope_path
// ("" = all), newest first, at most `limit`: id, ledger_type, unit (id, path,
// name), status, title and updated_at (not the fields).
Result<std::vector<LedgerRow>> ledger_rows(Tx& tx, int64_t enterprise_id, const std::string& scope_path,
                                           int64_t limit);

// After a unit moves from old_path to new_path (store/units_repo.h update):
// the unit paths of enterprises that lie in the old subtree take the new
// prefix. Returns the rows changed. Call in the transaction that moves the unit.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

}  // namespace lantian::store::enterprises
