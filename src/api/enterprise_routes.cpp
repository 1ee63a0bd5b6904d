// /api/v1/enterprises, /api/v1/banned-enterprises, /api/v1/relocation-alerts:
// the enterprise registry (一企一档) — also in and out of spreadsheets
// (app/enterprise_sheets.h) —, the banned list and the suspected relocations
// its guard raises (app/enterprise_service.h).
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "api/sheet_query.h"
#include "app/enterprise_views.h"
#include "app/inspection_views.h"
#include "app/ledger_views.h"
#include "core/geo.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

using TextFields = std::initializer_list<std::pair<const char*, std::optional<std::string>*>>;

// Each text field read into its place; with null_clears, one present but
// null becomes "" (cleared).
void read_texts(JsonInput& in, TextFields fields, bool null_clears) {
  for (auto [key, target] : fields) {
    *target = in.string(key);
    if (null_clears && in.has(key) && !*target) *target = std::string();
  }
}

Result<app::EnterpriseInput> read_enterprise(JsonInput& in) {
  app::EnterpriseInput e;
  read_texts(in, {{"name", &e.name}, {"status", &e.status}}, false);
  read_texts(in,
             {{"credit_code", &e.credit_code},
              {"legal_rep", &e.legal_rep},
              {"phone", &e.phone},
              {"address", &e.address},
              {"industry_code", &e.industry_code},
              {"grid", &e.grid}},
             true);
  e.unit_id = in.integer("unit_id");
  if (auto loc = in.value("location")) {
    LT_ASSIGN(e.location, read_location(*loc));
  }
  return e;
}

json::array alerts_json(const std::vector<RelocationAlert>& alerts, const app::Actor& reader) {
  json::array out;
  for (const auto& a : alerts) out.push_back(app::relocation_alert_view(a, reader));
  return out;
}

json::object change_json(const app::EnterpriseChange& c, const app::Actor& reader) {
  json::object o = app::enterprise_view(c.enterprise, reader);
  o["alerts"] = alerts_json(c.alerts, reader);
  return o;
}

json::object import_json(const app::BannedImportReport& r) {
  json::array errors, duplicates, ignored;
  for (const auto& e : r.errors)
    errors.push_back({{"line", e.line},
                      {"column", e.column},
                      {"column_name", e.column_name},
                      {"field", e.field},
                      {"code", e.code},
                      {"params", params_json(e.params)},
                      {"message", e.message}});
  for (int line : r.duplicate_lines) duplicates.push_back(line);
  for (const auto& c : r.ignored_columns) ignored.push_back(json::value(c));
  return {{"encoding", r.encoding},      {"total_rows", r.total_rows},
          {"valid_rows", r.valid_rows},  {"invalid_rows", r.invalid_rows},
          {"imported", r.imported},      {"duplicate_lines", std::move(duplicates)},
          {"alerts", r.alerts},          {"ignored_columns", std::move(ignored)},
          {"errors", std::move(errors)}, {"errors_truncated", r.errors_truncated},
          {"dry_run", r.dry_run}};
}

// The filters of GET /api/v1/enterprises (also those of its export).
Result<app::EnterpriseListFilter> read_list_filter(const Query& q) {
  app::EnterpriseListFilter f;
  f.q = q.str("q");
  LT_ASSIGN(f.unit_id, q.integer("unit_id"));
  f.statuses = q.list("status");
  return f;
}

Result<app::EnterpriseImportOptions> read_import_options(const Query& q) {
  app::EnterpriseImportOptions o;
  LT_TRY(read_sheet_options(q, o));
  return o;
}

