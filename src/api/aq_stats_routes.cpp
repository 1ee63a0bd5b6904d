// /api/v1/aq: what the stations' days add up to (app/aq_stats_service.h) —
// each station's latest hour (the dashboard's map), an area's days (trends),
// rankings of townships and stations, and campaign targets with their
// progress. Concentrations in their units (µg/m³; CO mg/m³); the composite
// index and its parts as decimals with two places.
#include <cmath>

#include "api/api.h"
#include "api/aq_json.h"
#include "api/body_memo.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"
#include "core/calendar.h"
#include "core/geo.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

json::value hundredths_json(aq::Hundredths v) {
  if (v < 0) return nullptr;
  if (v % 100 == 0) return json::value(int64_t(v / 100));
  return json::value(double(v) / 100.0);
}

json::object stats_json(const aq::PeriodStats& s) {
  json::object values, index;
  for (int i = 0; i < aq::kPeriodItemCount; ++i) {
    const std::string key(aq::code(aq::PeriodItem(i)));
    values[key] = milli_json(s.value[size_t(i)]);
    index[key] = hundredths_json(s.index[size_t(i)]);
  }
  return {{"days", s.days},
          {"days_with_aqi", s.days_with_aqi},
          {"good_days", s.good_days},
          {"heavy_days", s.heavy_days},
          {"severe_days", s.severe_days},
          {"values", std::move(values)},
          {"index", std::move(index)},
          {"composite", hundredths_json(s.composite)}};
}

json::value optional_int(const std::optional<int32_t>& v) { return v ? json::value(int64_t(*v)) : nullptr; }
json::value optional_milli(const std::optional<int32_t>& v) { return v ? milli_json(*v) : nullptr; }

json::object target_json(const app::TargetView& v) {
  const AqTarget& t = v.target;
  const aq::TargetProgress& p = v.progress;
  json::object progress{
      {"through", format_date(v.through)},
      {"period_days", p.period_days},
      {"elapsed_days", p.elapsed_days},
      {"remaining_days", p.remaining_days},
      {"pm25_days", p.pm25_days},
      {"pm25_to_date", milli_json(p.pm25_to_date)},
      {"pm25_needed", milli_json(p.pm25_needed)},
      {"pm25_reachable", p.pm25_reachable},
      {"pm25_on_track", p.pm25_on_track},
      {"pm25_change_percent",
       p.pm25_change_permille ? json::value(double(*p.pm25_change_permille) / 10.0) : json::value(nullptr)},
      {"heavy_days_to_date", p.heavy_days_to_date},
      {"heavy_days_left",
       p.heavy_days_left ? json::value(int64_t(*p.heavy_days_left)) : json::value(nullptr)},
      {"stations", v.stations}};
  return {{"id", t.id},
          {"name", t.name},
          {"unit_id", t.unit_id},
          {"unit", t.unit_name},
          {"campaign_id", t.campaign_id ? json::value(*t.campaign_id) : json::value(nullptr)},
          {"period_from", t.period_from},
          {"period_to", t.period_to},
          {"baseline_pm25", optional_milli(t.baseline_pm25)},
          {"target_pm25", optional_milli(t.target_pm25)},
          {"baseline_heavy_days", optional_int(t.baseline_heavy_days)},
          {"target_heavy_days", optional_int(t.target_heavy_days)},
          {"version", t.version},
          {"progress", std::move(progress)}};
}

// A concentration in µg/m³ → thousandths; field error when not one.
std::optional<int32_t> read_concentration(JsonInput& in, const char* key, std::vector<FieldError>& errs) {
  auto v = in.nullable_number(key);
  if (!v || !*v) return std::nullopt;
  if (**v < 0 || **v > 99'999) {
    errs.push_back({key, issue("out_of_range", {{"min", "0"}, {"max", "99999"}})});
    return std::nullopt;
  }
  return int32_t(std::llround(**v * 1000.0));
}

std::optional<int32_t> read_days(JsonInput& in, const char* key) {
  auto v = in.nullable_integer(key);
  if (!v || !*v) return std::nullopt;
  // Out of int32 range is out of the service's range too.
  return int32_t(std::clamp<int64_t>(**v, -1, INT32_MAX));
}

