#include "io/xlsx_writer.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <array>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/text.h"

namespace lantian::io {

namespace {

constexpr int kMaxRows = 1048576;
constexpr int kMaxCols = 16384;
constexpr size_t kMaxTextChars = 32767;
// Excel shows 15 significant digits; larger integers go out as text.
constexpr int64_t kMaxExactInteger = 999999999999999;

std::string ascii_lower(std::string s) {
  for (auto& c : s)
    if (c >= 'A' && c <= 'Z') c = char(c + 32);
  return s;
}

// Why `s` cannot go into a cell, or nullptr.
const char* text_problem(const std::string& s) {
  if (!valid_utf8(s) || s.find('\0') != std::string::npos) return "text is not valid UTF-8";
  if (utf8_length(s) > kMaxTextChars) return "text is longer than Excel's 32,767 characters";
  return nullptr;
}

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Excel reads _xHHHH_ in text as an escaped character; text that holds such
// a sequence literally must escape its underscore (_x005F_), which
// libxlsxwriter does not do.
std::string escape_escapes(const std::string& s) {
  if (s.find("_x") == std::string::npos) return s;
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_' && i + 6 < s.size() && s[i + 1] == 'x' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
        is_hex(s[i + 4]) && is_hex(s[i + 5]) && s[i + 6] == '_')
      out += "_x005F";
    out += s[i];
  }
  return out;
}

// `where` is a callable: the location is formatted only for an error, not
// for each of a large export's cells.
template <typename Where>
Status lxw_status(lxw_error e, Where&& where) {
  if (e == LXW_NO_ERROR) return Status::success();
  return Error::invalid(fmt::format("{}: {}", where(), lxw_strerror(e)));
}

}  // namespace

struct XlsxWriter::Impl {
  struct SheetState {
    std::string name;
    lxw_worksheet* ws = nullptr;
    int next_row = 1;  // row 0 holds the headers
    int cols = 0;      // widest row so far, headers included
    // Merged ranges so far {first_row, first_col, last_row, last_col}:
    // libxlsxwriter 1.1.4 does not refuse overlaps, which Excel "repairs".
    std::vector<std::array<int, 4>> merges;
  };

  lxw_workbook* wb = nullptr;
  std::string path;    // the temporary file libxlsxwriter writes at close
  std::string tmpdir;  // for libxlsxwriter's own scratch files; outlives wb
  lxw_format* header = nullptr;
  lxw_format* date = nullptr;
  // An empty format for merges: libxlsxwriter pads a merged range with blank
  // cells only when given a format, and only those replace earlier values.
  lxw_format* plain = nullptr;
  std::vector<SheetState> sheets;
  bool finished = false;

  ~Impl() {
    // Dropped without finish(): free the workbook without writing it.
    if (wb) lxw_workbook_free(wb);
    if (!path.empty()) ::unlink(path.c_str());
  }

  Status usable() const {
    if (finished) return Error::invalid("the workbook is already finished");
    return Status::success();
  }

  Status current(SheetState*& out) {
    LT_TRY(usable());
    if (sheets.empty()) return Error::invalid("add a sheet before rows or column widths");
    out = &sheets.back();
    return Status::success();
  }

  // The workbook and its temporary file come into being with the first sheet.
  Status open() {
    if (wb) return Status::success();
    const char* env = std::getenv("TMPDIR");
    tmpdir = env && *env ? env : "/tmp";
    std::string tmpl = tmpdir + "/lantian-xlsx-XXXXXX";
    int fd = ::mkstemp(tmpl.data());
    if (fd < 0) return Error::internal(fmt::format("cannot create a temporary file in {}", tmpdir));
    ::close(fd);
    path = tmpl;
    lxw_workbook_options opts{};
    opts.tmpdir = tmpdir.data();
    wb = workbook_new_opt(path.c_str(), &opts);
    if (!wb) return Error::internal("libxlsxwriter: cannot create a workbook");
    header = workbook_add_format(wb);
    format_set_bold(header);
    date = workbook_add_format(wb);
    format_set_num_format(date, "yyyy-mm-dd");
    plain = workbook_add_format(wb);
    return Status::success();
  }

