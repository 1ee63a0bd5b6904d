// /api/v1/aq: heavy-pollution alerts (app/alert_service.h) — the warning
// standard, daily AQI forecasts (JSON or CSV) and the level the standard
// gives the current one, the alerts with their history and the actions the
// reader may take, each alert as a CAP 1.2 message and the alerts as an Atom
// feed. A move's files are uploaded on the alert first (…/files) and named by
// the move; they download through /api/v1/record-files/{id}.
#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "app/alert_views.h"
#include "app/ledger_views.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

constexpr const char* kAlertsBase = "/api/v1/aq/alerts/";

http::Response xml_response(std::string body, const char* type) {
  http::Response res;
  res.status = 200;
  res.body = std::move(body);
  res.set_header("content-type", type);
  res.set_header("x-content-type-options", "nosniff");
  res.set_header("cache-control", "no-store");
  return res;
}

Result<std::vector<app::ForecastInput>> read_days(JsonInput& in) {
  const std::string issued_on = in.string("issued_on").value_or("");
  const std::string source = in.string("source").value_or("");
  const auto unit_id = in.integer("unit_id");
  auto items = in.objects("days");
  if (!items) return Error::field("days", "required", {});
  if (items->size() > app::kMaxForecastDaysPerRequest)
    return Error::make("forecast_too_many_days", {{"max", std::to_string(app::kMaxForecastDaysPerRequest)}});
  std::vector<app::ForecastInput> out;
  for (auto& d : *items) {
    app::ForecastInput f;
    f.unit_id = unit_id;
    f.issued_on = d.string("issued_on").value_or(issued_on);
    f.source = d.string("source").value_or(source);
    f.day = d.string("day").value_or("");
    f.aqi = int(std::clamp<int64_t>(d.integer("aqi").value_or(-1), -1, 100000));
    f.primary = d.string("primary").value_or("");
    in.finish_nested(d);
    out.push_back(std::move(f));
  }
  LT_TRY(in.finish());
  return out;
}

json::object required_reductions_view(const WarningStandard& s) {
  json::array out;
  for (const auto& r : required_reductions(s)) {
    json::object percent;
    for (int i = 0; i < kReductionPollutants; ++i)
      percent[reduction_pollutant_code(ReductionPollutant(i))] = r.percent[size_t(i)];
    out.push_back(json::object{{"level", r.level}, {"rank", r.rank}, {"percent", std::move(percent)}});
  }
  return {{"required_reductions", std::move(out)}};
}

}  // namespace

