// Fuzz target: reading a campaign plan out of a worksheet (io/plan_sheet.h):
// header detection, the suggested mapping, its check and parse_plan. The
// .xlsx layer has a target of its own (xlsx_fuzzer); here the input is a
// sheet written as text so that mutations reach the plan rules directly:
//
//   one line per row, cells separated by TAB; a cell "=12.5" is a number,
//   "#43131" a date-formatted number (serial), "!#N/A" an error, "?1" a
//   boolean, anything else text ("\n" written as backslash-n);
//   "~merge R1 C1 R2 C2" declares a merged range (0-based, not clipped:
//   parse_plan bounds it itself); "~map KEY COL" overrides the suggested
//   mapping. Directive lines are not rows.
//
// What comes back must hold together: parents precede their children and
// list them, errors name rows and fields of the sheet, dates are YYYY-MM-DD.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "fuzz_check.h"
#include "io/plan_sheet.h"

using namespace lantian;
using namespace lantian::io;

namespace {

constexpr int kMaxRows = 400, kMaxCols = 40;

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    auto p = s.find(sep);
    out.push_back(s.substr(0, p));
    if (p == std::string_view::npos) return out;
    s.remove_prefix(p + 1);
  }
}

double to_number(std::string_view s) {
  std::string t(s.substr(0, 64));
  return std::strtod(t.c_str(), nullptr);
}

int to_int(std::string_view s, int max) {
  std::string t(s.substr(0, 12));
  long v = std::strtol(t.c_str(), nullptr, 10);
  return v < 0 ? 0 : v > max ? max : int(v);
}

Cell make_cell(std::string_view v) {
  Cell c;
  if (v.empty()) return c;
  switch (v[0]) {
    case '=':
      c.type = Cell::Type::number;
      c.number = to_number(v.substr(1));
      return c;
    case '#':
      c.type = Cell::Type::number;
      c.number = to_number(v.substr(1));
      c.is_date = true;
      c.num_fmt_id = 14;
      return c;
    case '!':
      c.type = Cell::Type::error;
      c.text = v.substr(1);
      return c;
    case '?':
      c.type = Cell::Type::boolean;
      c.number = v.size() > 1 && v[1] == '1';
      return c;
  }
  c.type = Cell::Type::string;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '\\' && i + 1 < v.size() && v[i + 1] == 'n') {
      c.text += '\n';
      ++i;
    } else {
      c.text += v[i];
    }
  }
  return c;
}

bool is_date(const std::string& d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (d[i] < '0' || d[i] > '9') return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<Sheet::Entry> cells;
  std::vector<MergedRange> merged;
  std::vector<std::pair<std::string, int>> overrides;
  int row = 0;
  for (auto line : split(text, '\n')) {
    if (!line.empty() && line[0] == '~') {
      auto w = split(line.substr(1), ' ');
      if (w[0] == "merge" && w.size() == 5) {
        MergedRange g{to_int(w[1], kMaxRows), to_int(w[2], kMaxCols), to_int(w[3], kMaxRows),
                      to_int(w[4], kMaxCols)};
        if (g.first_row <= g.last_row && g.first_col <= g.last_col) merged.push_back(g);
      } else if (w[0] == "map" && w.size() == 3) {
        overrides.emplace_back(std::string(w[1]), to_int(w[2], kMaxCols));
      }
      continue;
    }
    if (row >= kMaxRows) break;
    int col = 0;
    for (auto v : split(line, '\t')) {
      if (col >= kMaxCols) break;
      Cell c = make_cell(v);
      if (c.type != Cell::Type::empty) cells.push_back({row, col, std::move(c)});
      ++col;
    }
    ++row;
  }
  Sheet s;
  s.name = "计划";
  s.set_cells(std::move(cells));
  s.merged = std::move(merged);

  plan::Mapping m;
  if (auto h = plan::header_row(s)) {
    FUZZ_CHECK(*h >= 0 && *h < s.rows);
    auto headers = plan::header_texts(s, *h);
    FUZZ_CHECK(int(headers.size()) <= s.cols);
    m = plan::suggest_mapping(headers);
  } else {
    // No header: no cell holds more than blank text.
    for (const auto& e : s.cells())
      FUZZ_CHECK(e.cell.type == Cell::Type::string && trim(e.cell.text).empty());
  }
  for (auto& [k, c] : overrides) m[k] = c;
  (void)plan::check_mapping(m, s.cols);

  auto p = plan::parse_plan(s, m);
  if (!p.ok()) {
    FUZZ_CHECK(!p.error().code.empty() || !p.error().fields.empty());
    return 0;
  }
  for (size_t i = 0; i < p->rows.size(); ++i) {
    const auto& r = p->rows[i];
    FUZZ_CHECK(r.row > p->header_row && r.row < s.rows);
    if (r.parent) {
      FUZZ_CHECK(*r.parent < i);
      const auto& kids = p->rows[*r.parent].children;
      FUZZ_CHECK(std::find(kids.begin(), kids.end(), i) != kids.end());
    }
    for (size_t k : r.children) FUZZ_CHECK(k > i && k < p->rows.size() && p->rows[k].parent == i);
    if (!r.deadline.empty()) FUZZ_CHECK(is_date(r.deadline));
    if (!r.start_date.empty()) FUZZ_CHECK(is_date(r.start_date));
    if (r.target_value) FUZZ_CHECK(*r.target_value >= 0);
  }
  for (const auto& e : p->errors) {
    FUZZ_CHECK(e.row > p->header_row && e.row < s.rows);
    FUZZ_CHECK(e.col >= -1 && e.col < s.cols);
    FUZZ_CHECK(!e.code.empty() && !e.field.empty());
  }
  return 0;
}
