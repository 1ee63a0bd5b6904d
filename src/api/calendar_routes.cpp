// /api/v1/calendar: the holiday arrangement (years, days), its import and
// edits, and working-day arithmetic for the web forms.
#include <fmt/format.h>

#include <charconv>

#include "api/api.h"
#include "api/handler_util.h"
#include "api/json_input.h"
#include "api/query.h"

namespace lantian::api {

namespace json = boost::json;

namespace {

json::object day_json(const app::CalendarDay& d) {
  return {{"day", d.day}, {"kind", d.kind}, {"holiday", d.holiday}, {"notice", d.notice}};
}

json::object year_json(const app::CalendarYear& y, bool with_days) {
  json::object o{{"year", y.year}, {"source", y.source}, {"updated_at", y.updated_at}};
  int off = 0, work = 0;
  json::array days;
  for (const auto& d : y.days) {
    (d.kind == "off" ? off : work)++;
    if (with_days) days.push_back(day_json(d));
  }
  o["days_off"] = off;
  o["working_days"] = work;
  if (with_days) o["days"] = std::move(days);
  return o;
}

std::optional<int> parse_year(const RouteContext& c) {
  for (const auto& [k, v] : c.params) {
    if (k != "year") continue;
    int y = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), y);
    if (ec != std::errc() || p != v.data() + v.size() || v.size() != 4) return std::nullopt;
    return y;
  }
  return std::nullopt;
}

std::string param(const RouteContext& c, const std::string& name) {
  for (const auto& [k, v] : c.params)
    if (k == name) return v;
  return {};
}

bool is_csv(std::string_view content_type) {
  auto semi = content_type.find(';');
  auto mt = content_type.substr(0, semi);
  while (!mt.empty() && mt.back() == ' ') mt.remove_suffix(1);
  std::string lower(mt);
  for (auto& ch : lower) ch = char(std::tolower(static_cast<unsigned char>(ch)));
  return lower == "text/csv" || lower == "text/plain";
}

// The CSV of PUT /calendar/{year}: the body itself (text/csv), or the "csv"
// field of a JSON object.
Result<std::string> read_csv_body(const http::Request& req) {
  if (is_csv(req.header("content-type"))) return req.body;
  LT_ASSIGN(auto in, JsonInput::parse(req.body));
  auto csv = in.string("csv");
  LT_TRY(in.finish());
  if (!csv) return Error::field("csv", issue("required"));
  return *csv;
}

// The whole years a working-day answer spans must have a known arrangement.
bool verified(const WorkCalendar& cal, Date a, Date b) {
  if (b < a) std::swap(a, b);
  int ya = int(std::chrono::year_month_day{a}.year()), yb = int(std::chrono::year_month_day{b}.year());
  for (int y = ya; y <= yb; ++y)
    if (!cal.covers(std::chrono::sys_days{std::chrono::year{y} / 1 / 1})) return false;
  return true;
}

}  // namespace

