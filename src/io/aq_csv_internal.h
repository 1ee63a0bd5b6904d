// Internal to the hourly air-quality CSV readers (io/aq_csv.h): the parts
// the format files share. Include it only from aq_csv.cpp (detection, the
// streaming driver of the one-row-per-station-hour formats, the duplicate
// check, number parsing), aq_csv_cnemc.cpp, aq_csv_quotsoft.cpp and
// aq_csv_canonical.cpp; nothing here is a contract for other code.
//
// The cell readers called once per value (trim, plain_concentration,
// plain_aqi, published_aqi) are inline here, as they were when the readers
// were one file: the reader is tuned (≥100 MB/s), and an out-of-line call a
// field would cost more than the reading.
//
// Errors: invalid, "line N: …" (at()), also "column NAME: …" where one cell
// is at fault; the public header lists them. Thread-safety: pure functions;
// a StationFormat or StationRows is read-only once made.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "aq/decimal.h"
#include "io/aq_csv.h"
#include "io/csv_reader.h"

namespace lantian::io::aq_csv_detail {

inline std::string_view trim(std::string_view s) {
  // Nearly every cell has nothing to trim: two compares, no loop.
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  if (s.empty() || (!space(s.front()) && !space(s.back()))) return s;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// invalid, "line N: what" (and "column C: " before what).
Error at(int line, const std::string& what);
Error at(int line, std::string_view column, const std::string& what);

static_assert(aq::kMilliMax >= 99'999'999,
              "concentration reads five digits and three decimals without a range check");

// The common concentration cells, empty or up to five digits and three
// decimals (at most 99999.999 = kMilliMax, never too large), read without a
// Result (an Error built and destroyed per value): true and *v set, or false
// for concentration() below to accept or refuse.
inline bool plain_concentration(std::string_view cell, aq::Milli* v) {
  cell = trim(cell);
  if (cell.empty()) {
    *v = aq::kNa;
    return true;
  }
  const char* p = cell.data();
  const char* end = p + cell.size();
  int32_t units = 0, frac = 0;
  int int_digits = 0, frac_digits = 0;
  for (; p < end && *p >= '0' && *p <= '9' && int_digits < 5; ++p, ++int_digits)
    units = units * 10 + (*p - '0');
  if (p < end && *p == '.')
    for (++p; p < end && *p >= '0' && *p <= '9' && frac_digits < 3; ++p, ++frac_digits)
      frac = frac * 10 + (*p - '0');
  if (p != end || int_digits + frac_digits == 0) return false;
  for (int d = frac_digits; d < 3; ++d) frac *= 10;
  *v = units * aq::kMilliPerUnit + frac;
  return true;
}

// A concentration cell; empty = kNa. Errors: at(line, column, …) for a value
// that is not a concentration.
Result<aq::Milli> concentration(std::string_view cell, int line, std::string_view column);

// A published AQI cell: empty or an integer 0–500.
inline Result<aq::Index> published_aqi(std::string_view cell, int line, std::string_view column) {
  cell = trim(cell);
  if (cell.empty()) return aq::kIndexNa;
  int v = 0;
  for (char c : cell) {
    if (c < '0' || c > '9' || v > aq::kIndexMax)
      return at(line, column, "\"" + std::string(cell) + "\" is not an AQI (an integer 0–500)");
    v = v * 10 + (c - '0');
  }
  if (v > aq::kIndexMax) return at(line, column, "\"" + std::string(cell) + "\" is not an AQI (0–500)");
  return static_cast<aq::Index>(v);
}

// published_aqi's common case, empty or up to three digits within 0–500,
// without a Result: true and *v set, or false for published_aqi to judge.
inline bool plain_aqi(std::string_view cell, aq::Index* v) {
  cell = trim(cell);
  if (cell.empty()) {
    *v = aq::kIndexNa;
    return true;
  }
  if (cell.size() > 3) return false;
  int n = 0;
  for (char c : cell) {
    if (c < '0' || c > '9') return false;
    n = n * 10 + (c - '0');
  }
  if (n > aq::kIndexMax) return false;
  *v = static_cast<aq::Index>(n);
  return true;
}

// Column positions by header name.
class Header {
 public:
  explicit Header(const std::vector<std::string_view>& cells) : width_(cells.size()) {
    for (size_t i = 0; i < cells.size(); ++i) pos_.emplace(std::string(trim(cells[i])), int(i));
  }
  bool has(std::string_view n) const { return pos_.count(std::string(n)) > 0; }
  size_t width() const { return width_; }
  // The position of each name, or an error naming the first missing one.
  Result<std::vector<int>> require(std::initializer_list<std::string_view> names) const {
    std::vector<int> out;
    for (auto n : names) {
      auto it = pos_.find(std::string(n));
      if (it == pos_.end()) return at(1, "the header has no column \"" + std::string(n) + "\"");
      out.push_back(it->second);
    }
    return out;
  }

 private:
  std::map<std::string, int> pos_;
  size_t width_;
};

inline Status check_width(int line, size_t cells, size_t width) {
  if (cells != width)
    return at(line, "has " + std::to_string(cells) + " cells, the header has " + std::to_string(width));
  return {};
}

// "20180101" + "0".."23" → the end of that hour (aq_csv_quotsoft.cpp).
Result<std::chrono::sys_seconds> quotsoft_time(std::string_view date, std::string_view hour, int line);

// Columns of the one-row-per-station-hour formats, in this order:
// so2 no2 co o3 pm10 pm25 (1-hour), then the published day values in the
// same pollutant order (O3: the day's maximum 8-hour mean), then aqi.
// Without aqi (canonical) there are no day values either.
struct RowLayout {
  std::array<std::string_view, 6> hour;
  std::array<std::string_view, 6> day;
  std::string_view aqi;
};

// A one-row-per-station-hour format (CNEMC, quotsoft long, canonical): its
// columns by name, each format's file holding its own.
struct StationFormat {
  AqCsvFormat format;
  RowLayout layout;
  std::string_view station;
  std::string_view time;          // the end of the hour, or (with hour) the quotsoft date
  std::string_view hour = {};     // quotsoft_long's hour; "": time is the end of the hour
  std::string_view primary = {};  // CNEMC's primarypollutant; "": none
};

// Where a file's header has its format's columns.
struct StationRows {
  const StationFormat* format = nullptr;
  size_t width = 0;  // the header's cells: every row has as many
  int station = -1;
  int time = -1;
  int hour = -1;            // -1: none
  int primary = -1;         // -1: none
  std::vector<int> values;  // the layout's columns in its order
};

// The format's columns in the header. Errors: at(1, …) naming the first
// missing one, looked for in the order station, time, hour, primary, then
// the layout's.
Result<StationRows> find_columns(const Header& header, const StationFormat& format);

// The streaming driver (aq_csv.cpp): the rows after the header, one at a
// time from `split` (its cells are views, valid until the next record),
// with the width, value and duplicate checks. expected_rows sizes the
// output and the duplicate table.
Result<AqHours> read_station_rows(CsvSplitter& split, const StationRows& rows, size_t expected_rows);

// The format readers, `split` on the header (its cells are the header's).
Result<AqHours> read_cnemc(CsvSplitter& split, size_t expected_rows);          // aq_csv_cnemc.cpp
Result<AqHours> read_quotsoft_long(CsvSplitter& split, size_t expected_rows);  // aq_csv_quotsoft.cpp
Result<AqHours> read_quotsoft_wide(CsvSplitter& split);                        // aq_csv_quotsoft.cpp
Result<AqHours> read_canonical(CsvSplitter& split, size_t expected_rows);      // aq_csv_canonical.cpp

}  // namespace lantian::io::aq_csv_detail
