// The daily AQI (日报) of one station from its hourly values.
//
// The natural day (自然日) is the 24 hours labelled 01:00 … 24:00 (24:00 =
// 00:00 of the next day); DayHours::c[h] holds the hour labelled h+1:00.
// Validity (GB 3095-2026 Table 4 and HJ 663; invalid = missing):
//   24-hour mean of SO2, NO2, CO, PM10, PM2.5: ≥ 20 valid hours.
//   O3 8-hour mean: ≥ 6 valid hours in the 8-hour window.
//   O3 daily maximum 8-hour mean: the maximum over the 17 windows ending at
//     08:00 … 24:00 (all inside the day), ≥ 14 of them valid.
//   O3 daily maximum 1-hour (2012 only): the maximum over the day's valid
//     hours, no minimum count; missing only when the day has no O3 hour.
// These rules reproduce CNEMC's published 24-hour means and daily maximum
// 8-hour O3 of 2023-01-22 for every station of tests/fixtures/aq (rounded
// as rounding.h says) — except that one of them, a PM10 mean CNEMC took
// over 9 hours in real time, is missing here (fewer than 20 hours).
//
// Editions:
//   2026 (§4.2.2): six items — SO2, NO2, CO, PM10, PM2.5 daily means and
//     the O3 daily maximum 8-hour mean — each rounded by GB/T 8170 before
//     the lookup; O3 8-hour above 800 has IAQI 300.
//   2012 (§5.1.2): seven items — the same plus the O3 daily maximum 1-hour
//     on its 1-hour breakpoints; IAQIs of the exact (unrounded) means; O3
//     8-hour above 800 has no IAQI and the O3 1-hour IAQI stands for O3
//     (Table 1 note 3).
//   Both: a day with an item missing is published only above 100 (aqi.h),
//     so a day with a few hours in the file has no AQI unless it is bad.
//
// Thread-safety: pure functions; no allocation.
#pragma once

#include <array>

#include "aq/aqi.h"
#include "aq/iaqi.h"
#include "aq/types.h"

namespace lantian::aq {

inline constexpr int kMinHoursPerDay = 20;
inline constexpr int kMinHoursPer8hWindow = 6;
inline constexpr int kMinValid8hWindows = 14;

// In the order of the CLI's columns.
enum class DailyItem : uint8_t { so2, no2, co, o3_8h, o3_1h, pm10, pm25 };
inline constexpr int kDailyItemCount = 7;
inline constexpr std::array<DailyItem, kDailyItemCount> kDailyItems = {
    DailyItem::so2,   DailyItem::no2,  DailyItem::co,  DailyItem::o3_8h,
    DailyItem::o3_1h, DailyItem::pm10, DailyItem::pm25};
constexpr int index(DailyItem i) { return static_cast<int>(i); }
Pollutant pollutant(DailyItem i);
Indicator indicator(DailyItem i);
// "so2", "no2", "co", "o3_8h", "o3_1h", "pm10", "pm25".
std::string_view code(DailyItem i);
// Whether an edition's daily report has the item (o3_1h: 2012 only).
constexpr bool in_daily_report(DailyItem i, Edition e) {
  return i != DailyItem::o3_1h || e == Edition::hj633_2012;
}

// The natural day an hour belongs to and its place there: the hour ending
// at `end` (a whole hour, Beijing time) is DayHours::c[index] of `day`.
// 2023-01-22T01:00 → (2023-01-22, 0); 2023-01-23T00:00 → (2023-01-22, 23).
struct DayHour {
  Date day;
  int index;
};
constexpr DayHour day_hour(std::chrono::sys_seconds end) {
  const auto start = end - std::chrono::hours(1);
  const auto day = std::chrono::floor<std::chrono::days>(start);
  return {Date(day), static_cast<int>(std::chrono::floor<std::chrono::hours>(start - day).count())};
}

struct DayHours {
  // c[h][pollutant]: the hour labelled h+1:00; kNa = missing.
  std::array<std::array<Milli, kPollutantCount>, 24> c;
  DayHours() {
    for (auto& h : c) h.fill(kNa);
  }
};

struct DailyConcentrations {
  std::array<Mean, kDailyItemCount> mean;  // invalid items: !valid()
  std::array<int8_t, kPollutantCount> valid_hours{};
  int8_t valid_8h_windows = 0;  // of 17
};

DailyConcentrations daily_concentrations(const DayHours& day);

struct DailyAqi {
  AqiSummary summary;
  // The item's concentration as reported, kNa when missing or not in the
  // edition's report. 2026: the GB/T 8170 value the IAQI was looked up
  // with. 2012: the exact mean rounded half to even to one decimal more than
  // published (0.1 µg/m³, 0.01 mg/m³) — for display; the IAQI uses the
  // exact mean.
  std::array<Milli, kDailyItemCount> value;
  std::array<Index, kDailyItemCount> iaqi;
};

DailyAqi daily_aqi(const DailyConcentrations& conc, Edition e);

}  // namespace lantian::aq
