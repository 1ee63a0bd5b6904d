// The map (一张图): what the web map draws under the rows — a tile layer when
// the deployment has one (Tianditu with its key, or an intranet tile
// server), and always the district boundary, so the map is useful offline —
// and the datum it draws in.
//
// Lantian stores WGS-84 (core/geo.h). Tiles drawn in GCJ-02 (Amap, Tencent)
// need every point shifted to fit them; Tianditu (CGCS2000) and OSM-style
// tiles take WGS-84 as it is. display() is that one conversion, applied by
// the server to everything it sends for the map: the web app never converts.
//
// Errors: make_map_service() returns invalid for a boundary file that is not
// GeoJSON with at least one polygon, or an unknown datum.
//
// Thread-safety: immutable after construction.
#pragma once

#include <string>
#include <vector>

#include "core/error.h"
#include "core/geo.h"

namespace lantian::app {

struct MapOptions {
  std::string tile_url;          // Leaflet URL template; "" = no tiles: the boundary alone
  std::string tile_attribution;  // shown in the corner (required by most tile licences)
  std::string tile_subdomains;   // "{s}" values, e.g. "01234567" for Tianditu's t0..t7
  int max_zoom = 18;
  Datum tile_datum = Datum::wgs84;  // what the tiles are drawn in
  // A GeoJSON boundary replacing the shipped 禹王台区 (resources/geo), in
  // boundary_datum; "" = the shipped one.
  std::string boundary_geojson;
  Datum boundary_datum = Datum::gcj02;
};

class MapService {
 public:
  // The district boundary is read once, here.
  static Result<MapService> make(MapOptions options);

  const MapOptions& options() const { return options_; }
  // The datum the map draws in: the tiles' (WGS-84 without tiles).
  Datum datum() const { return options_.tile_url.empty() ? Datum::wgs84 : options_.tile_datum; }
  LngLat display(LngLat wgs84) const { return from_wgs84(wgs84, datum()); }
  // The boundary as GeoJSON in the display datum, and its centre.
  const std::string& boundary_geojson() const { return boundary_json_; }
  LngLat centre() const { return centre_; }
  const std::vector<Area>& areas() const { return areas_; }

 private:
  MapOptions options_;
  std::vector<Area> areas_;  // WGS-84
  std::string boundary_json_;
  LngLat centre_{};
};

}  // namespace lantian::app
