// /api/v1/aq: air-quality monitoring (app/aq_service.h) — the station
// registry, hourly data pushed as JSON, and a station's hours with their
// hourly AQI. Concentrations travel in their units (µg/m³; CO mg/m³), as
// the CNEMC release publishes them; times name the end of the hour in
// Beijing time ("2023-01-22T01:00:00").
#include <cmath>

#include "api/api.h"
#include "api/aq_json.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "aq/level.h"
#include "core/calendar.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

constexpr const char* kColumns[kAqPollutants] = {"so2", "no2", "co", "o3", "pm10", "pm25"};
// A month and a day at most per answer (31 × 24 + 24 hours).
constexpr int64_t kMaxSpanHours = 768;

json::object vocabulary_json() {
  json::array kinds, flags;
  for (const auto& k : station_kinds())
    kinds.push_back(json::object{{"code", k.code}, {"label", {{"zh-CN", k.label_zh}, {"en", k.label_en}}}});
  for (const auto& f : data_flags())
    flags.push_back(json::object{{"code", std::string(1, f.code)},
                                 {"valid", f.valid},
                                 {"label", {{"zh-CN", f.label_zh}, {"en", f.label_en}}}});
  return {{"kinds", std::move(kinds)}, {"flags", std::move(flags)}, {"levels", levels_json()}};
}

// A value in its unit → thousandths. JSON numbers are doubles: rounded to
// the nearest thousandth (every published value has at most one decimal).
std::optional<int32_t> to_milli(double v) {
  if (!std::isfinite(v) || v < 0 || v > 99'999.999) return std::nullopt;
  return int32_t(std::llround(v * 1000.0));
}

Result<std::vector<app::HourReading>> read_hours(JsonInput& in) {
  auto items = in.objects("hours");
  if (!items) return Error::field("hours", "required", {});
  if (items->size() > app::kMaxIngestHours)
    return Error::make("aq_too_many_hours", {{"max", std::to_string(app::kMaxIngestHours)}});
  std::vector<app::HourReading> out;
  out.reserve(items->size());
  std::vector<FieldError> errs;
  for (size_t i = 0; i < items->size(); ++i) {
    JsonInput& h = (*items)[i];
    const std::string at = "hours[" + std::to_string(i) + "].";
    app::HourReading r;
    r.station = h.string("station").value_or("");
    if (r.station.empty()) errs.push_back({at + "station", issue("required")});
    auto time = h.string("time");
    auto hour = time ? app::parse_hour(*time) : std::nullopt;
    if (!hour)
      errs.push_back({at + "time", issue("invalid")});
    else
      r.hour = *hour;
    for (int p = 0; p < kAqPollutants; ++p) {
      auto v = h.nullable_number(kColumns[p]);
      if (!v || !*v) continue;
      auto m = to_milli(**v);
      if (!m)
        errs.push_back({at + kColumns[p], issue("aq_value_out_of_range", {{"pollutant", kColumns[p]}})});
      else
        r.milli[p] = *m;
    }
    if (auto flags = h.object("flags")) {
      for (const auto& [key, value] : *flags) {
        int p = 0;
        while (p < kAqPollutants && key != kColumns[p]) ++p;
        if (p == kAqPollutants || !value.is_string() || value.as_string().size() != 1) {
          errs.push_back({at + "flags." + std::string(key), issue("invalid")});
          continue;
        }
        r.flags[p] = value.as_string()[0];
      }
    }
    in.finish_nested(h);
    out.push_back(std::move(r));
  }
  LT_TRY(in.finish());
  if (!errs.empty()) return Error::validation(errs);
  return out;
}

json::object report_json(const app::IngestReport& r) {
  json::array issues;
  for (const auto& i : r.issues)
    issues.push_back(json::object{{"index", int64_t(i.index)},
                                  {"code", i.issue.code},
                                  {"params", params_json(i.issue.params)},
                                  {"message", i.issue.message}});
  return {{"received", r.received},   {"added", r.added},       {"changed", r.changed},
          {"unchanged", r.unchanged}, {"rejected", r.rejected}, {"issues", std::move(issues)}};
}

json::object day_json(const app::DayView& d) {
  json::object o = aqi_json(d.aqi.summary.aqi);
  o["date"] = format_date(d.day);
  o["hours"] = d.hours;
  o["primary"] = aq::to_string(d.aqi.summary.primary);
  json::object iaqi;
  for (auto item : aq::kDailyItems) {
    const auto i = size_t(aq::index(item));
    const std::string key(aq::code(item));
    o[key] = milli_json(d.aqi.value[i] == aq::kNa ? kAqNa : d.aqi.value[i]);
    iaqi[key] = d.aqi.iaqi[i] == aq::kIndexNa ? json::value(nullptr) : json::value(int64_t(d.aqi.iaqi[i]));
  }
  o["iaqi"] = std::move(iaqi);
  return o;
}

// A station's registration (or edit) as the API takes it; field errors name
// the limits' keys.
Result<app::StationInput> read_station(JsonInput& in) {
  app::StationInput st;
  st.code = in.string("code").value_or("");
  st.name = in.string("name").value_or("");
  st.kind = in.string("kind").value_or("");
  st.unit_id = in.integer("unit_id");
  st.enterprise_id = in.integer("enterprise_id");
  st.active = in.boolean("active").value_or(true);
  std::vector<FieldError> errs;
  if (auto pw = in.value("hj212_password")) {  // null: none (an edit removes it)
    if (pw->is_string())
      st.hj212_password = std::string(pw->as_string());
    else if (!pw->is_null())
      errs.push_back({"hj212_password", issue("invalid")});
  }
  if (auto limits = in.object("limits")) {
    for (const auto& [key, value] : *limits) {
      int p = 0;
      while (p < kAqPollutants && key != kColumns[p]) ++p;
      auto m = value.is_number() ? to_milli(value.to_number<double>()) : std::nullopt;
      if (p == kAqPollutants || !m)
        errs.push_back({"limits." + std::string(key), issue("invalid")});
      else
        st.limits[size_t(p)] = *m;
    }
  }
  if (!errs.empty()) return Error::validation(errs);
  if (auto loc = in.value("location")) {
    LT_ASSIGN(auto l, read_location(*loc));
    if (l) {
      auto stored = app::stored_location(*l);
      if (auto* bad = std::get_if<Issue>(&stored)) return Error::validation({{"location", *bad}});
      st.location = std::get<LngLat>(stored);
    }
  }
  return st;
}

}  // namespace

