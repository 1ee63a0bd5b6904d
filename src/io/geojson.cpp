#include "io/geojson.h"

#include <boost/json.hpp>
#include <cmath>
#include <string>

namespace lantian::io {
namespace {

namespace json = boost::json;

struct Reader {
  Datum datum;
  std::string problem;  // the first one

  bool fail(std::string what) {
    if (problem.empty()) problem = std::move(what);
    return false;
  }

  bool point(const json::value& v, LngLat& out) {
    const json::array* a = v.if_array();
    if (!a || a->size() < 2 || !(*a)[0].is_number() || !(*a)[1].is_number())
      return fail("a coordinate must be [longitude, latitude]");
    LngLat p{(*a)[0].to_number<double>(), (*a)[1].to_number<double>()};
    if (!valid_lnglat(p))
      return fail("a coordinate is out of range: [" + std::to_string(p.lng) + ", " + std::to_string(p.lat) +
                  "]");
    out = to_wgs84(p, datum);
    return true;
  }

  bool ring(const json::value& v, Ring& out) {
    const json::array* a = v.if_array();
    if (!a || a->size() < 3) return fail("a ring needs at least three positions");
    for (const auto& p : *a) {
      LngLat q;
      if (!point(p, q)) return false;
      out.push_back(q);
    }
    return true;
  }

  bool polygon(const json::value& v, Polygon& out) {
    const json::array* a = v.if_array();
    if (!a || a->empty()) return fail("a polygon needs its outer ring");
    if (!ring((*a)[0], out.outer)) return false;
    for (size_t i = 1; i < a->size(); ++i) {
      Ring hole;
      if (!ring((*a)[i], hole)) return false;
      out.holes.push_back(std::move(hole));
    }
    return true;
  }

  // Appends the polygons of a geometry (nothing for other kinds).
  bool geometry(const json::value& v, Area& area) {
    const json::object* g = v.if_object();
    if (!g) return fail("a geometry must be an object");
    const json::value* type = g->if_contains("type");
    const json::value* coords = g->if_contains("coordinates");
    if (!type || !type->is_string()) return fail("a geometry needs a \"type\"");
    std::string_view t = type->get_string();
    if (t != "Polygon" && t != "MultiPolygon") return true;
    if (!coords) return fail("a geometry needs \"coordinates\"");
    if (t == "Polygon") {
      Polygon p;
      if (!polygon(*coords, p)) return false;
      area.polygons.push_back(std::move(p));
      return true;
    }
    const json::array* many = coords->if_array();
    if (!many) return fail("a MultiPolygon's coordinates must be a list of polygons");
    for (const auto& pv : *many) {
      Polygon p;
      if (!polygon(pv, p)) return false;
      area.polygons.push_back(std::move(p));
    }
    return true;
  }

  static std::string property(const json::object* props, std::initializer_list<const char*> keys) {
    if (!props) return "";
    for (const char* k : keys)
      if (const json::value* v = props->if_contains(k)) {
        if (v->is_string()) return std::string(v->get_string());
        if (v->is_int64()) return std::to_string(v->get_int64());
        if (v->is_uint64()) return std::to_string(v->get_uint64());
      }
    return "";
  }

  bool feature(const json::object& f, std::vector<Area>& out) {
    Area area;
    const json::value* props = f.if_contains("properties");
    area.name = property(props ? props->if_object() : nullptr, {"name"});
    area.code = property(props ? props->if_object() : nullptr, {"adcode", "code"});
    const json::value* g = f.if_contains("geometry");
    if (!g || g->is_null()) return true;
    if (!geometry(*g, area)) return false;
    if (!area.polygons.empty()) out.push_back(std::move(area));
    return true;
  }
};

}  // namespace

Result<std::vector<Area>> read_geojson_areas(std::string_view text, Datum datum) {
  boost::system::error_code ec;
  json::value doc = json::parse(text, ec);
  if (ec) return Error::invalid("not GeoJSON: " + ec.message());
  const json::object* root = doc.if_object();
  if (!root) return Error::invalid("not GeoJSON: the document must be an object");
  Reader r{datum, ""};
  std::vector<Area> out;
  const json::value* type = root->if_contains("type");
  std::string_view t = type && type->is_string() ? std::string_view(type->get_string()) : "";
  bool ok = true;
  if (t == "FeatureCollection") {
    const json::value* fs = root->if_contains("features");
    if (!fs || !fs->is_array()) return Error::invalid("not GeoJSON: a FeatureCollection needs \"features\"");
    for (const auto& f : fs->get_array()) {
      if (!f.is_object()) {
        ok = r.fail("a feature must be an object");
        break;
      }
      if (!(ok = r.feature(f.get_object(), out))) break;
    }
  } else if (t == "Feature") {
    ok = r.feature(*root, out);
  } else {
    Area area;
    ok = r.geometry(doc, area);
    if (ok && !area.polygons.empty()) out.push_back(std::move(area));
  }
  if (!ok) return Error::invalid("GeoJSON: " + r.problem);
  if (out.empty()) return Error::invalid("GeoJSON: no Polygon or MultiPolygon in it");
  return out;
}

std::string write_geojson_areas(const std::vector<Area>& areas, Datum datum) {
  auto ring = [&](const Ring& r) {
    json::array out;
    out.reserve(r.size() + 1);
    auto add = [&](LngLat p) {
      p = from_wgs84(p, datum);
      out.push_back(json::array{std::round(p.lng * 1e6) / 1e6, std::round(p.lat * 1e6) / 1e6});
    };
    for (const auto& p : r) add(p);
    if (!r.empty()) add(r.front());  // GeoJSON closes its rings
    return out;
  };
  json::array features;
  for (const auto& a : areas) {
    json::array polygons;
    for (const auto& p : a.polygons) {
      json::array rings{ring(p.outer)};
      for (const auto& h : p.holes) rings.push_back(ring(h));
      polygons.push_back(std::move(rings));
    }
    features.push_back(json::object{
        {"type", "Feature"},
        {"properties", json::object{{"name", a.name}, {"adcode", a.code}}},
        {"geometry", json::object{{"type", "MultiPolygon"}, {"coordinates", std::move(polygons)}}}});
  }
  return json::serialize(json::object{{"type", "FeatureCollection"}, {"features", std::move(features)}});
}

}  // namespace lantian::io
