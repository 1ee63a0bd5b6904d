#include "aq/aqi.h"

namespace lantian::aq {

AqiSummary combine(const Index* iaqi, const Pollutant* pollutant, int n, bool complete, MissingRule rule) {
  AqiSummary s;
  Index max = kIndexNa;
  for (int i = 0; i < n; ++i)
    if (iaqi[i] > max) max = iaqi[i];
  if (max == kIndexNa) return s;
  if (!complete && rule == MissingRule::above_100 && max <= 100) return s;
  s.aqi = max;
  s.level = level_of(max);
  if (max > 50)
    for (int i = 0; i < n; ++i)
      if (iaqi[i] == max) s.primary.insert(pollutant[i]);
  return s;
}

}  // namespace lantian::aq
