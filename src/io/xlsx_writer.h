// Writing .xlsx workbooks into memory for downloads (libxlsxwriter). Each
// sheet starts with a bold header row that stays frozen and carries an
// autofilter; rows follow in order. Dates are real Excel dates shown as
// yyyy-mm-dd, so they sort and filter as dates.
//
// libxlsxwriter writes to a file: finish() has it write a private temporary
// file under $TMPDIR (or /tmp), reads it back and removes it. Rows are held
// in memory (by libxlsxwriter) until then.
//
// Thread-safety: an XlsxWriter is used by one thread at a time; separate
// writers are independent.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/calendar.h"  // lantian::Date
#include "core/error.h"

namespace lantian::io {

// An empty cell, text (UTF-8), a number, an integer or a date. Integers of
// more than 15 digits are written as text: Excel keeps only 15 significant
// digits, and an 18-digit ID number would silently change.
using CellValue = std::variant<std::monostate, std::string, double, int64_t, Date>;

class XlsxWriter {
 public:
  XlsxWriter();
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a new sheet, which later rows go to, with its header row. Errors:
  // invalid for a name Excel refuses (empty, over 31 characters, one of
  // []:*?/\, a leading or trailing apostrophe, a duplicate ignoring case),
  // headers that are not valid UTF-8, or after finish().
  Status add_sheet(const std::string& name, const std::vector<std::string>& headers);

  // Appends a row to the current sheet. Errors: invalid before add_sheet,
  // after finish(), for text that is not valid UTF-8 or over Excel's 32,767
  // characters, NaN or infinity, a date outside 1900-01-01..9999-12-31, or
  // past Excel's 1,048,576 rows. A failed row may be partly written.
  Status add_row(const std::vector<CellValue>& cells);

  // Merges a rectangle of the current sheet, in sheet coordinates (0-based;
  // row 0 is the header row, the first add_row() is row 1), showing `value`
  // in it; like Excel, the other cells of the range become blank. Call it
  // after the rows it covers. Errors: invalid before add_sheet, after
  // finish(), for a single cell, a range outside the sheet's limits, one
  // overlapping an earlier merge, or a value add_row() would refuse.
  Status merge(int first_row, int first_col, int last_row, int last_col, const CellValue& value);

  // Column widths of the current sheet in Excel's units (characters of the
  // default font); width i applies to column i. Errors: invalid before
  // add_sheet, after finish(), or for a width outside 0..255.
  Status set_column_widths(const std::vector<double>& widths);

  // The finished workbook's bytes. The writer cannot be used afterwards.
  // Errors: invalid without any sheet or when called twice; internal when
  // the temporary file cannot be written or read.
  Result<std::string> finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lantian::io
