// Coordinates: Lantian stores WGS-84 (longitude, latitude in degrees), and
// takes GCJ-02 (the datum Chinese web maps publish: Amap, Tencent; the
// district boundary shipped in resources/) and BD-09 (Baidu) on input and in
// imports. GCJ-02 is WGS-84 shifted by a published, non-invertible formula
// (hundreds of metres); BD-09 is GCJ-02 shifted again. Both shifts apply only
// inside China (a rough box, as every implementation of the formula has it);
// outside it GCJ-02 is WGS-84.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lantian {

struct LngLat {
  double lng = 0, lat = 0;
};

enum class Datum { wgs84, gcj02, bd09 };

// "wgs84" | "gcj02" | "bd09", as the API and imports name them.
std::optional<Datum> datum_named(std::string_view name);
std::string_view datum_name(Datum d);

// Whether the point is inside the box where GCJ-02 differs from WGS-84.
bool in_china_box(LngLat p);

LngLat wgs84_to_gcj02(LngLat p);
// The inverse, by iteration: the WGS-84 point whose GCJ-02 shift lands on p,
// to within 1e-9 degrees (about 0.1 mm).
LngLat gcj02_to_wgs84(LngLat p);
LngLat gcj02_to_bd09(LngLat p);
// The inverse, by iteration as well (to within 1e-9 degrees).
LngLat bd09_to_gcj02(LngLat p);

// A point given in `from` as WGS-84, and back.
LngLat to_wgs84(LngLat p, Datum from);
LngLat from_wgs84(LngLat p, Datum to);

// Great-circle distance in metres (haversine, mean Earth radius): what "the
// photo was taken more than 500 m from the site" compares.
double distance_m(LngLat a, LngLat b);

// Longitude in [-180, 180] and latitude in [-90, 90], both finite.
bool valid_lnglat(LngLat p);

// An area on the map (a district, a township): polygons of WGS-84 rings,
// each an outer ring with holes. Rings need not repeat their first point.
using Ring = std::vector<LngLat>;
struct Polygon {
  Ring outer;
  std::vector<Ring> holes;
};
struct Area {
  std::string name;  // "禹王台区"
  std::string code;  // "410205" (the administrative division code)
  std::vector<Polygon> polygons;
};

// Whether p lies inside the area (even-odd rule per polygon; a point on an
// edge may fall either way).
bool contains(const Area& area, LngLat p);

}  // namespace lantian
