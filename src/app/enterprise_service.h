// The enterprise registry (一企一档) and its relocation guard
// (杜绝外区域已取缔的企业搬迁至我区), by use case:
//   enterprise_service.cpp    register, update, get (the enterprise's file:
//                             linked ledger rows, open alerts), list/search
//   banned_enterprises.cpp    the banned list: add, import from CSV, list
//   relocation_alerts.cpp     suspected relocations: list, confirm/dismiss
// and app/relocation_guard.h, which raises the alerts: registering an
// enterprise or changing its identity matches it against the banned list;
// adding or importing banned enterprises matches them against the registry;
// in the same transaction, each pair once. The registry in and out of Excel
// is app/enterprise_sheets.h, its rows checked by the registration's own
// rules (enterprise_internal::check_enterprise).
//
// Who: enterprises.read reads the registry in the reader's scope, the banned
// list, and the suspected relocations of enterprises in scope (district-wide
// readers also see those raised without an enterprise); enterprises.write
// registers and edits enterprises of units in scope. The banned list and
// resolving alerts are the campaign office's (enterprises.write with
// campaigns.write over everything): office_only otherwise. Every change is
// audited (entities enterprise, banned_enterprise, relocation_alert).
//
// Errors: forbidden (not_permitted, office_only); enterprise_not_found (also
// outside the reader's scope), relocation_alert_not_found; invalid with
// field errors (field codes of core/ledger_values.h, industry_code_*,
// out_of_range on location, not_in_scope, no_such_unit, no_such_enterprise); conflict
// credit_code_taken, stale_version, relocation_alert_resolved.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/location_input.h"
#include "core/clock.h"
#include "core/enterprise.h"
#include "core/inspection.h"
#include "core/ledger_row.h"
#include "core/record_file.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"

namespace lantian::app {

// The fields given (unset = unchanged on update, the default on register).
struct EnterpriseInput {
  std::optional<std::string> name, credit_code, legal_rep, phone, address, industry_code, grid, status;
  std::optional<std::optional<LocationInput>> location;  // {nullopt}: no point
  // Register: unset = the actor's own unit. The unit must lie in the actor's scope.
  std::optional<int64_t> unit_id;
  int64_t version = 0;  // update: the version read
};

// An enterprise as written, with the suspected relocations that raised.
struct EnterpriseChange {
  Enterprise enterprise;
  std::vector<RelocationAlert> alerts;
};

// Everything about one enterprise in one place (一企一档): its ledger rows
// (those in the reader's scope, newest first, at most kLinkedRows), its
// inspections (newest first, without their items, at most kLinkedRows) and
// its open suspected relocations. Supervision problems (issue 12) join here
// as they are built: a list of their own, read in EnterpriseService::get.
struct EnterpriseFile {
  Enterprise enterprise;
  std::vector<LedgerRow> ledger_rows;
  std::vector<Inspection> inspections;
  std::vector<RelocationAlert> open_alerts;
  std::vector<RecordFile> files;  // its documents (app/enterprise_documents.h)
};
inline constexpr int64_t kLinkedRows = 200;

struct EnterpriseListFilter {
  std::string q;                      // a part of the name, legal representative or credit code
  std::optional<int64_t> unit_id;     // the enterprises of this unit and below
  std::vector<std::string> statuses;  // codes of core/enterprises.h
};

struct BannedInput {
  std::optional<std::string> name, credit_code, legal_rep, phone, address, origin, banned_on, reason, source;
  // One of ours: the registered enterprise it was (its identity fills the
  // fields not given; it is marked banned). Implies source "ours".
  std::optional<int64_t> enterprise_id;
};

struct BannedChange {
  BannedEnterprise banned;
  std::vector<RelocationAlert> alerts;
};

struct BannedListFilter {
  std::string q;       // a part of the name, legal representative, origin or credit code
  std::string source;  // "" | "ours" | "imported"
};

// The columns of a banned list CSV (the header row names them, in any
// order; other columns are ignored): 名称 (required), 统一社会信用代码, 法定代表人,
// 联系电话, 地址, 原属区域, 取缔日期, 原因.
struct BannedImportError {
  int line = 0;    // of the file, 1-based
  int column = 0;  // 1-based; 0 = the row as a whole
  std::string column_name;
  std::string field;  // the banned enterprise's field (core/enterprises.h)
  std::string code;
  Params params;
  std::string message;
};
struct BannedImportReport {
  std::string encoding;  // io/csv_reader.h
  int64_t total_rows = 0, valid_rows = 0, invalid_rows = 0;
  int64_t imported = 0;              // rows written (0 on a dry run or with errors)
  std::vector<int> duplicate_lines;  // rows already listed (same code, or same name and origin): skipped
  int64_t alerts = 0;                // suspected relocations raised (would be, on a dry run)
  std::vector<std::string> ignored_columns;
  std::vector<BannedImportError> errors;  // at most kMaxImportErrors
  bool errors_truncated = false;
  bool dry_run = false;
};
inline constexpr int64_t kMaxBannedImportRows = 10000;
inline constexpr size_t kMaxImportErrors = 200;

struct AlertListFilter {
  std::vector<std::string> statuses;  // empty = any
  std::optional<int64_t> enterprise_id, banned_enterprise_id;
};

class EnterpriseService {
 public:
  EnterpriseService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // --- the registry (enterprise_service.cpp) ---
  Result<EnterpriseChange> register_enterprise(const Actor& a, const EnterpriseInput& in);
  Result<EnterpriseChange> update(const Actor& a, int64_t id, const EnterpriseInput& in);
  Result<EnterpriseFile> get(const Actor& a, int64_t id);
  Result<store::PageOf<Enterprise>> list(const Actor& a, const EnterpriseListFilter& f,
                                         const store::Page& page);

  // The located enterprises in the reader's scope with one of `statuses`
  // (checked codes; empty = any), newest first, at most `limit`
  // (app/map_layers.h). Errors: not_permitted.
  Result<std::vector<store::Located>> map_points(const Actor& a, const std::vector<std::string>& statuses,
                                                 size_t limit);

  // --- the banned list (banned_enterprises.cpp) ---
  Result<BannedChange> add_banned(const Actor& a, const BannedInput& in);
  // All or nothing: a report with errors writes nothing (nor does a dry run).
  // Errors (not in the report): office_only; invalid on "file" for a file
  // that is no CSV (csv_unreadable), has no rows (csv_no_rows), too many
  // (csv_too_many_rows), no 名称 column (csv_missing_column) or a column twice
  // (csv_column_twice).
  Result<BannedImportReport> import_banned(const Actor& a, std::string_view csv, bool dry_run);
  Result<store::PageOf<BannedEnterprise>> list_banned(const Actor& a, const BannedListFilter& f,
                                                      const store::Page& page);

  // --- suspected relocations (relocation_alerts.cpp) ---
  // Open ones first, then newest first.
  Result<store::PageOf<RelocationAlert>> list_alerts(const Actor& a, const AlertListFilter& f,
                                                     const store::Page& page);
  // Confirms or dismisses an open alert: status "confirmed" | "dismissed"
  // (invalid one_of), a note (invalid note_required).
  Result<RelocationAlert> resolve_alert(const Actor& a, int64_t id, const std::string& status,
                                        const std::string& note);

 private:
  store::Database& db_;
  const Clock& clock_;
};

// Whoever keeps the banned list and resolves alerts: the campaign office (or an admin).
inline bool keeps_banned_list(const Actor& a) {
  return a.can("enterprises.write") && a.can("campaigns.write") && a.grant.scope == Scope::all;
}

}  // namespace lantian::app
