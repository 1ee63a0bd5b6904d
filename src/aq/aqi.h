// From IAQIs to the AQI (formula 2): the maximum IAQI, the primary
// pollutants and the level, with each edition's rule for missing items.
//
//   AQI = max IAQI over the items present.
//   Primary pollutants (首要污染物): when AQI > 50, every pollutant whose
//     IAQI equals the AQI (ties are all listed); none when AQI ≤ 50.
//   Missing items: HJ 633-2026 §5.3.1 — the AQI of the remaining items is
//     published only when it is above 100; otherwise AQI, level and primary
//     pollutant are NA (the IAQIs are still reported). HJ 633-2012 has no
//     such rule and CNEMC published the AQI of the remaining items (e.g.
//     2023-01-22 1319A: PM2.5 missing, AQI 180 from PM10), so 2012 does.
//     (§5.3.2's exemption for pollutants outside a monitoring plan needs
//     three years of records and is not applied here.)
//   No item at all: NA in both editions.
//
// Thread-safety: pure function.
#pragma once

#include "aq/level.h"
#include "aq/types.h"

namespace lantian::aq {

struct AqiSummary {
  Index aqi = kIndexNa;
  PollutantSet primary;
  Level level = Level::none;
};

// iaqi[i] (kIndexNa = missing) is an IAQI of pollutant[i]; n ≤ 8 items.
// complete: every item the report requires is present (an item the
// standard replaces by another, e.g. 2012 O3 8-hour above 800 by O3 1-hour,
// is not missing).
AqiSummary combine(const Index* iaqi, const Pollutant* pollutant, int n, bool complete, Edition e);

}  // namespace lantian::aq