json::object registry_import_json(const app::EnterpriseImportReport& r) {
  auto texts = [](const std::vector<std::string>& list) {
    json::array out;
    for (const auto& t : list) out.push_back(json::value(t));
    return out;
  };
  json::array details, alerts;
  for (const auto& d : r.details) {
    json::array changes, issues;
    for (const auto& c : d.changes)
      changes.push_back(json::object{{"field", c.field}, {"from", c.from}, {"to", c.to}});
    for (const auto& i : d.issues)
      issues.push_back(json::object{{"column", i.column},
                                    {"column_name", i.column_name},
                                    {"field", i.field},
                                    {"code", i.code},
                                    {"params", params_json(i.params)},
                                    {"message", i.message}});
    details.push_back(json::object{{"row", d.row},
                                   {"outcome", d.outcome},
                                   {"id", d.id ? json::value(*d.id) : json::value(nullptr)},
                                   {"name", d.name},
                                   {"changes", std::move(changes)},
                                   {"issues", std::move(issues)}});
  }
  for (const auto& a : r.alerts)
    alerts.push_back(json::object{
        {"row", a.row},
        {"id", a.alert_id ? json::value(*a.alert_id) : json::value(nullptr)},
        {"enterprise_id", a.enterprise_id ? json::value(*a.enterprise_id) : json::value(nullptr)},
        {"name", a.name},
        {"banned_enterprise_id", a.banned_enterprise_id},
        {"banned_name", a.banned_name},
        {"banned_origin", a.banned_origin},
        {"score", a.score},
        {"reasons", texts(a.reasons)}});
  return json::object{{"format", r.format},
                      {"datum", r.datum},
                      {"header_row", r.header_row},
                      {"headers", texts(r.headers)},
                      {"mapping", texts(r.mapping)},
                      {"ignored_columns", texts(r.ignored_columns)},
                      {"rows", r.rows},
                      {"new", r.new_rows},
                      {"changed", r.changed},
                      {"unchanged", r.unchanged},
                      {"errors", r.errors},
                      {"dry_run", r.dry_run},
                      {"written", r.written},
                      {"details", std::move(details)},
                      {"alerts", std::move(alerts)}};
}

}  // namespace

