#include "io/csv_reader.h"

#include <errno.h>
#include <iconv.h>

#include <optional>

#include "core/text.h"

namespace lantian::io {
namespace {

// Converts with iconv; nullopt when the bytes are not in `from`.
std::optional<std::string> convert(std::string_view bytes, const char* from) {
  iconv_t cd = iconv_open("UTF-8", from);
  if (cd == iconv_t(-1)) return std::nullopt;
  std::string out(bytes.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  size_t done = 0;
  bool ok = true;
  while (in_left > 0) {
    char* o = out.data() + done;
    size_t out_left = out.size() - done;
    size_t r = iconv(cd, &in, &in_left, &o, &out_left);
    done = out.size() - out_left;
    if (r == size_t(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      ok = false;  // EILSEQ, EINVAL: not this encoding (or cut short)
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(done);
  return out;
}

}  // namespace

Result<std::pair<std::string, std::string>> decode_text(std::string_view b) {
  auto starts = [&](std::string_view p) { return b.substr(0, p.size()) == p; };
  if (starts("\xEF\xBB\xBF")) {
    std::string s(b.substr(3));
    if (!valid_utf8(s)) return Error::invalid("the file says it is UTF-8 but is not");
    return std::pair{std::move(s), std::string("utf-8-bom")};
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    bool le = starts("\xFF\xFE");
    auto s = convert(b.substr(2), le ? "UTF-16LE" : "UTF-16BE");
    if (!s) return Error::invalid("the file says it is UTF-16 but is not");
    return std::pair{std::move(*s), std::string(le ? "utf-16le" : "utf-16be")};
  }
  if (valid_utf8(b)) return std::pair{std::string(b), std::string("utf-8")};
  if (auto s = convert(b, "GB18030")) return std::pair{std::move(*s), std::string("gb18030")};
  return Error::invalid("the file is neither UTF-8, UTF-16 nor GBK/GB18030 text");
}

namespace {

// The records of s split by `delimiter`; with first_only, the first
// non-blank record alone.
Result<std::vector<CsvRow>> parse_records(const std::string& s, char delimiter, size_t max_rows,
                                          bool first_only) {
  std::vector<CsvRow> rows;
  int line = 1, column = 1;
  CsvRow row;
  row.line = 1;
  std::string cell;
  bool quoted = false, was_quoted = false, any = false, stop = false;
  int quote_line = 0, quote_column = 0;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_row = [&]() -> Status {
    end_cell();
    bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) {
      if (rows.size() >= max_rows) return Error::invalid("more than " + std::to_string(max_rows) + " rows");
      rows.push_back(std::move(row));
      if (first_only) stop = true;
    }
    row = CsvRow{};
    row.line = line;
    any = false;
    return {};
  };
  for (size_t i = 0; i < s.size() && !stop; ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          cell += '"';
          ++i, ++column;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
        if (c == '\n') ++line, column = 0;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
      quote_line = line, quote_column = column;
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
      // CRLF: the \n ends the record.
    } else if (c == '\n' || c == '\r') {
      ++line;
      LT_TRY(end_row());
      column = 0;
    } else {
      cell += c;
    }
    any = true;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;  // columns count characters
  }
  if (stop) return rows;
  if (quoted)
    return Error::invalid("line " + std::to_string(quote_line) + ", column " + std::to_string(quote_column) +
                          ": a quoted field is not closed");
  if (any || !cell.empty() || !row.cells.empty()) LT_TRY(end_row());
  return rows;
}

// Tab when the first record is one cell split by commas but several split
// by tabs (Excel's "Unicode text"); else comma. Decided by the parser's own
// rules, so a quoted tab or comma never counts.
char detect_delimiter(const std::string& s) {
  auto by_comma = parse_records(s, ',', 1, true);
  auto by_tab = parse_records(s, '\t', 1, true);
  size_t commas = by_comma.ok() && !by_comma->empty() ? by_comma->front().cells.size() : 0;
  size_t tabs = by_tab.ok() && !by_tab->empty() ? by_tab->front().cells.size() : 0;
  return commas <= 1 && tabs > 1 ? '\t' : ',';
}

}  // namespace

Result<CsvTable> read_csv(std::string_view bytes, size_t max_rows, char delimiter) {
  LT_ASSIGN(auto decoded, decode_text(bytes));
  CsvTable t;
  t.encoding = decoded.second;
  t.delimiter = delimiter ? delimiter : detect_delimiter(decoded.first);
  LT_ASSIGN(t.rows, parse_records(decoded.first, t.delimiter, max_rows, false));
  return t;
}

}  // namespace lantian::io
