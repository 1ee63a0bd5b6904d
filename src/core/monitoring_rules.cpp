#include "core/monitoring_rules.h"

#include <algorithm>

namespace lantian {
namespace {

constexpr std::string_view kCodes[kAqPollutants] = {"so2", "no2", "co", "o3", "pm10", "pm25"};

bool valid_reading(const StationHour& h, int p) {
  if (h.milli[size_t(p)] == kAqNa) return false;
  const DataFlagDef* f = find_data_flag(h.flags[size_t(p)]);
  return f && f->valid;
}

// Groups the hours that break the rule (`breaks` gives the pollutant bits,
// 0 = not broken) into runs of consecutive hours, keeping those ≥ min_hours.
template <typename Breaks>
std::vector<MonitoringRun> runs(std::span<const StationHour> hours, int min_hours, Breaks breaks) {
  std::vector<MonitoringRun> out;
  MonitoringRun cur;
  auto close = [&] {
    if (!cur.hours.empty() && int(cur.hours.size()) >= min_hours) out.push_back(std::move(cur));
    cur = MonitoringRun{};
  };
  for (const StationHour& h : hours) {
    RunHour rh{h, kAqNa, 0};
    const uint8_t bits = breaks(h, rh);
    if (!bits) {
      close();
      continue;
    }
    if (!cur.hours.empty() && h.hour != cur.last_hour + 1) close();
    if (cur.hours.empty()) cur.first_hour = h.hour;
    cur.last_hour = h.hour;
    cur.pollutants |= bits;
    cur.hours.push_back(std::move(rh));
  }
  close();
  return out;
}

}  // namespace

bool MonitoringRule::watches(std::string_view station_kind) const {
  return std::find(station_kinds.begin(), station_kinds.end(), station_kind) != station_kinds.end();
}

int aq_pollutant_index(std::string_view code) {
  for (int i = 0; i < kAqPollutants; ++i)
    if (kCodes[i] == code) return i;
  return -1;
}

std::string_view aq_pollutant_code(int index) {
  return index >= 0 && index < kAqPollutants ? kCodes[index] : std::string_view();
}

int32_t median(std::vector<int32_t>& values) {
  if (values.empty()) return kAqNa;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  if (n % 2) return values[n / 2];
  return int32_t((int64_t(values[n / 2 - 1]) + values[n / 2]) / 2);
}

std::vector<MonitoringRun> over_limit_runs(const MonitoringRule& rule, std::span<const StationHour> hours,
                                           const std::array<int32_t, kAqPollutants>& limits) {
  return runs(hours, rule.hours, [&](const StationHour& h, RunHour&) {
    uint8_t bits = 0;
    for (int p = 0; p < kAqPollutants; ++p)
      if (limits[size_t(p)] != kAqNa && valid_reading(h, p) && h.milli[size_t(p)] > limits[size_t(p)])
        bits |= uint8_t(1u << p);
    return bits;
  });
}

std::vector<MonitoringRun> hot_spot_runs(const MonitoringRule& rule, std::span<const StationHour> hours,
                                         const std::map<int64_t, std::vector<int32_t>>& neighbours) {
  const int p = rule.pollutant;
  return runs(hours, rule.hours, [&](const StationHour& h, RunHour& rh) -> uint8_t {
    if (!valid_reading(h, p)) return 0;
    auto it = neighbours.find(h.hour);
    if (it == neighbours.end() || int(it->second.size()) < rule.min_neighbours) return 0;
    std::vector<int32_t> values = it->second;
    const int32_t m = median(values);
    const int64_t v = h.milli[size_t(p)];
    if (v * 100 < int64_t(m) * rule.ratio_percent || v - m < rule.min_excess_milli) return 0;
    rh.neighbours_median = m;
    rh.neighbours = int(it->second.size());
    return uint8_t(1u << p);
  });
}

}  // namespace lantian