void add_enterprise_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/enterprises", Access::user, "enterprises.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"name", "id", "updated_at"}, "name"));
    API_ASSIGN(auto f, read_list_filter(q));
    API_ASSIGN(auto result, s.enterprises.list(c.actor(), f, page));
    json::array items;
    for (const auto& e : result.items) items.push_back(app::enterprise_view(e));
    // With the statuses and their labels, for the filter and the badges,
    // and what the reader may do (register, import, export).
    return json_response(200, json::object{{"items", std::move(items)},
                                           {"total", result.total},
                                           {"page", page.page},
                                           {"per_page", page.per_page},
                                           {"statuses", app::enterprise_statuses_view()},
                                           {"actions", app::actions_view(app::registry_actions(c.actor()))}});
  });
  r.add("POST", "/api/v1/enterprises", Access::user, "enterprises.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto input, read_enterprise(in));
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.enterprises.register_enterprise(c.actor(), input));
    return json_response(201, change_json(created, c.actor()));
  });
  // The registry of the list's filters as .xlsx, in the import's columns.
  r.add("GET", "/api/v1/enterprises/export.xlsx", Access::user, "enterprises.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto f, read_list_filter(q));
    API_ASSIGN(auto file, s.enterprise_sheets.export_xlsx(c.actor(), f));
    return xlsx_response(file);
  });
  // A registry file (or an edited export): the raw .xlsx or CSV body,
  // options in the query. 200 with the report, except a real import with
  // any row in error: 422, a problem whose "report" member is the report.
  r.add("POST", "/api/v1/enterprises/import", Access::user, "enterprises.write", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto o, read_import_options(q));
    API_ASSIGN(auto report, s.enterprise_sheets.import(c.actor(), c.req.body, o));
    if (!report.dry_run && report.errors > 0)
      return import_rejected("enterprise_list_has_errors", report.errors, registry_import_json(report));
    return json_response(200, registry_import_json(report));
  });
  r.set_body_types("POST", "/api/v1/enterprises/import", kAnyBody);  // the service reads the bytes
  r.add("GET", "/api/v1/enterprises/{id}", Access::user, "enterprises.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto file, s.enterprises.get(c.actor(), *id));
    json::object o = app::enterprise_view(file.enterprise, c.actor());
    json::array rows;
    for (const auto& row : file.ledger_rows) rows.push_back(app::linked_ledger_row_view(row));
    json::array inspections;
    for (const auto& i : file.inspections) inspections.push_back(app::inspection_view(i, {}));
    o["links"] = json::object{{"ledger_rows", std::move(rows)}, {"inspections", std::move(inspections)}};
    o["open_alerts"] = alerts_json(file.open_alerts, c.actor());
    o["statuses"] = app::enterprise_statuses_view();
    json::array files;
    for (const auto& f : file.files) files.push_back(app::record_file_view(f));
    o["files"] = std::move(files);
    return json_response(200, o);
  });
  // A document or photo filed on the enterprise: the raw body, its name in ?filename=.
  r.add("POST", "/api/v1/enterprises/{id}/files", Access::user, "enterprises.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto f, s.enterprise_documents.attach(c.actor(), *id, upload_in(c, q)));
    return json_response(201, app::record_file_view(f));
  });
  r.set_body_types("POST", "/api/v1/enterprises/{id}/files", kAnyBody);
  r.add("PATCH", "/api/v1/enterprises/{id}", Access::user, "enterprises.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto input, read_enterprise(in));
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    input.version = *version;
    API_ASSIGN(auto updated, s.enterprises.update(c.actor(), *id, input));
    return json_response(200, change_json(updated, c.actor()));
  });

  r.add("GET", "/api/v1/banned-enterprises", Access::user, "enterprises.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id", "name"}, "-id"));
    app::BannedListFilter f;
    f.q = q.str("q");
    f.source = q.str("source");
    API_ASSIGN(auto result, s.enterprises.list_banned(c.actor(), f, page));
    json::array items;
    for (const auto& b : result.items) items.push_back(app::banned_enterprise_view(b));
    return json_response(200,
                         json::object{{"items", std::move(items)},
                                      {"total", result.total},
                                      {"page", page.page},
                                      {"per_page", page.per_page},
                                      {"actions", app::actions_view(app::banned_list_actions(c.actor()))}});
  });
  r.add("POST", "/api/v1/banned-enterprises", Access::user, "enterprises.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    app::BannedInput b;
    read_texts(in,
               {{"name", &b.name},
                {"credit_code", &b.credit_code},
                {"legal_rep", &b.legal_rep},
                {"phone", &b.phone},
                {"address", &b.address},
                {"origin", &b.origin},
                {"banned_on", &b.banned_on},
                {"reason", &b.reason},
                {"source", &b.source}},
               false);
    b.enterprise_id = in.integer("enterprise_id");
    API_TRY(in.finish());
    API_ASSIGN(auto added, s.enterprises.add_banned(c.actor(), b));
    json::object o = app::banned_enterprise_view(added.banned);
    o["alerts"] = alerts_json(added.alerts, c.actor());
    return json_response(201, o);
  });
  // 200 with the report, except a real import with any row in error: 422, a
  // problem whose "report" member is the report, nothing written.
  r.add("POST", "/api/v1/banned-enterprises/import", Access::user, "enterprises.write",
        [&s](RouteContext& c) {
          API_ASSIGN(auto q, Query::parse(c.req.query));
          API_ASSIGN(bool dry_run, q.boolean("dry_run", false));
          API_ASSIGN(auto report, s.enterprises.import_banned(c.actor(), c.req.body, dry_run));
          if (!report.dry_run && report.invalid_rows > 0)
            return import_rejected("banned_list_has_errors", report.invalid_rows, import_json(report));
          return json_response(200, import_json(report));
        });
  r.set_body_types("POST", "/api/v1/banned-enterprises/import", kAnyBody);  // the CSV file

  r.add("GET", "/api/v1/relocation-alerts", Access::user, "enterprises.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    app::AlertListFilter f;
    f.statuses = q.list("status");
    API_ASSIGN(f.enterprise_id, q.integer("enterprise_id"));
    API_ASSIGN(f.banned_enterprise_id, q.integer("banned_enterprise_id"));
    API_ASSIGN(auto result, s.enterprises.list_alerts(c.actor(), f, page));
    // With the statuses and their labels, for the filter and the badges.
    return json_response(200, json::object{{"items", alerts_json(result.items, c.actor())},
                                           {"total", result.total},
                                           {"page", page.page},
                                           {"per_page", page.per_page},
                                           {"statuses", app::relocation_alert_statuses_view()}});
  });
  r.add("POST", "/api/v1/relocation-alerts/{id}/resolve", Access::user, "enterprises.write",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto in, JsonInput::parse(c.req.body));
          auto status = in.string("status");
          auto note = in.string("note");
          API_TRY(in.finish());
          if (!status) return problem(Error::field("status", issue("required")));
          API_ASSIGN(auto alert, s.enterprises.resolve_alert(c.actor(), *id, *status, note.value_or("")));
          return json_response(200, app::relocation_alert_view(alert, c.actor()));
        });
}

}  // namespace lantian::api
