#include "core/geo.h"

#include <algorithm>
#include <cmath>

namespace lantian {
namespace {

constexpr double kPi = 3.14159265358979323846;
// The GCJ-02 formula's ellipsoid (Krasovsky 1940), as published with it.
constexpr double kA = 6378245.0;
constexpr double kEE = 0.00669342162296594323;
constexpr double kXPi = kPi * 3000.0 / 180.0;  // BD-09's own constant

double shift_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double shift_lng(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::fabs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

}  // namespace

std::optional<Datum> datum_named(std::string_view name) {
  if (name == "wgs84") return Datum::wgs84;
  if (name == "gcj02") return Datum::gcj02;
  if (name == "bd09") return Datum::bd09;
  return std::nullopt;
}

std::string_view datum_name(Datum d) {
  switch (d) {
    case Datum::wgs84:
      return "wgs84";
    case Datum::gcj02:
      return "gcj02";
    case Datum::bd09:
      return "bd09";
  }
  return "wgs84";
}

bool in_china_box(LngLat p) {
  return p.lng >= 72.004 && p.lng <= 137.8347 && p.lat >= 0.8293 && p.lat <= 55.8271;
}

LngLat wgs84_to_gcj02(LngLat p) {
  if (!in_china_box(p)) return p;
  double dlat = shift_lat(p.lng - 105.0, p.lat - 35.0);
  double dlng = shift_lng(p.lng - 105.0, p.lat - 35.0);
  double rad = p.lat / 180.0 * kPi;
  double magic = 1 - kEE * std::sin(rad) * std::sin(rad);
  double sq = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kA * (1 - kEE)) / (magic * sq) * kPi);
  dlng = (dlng * 180.0) / (kA / sq * std::cos(rad) * kPi);
  return {p.lng + dlng, p.lat + dlat};
}

LngLat gcj02_to_wgs84(LngLat p) {
  if (!in_china_box(p)) return p;
  // The shift changes slowly: step the guess by what its shift misses.
  LngLat w = p;
  for (int i = 0; i < 30; ++i) {
    LngLat g = wgs84_to_gcj02(w);
    double dlng = p.lng - g.lng, dlat = p.lat - g.lat;
    w.lng += dlng, w.lat += dlat;
    if (std::fabs(dlng) < 1e-10 && std::fabs(dlat) < 1e-10) break;
  }
  return w;
}

LngLat gcj02_to_bd09(LngLat p) {
  double z = std::sqrt(p.lng * p.lng + p.lat * p.lat) + 0.00002 * std::sin(p.lat * kXPi);
  double theta = std::atan2(p.lat, p.lng) + 0.000003 * std::cos(p.lng * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

LngLat bd09_to_gcj02(LngLat p) {
  // The usual closed form is off by up to ~15 cm; refine it against the
  // forward shift as gcj02_to_wgs84 does.
  double x = p.lng - 0.0065, y = p.lat - 0.006;
  double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  LngLat g{z * std::cos(theta), z * std::sin(theta)};
  for (int i = 0; i < 30; ++i) {
    LngLat b = gcj02_to_bd09(g);
    double dlng = p.lng - b.lng, dlat = p.lat - b.lat;
    g.lng += dlng, g.lat += dlat;
    if (std::fabs(dlng) < 1e-10 && std::fabs(dlat) < 1e-10) break;
  }
  return g;
}

LngLat to_wgs84(LngLat p, Datum from) {
  switch (from) {
    case Datum::wgs84:
      return p;
    case Datum::gcj02:
      return gcj02_to_wgs84(p);
    case Datum::bd09:
      return gcj02_to_wgs84(bd09_to_gcj02(p));
  }
  return p;
}

LngLat from_wgs84(LngLat p, Datum to) {
  switch (to) {
    case Datum::wgs84:
      return p;
    case Datum::gcj02:
      return wgs84_to_gcj02(p);
    case Datum::bd09:
      return gcj02_to_bd09(wgs84_to_gcj02(p));
  }
  return p;
}

double distance_m(LngLat a, LngLat b) {
  constexpr double kR = 6371008.8;  // mean Earth radius (IUGG)
  double la1 = a.lat * kPi / 180, la2 = b.lat * kPi / 180;
  double dla = la2 - la1, dlo = (b.lng - a.lng) * kPi / 180;
  double h = std::sin(dla / 2) * std::sin(dla / 2) +
             std::cos(la1) * std::cos(la2) * std::sin(dlo / 2) * std::sin(dlo / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(h)));
}

bool valid_lnglat(LngLat p) {
  return std::isfinite(p.lng) && std::isfinite(p.lat) && p.lng >= -180 && p.lng <= 180 && p.lat >= -90 &&
         p.lat <= 90;
}

namespace {
bool in_ring(const Ring& ring, LngLat p) {
  bool in = false;
  for (size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
    const LngLat &a = ring[i], &b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat) &&
        p.lng < (b.lng - a.lng) * (p.lat - a.lat) / (b.lat - a.lat) + a.lng)
      in = !in;
  }
  return in;
}
}  // namespace

bool contains(const Area& area, LngLat p) {
  for (const auto& poly : area.polygons) {
    if (poly.outer.size() < 3 || !in_ring(poly.outer, p)) continue;
    bool in_hole = false;
    for (const auto& h : poly.holes) in_hole = in_hole || (h.size() >= 3 && in_ring(h, p));
    if (!in_hole) return true;
  }
  return false;
}

}  // namespace lantian
