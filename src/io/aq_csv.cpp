#include "io/aq_csv.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <unordered_map>

#include "aq/decimal.h"
#include "core/calendar.h"
#include "io/csv_reader.h"

namespace lantian::io {
namespace {

using aq::Milli;
using aq::Pollutant;
using std::chrono::hours;
using std::chrono::sys_seconds;

inline std::string_view trim(std::string_view s) {
  // Nearly every cell has nothing to trim: two compares, no loop.
  auto space = [](char c) { return c == ' ' || c == '\t'; };
  if (s.empty() || (!space(s.front()) && !space(s.back()))) return s;
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Error at(int line, const std::string& what) {
  return Error::invalid("line " + std::to_string(line) + ": " + what);
}
Error at(int line, std::string_view column, const std::string& what) {
  return at(line, "column " + std::string(column) + ": " + what);
}

static_assert(aq::kMilliMax >= 99'999'999,
              "concentration reads five digits and three decimals without a range check");

// The common concentration cells, empty or up to five digits and three
// decimals (at most 99999.999 = kMilliMax, never too large), read without a
// Result (an Error built and destroyed per value): true and *v set, or false
// for concentration() below to accept or refuse.
bool plain_concentration(std::string_view cell, Milli* v) {
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

// A concentration cell; empty = kNa.
Result<Milli> concentration(std::string_view cell, int line, std::string_view column) {
  if (Milli v; plain_concentration(cell, &v)) return v;
  auto v = aq::parse_milli(trim(cell));
  if (!v.ok()) return at(line, column, v.error().message);
  return *v;
}

// A published AQI cell: empty or an integer 0–500.
Result<aq::Index> published_aqi(std::string_view cell, int line, std::string_view column) {
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
bool plain_aqi(std::string_view cell, aq::Index* v) {
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

Status check_width(int line, size_t cells, size_t width) {
  if (cells != width)
    return at(line, "has " + std::to_string(cells) + " cells, the header has " + std::to_string(width));
  return {};
}

// Station codes as small integers, so that the duplicate check keys on
// integers rather than on strings built per row.
class Stations {
 public:
  uint32_t of(std::string_view code) {
    // Files list their stations in one order hour after hour, or one
    // station's hours together: the last station or the one after it, tried
    // first, spare hashing the code.
    if (last_ < names_.size() && names_[last_] == code) return last_;
    if (last_ + 1 < names_.size() && names_[last_ + 1] == code) return ++last_;
    auto it = index_.find(code);
    if (it != index_.end()) return last_ = it->second;
    last_ = uint32_t(names_.size());
    names_.emplace_back(code);
    index_.emplace(std::string(code), last_);
    return last_;
  }

 private:
  std::vector<std::string> names_;  // by index
  uint32_t last_ = 0;
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
};

// The same station-hour twice is an error naming both lines. Files list each
// station's hours in order (CNEMC's are hour-major, exports station-major),
// so a station's next hour is nearly always later than all its earlier ones
// and cannot repeat one: while that holds, the latest hour per station is
// all there is to keep. The first hour that is not later switches to a table
// of every (station, hour) so far, built from the hours already read.
class Seen {
 public:
  // expected_rows: about how many hours there will be (sizes the table).
  explicit Seen(size_t expected_rows) : expected_(expected_rows) {}

  // all: the hours so far in order, h (of station `station`) the last.
  // 0, or the line of the same station-hour before (an int, not a Status:
  // this runs once a row).
  int add(uint32_t station, const AqHour& h, const std::vector<AqHour>& all) {
    const int64_t t = h.time.time_since_epoch().count();
    if (station == latest_.size()) latest_.push_back(std::numeric_limits<int64_t>::min());
    station_of_.push_back(station);
    if (slots_.empty()) {
      if (t > latest_[station]) {
        latest_[station] = t;
        return 0;
      }
      for (size_t i = 0; i + 1 < all.size(); ++i)
        insert(station_of_[i], all[i].time.time_since_epoch().count(), all[i].line);
    }
    return insert(station, t, h.line);
  }

 private:
  struct Slot {
    int64_t time;
    uint32_t station;
    int line;  // 0 = empty
  };
  // Open addressing, linear probing: the line of an earlier (station, time),
  // or 0 having added this one.
  int insert(uint32_t station, int64_t time, int line) {
    if ((used_ + 1) * 2 > slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    uint64_t x = uint64_t(time) * 0x9E3779B97F4A7C15ull ^ uint64_t(station) * 0xC2B2AE3D27D4EB4Full;
    for (size_t i = (x ^ (x >> 29)) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.line == 0) {
        s = {time, station, line};
        ++used_;
        return 0;
      }
      if (s.time == time && s.station == station) return s.line;
    }
  }
  void grow() {
    std::vector<Slot> old = std::move(slots_);
    // At first as large as the expected hours need, not grown step by step.
    const size_t size = old.empty() ? std::bit_ceil(std::max<size_t>(1024, expected_ * 2)) : old.size() * 2;
    slots_.assign(size, Slot{0, 0, 0});
    used_ = 0;
    for (const Slot& s : old)
      if (s.line) insert(s.station, s.time, s.line);
  }

  std::vector<int64_t> latest_;       // by station, while every hour was later
  std::vector<uint32_t> station_of_;  // by hour added
  std::vector<Slot> slots_;           // empty until an hour came out of order
  size_t used_ = 0;
  size_t expected_;
};

// Hour-major files repeat one time cell for every station: parsed once.
class HourEnds {
 public:
  std::optional<sys_seconds> parse(std::string_view text) {
    if (text != last_text_) {
      auto t = parse_hour_end(text);
      if (!t) return t;
      last_text_.assign(text);
      last_ = *t;
    }
    return last_;
  }

 private:
  std::string last_text_ = "-";  // never a time
  sys_seconds last_{};
};

// "20180101" + "0".."23" → the end of that hour.
Result<sys_seconds> quotsoft_time(std::string_view date, std::string_view hour, int line) {
  date = trim(date);
  hour = trim(hour);
  std::optional<Date> d;
  if (date.size() == 8)
    d = parse_date(std::string(date.substr(0, 4)) + "-" + std::string(date.substr(4, 2)) + "-" +
                   std::string(date.substr(6, 2)));
  if (!d) return at(line, "column date: \"" + std::string(date) + "\" is not a date (YYYYMMDD)");
  int h = -1;
  if (hour.size() == 1 || hour.size() == 2) {
    h = 0;
    for (char c : hour) h = (c >= '0' && c <= '9' && h >= 0) ? h * 10 + (c - '0') : -1;
  }
  if (h < 0 || h > 23) return at(line, "column hour: \"" + std::string(hour) + "\" is not an hour (0–23)");
  return sys_seconds(*d) + hours(h);
}

// Columns of the one-row-per-station-hour formats, in this order:
// so2 no2 co o3 pm10 pm25 (1-hour), then the published day values in the
// same pollutant order (O3: the day's maximum 8-hour mean), then aqi.
struct RowLayout {
  std::array<std::string_view, 6> hour;
  std::array<std::string_view, 6> day;
  std::string_view aqi;
};

// CNEMC mirror: o3_24h is the 1-hour O3 and o3_8h the day's maximum 8-hour
// mean (the documented swap, confirmed by the published AQI).
constexpr RowLayout kCnemc = {{"so2", "no2", "co", "o3_24h", "pm10", "pm2_5"},
                              {"so2_24h", "no2_24h", "co_24h", "o3_8h", "pm10_24h", "pm2_5_24h"},
                              "aqi"};
constexpr RowLayout kQuotsoftLong = {{"so2", "no2", "co", "o3", "pm10", "pm2_5"},
                                     {"so2_24h", "no2_24h", "co_24h", "o3_8h_24h", "pm10_24h", "pm2_5_24h"},
                                     "aqi"};
constexpr RowLayout kCanonical = {{"so2", "no2", "co", "o3", "pm10", "pm25"}, {}, {}};

// The values of a row into h: true, or false for read_values below to name
// the cell at fault (the common case without a Status per row).
bool read_plain_values(const std::vector<std::string_view>& cells, const RowLayout& layout,
                       const std::vector<int>& pos, AqHour& h) {
  for (int p = 0; p < 6; ++p)
    if (!plain_concentration(cells[pos[p]], &h.input.c[p])) return false;
  if (layout.aqi.empty()) return true;
  for (int p = 0; p < 6; ++p)
    if (!plain_concentration(cells[pos[6 + p]], &h.published.day[p])) return false;
  h.input.so2_24h = aq::Mean::of(h.published.day[aq::index(Pollutant::so2)]);
  return plain_aqi(cells[pos[12]], &h.published.aqi);
}

Status read_values(const std::vector<std::string_view>& cells, int line, const RowLayout& layout,
                   const std::vector<int>& pos, AqHour& h) {
  for (int p = 0; p < 6; ++p) {
    LT_ASSIGN(h.input.c[p], concentration(cells[pos[p]], line, layout.hour[p]));
  }
  if (layout.aqi.empty()) return {};
  for (int p = 0; p < 6; ++p) {
    LT_ASSIGN(h.published.day[p], concentration(cells[pos[6 + p]], line, layout.day[p]));
  }
  h.input.so2_24h = aq::Mean::of(h.published.day[aq::index(Pollutant::so2)]);
  LT_ASSIGN(h.published.aqi, published_aqi(cells[pos[12]], line, layout.aqi));
  return {};
}

Result<std::vector<int>> layout_columns(const Header& header, const RowLayout& l,
                                        std::initializer_list<std::string_view> first) {
  std::vector<std::string_view> names(first);
  names.insert(names.end(), l.hour.begin(), l.hour.end());
  if (!l.aqi.empty()) {
    names.insert(names.end(), l.day.begin(), l.day.end());
    names.push_back(l.aqi);
  }
  std::vector<int> out;
  for (auto n : names) {
    LT_ASSIGN(auto p, header.require({n}));
    out.push_back(p[0]);
  }
  return out;
}

// The rows after the header, one at a time from `split` (its cells are
// views, valid until the next record).
Result<AqHours> read_rows(CsvSplitter& split, AqCsvFormat format, size_t expected_rows) {
  AqHours out;
  out.format = format;
  Header header(split.cells());
  const RowLayout& layout = format == AqCsvFormat::cnemc           ? kCnemc
                            : format == AqCsvFormat::quotsoft_long ? kQuotsoftLong
                                                                   : kCanonical;
  std::vector<int> pos;
  if (format == AqCsvFormat::cnemc) {
    LT_ASSIGN(pos, layout_columns(header, layout, {"stationcode", "timepoint", "primarypollutant"}));
  } else if (format == AqCsvFormat::quotsoft_long) {
    LT_ASSIGN(pos, layout_columns(header, layout, {"stationcode", "date", "hour"}));
  } else {
    LT_ASSIGN(pos, layout_columns(header, layout, {"station", "time"}));
    if (header.width() != 8)
      return at(1, "the canonical header is station,time,so2,no2,co,o3,pm10,pm25 and nothing else");
  }
  const size_t first = format == AqCsvFormat::canonical ? 2 : 3;  // columns before the values
  const std::vector<int> values(pos.begin() + first, pos.end());
  Stations stations;
  Seen seen(expected_rows);
  HourEnds hour_ends;
  out.hours.reserve(expected_rows);
  for (;;) {
    LT_ASSIGN(bool more, split.next());
    if (!more) break;
    const auto& cells = split.cells();
    const int line = split.line();
    if (cells.size() != header.width()) return check_width(line, cells.size(), header.width()).take_error();
    AqHour& h = out.hours.emplace_back();
    h.line = line;
    const std::string_view station = trim(cells[pos[0]]);
    if (station.empty()) return at(line, "no station code");
    h.station.assign(station);
    if (format == AqCsvFormat::quotsoft_long) {
      LT_ASSIGN(h.time, quotsoft_time(cells[pos[1]], cells[pos[2]], line));
    } else {
      auto time = hour_ends.parse(trim(cells[pos[1]]));
      if (!time)
        return at(line, std::string(format == AqCsvFormat::cnemc ? "column timepoint" : "column time") +
                            ": \"" + std::string(cells[pos[1]]) +
                            "\" is not the end of an hour (YYYY-MM-DDTHH:00:00)");
      h.time = *time;
    }
    if (!read_plain_values(cells, layout, values, h)) {
      LT_TRY(read_values(cells, line, layout, values, h));
    }
    if (format == AqCsvFormat::cnemc) {
      auto primary = parse_primary_pollutants(cells[pos[2]]);
      if (!primary.ok()) return at(line, "primarypollutant", primary.error().message);
      h.published.primary = *primary;
    }
    // h is in place at the back already (no move per row); the check sees
    // the hours before it.
    if (int first = seen.add(stations.of(station), h, out.hours))
      return at(line, "station " + h.station + " at " + format_hour_end(h.time) + " again (first on line " +
                          std::to_string(first) + ")");
  }
  return out;
}

// quotsoft's types, and what each feeds.
struct QuotsoftType {
  std::string_view name;
  int hour = -1;  // the pollutant of a 1-hour type
  int day = -1;   // the pollutant of a published day value
  bool aqi = false;
};
constexpr std::array<QuotsoftType, 15> kQuotsoftTypes = {{
    {"AQI", -1, -1, true},
    {"PM2.5", 5},
    {"PM2.5_24h", -1, 5},
    {"PM10", 4},
    {"PM10_24h", -1, 4},
    {"SO2", 0},
    {"SO2_24h", -1, 0},
    {"NO2", 1},
    {"NO2_24h", -1, 1},
    {"O3", 3},
    {"O3_24h"},  // the 24-hour maximum 1-hour O3: not used
    {"O3_8h"},   // the latest 8-hour mean: not used
    {"O3_8h_24h", -1, 3},
    {"CO", 2},
    {"CO_24h", -1, 2},
}};

// The rows after the header from `split`. An hour's values are spread over
// a row per type, anywhere in the file, and every row is checked before any
// value is read: the first pass keeps where each row is in the text, the
// second splits an hour's rows again to read them.
Result<AqHours> read_quotsoft_wide(CsvSplitter& split) {
  AqHours out;
  out.format = AqCsvFormat::quotsoft_wide;
  const size_t width = split.cells().size();
  std::vector<std::string> stations;
  {
    std::map<std::string, size_t> col;
    for (size_t i = 3; i < width; ++i) {
      std::string code(trim(split.cells()[i]));
      if (code.empty()) return at(1, "column " + std::to_string(i + 1) + " has no station code");
      if (!col.emplace(code, i).second) return at(1, "station " + code + " is in two columns");
      stations.push_back(code);
    }
  }
  struct Row {
    int line;
    std::string_view text;  // the record, to split again
  };
  std::vector<Row> rows;
  // The rows of each hour by type (indices into rows, -1 = none), in the
  // order the hours first appear.
  struct HourRows {
    sys_seconds time;
    std::array<int, kQuotsoftTypes.size()> rows;
  };
  std::vector<HourRows> order;
  std::map<sys_seconds, size_t> index;
  for (;;) {
    LT_ASSIGN(bool more, split.next());
    if (!more) break;
    const auto& cells = split.cells();
    const int line = split.line();
    LT_TRY(check_width(line, cells.size(), width));
    LT_ASSIGN(auto time, quotsoft_time(cells[0], cells[1], line));
    std::string_view type = trim(cells[2]);
    size_t k = 0;
    while (k < kQuotsoftTypes.size() && kQuotsoftTypes[k].name != type) ++k;
    if (k == kQuotsoftTypes.size())
      return at(line, "column type: unknown type \"" + std::string(type) + "\"");
    auto [it, fresh] = index.emplace(time, order.size());
    if (fresh) {
      order.push_back({time, {}});
      order.back().rows.fill(-1);
    }
    int& slot = order[it->second].rows[k];
    if (slot >= 0)
      return at(line, "type " + std::string(type) + " at " + format_hour_end(time) +
                          " again (first on line " + std::to_string(rows[slot].line) + ")");
    slot = int(rows.size());
    rows.push_back({line, split.record()});
  }
  out.hours.reserve(order.size() * stations.size());  // a row per type: the line count is no bound
  std::array<std::optional<CsvSplitter>, kQuotsoftTypes.size()> splits;
  for (const HourRows& hr : order) {
    int line = 0;
    for (size_t k = 0; k < kQuotsoftTypes.size(); ++k) {
      splits[k].reset();
      if (hr.rows[k] < 0) continue;
      const Row& row = rows[hr.rows[k]];
      if (line == 0 || row.line < line) line = row.line;
      // The record alone splits into the cells it had (checked above).
      splits[k].emplace(row.text, ',');
      if (!splits[k]->next().ok()) return Error::internal("quotsoft row on line " + std::to_string(row.line));
    }
    if (hr.rows[0] >= 0) line = rows[hr.rows[0]].line;  // the AQI row
    for (size_t s = 0; s < stations.size(); ++s) {
      AqHour& h = out.hours.emplace_back();
      h.line = line;
      h.station = stations[s];
      h.time = hr.time;
      bool any = false;
      for (size_t k = 0; k < kQuotsoftTypes.size(); ++k) {
        if (!splits[k]) continue;
        const std::string_view cell = trim(splits[k]->cells()[s + 3]);
        if (cell.empty()) continue;
        any = true;
        const int row_line = rows[hr.rows[k]].line;
        const QuotsoftType& type = kQuotsoftTypes[k];
        if (type.aqi) {
          LT_ASSIGN(h.published.aqi, published_aqi(cell, row_line, stations[s]));
        } else if (type.hour >= 0) {
          if (!plain_concentration(cell, &h.input.c[type.hour])) {
            LT_ASSIGN(h.input.c[type.hour], concentration(cell, row_line, stations[s]));
          }
        } else if (type.day >= 0) {
          if (!plain_concentration(cell, &h.published.day[type.day])) {
            LT_ASSIGN(h.published.day[type.day], concentration(cell, row_line, stations[s]));
          }
        }
      }
      if (!any) {
        out.hours.pop_back();
        continue;
      }
      h.input.so2_24h = aq::Mean::of(h.published.day[aq::index(Pollutant::so2)]);
    }
  }
  return out;
}

}  // namespace

std::string_view name(AqCsvFormat f) {
  switch (f) {
    case AqCsvFormat::cnemc:
      return "cnemc";
    case AqCsvFormat::quotsoft_wide:
      return "quotsoft_wide";
    case AqCsvFormat::quotsoft_long:
      return "quotsoft_long";
    case AqCsvFormat::canonical:
      return "canonical";
  }
  return "";
}

namespace {

// The LFs in s, eight bytes at a time (only to size the output).
size_t count_newlines(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kLow7 = 0x7F7F7F7F7F7F7F7Full;
  size_t n = 0, i = 0;
  for (uint64_t w; i + 8 <= s.size(); i += 8) {
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t x = w ^ (kOnes * '\n');                          // 0 where a byte is LF
    const uint64_t lf = ~(((x & kLow7) + kLow7) | x | kLow7) >> 7;  // 1 in each LF byte
    n += size_t((lf * kOnes) >> 56);  // their sum (no popcount instruction in the baseline ISA)
  }
  for (; i < s.size(); ++i) n += s[i] == '\n';
  return n;
}

// The file from its first record on; errors as they come, see read_aq_hours.
Result<AqHours> read_split(CsvSplitter& split, size_t expected_rows) {
  LT_ASSIGN(bool any, split.next());
  if (!any) return Error::invalid("the file is empty");
  if (split.line() != 1) return at(split.line(), "the header must be on line 1");
  const auto& c = split.cells();
  auto cell = [&](size_t i) { return i < c.size() ? trim(c[i]) : std::string_view(); };
  if (cell(0) == "timepoint") return read_rows(split, AqCsvFormat::cnemc, expected_rows);
  if (cell(0) == "date" && cell(1) == "hour" && cell(2) == "type") return read_quotsoft_wide(split);
  if (cell(0) == "date" && cell(1) == "hour" && cell(2) == "stationcode")
    return read_rows(split, AqCsvFormat::quotsoft_long, expected_rows);
  if (cell(0) == "station" && cell(1) == "time")
    return read_rows(split, AqCsvFormat::canonical, expected_rows);
  return at(1,
            "unknown header: expected station,time,so2,no2,co,o3,pm10,pm25, a CNEMC file (timepoint,…) or a "
            "quotsoft file (date,hour,type,… or date,hour,stationcode,…)");
}

}  // namespace

Result<AqHours> read_aq_hours(std::string_view bytes, size_t max_rows) {
  std::string storage;
  LT_ASSIGN(std::string_view text, decode_view(bytes, storage));
  // Records are read as they are split (no table of the whole file), one
  // station-hour each but for the header: the line count bounds them.
  const size_t lines = count_newlines(text);
  CsvSplitter split(text, ',', max_rows);
  auto out = read_split(split, std::min(lines, max_rows));
  // The file used to be split whole before any row was read, so a splitting
  // error (an unclosed quote, too many rows) anywhere came before a row's:
  // still so.
  if (!out.ok() && !split.failed()) {
    for (;;) {
      auto more = split.next();
      if (!more.ok()) return more.take_error();
      if (!*more) break;
    }
  }
  return out;
}

std::optional<sys_seconds> parse_hour_end(std::string_view s) {
  if (s.size() != 19 || s[10] != 'T' || s.substr(13) != ":00:00") return std::nullopt;
  auto d = parse_date(s.substr(0, 10));
  if (!d) return std::nullopt;
  const char h1 = s[11], h2 = s[12];
  if (h1 < '0' || h1 > '9' || h2 < '0' || h2 > '9') return std::nullopt;
  int h = (h1 - '0') * 10 + (h2 - '0');
  if (h > 24) return std::nullopt;
  return sys_seconds(*d) + hours(h);
}

std::string format_hour_end(sys_seconds t) {
  auto day = std::chrono::floor<std::chrono::days>(t);
  auto h = std::chrono::duration_cast<hours>(t - day).count();
  std::string hh = std::to_string(h);
  if (hh.size() == 1) hh = "0" + hh;
  return format_date(Date(day)) + "T" + hh + ":00:00";
}

Result<aq::PollutantSet> parse_primary_pollutants(std::string_view cell) {
  struct Name {
    std::string_view text;
    Pollutant p;
  };
  // Formulas (in brackets or alone) and the Chinese names CNEMC uses. A bare
  // 颗粒物 is not here: it could be either PM.
  constexpr std::array<Name, 16> kNames = {{
      {"PM2.5", Pollutant::pm25},
      {"PM10", Pollutant::pm10},
      {"SO2", Pollutant::so2},
      {"NO2", Pollutant::no2},
      {"CO", Pollutant::co},
      {"O3", Pollutant::o3},
      {"细颗粒物", Pollutant::pm25},
      {"可吸入颗粒物", Pollutant::pm10},
      {"二氧化硫", Pollutant::so2},
      {"二氧化氮", Pollutant::no2},
      {"一氧化碳", Pollutant::co},
      {"臭氧", Pollutant::o3},
      {"臭氧1小时", Pollutant::o3},
      {"臭氧8小时", Pollutant::o3},
      {"O3_1h", Pollutant::o3},
      {"O3_8h", Pollutant::o3},
  }};
  aq::PollutantSet out;
  // Full-width commas and brackets as ASCII (all three start with \xEF; a
  // cell without one is read in place, as it is once per CNEMC row).
  std::string replaced;
  std::string_view s = cell;
  if (cell.find('\xEF') != std::string_view::npos) {
    replaced = std::string(cell);
    for (auto [from, to] : {std::pair<std::string_view, char>{"，", ','}, {"（", '('}, {"）", ')'}})
      for (size_t i; (i = replaced.find(from)) != std::string::npos;) replaced.replace(i, from.size(), 1, to);
    s = replaced;
  }
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(',', start);
    if (end == std::string::npos) end = s.size();
    std::string_view name = trim(s.substr(start, end - start));
    start = end + 1;
    if (name.empty()) continue;
    std::string_view key = name;
    if (auto open = name.find('('); open != std::string_view::npos && name.back() == ')')
      key = trim(name.substr(open + 1, name.size() - open - 2));
    bool found = false;
    for (const Name& n : kNames)
      if (n.text == key) {
        out.insert(n.p);
        found = true;
        break;
      }
    if (!found) return Error::invalid("unknown primary pollutant \"" + std::string(name) + "\"");
  }
  return out;
}

}  // namespace lantian::io
