// CNEMC's hourly release as the HeQinWill/CNEMC mirror keeps it
// (io/aq_csv.h, format cnemc): the columns found by name, with the mirror's
// O3 columns swapped, and its primary-pollutant cell.
#include <array>
#include <utility>

#include "io/aq_csv_internal.h"

namespace lantian::io {
namespace aq_csv_detail {
namespace {

// CNEMC mirror: o3_24h is the 1-hour O3 and o3_8h the day's maximum 8-hour
// mean (the documented swap, confirmed by the published AQI).
constexpr StationFormat kCnemc = {
    .format = AqCsvFormat::cnemc,
    .layout = {{"so2", "no2", "co", "o3_24h", "pm10", "pm2_5"},
               {"so2_24h", "no2_24h", "co_24h", "o3_8h", "pm10_24h", "pm2_5_24h"},
               "aqi"},
    .station = "stationcode",
    .time = "timepoint",
    .primary = "primarypollutant",
};

}  // namespace

Result<AqHours> read_cnemc(CsvSplitter& split, size_t expected_rows) {
  LT_ASSIGN(auto rows, find_columns(Header(split.cells()), kCnemc));
  return read_station_rows(split, rows, expected_rows);
}

}  // namespace aq_csv_detail

using aq::Pollutant;
using aq_csv_detail::trim;

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