void add_calendar_routes(Router& r, Services& s) {
  // Literal paths first: "{year}" would match them too.
  // Today by the server's clock and calendar: the web app never takes the
  // browser's date (a phone's clock may be wrong; demos run in the past).
  r.add("GET", "/api/v1/calendar/today", Access::user, "", [&s](RouteContext&) {
    auto t = s.calendar.today();
    return json_response(200, json::object{{"date", t.date},
                                           {"now", t.now},
                                           {"working_day", t.working_day},
                                           {"holiday", t.holiday},
                                           {"next_working_day", t.next_working_day},
                                           {"request_due_date", t.request_due_date},
                                           {"unverified", t.unverified}});
  });
  r.add("GET", "/api/v1/calendar/working-days", Access::user, "tasks.read", [&s](RouteContext& c) {
    if (!c.actor().can("tasks.read"))
      return problem(Error::make("not_permitted", {{"permission", "tasks.read"}}));
    API_ASSIGN(auto q, Query::parse(c.req.query));
    auto from = parse_date(q.str("from"));
    if (!from) return problem(Error::make("query_not_date", {{"name", "from"}}));
    API_ASSIGN(auto n, q.integer("days"));
    std::string to_text = q.str("to");
    if (n.has_value() == !to_text.empty()) return problem(Error::make("either_days_or_to"));
    auto cal = s.calendar.current();
    if (n) {
      if (*n < 0 || *n > 1000)
        return problem(Error::make("query_out_of_range", {{"name", "days"}, {"min", "0"}, {"max", "1000"}}));
      Date deadline = cal->add_working_days(*from, int(*n));
      return json_response(200, json::object{{"from", format_date(*from)},
                                             {"days", *n},
                                             {"deadline", format_date(deadline)},
                                             {"unverified", !verified(*cal, *from, deadline)}});
    }
    auto to = parse_date(to_text);
    if (!to) return problem(Error::make("query_not_date", {{"name", "to"}}));
    if (*to - *from > std::chrono::days(3700) || *from - *to > std::chrono::days(3700))
      return problem(Error::make("span_too_long", {{"years", "10"}}));
    return json_response(200, json::object{{"from", format_date(*from)},
                                           {"to", format_date(*to)},
                                           {"working_days", cal->working_days_between(*from, *to)},
                                           {"unverified", !verified(*cal, *from, *to)}});
  });
  r.add("PUT", "/api/v1/calendar/days/{day}", Access::user, "calendar.write", [&s](RouteContext& c) {
    // Permission before the body: a caller without it learns nothing from a 422.
    if (!c.actor().can("calendar.write"))
      return problem(Error::make("not_permitted", {{"permission", "calendar.write"}}));
    API_ASSIGN(auto in, JsonInput::parse(c.req.body));
    auto kind = in.string("kind");
    auto holiday = in.string("holiday");
    auto notice = in.string("notice");
    API_TRY(in.finish());
    if (!kind || kind->empty()) return problem(Error::field("kind", issue("bad_day_kind")));
    API_ASSIGN(auto y, s.calendar.set_day(
                           c.actor(), {param(c, "day"), *kind, holiday.value_or(""), notice.value_or("")}));
    return json_response(200, year_json(y, true));
  });
  r.add("DELETE", "/api/v1/calendar/days/{day}", Access::user, "calendar.write", [&s](RouteContext& c) {
    API_ASSIGN(auto y, s.calendar.set_day(c.actor(), {param(c, "day"), "", "", ""}));
    return json_response(200, year_json(y, true));
  });
  r.add("GET", "/api/v1/calendar", Access::user, "tasks.read", [&s](RouteContext& c) {
    API_ASSIGN(auto years, s.calendar.years(c.actor()));
    json::array items;
    for (const auto& y : years) items.push_back(year_json(y, false));
    return json_response(200, json::object{{"items", std::move(items)}});
  });
  r.add("GET", "/api/v1/calendar/{year}", Access::user, "tasks.read", [&s](RouteContext& c) {
    auto year = parse_year(c);
    if (!year) return problem(Error::make("bad_year"));
    API_ASSIGN(auto years, s.calendar.years(c.actor()));
    for (const auto& y : years)
      if (y.year == *year) return json_response(200, year_json(y, true));
    return problem(Error::make("no_such_year", {{"year", std::to_string(*year)}}));
  });
  r.add("PUT", "/api/v1/calendar/{year}", Access::user, "calendar.write", [&s](RouteContext& c) {
    if (!c.actor().can("calendar.write"))
      return problem(Error::make("not_permitted", {{"permission", "calendar.write"}}));
    auto year = parse_year(c);
    if (!year) return problem(Error::make("bad_year"));
    API_ASSIGN(auto csv, read_csv_body(c.req));
    API_ASSIGN(auto y, s.calendar.import_year(c.actor(), *year, csv));
    return json_response(200, year_json(y, true));
  });
  // The CSV itself, or JSON {"csv": ...}.
  r.set_body_types("PUT", "/api/v1/calendar/{year}", {"application/json", "text/csv", "text/plain"});
}

}  // namespace lantian::api
