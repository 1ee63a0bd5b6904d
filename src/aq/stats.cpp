#include "aq/stats.h"

#include <algorithm>

#include "aq/rounding.h"

namespace lantian::aq {
namespace {

struct PeriodRow {
  std::string_view code;
  DailyItem from;
  Milli divisor;   // Si in Milli
  int percentile;  // 0 = the mean
};
constexpr std::array<PeriodRow, kPeriodItemCount> kPeriod = {{
    {"so2", DailyItem::so2, 60'000, 0},
    {"no2", DailyItem::no2, 40'000, 0},
    {"co_p95", DailyItem::co, 4'000, 95},
    {"o3_8h_p90", DailyItem::o3_8h, 160'000, 90},
    {"pm10", DailyItem::pm10, 70'000, 0},
    {"pm25", DailyItem::pm25, 35'000, 0},
}};
// The least common multiple of the divisors: the composite index is summed
// over it exactly.
constexpr int64_t kCommon = 3'360'000;
static_assert(kCommon % 60'000 == 0 && kCommon % 40'000 == 0 && kCommon % 4'000 == 0 &&
              kCommon % 160'000 == 0 && kCommon % 70'000 == 0 && kCommon % 35'000 == 0);

int days_between(Date a, Date b) { return int((b - a).count()); }

}  // namespace

std::string_view code(PeriodItem i) { return kPeriod[size_t(i)].code; }
Milli composite_divisor(PeriodItem i) { return kPeriod[size_t(i)].divisor; }

DayValues day_values(Date day, const DailyAqi& d) {
  DayValues v;
  v.day = day;
  v.aqi = d.summary.aqi;
  v.primary = d.summary.primary;
  v.value = d.value;
  return v;
}

DayValues area_day(Date day, std::span<const DayValues> stations) {
  DailyConcentrations conc;
  for (const DayValues& s : stations)
    for (int i = 0; i < kDailyItemCount; ++i)
      if (s.value[size_t(i)] >= 0) {
        conc.mean[size_t(i)].sum += s.value[size_t(i)];
        ++conc.mean[size_t(i)].count;
      }
  return day_values(day, daily_aqi(conc, edition_for_day(day)));
}

Milli percentile(std::vector<Milli>& values, int p) {
  if (values.empty()) return kNa;
  std::sort(values.begin(), values.end());
  // k = 1 + (n−1)p/100 in hundredths; s = ⌊k⌋ (1-based).
  const int64_t k100 = 100 + int64_t(values.size() - 1) * p;
  const size_t s = size_t(k100 / 100);
  const int64_t frac = k100 % 100;
  const int64_t lo = values[s - 1];
  if (frac == 0 || s >= values.size()) return Milli(lo);
  const int64_t hi = values[s];
  return Milli(lo + round_half_even((hi - lo) * frac, 100));
}

PeriodStats period_stats(std::span<const DayValues> days) {
  PeriodStats out;
  out.days = int(days.size());
  std::array<std::vector<Milli>, kPeriodItemCount> values;
  for (const DayValues& d : days) {
    if (d.aqi >= 0) {
      ++out.days_with_aqi;
      if (d.aqi <= 100) ++out.good_days;
      if (d.aqi > 200) ++out.heavy_days;
      if (d.aqi > 300) ++out.severe_days;
    }
    for (size_t i = 0; i < kPeriod.size(); ++i)
      if (Milli v = d.value[size_t(index(kPeriod[i].from))]; v >= 0) values[i].push_back(v);
  }
  int64_t composite = 0;  // × kCommon
  bool complete = true;
  for (size_t i = 0; i < kPeriod.size(); ++i) {
    const PeriodRow& row = kPeriod[i];
    const Pollutant p = pollutant(row.from);
    out.valid_days[i] = int(values[i].size());
    if (values[i].empty()) {
      complete = false;
      continue;
    }
    if (row.percentile == 0) {
      int64_t sum = 0;
      for (Milli v : values[i]) sum += v;
      out.value[i] = round_gbt8170(p, sum, int64_t(values[i].size()));
    } else {
      out.value[i] = round_gbt8170(p, percentile(values[i], row.percentile));
    }
    out.index[i] = Hundredths(round_half_even(int64_t(out.value[i]) * 100, row.divisor));
    composite += int64_t(out.value[i]) * (kCommon / row.divisor);
  }
  if (complete) out.composite = Hundredths(round_half_even(composite * 100, kCommon));
  return out;
}

TargetProgress target_progress(const Target& t, std::span<const DayValues> days, Date through) {
  TargetProgress out;
  out.period_days = std::max(0, days_between(t.from, t.to) + 1);
  const Date last = std::min(through, t.to);
  out.elapsed_days = std::clamp(days_between(t.from, last) + 1, 0, out.period_days);
  out.remaining_days = out.period_days - out.elapsed_days;
  int64_t sum = 0;
  for (const DayValues& d : days) {
    if (d.day < t.from || d.day > last) continue;
    if (d.aqi > 200) ++out.heavy_days_to_date;
    if (Milli v = d.value[size_t(index(DailyItem::pm25))]; v >= 0) {
      sum += v;
      ++out.pm25_days;
    }
  }
  if (out.pm25_days > 0) out.pm25_to_date = round_gbt8170(Pollutant::pm25, sum, out.pm25_days);
  if (t.target_pm25 >= 0) {
    out.pm25_on_track = out.pm25_to_date >= 0 && out.pm25_to_date <= t.target_pm25;
    if (out.remaining_days > 0) {
      // The period's mean over the days with data so far and every remaining
      // day: (sum + needed × remaining) / (pm25_days + remaining) ≤ target.
      const int64_t budget = int64_t(t.target_pm25) * (out.pm25_days + out.remaining_days) - sum;
      out.pm25_reachable = budget >= 0;
      // Rounded down to whole µg/m³: a mean at most this keeps the target.
      out.pm25_needed = budget <= 0 ? 0 : Milli(budget / out.remaining_days / kMilliPerUnit * kMilliPerUnit);
    } else {
      out.pm25_reachable = out.pm25_on_track;
    }
  }
  if (t.baseline_pm25 > 0 && out.pm25_to_date >= 0) {
    const int64_t diff = int64_t(out.pm25_to_date) - t.baseline_pm25;
    const int64_t mag = round_half_even((diff < 0 ? -diff : diff) * 1000, t.baseline_pm25);
    out.pm25_change_permille = int32_t(diff < 0 ? -mag : mag);
  }
  if (t.target_heavy_days >= 0) out.heavy_days_left = t.target_heavy_days - out.heavy_days_to_date;
  return out;
}

}  // namespace lantian::aq
