#include "app/calendar_service.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "app/audit.h"
#include "core/text.h"
#include "store/calendar_repo.h"

namespace lantian::app {

// resources/cn-holidays.csv, embedded by cmake/embed_resource.cmake.
extern const char kShippedHolidaysCsv[];

namespace {

namespace json = boost::json;

constexpr auto kCacheFor = std::chrono::seconds(60);
constexpr std::string_view kHeader = "date,kind,holiday,notice";

int year_of(Date d) { return int(std::chrono::year_month_day{d}.year()); }

CalendarDay to_day(const store::calendar::DayRow& r) { return {r.day, r.kind, r.holiday, r.notice}; }
store::calendar::DayRow to_row(const CalendarDay& d) { return {d.day, d.kind, d.holiday, d.notice, ""}; }

// Holiday names and notices go back out as CSV (the snapshot is built from
// the same format), which has no quoting: no commas, one line.
std::optional<Issue> check_csv_text(std::string_view s, size_t max_chars) {
  if (auto m = check_text(s, max_chars, false)) return m;
  if (s.find(',') != std::string_view::npos) return issue("no_comma");
  return std::nullopt;
}

// Parses the shipped CSV format into rows, checking what WorkCalendar checks
// plus the text of each field; when `year` is set, every day must lie in it.
// Errors: a field error on "csv" with the issue's code and params plus
// `line` and `column`; its message starts "line N, column M:".
Result<std::vector<CalendarDay>> parse_csv(std::string_view text, std::optional<int> year) {
  auto bad = [](size_t line, size_t col, Issue what) {
    what.message = fmt::format("line {}, column {}: {}", line, col, what.message);
    what.params.emplace_back("line", std::to_string(line));
    what.params.emplace_back("column", std::to_string(col));
    return Error::field("csv", std::move(what));
  };
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // Excel's UTF-8 byte order mark
  if (!valid_utf8(text)) return bad(1, 1, issue("not_utf8"));
  std::vector<CalendarDay> out;
  std::set<std::string> seen;
  size_t line_no = 0;
  bool header = false;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (!header) {
      if (line_no != 1 || line.rfind("date,kind", 0) != 0)
        return bad(line_no, 1, issue("csv_header", {{"expected", std::string(kHeader)}}));
      header = true;
      continue;
    }
    std::vector<std::string_view> cells;
    std::vector<size_t> cols;  // 1-based column (in characters, as editors count) where each cell starts
    size_t start = 0;
    for (;;) {
      auto comma = line.find(',', start);
      cells.push_back(
          line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      cols.push_back(utf8_length(line.substr(0, start)) + 1);
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (cells.size() < 3 || cells.size() > 4)
      return bad(
          line_no, 1,
          issue("csv_fields", {{"expected", std::string(kHeader)}, {"count", std::to_string(cells.size())}}));
    auto date = parse_date(cells[0]);
    if (!date) return bad(line_no, cols[0], issue("not_a_date", {{"example", "2017-10-01"}}));
    if (year && year_of(*date) != *year)
      return bad(
          line_no, cols[0],
          issue("date_not_in_year", {{"date", std::string(cells[0])}, {"year", std::to_string(*year)}}));
    if (cells[1] != "off" && cells[1] != "work") return bad(line_no, cols[1], issue("bad_day_kind"));
    if (auto m = check_csv_text(cells[2], 40)) return bad(line_no, cols[2], std::move(*m));
    std::string_view notice = cells.size() > 3 ? cells[3] : std::string_view();
    if (auto m = check_text(notice, 100, false))
      return bad(line_no, cols.size() > 3 ? cols[3] : utf8_length(line) + 1, std::move(*m));
    if (!seen.insert(std::string(cells[0])).second)
      return bad(line_no, cols[0], issue("duplicate_entry", {{"value", std::string(cells[0])}}));
    out.push_back({std::string(cells[0]), std::string(cells[1]), trim(cells[2]), trim(notice)});
  }
  if (!header) return bad(1, 1, issue("csv_header", {{"expected", std::string(kHeader)}}));
  return out;
}

json::object day_json(const CalendarDay& d) {
  return {{"day", d.day}, {"kind", d.kind}, {"holiday", d.holiday}, {"notice", d.notice}};
}

json::value year_json(const std::vector<CalendarDay>& days) {
  json::array a;
  for (const auto& d : days) a.push_back(day_json(d));
  return a;
}

// The year as stored, for the answer and the audit log.
Result<CalendarYear> load_year(store::Tx& tx, int year) {
  LT_ASSIGN(auto y, store::calendar::get_year(tx, year));
  if (!y) return Error::make("no_such_year", {{"year", std::to_string(year)}});
  LT_ASSIGN(auto rows, store::calendar::days_of_year(tx, year));
  CalendarYear out{y->year, y->source, y->updated_at, {}};
  for (const auto& r : rows) out.days.push_back(to_day(r));
  return out;
}

}  // namespace

Status CalendarService::seed_if_empty() {
  LT_ASSIGN(auto days, parse_csv(kShippedHolidaysCsv, std::nullopt));
  std::set<int> year_set;
  std::vector<store::calendar::DayRow> rows;
  for (const auto& d : days) {
    year_set.insert(year_of(*parse_date(d.day)));
    rows.push_back(to_row(d));
  }
  std::vector<int> years(year_set.begin(), year_set.end());
  std::string now = format_utc(clock_.now());
  bool seeded = false;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto n, store::calendar::count_years(tx));
    if (n > 0) return {};
    LT_TRY(store::calendar::seed(tx, rows, years, "shipped", now));
    seeded = true;
    json::array ys;
    for (int y : years) ys.push_back(y);
    return record_audit(tx, Actor::system("seed"), "seed", "calendar", "shipped", nullptr,
                        json::object{{"years", std::move(ys)}, {"days", rows.size()}}, now);
  }));
  if (seeded) invalidate();
  return {};
}

