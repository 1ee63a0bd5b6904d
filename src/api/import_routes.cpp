// /api/v1/campaigns/{id}/import: a campaign plan from an .xlsx workbook sent
// as the raw request body (the HTTP layer's body limit applies: 413 above
// it). First a preview with suggested column mapping, then the import with
// a report of every row's problems (app/plan_import.h).
#include "api/api.h"
#include "api/handler_util.h"
#include "api/query.h"
#include "io/xlsx_reader.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

constexpr const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

Result<int> read_sheet_index(const Query& q) {
  LT_ASSIGN(auto sheet, q.integer("sheet"));
  if (sheet && (*sheet < 0 || *sheet > 1000))
    return Error::make("query_out_of_range", {{"name", "sheet"}, {"min", "0"}, {"max", "1000"}});
  return int(sheet.value_or(0));
}

// mapping={"title": 2, "deadline": "G"}: 0-based column indexes or Excel
// column letters.
Result<io::plan::Mapping> read_mapping(const std::string& text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return Error::field("mapping", issue("bad_mapping"));
  io::plan::Mapping m;
  std::vector<FieldError> errs;
  for (const auto& [k, col] : v.as_object()) {
    std::string key(k);
    if (col.is_int64()) {
      m[key] = col.as_int64() < 0 || col.as_int64() > 100000 ? -1 : int(col.as_int64());
    } else if (col.is_string()) {
      auto c = io::column_from_letters(std::string(col.as_string()));
      if (!c)
        errs.push_back({"mapping." + key, issue("bad_column")});
      else
        m[key] = *c;
    } else if (!col.is_null()) {
      errs.push_back({"mapping." + key, issue("bad_column")});
    }
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return m;
}

json::object mapping_json(const io::plan::Mapping& m) {
  json::object o;
  for (const auto& [k, c] : m) o[k] = c;
  return o;
}

json::object report_json(const app::ImportReport& r) {
  json::array errors, changes;
  for (const auto& e : r.errors)
    errors.push_back({{"row", e.row},
                      {"column", e.column},
                      {"field", e.field},
                      {"message", e.message},
                      {"code", e.code},
                      {"params", params_json(e.params)}});
  for (const auto& c : r.changes) {
    json::array fields;
    for (const auto& f : c.changes) fields.push_back({{"field", f.field}, {"from", f.from}, {"to", f.to}});
    changes.push_back(
        {{"row", c.row}, {"task_id", c.task_id}, {"title", c.title}, {"fields", std::move(fields)}});
  }
  return {{"total_rows", r.total_rows},     {"valid_rows", r.valid_rows},
          {"invalid_rows", r.invalid_rows}, {"created", r.created},
          {"updated", r.updated},           {"new_rows", r.new_rows},
          {"changed_rows", r.changed_rows}, {"unchanged_rows", r.unchanged_rows},
          {"changes", std::move(changes)},  {"dry_run", r.dry_run},
          {"errors", std::move(errors)},    {"errors_truncated", r.errors_truncated}};
}

}  // namespace

void add_import_routes(Router& r, Services& s) {
  r.add("POST", "/api/v1/campaigns/{id}/import/preview", Access::user, "campaigns.write",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto q, Query::parse(c.req.query));
          API_ASSIGN(int sheet, read_sheet_index(q));
          API_ASSIGN(auto p, s.imports.preview(c.actor(), *id, c.req.body, sheet));
          json::array sheets, headers, rows, fields;
          for (const auto& n : p.sheets) sheets.push_back(json::string(n));
          for (const auto& h : p.headers) headers.push_back(json::string(h));
          for (const auto& row : p.rows) {
            json::array cells;
            for (const auto& v : row) cells.push_back(json::string(v));
            rows.push_back(std::move(cells));
          }
          for (const auto& f : io::plan::fields())
            fields.push_back({{"key", f.key}, {"label_zh", f.label_zh}, {"required", f.required}});
          return json_response(200, json::object{{"sheets", std::move(sheets)},
                                                 {"sheet", p.sheet},
                                                 {"header_row", p.header_row},
                                                 {"headers", std::move(headers)},
                                                 {"rows", std::move(rows)},
                                                 {"row_count", p.row_count},
                                                 {"fields", std::move(fields)},
                                                 {"suggested_mapping", mapping_json(p.suggested_mapping)}});
        });
  r.set_body_types("POST", "/api/v1/campaigns/{id}/import/preview", kAnyBody);  // the .xlsx file
  // 200 with the report, except mode=all (not a dry run) with any row in
  // error: 422, a problem whose "report" member is the report, nothing written.
  r.add("POST", "/api/v1/campaigns/{id}/import", Access::user, "campaigns.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    app::ImportOptions opt;
    API_ASSIGN(opt.sheet, read_sheet_index(q));
    std::string mode = q.str("mode");
    if (mode == "valid_only")
      opt.mode = app::BatchMode::valid_only;
    else if (mode.empty() || mode == "all")
      opt.mode = app::BatchMode::all_or_nothing;
    else
      return problem(Error::make("query_unknown_value", {{"name", "mode"}, {"value", mode}}));
    API_ASSIGN(opt.dry_run, q.boolean("dry_run", false));
    if (std::string m = q.str("mapping"); !m.empty()) {
      API_ASSIGN(opt.mapping, read_mapping(m));
    }
    API_ASSIGN(auto report, s.imports.import(c.actor(), *id, c.req.body, opt));
    if (!report.dry_run && opt.mode == app::BatchMode::all_or_nothing && report.invalid_rows > 0)
      return import_rejected("plan_has_errors", report.invalid_rows, report_json(report));
    return json_response(200, report_json(report));
  });
  r.set_body_types("POST", "/api/v1/campaigns/{id}/import", kAnyBody);  // the .xlsx file
  // An empty plan with the expected headers, an example row and notes.
  r.add("GET", "/api/v1/campaigns/{id}/import/template", Access::user, "campaigns.write",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto file, s.imports.import_template(c.actor(), *id));
          http::Response res;
          res.status = 200;
          res.set_header("content-type", kXlsxType);
          res.set_header("content-disposition", content_disposition(file.filename, file.ascii_filename));
          res.set_header("x-content-type-options", "nosniff");
          res.set_header("cache-control", "no-store");
          res.body = std::move(file.bytes);
          return res;
        });
}

}  // namespace lantian::api