Result<app::TargetInput> read_target(JsonInput& in) {
  app::TargetInput t;
  std::vector<FieldError> errs;
  t.name = in.string("name").value_or("");
  t.unit_id = in.integer("unit_id").value_or(0);
  if (auto c = in.nullable_integer("campaign_id"); c && *c) t.campaign_id = **c;
  t.period_from = in.string("period_from").value_or("");
  t.period_to = in.string("period_to").value_or("");
  t.baseline_pm25 = read_concentration(in, "baseline_pm25", errs);
  t.target_pm25 = read_concentration(in, "target_pm25", errs);
  t.baseline_heavy_days = read_days(in, "baseline_heavy_days");
  t.target_heavy_days = read_days(in, "target_heavy_days");
  if (!errs.empty()) return Error::validation(errs);
  return t;
}

// from/to as dates, defaults given; field errors name the parameter.
Result<std::pair<Date, Date>> read_period(const Query& q, Date from, Date to) {
  if (auto t = q.str("to"); !t.empty()) {
    auto d = parse_date(t);
    if (!d) return Error::field("to", "invalid", {});
    to = *d;
  }
  if (auto f = q.str("from"); !f.empty()) {
    auto d = parse_date(f);
    if (!d) return Error::field("from", "invalid", {});
    from = *d;
  }
  return std::pair{from, to};
}

}  // namespace