void CalendarService::invalidate() {
  std::lock_guard lock(mu_);
  loaded_at_ = TimePoint{};
  stale_ = true;
}

std::shared_ptr<const WorkCalendar> CalendarService::current() {
  std::lock_guard lock(mu_);
  TimePoint now = clock_.now();
  if (snapshot_ && !stale_ && now >= loaded_at_ && now - loaded_at_ < kCacheFor) return snapshot_;
  // WorkCalendar is built from its CSV format: the stored rows are written
  // back out as such (the service keeps commas out of the text fields).
  std::vector<store::calendar::DayRow> rows;
  Status st = db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(rows, store::calendar::all_days(tx));
    return {};
  });
  if (st.ok()) {
    std::string csv = std::string(kHeader) + "\n";
    for (const auto& r : rows) csv += r.day + "," + r.kind + "," + r.holiday + "," + r.notice + "\n";
    auto cal = WorkCalendar::from_csv(csv);
    if (cal.ok()) {
      snapshot_ = std::make_shared<const WorkCalendar>(std::move(cal).value());
      loaded_at_ = now;
      stale_ = false;
    }
  }
  // On failure keep serving the last good snapshot; the next call retries.
  if (!snapshot_) snapshot_ = std::make_shared<const WorkCalendar>();
  return snapshot_;
}

Result<std::vector<CalendarYear>> CalendarService::years(const Actor& a) {
  if (!a.can("tasks.read")) return Error::make("not_permitted", {{"permission", "tasks.read"}});
  std::vector<CalendarYear> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto ys, store::calendar::years(tx));
    LT_ASSIGN(auto days, store::calendar::all_days(tx));
    std::map<int, size_t> index;
    for (const auto& y : ys) {
      index[y.year] = out.size();
      out.push_back({y.year, y.source, y.updated_at, {}});
    }
    for (const auto& d : days) {
      auto it = index.find(year_of(*parse_date(d.day)));
      if (it != index.end()) out[it->second].days.push_back(to_day(d));
    }
    return {};
  }));
  return out;
}