void add_alert_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/aq/warning-standard", Access::user, "alerts.read", [&s](RouteContext&) {
    json::object out = app::warning_standard_view(s.alerts.standard());
    out["required_reductions"] = required_reductions_view(s.alerts.standard())["required_reductions"];
    return json_response(200, std::move(out));
  });
  r.add("GET", "/api/v1/aq/forecasts", Access::user, "alerts.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    const std::string today = s.alerts.today();
    std::string from = q.str("from"), to = q.str("to");
    if (from.empty()) from = today;
    if (to.empty()) to = format_date(*parse_date(from) + std::chrono::days(kMaxForecastDays - 1));
    API_ASSIGN(auto unit_id, q.integer("unit_id"));
    API_ASSIGN(auto days, s.alerts.forecasts(c.actor(), from, to, unit_id));
    json::array items;
    for (const auto& f : days) items.push_back(app::forecast_view(f));
    return json_response(200, json::object{{"from", from}, {"to", to}, {"items", std::move(items)}});
  });
  r.add("POST", "/api/v1/aq/forecasts", Access::user, "alerts.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto days, read_days(in));
    API_ASSIGN(int64_t stored, s.alerts.enter_forecasts(c.actor(), days));
    API_ASSIGN(auto d, s.alerts.decision(c.actor()));
    return json_response(200, json::object{{"stored", stored}, {"decision", app::forecast_decision_view(d)}});
  });
  // A CSV file as the body: day,aqi,primary.
  r.add("POST", "/api/v1/aq/forecasts/import", Access::user, "alerts.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(int64_t stored,
               s.alerts.import_forecast_csv(c.actor(), c.req.body, q.str("issued_on"), q.str("source")));
    API_ASSIGN(auto d, s.alerts.decision(c.actor()));
    return json_response(200, json::object{{"stored", stored}, {"decision", app::forecast_decision_view(d)}});
  });
  r.set_body_types("POST", "/api/v1/aq/forecasts/import",
                   {"text/csv", "text/plain", "application/octet-stream"});
  r.add("GET", "/api/v1/aq/forecasts/decision", Access::user, "alerts.read", [&s](RouteContext& c) {
    API_ASSIGN(auto d, s.alerts.decision(c.actor()));
    return json_response(200, app::forecast_decision_view(d));
  });
  r.add("GET", "/api/v1/aq/alerts", Access::user, "alerts.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto limit, q.integer("limit"));
    API_ASSIGN(auto list, s.alerts.list(c.actor(), q.str("status"), limit.value_or(50)));
    json::array items, actions;
    for (const auto& a : list.items) items.push_back(app::alert_view(a));
    for (const auto& a : list.actions) actions.push_back(json::value(a));
    return json_response(200, json::object{{"items", std::move(items)}, {"actions", std::move(actions)}});
  });
  r.add("POST", "/api/v1/aq/alerts", Access::user, "alerts.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    app::IssueInput i;
    i.level = in.string("level").value_or("");
    i.effective_at = in.string("effective_at").value_or("");
    i.expires_at = in.string("expires_at").value_or("");
    i.note = in.string("note").value_or("");
    API_TRY(in.finish());
    API_ASSIGN(auto d, s.alerts.issue(c.actor(), i));
    return json_response(201, app::alert_detail_view(d));
  });
  r.add("GET", "/api/v1/aq/alerts.atom", Access::user, "alerts.read", [&s](RouteContext& c) {
    API_ASSIGN(auto xml, s.alerts.atom(c.actor(), "/api/v1/aq/alerts.atom", kAlertsBase));
    return xml_response(std::move(xml), "application/atom+xml; charset=utf-8");
  });
  r.add("GET", "/api/v1/aq/alerts/{id}", Access::user, "alerts.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto d, s.alerts.get(c.actor(), *id));
    return json_response(200, app::alert_detail_view(d));
  });
  // The spot checks of the alert's current level: counts and the sources.
  r.add("GET", "/api/v1/aq/alerts/{id}/spot-checks", Access::user, "alerts.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto l, s.spot_checks.list(c.actor(), *id, q.str("status")));
    const WarningLevel* level = s.alerts.standard().level(l.level);
    json::array items;
    for (const SpotCheck& sc : l.items) {
      const SpotCheckStatusDef* st = find_spot_check_status(sc.status);
      items.push_back(json::object{
          {"id", sc.id},
          {"ledger_row_id", sc.ledger_row_id},
          {"source_name", sc.source_name},
          {"unit_id", sc.unit_id},
          {"unit", sc.unit_name},
          {"address", sc.address},
          {"location", sc.lng && sc.lat ? json::value(json::object{{"lng", *sc.lng}, {"lat", *sc.lat}})
                                        : json::value(nullptr)},
          {"status", sc.status},
          {"status_label", {{"zh-CN", st ? st->label_zh : ""}, {"en", st ? st->label_en : ""}}},
          {"inspection_id", sc.inspection_id ? json::value(*sc.inspection_id) : json::value(nullptr)},
          {"checked_at", sc.checked_at ? json::value(*sc.checked_at) : json::value(nullptr)}});
    }
    return json_response(200, json::object{{"alert_id", l.alert.id},
                                           {"alert_number", l.alert.number},
                                           {"level", l.level},
                                           {"level_label",
                                            {{"zh-CN", level ? level->label.zh : l.level},
                                             {"en", level ? level->label.en : l.level}}},
                                           {"level_colour", level ? level->color : ""},
                                           {"checklist", std::string(kSpotCheckChecklist)},
                                           {"counts",
                                            {{"total", l.total},
                                             {"pending", l.pending},
                                             {"compliant", l.compliant},
                                             {"violation", l.violation}}},
                                           {"can_check", l.can_check},
                                           {"items", std::move(items)}});
  });
  r.add("POST", "/api/v1/aq/alerts/{id}/actions/{action}", Access::user, "alerts.read",
        [&s](RouteContext& c) {
          auto id = c.id();
          if (!id) return problem(bad_id());
          API_ASSIGN(auto in, JsonInput::parse(c.req.body));
          app::AlertActionInput a;
          a.action = c.param("action");
          a.version = in.integer("version").value_or(0);
          a.level = in.string("level").value_or("");
          a.effective_at = in.string("effective_at").value_or("");
          a.expires_at = in.string("expires_at").value_or("");
          a.note = in.string("note").value_or("");
          a.files = in.integer_list("files").value_or(std::vector<int64_t>{});
          API_TRY(in.finish());
          API_ASSIGN(auto d, s.alerts.act(c.actor(), *id, a));
          return json_response(200, app::alert_detail_view(d));
        });
  // The file is the raw request body, its name in ?filename= (as other files).
  r.add("POST", "/api/v1/aq/alerts/{id}/files", Access::user, "alerts.manage", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto f, s.alerts.attach(c.actor(), *id, upload_in(c, q)));
    return json_response(201, app::record_file_view(f));
  });
  r.set_body_types("POST", "/api/v1/aq/alerts/{id}/files", kAnyBody);
  // ?event=ID: that move's message instead of the latest.
  r.add("GET", "/api/v1/aq/alerts/{id}/cap.xml", Access::user, "alerts.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto event, q.integer("event"));
    API_ASSIGN(auto xml, s.alerts.cap(c.actor(), *id, event));
    return xml_response(std::move(xml), "application/cap+xml; charset=utf-8");
  });
}

}  // namespace lantian::api
