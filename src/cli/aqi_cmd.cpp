#include "cli/aqi_cmd.h"

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "aq/daily.h"
#include "aq/decimal.h"
#include "aq/hourly.h"
#include "cli/args.h"
#include "io/aq_csv.h"

namespace lantian::cli {
namespace {

using std::chrono::hours;
using std::chrono::sys_seconds;

constexpr const char* kUsage = "usage: lantian aqi hourly|daily [--edition auto|2012|2026] IN.csv";

int fail(const std::string& msg) {
  std::fprintf(stderr, "lantian: %s\n", msg.c_str());
  return 1;
}

// A CSV cell: quoted when it holds a comma, a quote or a line break.
void cell(std::string& out, std::string_view v) {
  if (v.find_first_of(",\"\r\n") == std::string_view::npos) {
    out += v;
    return;
  }
  out += '"';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void index_cell(std::string& out, aq::Index v) {
  out += ',';
  if (v != aq::kIndexNa) out += std::to_string(v);
}

void summary_cells(std::string& out, const aq::AqiSummary& s) {
  index_cell(out, s.aqi);
  out += ',';
  if (s.level != aq::Level::none) out += std::to_string(static_cast<int>(s.level));
  out += ',';
  out += aq::to_string(s.primary);
}

aq::Edition edition_of(std::optional<aq::Edition> forced, Date day) {
  return forced ? *forced : aq::edition_for_day(day);
}

// Each station's SO2 1-hour values by time, for 2012's SO2-above-800 rule
// when the file gives no 24-hour mean: the mean of the station's valid hours
// in the 24 hours ending at `end`, valid with ≥ 20 of them.
class So2History {
 public:
  explicit So2History(const std::vector<io::AqHour>& hours) {
    for (const auto& h : hours) by_station_[h.station][h.time] = h.input.c[aq::index(aq::Pollutant::so2)];
  }
  aq::Mean mean_24h(const std::string& station, sys_seconds end) const {
    aq::Mean m;
    const auto& series = by_station_.at(station);
    for (auto it = series.lower_bound(end - hours(23)); it != series.end() && it->first <= end; ++it)
      if (it->second >= 0) {
        m.sum += it->second;
        ++m.count;
      }
    return m.count >= aq::kMinHoursPerDay ? m : aq::Mean{};
  }

 private:
  std::map<std::string, std::map<sys_seconds, aq::Milli>> by_station_;
};

std::string hourly(const io::AqHours& data, std::optional<aq::Edition> forced) {
  std::string out = "station,time,aqi,level,primary,iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3,iaqi_pm10,iaqi_pm25\n";
  std::optional<So2History> history;  // built only when needed
  constexpr aq::Milli k800 = 800 * aq::kMilliPerUnit;
  for (const auto& h : data.hours) {
    const aq::Edition e = edition_of(forced, aq::day_hour(h.time).day);
    aq::HourlyInput in = h.input;
    if (e == aq::Edition::hj633_2012 && in.c[aq::index(aq::Pollutant::so2)] > k800 && !in.so2_24h.valid()) {
      if (!history) history.emplace(data.hours);
      in.so2_24h = history->mean_24h(h.station, h.time);
    }
    const aq::HourlyAqi r = aq::hourly_aqi(in, e);
    cell(out, h.station);
    out += ',';
    out += io::format_hour_end(h.time);
    summary_cells(out, r.summary);
    for (aq::Index v : r.iaqi) index_cell(out, v);
    out += '\n';
  }
  return out;
}

std::string daily(const io::AqHours& data, std::optional<aq::Edition> forced) {
  std::map<std::pair<std::string, Date>, aq::DayHours> days;
  for (const auto& h : data.hours) {
    const aq::DayHour dh = aq::day_hour(h.time);
    days[{h.station, dh.day}].c[dh.index] = h.input.c;
  }
  std::string out =
      "station,date,aqi,level,primary,so2,no2,co,o3_8h,o3_1h,pm10,pm25,"
      "iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3_8h,iaqi_o3_1h,iaqi_pm10,iaqi_pm25\n";
  for (const auto& [key, day] : days) {
    const aq::Edition e = edition_of(forced, key.second);
    const aq::DailyAqi r = aq::daily_aqi(aq::daily_concentrations(day), e);
    cell(out, key.first);
    out += ',';
    out += format_date(key.second);
    summary_cells(out, r.summary);
    for (aq::DailyItem item : aq::kDailyItems) {
      out += ',';
      const aq::Milli v = r.value[aq::index(item)];
      if (v == aq::kNa) continue;
      const int decimals = aq::published_decimals(aq::pollutant(item)) + (e == aq::Edition::hj633_2012);
      out += aq::format_milli(v, decimals);
    }
    for (aq::Index v : r.iaqi) index_cell(out, v);
    out += '\n';
  }
  return out;
}

}  // namespace

int cmd_aqi(int argc, char** argv) {
  Args args(argc, argv, {});
  (void)args.get("config");  // global options that do not apply
  (void)args.get("db");
  const std::string edition = args.get("edition").value_or("auto");
  if (!args.missing_value.empty()) return fail("--" + args.missing_value + " needs a value");
  if (auto u = args.unused(); !u.empty()) return fail("unknown option " + u.front() + "; " + kUsage);
  if (args.positional.size() != 3 || (args.positional[1] != "hourly" && args.positional[1] != "daily"))
    return fail(kUsage);
  std::optional<aq::Edition> forced;
  if (edition == "2012") {
    forced = aq::Edition::hj633_2012;
  } else if (edition == "2026") {
    forced = aq::Edition::hj633_2026;
  } else if (edition != "auto") {
    return fail("--edition is auto, 2012 or 2026, not \"" + edition + "\"");
  }
  const std::string& path = args.positional[2];
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open " + path);
  std::stringstream bytes;
  bytes << in.rdbuf();
  if (in.bad()) return fail("cannot read " + path);
  auto data = io::read_aq_hours(bytes.str());
  if (!data.ok()) return fail(path + ": " + data.error().message);
  const std::string out = args.positional[1] == "hourly" ? hourly(*data, forced) : daily(*data, forced);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
    return fail("cannot write the output");
  return 0;
}

}  // namespace lantian::cli
