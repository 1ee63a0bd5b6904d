// GET /healthz and GET /metrics.
#include "api/api.h"
#include "api/handler_util.h"
#include "obs/metrics.h"

namespace lantian::api {

void add_ops_routes(Router& r, Services& s) {
  r.add("GET", "/healthz", Access::open, "", [&s](RouteContext&) {
    Status db = s.db.ping();
    boost::json::object body{
        {"status", db.ok() ? "ok" : "degraded"},
        {"version", s.options.version},
        {"leader", s.options.is_leader ? s.options.is_leader() : true},
        {"database", {{"status", db.ok() ? "ok" : "unavailable"}, {"backend", std::string(s.db.backend())}}}};
    if (!db.ok()) body["database"].as_object()["detail"] = db.error().message;
    return json_response(db.ok() ? 200 : 503, body);
  });
  r.add("GET", "/metrics", Access::open, "", [&s](RouteContext&) {
    http::Response resp;
    resp.set_header("content-type", "text/plain; version=0.0.4; charset=utf-8");
    resp.set_header("cache-control", "no-store");
    resp.body = s.metrics ? s.metrics->render() : std::string();
    if (s.options.extra_metrics) resp.body += s.options.extra_metrics();
    return resp;
  });
}

}  // namespace lantian::api
