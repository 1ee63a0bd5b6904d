// A point as the API and imports take it: longitude and latitude in the
// datum the client has them in (WGS-84; GCJ-02 from Amap or Tencent; BD-09
// from Baidu, core/geo.h), and the one check every record with a point
// (ledger rows, enterprises) makes before storing it as WGS-84.
//
// Thread-safety: plain values; pure functions.
#pragma once

#include <variant>

#include "core/error.h"
#include "core/geo.h"

namespace lantian::app {

struct LocationInput {
  LngLat point;
  Datum datum = Datum::wgs84;  // converted to WGS-84 before storing
};

// The point as stored (WGS-84), or why not: out_of_range {min, max} when it
// is no point or lies outside China (the box the datum shifts apply in).
inline std::variant<LngLat, Issue> stored_location(const LocationInput& in) {
  LngLat p = to_wgs84(in.point, in.datum);
  if (!valid_lnglat(in.point) || !in_china_box(p))
    return issue("out_of_range", {{"min", "73,3"}, {"max", "136,54"}});
  return p;
}

}  // namespace lantian::app
