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

}  // namespace lantian::io