  Status write(SheetState& s, int row, int col, const CellValue& v) {
    auto where = [&] { return fmt::format("sheet \"{}\", row {}, column {}", s.name, row + 1, col + 1); };
    if (std::holds_alternative<std::monostate>(v)) return Status::success();
    if (auto* text = std::get_if<std::string>(&v)) {
      if (const char* why = text_problem(*text)) return Error::invalid(fmt::format("{}: {}", where(), why));
      return lxw_status(worksheet_write_string(s.ws, row, col, escape_escapes(*text).c_str(), nullptr),
                        where);
    }
    if (auto* d = std::get_if<double>(&v)) {
      if (!std::isfinite(*d)) return Error::invalid(fmt::format("{}: not a finite number", where()));
      return lxw_status(worksheet_write_number(s.ws, row, col, *d, nullptr), where);
    }
    if (auto* i = std::get_if<int64_t>(&v)) {
      if (*i > kMaxExactInteger || *i < -kMaxExactInteger)
        return lxw_status(worksheet_write_string(s.ws, row, col, std::to_string(*i).c_str(), nullptr), where);
      return lxw_status(worksheet_write_number(s.ws, row, col, double(*i), nullptr), where);
    }
    std::chrono::year_month_day ymd{std::get<Date>(v)};
    int y = int(ymd.year());
    // Excel's dates start at 1900-01-01 (1900 system) and end with 9999.
    if (y < 1900 || y > 9999)
      return Error::invalid(fmt::format("{}: Excel cannot store a date in the year {}", where(), y));
    lxw_datetime dt{y, int(unsigned(ymd.month())), int(unsigned(ymd.day())), 0, 0, 0.0};
    return lxw_status(worksheet_write_datetime(s.ws, row, col, &dt, date), where);
  }
};

XlsxWriter::XlsxWriter() : impl_(std::make_unique<Impl>()) {}
XlsxWriter::~XlsxWriter() = default;

Status XlsxWriter::add_sheet(const std::string& name, const std::vector<std::string>& headers) {
  LT_TRY(impl_->usable());
  if (name.empty() || !valid_utf8(name) || utf8_length(name) > 31)
    return Error::invalid(fmt::format("sheet name \"{}\" must be 1 to 31 characters", name));
  if (name.find_first_of("[]:*?/\\") != std::string::npos)
    return Error::invalid(fmt::format("sheet name \"{}\" may not contain any of []:*?/\\", name));
  if (name.front() == '\'' || name.back() == '\'')
    return Error::invalid(fmt::format("sheet name \"{}\" may not begin or end with an apostrophe", name));
  for (const auto& s : impl_->sheets)
    if (ascii_lower(s.name) == ascii_lower(name))
      return Error::invalid(fmt::format("there is already a sheet named \"{}\"", s.name));
  if (headers.size() > size_t(kMaxCols)) return Error::invalid("more than 16,384 columns");
  for (size_t i = 0; i < headers.size(); ++i)
    if (const char* why = text_problem(headers[i]))
      return Error::invalid(fmt::format("header {}: {}", i + 1, why));
  LT_TRY(impl_->open());

  lxw_worksheet* ws = workbook_add_worksheet(impl_->wb, name.c_str());
  if (!ws) return Error::invalid(fmt::format("libxlsxwriter refused the sheet name \"{}\"", name));
  for (size_t i = 0; i < headers.size(); ++i)
    LT_TRY(lxw_status(
        worksheet_write_string(ws, 0, lxw_col_t(i), escape_escapes(headers[i]).c_str(), impl_->header),
        [&] { return fmt::format("header {}", i + 1); }));
  worksheet_freeze_panes(ws, 1, 0);
  impl_->sheets.push_back({name, ws, 1, int(headers.size())});
  return Status::success();
}

