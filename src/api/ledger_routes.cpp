// /api/v1/ledger-types, /api/v1/ledgers/{type}/rows, /api/v1/ledger-rows:
// the work areas' ledgers (台账) — their definitions, rows, workflow moves,
// history and files — and the tasks a ledger counts
// (/api/v1/tasks/{id}/ledger-count). File downloads are in
// attachment_routes.cpp.
#include <cmath>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/ledger_service.h"
#include "app/ledger_views.h"
#include "app/workflow_views.h"
#include "core/ledgers.h"
#include "core/workflows.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

// The declared fields of a body's "fields" object, as raw values
// (core/ledger_values.h checks them); a member that is a list or an object
// is refused here.
Result<std::vector<std::pair<std::string, RawValue>>> raw_fields(const json::object& o) {
  std::vector<std::pair<std::string, RawValue>> out;
  std::vector<FieldError> errs;
  for (const auto& [k, v] : o) {
    std::string name(k);
    if (v.is_null())
      out.emplace_back(name, nullptr);
    else if (v.is_string())
      out.emplace_back(name, std::string(v.as_string()));
    else if (v.is_bool())
      out.emplace_back(name, v.as_bool());
    else if (v.is_number() && std::isfinite(v.to_number<double>()))
      out.emplace_back(name, v.to_number<double>());
    else
      errs.push_back({"fields." + name, issue("invalid")});
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  return out;
}

Result<app::LedgerRowInput> read_row(const std::string& body, int64_t* version) {
  LT_ASSIGN(auto in, JsonInput::parse(body));
  app::LedgerRowInput r;
  if (version) *version = in.integer("version").value_or(0);
  r.unit_id = in.integer("unit_id");
  r.enterprise_id = in.nullable_integer("enterprise_id");
  in.allow("location");  // read below from the raw body, where null (clear) differs from absent
  std::optional<json::object> fields = in.object("fields");
  LT_TRY(in.finish());
  if (version && *version <= 0) return Error::field("version", issue("version_required"));
  if (fields) {
    LT_ASSIGN(r.fields, raw_fields(*fields));
  }
  boost::system::error_code ec;
  json::value whole = json::parse(body, ec);
  if (!ec && whole.is_object())
    if (const json::value* loc = whole.as_object().if_contains("location")) {
      LT_ASSIGN(auto l, read_location(*loc));
      r.location = l;
    }
  return r;
}

json::object type_json(const app::LedgerService& s, const app::Actor& a, const LedgerType& t) {
  json::object o = app::ledger_type_view(t);
  if (const WorkflowDef* wf = workflows().find(t.workflow))
    o["workflow_definition"] = app::workflow_view(*wf);
  o["can_register"] = s.may_register(a);
  return o;
}

http::Response detail(int status, const app::LedgerRowDetail& d) {
  const LedgerType* t = ledger_types().find(d.row.ledger_type);
  json::object o = app::ledger_row_view(*t, d.row, d.actions);
  json::array files;
  for (const auto& f : d.files) files.push_back(app::record_file_view(f));
  o["files"] = std::move(files);
  return json_response(status, o);
}

}  // namespace