Result<CalendarYear> CalendarService::import_year(const Actor& a, int year, const std::string& csv) {
  if (!a.can("calendar.write")) return Error::make("not_permitted", {{"permission", "calendar.write"}});
  if (year < 2000 || year > 2100) return Error::make("bad_year");
  LT_ASSIGN(auto days, parse_csv(csv, year));
  if (days.empty()) {
    Issue none = issue("no_days_listed", {{"year", std::to_string(year)}, {"line", "2"}, {"column", "1"}});
    none.message = "line 2, column 1: " + none.message;
    return Error::field("csv", std::move(none));
  }
  std::vector<store::calendar::DayRow> rows;
  for (const auto& d : days) rows.push_back(to_row(d));
  std::string now = format_utc(clock_.now());
  CalendarYear result;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    json::value before = nullptr;
    if (auto old = load_year(tx, year); old.ok()) before = year_json(old->days);
    LT_TRY(store::calendar::replace_year(tx, year, rows, "import", now));
    LT_ASSIGN(result, load_year(tx, year));
    return record_audit(tx, a, "import", "calendar_year", std::to_string(year), before,
                        year_json(result.days), now);
  }));
  invalidate();
  return result;
}

Result<CalendarYear> CalendarService::set_day(const Actor& a, const CalendarDay& in) {
  if (!a.can("calendar.write")) return Error::make("not_permitted", {{"permission", "calendar.write"}});
  auto date = parse_date(in.day);
  if (!date) return Error::make("no_such_day");
  CalendarDay day{format_date(*date), in.kind, trim(in.holiday), trim(in.notice)};
  std::vector<FieldError> errs;
  if (!day.kind.empty() && day.kind != "off" && day.kind != "work")
    errs.push_back({"kind", issue("bad_day_kind")});
  if (auto m = check_csv_text(day.holiday, 40)) errs.push_back({"holiday", *m});
  if (auto m = check_csv_text(day.notice, 100)) errs.push_back({"notice", *m});
  if (!errs.empty()) return Error::validation(std::move(errs));
  int year = year_of(*date);
  std::string now = format_utc(clock_.now());
  CalendarYear result;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    // One day does not make a year's arrangement: a year becomes "covered"
    // only by importing the State Council's notice for it.
    LT_ASSIGN(auto y, store::calendar::get_year(tx, year));
    if (!y) return Error::field("day", "year_not_arranged", {{"year", std::to_string(year)}});
    LT_ASSIGN(auto old, store::calendar::get_day(tx, day.day));
    json::value before = old ? json::value(day_json(to_day(*old))) : json::value(nullptr);
    json::value after = nullptr;
    std::string action;
    if (day.kind.empty()) {
      if (!old) return Error::make("day_not_listed", {{"day", day.day}});
      LT_TRY(store::calendar::delete_day(tx, day.day));
      action = "delete";
    } else {
      LT_TRY(store::calendar::upsert_day(tx, to_row(day), now));
      after = day_json(day);
      action = old ? "update" : "create";
    }
    LT_TRY(store::calendar::touch_year(tx, year, "edit", now));
    LT_ASSIGN(result, load_year(tx, year));
    return record_audit(tx, a, action, "calendar_day", day.day, before, after, now);
  }));
  invalidate();
  return result;
}

CalendarToday CalendarService::today() {
  auto now = clock_.now();
  CalendarToday out;
  out.now = format_utc(now);
  out.date = format_shanghai(now).substr(0, 10);
  auto cal = current();
  auto d = parse_date(out.date);
  if (!cal || !d) return out;
  out.working_day = cal->is_working_day(*d);
  out.holiday = cal->holiday(*d);
  out.next_working_day = format_date(cal->add_working_days(*d, 1));
  auto due = cal->add_working_days(*d, kRequestDueDays);
  out.request_due_date = format_date(due);
  out.unverified = !cal->covers(*d) || !cal->covers(due);
  return out;
}

}  // namespace lantian::app
