// The JSON API: owns the router, authenticates each request (bearer token or
// session cookie), enforces CSRF on cookie-authenticated writes and the
// forced password change, and dispatches to the route handlers, which call
// the application services. /healthz and /metrics live here too, and the
// public Open311 GeoReport v2 API under /open311/v2/ (open311_routes.cpp),
// whose refusals are Open311 error lists instead of problem+json.
//
// Thread-safety: handle() is thread-safe after construction.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "api/router.h"
#include "app/account_service.h"
#include "app/alert_service.h"
#include "app/aq_monitoring_service.h"
#include "app/aq_service.h"
#include "app/aq_stats_service.h"
#include "app/calendar_service.h"
#include "app/campaign_service.h"
#include "app/enterprise_documents.h"
#include "app/enterprise_service.h"
#include "app/enterprise_sheets.h"
#include "app/evidence_service.h"
#include "app/inspection_service.h"
#include "app/ledger_service.h"
#include "app/ledger_sheets.h"
#include "app/map_layers.h"
#include "app/map_service.h"
#include "app/notification_service.h"
#include "app/open311_service.h"
#include "app/org_service.h"
#include "app/plan_import.h"
#include "app/problem_service.h"
#include "app/problem_sheets.h"
#include "app/reduction_service.h"
#include "app/report_request_service.h"
#include "app/spot_check_service.h"
#include "app/task_export.h"
#include "app/task_service.h"
#include "core/clock.h"
#include "http/message.h"
#include "store/db.h"
#include "store/monitored_db.h"

namespace lantian::obs {
class Metrics;
class Logger;
}  // namespace lantian::obs

namespace lantian::api {

struct ApiOptions {
  bool cookie_secure = false;  // add "Secure" to the session cookie (behind TLS)
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For is believed:
  // for a request from one of them, the client address (sessions, audit log)
  // is the right-most X-Forwarded-For entry that is not itself a proxy.
  std::vector<std::string> trusted_proxies;
  std::string version;
  // Whether this instance runs the background jobs (jobs::LeaderElection);
  // /healthz reports it as "leader". Unset = always leader.
  std::function<bool()> is_leader;
  // Prometheus text appended to /metrics: labelled series that obs::Metrics
  // gauges cannot express (jobs::Scheduler::render_metrics()).
  std::function<std::string()> extra_metrics;
  // Whether notices raised by the services also queue a webhook delivery.
  app::NotificationOptions notifications;
  // The map's tiles and boundary (app/map_service.h). Unset = the shipped
  // 禹王台区 boundary, no tiles.
  std::shared_ptr<const app::MapService> map;
  // Where report files are kept (store/evidence_store.h). Unset = in the
  // database (evidence_blobs).
  std::shared_ptr<store::EvidenceStore> evidence;
  // The watch over the database's writes (the same object as the Database
  // the Api was given, wrapped by the caller): /healthz reports failing
  // writes and re-checks the database after a storage failure. Unset = not
  // reported.
  store::MonitoredDatabase* monitor = nullptr;
  // The largest ledger import (POST /api/v1/ledgers/{type}/import, a raw
  // .xlsx or CSV body): an exported ledger of 200,000 rows is ~23 MB, past
  // the server's general limit ([server] max_import_bytes).
  std::size_t max_import_bytes = 64 * 1024 * 1024;
  // Open311's api_keys and their rate ([open311]): none = posting disabled.
  app::Open311Options open311;
  // The district's emission inventory ([reduction]): the basis of the
  // reduction list's required shares. Unset = the list's own baselines.
  app::ReductionOptions reduction;
  // Heavy-pollution alerts' CAP sender and notice signature; the area is
  // the map's boundary when none is given (app/alert_service.h).
  app::AlertOptions alerts;
};

// What route handlers may use.
struct Services {
  store::Database& db;
  app::AccountService& accounts;
  app::OrgService& org;
  app::CampaignService& campaigns;
  app::TaskService& tasks;
  app::TaskExport& exports;
  app::PlanImportService& imports;
  const ApiOptions& options;
  obs::Metrics* metrics;
  app::CalendarService& calendar;
  app::NotificationService& notifications;
  app::ReportRequestService& requests;
  app::LedgerService& ledgers;
  const app::MapService& map;
  app::LedgerSheetService& sheets;
  app::InspectionService& inspections;
  app::EnterpriseService& enterprises;
  const app::MapLayers& map_layers;
  app::EnterpriseDocumentService& enterprise_documents;
  app::ProblemService& problems;
  app::ProblemSheetService& problem_sheets;
  app::Open311Service& open311;
  app::EnterpriseSheetService& enterprise_sheets;
  app::AqService& aq;
  app::AqStatsService& aq_stats;
  app::AqMonitoringService& aq_monitoring;
  app::ReductionService& reduction;
  app::AlertService& alerts;
  app::SpotCheckService& spot_checks;
};

class Api {
 public:
  Api(store::Database& db, const Clock& clock, app::AuthConfig auth, ApiOptions options,
      obs::Metrics* metrics, obs::Logger* logger);

