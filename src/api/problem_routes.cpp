// /api/v1/problems and /api/v1/problem-rules: supervision problems
// (app/problem_service.h) and their spreadsheets (app/problem_sheets.h).
// File downloads go through /api/v1/record-files (attachment_routes.cpp).
#include <cstdlib>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "api/sheet_query.h"
#include "app/ledger_views.h"
#include "app/problem_views.h"
#include "app/workflow_views.h"
#include "core/work_areas.h"
#include "core/workflows.h"
#include "io/notice_document.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

json::object label(const Label& l) { return json::object{{"zh-CN", l.zh}, {"en", l.en}}; }

Result<app::ProblemInput> read_problem(JsonInput& in) {
  app::ProblemInput p;
  p.source = in.string("source").value_or("");
  p.problem_type = in.string("problem_type").value_or("");
  p.title = in.string("title").value_or("");
  p.description = in.string("description").value_or("");
  p.standard = in.string("standard").value_or("");
  p.disposition = in.string("disposition").value_or("rectify");
  p.enterprise_id = in.integer("enterprise_id");
  p.ledger_row_id = in.integer("ledger_row_id");
  p.site = in.string("site").value_or("");
  p.address = in.string("address").value_or("");
  p.external_id = in.string("external_id").value_or("");
  if (auto loc = in.value("location")) {
    LT_ASSIGN(p.location, read_location(*loc));
  }
  return p;
}

Result<app::ProblemActionInput> read_action(const std::string& body) {
  LT_ASSIGN(auto in, JsonInput::parse(body));
  app::ProblemActionInput a;
  a.version = in.integer("version").value_or(0);
  a.note = in.string("note").value_or("");
  a.files = in.integer_list("files").value_or(std::vector<int64_t>{});
  a.assignment.unit_id = in.integer("unit_id");
  a.assignment.person_id = in.integer("person_id");
  a.assignment.person_name = in.string("person_name").value_or("");
  a.assignment.leader_party = in.string("leader_party");
  a.assignment.leader_government = in.string("leader_government");
  a.assignment.cooperating_unit_ids =
      in.integer_list("cooperating_unit_ids").value_or(std::vector<int64_t>{});
  a.assignment.deadline_kind = in.string("deadline_kind");
  a.assignment.deadline = in.string("deadline").value_or("");
  a.assignment.deadline_days = int(in.integer("deadline_days").value_or(0));
  a.assignment.standard = in.string("standard");
  a.extension_until = in.string("extension_until").value_or("");
  a.verifier_id = in.integer("verifier_id");
  a.merged_into = in.integer("merged_into");
  std::optional<json::value> loc = in.value("location");
  LT_TRY(in.finish());
  if (loc) {
    LT_ASSIGN(a.location, read_location(*loc));
  }
  if (a.version <= 0) return Error::field("version", issue("version_required"));
  return a;
}

// The rules a client renders forms and filters from.
json::object rules_view() {
  const ProblemRules& r = problem_rules();
  json::array sources, types, ladder;
  for (const auto& s : r.sources)
    sources.push_back(json::object{{"name", s.name}, {"label", label(s.label)}, {"number", s.number}});
  for (const auto& t : r.types) {
    const WorkAreaDef* area = find_work_area(t.work_area);
    types.push_back(json::object{{"name", t.name},
                                 {"label", label(t.label)},
                                 {"work_area", t.work_area},
                                 {"work_area_label", area ? json::value(label({std::string(area->name_zh),
                                                                               std::string(area->name_en)}))
                                                          : json::value(nullptr)}});
  }
  for (const auto& e : r.escalation)
    ladder.push_back(json::object{{"days_overdue", e.days_overdue}, {"step", escalation_step_name(e.step)}});
  return json::object{{"sources", std::move(sources)},
                      {"types", std::move(types)},
                      {"escalation", std::move(ladder)},
                      {"duplicate_radius_m", r.duplicate_radius_m},
                      {"photo_max_distance_m", kPhotoMaxDistanceM},
                      {"dispositions", json::array{"rectify", "ban", "relocate"}},
                      {"deadline_kinds", json::array{"date", "working_days", "immediate"}},
                      {"workflow", "problem"}};
}

