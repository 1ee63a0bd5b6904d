// The working-day calendar: China's public holidays and make-up working days
// (调休) as data, so "N working days from assignment" and "overdue" follow the
// State Council's arrangement for each year. Pure: the caller supplies the
// arrangement (resources/cn-holidays.csv, later the database).
//
// Rule: a date is a working day if it is Monday–Friday and not listed `off`,
// or if it is listed `work`. A year with no arrangement is computed on plain
// weekdays; covers() tells the caller to flag such results.
//
// Thread-safety: immutable after construction; all methods are const.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian {

using Date = std::chrono::sys_days;

// "2017-10-01" -> Date; nullopt on anything else (including 2017-02-30).
std::optional<Date> parse_date(std::string_view text);
std::string format_date(Date d);

class WorkCalendar {
 public:
  enum class Kind { off, work };
  struct Entry {
    Kind kind;
    std::string holiday;  // 国庆节, 春节, ...
  };

  WorkCalendar() = default;

  // Parses the CSV format of resources/cn-holidays.csv (header
  // "date,kind,holiday,notice"). Errors: invalid, naming line and column.
  static Result<WorkCalendar> from_csv(std::string_view text);

  bool is_working_day(Date d) const;
  // The holiday a date belongs to ("" if none).
  std::string holiday(Date d) const;
  // True if the arrangement for d's year is known.
  bool covers(Date d) const;
  // The date that is n (>= 0) working days after start, not counting start:
  // a task assigned on a Friday with "1 working day" is due the next working
  // day. n = 0 returns start itself.
  Date add_working_days(Date start, int n) const;
  // Working days in (from, to]: 0 when to <= from.
  int working_days_between(Date from, Date to) const;

 private:
  std::map<Date, Entry> entries_;
  std::set<int> years_;
};

}  // namespace lantian
