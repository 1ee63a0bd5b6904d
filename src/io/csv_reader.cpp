#include "io/csv_reader.h"

#include <errno.h>
#include <iconv.h>

#include <cstdint>
#include <cstring>
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

// valid_utf8 (core/text.h) with runs of ASCII, most of a data file, passed
// eight bytes at a time; every other sequence is still judged by valid_utf8.
bool valid_utf8_text(std::string_view s) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    for (uint64_t w; i + 8 <= n; i += 8) {
      std::memcpy(&w, s.data() + i, 8);
      if (w & 0x8080808080808080ull) break;
    }
    if (i >= n) break;
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || !valid_utf8(s.substr(i, len))) return false;
    i += len;
  }
  return true;
}

}  // namespace

Result<std::string_view> decode_view(std::string_view b, std::string& storage, std::string* encoding) {
  auto starts = [&](std::string_view p) { return b.substr(0, p.size()) == p; };
  auto named = [&](const char* name) {
    if (encoding) *encoding = name;
  };
  if (starts("\xEF\xBB\xBF")) {
    std::string_view s = b.substr(3);
    if (!valid_utf8_text(s)) return Error::invalid("the file says it is UTF-8 but is not");
    named("utf-8-bom");
    return s;
  }
  if (starts("\xFF\xFE") || starts("\xFE\xFF")) {
    bool le = starts("\xFF\xFE");
    auto s = convert(b.substr(2), le ? "UTF-16LE" : "UTF-16BE");
    if (!s) return Error::invalid("the file says it is UTF-16 but is not");
    storage = std::move(*s);
    named(le ? "utf-16le" : "utf-16be");
    return std::string_view(storage);
  }
  if (valid_utf8_text(b)) {
    named("utf-8");
    return b;
  }
  if (auto s = convert(b, "GB18030")) {
    storage = std::move(*s);
    named("gb18030");
    return std::string_view(storage);
  }
  return Error::invalid("the file is neither UTF-8, UTF-16 nor GBK/GB18030 text");
}

Result<std::pair<std::string, std::string>> decode_text(std::string_view bytes) {
  std::string storage, encoding;
  LT_ASSIGN(std::string_view text, decode_view(bytes, storage, &encoding));
  if (text.data() != storage.data()) storage = std::string(text);
  return std::pair{std::move(storage), std::move(encoding)};
}

CsvSplitter::CsvSplitter(std::string_view text, char delimiter, size_t max_rows)
    : text_(text), delimiter_(delimiter), max_rows_(max_rows) {
  ends_run_[static_cast<unsigned char>(delimiter)] = true;
  ends_run_['\n'] = ends_run_['\r'] = true;
}

Result<bool> CsvSplitter::next() {
  if (failed_) return *failed_;
  while (pos_ < text_.size()) {
    if (Status s = split_record(); !s.ok()) {
      failed_ = s.error();
      return s.take_error();
    }
    if (cells_.size() == 1 && cells_[0].empty()) continue;  // a blank record
    if (rows_ >= max_rows_) {
      failed_ = Error::invalid("more than " + std::to_string(max_rows_) + " rows");
      return *failed_;
    }
    ++rows_;
    return true;
  }
  return false;
}