// The filters of GET /api/v1/problems (also those of its export).
Result<app::ProblemListQuery> read_list_query(const Query& q) {
  app::ProblemListQuery lq;
  lq.statuses = q.list("status");
  LT_ASSIGN(lq.unit_id, q.integer("unit_id"));
  lq.source = q.str("source");
  lq.problem_type = q.str("type");
  lq.text = q.str("q");
  LT_ASSIGN(lq.enterprise_id, q.integer("enterprise_id"));
  LT_ASSIGN(lq.parent_id, q.integer("parent_id"));
  LT_ASSIGN(lq.verifier_id, q.integer("verifier_id"));
  LT_ASSIGN(lq.person_id, q.integer("person_id"));
  LT_ASSIGN(lq.created_by, q.integer("created_by"));
  LT_ASSIGN(lq.overdue, q.boolean("overdue", false));
  LT_ASSIGN(lq.mine, q.boolean("mine", false));
  lq.from = q.str("from");
  lq.to = q.str("to");
  return lq;
}

Result<app::ProblemImportOptions> read_import_options(const Query& q) {
  app::ProblemImportOptions o;
  LT_TRY(read_sheet_options(q, o));
  LT_ASSIGN(o.valid_rows_only, q.boolean("valid_rows_only", false));
  o.default_source = q.str("source");
  LT_ASSIGN(o.mapping, read_column_mapping(q));
  return o;
}

json::object import_report_view(const app::ProblemImportReport& r) {
  auto issues_view = [](const std::vector<app::ProblemImportIssue>& list) {
    json::array out;
    for (const auto& i : list)
      out.push_back(json::object{{"column", i.column},
                                 {"field", i.field},
                                 {"code", i.code},
                                 {"message", i.message},
                                 {"params", params_json(i.params)}});
    return out;
  };
  json::array headers, mapping, details;
  for (const auto& h : r.headers) headers.push_back(json::value(h));
  for (const auto& m : r.mapping) mapping.push_back(json::value(m));
  for (const auto& d : r.details) {
    json::array changes;
    for (const auto& c : d.changes)
      changes.push_back(json::object{{"field", c.field}, {"from", c.from}, {"to", c.to}});
    details.push_back(json::object{{"row", d.row},
                                   {"outcome", d.outcome},
                                   {"id", d.id ? json::value(*d.id) : json::value(nullptr)},
                                   {"number", d.number},
                                   {"title", d.title},
                                   {"assigns", d.assigns},
                                   {"changes", std::move(changes)},
                                   {"issues", issues_view(d.issues)},
                                   {"notes", issues_view(d.notes)}});
  }
  return json::object{{"format", r.format},
                      {"datum", r.datum},
                      {"header_row", r.header_row},
                      {"headers", std::move(headers)},
                      {"mapping", std::move(mapping)},
                      {"rows", r.rows},
                      {"new", r.new_rows},
                      {"changed", r.changed},
                      {"unchanged", r.unchanged},
                      {"in_progress", r.in_progress},
                      {"errors", r.errors},
                      {"assigned", r.assigned},
                      {"dry_run", r.dry_run},
                      {"written", r.written},
                      {"details", std::move(details)}};
}

}  // namespace

