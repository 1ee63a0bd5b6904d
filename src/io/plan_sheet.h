// Reading a campaign plan (工作任务分解表) out of a worksheet: which row holds
// the headers, which column is which field (suggested from the header text,
// chosen by the user), and each data row turned into plain values with
// everything that can be checked without the database: required cells,
// dates, numbers, the 序号 hierarchy, merged cells, and that children's
// targets add up to their parent's. Names of units and work areas stay text;
// the application resolves them (app/plan_import.h).
//
// Rows and columns here are 0-based sheet coordinates, as in io::Sheet.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "io/xlsx_reader.h"

namespace lantian::io::plan {

// What a column may hold.
struct FieldDef {
  std::string_view key;       // "owner_unit"
  std::string_view label_zh;  // "责任单位"
  bool required;              // the mapping must name a column for it
  // A vertically merged cell of this field applies to every row it spans
  // (one 责任单位 for several tasks); for the others (序号, 工作任务, 目标值)
  // such a merge is an error on the rows it spans below its first.
  bool fill_down;
  std::vector<std::string_view> headers;  // header texts that suggest it
};

// code (序号), title (工作任务), work_area (重点领域), lead_unit (牵头单位),
// owner_unit (责任单位), responsible_leader (责任领导), responsible_person
// (责任人), phone (联系电话), start_date (开始时间), deadline (完成时限),
// target_value (目标值), measure_unit (计量单位), description (工作内容).
// Required: title, owner_unit, deadline. And the keys an exported ledger
// carries (app/task_export.h) so that a re-import updates the tasks it came
// from: task_id (任务ID), parent_task_id (上级任务ID), version (版本).
std::span<const FieldDef> fields();
const FieldDef* find_field(std::string_view key);

// field key -> 0-based column.
using Mapping = std::map<std::string, int>;

// The header row: the first row with at least two values (so that a title
// banner above the table is passed over), else the first row with any;
// nullopt for a sheet without values (text of only spaces is no value).
std::optional<int> header_row(const Sheet& s);
// The header row's texts (trimmed), one per column up to s.cols.
std::vector<std::string> header_texts(const Sheet& s, int row);
// A column for each field whose header text matches one of its headers
// (ignoring spaces, line breaks and a trailing "（...）" note); the first
// matching column wins, and a column serves one field at most.
Mapping suggest_mapping(const std::vector<std::string>& headers);

// Checks a mapping: known keys, columns 0..max_col-1, no column twice,
// every required field present. Errors: invalid with field errors named
// "mapping.<key>".
Status check_mapping(const Mapping& m, int max_col);

struct RowError {
  int row = 0;
  int col = -1;  // -1 when no single column is at fault
  std::string field;
  std::string message;  // English, with the field's label
  std::string code;     // catalogue code (core/error_codes.cpp) and its parameters
  Params params;
};

// One data row as values. Dates are "YYYY-MM-DD"; text is trimmed.
struct PlanRow {
  int row = 0;  // sheet row
  std::string code, title, work_area, lead_unit, owner_unit, responsible_leader, responsible_person, phone,
      start_date, deadline, measure_unit, description;
  std::optional<double> target_value;
  // The keys of an exported ledger: the task the row came from, its parent
  // task, and the task's version when exported.
  std::optional<int64_t> task_id, parent_task_id, version;
  std::optional<size_t> parent;  // index in ParsedPlan::rows of the parent row (see parse_plan)
  std::vector<size_t> children;  // indexes in sheet order
  bool has_errors = false;       // some RowError names this row
};

struct ParsedPlan {
  int header_row = 0;
  std::vector<PlanRow> rows;  // the non-empty data rows, in sheet order
  std::vector<RowError> errors;
  int empty_rows = 0;  // skipped rows between the header and the last row
};

// The data rows below the header row under mapping `m` (checked with
// check_mapping first). Per row: title, owner unit and deadline required;
// dates as date-formatted numbers or text 2017-10-31, 2017/10/31,
// 2017年10月31日; target a non-negative number; 序号 "1", "1.2", "1.2.3"
// unique among rows without a task key; a new parent row (no task key)
// with children in the file must have its target split among them exactly
// (core/task_rules.h check_allocation). Rows without a value in any mapped
// column of their own are skipped. Errors: the mapping's; sheet_empty. Row
// problems are not errors but ParsedPlan::errors, each with a code.
//
// The hierarchy (PlanRow::parent), so that a root numbered "1.8" is never
// read as a child of "1" by accident:
//   1. a row with a parent key (上级任务ID) hangs under the row holding that
//      task key if that row precedes it; else it has no parent row here (the
//      parent is a task outside the sheet, or the key is wrong: the
//      application decides);
//   2. a row with a task key (任务ID) and no parent key is a root here: an
//      existing task keeps its place in the tree whatever its 序号;
//   3. a row without keys is a child of the row whose 序号 is its own minus
//      the last ".n" only if such a row exists AND precedes it; otherwise it
//      is a root ("1.8" with no "1" above it is a root task numbered 1.8).
//      Without keys, "1" followed by "1.8" reads as a task and its subtask:
//      nothing else in the sheet tells them apart.
Result<ParsedPlan> parse_plan(const Sheet& s, const Mapping& m);

// A date cell as "YYYY-MM-DD", or why it is not one (code not_a_date).
Result<std::string> cell_date(const Cell& c);
// "2017-10-31", "2017/10/31", "2017.10.31", "2017年10月31日" (one- or two-
// digit month and day) -> "2017-10-31"; nullopt otherwise or for a day that
// does not exist.
std::optional<std::string> parse_text_date(std::string_view text);

}  // namespace lantian::io::plan
