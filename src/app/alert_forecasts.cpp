// AlertService's forecasts: entering and importing daily AQI forecasts, and
// the decision the warning standard gives the current one
// (app/alert_service.h).
#include <algorithm>

#include "app/alert_internal.h"
#include "app/alert_service.h"
#include "app/audit.h"
#include "core/text.h"
#include "io/csv_reader.h"
#include "store/alerts_repo.h"
#include "store/units_repo.h"

namespace lantian::app {
namespace {

// The pollutants a forecast may name as primary (HJ 633's codes).
constexpr std::string_view kPollutantCodes[] = {"SO2", "NO2", "CO", "O3", "PM10", "PM2.5"};
constexpr size_t kMaxSourceLength = 200;

bool known_pollutants(std::string_view primary) {
  if (primary.empty()) return true;
  size_t start = 0;
  while (start <= primary.size()) {
    size_t end = primary.find(';', start);
    if (end == std::string_view::npos) end = primary.size();
    auto code = primary.substr(start, end - start);
    if (std::find(std::begin(kPollutantCodes), std::end(kPollutantCodes), code) == std::end(kPollutantCodes))
      return false;
    start = end + 1;
  }
  return true;
}

// The checks of one forecast day; each problem named `at` + the field.
void check_day(const ForecastInput& in, const std::string& at, std::vector<FieldError>& errs) {
  auto issued = parse_date(in.issued_on);
  auto day = parse_date(in.day);
  if (!issued) errs.push_back({at + "issued_on", lantian::issue("not_a_date", {{"example", "2017-12-18"}})});
  if (!day) errs.push_back({at + "day", lantian::issue("not_a_date", {{"example", "2017-12-19"}})});
  if (issued && day && *day < *issued)
    errs.push_back({at + "day", lantian::issue("forecast_day_before_issue", {{"issued_on", in.issued_on}})});
  if (in.aqi < 0 || in.aqi > kMaxAqi)
    errs.push_back(
        {at + "aqi", lantian::issue("out_of_range", {{"min", "0"}, {"max", std::to_string(kMaxAqi)}})});
  if (!known_pollutants(in.primary))
    errs.push_back({at + "primary", lantian::issue("aq_pollutant_unknown", {{"value", in.primary}})});
  if (in.source.empty()) errs.push_back({at + "source", lantian::issue("required")});
  if (in.source.size() > kMaxSourceLength)
    errs.push_back({at + "source", lantian::issue("too_long", {{"max", std::to_string(kMaxSourceLength)}})});
}

}  // namespace

Result<CurrentForecast> read_current_forecast(store::Tx& tx, const std::string& today) {
  const std::string until = format_date(*parse_date(today) + std::chrono::days(kMaxForecastDays - 1));
  CurrentForecast out;
  LT_ASSIGN(out.days, store::alerts::current_forecast(tx, std::nullopt, today, until));
  std::vector<ForecastDay> days;
  for (const auto& f : out.days)
    if (auto d = parse_date(f.day)) days.push_back({*d, f.aqi});
  out.decision = decide(warning_standard(), days);
  return out;
}

std::string AlertService::today() const {
  return format_date(std::chrono::floor<std::chrono::days>(clock_.now() + std::chrono::hours(8)));
}

Result<int64_t> AlertService::enter_forecasts(const Actor& a, const std::vector<ForecastInput>& days) {
  if (!a.can("alerts.manage")) return Error::make("not_permitted", {{"permission", "alerts.manage"}});
  if (days.size() > kMaxForecastDaysPerRequest)
    return Error::make("forecast_too_many_days", {{"max", std::to_string(kMaxForecastDaysPerRequest)}});
  if (days.empty()) return Error::field("days", lantian::issue("required"));
  std::vector<FieldError> errs;
  for (size_t i = 0; i < days.size(); ++i) check_day(days[i], "days[" + std::to_string(i) + "].", errs);
  if (!errs.empty()) return Error::validation(errs);
  const std::string now = format_utc(clock_.now());
  std::vector<Forecast> rows;
  for (const auto& d : days) {
    Forecast f;
    f.unit_id = d.unit_id, f.issued_on = d.issued_on, f.day = d.day, f.aqi = d.aqi;
    f.primary_pollutant = d.primary, f.source = d.source;
    if (a.user_id) f.created_by = a.user_id;
    rows.push_back(std::move(f));
  }
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    std::vector<int64_t> units;
    for (const auto& d : days)
      if (d.unit_id) units.push_back(*d.unit_id);
    std::sort(units.begin(), units.end());
    units.erase(std::unique(units.begin(), units.end()), units.end());
    for (int64_t id : units) {
      LT_ASSIGN(auto u, store::units::get(tx, id));
      if (!u) return Error::field("unit_id", "invalid", {});
    }
    LT_TRY(store::alerts::put_forecasts(tx, rows, now));
    boost::json::array shown;
    for (const auto& f : rows)
      shown.push_back(boost::json::object{{"issued_on", f.issued_on}, {"day", f.day}, {"aqi", f.aqi}});
    return record_audit(tx, a, "enter", "aq_forecast", rows.front().issued_on, nullptr,
                        boost::json::object{{"days", std::move(shown)}, {"source", rows.front().source}},
                        now);
  }));
  return int64_t(rows.size());
}

