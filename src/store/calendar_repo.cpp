#include "store/calendar_repo.h"

#include <fmt/format.h>

#include "store/tables.h"

namespace lantian::store::calendar {
namespace {

constexpr const Table& D = tables::calendar_days;
constexpr Selection kDaySel{D};
const std::string kSelectDay = "SELECT " + kDaySel.sql() + " FROM calendar_days";

DayRow day_from_row(Row& r) {
  constexpr const Selection& c = kDaySel;
  return {r.take_str(c["day"]), r.take_str(c["kind"]), r.take_str(c["holiday"]), r.take_str(c["notice"]),
          r.take_str(c["updated_at"])};
}

// A day's row as written (updated now).
Fields day_fields(const DayRow& d, const std::string& now) {
  Fields f(D);
  f.set(D["day"], d.day)
      .set(D["kind"], d.kind)
      .set(D["holiday"], d.holiday)
      .set(D["notice"], d.notice)
      .set(D["updated_at"], now);
  return f;
}

constexpr const Table& Y = tables::calendar_years;
constexpr Selection kYearSel{Y};
const std::string kSelectYear = "SELECT " + kYearSel.sql() + " FROM calendar_years";

YearRow year_from_row(Row& r) {
  constexpr const Selection& c = kYearSel;
  return {int(r.i64(c["year"])), r.take_str(c["source"]), r.take_str(c["updated_at"])};
}

Fields year_fields(int year, const std::string& source, const std::string& now) {
  Fields f(Y);
  f.set(Y["year"], int64_t(year)).set(Y["source"], source).set(Y["updated_at"], now);
  return f;
}

// The text range of a year's days: [first, end).
std::pair<std::string, std::string> year_range(int year) {
  return {fmt::format("{:04}-01-01", year), fmt::format("{:04}-01-01", year + 1)};
}

Result<std::vector<DayRow>> query_days(Tx& tx, std::string sql, const std::vector<Value>& params) {
  LT_ASSIGN(auto rows, tx.query(sql + " ORDER BY day", params));
  std::vector<DayRow> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(day_from_row(r));
  return out;
}

}  // namespace

Result<std::vector<YearRow>> years(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(kSelectYear + " ORDER BY year", {}));
  std::vector<YearRow> out;
  for (auto& r : rows.rows) out.push_back(year_from_row(r));
  return out;
}

Result<std::optional<YearRow>> get_year(Tx& tx, int year) {
  LT_ASSIGN(auto row, tx.query_one(kSelectYear + " WHERE year = $1", {int64_t(year)}));
  if (!row) return std::optional<YearRow>();
  return std::optional<YearRow>(year_from_row(*row));
}

Result<int64_t> count_years(Tx& tx) {
  LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM calendar_years", {}));
  return r ? r->i64(0) : 0;
}

Result<std::vector<DayRow>> all_days(Tx& tx) { return query_days(tx, kSelectDay, {}); }

Result<std::vector<DayRow>> days_of_year(Tx& tx, int year) {
  auto [first, end] = year_range(year);
  return query_days(tx, kSelectDay + " WHERE day >= $1 AND day < $2", {first, end});
}

Result<std::optional<DayRow>> get_day(Tx& tx, const std::string& day) {
  LT_ASSIGN(auto row, tx.query_one(kSelectDay + " WHERE day = $1", {day}));
  if (!row) return std::optional<DayRow>();
  return std::optional<DayRow>(day_from_row(*row));
}

Status seed(Tx& tx, const std::vector<DayRow>& days, const std::vector<int>& years, const std::string& source,
            const std::string& now) {
  for (const auto& d : days) {
    Statement st = day_fields(d, now).insert(" ON CONFLICT (day) DO NOTHING");
    LT_TRY(tx.exec(st.sql, st.params));
  }
  for (int y : years) {
    Statement st = year_fields(y, source, now).insert(" ON CONFLICT (year) DO NOTHING");
    LT_TRY(tx.exec(st.sql, st.params));
  }
  return {};
}

Status replace_year(Tx& tx, int year, const std::vector<DayRow>& days, const std::string& source,
                    const std::string& now) {
  auto [first, end] = year_range(year);
  LT_TRY(tx.exec("DELETE FROM calendar_days WHERE day >= $1 AND day < $2", {first, end}));
  for (const auto& d : days) {
    Statement st = day_fields(d, now).insert();
    LT_TRY(tx.exec(st.sql, st.params));
  }
  return touch_year(tx, year, source, now);
}

Status upsert_day(Tx& tx, const DayRow& d, const std::string& now) {
  Statement st = day_fields(d, now).upsert(D["day"]);
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<bool> delete_day(Tx& tx, const std::string& day) {
  LT_ASSIGN(auto n, tx.exec("DELETE FROM calendar_days WHERE day = $1", {day}));
  return n > 0;
}

Status touch_year(Tx& tx, int year, const std::string& source, const std::string& now) {
  Statement st = year_fields(year, source, now).upsert(Y["year"]);
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

}  // namespace lantian::store::calendar
