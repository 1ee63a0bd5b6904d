// The spreadsheet forms of supervision problems (app/problem_sheets.h): the
// columns an inspection team's list (督办清单) and the rectification ledger
// (整改台账) have, how their headers are recognised, where the header row is,
// and the cell values only a sheet has: a deadline written as a date, "N个工作日"
// or "立行立改", a disposition as 整改/取缔/搬迁, sources and types by their
// Chinese label, a title taken from a description.
//
// Thread-safety: pure functions over their arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "app/sheet_table.h"
#include "core/error.h"
#include "core/problem.h"
#include "core/problem_rules.h"

namespace lantian::app::problem_sheet {

// What a column holds. The export's columns are seq … remarks in that order
// (export_columns()); the others (enterprise, credit_code, standard, lng,
// lat, lnglat, disposition) are read from a 督办清单 only.
enum class Column {
  seq,           // 序号: the team's item number -> external_id (ignored when 编号 is given)
  number,        // 编号: the problem's number, the key of a re-imported ledger
  source,        // 问题来源 / 交办来源
  type,          // 问题类型
  description,   // 问题描述 / 问题: title (first line) and description
  address,       // 所在地 / 地址
  unit,          // 责任单位
  leaders,       // 责任领导 (党政同责; shown, never read)
  person,        // 责任人
  deadline,      // 整改时限
  measures,      // 整改措施 (the latest report's note; shown, never read)
  status,        // 整改状态 (shown, never read)
  verification,  // 核查情况/销号时间 (shown, never read)
  lookback,      // 回头看 (shown, never read)
  remarks,       // 备注 (shown, never read)
  enterprise,    // 企业名称 (a name or a credit code)
  credit_code,   // 统一社会信用代码
  standard,      // 整改要求 / 整改标准
  lng,           // 经度
  lat,           // 纬度
  lnglat,        // 经纬度 / 坐标: "lng,lat"
  disposition,   // 处置方式
};
inline constexpr int kColumnCount = int(Column::disposition) + 1;

struct ColumnDef {
  Column column;
  std::string_view name;                  // "description": the name a mapping uses (map.<col>=description)
  std::string_view header;                // "问题描述": the export's and the template's header
  bool read = true;                       // an import reads it (false: shown only)
  double width = 12;                      // in the export, Excel's units
  std::vector<std::string_view> aliases;  // other headers that name it
};
const std::vector<ColumnDef>& columns();
const ColumnDef& column_def(Column c);
std::optional<Column> column_named(std::string_view name);
// The export's (and the template's) columns, in order: seq … remarks.
std::vector<Column> export_columns();

// A header text's column: its header or an alias, ignoring spaces, line
// breaks, a leading "*", full-width parentheses and a trailing "（…）" note.
std::optional<Column> column_for_header(std::string_view header);

// The header row among the first kHeaderSearchRows rows: the row naming
// the most known columns (at least two; the first such on a tie), so that a
// title row above it (often one merged cell) and a date line are passed over.
inline constexpr int kHeaderSearchRows = 10;
// Index into `rows` of the header row, or nullopt.
std::optional<size_t> header_row(const std::vector<std::vector<SheetCell>>& rows);
// Whether `row`, just below the header, continues it: every non-empty cell
// repeats the header above (a header cell merged over both rows) or names a
// column (经度 / 纬度 under a merged 坐标), and one at least names a column
// the header above does not.
bool continues_header(const std::vector<std::string>& header, const std::vector<SheetCell>& row);

// A deadline as written in a sheet.
struct DeadlineCell {
  DeadlineKind kind = DeadlineKind::date;
  std::string date;  // YYYY-MM-DD, kind date
  int days = 0;      // kind working_days
  bool operator==(const DeadlineCell&) const = default;
};
// A date cell or a number that is an Excel date serial (2000..2099), a date as
// text (2017-10-31, 2017/10/31, 2017.10.31, 2017年10月31日, with a trailing 前
// or 之前), "N个工作日" / "N个工作日内" (N in digits or Chinese numerals, 1..365)
// or text containing "立行立改". nullopt for an empty cell; the issue
// not_a_deadline {value} otherwise.
std::variant<std::monostate, DeadlineCell, Issue> parse_deadline(const SheetCell& c);
// How the export writes a deadline kind back (the date itself is a date cell).
std::string deadline_text(const DeadlineCell& d);

// 整改 / 取缔 / 搬迁 (text containing one of them, 关停取缔, 搬迁改造 …) or the
// names rectify / ban / relocate.
std::optional<Disposition> parse_disposition(std::string_view text);
std::string_view disposition_label(Disposition d);

// A source or type by its name, its Chinese or English label, ignoring
// quotes, spaces and the width of parentheses.
const ProblemSource* find_source(const ProblemRules& r, std::string_view text);
const ProblemType* find_type(const ProblemRules& r, std::string_view text);

// The title a description gives: its first non-empty line, at most 200
// characters (shortened with "…").
std::string title_from(std::string_view description);

// "114.37,34.78" (also with a full-width comma, a space or a semicolon).
std::optional<LngLat> parse_point(std::string_view text);
// A longitude or latitude cell: a number, or text holding one.
std::optional<double> parse_coordinate(const SheetCell& c);

}  // namespace lantian::app::problem_sheet
