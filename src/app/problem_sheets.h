// Supervision problems in and out of spreadsheets: an inspection team's
// problem list (督办清单) imported from .xlsx or CSV, the rectification ledger
// (整改台账) exported to .xlsx and re-imported, and the import template. The
// columns, header recognition and cell forms are app/problem_sheet_format.h;
// files are read by app/sheet_table.h (.xlsx, CSV in UTF-8 ± BOM, GBK/GB18030
// or UTF-16), written by io/xlsx_writer.h.
//
// Import. The header row is found among the first rows (a title row above
// it, a merged title cell, a second header row under merged headers are
// passed over); each header names a column by its text (overridable per
// column). Every row is checked before anything is written, and the report
// gives each row's outcome — new, changed, unchanged, in_progress, error —
// with its issues by row, column and code:
//   - 问题来源 and 问题类型 by label or name (a default source for a list
//     without the column); 问题描述 gives the title (its first line, at most
//     200 characters) and the description (all of it); 企业名称 is matched to
//     the registry by credit code (its own column or the cell) or by a name
//     only one enterprise has, else kept as the site; 经度/纬度 (or 经纬度) in
//     the datum the importer names (WGS-84 by default; GCJ-02 and BD-09 are
//     converted, as the ledger import does); 处置方式 整改/取缔/搬迁.
//   - 责任单位 (a unit's name) with 整改时限 (a date, "N个工作日" counted from
//     today, or 立行立改) also assigns the problem, in the same transaction,
//     exactly as the office's "assign" would (history event, audit, notices);
//     one without the other registers it unassigned (note problem_not_assigned).
//   - A row is the problem it came from when its 编号 is a problem's number
//     (a re-imported ledger; 序号 is then ignored), or when its 序号 and source
//     are a problem's external_id and source (the same list imported again).
//     Blank cells leave a field alone. Only a problem still registered takes
//     changes (its registration fields; a unit and deadline assign it); a
//     problem past registration with differences is in_progress (note
//     problem_in_progress), never changed. Re-importing a list unchanged
//     creates nothing.
//   - All or nothing by default: a row in error and nothing is written (the
//     caller answers 422 problem_list_has_errors with the report); with
//     valid_rows_only the valid rows are written and the others reported.
//     dry_run checks and reports only.
// Everything an import writes is ONE transaction: each new problem drawn its
// number (the service's draw, so numbers follow the file's order), its
// "create" event (note "导入"), audit and, when assigned, the assign move; a
// changed one updated (audited) and perhaps assigned; an "import" audit entry
// summing up. At most kMaxRows data rows, so that the transaction stays short
// (a 督办清单 has tens to hundreds). A problem changed by someone else between
// the check and the write fails the whole import with stale_version.
//
// Export: the problems of the list's filters (ProblemService::list, the
// reader's scope), oldest first, in the ledger's usual columns (序号 … 备注),
// Chinese headers, the header frozen and filtered, widths set, 整改时限 a real
// date; at most kMaxExportRows.
//
// Permissions: import and template: the campaign office (problems.manage
// and problems.register); export: problems.read.
//
// Errors: not_permitted; invalid: file (file_empty, file_unreadable, the
// xlsx reader's), no_header_row, mapping (column_required, unknown_field,
// out_of_range), source (unknown_problem_source: the default source),
// import_too_many_rows; too_many_rows (export); the writes' own errors
// (stale_version) for a problem changed meanwhile.
//
// Thread-safety: thread-safe (stateless over the thread-safe database and
// ProblemService).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/problem_service.h"
#include "app/task_export.h"  // ExportFile
#include "core/clock.h"
#include "core/geo.h"
#include "store/db.h"

namespace lantian::app {

struct ProblemImportOptions {
  std::string filename;          // shown in the audit and the history notes
  bool dry_run = false;          // check and report, write nothing
  bool valid_rows_only = false;  // write the valid rows, skip the others
  Datum datum = Datum::wgs84;    // of 经度/纬度
  char delimiter = 0;            // CSV: ',' or '\t'; 0 = guess
  std::string default_source;    // a source name or label for rows without one
  // Sheet column index -> column name (problem_sheet::ColumnDef::name; "" =
  // ignore), over the recognised headers.
  std::map<int, std::string> mapping;
};

struct ProblemImportIssue {
  int column = -1;      // 0-based sheet column, -1 = the row as a whole
  std::string field;    // the column's name (problem_sheet::ColumnDef::name)
  std::string code;     // core/error_codes.cpp
  std::string message;  // English
  Params params;
};

// One field a row changes, as shown to a person.
struct ProblemImportChange {
  std::string field, from, to;
};

struct ProblemImportRow {
  int row = 0;                // as the file shows it (sheet row, 1-based; CSV line)
  std::string outcome;        // "new", "changed", "unchanged", "in_progress", "error"
  std::optional<int64_t> id;  // the problem it is (or, once written, became)
  std::string number;         // its number (a new one's once written)
  std::string title;
  bool assigns = false;  // the import assigns it (new or changed)
  std::vector<ProblemImportChange> changes;
  std::vector<ProblemImportIssue> issues;  // errors: the row is not written
  std::vector<ProblemImportIssue> notes;   // no error: problem_in_progress, problem_not_assigned
};

struct ProblemImportReport {
  std::string format;  // "xlsx", "csv (gb18030)"
  std::string datum;   // of the coordinates: "wgs84", "gcj02", "bd09"
  int header_row = 0;  // 1-based, as the file shows it
  std::vector<std::string> headers;
  std::vector<std::string> mapping;  // per header: the column name it fills, "" = ignored
  int64_t rows = 0, new_rows = 0, changed = 0, unchanged = 0, in_progress = 0, errors = 0, assigned = 0;
  bool dry_run = false, written = false;
  std::vector<ProblemImportRow> details;  // every data row, in file order
};

class ProblemSheetService {
 public:
  static constexpr int64_t kMaxRows = 2000;
  static constexpr int64_t kMaxExportRows = 50000;

  ProblemSheetService(store::Database& db, const Clock& clock, ProblemService& problems)
      : db_(db), clock_(clock), problems_(problems) {}

  // Checks the file and, unless dry_run (or blocked by errors without
  // valid_rows_only), writes it (report.written).
  Result<ProblemImportReport> import(const Actor& a, const std::string& bytes, const ProblemImportOptions& o);

  // The reader's problems matching q as the rectification ledger.
  Result<ExportFile> export_xlsx(const Actor& a, const ProblemListQuery& q);

  // An empty list to fill in: the importable columns with their headers, and
  // a 说明 sheet with each column's rules, the sources and types by label and
  // an example.
  Result<ExportFile> import_template(const Actor& a);

 private:
  struct Plan;
  Result<Plan> check(const Actor& a, const std::string& bytes, const ProblemImportOptions& o);
  Status write(const Actor& a, Plan& plan, const ProblemImportOptions& o);

  store::Database& db_;
  const Clock& clock_;
  ProblemService& problems_;
};

}  // namespace lantian::app
