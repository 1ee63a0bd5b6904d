#include "core/calendar.h"

#include <fmt/format.h>

namespace lantian {

using namespace std::chrono;

std::optional<Date> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  y = std::stoi(std::string(s.substr(0, 4)));
  m = std::stoi(std::string(s.substr(5, 2)));
  d = std::stoi(std::string(s.substr(8, 2)));
  year_month_day ymd{year(y), month(unsigned(m)), day(unsigned(d))};
  if (!ymd.ok()) return std::nullopt;
  return sys_days(ymd);
}

std::string format_date(Date d) {
  year_month_day ymd{d};
  return fmt::format("{:04}-{:02}-{:02}", int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
}

Result<WorkCalendar> WorkCalendar::from_csv(std::string_view text) {
  WorkCalendar cal;
  size_t line_no = 0;
  while (!text.empty()) {
    auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line_no == 1) {
      if (line.rfind("date,kind", 0) != 0)
        return Error::invalid("line 1, column 1: expected the header date,kind,holiday,notice");
      continue;
    }
    auto c1 = line.find(',');
    auto c2 = c1 == std::string_view::npos ? c1 : line.find(',', c1 + 1);
    if (c2 == std::string_view::npos)
      return Error::invalid(fmt::format("line {}: expected date,kind,holiday,notice", line_no));
    auto date = parse_date(line.substr(0, c1));
    if (!date) return Error::invalid(fmt::format("line {}, column 1: not a date (YYYY-MM-DD)", line_no));
    auto kind = line.substr(c1 + 1, c2 - c1 - 1);
    if (kind != "off" && kind != "work")
      return Error::invalid(fmt::format("line {}, column {}: kind must be off or work", line_no, c1 + 2));
    auto c3 = line.find(',', c2 + 1);
    std::string holiday(
        line.substr(c2 + 1, c3 == std::string_view::npos ? std::string_view::npos : c3 - c2 - 1));
    if (cal.entries_.count(*date))
      return Error::invalid(
          fmt::format("line {}, column 1: {} is listed twice", line_no, format_date(*date)));
    cal.entries_[*date] = {kind == "off" ? Kind::off : Kind::work, holiday};
    cal.years_.insert(int(year_month_day{*date}.year()));
  }
  return cal;
}

bool WorkCalendar::is_working_day(Date d) const {
  if (auto it = entries_.find(d); it != entries_.end()) return it->second.kind == Kind::work;
  weekday wd{d};
  return wd != Saturday && wd != Sunday;
}

std::string WorkCalendar::holiday(Date d) const {
  auto it = entries_.find(d);
  return it == entries_.end() ? std::string() : it->second.holiday;
}

bool WorkCalendar::covers(Date d) const { return years_.count(int(year_month_day{d}.year())) > 0; }

Date WorkCalendar::add_working_days(Date start, int n) const {
  Date d = start;
  while (n > 0) {
    d += days(1);
    if (is_working_day(d)) --n;
  }
  return d;
}

// Mondays to Fridays in (from, to], then the listed days in that range
// adjust the count: an overdue list asks this for every row, over spans of
// years, so it must not walk day by day.
int WorkCalendar::working_days_between(Date from, Date to) const {
  if (to <= from) return 0;
  int span = int((to - from).count());
  int n = span / 7 * 5;
  for (Date d = from + days(span / 7 * 7 + 1); d <= to; d += days(1)) {
    weekday wd{d};
    if (wd != Saturday && wd != Sunday) ++n;
  }
  for (auto it = entries_.upper_bound(from); it != entries_.end() && it->first <= to; ++it) {
    weekday wd{it->first};
    bool weekend = wd == Saturday || wd == Sunday;
    if (it->second.kind == Kind::off && !weekend) --n;
    if (it->second.kind == Kind::work && weekend) ++n;
  }
  return n;
}

}  // namespace lantian
