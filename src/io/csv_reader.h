// CSV files as campaign offices have them: exported by Excel or WPS (UTF-8
// with a BOM, "Unicode text" = UTF-16 with tabs), by older Chinese tools
// (GBK / GB18030, no marker at all) or typed by hand. The bytes are decoded
// to UTF-8 first — a BOM decides; else valid UTF-8 is UTF-8; else GB18030
// (a superset of GBK and GB2312) — then split into records by RFC 4180:
// fields in double quotes may hold commas, line breaks and doubled quotes.
// The delimiter is a comma, or a tab when the first record is one cell split
// by commas but several split by tabs. A quote inside an unquoted field is
// kept as written.
//
//   LT_ASSIGN(auto table, io::read_csv(bytes));
//   for (auto& row : table.rows) ...   // row.line: the file line it started on
//
// Errors: invalid naming the place: "line 12, column 7: a quoted field is
// not closed", or that the bytes are neither UTF-8, UTF-16 nor GB18030;
// more than max_rows records.
//
// Thread-safety: pure function.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lantian::io {

struct CsvRow {
  int line = 0;  // 1-based line of the file where the record starts
  std::vector<std::string> cells;
};

struct CsvTable {
  std::string encoding;  // "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "gb18030"
  char delimiter = ',';
  std::vector<CsvRow> rows;  // empty lines skipped
};

// delimiter: ',' or '\t' as the user chose it; 0 = decide as above.
Result<CsvTable> read_csv(std::string_view bytes, size_t max_rows = 1'000'000, char delimiter = 0);

// The bytes as UTF-8 and the encoding they were in (see above).
Result<std::pair<std::string, std::string>> decode_text(std::string_view bytes);

// decode_text without the copy for bytes that are UTF-8 already: the text is
// a view into `bytes` (less a UTF-8 BOM) or, for UTF-16 and GB18030, into
// `storage`, which receives the conversion. Same errors as decode_text.
// *encoding, when given, receives the encoding's name.
Result<std::string_view> decode_view(std::string_view bytes, std::string& storage,
                                     std::string* encoding = nullptr);

// The record splitter read_csv is built on, one record at a time and without
// a std::string per cell, for readers of large files (io/aq_csv.h): the same
// records, lines, blank-record skipping and errors as read_csv given the
// same text and delimiter. Cells are views into the text, or into the
// splitter's own buffer for a quoted cell that had to be rewritten (doubled
// quotes, text after the closing quote); they stay valid until the next call
// to next().
//
//   CsvSplitter split(text, ',', max_rows);
//   for (;;) {
//     LT_ASSIGN(bool more, split.next());
//     if (!more) break;
//     use(split.line(), split.cells());
//   }
//
// Errors (from next(), invalid): "line N, column C: a quoted field is not
// closed"; "more than max_rows rows" on the record after the last allowed.
// After an error next() returns it again.
//
// Thread-safety: one thread at a time per splitter; the text must outlive it.
class CsvSplitter {
 public:
  CsvSplitter(std::string_view text, char delimiter, size_t max_rows = std::numeric_limits<size_t>::max());

  // The next non-blank record: true, or false at the end of the text.
  Result<bool> next();
  // The record's 1-based starting line and its cells (at least one).
  int line() const { return record_line_; }
  const std::vector<std::string_view>& cells() const { return cells_; }
  bool failed() const { return failed_.has_value(); }
  // The record's text, its line break included: a splitter of that alone
  // gives the same cells (its line numbers start at 1).
  std::string_view record() const { return text_.substr(record_begin_, pos_ - record_begin_); }

 private:
  // Splits one record from pos_ into cells_, ending after its line break.
  Status split_record();

  std::string_view text_;
  char delimiter_;
  size_t max_rows_;
  bool ends_run_[256] = {};  // the delimiter, CR and LF: one load a byte, not three compares
  size_t pos_ = 0;
  size_t line_start_ = 0;  // where the current line began, for error columns
  int line_ = 1;
  int record_line_ = 0;
  size_t record_begin_ = 0;
  size_t rows_ = 0;
  std::vector<std::string_view> cells_;
  // Rewritten quoted cells: (cell index, offset, length) into scratch_,
  // made views once the record is complete (scratch_ may move while it grows).
  struct Rewritten {
    size_t cell, offset, size;
  };
  std::vector<Rewritten> rewritten_;
  std::string scratch_;
  std::optional<Error> failed_;
};

}  // namespace lantian::io
