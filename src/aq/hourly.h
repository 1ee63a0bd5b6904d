// The hourly (real-time, 实时报) AQI of one station-hour, as CNEMC published
// it under HJ 633-2012 and as HJ 633-2026 §4.2.3–4.2.4 writes it down: the
// IAQIs of the six 1-hour concentrations — SO2, NO2, CO and O3 on their
// 1-hour breakpoints, PM10 and PM2.5 on the 24-hour (daily) breakpoints —
// and their maximum. (HJ 633-2012 read literally feeds PM 24-hour sliding
// and O3 8-hour means into the real-time AQI; CNEMC did not, and this rule
// reproduces every published AQI in tests/fixtures/aq.)
//
// Editions:
//   2026: each concentration is first rounded by GB/T 8170 (whole µg/m³,
//     CO 0.1 mg/m³); SO2 above 800 µg/m³ has IAQI 200.
//   2012: no rounding; SO2 above 800 µg/m³ has no 1-hour IAQI and reports
//     the IAQI of the SO2 24-hour mean (Table 1 note 2), which the caller
//     supplies as so2_24h (CNEMC files publish it; the CLI otherwise takes
//     the sliding mean of the 24 hours ending at this hour) — without it
//     the SO2 IAQI is missing.
//   Missing items: 2026 publishes the AQI of an incomplete hour only above
//     100; 2012 publishes the AQI of the remaining items, as CNEMC did
//     (aqi.h).
//
// Allocation-free integer code over plain structs: the per-hour cost is six
// table scans and six integer divisions.
//
// Thread-safety: pure function.
#pragma once

#include <array>

#include "aq/aqi.h"
#include "aq/types.h"

namespace lantian::aq {

struct HourlyInput {
  // 1-hour concentrations by Pollutant; kNa = missing.
  std::array<Milli, kPollutantCount> c = {kNa, kNa, kNa, kNa, kNa, kNa};
  // The SO2 24-hour mean, read only for 2012 when SO2 1-hour is above 800.
  Mean so2_24h;
};

struct HourlyAqi {
  AqiSummary summary;  // AQI, level, primary pollutants
  std::array<Index, kPollutantCount> iaqi = {kIndexNa, kIndexNa, kIndexNa, kIndexNa, kIndexNa, kIndexNa};
};

HourlyAqi hourly_aqi(const HourlyInput& in, Edition e);

}  // namespace lantian::aq
