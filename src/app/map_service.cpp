#include "app/map_service.h"

#include "core/shipped_geo.h"
#include "io/geojson.h"

namespace lantian::app {

Result<MapService> MapService::make(MapOptions options) {
  std::string text = options.boundary_geojson;
  Datum datum = options.boundary_datum;
  if (text.empty()) {
    for (const auto& f : shipped_geo())
      if (f.file == "yuwangtai-gcj02.geojson") text = f.text;
    datum = Datum::gcj02;
  }
  auto areas = io::read_geojson_areas(text, datum);
  if (!areas.ok()) return Error::invalid("map boundary: " + areas.error().message);
  MapService m;
  m.options_ = std::move(options);
  m.areas_ = std::move(areas).value();
  // The centre of the boundary's bounding box (WGS-84), shown in the display datum.
  double w = 180, e = -180, s = 90, n = -90;
  for (const auto& a : m.areas_)
    for (const auto& p : a.polygons)
      for (const auto& q : p.outer) {
        w = std::min(w, q.lng), e = std::max(e, q.lng), s = std::min(s, q.lat), n = std::max(n, q.lat);
      }
  m.centre_ = m.display(LngLat{(w + e) / 2, (s + n) / 2});
  m.boundary_json_ = io::write_geojson_areas(m.areas_, m.datum());
  return m;
}

}  // namespace lantian::app