  // True for paths the API answers (/api/..., /open311/..., /healthz,
  // /metrics); anything else is the web app's.
  static bool owns(std::string_view path);
  http::Response handle(http::Request& req);
  const std::vector<Route>& routes() const { return router_.routes(); }
  // The body limit of the route for method + path (Route::max_body_bytes);
  // 0 = the server's, also for paths no route matches. For
  // http::ServerOptions::body_limit. Thread-safe.
  std::size_t body_limit(std::string_view method, std::string_view path) const;

  // What handle() decides before a handler runs: the route with its path
  // parameters and the caller's session, or the problem that refuses the
  // request (no route 404, 405, 401, CSRF 403, forced password change,
  // 415). Sets req.remote_address from X-Forwarded-For when behind a
  // trusted proxy; authenticating refreshes the session's last use, as any
  // request does. handle() runs the route's handler on an admitted request;
  // the fuzz target fuzz/http_request_fuzzer.cpp stops here.
  struct Admission {
    const Route* route = nullptr;     // the route matched; null if none
    std::optional<RouteContext> ctx;  // set when admitted
    http::Response refusal;           // when refused (route set if one matched)
  };
  Admission admit(http::Request& req);

  app::AccountService& accounts() { return accounts_; }
  app::OrgService& org() { return org_; }
  app::TaskService& tasks() { return tasks_; }
  app::LedgerSheetService& sheets() { return sheets_; }
  app::ProblemService& problems() { return problems_; }
  // The working-day calendar (its cached snapshot is shared with the jobs).
  app::CalendarService& calendar() { return calendar_; }
  app::NotificationService& notifications() { return notifications_; }
  app::EvidenceService& evidence() { return evidence_; }
  app::AqService& aq() { return aq_; }
  app::AqMonitoringService& aq_monitoring() { return aq_monitoring_; }

 private:
  http::Response dispatch(http::Request& req);

  ApiOptions options_;
  app::EvidenceService evidence_;
  obs::Logger* logger_;
  app::AccountService accounts_;
  app::OrgService org_;
  // The calendar and the inbox come first: the task service uses both.
  app::CalendarService calendar_;
  app::NotificationService notifications_;
  app::CampaignService campaigns_;
  app::TaskService tasks_;
  app::ReportRequestService requests_;
  app::TaskExport exports_;
  app::PlanImportService imports_;
  app::LedgerService ledgers_;
  app::LedgerSheetService sheets_;
  app::InspectionService inspections_;
  app::EnterpriseService enterprises_;
  app::EnterpriseSheetService enterprise_sheets_;
  app::MapLayers map_layers_;
  app::EnterpriseDocumentService enterprise_documents_;
  app::ProblemService problems_;
  app::ProblemSheetService problem_sheets_;
  app::Open311Service open311_;
  app::AqService aq_;
  app::AqStatsService aq_stats_;
  app::AqMonitoringService aq_monitoring_;
  app::ReductionService reduction_;
  app::AlertService alerts_;
  app::SpotCheckService spot_checks_;
  Services services_;
  Router router_;
};

// Route tables, one per resource (defined in *_routes.cpp).

void add_auth_routes(Router& r, Services& s);
void add_unit_routes(Router& r, Services& s);
void add_user_routes(Router& r, Services& s);
void add_audit_routes(Router& r, Services& s);
void add_ops_routes(Router& r, Services& s);
void add_campaign_routes(Router& r, Services& s);
void add_task_routes(Router& r, Services& s);
void add_attachment_routes(Router& r, Services& s);
void add_report_request_routes(Router& r, Services& s);
void add_import_routes(Router& r, Services& s);
void add_calendar_routes(Router& r, Services& s);
void add_notification_routes(Router& r, Services& s);
void add_workflow_routes(Router& r, Services& s);
void add_ledger_routes(Router& r, Services& s);
void add_map_routes(Router& r, Services& s);
void add_ledger_sheet_routes(Router& r, Services& s);
void add_inspection_routes(Router& r, Services& s);
void add_enterprise_routes(Router& r, Services& s);
void add_problem_routes(Router& r, Services& s);
void add_aq_routes(Router& r, Services& s);
void add_aq_stats_routes(Router& r, Services& s);
void add_aq_reduction_routes(Router& r, Services& s);
void add_alert_routes(Router& r, Services& s);
void add_open311_routes(Router& r, Services& s);

}  // namespace lantian::api
