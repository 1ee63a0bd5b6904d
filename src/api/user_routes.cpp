// /api/v1/users: list, get, create, update, disable, enable, reset password.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

app::UserInput read_user(JsonInput& in) {
  app::UserInput u;
  u.username = in.string("username");
  u.name = in.string("name");
  u.phone = in.string("phone");
  if (in.has("phone") && !u.phone) u.phone = std::string();
  u.unit_id = in.integer("unit_id");
  u.position = in.string("position");
  if (in.has("position") && !u.position) u.position = std::string();
  u.roles = in.string_list("roles");
  u.password = in.string("password");
  return u;
}

}  // namespace

void add_user_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/users", Access::user, "users.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"username", "name", "unit", "id", "created_at"}, "username"));
    store::users::Filter f;
    API_ASSIGN(f.unit_id, q.integer("unit"));
    API_ASSIGN(f.subtree, q.boolean("subtree", true));
    f.q = q.str("q");
    f.role = q.str("role");
    API_ASSIGN(f.include_disabled, q.boolean("include_disabled", false));
    API_ASSIGN(auto result, s.accounts.list(c.actor(), f, page));
    return page_json_response(result, page, app::write_user_json);
  });
  r.add("GET", "/api/v1/users/{id}", Access::user, "users.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto u, s.accounts.get(c.actor(), *id));
    return json_response(200, app::user_view(u));
  });
  r.add("POST", "/api/v1/users", Access::user, "users.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_user(in);
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.accounts.create(c.actor(), input));
    json::object body = app::user_view(created.user);
    if (!created.initial_password.empty()) body["initial_password"] = created.initial_password;
    return json_response(201, body);
  });
  r.add("PATCH", "/api/v1/users/{id}", Access::user, "users.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto input = read_user(in);
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", "version_required", {}));
    input.version = *version;
    API_ASSIGN(auto u, s.accounts.update(c.actor(), *id, input));
    return json_response(200, app::user_view(u));
  });
  for (bool disable : {true, false}) {
    r.add("POST", disable ? "/api/v1/users/{id}/disable" : "/api/v1/users/{id}/enable", Access::user,
          "users.write", [&s, disable](RouteContext& c) {
            auto id = c.id();
            if (!id) return problem(bad_id());
            API_ASSIGN(auto in, JsonInput::parse(c.req.body));
            auto version = in.integer("version");
            API_TRY(in.finish());
            if (!version) return problem(Error::field("version", "version_required", {}));
            API_ASSIGN(auto u, s.accounts.set_disabled(c.actor(), *id, *version, disable));
            return json_response(200, app::user_view(u));
          });
  }
  r.add("POST", "/api/v1/users/{id}/reset-password", Access::user, "users.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    if (!c.req.body.empty()) {
      API_ASSIGN(auto in, JsonInput::parse(c.req.body));
      API_TRY(in.finish());
    }
    API_ASSIGN(auto pw, s.accounts.reset_password(c.actor(), *id));
    return json_response(200, json::object{{"initial_password", pw}});
  });
}

}  // namespace lantian::api