void add_problem_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/problem-rules", Access::user, "problems.read",
        [](RouteContext&) { return json_response(200, rules_view()); });
  r.add("GET", "/api/v1/problems", Access::user, "problems.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id", "deadline"}, "-id"));
    API_ASSIGN(auto lq, read_list_query(q));
    API_ASSIGN(auto list, s.problems.list(c.actor(), lq, page));
    const std::string today = s.problems.today();
    return page_response(list, page, [&](const Problem& p, json::storage_ptr) {
      return json::value(app::problem_view(p, today));
    });
  });
  r.add("POST", "/api/v1/problems", Access::user, "problems.register", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto p, read_problem(in));
    API_TRY(in.finish());
    API_ASSIGN(auto d, s.problems.create(c.actor(), p));
    return json_response(201, app::problem_detail_view(d, s.problems.today()));
  });
  // The duplicate warnings a registration would give, for the form to show first.
  r.add("POST", "/api/v1/problems/duplicates", Access::user, "problems.register", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto p, read_problem(in));
    API_TRY(in.finish());
    API_ASSIGN(auto list, s.problems.duplicates(c.actor(), p));
    json::array items;
    for (const auto& w : list) items.push_back(app::duplicate_warning_view(w));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/problems/lateness", Access::user, "problems.read", [&s](RouteContext& c) {
    API_ASSIGN(auto list, s.problems.lateness(c.actor()));
    json::array items;
    for (const auto& u : list)
      items.push_back(json::object{
          {"unit", json::object{{"id", u.unit_id}, {"name", u.unit_name}}},
          {"open", u.open},
          {"overdue", u.overdue},
          {"earliest_deadline",
           u.earliest_deadline.empty() ? json::value(nullptr) : json::value(u.earliest_deadline)}});
    return json_response(200, json::object{{"items", std::move(items)}, {"today", s.problems.today()}});
  });
  // The rectification ledger (整改台账) of the list's filters, as .xlsx.
  r.add("GET", "/api/v1/problems/export.xlsx", Access::user, "problems.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto lq, read_list_query(q));
    API_ASSIGN(auto file, s.problem_sheets.export_xlsx(c.actor(), lq));
    return xlsx_response(file);
  });
  // A 督办清单 (or an edited ledger): the raw .xlsx or CSV body, options in the
  // query. 200 with the report, except a real import, all or nothing, with
  // any row in error: 422, a problem whose "report" member is the report.
  r.add("POST", "/api/v1/problems/import", Access::user, "problems.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto o, read_import_options(q));
    API_ASSIGN(auto report, s.problem_sheets.import(c.actor(), c.req.body, o));
    if (!o.dry_run && !o.valid_rows_only && report.errors > 0)
      return import_rejected("problem_list_has_errors", report.errors, import_report_view(report));
    return json_response(200, import_report_view(report));
  });
  r.set_body_types("POST", "/api/v1/problems/import", kAnyBody);  // the service reads the bytes
  r.add("GET", "/api/v1/problems/import-template.xlsx", Access::user, "problems.manage",
        [&s](RouteContext& c) {
          API_ASSIGN(auto file, s.problem_sheets.import_template(c.actor()));
          return xlsx_response(file);
        });
  r.add("GET", "/api/v1/problems/{id}", Access::user, "problems.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto d, s.problems.get(c.actor(), *id));
    return json_response(200, app::problem_detail_view(d, s.problems.today()));
  });
  r.add("POST", "/api/v1/problems/{id}/actions/{action}", Access::user, "problems.read",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto a, read_action(c.req.body));
          a.action = c.param("action");
          API_ASSIGN(auto d, s.problems.act(c.actor(), *id, a));
          return json_response(200, app::problem_detail_view(d, s.problems.today()));
        });
  r.add("GET", "/api/v1/problems/{id}/events", Access::user, "problems.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto list, s.problems.events(c.actor(), *id));
    json::array items;
    for (const auto& e : list) items.push_back(app::workflow_event_view(e));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  // The file is the raw request body, its name in ?filename= (as other files).
  r.add("POST", "/api/v1/problems/{id}/files", Access::user, "problems.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    const app::AttachmentUpload up = upload_in(c, q);
    API_ASSIGN(auto f, s.problems.attach(c.actor(), *id, up));
    return json_response(201, app::record_file_view(f));
  });
  r.set_body_types("POST", "/api/v1/problems/{id}/files", kAnyBody);
  // The printable documents: notice.pdf|html (督办单), report.pdf|html (整改报告).
  r.add("GET", "/api/v1/problems/{id}/documents/{file}", Access::user, "problems.read",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          const std::string file = c.param("file");
          const auto dot = file.find('.');
          const std::string name = file.substr(0, dot),
                            format = dot == std::string::npos ? "" : file.substr(dot + 1);
          if ((name != "notice" && name != "report") || (format != "pdf" && format != "html"))
            return problem(Error::make("not_found"));
          const auto kind = name == "notice" ? io::NoticeDocument::Kind::supervision_notice
                                             : io::NoticeDocument::Kind::rectification_report;
          API_ASSIGN(auto doc, s.problems.document(c.actor(), *id, kind));
          http::Response res;
          res.status = 200;
          const std::string filename = doc.number + (name == "notice" ? "督办单." : "整改报告.") + format;
          if (format == "pdf") {
            API_ASSIGN(res.body, io::render_notice_pdf(doc));
            res.set_header("content-type", "application/pdf");
            res.set_header("content-disposition", content_disposition(filename, name + ".pdf"));
          } else {
            res.body = io::render_notice_html(doc);
            res.set_header("content-type", "text/html; charset=utf-8");
            // Shown in a tab to print, not downloaded; its own inline CSS only.
            res.set_header("content-security-policy",
                           "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
          }
          res.set_header("x-content-type-options", "nosniff");
          res.set_header("cache-control", "no-store");
          return res;
        });
}

}  // namespace lantian::api