// RFC 4180 as the reader has always read it: a quote opens a quoted cell only
// as the cell's first character; in it, a doubled quote is one quote and line
// breaks are kept; text after the closing quote belongs to the cell; CRLF, LF
// and a lone CR end a record (a CR before the LF is not part of the cell).
// Lines count LFs and record-ending lone CRs; columns count characters.
Status CsvSplitter::split_record() {
  cells_.clear();
  rewritten_.clear();
  scratch_.clear();
  record_line_ = line_;
  record_begin_ = pos_;
  const char* p = text_.data();
  const size_t n = text_.size();
  const char d = delimiter_;
  // The end of a plain run: the delimiter, a line break or the text's end.
  auto plain_end = [&](size_t j) {
    while (j < n && !ends_run_[static_cast<unsigned char>(p[j])]) ++j;
    return j;
  };
  size_t i = pos_;
  for (;;) {
    if (i < n && p[i] == '"') {
      const size_t open = i, content = i + 1;
      const int open_line = line_;
      const size_t open_line_start = line_start_;
      size_t j = content, copied = content, close = 0;
      bool rewrite = false;
      const size_t offset = scratch_.size();
      for (;;) {
        while (j < n && p[j] != '"' && p[j] != '\n') ++j;
        if (j >= n) {
          size_t column = 1;
          for (size_t k = open_line_start; k < open; ++k)
            column += (static_cast<unsigned char>(p[k]) & 0xC0) != 0x80;
          return Error::invalid("line " + std::to_string(open_line) + ", column " + std::to_string(column) +
                                ": a quoted field is not closed");
        }
        if (p[j] == '\n') {
          ++line_;
          line_start_ = ++j;
        } else if (j + 1 < n && p[j + 1] == '"') {  // "" is one quote
          rewrite = true;
          scratch_.append(p + copied, j + 1 - copied);
          copied = j += 2;
        } else {
          close = j++;
          break;
        }
      }
      const size_t end = plain_end(j);
      if (rewrite || end > j) {
        scratch_.append(p + copied, close - copied);
        scratch_.append(p + j, end - j);
        rewritten_.push_back({cells_.size(), offset, scratch_.size() - offset});
        cells_.emplace_back();
      } else {
        cells_.emplace_back(p + content, close - content);
      }
      i = end;
    } else {
      const size_t end = plain_end(i);
      cells_.emplace_back(p + i, end - i);
      i = end;
    }
    if (i >= n) break;
    if (p[i] == d) {
      ++i;
      continue;
    }
    if (p[i] == '\r' && i + 1 < n && p[i + 1] == '\n') ++i;
    ++line_;
    line_start_ = ++i;
    break;
  }
  pos_ = i;
  for (const Rewritten& r : rewritten_) cells_[r.cell] = std::string_view(scratch_).substr(r.offset, r.size);
  return {};
}

namespace {

// The records of s split by `delimiter`; with first_only, the first
// non-blank record alone.
Result<std::vector<CsvRow>> parse_records(std::string_view s, char delimiter, size_t max_rows,
                                          bool first_only) {
  std::vector<CsvRow> rows;
  CsvSplitter split(s, delimiter, max_rows);
  for (;;) {
    LT_ASSIGN(bool more, split.next());
    if (!more) break;
    CsvRow& row = rows.emplace_back();
    row.line = split.line();
    row.cells.assign(split.cells().begin(), split.cells().end());
    if (first_only) break;
  }
  return rows;
}

// Tab when the first record is one cell split by commas but several split
// by tabs (Excel's "Unicode text"); else comma. Decided by the parser's own
// rules, so a quoted tab or comma never counts.
char detect_delimiter(std::string_view s) {
  auto by_comma = parse_records(s, ',', 1, true);
  auto by_tab = parse_records(s, '\t', 1, true);
  size_t commas = by_comma.ok() && !by_comma->empty() ? by_comma->front().cells.size() : 0;
  size_t tabs = by_tab.ok() && !by_tab->empty() ? by_tab->front().cells.size() : 0;
  return commas <= 1 && tabs > 1 ? '\t' : ',';
}

}  // namespace

Result<CsvTable> read_csv(std::string_view bytes, size_t max_rows, char delimiter) {
  std::string storage;
  CsvTable t;
  LT_ASSIGN(std::string_view text, decode_view(bytes, storage, &t.encoding));
  t.delimiter = delimiter ? delimiter : detect_delimiter(text);
  LT_ASSIGN(t.rows, parse_records(text, t.delimiter, max_rows, false));
  return t;
}

}  // namespace lantian::io
