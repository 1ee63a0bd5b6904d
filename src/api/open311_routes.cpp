// /open311/v2/...: the Open311 GeoReport v2 API for public complaints
// (app/open311_service.h), in JSON or XML by the path's extension
// (api/open311_format.h). Every route is open: reads need nothing, a POST
// proves itself with its api_key (not a session, so no CSRF token either),
// and answers errors as GeoReport error lists.
#include "api/api.h"
#include "api/open311_format.h"

namespace lantian::api {

namespace {

// OPEN311_ASSIGN(decl, expr): decl from a Result, or answer its error list in format f.
#define OPEN311_ASSIGN(f, decl, expr) OPEN311_ASSIGN_IMPL(LT_CONCAT(o311_res_, __LINE__), f, decl, expr)
#define OPEN311_ASSIGN_IMPL(tmp, f, decl, expr)           \
  auto tmp = (expr);                                      \
  if (!tmp.ok()) return open311_errors((f), tmp.error()); \
  decl = std::move(tmp).value()

// A path whose extension is neither .json nor .xml names no document.
http::Response no_such_format(const RouteContext& c) {
  return open311_errors(Open311Format::json, Error::make("no_such_route", {{"path", c.req.path}}));
}

}  // namespace

void add_open311_routes(Router& r, Services& s) {
  r.add("GET", "/open311/v2/services.{format}", Access::open, "", [&s](RouteContext& c) {
    auto f = open311_format(c.param("format"));
    if (!f) return no_such_format(c);
    return open311_services(*f, s.open311.services());
  });
  r.add("GET", "/open311/v2/services/{service_code}.{format}", Access::open, "", [&s](RouteContext& c) {
    auto f = open311_format(c.param("format"));
    if (!f) return no_such_format(c);
    OPEN311_ASSIGN(*f, auto service, s.open311.service(c.param("service_code")));
    return open311_service_definition(*f, service);
  });
  r.add("POST", "/open311/v2/requests.{format}", Access::open, "", [&s](RouteContext& c) {
    auto f = open311_format(c.param("format"));
    if (!f) return no_such_format(c);
    OPEN311_ASSIGN(*f, auto in, parse_open311_form(c.req.body));
    OPEN311_ASSIGN(*f, auto receipt, s.open311.submit(in, c.req.remote_address));
    return open311_receipt(*f, receipt);
  });
  // GeoReport posts forms; a JSON body is refused (415) like any other.
  r.set_body_types("POST", "/open311/v2/requests.{format}", {"application/x-www-form-urlencoded"});
  r.add("GET", "/open311/v2/requests.{format}", Access::open, "", [&s](RouteContext& c) {
    auto f = open311_format(c.param("format"));
    if (!f) return no_such_format(c);
    OPEN311_ASSIGN(*f, auto q, parse_open311_query(c.req.query));
    OPEN311_ASSIGN(*f, auto list, s.open311.requests(q));
    return open311_requests(*f, list);
  });
  r.add("GET", "/open311/v2/requests/{service_request_id}.{format}", Access::open, "", [&s](RouteContext& c) {
    auto f = open311_format(c.param("format"));
    if (!f) return no_such_format(c);
    auto id = c.id("service_request_id");
    if (!id) return open311_errors(*f, Error::make("service_request_not_found"));
    OPEN311_ASSIGN(*f, auto request, s.open311.request(*id));
    return open311_requests(*f, {request});
  });
}

}  // namespace lantian::api
