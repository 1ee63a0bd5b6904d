// /api/v1/map: what the web map (一张图) draws — its tiles and the district
// boundary (app/map_service.h), its layers (app/map_layers.h) and the
// located records of the layers chosen that the reader sees, all in the
// datum the tiles are drawn in.
#include <cmath>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

constexpr size_t kMaxPoints = 20000;

json::object label_json(const Label& l) { return json::object{{"zh-CN", l.zh}, {"en", l.en}}; }

json::array layers_json(const std::vector<app::MapLayerView>& layers) {
  json::array out;
  for (const auto& l : layers) {
    json::array statuses;
    for (const auto& st : l.statuses)
      statuses.push_back(
          json::object{{"code", st.code}, {"label", label_json(st.label)}, {"color", st.color}});
    out.push_back(json::object{{"name", l.name},
                               {"kind", l.kind},
                               {"label", label_json(l.label)},
                               {"statuses", std::move(statuses)}});
  }
  return out;
}

}  // namespace

void add_map_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/map/config", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto layers, s.map_layers.layers(c.actor()));
    const auto& o = s.map.options();
    json::value tiles = nullptr;
    if (!o.tile_url.empty())
      tiles = json::object{{"url", o.tile_url},
                           {"attribution", o.tile_attribution},
                           {"subdomains", o.tile_subdomains},
                           {"max_zoom", o.max_zoom}};
    boost::system::error_code ec;
    json::value boundary = json::parse(s.map.boundary_geojson(), ec);
    LngLat centre = s.map.centre();
    return json_response(200, json::object{{"datum", datum_name(s.map.datum())},
                                           {"tiles", std::move(tiles)},
                                           {"boundary", std::move(boundary)},
                                           {"center", json::object{{"lng", centre.lng}, {"lat", centre.lat}}},
                                           {"layers", layers_json(layers)}});
  });
  r.add("GET", "/api/v1/map/points", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    auto layers = q.list("layers");
    if (layers.empty()) return problem(Error::make("query_required", {{"name", "layers"}}));
    API_ASSIGN(auto pts, s.map_layers.points(c.actor(), layers, q.list("status"), kMaxPoints));
    json::array items;
    items.reserve(pts.items.size());
    for (const auto& p : pts.items) {
      LngLat d = s.map.display(p.at);
      items.push_back(json::object{{"id", p.id},
                                   {"layer", p.layer},
                                   {"title", p.title},
                                   {"status", p.status},
                                   {"unit", p.unit_name},
                                   {"lng", std::round(d.lng * 1e6) / 1e6},
                                   {"lat", std::round(d.lat * 1e6) / 1e6}});
    }
    return json_response(200, json::object{{"datum", datum_name(s.map.datum())},
                                           {"items", std::move(items)},
                                           {"truncated", pts.truncated}});
  });
}

}  // namespace lantian::api
