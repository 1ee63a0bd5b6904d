// /api/v1/ledgers/{type}/export.xlsx and /import, /api/v1/ledger-imports:
// ledgers in and out of spreadsheets (app/ledger_sheets.h).
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"
#include "api/sheet_query.h"
#include "app/ledger_sheets.h"
#include "app/ledger_views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

Result<app::LedgerImportOptions> read_options(const Query& q) {
  app::LedgerImportOptions o;
  LT_TRY(read_sheet_options(q, o));
  std::string mode = q.str("mode");
  if (mode == "valid_rows")
    o.valid_rows_only = true;
  else if (!mode.empty() && mode != "all")
    return Error::make("query_unknown_value", {{"name", "mode"}, {"value", mode}});
  LT_ASSIGN(o.default_unit, q.integer("unit_id"));
  LT_ASSIGN(o.mapping, read_column_mapping(q));
  return o;
}

}  // namespace

void add_ledger_sheet_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/ledgers/{type}/export.xlsx", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    app::LedgerListQuery lq;
    lq.ledger_type = c.param("type");
    API_ASSIGN(lq.unit_id, q.integer("unit_id"));
    lq.statuses = q.list("status");
    lq.fields = q.with_prefix("f.");
    API_ASSIGN(auto file, s.sheets.export_xlsx(c.actor(), lq));
    return xlsx_response(file);
  });
  // The file is the raw request body (.xlsx or CSV), options in the query.
  r.add("POST", "/api/v1/ledgers/{type}/import", Access::user, "ledgers.write", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto o, read_options(q));
    API_ASSIGN(auto started, s.sheets.import(c.actor(), c.param("type"), c.req.body, o));
    json::object body{{"report", app::ledger_import_report_view(started.report)}};
    if (started.job_id) {
      body["job"] =
          json::object{{"id", *started.job_id}, {"url", "/api/v1/ledger-imports/" + *started.job_id}};
      return json_response(202, body);
    }
    return json_response(200, body);
  });
  r.set_body_types("POST", "/api/v1/ledgers/{type}/import", kAnyBody);  // the service reads the bytes
  // An exported ledger comes back whole: larger than other requests may be.
  r.set_body_limit("POST", "/api/v1/ledgers/{type}/import", s.options.max_import_bytes);
  r.add("GET", "/api/v1/ledger-imports/{job}", Access::user, "ledgers.write", [&s](RouteContext& c) {
    API_ASSIGN(auto j, s.sheets.job(c.actor(), c.param("job")));
    json::object body{{"id", j.id}, {"state", j.state}, {"total", j.total}, {"processed", j.processed}};
    // Both as the job stored them (app/ledger_sheets.h).
    body["report"] = j.report_json ? json::parse(*j.report_json) : json::value(nullptr);
    if (j.error_json) body["error"] = json::parse(*j.error_json);
    return json_response(200, body);
  });
}

}  // namespace lantian::api
