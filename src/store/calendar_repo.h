// All SQL for the working-day calendar: calendar_days (one row per listed
// day: a day off, or a make-up working day, 调休) and calendar_years (the
// years whose arrangement is known, with where it came from). Days are
// "YYYY-MM-DD" text, so a year is the text range [YYYY-01-01, YYYY+1-01-01).
//
// Errors: what the Tx returned (conflict on a duplicate day or year).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::calendar {

struct DayRow {
  std::string day;      // "2017-10-01"
  std::string kind;     // "off" | "work"
  std::string holiday;  // "国庆节"
  std::string notice;   // "国办发明电〔2016〕17号"
  std::string updated_at;
};

struct YearRow {
  int year = 0;
  std::string source;  // "shipped" | "import" | "edit"
  std::string updated_at;
};

// Every year with an arrangement, ascending.
Result<std::vector<YearRow>> years(Tx& tx);
Result<std::optional<YearRow>> get_year(Tx& tx, int year);
Result<int64_t> count_years(Tx& tx);
// Every listed day, ascending (a few hundred rows for a decade).
Result<std::vector<DayRow>> all_days(Tx& tx);
Result<std::vector<DayRow>> days_of_year(Tx& tx, int year);
Result<std::optional<DayRow>> get_day(Tx& tx, const std::string& day);

// Inserts the rows and their years unless present (ON CONFLICT DO NOTHING):
// two instances seeding an empty database at once both succeed.
Status seed(Tx& tx, const std::vector<DayRow>& days, const std::vector<int>& years, const std::string& source,
            const std::string& now);
// Replaces one year's days by `days` (all within the year) and records the
// year with its source.
Status replace_year(Tx& tx, int year, const std::vector<DayRow>& days, const std::string& source,
                    const std::string& now);
// Inserts or updates one day (day.updated_at is ignored; now is stored).
Status upsert_day(Tx& tx, const DayRow& day, const std::string& now);
// Deletes one day; false if it was not listed.
Result<bool> delete_day(Tx& tx, const std::string& day);
// Records that a year's arrangement was changed (source, updated_at).
Status touch_year(Tx& tx, int year, const std::string& source, const std::string& now);

}  // namespace lantian::store::calendar
