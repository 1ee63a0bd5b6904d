#include "store/calendar_repo.h"

#include <fmt/format.h>

namespace lantian::store::calendar {
namespace {

constexpr std::string_view kSelectDay = "SELECT day, kind, holiday, notice, updated_at FROM calendar_days";

DayRow day_from_row(Row& r) {
  return {r.take_str(0), r.take_str(1), r.take_str(2), r.take_str(3), r.take_str(4)};
}

YearRow year_from_row(Row& r) { return {int(r.i64(0)), r.take_str(1), r.take_str(2)}; }

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
  LT_ASSIGN(auto rows, tx.query("SELECT year, source, updated_at FROM calendar_years ORDER BY year", {}));
  std::vector<YearRow> out;
  for (auto& r : rows.rows) out.push_back(year_from_row(r));
  return out;
}

Result<std::optional<YearRow>> get_year(Tx& tx, int year) {
  LT_ASSIGN(auto row, tx.query_one("SELECT year, source, updated_at FROM calendar_years WHERE year = $1",
                                   {int64_t(year)}));
  if (!row) return std::optional<YearRow>();
  return std::optional<YearRow>(year_from_row(*row));
}

Result<int64_t> count_years(Tx& tx) {
  LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM calendar_years", {}));
  return r ? r->i64(0) : 0;
}

Result<std::vector<DayRow>> all_days(Tx& tx) { return query_days(tx, std::string(kSelectDay), {}); }

Result<std::vector<DayRow>> days_of_year(Tx& tx, int year) {
  auto [first, end] = year_range(year);
  return query_days(tx, std::string(kSelectDay) + " WHERE day >= $1 AND day < $2", {first, end});
}

Result<std::optional<DayRow>> get_day(Tx& tx, const std::string& day) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelectDay) + " WHERE day = $1", {day}));
  if (!row) return std::optional<DayRow>();
  return std::optional<DayRow>(day_from_row(*row));
}

Status seed(Tx& tx, const std::vector<DayRow>& days, const std::vector<int>& years, const std::string& source,
            const std::string& now) {
  for (const auto& d : days)
    LT_TRY(tx.exec(
        "INSERT INTO calendar_days (day, kind, holiday, notice, updated_at) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (day) DO NOTHING",
        {d.day, d.kind, d.holiday, d.notice, now}));
  for (int y : years)
    LT_TRY(
        tx.exec("INSERT INTO calendar_years (year, source, updated_at) VALUES ($1, $2, $3) ON CONFLICT "
                "(year) DO NOTHING",
                {int64_t(y), source, now}));
  return {};
}

Status replace_year(Tx& tx, int year, const std::vector<DayRow>& days, const std::string& source,
                    const std::string& now) {
  auto [first, end] = year_range(year);
  LT_TRY(tx.exec("DELETE FROM calendar_days WHERE day >= $1 AND day < $2", {first, end}));
  for (const auto& d : days)
    LT_TRY(tx.exec(
        "INSERT INTO calendar_days (day, kind, holiday, notice, updated_at) VALUES ($1, $2, $3, $4, $5)",
        {d.day, d.kind, d.holiday, d.notice, now}));
  return touch_year(tx, year, source, now);
}

Status upsert_day(Tx& tx, const DayRow& d, const std::string& now) {
  LT_TRY(tx.exec(
      "INSERT INTO calendar_days (day, kind, holiday, notice, updated_at) VALUES ($1, $2, $3, $4, $5) "
      "ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, holiday = excluded.holiday, "
      "notice = excluded.notice, updated_at = excluded.updated_at",
      {d.day, d.kind, d.holiday, d.notice, now}));
  return {};
}

Result<bool> delete_day(Tx& tx, const std::string& day) {
  LT_ASSIGN(auto n, tx.exec("DELETE FROM calendar_days WHERE day = $1", {day}));
  return n > 0;
}

Status touch_year(Tx& tx, int year, const std::string& source, const std::string& now) {
  LT_TRY(
      tx.exec("INSERT INTO calendar_years (year, source, updated_at) VALUES ($1, $2, $3) "
              "ON CONFLICT (year) DO UPDATE SET source = excluded.source, updated_at = excluded.updated_at",
              {int64_t(year), source, now}));
  return {};
}

}  // namespace lantian::store::calendar