void add_ledger_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/ledger-types", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto types, s.ledgers.types(c.actor()));
    json::array items;
    for (const auto* t : types) items.push_back(type_json(s.ledgers, c.actor(), *t));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/ledger-types/{name}", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(const LedgerType* t, s.ledgers.type(c.actor(), c.param("name")));
    return json_response(200, type_json(s.ledgers, c.actor(), *t));
  });
  r.add("GET", "/api/v1/ledgers/{type}/rows", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    page.after = q.str("after");
    API_ASSIGN(page.with_total, q.boolean("with_total", true));
    app::LedgerListQuery lq;
    lq.ledger_type = c.param("type");
    API_ASSIGN(lq.unit_id, q.integer("unit_id"));
    API_ASSIGN(lq.enterprise_id, q.integer("enterprise_id"));
    lq.statuses = q.list("status");
    lq.fields = q.with_prefix("f.");
    API_ASSIGN(auto result, s.ledgers.list(c.actor(), lq, page));
    const LedgerType* t = ledger_types().find(lq.ledger_type);
    return page_json_response(result, page, [t](app::JsonWriter& w, const app::LedgerRowItem& it) {
      app::write_ledger_row_json(w, *t, it.row, it.actions);
    });
  });
  r.add("POST", "/api/v1/ledgers/{type}/rows", Access::user, "ledgers.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, read_row(c.req.body, nullptr));
    API_ASSIGN(auto d, s.ledgers.create(c.actor(), c.param("type"), in));
    return detail(201, d);
  });
  r.add("GET", "/api/v1/ledger-rows/{id}", Access::user, "ledgers.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto d, s.ledgers.get(c.actor(), *id));
    return detail(200, d);
  });
  r.add("PATCH", "/api/v1/ledger-rows/{id}", Access::user, "ledgers.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    int64_t version = 0;
    API_ASSIGN(auto in, read_row(c.req.body, &version));
    API_ASSIGN(auto d, s.ledgers.update(c.actor(), *id, version, in));
    return detail(200, d);
  });
  r.add("POST", "/api/v1/ledger-rows/{id}/actions/{action}", Access::user, "ledgers.read",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto in, JsonInput::parse(c.req.body));
          app::LedgerActionInput a;
          a.action = c.param("action");
          a.version = in.integer("version").value_or(0);
          a.note = in.string("note").value_or("");
          a.files = in.integer_list("files").value_or(std::vector<int64_t>{});
          auto fields = in.object("fields");
          API_TRY(in.finish());
          if (a.version <= 0) return problem(Error::field("version", issue("version_required")));
          if (fields) {
            API_ASSIGN(a.fields, raw_fields(*fields));
          }
          API_ASSIGN(auto d, s.ledgers.act(c.actor(), *id, a));
          return detail(200, d);
        });
  r.add("GET", "/api/v1/ledger-rows/{id}/events", Access::user, "ledgers.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto list, s.ledgers.events(c.actor(), *id));
    json::array items;
    for (const auto& e : list) items.push_back(app::workflow_event_view(e));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  // The file is the raw request body, its name in ?filename= (as report files).
  r.add("POST", "/api/v1/ledger-rows/{id}/files", Access::user, "ledgers.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    const app::AttachmentUpload up = upload_in(c, q);
    API_ASSIGN(auto f, s.ledgers.attach(c.actor(), *id, up));
    return json_response(201, app::record_file_view(f));
  });
  r.set_body_types("POST", "/api/v1/ledger-rows/{id}/files", kAnyBody);  // the service checks the type

  auto count_json = [](const std::optional<app::TaskLedgerCount>& l) -> json::value {
    if (!l) return nullptr;
    return json::object{{"task_id", l->task_id},
                        {"ledger_type", l->ledger_type},
                        {"count_index", l->count_index},
                        {"counted", l->counted}};
  };
  r.add("GET", "/api/v1/tasks/{id}/ledger-count", Access::user, "tasks.read",
        [&s, count_json](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto l, s.ledgers.task_count(c.actor(), *id));
          return json_response(200, json::object{{"ledger_count", count_json(l)}});
        });
  r.add("PUT", "/api/v1/tasks/{id}/ledger-count", Access::user, "tasks.write",
        [&s, count_json](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto in, JsonInput::parse(c.req.body));
          auto type = in.string("ledger_type");
          auto index = in.integer("count_index");
          API_TRY(in.finish());
          if (!type) return problem(Error::field("ledger_type", issue("required")));
          API_ASSIGN(auto l, s.ledgers.link_task(c.actor(), *id, *type, int(index.value_or(0))));
          return json_response(200, json::object{{"ledger_count", count_json(l)}});
        });
  r.add("DELETE", "/api/v1/tasks/{id}/ledger-count", Access::user, "tasks.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_TRY(s.ledgers.unlink_task(c.actor(), *id));
    return json_response(200, json::object{{"ledger_count", nullptr}});
  });
}

}  // namespace lantian::api
