// /api/v1/audit: browse the audit log and verify its hash chain.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"
#include "app/audit.h"
#include "app/views.h"
#include "core/clock.h"
#include "store/audit_repo.h"

namespace lantian::api {

namespace json = boost::json;

void add_audit_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/audit", Access::user, "audit.read", [&s](RouteContext& c) {
    if (!c.actor().can("audit.read"))
      return problem(Error::make("not_permitted", {{"permission", "audit.read"}}));
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    store::audit::Filter f;
    f.entity = q.str("entity");
    f.entity_id = q.str("entity_id");
    API_ASSIGN(f.actor_id, q.integer("actor_id"));
    f.action = q.str("action");
    if (std::string cat = q.str("category"); !cat.empty()) {
      const app::AuditCategory* def = app::find_audit_category(cat);
      if (!def) return problem(Error::make("query_unknown_value", {{"name", "category"}, {"value", cat}}));
      for (auto e : def->entities) f.entities_in.emplace_back(e);
      for (auto a : def->actions) f.actions_in.emplace_back(a);
      for (auto a : def->except_actions) f.actions_not_in.emplace_back(a);
    }
    for (auto [key, dst] : {std::pair{"from", &f.from}, std::pair{"to", &f.to}}) {
      std::string v = q.str(key);
      if (v.empty()) continue;
      auto t = parse_time(v);
      if (!t) return problem(Error::make("query_not_date", {{"name", key}}));
      *dst = format_utc(*t);
    }
    store::PageOf<AuditEntry> result;
    API_TRY(s.db.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(result, store::audit::list(tx, f, page));
      return {};
    }));
    return page_response(result, page, [](const auto& x, auto sp) { return app::audit_view(x, sp); });
  });
  r.add("GET", "/api/v1/audit/verify", Access::user, "audit.read", [&s](RouteContext& c) {
    if (!c.actor().can("audit.read"))
      return problem(Error::make("not_permitted", {{"permission", "audit.read"}}));
    store::audit::VerifyReport rep;
    API_TRY(s.db.read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(rep, store::audit::verify(tx));
      return {};
    }));
    json::object body{{"ok", rep.ok}, {"checked", rep.checked}};
    body["first_bad_id"] = rep.ok ? json::value(nullptr) : json::value(rep.first_bad_id);
    if (!rep.ok) body["reason"] = rep.reason;
    return json_response(200, body);
  });
}

}  // namespace lantian::api
