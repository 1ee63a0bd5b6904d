// The vocabulary of the AQI engine (HJ 633-2012 and HJ 633-2026): the six
// pollutants, the two editions, concentrations as fixed-point integers and
// exact means. Everything in src/aq is pure integer code over these plain
// values: no I/O, no clock, no allocation on the per-hour path.
//
// Concentrations are `Milli`: thousandths of the pollutant's unit, i.e.
// µg/m³ × 1000 for SO2, NO2, O3, PM10 and PM2.5 and mg/m³ × 1000 for CO. Why
// three decimals: the published data has integers (µg/m³) and one decimal
// (CO), GB/T 8170 (2026) rounds to integers and to 0.1 mg/m³ and must see
// the dropped digits exactly, and HJ 633-2012 does not round at all, so any
// input with up to three decimals is held exactly. Floating point is never
// used: IAQI is rounded up, and a double gets CO ceilings wrong (CO 2.2 mg/m³
// on the 24-hour table is exactly 55; 50.0/2*0.2+50 is 55.000000000000007).
//
// Thread-safety: plain values and constexpr tables.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/calendar.h"

namespace lantian::aq {

// A concentration in thousandths of its unit; kNa = missing or invalid.
// Valid values are 0 … kMilliMax.
using Milli = int32_t;
inline constexpr Milli kNa = -1;
inline constexpr Milli kMilliMax = 99'999'999;  // 99 999.999 µg/m³ (mg/m³ for CO)
inline constexpr Milli kMilliPerUnit = 1000;

// In the order of the CLI's columns (SO2 NO2 CO O3 PM10 PM2.5).
enum class Pollutant : uint8_t { so2, no2, co, o3, pm10, pm25 };
inline constexpr int kPollutantCount = 6;
inline constexpr std::array<Pollutant, kPollutantCount> kPollutants = {
    Pollutant::so2, Pollutant::no2, Pollutant::co, Pollutant::o3, Pollutant::pm10, Pollutant::pm25};

constexpr int index(Pollutant p) { return static_cast<int>(p); }
// "SO2", "NO2", "CO", "O3", "PM10", "PM2.5".
std::string_view code(Pollutant p);
// CO is published with one decimal (mg/m³), the others as integers (µg/m³);
// GB/T 8170 rounds to this many decimals in 2026.
constexpr int published_decimals(Pollutant p) { return p == Pollutant::co ? 1 : 0; }

// A set of pollutants, e.g. the primary pollutants of an hour (ties are all
// listed). Bit i is the pollutant with index i.
struct PollutantSet {
  uint8_t bits = 0;

  constexpr bool empty() const { return bits == 0; }
  constexpr bool contains(Pollutant p) const { return bits & (1u << index(p)); }
  constexpr void insert(Pollutant p) { bits |= uint8_t(1u << index(p)); }
  friend constexpr bool operator==(PollutantSet, PollutantSet) = default;
};
// The codes in column order joined by ';' ("PM10;PM2.5"), "" for none.
std::string to_string(PollutantSet s);

// The technical regulation that applies. HJ 633-2026 replaced HJ 633-2012
// from 2026-03-01 (Beijing time); its PM breakpoints must not be applied to
// earlier data.
enum class Edition : uint8_t { hj633_2012, hj633_2026 };
// "2012" or "2026" (the CLI's --edition words).
std::string_view code(Edition e);
inline constexpr Date kEdition2026From = Date{std::chrono::year{2026} / 3 / 1};
// The edition of a natural day (Beijing time).
constexpr Edition edition_for_day(Date natural_day) {
  return natural_day < kEdition2026From ? Edition::hj633_2012 : Edition::hj633_2026;
}

// The exact mean sum / count of `count` Milli values; count == 0 = missing
// (too few valid hours, or no data). Kept as a fraction because HJ 633-2012
// computes the IAQI of the unrounded mean and GB/T 8170 (2026) must round it
// once, from the exact value.
struct Mean {
  int64_t sum = 0;
  int32_t count = 0;

  constexpr bool valid() const { return count > 0; }
  static constexpr Mean of(Milli v) { return v < 0 ? Mean{} : Mean{v, 1}; }
};

// An IAQI or AQI: 0 … 500, or kIndexNa (missing, or not published).
using Index = int16_t;
inline constexpr Index kIndexNa = -1;
inline constexpr Index kIndexMax = 500;

}  // namespace lantian::aq
