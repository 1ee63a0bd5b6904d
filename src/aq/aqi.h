// From IAQIs to the AQI (formula 2): the maximum IAQI, the primary
// pollutants and the level, with each edition's rule for missing items.
//
//   AQI = max IAQI over the items present.
//   Primary pollutants (首要污染物): when AQI > 50, every pollutant whose
//     IAQI equals the AQI (ties are all listed); none when AQI ≤ 50.
//   Missing items (MissingRule):
//     above_100 — HJ 633-2026 §5.3.1: the AQI of the remaining items is
//       published only when it is above 100; otherwise AQI, level and
//       primary pollutant are NA (the IAQIs are still reported). Used for
//       every 2026 AQI and for the daily AQI of both editions (a day with a
//       few hours in a file gets no AQI unless what is there is bad).
//     remaining — the AQI of whatever items are present. HJ 633-2012 has
//       no rule; this is how CNEMC published hourly AQIs under it: in
//       tests/fixtures/aq, 814 hours of 2018-01-01 were published at 100 or
//       below with an item missing (and 330 such were not: CNEMC was not
//       consistent; in 2023 it published none such). Publishing from the
//       remaining items reproduces every published hour.
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

enum class MissingRule : uint8_t { above_100, remaining };

// iaqi[i] (kIndexNa = missing) is an IAQI of pollutant[i]; n ≤ 8 items.
// complete: every item the report requires is present (an item the
// standard replaces by another, e.g. 2012 O3 8-hour above 800 by O3 1-hour,
// is not missing); `rule` decides what an incomplete one publishes.
AqiSummary combine(const Index* iaqi, const Pollutant* pollutant, int n, bool complete, MissingRule rule);

}  // namespace lantian::aq