void add_aq_stats_routes(Router& r, Services& s) {
  // The map's stations: the same answer (nothing written since) is sent as
  // it was written, the megabyte of JSON for 2,000 stations not built again.
  r.add("GET", "/api/v1/aq/latest", Access::user, "aq.read", [&s](RouteContext& c) {
    static BodyMemo memo;
    API_ASSIGN(auto view, s.aq_stats.latest(c.actor()));
    auto body = memo.get(view, [&] {
      json::array items;
      items.reserve(view->stations.size());
      for (const auto& n : view->stations) {
        json::object o = station_json(n.station);
        // Where the map draws it, in the map's datum (the server converts).
        if (n.station.location) {
          const LngLat d = s.map.display(*n.station.location);
          o["map_location"] =
              json::object{{"lng", std::round(d.lng * 1e6) / 1e6}, {"lat", std::round(d.lat * 1e6) / 1e6}};
        } else {
          o["map_location"] = nullptr;
        }
        o["latest"] = n.latest ? json::value(hour_json(*n.latest)) : json::value(nullptr);
        items.push_back(std::move(o));
      }
      return json::serialize(json::object{{"hour", app::format_hour(view->hour - 1)},
                                          {"datum", datum_name(s.map.datum())},
                                          {"levels", levels_json()},
                                          {"items", std::move(items)}});
    });
    return json_text_response(200, *body);
  });
  // An area's days: the district by default, the last 30 days to yesterday.
  r.add("GET", "/api/v1/aq/area-days", Access::user, "aq.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    API_ASSIGN(auto unit, q.integer("unit_id"));
    const Date yesterday = s.aq_stats.today() - std::chrono::days(1);
    API_ASSIGN(auto period, read_period(q, yesterday - std::chrono::days(29), yesterday));
    API_ASSIGN(auto view, s.aq_stats.area_days(c.actor(), unit, period.first, period.second));
    static BodyMemo memo;
    auto body = memo.get(view, [&] {
      json::array days;
      for (const auto& d : view->days) days.push_back(day_values_json(d));
      json::array stations;
      for (int64_t id : view->area.stations) stations.push_back(id);
      return json::serialize(json::object{{"unit_id", view->area.unit_id},
                                          {"unit", view->area.name},
                                          {"tier", view->area.tier},
                                          {"stations", std::move(stations)},
                                          {"from", format_date(period.first)},
                                          {"to", format_date(period.second)},
                                          {"items", std::move(days)}});
    });
    return json_text_response(200, *body);
  });
  // Rankings: of=units (the townships under parent_id, the district by
  // default) or stations; by=composite|pm25|pm10; this month to yesterday.
  r.add("GET", "/api/v1/aq/rankings", Access::user, "aq.read", [&s](RouteContext& c) {
    API_ASSIGN(auto q, Query::parse(c.req.query));
    auto of = app::parse_rank_of(q.str("of").empty() ? "units" : q.str("of"));
    if (!of) return problem(Error::field("of", "invalid", {}));
    auto by = app::parse_rank_by(q.str("by").empty() ? "composite" : q.str("by"));
    if (!by) return problem(Error::field("by", "invalid", {}));
    API_ASSIGN(auto parent, q.integer("parent_id"));
    const Date yesterday = s.aq_stats.today() - std::chrono::days(1);
    const std::chrono::year_month_day ymd{yesterday};
    API_ASSIGN(auto period, read_period(q, Date{ymd.year() / ymd.month() / 1}, yesterday));
    API_ASSIGN(auto ranking, s.aq_stats.ranking(c.actor(), *of, *by, period.first, period.second, parent));
    static BodyMemo memo;
    auto body = memo.get(ranking, [&] {
      json::array rows;
      for (const auto& row : ranking->rows) {
        json::object o{{"rank", row.rank == 0 ? json::value(nullptr) : json::value(row.rank)},
                       {"id", row.id},
                       {"name", row.name}};
        if (ranking->of == app::RankOf::stations) {
          o["code"] = row.code;
          o["unit"] = row.unit_name;
        }
        o["stats"] = stats_json(row.stats);
        rows.push_back(std::move(o));
      }
      return json::serialize(json::object{{"of", ranking->of == app::RankOf::units ? "units" : "stations"},
                                          {"by", app::code(ranking->by)},
                                          {"from", format_date(ranking->from)},
                                          {"to", format_date(ranking->to)},
                                          {"items", std::move(rows)}});
    });
    return json_text_response(200, *body);
  });
  // Monitoring → action now, as the leader's job does every ten minutes.
  r.add("POST", "/api/v1/aq/monitoring/scan", Access::user, "aq.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto rep, s.aq_monitoring.scan(c.actor()));
    return json_response(200, json::object{{"stations", rep.stations},
                                           {"runs", rep.runs},
                                           {"opened", rep.opened},
                                           {"extended", rep.extended}});
  });
  r.add("GET", "/api/v1/aq/targets", Access::user, "aq.read", [&s](RouteContext& c) {
    API_ASSIGN(auto list, s.aq_stats.targets(c.actor()));
    // The targets are every reader's; only can_manage is the reader's own.
    static BodyMemo memo;
    auto items = memo.get(list, [&] {
      json::array a;
      for (const auto& t : *list) a.push_back(target_json(t));
      return json::serialize(a);
    });
    std::string body =
        c.actor().can("aq.manage") ? R"({"can_manage":true,"items":)" : R"({"can_manage":false,"items":)";
    body.reserve(body.size() + items->size() + 1);
    body += *items;
    body += '}';
    return json_text_response(200, std::move(body));
  });
  r.add("POST", "/api/v1/aq/targets", Access::user, "aq.manage", [&s](RouteContext& c) {
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto t, read_target(in));
    API_TRY(in.finish());
    API_ASSIGN(auto created, s.aq_stats.create_target(c.actor(), t));
    return json_response(201, target_json(created));
  });
  r.add("GET", "/api/v1/aq/targets/{id}", Access::user, "aq.read", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto t, s.aq_stats.target(c.actor(), *id));
    return json_response(200, target_json(t));
  });
  r.add("PATCH", "/api/v1/aq/targets/{id}", Access::user, "aq.manage", [&s](RouteContext& c) {
    auto id = c.id();
    if (!id) return problem(bad_id());
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    API_ASSIGN(auto t, read_target(in));
    auto version = in.integer("version");
    API_TRY(in.finish());
    if (!version) return problem(Error::field("version", issue("version_required")));
    API_ASSIGN(auto updated, s.aq_stats.update_target(c.actor(), *id, *version, t));
    return json_response(200, target_json(updated));
  });
}

}  // namespace lantian::api
