#include "aq/hourly.h"

#include "aq/iaqi.h"
#include "aq/rounding.h"

namespace lantian::aq {

HourlyAqi hourly_aqi(const HourlyInput& in, Edition e) {
  HourlyAqi out;
  bool complete = true;
  for (Pollutant p : kPollutants) {
    Milli c = in.c[index(p)];
    if (c < 0) {
      complete = false;
      continue;
    }
    if (e == Edition::hj633_2026) c = round_gbt8170(p, c);
    Index v = iaqi(hourly_indicator(p), e, c);
    // 2012 note (2): SO2 above 800 µg/m³ reports its 24-hour IAQI.
    if (v == kIndexNa && p == Pollutant::so2 && in.so2_24h.valid())
      v = iaqi(Indicator::so2_24h, e, in.so2_24h.sum, in.so2_24h.count);
    if (v == kIndexNa) complete = false;
    out.iaqi[index(p)] = v;
  }
  out.summary = combine(out.iaqi.data(), kPollutants.data(), kPollutantCount, complete,
                        e == Edition::hj633_2012 ? MissingRule::remaining : MissingRule::above_100);
  return out;
}

}  // namespace lantian::aq