void add_aq_routes(Router& r, Services& s) {
  r.add("GET", "/api/v1/aq/stations", Access::user, "aq.read", [&s](RouteContext& c) {
    API_ASSIGN(auto list, s.aq.stations(c.actor()));
    json::array items;
    for (const auto& st : list) items.push_back(station_json(st));
    json::object out = vocabulary_json();
    out["items"] = std::move(items);
    return json_response(200, std::move(out));
  });
  r.add("POST", "/api/v1/aq/stations", Access::user, "aq.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto st, read_station(in));
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.aq.register_station(c.actor(), st));
    return json_response(201, station_json(created));
  });
  // An edit: the registration's body with the version; the code stays (one
  // given must be the station's), and without hj212_password the password
  // stays (null removes it).
  r.add("PATCH", "/api/v1/aq/stations/{id}", Access::user, "aq.manage", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    const bool keep_password = !in.has("hj212_password");
    API_ASSIGN(auto st, read_station(in));
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    if (!st.code.empty()) {
      API_ASSIGN(auto current, s.aq.station(c.actor(), *id));
      if (current.code != st.code) return problem(Error::field("code", issue("cannot_change")));
    }
    API_ASSIGN(auto updated, s.aq.update_station(c.actor(), *id, *version, st, keep_password));
    return json_response(200, station_json(updated));
  });
  r.add("GET", "/api/v1/aq/stations/{id}", Access::user, "aq.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto st, s.aq.station(c.actor(), *id));
    return json_response(200, station_json(st));
  });
  r.add("GET", "/api/v1/aq/stations/{id}/hours", Access::user, "aq.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    const int64_t now = s.aq.current_hour();
    std::optional<int64_t> to = now, from = now - 23;
    if (auto t = q.str("to"); !t.empty()) to = app::parse_hour(t);
    if (!to) return problem(Error::field("to", "invalid", {}));
    from = *to - 23;
    if (auto f = q.str("from"); !f.empty()) from = app::parse_hour(f);
    if (!from) return problem(Error::field("from", "invalid", {}));
    if (*from > *to || *to - *from >= kMaxSpanHours)
      return problem(
          Error::field("from", "out_of_range", {{"min", "1"}, {"max", std::to_string(kMaxSpanHours)}}));
    API_ASSIGN(auto hours, s.aq.station_hours(c.actor(), *id, *from, *to));
    json::array items;
    items.reserve(hours.size());
    for (const auto& h : hours) items.push_back(hour_json(h));
    return json_response(200, json::object{{"station_id", *id},
                                           {"from", app::format_hour(*from)},
                                           {"to", app::format_hour(*to)},
                                           {"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/aq/stations/{id}/days", Access::user, "aq.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto q, Query::parse(c.req.query));
    // Default: the week that ended yesterday (Beijing time, the server's clock).
    const Date today{std::chrono::days((s.aq.current_hour() - 1) / 24)};
    std::optional<Date> to = today - std::chrono::days(1), from;
    if (auto t = q.str("to"); !t.empty()) to = parse_date(t);
    if (!to) return problem(Error::field("to", "invalid", {}));
    from = *to - std::chrono::days(6);
    if (auto f = q.str("from"); !f.empty()) from = parse_date(f);
    if (!from) return problem(Error::field("from", "invalid", {}));
    if (*from > *to || (*to - *from).count() >= app::kMaxSpanDays)
      return problem(
          Error::field("from", "out_of_range", {{"min", "1"}, {"max", std::to_string(app::kMaxSpanDays)}}));
    API_ASSIGN(auto days, s.aq.station_days(c.actor(), *id, *from, *to));
    json::array items;
    for (const auto& d : days) items.push_back(day_json(d));
    return json_response(200, json::object{{"station_id", *id},
                                           {"from", format_date(*from)},
                                           {"to", format_date(*to)},
                                           {"items", std::move(items)}});
  });
  // A CSV file as the body (CNEMC, quotsoft or canonical; io/aq_csv.h).
  r.add("POST", "/api/v1/aq/hours/import", Access::user, "aq.ingest", [&s](RouteContext& c) {
    API_ASSIGN(auto rep, s.aq.import_csv(c.actor(), c.req.body));
    return json_response(200, report_json(rep));
  });
  r.set_body_limit("POST", "/api/v1/aq/hours/import", s.options.max_import_bytes);
  r.set_body_types("POST", "/api/v1/aq/hours/import", {"text/csv", "text/plain", "application/octet-stream"});
  r.add("POST", "/api/v1/aq/hours", Access::user, "aq.ingest", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto readings, read_hours(in));
    API_ASSIGN(auto rep, s.aq.ingest(c.actor(), "push", readings));
    return json_response(200, report_json(rep));
  });
}

}  // namespace lantian::api
