// The rows of an uploaded spreadsheet, .xlsx or CSV, read once and in order,
// for the imports that check a file row by row (app/ledger_sheets.h,
// app/problem_sheets.h, app/enterprise_sheets.h). An .xlsx file's first
// worksheet is read by io/xlsx_reader.h, a CSV file by io/csv_reader.h
// (UTF-8 with or without BOM, GBK/GB18030, UTF-16; the delimiter guessed or
// given). A merged range's first value fills the whole range, as Excel shows
// it; a formula counts by its cached result.
//
// The file's cells are held once, as read, and each row's are made into
// SheetCells as it is read (their texts moved out): no second copy of the
// sheet as a grid. Every row comes back, the header row included: the
// caller decides which row is the header.
//
// Errors (read): invalid field "file" with file_empty (no rows at all) or
// file_unreadable (a CSV the reader refuses, with its reason); the xlsx
// reader's own errors (not an .xlsx file, too large, beyond max_rows).
//
// Also the cell and header forms every import reads alike (sheet_key,
// without_note, sheet_number).
//
// Thread-safety: a SheetTable is used by one thread at a time; the free
// functions are pure.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/ledger_values.h"  // RawValue
#include "io/csv_reader.h"
#include "io/xlsx_reader.h"

namespace lantian::app {

// One cell as read: its native value and its text as a person reads it.
struct SheetCell {
  RawValue raw = nullptr;  // number, boolean, text; nullptr when empty
  std::string text;        // io::Cell::as_text(): dates as YYYY-MM-DD, integers without ".0"
  bool is_date = false;    // a number shown as a date
};

class SheetTable {
 public:
  // An .xlsx file (bytes starting "PK\3\4") or else CSV; at most max_rows
  // rows (the header included) are accepted.
  static Result<SheetTable> read(const std::string& bytes, char delimiter, size_t max_rows);

  // "xlsx", or "csv (<encoding>)" (io::CsvTable::encoding).
  std::string format;

  // The next row's cells (as many as the sheet has columns; for CSV as the
  // record has) and its number as the file shows it (the sheet row, 1-based;
  // a CSV record's first line); false at the end.
  bool next(std::vector<SheetCell>& cells, int& number);

 private:
  void sheet_row(std::vector<SheetCell>& cells);

  struct Active {
    io::MergedRange range;
    SheetCell first;
  };
  std::optional<io::CsvTable> csv_;
  size_t csv_at_ = 0;
  std::vector<io::Sheet::Entry> cells_;
  size_t at_ = 0;
  int row_ = 0, rows_ = 0, cols_ = 0;
  std::vector<io::MergedRange> merges_;  // by first row
  size_t next_merge_ = 0;
  std::vector<Active> active_;  // the ranges covering the current row
};

// True when no cell of the row holds more than spaces.
bool blank_row(const std::vector<SheetCell>& row);

// Text as the imports compare headers and labels: half-width ASCII, without
// spaces (ASCII and U+3000), line breaks, quotes and a leading "*", ASCII
// letters in lower case.
std::string sheet_key(std::string_view text);
// A sheet_key() without a trailing "(…)" note: "经度(wgs-84)" -> "经度".
std::string without_note(std::string key);
// A number cell, or text holding one finite number and nothing else;
// nullopt otherwise.
std::optional<double> sheet_number(const SheetCell& c);

}  // namespace lantian::app
