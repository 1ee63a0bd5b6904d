// /api/v1/checklists and /api/v1/inspections: field inspections
// (app/inspection_service.h). File downloads go through /api/v1/record-files
// (attachment_routes.cpp).
#include <cmath>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/inspection_views.h"
#include "app/ledger_views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

Result<app::InspectionInput> read_inspection(const std::string& body) {
  LT_ASSIGN(auto in, JsonInput::parse(body));
  app::InspectionInput i;
  i.checklist = in.string("checklist").value_or("");
  i.ledger_row_id = in.integer("ledger_row_id");
  i.enterprise_id = in.integer("enterprise_id");
  i.inspected_at = in.string("inspected_at");
  i.person_met = in.string("person_met").value_or("");
  i.note = in.string("note").value_or("");
  i.client_key = in.string("client_key");
  if (auto loc = in.object("location")) {
    const json::value* lng = loc->if_contains("lng");
    const json::value* lat = loc->if_contains("lat");
    if (!lng || !lat || !lng->is_number() || !lat->is_number())
      return Error::field("location", issue("not_a_location"));
    i.location = LngLat{lng->to_number<double>(), lat->to_number<double>()};
    if (const json::value* d = loc->if_contains("datum")) {
      auto datum = d->is_string() ? datum_named(std::string(d->as_string())) : std::nullopt;
      if (!datum) return Error::field("location.datum", issue("one_of", {{"values", "wgs84, gcj02, bd09"}}));
      i.datum = *datum;
    }
  }
  if (auto items = in.objects("items")) {
    for (auto& o : *items) {
      InspectionItem it;
      it.code = o.string("code").value_or("");
      it.result = o.string("result").value_or("");
      it.note = o.string("note").value_or("");
      it.open_problem = o.boolean("open_problem").value_or(false);
      in.finish_nested(o);
      i.items.push_back(std::move(it));
    }
  }
  LT_TRY(in.finish());
  return i;
}

http::Response detail(int status, const app::InspectionDetail& d) {
  return json_response(status, app::inspection_view(d.inspection, d.files));
}

}  // namespace

void add_inspection_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/checklists", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto lists, s.inspections.checklists(c.actor(), q.str("target")));
    json::array items;
    for (const auto* l : lists) items.push_back(app::checklist_view(*l));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/inspections", Access::user, "ledgers.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto page, q.page({"id"}, "-id"));
    store::inspections::Filter f;
    API_ASSIGN(f.ledger_row_id, q.integer("ledger_row_id"));
    API_ASSIGN(f.enterprise_id, q.integer("enterprise_id"));
    API_ASSIGN(f.inspector_id, q.integer("inspector_id"));
    f.result = q.str("result");
    if (!f.result.empty() && f.result != "pass" && f.result != "fail")
      return problem(Error::make("query_unknown_value", {{"name", "result"}, {"value", f.result}}));
    API_ASSIGN(auto list, s.inspections.list(c.actor(), f, page));
    return page_response(list, page, [](const Inspection& i, json::storage_ptr) {
      return json::value(app::inspection_view(i, {}));
    });
  });
  r.add("POST", "/api/v1/inspections", Access::user, "inspections.write", [&s](RouteContext& c) {
    API_ASSIGN(auto in, read_inspection(c.req.body));
    API_ASSIGN(auto d, s.inspections.create(c.actor(), in));
    return detail(d.created ? 201 : 200, d);
  });
  r.add("GET", "/api/v1/inspections/{id}", Access::user, "ledgers.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto d, s.inspections.get(c.actor(), *id));
    return detail(200, d);
  });
  // A photo, or with ?kind=signature the signature of the person met; the raw body.
  r.add("POST", "/api/v1/inspections/{id}/files", Access::user, "inspections.write", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    std::string kind = q.str("kind");
    if (!kind.empty() && kind != "photo" && kind != "signature")
      return problem(Error::make("query_unknown_value", {{"name", "kind"}, {"value", kind}}));
    const app::AttachmentUpload up = upload_in(c, q);
    API_ASSIGN(auto f, s.inspections.attach(c.actor(), *id, up, kind == "signature"));
    return json_response(201, app::record_file_view(f));
  });
  r.set_body_types("POST", "/api/v1/inspections/{id}/files", kAnyBody);
}

}  // namespace lantian::api
