// The enterprise registry (一企一档) in and out of spreadsheets: a campaign
// office's registry imported from .xlsx or CSV, and the registry exported to
// .xlsx in the same columns, so that an export edited and imported again
// updates the enterprises it came from.
//
// Columns (enterprise_sheet::columns(), by their Chinese header or English
// name, in any order; spaces, a leading "*", full-width parentheses and a
// trailing "（…）" note are ignored; other columns are listed in
// `ignored_columns`; should two headers name one column, the first counts):
//   企业名称 name, 统一社会信用代码 credit_code, 法定代表人 legal_rep, 联系电话
//   phone, 地址 address, 经度 lng, 纬度 lat, 行业代码 industry, 所属单位 unit (a
//   unit's name in the importer's scope), 网格 grid, 状态 status (a status's
//   code or label, core/enterprises.h), 企业ID（请勿修改） id (the export's
//   key of enterprises without a credit code).
// The header row is the first of the first kHeaderSearchRows rows naming
// 企业名称 (a title row above it is passed over).
//
// Import. Every row is checked with the registration's own rules
// (enterprise_internal::check_enterprise, as POST and PATCH
// /api/v1/enterprises check one: the credit code's check character, GB/T
// 4754, the unit in scope, statuses as data; 经度/纬度 in the datum given,
// stored as WGS-84). A row is the enterprise whose id its 企业ID gives, else
// the one holding its credit code; that enterprise is updated (blank cells
// leave its fields alone), any other row registers a new one (blank cells
// are not given; no unit: the importer's own). A 企业ID that is no
// enterprise the importer sees: enterprise_not_found (not_an_integer for no
// id at all); an enterprise of another scope holding the row's code:
// credit_code_taken; a unit name no unit in scope has: not_in_scope, or
// ambiguous_name when several have it. The report gives each
// row's outcome — new, changed (with the fields that change), unchanged,
// error — and each error by row, column and code (the registration's
// codes; duplicate_in_file for a key twice in the file). Every new or
// changed identity is matched against the banned list
// (app/relocation_guard.h, in the import's transaction, as a registration
// is) and the suspected relocations it raised are listed.
// All or nothing: with any row in error nothing is written (the caller
// answers 422 enterprise_list_has_errors with the report); a dry run checks
// and reports (the relocations it would raise included) and writes nothing.
// Everything is ONE write transaction — checked and written together, so
// nothing changes between the check and the write — with each enterprise's
// create/update audited as a registration or edit is, and one "import"
// entry (entity enterprise, id "registry") summing up. At most kMaxRows data
// rows.
//
// Export: the enterprises of the list's filters (EnterpriseService::list, the
// reader's scope), by id, in columns(); Chinese headers, the header frozen
// and filtered, widths set; points as stored (WGS-84), the status by its
// Chinese label, the unit by name. Re-imported unchanged (datum WGS-84), it
// changes nothing.
//
// Permissions: import enterprises.write (units in the importer's scope);
// export enterprises.read.
//
// Errors: not_permitted; invalid on file (file_empty, file_unreadable, the
// xlsx reader's own), enterprise_no_header {rows}, import_too_many_rows
// {rows, max}; too_many_rows (export, more than kMaxExportRows); the
// writes' own (credit_code_taken on a concurrent registration of a code).
//
// Thread-safety: thread-safe (stateless over the thread-safe Database and
// EnterpriseService).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.h"
#include "app/enterprise_service.h"
#include "app/task_export.h"  // ExportFile
#include "core/clock.h"
#include "core/geo.h"
#include "store/db.h"

namespace lantian::app {

namespace enterprise_sheet {

enum class Column {
  name,
  credit_code,
  legal_rep,
  phone,
  address,
  lng,
  lat,
  industry,
  unit,
  grid,
  status,
  id
};
inline constexpr int kColumnCount = int(Column::id) + 1;

struct ColumnDef {
  Column column;
  std::string_view name;                  // "credit_code": the English header and the report's field
  std::string_view header;                // "统一社会信用代码": the export's header
  double width;                           // in the export, Excel's units
  std::vector<std::string_view> aliases;  // other headers that name it
};
// Every column, in the export's order.
const std::vector<ColumnDef>& columns();
const ColumnDef& column_def(Column c);
// A header's column (its header, name or an alias, compared as sheet_key()
// with or without a trailing note); nullopt for another header.
std::optional<Column> column_for_header(std::string_view header);
inline constexpr int kHeaderSearchRows = 10;

}  // namespace enterprise_sheet

struct EnterpriseImportOptions {
  std::string filename;        // shown in the audit
  bool dry_run = false;        // check and report, write nothing
  Datum datum = Datum::wgs84;  // of 经度/纬度 (as POST /enterprises defaults)
  char delimiter = 0;          // CSV: ',' or '\t'; 0 = guess
};

struct EnterpriseImportIssue {
  int column = 0;           // 1-based sheet column; 0 = the row as a whole
  std::string column_name;  // its header as the file has it
  std::string field;        // enterprise_sheet::ColumnDef::name
  std::string code;         // core/error_codes.cpp
  std::string message;      // English
  Params params;
};

// One field a row changes, as a person reads it (a unit by name, a status by
// its label, a point as "lng,lat").
struct EnterpriseImportChange {
  std::string field, from, to;
};

struct EnterpriseImportRow {
  int row = 0;                // as the file shows it (sheet row, 1-based; CSV line)
  std::string outcome;        // "new", "changed", "unchanged", "error"
  std::optional<int64_t> id;  // the enterprise it is (a new one's once written)
  std::string name;
  std::vector<EnterpriseImportChange> changes;
  std::vector<EnterpriseImportIssue> issues;
};

// A suspected relocation an imported row raised (or, on a dry run, would).
struct EnterpriseImportAlert {
  int row = 0;
  std::optional<int64_t> alert_id;  // nullopt on a dry run
  std::optional<int64_t> enterprise_id;
  std::string name;  // the row's enterprise
  int64_t banned_enterprise_id = 0;
  std::string banned_name, banned_origin;
  double score = 0;
  std::vector<std::string> reasons;
};

struct EnterpriseImportReport {
  std::string format;  // "xlsx", "csv (gb18030)"
  std::string datum;   // "wgs84", "gcj02", "bd09"
  int header_row = 0;  // 1-based, as the file shows it
  std::vector<std::string> headers;
  std::vector<std::string> mapping;  // per header: the column name it fills, "" = ignored
  std::vector<std::string> ignored_columns;
  int64_t rows = 0, new_rows = 0, changed = 0, unchanged = 0, errors = 0;
  bool dry_run = false, written = false;
  std::vector<EnterpriseImportRow> details;  // every data row, in file order
  std::vector<EnterpriseImportAlert> alerts;
};

class EnterpriseSheetService {
 public:
  static constexpr int64_t kMaxRows = 5000;
  static constexpr int64_t kMaxExportRows = 50000;

  EnterpriseSheetService(store::Database& db, const Clock& clock, EnterpriseService& enterprises)
      : db_(db), clock_(clock), enterprises_(enterprises) {}

  // Checks the file and, unless dry_run or with rows in error, writes it
  // (report.written).
  Result<EnterpriseImportReport> import(const Actor& a, const std::string& bytes,
                                        const EnterpriseImportOptions& o);

  // The reader's enterprises matching f as the registry sheet.
  Result<ExportFile> export_xlsx(const Actor& a, const EnterpriseListFilter& f);

 private:
  store::Database& db_;
  const Clock& clock_;
  EnterpriseService& enterprises_;
};

}  // namespace lantian::app
