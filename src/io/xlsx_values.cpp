// Cell values without the zip and XML: text rendering, number formats, the
// Excel date systems and A1 references.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "io/xlsx_reader.h"

namespace lantian::io {

namespace {

using namespace std::chrono;

// Excel's built-in number formats (ECMA-376 18.8.30). Ids 27-36 and 50-58
// depend on the locale; these are the zh-CN ones, which is what files from
// Chinese Excel and WPS rely on without declaring them in numFmts.
const std::map<int, std::string>& builtin_formats() {
  static const std::map<int, std::string> formats = {
      {0, "General"},
      {1, "0"},
      {2, "0.00"},
      {3, "#,##0"},
      {4, "#,##0.00"},
      {9, "0%"},
      {10, "0.00%"},
      {11, "0.00E+00"},
      {12, "# ?/?"},
      {13,
       "# ?"
       "?/??"},  // split: "??/" is a trigraph
      {14, "mm-dd-yy"},
      {15, "d-mmm-yy"},
      {16, "d-mmm"},
      {17, "mmm-yy"},
      {18, "h:mm AM/PM"},
      {19, "h:mm:ss AM/PM"},
      {20, "h:mm"},
      {21, "h:mm:ss"},
      {22, "m/d/yy h:mm"},
      {27, "yyyy\"年\"m\"月\""},
      {28, "m\"月\"d\"日\""},
      {29, "m\"月\"d\"日\""},
      {30, "m-d-yy"},
      {31, "yyyy\"年\"m\"月\"d\"日\""},
      {32, "h\"时\"mm\"分\""},
      {33, "h\"时\"mm\"分\"ss\"秒\""},
      {34, "上午/下午h\"时\"mm\"分\""},
      {35, "上午/下午h\"时\"mm\"分\"ss\"秒\""},
      {36, "yyyy\"年\"m\"月\""},
      {37, "#,##0 ;(#,##0)"},
      {38, "#,##0 ;[Red](#,##0)"},
      {39, "#,##0.00;(#,##0.00)"},
      {40, "#,##0.00;[Red](#,##0.00)"},
      {45, "mm:ss"},
      {46, "[h]:mm:ss"},
      {47, "mmss.0"},
      {48, "##0.0E+0"},
      {49, "@"},
      {50, "yyyy\"年\"m\"月\""},
      {51, "m\"月\"d\"日\""},
      {52, "yyyy\"年\"m\"月\""},
      {53, "m\"月\"d\"日\""},
      {54, "m\"月\"d\"日\""},
      {55, "上午/下午h\"时\"mm\"分\""},
      {56, "上午/下午h\"时\"mm\"分\"ss\"秒\""},
      {57, "yyyy\"年\"m\"月\""},
      {58, "m\"月\"d\"日\""},
  };
  return formats;
}

bool builtin_date_id(int id) {
  return (id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) ||
         id == 57 || id == 58;
}

constexpr sys_days kMaxDate = sys_days(year(9999) / 12 / 31);

}  // namespace

std::string Cell::as_text() const {
  switch (type) {
    case Type::empty:
      return "";
    case Type::boolean:
      return number != 0 ? "TRUE" : "FALSE";
    case Type::string:
    case Type::formula_string:
    case Type::error:
      return text;
    case Type::number:
      break;
  }
  if (is_date)
    if (auto d = excel_serial_to_date(number, date1904)) return *d;
  // Integers print without ".0" while they are exact in a double.
  if (std::trunc(number) == number && std::fabs(number) < 9007199254740992.0)
    return fmt::format("{}", static_cast<int64_t>(number));
  return fmt::format("{}", number);  // shortest round-trip form
}

namespace {
bool before(const Sheet::Entry& e, std::pair<int, int> rc) { return std::pair(e.row, e.col) < rc; }
}  // namespace

const Cell& Sheet::cell(int row, int col) const {
  static const Cell empty;
  auto it = std::lower_bound(cells_.begin(), cells_.end(), std::pair(row, col), before);
  return it != cells_.end() && it->row == row && it->col == col ? it->cell : empty;
}

void Sheet::set_cells(std::vector<Entry> cells) {
  auto less = [](const Entry& a, const Entry& b) {
    return std::pair(a.row, a.col) < std::pair(b.row, b.col);
  };
  // Writers emit cells in order; sorting is for the odd file that does not
  // (stable, so that of two cells at one place the later one wins below).
  if (!std::is_sorted(cells.begin(), cells.end(), less)) std::stable_sort(cells.begin(), cells.end(), less);
  // Compact in place: no second copy of a large sheet.
  size_t out = 0;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (cells[i].cell.type == Cell::Type::empty) continue;
    if (out > 0 && cells[out - 1].row == cells[i].row && cells[out - 1].col == cells[i].col)
      cells[out - 1] = std::move(cells[i]);
    else if (out++ != i)
      cells[out - 1] = std::move(cells[i]);
  }
  cells.resize(out);
  cells_ = std::move(cells);
  rows = cells_.empty() ? 0 : cells_.back().row + 1;
  cols = 0;
  for (const auto& e : cells_) cols = std::max(cols, e.col + 1);
}

