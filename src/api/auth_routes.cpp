// /api/v1/auth/...: login, logout, me, password change, API tokens.
#include <algorithm>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "app/views.h"
#include "core/roles.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

json::object me_json(const app::Authenticated& a) {
  json::array perms;
  for (const auto& p : a.actor.grant.permissions) perms.push_back(json::value(p));
  return {{"user", app::user_view(a.user)},  {"csrf_token", a.session.csrf_token},
          {"permissions", std::move(perms)}, {"scope", a.actor.grant.scope == Scope::all ? "all" : "subtree"},
          {"scope_unit_id", a.user.unit_id}, {"start_page", start_page_for(a.user.roles)}};
}

std::string session_cookie(const std::string& token, bool secure) {
  return "lantian_session=" + token + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace

void add_auth_routes(Router& r, Services& s) {
  r.add("POST", "/api/v1/auth/login", Access::open, "", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto username = in.string("username");
    auto password = in.string("password");
    API_TRY(in.finish());
    std::vector<FieldError> errs;
    if (!username || username->empty()) errs.push_back({"username", issue("required")});
    if (!password || password->empty()) errs.push_back({"password", issue("required")});
    if (!errs.empty()) return problem(Error::validation(std::move(errs)));
    if (username->size() > 64 || password->size() > 256) return problem(Error::make("wrong_credentials"));
    API_ASSIGN(auto res, s.accounts.login(*username, *password, c.req.remote_address));
    app::Authenticated a{app::actor_for(res.user, res.session.id, c.req.remote_address), res.user,
                         res.session};
    json::object body = me_json(a);
    body["token"] = res.token;
    body["expires_at"] = res.session.expires_at;
    auto resp = json_response(200, body);
    resp.add_header("set-cookie", session_cookie(res.token, s.options.cookie_secure));
    return resp;
  });
  r.add("POST", "/api/v1/auth/logout", Access::any_user, "", [&s](RouteContext& c) {
    API_TRY(s.accounts.logout(c.actor()));
    auto resp = no_content();
    resp.add_header("set-cookie", "lantian_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return resp;
  });
  r.add("GET", "/api/v1/auth/me", Access::any_user, "",
        [](RouteContext& c) { return json_response(200, me_json(*c.auth)); });
  r.add("POST", "/api/v1/auth/password", Access::any_user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto current = in.string("current_password");
    auto next = in.string("new_password");
    API_TRY(in.finish());
    std::vector<FieldError> errs;
    if (!current) errs.push_back({"current_password", issue("required")});
    if (!next) errs.push_back({"new_password", issue("required")});
    if (!errs.empty()) return problem(Error::validation(std::move(errs)));
    API_TRY(s.accounts.change_password(c.actor(), *current, *next));
    return no_content();
  });
  r.add("GET", "/api/v1/auth/tokens", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto tokens, s.accounts.list_tokens(c.actor()));
    json::array items;
    for (const auto& t : tokens) items.push_back(app::token_view(t));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("POST", "/api/v1/auth/tokens", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto name = in.string("name");
    auto days = in.integer("expires_in_days");
    API_TRY(in.finish());
    if (!name) return problem(Error::field("name", "required", {}));
    std::optional<int> d;
    // The service checks the range (1..kMaxTokenDays); clamp so that a huge
    // number cannot overflow int on the way.
    if (days) d = int(std::clamp<int64_t>(*days, -1, 100000));
    API_ASSIGN(auto created, s.accounts.create_token(c.actor(), *name, d));
    json::object body = app::token_view(created.first);
    body["token"] = created.second;
    return json_response(201, body);
  });
  r.add("DELETE", "/api/v1/auth/tokens/{id}", Access::user, "", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_TRY(s.accounts.revoke_token(c.actor(), *id));
    return no_content();
  });
}

}  // namespace lantian::api