Result<int64_t> AlertService::import_forecast_csv(const Actor& a, std::string_view bytes,
                                                  const std::string& issued_on, const std::string& source) {
  if (!a.can("alerts.manage")) return Error::make("not_permitted", {{"permission", "alerts.manage"}});
  auto table = io::read_csv(bytes, kMaxForecastDaysPerRequest + 1);
  if (!table.ok())
    return Error::field("file", lantian::issue("csv_unreadable", {{"reason", table.error().message}}));
  const auto& rows = table->rows;
  const std::string kHeader = "day,aqi,primary";
  auto cell = [](const io::CsvRow& r, size_t i) { return i < r.cells.size() ? trim(r.cells[i]) : ""; };
  if (rows.empty() || cell(rows[0], 0) != "day" || cell(rows[0], 1) != "aqi" || cell(rows[0], 2) != "primary")
    return Error::field("csv:1:1", lantian::issue("csv_header", {{"expected", kHeader}}));
  if (rows.size() == 1) return Error::field("file", lantian::issue("csv_no_rows"));
  if (rows.size() > kMaxForecastDaysPerRequest + 1)
    return Error::make("forecast_too_many_days", {{"max", std::to_string(kMaxForecastDaysPerRequest)}});
  // Each problem named csv:LINE:COLUMN (column 1 = day, 2 = aqi, 3 = primary).
  std::vector<FieldError> errs;
  std::vector<ForecastInput> days;
  const char* columns[] = {"day", "aqi", "primary"};
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    ForecastInput in;
    in.issued_on = issued_on, in.source = source, in.day = cell(r, 0), in.primary = cell(r, 2);
    const std::string aqi = cell(r, 1);
    int value = -1;
    if (!aqi.empty() && aqi.size() <= 3 &&
        std::all_of(aqi.begin(), aqi.end(), [](char c) { return c >= '0' && c <= '9'; }))
      value = std::stoi(aqi);
    in.aqi = value;
    std::vector<FieldError> row_errs;
    check_day(in, "", row_errs);
    for (auto& e : row_errs) {
      size_t col = 0;
      while (col < 3 && e.field != columns[col]) ++col;
      if (col == 3) {  // issued_on and source: the request's, not the file's
        errs.push_back(std::move(e));
        continue;
      }
      e.field = "csv:" + std::to_string(r.line) + ":" + std::to_string(col + 1);
      errs.push_back(std::move(e));
    }
    days.push_back(std::move(in));
  }
  if (!errs.empty()) {
    // The request's own fields once, not once per row.
    std::vector<FieldError> unique;
    for (auto& e : errs)
      if (std::none_of(unique.begin(), unique.end(), [&](const FieldError& u) { return u.field == e.field; }))
        unique.push_back(std::move(e));
    return Error::validation(unique);
  }
  return enter_forecasts(a, days);
}

Result<std::vector<Forecast>> AlertService::forecasts(const Actor& a, const std::string& from,
                                                      const std::string& to, std::optional<int64_t> unit_id) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  if (!parse_date(from)) return Error::field("from", "not_a_date", {{"example", "2017-12-01"}});
  if (!parse_date(to)) return Error::field("to", "not_a_date", {{"example", "2017-12-31"}});
  std::vector<Forecast> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::alerts::forecasts(tx, unit_id, from, to));
    return {};
  }));
  return out;
}

Result<ForecastDecision> AlertService::decision(const Actor& a) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  ForecastDecision d;
  d.from = today();
  d.standard = &warning_standard();
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto current, read_current_forecast(tx, d.from));
    d.days = std::move(current.days);
    d.decision = std::move(current.decision);
    LT_ASSIGN(auto open, store::alerts::list(tx, alert_workflow().open_states(), 1));
    if (!open.empty()) d.in_force = std::move(open.front());
    return {};
  }));
  const WarningLevel* want = d.decision.level;
  if (want && d.decision.episode) {
    const Date first = d.decision.episodes[*d.decision.episode].episode.first;
    const TimePoint starts(first - std::chrono::hours(8));  // 00:00 Beijing
    d.lead_hours = want->lead_hours;
    d.hours_left = std::chrono::floor<std::chrono::hours>(starts - clock_.now()).count();
    d.lead_time_short = want->lead_hours > 0 && d.hours_left < want->lead_hours;
  }
  const WarningLevel* have = d.in_force ? d.standard->level(d.in_force->level) : nullptr;
  if (!d.in_force)
    d.suggestion = want ? "issue" : "";
  else if (!want)
    d.suggestion = "lift";
  else if (have && want->rank > have->rank)
    d.suggestion = "upgrade";
  else if (have && want->rank < have->rank)
    d.suggestion = "downgrade";
  return d;
}

}  // namespace lantian::app
