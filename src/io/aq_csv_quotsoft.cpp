// quotsoft's hourly files (io/aq_csv.h): the wide form, a row per hour and
// type with a column per station, and the long form, a row per station-hour
// (no O3 swap in either). Dates are YYYYMMDD and hours 0–23, the hour
// ending then.
#include <array>
#include <map>
#include <optional>
#include <string>

#include "core/calendar.h"
#include "io/aq_csv_internal.h"

namespace lantian::io::aq_csv_detail {

using aq::Pollutant;
using std::chrono::hours;
using std::chrono::sys_seconds;

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

namespace {

constexpr StationFormat kQuotsoftLong = {
    .format = AqCsvFormat::quotsoft_long,
    .layout = {{"so2", "no2", "co", "o3", "pm10", "pm2_5"},
               {"so2_24h", "no2_24h", "co_24h", "o3_8h_24h", "pm10_24h", "pm2_5_24h"},
               "aqi"},
    .station = "stationcode",
    .time = "date",
    .hour = "hour",
};

}  // namespace

Result<AqHours> read_quotsoft_long(CsvSplitter& split, size_t expected_rows) {
  LT_ASSIGN(auto rows, find_columns(Header(split.cells()), kQuotsoftLong));
  return read_station_rows(split, rows, expected_rows);
}

namespace {

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

}  // namespace

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

}  // namespace lantian::io::aq_csv_detail
