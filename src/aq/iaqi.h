// Individual air quality indices (IAQI, 空气质量分指数): the breakpoint tables
// of HJ 633-2012 Table 1 and HJ 633-2026 Table 3, and formula (1)
//
//   IAQI = ⌈ I_lo + (I_hi − I_lo) · (C − BP_lo) / (BP_hi − BP_lo) ⌉
//
// in integer arithmetic (ceiling, "全部（向上）进位取整数"). The two editions
// differ only in the PM10 and PM2.5 breakpoints at IAQI 100 (150 → 120 and
// 75 → 60 µg/m³) and in what happens above 800 for SO2 1-hour and O3 8-hour.
//
// Over-range (a concentration above the last breakpoint, e.g. PM2.5 above
// 500 µg/m³) is capped at IAQI 500: neither edition defines more, 2026 says
// the AQI ranges 1–500, and CNEMC publishes 500 (PM2.5 785 → 500).
//
// Thread-safety: pure functions over constexpr tables.
#pragma once

#include <array>

#include "aq/types.h"

namespace lantian::aq {

// A row of the breakpoint table: a pollutant over an averaging period.
// Which indicator feeds which AQI is decided by hourly.h and daily.h; e.g.
// the hourly AQI looks PM 1-hour concentrations up on pm10_24h / pm25_24h.
enum class Indicator : uint8_t {
  so2_24h,
  so2_1h,  // defined up to 800 (IAQI 200); see iaqi()
  no2_24h,
  no2_1h,
  co_24h,
  co_1h,
  o3_1h,
  o3_8h,  // defined up to 800 (IAQI 300); see iaqi()
  pm10_24h,
  pm25_24h,
};
inline constexpr int kIndicatorCount = 10;

// IAQI_lo/IAQI_hi of the table's rows.
inline constexpr std::array<Index, 8> kIaqiSteps = {0, 50, 100, 150, 200, 300, 400, 500};

// The concentrations (Milli) at kIaqiSteps[0 … count-1].
struct Breakpoints {
  std::array<Milli, 8> bp;
  uint8_t count;
};
const Breakpoints& breakpoints(Indicator i, Edition e);

// The IAQI of the exact concentration num/den Milli (num ≥ 0, den ≥ 1;
// den > 1 for a mean kept as a fraction), 0 … 500. Above the last
// breakpoint: 500, except the two rows the standards end at 800:
//   so2_1h above 800: 2026 → 200 (Table 3 note b); 2012 → kIndexNa: no
//     1-hour IAQI is computed, the caller reports the 24-hour one (note 2).
//   o3_8h above 800: 2026 → 300 (note c); 2012 → kIndexNa: the caller
//     reports the O3 1-hour IAQI instead (note 3).
// Overflow-free for num ≤ 2^40 and den ≤ 2^20 (24 hours of kMilliMax).
Index iaqi(Indicator i, Edition e, int64_t num, int64_t den);
// The same for a concentration c ≥ 0 (den = 1), the hourly path: 32-bit.
Index iaqi(Indicator i, Edition e, Milli c);

// The indicator of a pollutant's 1-hour value in the hourly (real-time) AQI
// as CNEMC publishes it and HJ 633-2026 §4.2.4 writes down: SO2, NO2, CO and
// O3 on their 1-hour rows, PM10 and PM2.5 on the 24-hour (daily) rows.
constexpr Indicator hourly_indicator(Pollutant p) {
  constexpr std::array<Indicator, kPollutantCount> t = {Indicator::so2_1h,   Indicator::no2_1h,
                                                        Indicator::co_1h,    Indicator::o3_1h,
                                                        Indicator::pm10_24h, Indicator::pm25_24h};
  return t[index(p)];
}

}  // namespace lantian::aq
