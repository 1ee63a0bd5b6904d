// /api/v1/notifications: the caller's own inbox.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

// The reader's language from Accept-Language: English when the first
// language named is English, else Chinese (the users' language).
app::Lang reader_lang(const http::Request& req) {
  std::string_view h = req.header("accept-language");
  while (!h.empty() && h.front() == ' ') h.remove_prefix(1);
  if (h.size() >= 2 && (h[0] == 'e' || h[0] == 'E') && (h[1] == 'n' || h[1] == 'N')) return app::Lang::en;
  return app::Lang::zh;
}

}  // namespace

void add_notification_routes(Router& r, Services& s) {
  // Every logged-in user has an inbox: no permission, only their own rows.
  r.add("GET", "/api/v1/notifications", Access::user, "", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    API_ASSIGN(bool unread, q.boolean("unread", false));
    API_ASSIGN(auto result, s.notifications.list(c.actor(), unread, page, reader_lang(c.req)));
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
    API_ASSIGN(auto n, s.notifications.mark_read(c.actor(), *id, reader_lang(c.req)));
    return json_response(200, app::notification_view(n));
  });
}

}  // namespace lantian::api
