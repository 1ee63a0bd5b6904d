// The shared parts of the hourly air-quality CSV readers (io/aq_csv.h):
// detection by the header, the streaming driver of the one-row-per-
// station-hour formats with its duplicate check, and the cell errors. Each
// format's own reading is in aq_csv_cnemc.cpp, aq_csv_quotsoft.cpp and
// aq_csv_canonical.cpp (aq_csv_internal.h).
#include "io/aq_csv.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "core/calendar.h"
#include "io/aq_csv_internal.h"

namespace lantian::io::aq_csv_detail {

using aq::Milli;
using aq::Pollutant;
using std::chrono::sys_seconds;

Error at(int line, const std::string& what) {
  return Error::invalid("line " + std::to_string(line) + ": " + what);
}
Error at(int line, std::string_view column, const std::string& what) {
  return at(line, "column " + std::string(column) + ": " + what);
}

// A concentration cell; empty = kNa.
Result<Milli> concentration(std::string_view cell, int line, std::string_view column) {
  if (Milli v; plain_concentration(cell, &v)) return v;
  auto v = aq::parse_milli(trim(cell));
  if (!v.ok()) return at(line, column, v.error().message);
  return *v;
}

namespace {

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

}  // namespace

Result<StationRows> find_columns(const Header& header, const StationFormat& format) {
  const RowLayout& l = format.layout;
  std::vector<std::string_view> names = {format.station, format.time};
  if (!format.hour.empty()) names.push_back(format.hour);
  if (!format.primary.empty()) names.push_back(format.primary);
  const size_t keys = names.size();
  names.insert(names.end(), l.hour.begin(), l.hour.end());
  if (!l.aqi.empty()) {
    names.insert(names.end(), l.day.begin(), l.day.end());
    names.push_back(l.aqi);
  }
  std::vector<int> pos;
  for (auto n : names) {
    LT_ASSIGN(auto p, header.require({n}));
    pos.push_back(p[0]);
  }
  StationRows rows;
  rows.format = &format;
  rows.width = header.width();
  rows.station = pos[0];
  rows.time = pos[1];
  size_t k = 2;
  if (!format.hour.empty()) rows.hour = pos[k++];
  if (!format.primary.empty()) rows.primary = pos[k++];
  rows.values.assign(pos.begin() + keys, pos.end());
  return rows;
}

Result<AqHours> read_station_rows(CsvSplitter& split, const StationRows& rows, size_t expected_rows) {
  AqHours out;
  out.format = rows.format->format;
  const RowLayout& layout = rows.format->layout;
  Stations stations;
  Seen seen(expected_rows);
  HourEnds hour_ends;
  out.hours.reserve(expected_rows);
  for (;;) {
    LT_ASSIGN(bool more, split.next());
    if (!more) break;
    const auto& cells = split.cells();
    const int line = split.line();
    if (cells.size() != rows.width) return check_width(line, cells.size(), rows.width).take_error();
    AqHour& h = out.hours.emplace_back();
    h.line = line;
    const std::string_view station = trim(cells[rows.station]);
    if (station.empty()) return at(line, "no station code");
    h.station.assign(station);
    if (rows.hour >= 0) {
      LT_ASSIGN(h.time, quotsoft_time(cells[rows.time], cells[rows.hour], line));
    } else {
      auto time = hour_ends.parse(trim(cells[rows.time]));
      if (!time)
        return at(line, "column " + std::string(rows.format->time) + ": \"" + std::string(cells[rows.time]) +
                            "\" is not the end of an hour (YYYY-MM-DDTHH:00:00)");
      h.time = *time;
    }
    if (!read_plain_values(cells, layout, rows.values, h)) {
      LT_TRY(read_values(cells, line, layout, rows.values, h));
    }
    if (rows.primary >= 0) {
      auto primary = parse_primary_pollutants(cells[rows.primary]);
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

}  // namespace lantian::io::aq_csv_detail

namespace lantian::io {

using aq_csv_detail::at;
using aq_csv_detail::trim;
using std::chrono::hours;
using std::chrono::sys_seconds;

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
  if (cell(0) == "timepoint") return aq_csv_detail::read_cnemc(split, expected_rows);
  if (cell(0) == "date" && cell(1) == "hour" && cell(2) == "type")
    return aq_csv_detail::read_quotsoft_wide(split);
  if (cell(0) == "date" && cell(1) == "hour" && cell(2) == "stationcode")
    return aq_csv_detail::read_quotsoft_long(split, expected_rows);
  if (cell(0) == "station" && cell(1) == "time") return aq_csv_detail::read_canonical(split, expected_rows);
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

}  // namespace lantian::io
