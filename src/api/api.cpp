#include "api/api.h"

#include <algorithm>

#include "api/open311_format.h"
#include "api/problem.h"
#include "obs/log.h"

namespace lantian::api {

namespace {

constexpr std::string_view kCookie = "lantian_session";

// The session token from "Authorization: Bearer X" or the session cookie.
std::string bearer_token(const http::Request& req) {
  auto h = req.header("authorization");
  if (h.size() > 7 && (h.substr(0, 7) == "Bearer " || h.substr(0, 7) == "bearer "))
    return std::string(h.substr(7));
  return {};
}

std::string cookie_token(const http::Request& req) {
  for (const auto& h : req.headers) {
    if (h.name != "cookie") continue;
    std::string_view c = h.value;
    while (!c.empty()) {
      auto semi = c.find(';');
      auto part = c.substr(0, semi);
      while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
      if (part.size() > kCookie.size() && part.substr(0, kCookie.size()) == kCookie &&
          part[kCookie.size()] == '=')
        return std::string(part.substr(kCookie.size() + 1));
      if (semi == std::string_view::npos) break;
      c.remove_prefix(semi + 1);
    }
  }
  return {};
}

bool plausible_ip(std::string_view s) {
  if (s.empty() || s.size() > 45) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.' || c == ':'))
      return false;
  return true;
}

// The client behind trusted proxies: walk X-Forwarded-For from the right
// (entries added by our own proxies) to the first address that is not one.
std::string client_address(const http::Request& req, const std::vector<std::string>& trusted) {
  auto is_trusted = [&](std::string_view a) {
    return std::find(trusted.begin(), trusted.end(), a) != trusted.end();
  };
  if (trusted.empty() || !is_trusted(req.remote_address)) return req.remote_address;
  std::string_view xff = req.header("x-forwarded-for");
  while (!xff.empty()) {
    auto comma = xff.rfind(',');
    std::string_view part = comma == std::string_view::npos ? xff : xff.substr(comma + 1);
    xff = comma == std::string_view::npos ? std::string_view() : xff.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    if (!plausible_ip(part)) break;  // garbage: do not trust anything further left
    if (!is_trusted(part)) return std::string(part);
  }
  return req.remote_address;
}

ApiOptions with_evidence(ApiOptions o, store::Database& db) {
  if (!o.evidence) o.evidence = store::database_evidence_store(db);
  if (!o.map) {
    // The shipped boundary always reads (a test of io/geojson reads it too).
    auto m = app::MapService::make({});
    if (!m.ok()) throw std::logic_error(m.error().message);
    o.map = std::make_shared<const app::MapService>(std::move(m).value());
  }
  // The alerts' CAP area is the map's district boundary.
  if (o.alerts.areas.empty()) o.alerts.areas = o.map->areas();
  return o;
}

// Routes whose handlers are too slow for an I/O thread: they hash a password
// (argon2id, tens of milliseconds of CPU), read or write a spreadsheet, walk
// the whole audit chain, or store a file and make its thumbnail. The server
// runs them on its bounded worker pool (Route::offload).
constexpr std::pair<std::string_view, std::string_view> kSlowRoutes[] = {
    {"POST", "/api/v1/auth/login"},
    {"POST", "/api/v1/auth/password"},
    {"POST", "/api/v1/users"},
    {"POST", "/api/v1/users/{id}/reset-password"},
    {"POST", "/api/v1/campaigns/{id}/import/preview"},
    {"POST", "/api/v1/campaigns/{id}/import"},
    {"GET", "/api/v1/tasks/export.xlsx"},
    {"GET", "/api/v1/tasks/overdue.xlsx"},
    {"GET", "/api/v1/audit/verify"},
    {"POST", "/api/v1/reports/{id}/attachments"},
    {"POST", "/api/v1/tasks/{id}/attachments"},
    {"POST", "/api/v1/ledger-rows/{id}/files"},
    {"GET", "/api/v1/ledgers/{type}/export.xlsx"},
    {"POST", "/api/v1/ledgers/{type}/import"},
    {"POST", "/api/v1/inspections/{id}/files"},
    {"POST", "/api/v1/enterprises/{id}/files"},
    {"POST", "/api/v1/problems/{id}/files"},
    {"GET", "/api/v1/problems/{id}/documents/{file}"},
    // supervision problems in and out of spreadsheets
    {"POST", "/api/v1/problems/import"},
    {"GET", "/api/v1/problems/export.xlsx"},
    {"GET", "/api/v1/problems/import-template.xlsx"},
    // a banned list of thousands, each matched against the registry
    {"POST", "/api/v1/banned-enterprises/import"},
    // the registry in and out of spreadsheets
    {"POST", "/api/v1/enterprises/import"},
    {"GET", "/api/v1/enterprises/export.xlsx"},
    // up to 50,000 station-hours pushed at once
    {"POST", "/api/v1/aq/hours"},
    {"POST", "/api/v1/aq/hours/import"},
};

// The cause behind an error answer whose body only names its code (the
// database's own message): logged with the request id, never sent.
void log_cause(obs::Logger* logger, http::Response& r, std::string_view request_id) {
  if (r.log_cause.empty()) return;
  if (logger)
    logger->log(
        r.status >= 500 ? obs::LogLevel::error : obs::LogLevel::warn, "request failed",
        {{"request_id", request_id}, {"route", r.route}, {"status", r.status}, {"cause", r.log_cause}});
  r.log_cause.clear();
}

bool is_open311(std::string_view path) { return path.rfind("/open311/", 0) == 0; }

// The answer to a request refused or failed outside its handler: Open311's
// error list under /open311/ (its clients read nothing else), problem+json
// everywhere else.
http::Response error_response(std::string_view path, const Error& e) {
  return is_open311(path) ? open311_errors(open311_format_of_path(path), e) : problem(e);
}

bool is_write(std::string_view method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

// A request whose body the route reads: POST, PUT or PATCH with content.
bool has_body(const http::Request& req) {
  return !req.body.empty() && (req.method == "POST" || req.method == "PUT" || req.method == "PATCH");
}

}  // namespace

Api::Api(store::Database& db, const Clock& clock, app::AuthConfig auth, ApiOptions options,
         obs::Metrics* metrics, obs::Logger* logger)
    : options_(with_evidence(std::move(options), db)),
      evidence_(db, *options_.evidence, clock),
      logger_(logger),
      accounts_(db, clock, auth),
      org_(db, clock),
      calendar_(db, clock),
      notifications_(db, clock, options_.notifications),
      campaigns_(db, clock),
      tasks_(db, clock, [this] { return calendar_.current(); }),
      requests_(db, clock, tasks_),
      exports_(tasks_),
      imports_(db, tasks_),
      ledgers_(db, clock, evidence_, tasks_),
      sheets_(db, clock, ledgers_),
      inspections_(db, clock, evidence_),
      enterprises_(db, clock),
      enterprise_sheets_(db, clock, enterprises_),
      map_layers_(ledgers_, enterprises_, inspections_, problems_),
      enterprise_documents_(db, clock, evidence_),
      problems_(db, clock, evidence_, &notifications_, [this] { return calendar_.current(); }),
      problem_sheets_(db, clock, problems_),
      open311_(db, clock, problems_, options_.open311),
      aq_(db, clock),
      aq_stats_(db, clock),
      aq_monitoring_(db, clock, problems_),
      reduction_(ledgers_, options_.reduction),
      alerts_(db, clock, evidence_, options_.alerts),
      spot_checks_(db),
      services_{db,
                accounts_,
                org_,
                campaigns_,
                tasks_,
                exports_,
                imports_,
                options_,
                metrics,
                calendar_,
                notifications_,
                requests_,
                ledgers_,
                *options_.map,
                sheets_,
                inspections_,
                enterprises_,
                map_layers_,
                enterprise_documents_,
                problems_,
                problem_sheets_,
                open311_,
                enterprise_sheets_,
                aq_,
                aq_stats_,
                aq_monitoring_,
                reduction_,
                alerts_,
                spot_checks_} {
  // Assignments, returns and report requests notify people in the same
  // transaction as the change.
  tasks_.set_notify([this](store::Tx& tx, int64_t user, const std::string& kind, int64_t task,
                           const Params& params, const std::string& dedup, const std::string& now) -> Status {
    app::NotificationDraft d;
    d.user_id = user;
    d.kind = kind;
    d.task_id = task;
    d.template_name = kind;
    d.params = params;
    d.dedup_key = dedup;
    LT_TRY(notifications_.notify(tx, d, now));
    return {};
  });
  tasks_.set_evidence(&evidence_);
  inspections_.set_problems(&problems_);
  // Spot checks during an alert: opened by its issue or upgrade, settled by
  // the inspections of the emergency measures (app/spot_check_service.h).
  alerts_.set_moved(
      [this](store::Tx& tx, const Alert& a, const std::string& action, const std::string& now) -> Status {
        LT_TRY(spot_checks_.on_alert_moved(tx, a, action, now));
        return {};
      });
  inspections_.set_filed([this](store::Tx& tx, const Inspection& i, const std::string& now) {
    return spot_checks_.on_inspection_filed(tx, i, now);
  });
  add_ops_routes(router_, services_);
  add_auth_routes(router_, services_);
  add_unit_routes(router_, services_);
  add_user_routes(router_, services_);
  add_audit_routes(router_, services_);
  add_campaign_routes(router_, services_);
  add_task_routes(router_, services_);
  add_attachment_routes(router_, services_);
  add_report_request_routes(router_, services_);
  add_import_routes(router_, services_);
  add_calendar_routes(router_, services_);
  add_notification_routes(router_, services_);
  add_workflow_routes(router_, services_);
  add_ledger_routes(router_, services_);
  add_map_routes(router_, services_);
  add_ledger_sheet_routes(router_, services_);
  add_inspection_routes(router_, services_);
  add_enterprise_routes(router_, services_);
  add_problem_routes(router_, services_);
  add_open311_routes(router_, services_);
  add_aq_routes(router_, services_);
  add_aq_stats_routes(router_, services_);
  add_aq_reduction_routes(router_, services_);
  add_alert_routes(router_, services_);
  for (const auto& [method, pattern] : kSlowRoutes)
    router_.set_offload(method, pattern, http::Response::Lane::slow);
  // Writes wait for their commit off the I/O threads, so that as many as
  // arrive together can share one (SQLite's group commit; PostgreSQL's
  // connections), not only one per I/O thread.
  router_.offload_writes();
}

std::size_t Api::body_limit(std::string_view method, std::string_view path) const {
  if (!owns(path)) return 0;
  std::vector<std::pair<std::string, std::string>> params;
  bool path_known = false;
  const Route* route = router_.match(method, path, &params, &path_known);
  return route ? route->max_body_bytes : 0;
}

bool Api::owns(std::string_view path) {
  return path == "/healthz" || path == "/metrics" || path == "/api" || path.rfind("/api/", 0) == 0 ||
         is_open311(path);
}

http::Response Api::handle(http::Request& req) {
  http::Response r;
  try {
    r = dispatch(req);
  } catch (const std::exception& e) {
    if (logger_) logger_->error("handler threw", {{"request_id", req.request_id}, {"error", e.what()}});
    r = error_response(req.path, Error::internal(e.what()));
    r.log_cause.clear();  // logged just above
  }
  log_cause(logger_, r, req.request_id);
  return r;
}

Api::Admission Api::admit(http::Request& req) {
  Admission a;
  req.remote_address = client_address(req, options_.trusted_proxies);
  std::vector<std::pair<std::string, std::string>> params;
  bool path_known = false;
  const Route* route = router_.match(req.method, req.path, &params, &path_known);
  if (!route) {
    http::Response r;
    if (path_known)
      r = error_response(req.path, Error::make("method_not_allowed", {{"method", req.method}}));
    else
      r = error_response(req.path, Error::make("no_such_route", {{"path", req.path}}));
    a.refusal = std::move(r);
    return a;
  }
  a.route = route;
  RouteContext ctx{req, std::move(params), std::nullopt};
  if (route->access != Access::open) {
    std::string token = bearer_token(req);
    bool via_cookie = false;
    if (token.empty()) {
      token = cookie_token(req);
      via_cookie = !token.empty();
    }
    if (token.empty()) {
      auto r = problem(Error::make("unauthorized"));
      r.route = route->pattern;
      a.refusal = std::move(r);
      return a;
    }
    auto auth = accounts_.authenticate(token, req.remote_address);
    if (!auth.ok()) {
      auto r = problem(auth.error());
      r.route = route->pattern;
      a.refusal = std::move(r);
      return a;
    }
    // Cookies are sent by the browser on its own; a write must also prove it
    // comes from our page by echoing the session's CSRF token.
    if (via_cookie && is_write(req.method) &&
        req.header("x-csrf-token") != std::string_view(auth->session.csrf_token)) {
      auto r = problem(Error::make("csrf"));
      r.route = route->pattern;
      a.refusal = std::move(r);
      return a;
    }
    if (route->access == Access::user && auth->user.must_change_password) {
      auto r = problem(Error::make("password_change_required"));
      r.route = route->pattern;
      a.refusal = std::move(r);
      return a;
    }
    ctx.auth = std::move(auth).value();
  }
  if (has_body(req) && !route->accepts_body(req.header("content-type"))) {
    std::string expected;
    for (const auto& t : route->body_types) expected += (expected.empty() ? "" : " or ") + t;
    auto r = error_response(req.path, Error::make("unsupported_media_type", {{"expected", expected}}));
    r.route = route->pattern;
    a.refusal = std::move(r);
    return a;
  }
  a.ctx.emplace(std::move(ctx));
  return a;
}

http::Response Api::dispatch(http::Request& req) {
  Admission a = admit(req);
  if (!a.ctx) return std::move(a.refusal);
  const Route* route = a.route;
  RouteContext& ctx = *a.ctx;
  if (route->offload) {
    http::Response r;
    r.route = route->pattern;
    r.lane = *route->offload;
    // Runs on a pool thread; ctx refers to req, which the server keeps
    // untouched until this returns.
    r.offload = [this, route, ctx = std::move(ctx)]() mutable {
      http::Response out;
      try {
        out = route->handler(ctx);
      } catch (const std::exception& e) {
        if (logger_)
          logger_->error("handler threw", {{"request_id", ctx.req.request_id}, {"error", e.what()}});
        out = error_response(ctx.req.path, Error::internal(e.what()));
        out.log_cause.clear();  // logged just above
      }
      out.route = route->pattern;
      log_cause(logger_, out, ctx.req.request_id);
      return out;
    };
    return r;
  }
  http::Response r = route->handler(ctx);
  r.route = route->pattern;
  return r;
}

}  // namespace lantian::api
