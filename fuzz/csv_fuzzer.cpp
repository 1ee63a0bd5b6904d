// Fuzz target: CSV files as users upload them (io/csv_reader.h): encoding
// detection (BOM, UTF-8, UTF-16, GB18030 through iconv) and RFC 4180 records.
//
// What comes back must hold together: every cell is valid UTF-8; records
// start on increasing lines; and the table written back as CSV (every cell
// quoted, the same delimiter) and read again with that delimiter is the same
// table — the reader and a plain writer agree on quoting and line breaks.
// (Which delimiter a file means is a guess; the user may name it.)
#include <cstdint>
#include <string>
#include <string_view>

#include "core/text.h"
#include "fuzz_check.h"
#include "io/csv_reader.h"

using namespace lantian;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto t = io::read_csv(bytes, 2000);
  if (!t.ok()) {
    FUZZ_CHECK(!t.error().message.empty());
    return 0;
  }
  FUZZ_CHECK(!t->encoding.empty());
  FUZZ_CHECK(t->delimiter == ',' || t->delimiter == '\t');
  int last_line = 0;
  std::string again;
  for (const auto& row : t->rows) {
    FUZZ_CHECK(row.line > last_line);
    last_line = row.line;
    FUZZ_CHECK(!row.cells.empty());
    for (size_t i = 0; i < row.cells.size(); ++i) {
      const std::string& c = row.cells[i];
      FUZZ_CHECK(valid_utf8(c));
      if (i) again += t->delimiter;
      again += '"';
      for (char ch : c) again += ch == '"' ? std::string("\"\"") : std::string(1, ch);
      again += '"';
    }
    again += "\r\n";
  }
  // Written back (UTF-8, every cell quoted) and read again: the same records.
  // A first line of one empty cell would be skipped as blank: leave those.
  auto back = io::read_csv(again, 2000, t->delimiter);
  FUZZ_CHECK(back.ok());
  size_t j = 0;
  for (const auto& row : t->rows) {
    if (row.cells.size() == 1 && row.cells[0].empty()) continue;
    FUZZ_CHECK(j < back->rows.size());
    FUZZ_CHECK(back->rows[j].cells == row.cells);
    ++j;
  }
  return 0;
}
