// The working-day calendar kept in the database: the State Council's holiday
// arrangement (days off and make-up working days, 调休) per year, seeded from
// the arrangement shipped with Lantian (resources/cn-holidays.csv, embedded
// in the binary) and editable by the admin, who can also import a new year's
// notice. Task deadlines, overdue checks and reminders ask it for the
// current WorkCalendar.
//
// Caching: current() returns a shared immutable snapshot, reloaded when this
// instance changes the arrangement and at most every 60 s otherwise (so an
// edit on another instance shows within a minute).
//
// Errors: forbidden without calendar.write for changes; invalid with the CSV
// line and column for a bad import; not_found for an unknown day.
// Thread-safety: thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "store/db.h"

namespace lantian::app {

struct CalendarDay {
  std::string day;      // "2017-10-01"
  std::string kind;     // "off" | "work"
  std::string holiday;  // "国庆节"
  std::string notice;   // "国办发明电〔2016〕17号"
};

struct CalendarYear {
  int year = 0;
  std::string source;  // "shipped" | "import" | "edit"
  std::string updated_at;
  std::vector<CalendarDay> days;
};

// "Today" as the server sees it (its clock, which --clock-start may shift),
// with the stored calendar's view of it, for the web app.
struct CalendarToday {
  std::string date;              // Beijing day "2017-12-20"
  std::string now;               // the instant, UTC RFC 3339
  bool working_day = false;      // per the stored arrangement (调休 included)
  std::string holiday;           // the holiday today belongs to ("" if none)
  std::string next_working_day;  // the first working day after today
  std::string request_due_date;  // default 催报 due date: kRequestDueDays working days ahead
  bool unverified = false;       // the year has no stored arrangement
};

class CalendarService {
 public:
  CalendarService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Loads the shipped arrangement into an empty calendar (first start, or
  // `lantian init`); leaves any stored arrangement alone. Idempotent.
  Status seed_if_empty();
  // The arrangement as a WorkCalendar (see the caching note above). On a
  // database error returns the last good snapshot (or an empty calendar).
  std::shared_ptr<const WorkCalendar> current();

  // Years with an arrangement, ascending, with their days.
  Result<std::vector<CalendarYear>> years(const Actor& a);
  // Replaces one year's arrangement by the rows of a CSV in the shipped
  // format ("date,kind,holiday,notice"); every row must fall in `year`.
  Result<CalendarYear> import_year(const Actor& a, int year, const std::string& csv);
  // Adds or changes one day (kind "off"/"work"), or removes it (kind "").
  Result<CalendarYear> set_day(const Actor& a, const CalendarDay& day);

  static constexpr int kRequestDueDays = 2;
  // Today per the server's clock and the stored calendar (any logged-in user).
  CalendarToday today();

 private:
  // Makes the next current() reload (after a change on this instance).
  void invalidate();

  store::Database& db_;
  const Clock& clock_;
  std::mutex mu_;
  std::shared_ptr<const WorkCalendar> snapshot_;
  TimePoint loaded_at_{};
  bool stale_ = true;
};

}  // namespace lantian::app
