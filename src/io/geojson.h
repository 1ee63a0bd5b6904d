// Areas from GeoJSON (RFC 7946): the district boundaries shipped in
// resources/geo (GCJ-02, as Chinese web maps publish them) or a deployment's
// own (townships drawn by hand). Every vertex is converted to WGS-84, the
// datum Lantian stores (core/geo.h).
//
//   auto areas = read_geojson_areas(text, Datum::gcj02);
//
// Reads a FeatureCollection, a Feature or a bare geometry; Polygon and
// MultiPolygon geometries become areas (other geometries are skipped: a
// boundary file has no business with points and lines). A feature's name
// and code come from its properties "name" and "adcode" (or "code").
//
// Errors: invalid, naming what is wrong: not JSON, no polygon at all, a
// coordinate that is not [longitude, latitude] within range.
//
// Thread-safety: pure function.
#pragma once

#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/geo.h"

namespace lantian::io {

Result<std::vector<Area>> read_geojson_areas(std::string_view text, Datum datum);

// The areas as a GeoJSON FeatureCollection of (Multi)Polygons with
// properties name and adcode, every vertex converted from WGS-84 to `datum`
// (what the map's tiles are drawn in) and rounded to 1e-6 degrees (~10 cm).
std::string write_geojson_areas(const std::vector<Area>& areas, Datum datum);

}  // namespace lantian::io
