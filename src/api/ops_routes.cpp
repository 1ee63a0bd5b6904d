// GET /healthz and GET /metrics.
#include <chrono>
#include <memory>
#include <mutex>

#include "api/api.h"
#include "api/handler_util.h"
#include "obs/metrics.h"

namespace lantian::api {

namespace {

// Load balancers poll /healthz many times a second; on PostgreSQL each ping
// is a network round trip, so the answer is reused for up to a second.
class CachedPing {
 public:
  Status get(store::Database& db) {
    auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mu_);
    if (!checked_ || now - at_ >= std::chrono::seconds(1)) {
      last_ = db.ping();
      at_ = now;
      checked_ = true;
    }
    return last_;
  }

 private:
  std::mutex mu_;
  Status last_;
  std::chrono::steady_clock::time_point at_;
  bool checked_ = false;
};

}  // namespace

void add_ops_routes(Router& r, Services& s) {
  auto ping = std::make_shared<CachedPing>();
  r.add("GET", "/healthz", Access::open, "", [&s, ping](RouteContext&) {
    Status db = ping->get(s.db);
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
