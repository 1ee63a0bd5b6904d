// Importing a campaign plan (工作任务分解表) from an .xlsx workbook: a preview
// of the sheet with suggested column mapping, then the import itself, which
// validates every row (io/plan_sheet.h for the sheet's own rules; here unit
// and work-area names, and every rule TaskService::create applies) before
// anything is written, and writes in ONE transaction through
// TaskService::create_many.
//
//   - Units are matched by exact name among the units the caller sees
//     (enabled ones first; a name two units share is an error).
//   - 重点领域 is matched to the campaign's work areas by name or code; a
//     subtask belongs to its parent's work area.
//   - Rows whose 序号 has no dot (or without 序号) are top-level tasks of the
//     campaign, so an import needs the campaign office (campaigns.write with
//     district-wide scope).
//   - mode all_or_nothing: any row with errors and nothing is written;
//     valid_only: the valid rows are written, rows under a failed row are
//     skipped (and reported).
//
// Errors: forbidden (not the office), not_found (no such campaign), invalid
// (not an .xlsx file, no such sheet, a bad mapping (field errors
// "mapping.<key>"), more than 5,000 rows), too_large (over the reader's
// limits), conflict (closed campaign). Row problems are not errors: they are
// in the report.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/task_service.h"
#include "io/plan_sheet.h"
#include "store/db.h"

namespace lantian::app {

struct ImportPreview {
  std::vector<std::string> sheets;  // names in workbook order
  int sheet = 0;
  int header_row = 0;  // 1-based Excel row number; 0 for an empty sheet
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;  // the first 20 non-empty data rows, as shown
  int row_count = 0;                           // non-empty data rows
  io::plan::Mapping suggested_mapping;
};

struct ImportOptions {
  int sheet = 0;
  BatchMode mode = BatchMode::all_or_nothing;
  bool dry_run = false;
  std::optional<io::plan::Mapping> mapping;  // unset: the suggested one
};

struct ImportRowError {
  int row = 0;         // 1-based Excel row number
  std::string column;  // Excel letters ("G"); "" when no single column
  std::string field;   // plan field key ("deadline")
  std::string message;
};

struct ImportReport {
  int total_rows = 0;    // non-empty data rows
  int valid_rows = 0;    // rows that are (or, dry run / failed all-or-nothing, would be) written
  int invalid_rows = 0;  // rows with errors, or skipped under a row with errors
  int created = 0;
  bool dry_run = false;
  std::vector<ImportRowError> errors;  // by row; at most kMaxReportedErrors
  bool errors_truncated = false;
};

class PlanImportService {
 public:
  static constexpr size_t kMaxRows = 5000;
  static constexpr size_t kMaxReportedErrors = 1000;

  PlanImportService(store::Database& db, TaskService& tasks) : db_(db), tasks_(tasks) {}

  Result<ImportPreview> preview(const Actor& a, int64_t campaign_id, const std::string& xlsx, int sheet);
  Result<ImportReport> import(const Actor& a, int64_t campaign_id, const std::string& xlsx,
                              const ImportOptions& opt);

 private:
  store::Database& db_;
  TaskService& tasks_;
};

}  // namespace lantian::app
