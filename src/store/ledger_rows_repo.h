// All SQL for ledger rows (ledger_rows) and what is kept beside them: the
// units that may see a row (ledger_scopes: its unit and every unit above,
// from its unit path) and the values of its type's filter fields
// (ledger_filters), both written in the row's transaction.
//
// Lists walk the reader's unit's scope rows newest first and probe the
// filters (docs/benchmarks.md, "ledger list query shapes"); totals and pages
// come from the list cache ("ledger_rows" generation, migration 0013).
//
// Errors: what the Tx returned; a cursor that is not one of these lists:
// query_unknown_value. Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ledger_row.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"

namespace lantian::store::ledger_rows {

// Inserts r (id, version and timestamps set from now) with its filter values;
// returns it as stored.
Result<LedgerRow> insert(Tx& tx, LedgerRow r, const std::vector<LedgerFilterValue>& filters,
                         const std::string& now);
// Inserts new rows as insert() does, many per statement (store/table.h
// in_groups): about a dozen statements for a thousand rows with their scope
// and filter rows, where insert() takes three per row — on PostgreSQL each a
// round trip. Sets each row's id (ascending in the order given), version
// and timestamps.
struct NewRow {
  LedgerRow* row;
  const std::vector<LedgerFilterValue>* filters;
};
Status insert_many(Tx& tx, std::span<const NewRow> rows, const std::string& now);
// The row with its unit's and enterprise's names; nullopt if absent.
Result<std::optional<LedgerRow>> get(Tx& tx, int64_t id);
// Writes r's unit, enterprise, title, location and fields (and its filter
// values) if its version is still r.version; false when it changed meanwhile.
Result<bool> update(Tx& tx, const LedgerRow& r, const std::vector<LedgerFilterValue>& filters,
                    const std::string& now);
// Moves the row to `status` if its version is still `version`.
Result<bool> set_status(Tx& tx, int64_t id, int64_t version, const std::string& status,
                        const std::string& now);

struct Filter {
  std::string ledger_type;
  int64_t scope_unit_id = 0;  // rows of this unit or a unit below it
  std::vector<std::string> statuses;
  std::optional<int64_t> enterprise_id;
  std::vector<LedgerFilterValue> fields;  // each must match (a filter field of the type)
  // A filter field's value within [from, to] as stored (ISO dates compare as
  // text); "" = that side open.
  struct Range {
    std::string field, from, to;
  };
  std::vector<Range> ranges;
};
// A page newest first (Page::per_page; keyset with Page::after; the total
// unless Page::with_total is false).
Result<PageOf<LedgerRow>> list(Tx& tx, const Filter& f, const Page& page);

// Every row of the type under `scope_unit_id` (an import matches its rows
// against them), oldest first, without the joined names.
Result<std::vector<LedgerRow>> all_in_scope(Tx& tx, const std::string& ledger_type, int64_t scope_unit_id);
// Removes rows with their scope and filter rows and their history (an
// import undoing what it had inserted).
Status remove(Tx& tx, const std::vector<int64_t>& ids);

// A row on the map: the rows of `f` (ledger_type, scope_unit_id, statuses;
// fields and enterprise are not applied) that have a location, newest
// first, at most `limit`.
using Point = Located;
Result<std::vector<Point>> points(Tx& tx, const Filter& f, int64_t limit);

// After a unit moves from old_path to new_path (store/units_repo.h update):
// the unit paths of ledger rows that lie in the old subtree take the new
// prefix, and their scope rows (ledger_scopes) name the new ancestors. Returns the rows changed. Call in the
// transaction that moves the unit.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

}  // namespace lantian::store::ledger_rows
