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
//   - Re-import of an exported ledger (app/task_export.h): a row with a task
//     key (任务ID) updates that task, through TaskService::apply_plan in the
//     same transaction as the creations: only the fields whose columns are
//     mapped and whose values differ from the task now (a blank 牵头单位
//     leaves the lead unit alone; subtasks keep their parent's work area).
//     A row whose values equal the task is left alone (unchanged). A key
//     naming no task of this campaign that the caller sees is a row error
//     (unknown_task_key, nothing about the task revealed); a row changed in
//     the sheet whose 版本 is not the task's version now is a row error
//     (stale_row): the task was changed after the export. The place of an
//     existing task in the tree is never changed by an import. Rows without
//     a key are new tasks (hierarchy rules in io/plan_sheet.h); a new row's
//     parent may be an existing task (by 上级任务ID or by a keyed row's 序号).
//
// Errors (coded): forbidden office_only, not_found (no such campaign),
// invalid (not_xlsx, no_such_sheet, sheet_empty, a bad mapping (field
// errors "mapping.<key>"), too_many_rows), too_large (file_too_big,
// unpacks_too_large), conflict (closed campaign). Row problems are not
// errors: they are in the report, each with a code and parameters.
// Thread-safety: thread-safe (stateless over a thread-safe Database).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/task_export.h"
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
  int row = 0;          // 1-based Excel row number
  std::string column;   // Excel letters ("G"); "" when no single column
  std::string field;    // plan field key ("deadline")
  std::string message;  // English
  std::string code;     // catalogue code (core/error_codes.cpp): unknown_unit, not_a_date, ...
  Params params;
};

// One changed field of a keyed row, as shown to a person (unit names,
// dates "YYYY-MM-DD", numbers without ".0").
struct FieldChange {
  std::string field;  // plan field key
  std::string from, to;
};

struct ImportRowChange {
  int row = 0;  // 1-based Excel row number
  int64_t task_id = 0;
  std::string title;  // the task's title now
  std::vector<FieldChange> changes;
};

struct ImportReport {
  int total_rows = 0;    // non-empty data rows
  int valid_rows = 0;    // rows that are (or, dry run / failed all-or-nothing, would be) written
  int invalid_rows = 0;  // rows with errors, or skipped under a row with errors
  int created = 0;
  // Rows without a key (new tasks), keyed rows that change their task,
  // keyed rows equal to their task; counted over the valid rows.
  int new_rows = 0, changed_rows = 0, unchanged_rows = 0;
  int updated = 0;                       // tasks changed (0 for a dry run)
  std::vector<ImportRowChange> changes;  // by row; at most kMaxReportedErrors
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
  // An empty plan to fill in (app/plan_template.cpp): sheet 任务分解 with the
  // headers the importer suggests for each field, one example row that
  // imports cleanly (the caller's own unit, the campaign's first work area
  // and dates), and a sheet 说明 explaining each column. Errors: as import.
  Result<ExportFile> import_template(const Actor& a, int64_t campaign_id);

 private:
  store::Database& db_;
  TaskService& tasks_;
};

}  // namespace lantian::app
