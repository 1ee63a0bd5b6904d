// SheetTable: an uploaded .xlsx or CSV file's rows (app/sheet_table.h).
#include "app/sheet_table.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace lantian::app {
namespace {

SheetCell sheet_cell(io::Cell& x) {
  SheetCell c;
  c.text = x.as_text();
  c.is_date = x.is_date;
  switch (x.type) {
    case io::Cell::Type::number:
      c.raw = x.number;
      break;
    case io::Cell::Type::boolean:
      c.raw = x.number != 0;
      break;
    case io::Cell::Type::empty:
      c.raw = nullptr;
      break;
    default:  // strings, cached formula results, errors ("#N/A" is refused by its field)
      c.raw = std::move(x.text);
  }
  return c;
}

}  // namespace

Result<SheetTable> SheetTable::read(const std::string& bytes, char delimiter, size_t max_rows) {
  SheetTable t;
  if (bytes.rfind("PK\x03\x04", 0) == 0) {
    io::XlsxLimits limits;
    limits.max_rows = max_rows;
    LT_ASSIGN(auto sheet, io::read_sheet(bytes, 0, limits));
    t.format = "xlsx";
    if (sheet.rows == 0) return Error::field("file", issue("file_empty"));
    t.rows_ = sheet.rows, t.cols_ = sheet.cols;
    t.merges_ = std::move(sheet.merged);
    std::stable_sort(
        t.merges_.begin(), t.merges_.end(),
        [](const io::MergedRange& a, const io::MergedRange& b) { return a.first_row < b.first_row; });
    t.cells_ = sheet.take_cells();
    return t;
  }
  auto csv = io::read_csv(bytes, max_rows, delimiter);
  if (!csv.ok()) return Error::field("file", issue("file_unreadable", {{"reason", csv.error().message}}));
  t.format = "csv (" + csv->encoding + ")";
  if (csv->rows.empty()) return Error::field("file", issue("file_empty"));
  t.csv_ = std::move(*csv);
  return t;
}

bool SheetTable::next(std::vector<SheetCell>& cells, int& number) {
  if (csv_) {
    if (csv_at_ >= csv_->rows.size()) return false;
    io::CsvRow& r = csv_->rows[csv_at_++];
    cells.clear();
    for (auto& s : r.cells) cells.push_back(SheetCell{s, std::move(s), false});
    number = r.line;
    return true;
  }
  if (row_ >= rows_) return false;
  number = row_ + 1;
  sheet_row(cells);
  return true;
}

// Sheet row row_ into cells, a merged range's first value filling the rest
// of its range (as in Excel); then on to the next row.
void SheetTable::sheet_row(std::vector<SheetCell>& cells) {
  cells.assign(size_t(cols_), SheetCell{});
  for (; at_ < cells_.size() && cells_[at_].row == row_; ++at_)
    cells[size_t(cells_[at_].col)] = sheet_cell(cells_[at_].cell);
  std::erase_if(active_, [&](const Active& a) { return a.range.last_row < row_; });
  for (; next_merge_ < merges_.size() && merges_[next_merge_].first_row == row_; ++next_merge_)
    active_.push_back({merges_[next_merge_], cells[size_t(merges_[next_merge_].first_col)]});
  for (const auto& a : active_)
    for (int col = a.range.first_col; col <= a.range.last_col; ++col)
      if (row_ != a.range.first_row || col != a.range.first_col) cells[size_t(col)] = a.first;
  ++row_;
}

bool blank_row(const std::vector<SheetCell>& row) {
  return std::all_of(row.begin(), row.end(), [](const SheetCell& c) { return trim(c.text).empty(); });
}

std::string sheet_key(std::string_view text) {
  std::string s = halfwidth_ascii(text);
  static const std::string_view kDrop[] = {"\u3000", "\u201c", "\u201d", "\u2018",
                                           "\u2019", "\u300c", "\u300d", "\u3001\u3001"};
  for (auto d : kDrop)
    for (size_t at; (at = s.find(d)) != std::string::npos;) s.erase(at, d.size());
  std::string out;
  for (char ch : s) {
    if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t' || ch == '"' || ch == '\'') continue;
    out += (ch >= 'A' && ch <= 'Z') ? char(ch - 'A' + 'a') : ch;
  }
  while (!out.empty() && out[0] == '*') out.erase(0, 1);
  return out;
}

std::string without_note(std::string key) {
  if (!key.empty() && key.back() == ')') {
    auto open = key.rfind('(');
    if (open != std::string::npos && open > 0) key.erase(open);
  }
  return key;
}

std::optional<double> sheet_number(const SheetCell& c) {
  if (auto n = std::get_if<double>(&c.raw))
    return std::isfinite(*n) ? std::optional<double>(*n) : std::nullopt;
  std::string s = halfwidth_ascii(trim(c.text));
  if (s.empty()) return std::nullopt;
  try {
    size_t used = 0;
    double v = std::stod(s, &used);
    if (used != s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace lantian::app
