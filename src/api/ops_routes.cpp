// GET /healthz and GET /metrics.
#include <chrono>
#include <memory>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/health_check.h"
#include "core/clock.h"
#include "core/error_codes.h"
#include "obs/metrics.h"
#include "store/monitored_db.h"

namespace lantian::api {

namespace {

std::string utc(std::chrono::system_clock::time_point t) {
  return format_utc(std::chrono::time_point_cast<std::chrono::milliseconds>(t));
}

// /healthz answers tens of thousands of times a second with the same
// checked_at: format it once per check, per thread.
const std::string& utc_cached(std::chrono::system_clock::time_point t) {
  thread_local std::chrono::system_clock::time_point last{};
  thread_local std::string text;
  if (t != last || text.empty()) {
    text = utc(t);
    last = t;
  }
  return text;
}

}  // namespace

void add_ops_routes(Router& r, Services& s) {
  store::MonitoredDatabase* monitor = s.options.monitor;
  auto check = std::make_shared<DatabaseHealthCheck>(
      [&s] { return s.db.ping(); },
      monitor ? std::function<uint64_t()>([monitor] { return monitor->storage_failures(); })
              : std::function<uint64_t()>());
  // 200 while the database answers, 503 when it does not; "degraded" also
  // while writes fail (reads still work, so the instance stays in service).
  // Codes and texts only: the database's own words go to the log.
  r.add("GET", "/healthz", Access::open, "", [&s, check, monitor](RouteContext&) {
    DatabaseHealthCheck::Verdict v = check->get();
    const bool db_ok = v.status.ok();
    unsigned char buffer[2048];  // the whole body, without a heap allocation
    boost::json::monotonic_resource mr(buffer, sizeof buffer);
    boost::json::storage_ptr sp(&mr);
    boost::json::object database({{"status", db_ok ? "ok" : "unavailable"},
                                  {"backend", s.db.backend()},
                                  {"checked_at", utc_cached(v.checked_at)},
                                  {"age_ms", v.age.count()}},
                                 sp);
    if (!db_ok) {
      const Error& e = v.status.error();
      database["code"] = e.code.empty() ? std::string(generic_code(e)) : e.code;
      database["detail"] = client_message(e);
    }
    bool writes_ok = true;
    if (monitor) {
      store::WriteHealth w = monitor->write_health();
      writes_ok = !w.failing;
      boost::json::object writes({{"status", w.failing ? "failing" : "ok"}}, sp);
      if (w.failing) {
        Error e = Error::make(w.code);
        writes["code"] = w.code;
        writes["detail"] = client_message(e);
        writes["since"] = utc(w.since);
        writes["failures"] = w.failures;
      }
      database["writes"] = std::move(writes);
    }
    boost::json::object body({{"status", db_ok && writes_ok ? "ok" : "degraded"},
                              {"version", s.options.version},
                              {"leader", s.options.is_leader ? s.options.is_leader() : true},
                              {"database", std::move(database)}},
                             sp);
    return json_response(db_ok ? 200 : 503, body);
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