std::string Sheet::number_format(int num_fmt_id) const {
  if (auto it = custom_formats.find(num_fmt_id); it != custom_formats.end()) return it->second;
  const auto& b = builtin_formats();
  if (auto it = b.find(num_fmt_id); it != b.end()) return it->second;
  return "General";
}

bool is_date_format(int num_fmt_id, std::string_view code) {
  if (builtin_date_id(num_fmt_id)) return true;
  if (code.empty()) {
    const auto& b = builtin_formats();
    auto it = b.find(num_fmt_id);
    if (it == b.end()) return false;
    code = it->second;
  }
  bool y = false, d = false, m = false, h = false, s = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char ch = code[i];
    if (ch == ';') break;  // only the positive-number section decides
    if (ch == '"') {       // literal text: 年, 月 ...
      auto end = code.find('"', i + 1);
      if (end == std::string_view::npos) break;
      i = end;
    } else if (ch == '\\' || ch == '_' || ch == '*') {
      ++i;  // escaped, padding or fill character
    } else if (ch == '[') {
      auto end = code.find(']', i + 1);
      if (end == std::string_view::npos) break;
      auto inner = code.substr(i + 1, end - i - 1);
      // [h]:mm, [mm]:ss elapsed time make a duration; [Red], [Magenta],
      // [$-804], [DBNum1] say nothing about dates.
      bool elapsed = !inner.empty() && inner.find_first_not_of(inner[0]) == std::string_view::npos &&
                     std::string_view("hHmMsS").find(inner[0]) != std::string_view::npos;
      if (elapsed) h = true;
      i = end;
    } else {
      switch (ch | 0x20) {  // ASCII lower case
        case 'y':
          y = true;
          break;
        case 'd':
          d = true;
          break;
        case 'm':
          m = true;
          break;
        case 'h':
          h = true;
          break;
        case 's':
          s = true;
          break;
      }
    }
  }
  return y || d || (m && !h && !s);
}

std::optional<std::string> excel_serial_to_date(double serial, bool date1904) {
  if (!std::isfinite(serial) || serial < 0 || serial > 3e6) return std::nullopt;
  // Half a millisecond of slack: a time of day is a binary fraction, and one
  // that displays as the next midnight must give the next day.
  auto n = static_cast<int64_t>(std::floor(serial + 0.5 / 86400000.0));
  sys_days d;
  if (date1904) {
    d = sys_days(year(1904) / 1 / 1) + days(n);
  } else {
    // Excel counts 1900 as a leap year (Lotus 1-2-3's bug): serial 60 is
    // 1900-02-29, which never existed, and every later serial is one too high.
    if (n < 1 || n == 60) return std::nullopt;
    d = n < 60 ? sys_days(year(1899) / 12 / 31) + days(n) : sys_days(year(1899) / 12 / 30) + days(n);
  }
  if (d > kMaxDate) return std::nullopt;
  year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

std::optional<int> column_from_letters(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  int col = 0;
  for (char ch : letters) {
    char u = ch >= 'a' && ch <= 'z' ? ch - 32 : ch;
    if (u < 'A' || u > 'Z') return std::nullopt;
    col = col * 26 + (u - 'A' + 1);
  }
  if (col > 16384) return std::nullopt;  // XFD
  return col - 1;
}

std::optional<std::pair<int, int>> parse_cell_ref(std::string_view ref) {
  size_t i = 0;
  while (i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'))) ++i;
  auto col = column_from_letters(ref.substr(0, i));
  auto digits = ref.substr(i);
  if (!col || digits.empty() || digits.size() > 7 || digits[0] == '0') return std::nullopt;
  int row = 0;
  for (char ch : digits) {
    if (ch < '0' || ch > '9') return std::nullopt;
    row = row * 10 + (ch - '0');
  }
  if (row > 1048576) return std::nullopt;
  return std::pair{row - 1, *col};
}

std::string column_letters(int col) {
  std::string s;
  for (int n = col + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), char('A' + (n - 1) % 26));
  return s;
}

}  // namespace lantian::io
