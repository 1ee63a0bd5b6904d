#include "aq/daily.h"

#include "aq/rounding.h"

namespace lantian::aq {
namespace {

struct ItemRow {
  Pollutant pollutant;
  Indicator indicator;
  std::string_view code;
};
constexpr std::array<ItemRow, kDailyItemCount> kItems = {{
    {Pollutant::so2, Indicator::so2_24h, "so2"},
    {Pollutant::no2, Indicator::no2_24h, "no2"},
    {Pollutant::co, Indicator::co_24h, "co"},
    {Pollutant::o3, Indicator::o3_8h, "o3_8h"},
    {Pollutant::o3, Indicator::o3_1h, "o3_1h"},
    {Pollutant::pm10, Indicator::pm10_24h, "pm10"},
    {Pollutant::pm25, Indicator::pm25_24h, "pm25"},
}};

// a > b for the exact fractions.
constexpr bool greater(Mean a, Mean b) { return a.sum * b.count > b.sum * a.count; }

}  // namespace

Pollutant pollutant(DailyItem i) { return kItems[index(i)].pollutant; }
Indicator indicator(DailyItem i) { return kItems[index(i)].indicator; }
std::string_view code(DailyItem i) { return kItems[index(i)].code; }

DailyConcentrations daily_concentrations(const DayHours& day) {
  DailyConcentrations out;
  std::array<Mean, kPollutantCount> all{};
  for (const auto& hour : day.c)
    for (int p = 0; p < kPollutantCount; ++p)
      if (hour[p] >= 0) {
        all[p].sum += hour[p];
        ++all[p].count;
      }
  for (int p = 0; p < kPollutantCount; ++p) out.valid_hours[p] = static_cast<int8_t>(all[p].count);
  constexpr std::array<std::pair<DailyItem, Pollutant>, 5> kMeans = {{{DailyItem::so2, Pollutant::so2},
                                                                      {DailyItem::no2, Pollutant::no2},
                                                                      {DailyItem::co, Pollutant::co},
                                                                      {DailyItem::pm10, Pollutant::pm10},
                                                                      {DailyItem::pm25, Pollutant::pm25}}};
  for (auto [item, p] : kMeans)
    if (all[index(p)].count >= kMinHoursPerDay) out.mean[index(item)] = all[index(p)];

  const int o3 = index(Pollutant::o3);
  // Daily maximum 1-hour O3 (2012): any valid hour.
  Milli max1 = kNa;
  for (const auto& hour : day.c)
    if (hour[o3] > max1) max1 = hour[o3];
  out.mean[index(DailyItem::o3_1h)] = Mean::of(max1);

  // Daily maximum 8-hour O3: windows ending at 08:00 … 24:00 (end = 7 … 23).
  Mean best;
  int windows = 0;
  for (int end = 7; end < 24; ++end) {
    Mean w;
    for (int h = end - 7; h <= end; ++h)
      if (day.c[h][o3] >= 0) {
        w.sum += day.c[h][o3];
        ++w.count;
      }
    if (w.count < kMinHoursPer8hWindow) continue;
    ++windows;
    if (!best.valid() || greater(w, best)) best = w;
  }
  out.valid_8h_windows = static_cast<int8_t>(windows);
  if (windows >= kMinValid8hWindows) out.mean[index(DailyItem::o3_8h)] = best;
  return out;
}

DailyAqi daily_aqi(const DailyConcentrations& conc, Edition e) {
  DailyAqi out;
  out.value.fill(kNa);
  out.iaqi.fill(kIndexNa);
  std::array<Pollutant, kDailyItemCount> of{};
  bool complete = true;
  for (DailyItem item : kDailyItems) {
    const int i = index(item);
    of[i] = pollutant(item);
    if (!in_daily_report(item, e)) continue;
    const Mean m = conc.mean[i];
    if (!m.valid()) {
      complete = false;
      continue;
    }
    if (e == Edition::hj633_2026) {
      out.value[i] = round_gbt8170(of[i], m);
      out.iaqi[i] = iaqi(indicator(item), e, out.value[i]);
    } else {
      out.value[i] = round_to_decimals(m.sum, m.count, published_decimals(of[i]) + 1);
      // Above 800, O3 8-hour gives kIndexNa: o3_1h stands for O3 (note 3).
      out.iaqi[i] = iaqi(indicator(item), e, m.sum, m.count);
    }
  }
  out.summary = combine(out.iaqi.data(), of.data(), kDailyItemCount, complete, MissingRule::above_100);
  return out;
}

}  // namespace lantian::aq