Status XlsxWriter::add_row(const std::vector<CellValue>& cells) {
  Impl::SheetState* s = nullptr;
  LT_TRY(impl_->current(s));
  if (s->next_row >= kMaxRows)
    return Error::invalid(fmt::format("sheet \"{}\" is full: Excel allows {} rows", s->name, kMaxRows));
  if (cells.size() > size_t(kMaxCols)) return Error::invalid("more than 16,384 columns");
  int row = s->next_row++;
  for (size_t c = 0; c < cells.size(); ++c) LT_TRY(impl_->write(*s, row, int(c), cells[c]));
  s->cols = std::max(s->cols, int(cells.size()));
  return Status::success();
}

Status XlsxWriter::merge(int first_row, int first_col, int last_row, int last_col, const CellValue& value) {
  Impl::SheetState* s = nullptr;
  LT_TRY(impl_->current(s));
  if (first_row < 0 || first_col < 0 || last_row < first_row || last_col < first_col ||
      last_row >= kMaxRows || last_col >= kMaxCols)
    return Error::invalid(fmt::format("sheet \"{}\": bad merge range", s->name));
  if (first_row == last_row && first_col == last_col)
    return Error::invalid(fmt::format("sheet \"{}\": a merge needs more than one cell", s->name));
  for (const auto& m : s->merges)
    if (first_row <= m[2] && m[0] <= last_row && first_col <= m[3] && m[1] <= last_col)
      return Error::invalid(fmt::format("sheet \"{}\": the merge overlaps an earlier one", s->name));
  LT_TRY(lxw_status(worksheet_merge_range(s->ws, lxw_row_t(first_row), lxw_col_t(first_col),
                                          lxw_row_t(last_row), lxw_col_t(last_col), "", impl_->plain),
                    [&] { return fmt::format("sheet \"{}\", merge", s->name); }));
  s->merges.push_back({first_row, first_col, last_row, last_col});
  // merge_range writes text only; other values go into the first cell after it.
  return impl_->write(*s, first_row, first_col, value);
}

Status XlsxWriter::set_column_widths(const std::vector<double>& widths) {
  Impl::SheetState* s = nullptr;
  LT_TRY(impl_->current(s));
  if (widths.size() > size_t(kMaxCols)) return Error::invalid("more than 16,384 columns");
  for (size_t i = 0; i < widths.size(); ++i) {
    if (!(widths[i] >= 0 && widths[i] <= 255))
      return Error::invalid(fmt::format("column {}: width {} is outside 0..255", i + 1, widths[i]));
    LT_TRY(lxw_status(worksheet_set_column(s->ws, lxw_col_t(i), lxw_col_t(i), widths[i], nullptr),
                      [&] { return fmt::format("column {}", i + 1); }));
  }
  return Status::success();
}

Result<std::string> XlsxWriter::finish() {
  LT_TRY(impl_->usable());
  if (impl_->sheets.empty()) return Error::invalid("a workbook needs at least one sheet");
  impl_->finished = true;
  // The filter covers the final extent, known only now.
  for (auto& s : impl_->sheets)
    if (s.cols > 0) worksheet_autofilter(s.ws, 0, 0, lxw_row_t(s.next_row - 1), lxw_col_t(s.cols - 1));
  lxw_error e = workbook_close(impl_->wb);  // writes the file and frees the workbook
  impl_->wb = nullptr;
  if (e != LXW_NO_ERROR) return Error::internal(fmt::format("writing the workbook: {}", lxw_strerror(e)));
  std::string bytes;
  try {
    std::ifstream in(impl_->path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = std::move(out).str();
  } catch (const std::exception&) {
    bytes.clear();  // reported below
  }
  ::unlink(impl_->path.c_str());
  impl_->path.clear();
  if (bytes.empty()) return Error::internal("reading back the written workbook failed");
  return bytes;
}

}  // namespace lantian::io
