// Reading .xlsx workbooks from memory: an upload arrives as bytes, and one
// worksheet comes back as values (text, numbers, booleans, errors, dates via
// their number format) with its merged ranges. Formatting, formulas (only
// their cached results), charts and comments are ignored.
//
// Hostile input is expected: the file size, the total unpacked size of the
// parts read (zip bombs) and the row/column extent are capped by XlsxLimits,
// and every failure is a returned Error, never an exception. Peak memory is
// about the unpacked XML plus 60 bytes per value: the DOM is built a
// megabyte of rows at a time (whole only for a sheet with comments or CDATA).
//
// Thread-safety: pure functions over their arguments; a Sheet is a plain
// value, safe to read from several threads.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace lantian::io {

struct XlsxLimits {
  size_t max_file_bytes = 50u << 20;
  // Sum of the unpacked sizes of the parts read (workbook, relationships,
  // shared strings, styles, the sheet).
  size_t max_uncompressed_bytes = 200u << 20;
  // Highest row / column that may hold a value. Styled but empty cells and
  // rows beyond them are ignored, since Excel often leaves such tails.
  size_t max_rows = 200000;
  size_t max_cols = 200;
};

// 0-based, inclusive. Clipped to the sheet's extent (Sheet::rows/cols): a
// merge never reaches beyond the last row or column holding a value, so what
// a reader walks stays proportional to the cells that exist, whatever ranges
// the file declares. Merges starting outside the extent, or clipped to one
// cell, are dropped.
struct MergedRange {
  int first_row = 0, first_col = 0, last_row = 0, last_col = 0;
  bool operator==(const MergedRange&) const = default;
};

struct Cell {
  enum class Type { empty, string, number, boolean, error, formula_string };
  Type type = Type::empty;
  // Number format of a number cell (from styles.xml; 0 = General), and
  // whether that format shows a date (is_date_format).
  bool is_date = false;
  bool date1904 = false;  // the workbook's date system, for as_text()
  int num_fmt_id = 0;
  double number = 0;  // number; boolean as 0/1
  std::string text;   // string, formula_string (cached result), error ("#N/A")

  // The value as a person reads it: a date-formatted number as YYYY-MM-DD,
  // an integer-valued number without ".0", other numbers in the shortest
  // form that reads back to the same double, booleans as TRUE/FALSE.
  std::string as_text() const;
};

// One worksheet's values, stored sparsely: only cells holding a value.
class Sheet {
 public:
  struct Entry {
    int row = 0, col = 0;  // 0-based
    Cell cell;
  };

  std::string name;
  int rows = 0;  // 1 + the last row holding a value (0 for an empty sheet)
  int cols = 0;  // 1 + the last column holding a value
  std::vector<MergedRange> merged;
  bool date1904 = false;
  // Codes of the custom number formats (numFmtId >= 164) used in this workbook.
  std::map<int, std::string> custom_formats;

  // The cell at 0-based (row, col), found by binary search; an empty cell
  // when absent or out of range.
  const Cell& cell(int row, int col) const;
  // The non-empty cells in row-major order, for walking large sheets.
  const std::vector<Entry>& cells() const { return cells_; }
  // Hands the cells over (row-major, as cells()): a reader that walks them
  // once may move their texts out as it goes. The sheet has none afterwards.
  std::vector<Entry> take_cells() { return std::move(cells_); }
  // The format code of a cell's num_fmt_id: custom, else Excel's built-in
  // code, else "General".
  std::string number_format(int num_fmt_id) const;

  // Replaces the cells (used by the reader): sorts them row-major, keeps the
  // last of any given twice, drops empty ones, and sets rows and cols.
  void set_cells(std::vector<Entry> cells);

 private:
  std::vector<Entry> cells_;
};

// Sheet names in workbook order. Errors: too_large (file over the limit, or
// parts unpacking beyond it); invalid ("not an .xlsx file (...)" when not a
// zip or without a workbook, or malformed XML).
Result<std::vector<std::string>> sheet_names(const std::string& bytes, const XlsxLimits& limits = {});

// The index-th sheet (0-based, workbook order). Errors: as sheet_names, plus
// invalid for an index beyond the sheets, a value beyond max_rows/max_cols,
// a bad cell reference or shared-string index.
Result<Sheet> read_sheet(const std::string& bytes, int index = 0, const XlsxLimits& limits = {});

// True if a number format shows a date (a built-in date id such as 14 or the
// zh-CN 31 "yyyy年m月d日", or a code with y/d, or m without h/s). Times only
// (h:mm) and durations ([h]:mm) are not dates.
bool is_date_format(int num_fmt_id, std::string_view code);

// Excel serial day number -> "YYYY-MM-DD" (the time of day is dropped).
// In the 1900 system serial 1 is 1900-01-01 and 60 is Excel's nonexistent
// 1900-02-29 (nullopt); in the 1904 system 0 is 1904-01-01. nullopt below
// the first day, past 9999-12-31, or for NaN.
std::optional<std::string> excel_serial_to_date(double serial, bool date1904);

// "A" -> 0, "AB" -> 27; "B3" -> (2, 1) as (row, col). nullopt when malformed
// or beyond Excel's XFD1048576.
std::optional<int> column_from_letters(std::string_view letters);
std::optional<std::pair<int, int>> parse_cell_ref(std::string_view ref);
std::string column_letters(int col);

}  // namespace lantian::io
