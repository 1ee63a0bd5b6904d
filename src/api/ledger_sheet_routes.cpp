// /api/v1/ledgers/{type}/export.xlsx and /import, /api/v1/ledger-imports:
// ledgers in and out of spreadsheets (app/ledger_sheets.h).
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"
#include "app/ledger_sheets.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

std::string path_param(const RouteContext& c, std::string_view name) {
  for (const auto& [k, v] : c.params)
    if (k == name) return v;
  return {};
}

json::object params_json(const Params& p) {
  json::object o;
  for (const auto& [k, v] : p) o[k] = v;
  return o;
}

json::object report_json(const app::LedgerImportReport& r) {
  json::array headers, mapping, ignored, details;
  for (const auto& h : r.headers) headers.push_back(json::value(h));
  for (const auto& m : r.mapping) mapping.push_back(json::value(m));
  for (const auto& m : r.ignored_columns) ignored.push_back(json::value(m));
  for (const auto& d : r.details) {
    json::array issues;
    for (const auto& i : d.issues)
      issues.push_back(json::object{{"column", i.column},
                                    {"field", i.field},
                                    {"code", i.code},
                                    {"message", i.message},
                                    {"params", params_json(i.params)}});
    details.push_back(json::object{{"row", d.row},
                                   {"outcome", d.outcome},
                                   {"id", d.id ? json::value(*d.id) : json::value(nullptr)},
                                   {"title", d.title},
                                   {"issues", std::move(issues)}});
  }
  return json::object{{"ledger_type", r.ledger_type},
                      {"format", r.format},
                      {"headers", std::move(headers)},
                      {"mapping", std::move(mapping)},
                      {"ignored_columns", std::move(ignored)},
                      {"rows", r.rows},
                      {"new", r.new_rows},
                      {"changed", r.changed},
                      {"unchanged", r.unchanged},
                      {"errors", r.errors},
                      {"written", r.written},
                      {"details", std::move(details)}};
}

Result<app::LedgerImportOptions> read_options(const Query& q) {
  app::LedgerImportOptions o;
  o.filename = q.str("filename");
  LT_ASSIGN(o.dry_run, q.boolean("dry_run", false));
  std::string mode = q.str("mode");
  if (mode == "valid_rows")
    o.valid_rows_only = true;
  else if (!mode.empty() && mode != "all")
    return Error::make("query_unknown_value", {{"name", "mode"}, {"value", mode}});
  LT_ASSIGN(o.default_unit, q.integer("unit_id"));
  if (std::string d = q.str("datum"); !d.empty()) {
    auto datum = datum_named(d);
    if (!datum) return Error::make("query_unknown_value", {{"name", "datum"}, {"value", d}});
    o.datum = *datum;
  }
  std::string delim = q.str("delimiter");
  if (delim == "tab")
    o.delimiter = '\t';
  else if (delim == "comma")
    o.delimiter = ',';
  else if (!delim.empty())
    return Error::make("query_unknown_value", {{"name", "delimiter"}, {"value", delim}});
  for (const auto& [k, v] : q.with_prefix("map.")) {
    char* end = nullptr;
    long col = std::strtol(k.c_str(), &end, 10);
    if (k.empty() || *end || col < 0 || col > 1000)
      return Error::make("query_unknown_value", {{"name", "map." + k}, {"value", v}});
    o.mapping[int(col)] = v;
  }
  return o;
}

}  // namespace

void add_ledger_sheet_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/ledgers/{type}/export.xlsx", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    app::LedgerListQuery lq;
    lq.ledger_type = path_param(c, "type");
    API_ASSIGN(lq.unit_id, q.integer("unit_id"));
    for (auto st = q.str("status"); !st.empty();) {
      auto comma = st.find(',');
      lq.statuses.push_back(st.substr(0, comma));
      st = comma == std::string::npos ? "" : st.substr(comma + 1);
    }
    lq.fields = q.with_prefix("f.");
    API_ASSIGN(auto file, s.sheets.export_xlsx(c.actor(), lq));
    return xlsx_response(file);
  });
  // The file is the raw request body (.xlsx or CSV), options in the query.
  r.add("POST", "/api/v1/ledgers/{type}/import", Access::user, "ledgers.write", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto o, read_options(q));
    API_ASSIGN(auto started, s.sheets.import(c.actor(), path_param(c, "type"), c.req.body, o));
    json::object body{{"report", report_json(started.report)}};
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
    API_ASSIGN(auto j, s.sheets.job(c.actor(), path_param(c, "job")));
    json::object body{{"id", j.id}, {"state", j.state}, {"total", j.total}, {"processed", j.processed}};
    body["report"] = j.report ? json::value(report_json(*j.report)) : json::value(nullptr);
    if (j.error) body["error"] = json::object{{"code", j.error->code}, {"message", j.error->message}};
    return json_response(200, body);
  });
}

}  // namespace lantian::api
