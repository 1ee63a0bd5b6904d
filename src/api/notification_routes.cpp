// /api/v1/notifications: the caller's own inbox.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

void add_notification_routes(Router& r, Services& s) {
  // Every logged-in user has an inbox: no permission, only their own rows.
  r.add("GET", "/api/v1/notifications", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    API_ASSIGN(bool unread, q.boolean("unread", false));
    API_ASSIGN(auto result, s.notifications.list(c.actor(), unread, page));
    return page_response(result, page, [](const auto& n, auto sp) { return app::notification_view(n, sp); });
  });
  r.add("GET", "/api/v1/notifications/unread-count", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto n, s.notifications.unread_count(c.actor()));
    return json_response(200, json::object{{"unread", n}});
  });
  r.add("POST", "/api/v1/notifications/read-all", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto n, s.notifications.mark_all_read(c.actor()));
    return json_response(200, json::object{{"marked", n}});
  });
  r.add("POST", "/api/v1/notifications/{id}/read", Access::user, "", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto n, s.notifications.mark_read(c.actor(), *id));
    return json_response(200, app::notification_view(n));
  });
}

}  // namespace lantian::api
