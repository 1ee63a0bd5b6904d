#include "aq/iaqi.h"

namespace lantian::aq {
namespace {

// Breakpoints in whole units (µg/m³; mg/m³ for CO) as the tables print them,
// scaled to Milli at compile time.
constexpr Breakpoints row(std::initializer_list<int> units) {
  Breakpoints b{};
  b.count = 0;
  for (int u : units) b.bp[b.count++] = u * kMilliPerUnit;
  return b;
}

// HJ 633-2012 Table 1, indexed by Indicator.
constexpr std::array<Breakpoints, kIndicatorCount> k2012 = {
    row({0, 50, 150, 475, 800, 1600, 2100, 2620}),    // so2_24h
    row({0, 150, 500, 650, 800}),                     // so2_1h
    row({0, 40, 80, 180, 280, 565, 750, 940}),        // no2_24h
    row({0, 100, 200, 700, 1200, 2340, 3090, 3840}),  // no2_1h
    row({0, 2, 4, 14, 24, 36, 48, 60}),               // co_24h (mg/m³)
    row({0, 5, 10, 35, 60, 90, 120, 150}),            // co_1h (mg/m³)
    row({0, 160, 200, 300, 400, 800, 1000, 1200}),    // o3_1h
    row({0, 100, 160, 215, 265, 800}),                // o3_8h
    row({0, 50, 150, 250, 350, 420, 500, 600}),       // pm10_24h
    row({0, 35, 75, 115, 150, 250, 350, 500}),        // pm25_24h
};

// HJ 633-2026 Table 3: the 2012 table with PM10 120 and PM2.5 60 at IAQI 100.
constexpr std::array<Breakpoints, kIndicatorCount> k2026 = [] {
  auto t = k2012;
  t[static_cast<int>(Indicator::pm10_24h)] = row({0, 50, 120, 250, 350, 420, 500, 600});
  t[static_cast<int>(Indicator::pm25_24h)] = row({0, 35, 60, 115, 150, 250, 350, 500});
  return t;
}();

static_assert(k2026[static_cast<int>(Indicator::so2_1h)].bp[4] == 800 * kMilliPerUnit);
static_assert(k2026[static_cast<int>(Indicator::o3_8h)].bp[5] == 800 * kMilliPerUnit);

}  // namespace

const Breakpoints& breakpoints(Indicator i, Edition e) {
  return (e == Edition::hj633_2012 ? k2012 : k2026)[static_cast<int>(i)];
}

Index iaqi(Indicator i, Edition e, Milli c) {
  const Breakpoints& b = breakpoints(i, e);
  int k = 1;
  while (k < b.count && c > b.bp[k]) ++k;
  if (k == b.count) return iaqi(i, e, c, 1);  // over the table: the rules below
  // The hourly path: with C on the table, ΔI·(C − BP_lo) ≤ 100 · 3 840 000
  // fits 32 bits, and a 32-bit division is the cheaper one.
  const uint32_t a = uint32_t(kIaqiSteps[k] - kIaqiSteps[k - 1]) * uint32_t(c - b.bp[k - 1]);
  const uint32_t d = uint32_t(b.bp[k] - b.bp[k - 1]);
  return static_cast<Index>(kIaqiSteps[k - 1] + (a + d - 1) / d);
}

Index iaqi(Indicator i, Edition e, int64_t num, int64_t den) {
  const Breakpoints& b = breakpoints(i, e);
  // C ≤ BP[k] ⇔ num ≤ den·BP[k]: the first segment that holds C. A value on
  // a breakpoint gives the same IAQI from either neighbouring segment.
  int k = 1;
  while (k < b.count && num > den * b.bp[k]) ++k;
  if (k == b.count) {
    if (i == Indicator::so2_1h) return e == Edition::hj633_2026 ? Index{200} : kIndexNa;
    if (i == Indicator::o3_8h) return e == Edition::hj633_2026 ? Index{300} : kIndexNa;
    return kIndexMax;
  }
  const int64_t di = kIaqiSteps[k] - kIaqiSteps[k - 1];
  const int64_t a = di * (num - den * b.bp[k - 1]);  // ≥ 0
  const int64_t d = den * (b.bp[k] - b.bp[k - 1]);   // > 0
  return static_cast<Index>(kIaqiSteps[k - 1] + (a + d - 1) / d);
}

}  // namespace lantian::aq
