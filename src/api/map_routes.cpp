// /api/v1/map: what the web map (一张图) draws — its tiles and the district
// boundary (app/map_service.h) and the located ledger rows the reader sees,
// all in the datum the tiles are drawn in.
#include <cmath>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

constexpr size_t kMaxPoints = 20000;

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

}  // namespace

void add_map_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/map/config", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_TRY(s.ledgers.types(c.actor()));  // the map shows the ledgers: their readers see it
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
    return json_response(200,
                         json::object{{"datum", datum_name(s.map.datum())},
                                      {"tiles", std::move(tiles)},
                                      {"boundary", std::move(boundary)},
                                      {"center", json::object{{"lng", centre.lng}, {"lat", centre.lat}}}});
  });
  r.add("GET", "/api/v1/map/points", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    auto layers = split_commas(q.str("layers"));
    if (layers.empty()) return problem(Error::make("query_required", {{"name", "layers"}}));
    API_ASSIGN(auto pts, s.ledgers.map_points(c.actor(), layers, split_commas(q.str("status")), kMaxPoints));
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
