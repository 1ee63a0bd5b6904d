// Statistics over daily values (HJ 663): an area's day from its stations'
// days, a period's means, percentiles, counts of days by AQI and the
// composite index (综合指数), and campaign target tracking.
//
// Inputs are the reported daily values of daily.h (DailyAqi::value: GB/T 8170
// values in 2026, one decimal more than published in 2012), one per entity
// and natural day. HJ 663 itself is not in the supplied documents
// (aqi-standards.md, "Flags" 4); the rules below are the ones the campaign
// documents and public code agree on, each marked where it is our reading:
//   Area day: each item is the arithmetic mean of the valid values of the
//     area's stations that day (a station without the item does not count);
//     the area's daily AQI is computed from those means as a station's is
//     (daily_aqi, the edition of the day). [our reading: no minimum share of
//     stations — one valid station makes the item valid]
//   Period means (SO2, NO2, PM10, PM2.5): the mean of the valid daily values;
//     CO: the 95th percentile of the daily means; O3: the 90th percentile of
//     the daily maximum 8-hour means. Percentile per HJ 663: the values
//     sorted ascending X1…Xn, k = 1 + (n−1)·p/100, s = ⌊k⌋,
//     Xp = Xs + (Xs+1 − Xs)(k − s). Each statistic is rounded as published
//     (GB/T 8170: µg/m³ whole, CO 0.1 mg/m³).
//   Composite index: Σ Ci/Si over the six statistics, S = 60 (SO2), 40
//     (NO2), 4 (CO, mg/m³), 160 (O3), 70 (PM10), 35 (PM2.5) — the annual
//     grade-II limits, the 24-hour limit for CO and the 8-hour one for O3 —
//     computed exactly and rounded half to even to two decimals. An index
//     with a statistic missing is missing.
//   Days: good (优良) AQI ≤ 100, heavy (重污染) AQI > 200, severe (严重)
//     AQI > 300, over the days that have an AQI.
//
// Thread-safety: pure functions.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "aq/daily.h"
#include "aq/types.h"

namespace lantian::aq {

// One entity's (station's or area's) reported values on a natural day.
struct DayValues {
  Date day;
  Index aqi = kIndexNa;
  PollutantSet primary;
  std::array<Milli, kDailyItemCount> value;  // daily.h DailyAqi::value; kNa = missing
  DayValues() { value.fill(kNa); }
};

// DayValues of a station's computed day.
DayValues day_values(Date day, const DailyAqi& d);

// An area's day from its stations' values of that day (all of `day`).
// stations may be empty: every item missing, no AQI.
DayValues area_day(Date day, std::span<const DayValues> stations);

// The statistics a period's composite index is made of, in order.
enum class PeriodItem : uint8_t { so2, no2, co_p95, o3_8h_p90, pm10, pm25 };
inline constexpr int kPeriodItemCount = 6;
// "so2", "no2", "co_p95", "o3_8h_p90", "pm10", "pm25".
std::string_view code(PeriodItem i);
// Si of the composite index in Milli of the item's unit (60 µg/m³ = 60'000).
Milli composite_divisor(PeriodItem i);

// Hundredths of an index (composite index 3.57 = 357); kNa when missing.
using Hundredths = int32_t;

struct PeriodStats {
  int days = 0;                                    // days given
  int days_with_aqi = 0;                           // of them, with a (published) AQI
  int good_days = 0;                               // AQI ≤ 100
  int heavy_days = 0;                              // AQI > 200
  int severe_days = 0;                             // AQI > 300
  std::array<Milli, kPeriodItemCount> value;       // rounded as published; kNa = no valid day
  std::array<int, kPeriodItemCount> valid_days{};  // days with the item
  std::array<Hundredths, kPeriodItemCount> index;  // Ci/Si, rounded half to even
  Hundredths composite = kNa;                      // Σ Ci/Si (exact sum, rounded once)
  PeriodStats() {
    value.fill(kNa);
    index.fill(kNa);
  }
};

// The statistics of an entity's days (any order; each day once).
PeriodStats period_stats(std::span<const DayValues> days);

// The p-th percentile (0 < p ≤ 100) of the values by HJ 663's formula, in
// Milli rounded half to even; kNa for no values. Sorts `values`.
Milli percentile(std::vector<Milli>& values, int p);

// Campaign target tracking over [from, to]: the cumulative PM2.5 mean and the
// heavy-pollution days so far against the baseline and the target, and the
// pace needed for the rest of the period.
struct Target {
  Date from, to;
  Milli baseline_pm25 = kNa, target_pm25 = kNa;          // µg/m³ × 1000
  int baseline_heavy_days = -1, target_heavy_days = -1;  // -1 = none set
};

struct TargetProgress {
  int period_days = 0;       // to − from + 1
  int elapsed_days = 0;      // days of the period up to and including `through`
  int remaining_days = 0;    // after `through`
  int pm25_days = 0;         // elapsed days with a valid PM2.5 value
  Milli pm25_to_date = kNa;  // mean of those, whole µg/m³ (GB/T 8170)
  // The PM2.5 mean the remaining days must keep for the period's mean to meet
  // the target (whole µg/m³, rounded down: at most this); kNa when no day
  // remains or no target is set; 0 when even a clean rest cannot meet it.
  Milli pm25_needed = kNa;
  bool pm25_reachable = true;  // false: the target is out of reach
  // (to date − baseline) / baseline in tenths of a percent, rounded half to
  // even (−15.0 % = −150); none without a baseline or a mean.
  std::optional<int32_t> pm25_change_permille;
  bool pm25_on_track = false;  // a target is set and to date ≤ target
  int heavy_days_to_date = 0;
  // target − to date (negative: exceeded); none without a target.
  std::optional<int> heavy_days_left;
};

// `days` are the entity's days (any order); those outside [from, through]
// are ignored. `through` is the last day counted (yesterday, by the caller's
// clock), clamped to the period.
TargetProgress target_progress(const Target& t, std::span<const DayValues> days, Date through);

}  // namespace lantian::aq
