// /api/v1/units: list, tree, get, create, update, disable, enable.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

app::UnitInput read_unit(JsonInput& in) {
  app::UnitInput u;
  u.name = in.string("name");
  u.kind = in.string("kind");
  u.parent_id = in.nullable_integer("parent_id");
  u.division_code = in.string("division_code");
  if (in.has("division_code") && !u.division_code) u.division_code = std::string();  // null clears it
  u.party_secretary = in.person("party_secretary");
  u.government_head = in.person("government_head");
  u.contacts = in.contacts("contacts");
  return u;
}

json::object node_json(const app::UnitNode& n) {
  json::array kids;
  for (const auto& k : n.children) kids.push_back(node_json(k));
  return {{"id", n.unit.id},
          {"name", n.unit.name},
          {"kind", n.unit.kind},
          {"division_code",
           n.unit.division_code.empty() ? json::value(nullptr) : json::value(n.unit.division_code)},
          {"disabled", n.unit.disabled},
          {"children", std::move(kids)}};
}

// Reads {"version": N} for disable/enable.
Result<int64_t> read_version(const std::string& body) {
  LT_ASSIGN(auto in, JsonInput::parse(body));
  auto v = in.integer("version");
  LT_TRY(in.finish());
  if (!v) return Error::field("version", "version_required", {});
  return *v;
}

}  // namespace

void add_unit_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/units", Access::user, "units.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"name", "kind", "division_code", "id", "path"}, "path"));
    store::units::Filter f;
    API_ASSIGN(f.parent_id, q.integer("parent_id"));
    f.kind = q.str("kind");
    f.q = q.str("q");
    API_ASSIGN(f.include_disabled, q.boolean("include_disabled", false));
    API_ASSIGN(auto result, s.org.list(c.actor(), f, page));
    return page_json_response(result, page, app::write_unit_json);
  });
  r.add("GET", "/api/v1/units/tree", Access::user, "units.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(bool include_disabled, q.boolean("include_disabled", true));
    API_ASSIGN(auto roots, s.org.tree(c.actor(), include_disabled));
    json::array items;
    for (const auto& n : roots) items.push_back(node_json(n));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/units/{id}", Access::user, "units.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto u, s.org.get(c.actor(), *id));
    return json_response(200, app::unit_view(u));
  });
  r.add("POST", "/api/v1/units", Access::user, "units.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_unit(in);
    API_TRY(in.finish());
    API_ASSIGN(auto u, s.org.create(c.actor(), input));
    return json_response(201, app::unit_view(u));
  });
  r.add("PATCH", "/api/v1/units/{id}", Access::user, "units.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_unit(in);
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", "version_required", {}));
    input.version = *version;
    API_ASSIGN(auto u, s.org.update(c.actor(), *id, input));
    return json_response(200, app::unit_view(u));
  });
  for (bool disable : {true, false}) {
    r.add("POST", disable ? "/api/v1/units/{id}/disable" : "/api/v1/units/{id}/enable", Access::user,
          "units.write", [&s, disable](RouteContext& c) {
            auto id = c.id();
            if (!id) return problem(bad_id());
            API_ASSIGN(auto version, read_version(c.req.body));
            API_ASSIGN(auto u, s.org.set_disabled(c.actor(), *id, version, disable));
            return json_response(200, app::unit_view(u));
          });
  }
}

}  // namespace lantian::api
