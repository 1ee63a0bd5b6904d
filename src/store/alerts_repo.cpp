#include "store/alerts_repo.h"

#include <algorithm>

#include "store/paging.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::alerts {
namespace {

constexpr const Table& F = tables::aq_forecasts;
constexpr Selection kForecastSel{F, "f"};
constexpr const Table& A = tables::aq_alerts;
constexpr Selection kAlertSel{A, "a"};
constexpr const Table& S = tables::aq_alert_steps;
constexpr Selection kStepSel{S, "s"};

// COALESCE: the district's forecasts have no unit, and NULL = NULL is not true.
constexpr std::string_view kSameUnit = "COALESCE(f.unit_id, 0) = ?";
int64_t unit_key(std::optional<int64_t> unit_id) { return unit_id.value_or(0); }

Forecast forecast_from_row(Row& row) {
  constexpr const Selection& c = kForecastSel;
  Forecast f;
  f.id = row.i64(c["id"]);
  f.unit_id = row.opt_i64(c["unit_id"]);
  f.issued_on = row.take_str(c["issued_on"]);
  f.day = row.take_str(c["day"]);
  f.aqi = int(row.i64(c["aqi"]));
  f.primary_pollutant = row.take_str(c["primary_pollutant"]);
  f.source = row.take_str(c["source"]);
  f.created_by = row.opt_i64(c["created_by"]);
  f.created_at = row.take_str(c["created_at"]);
  return f;
}

Alert alert_from_row(Row& row) {
  constexpr const Selection& c = kAlertSel;
  Alert a;
  a.id = row.i64(c["id"]);
  a.number = row.take_str(c["number"]);
  a.year = int(row.i64(c["year"]));
  a.seq = row.i64(c["seq"]);
  a.level = row.take_str(c["level"]);
  a.status = row.take_str(c["status"]);
  a.standard = row.take_str(c["standard"]);
  a.issued_at = row.take_str(c["issued_at"]);
  a.effective_at = row.take_str(c["effective_at"]);
  a.expires_at = row.opt_str(c["expires_at"]);
  a.upgraded_at = row.opt_str(c["upgraded_at"]);
  a.downgraded_at = row.opt_str(c["downgraded_at"]);
  a.lifted_at = row.opt_str(c["lifted_at"]);
  a.episode_first = row.opt_str(c["episode_first"]);
  a.episode_last = row.opt_str(c["episode_last"]);
  if (auto p = row.opt_i64(c["peak_aqi"])) a.peak_aqi = int(*p);
  a.reasons = row.take_str(c["reasons"]);
  a.created_by = row.opt_i64(c["created_by"]);
  a.version = row.i64(c["version"]);
  a.created_at = row.take_str(c["created_at"]);
  a.updated_at = row.take_str(c["updated_at"]);
  return a;
}

AlertStep step_from_row(Row& row) {
  constexpr const Selection& c = kStepSel;
  AlertStep s;
  s.event_id = row.i64(c["event_id"]);
  s.alert_id = row.i64(c["alert_id"]);
  s.action = row.take_str(c["action"]);
  s.from_level = row.take_str(c["from_level"]);
  s.to_level = row.take_str(c["to_level"]);
  s.effective_at = row.take_str(c["effective_at"]);
  s.document = row.take_str(c["document"]);
  s.reasons = row.take_str(c["reasons"]);
  return s;
}

// The columns a move changes.
void set_changing(Fields& f, const Alert& a) {
  f.set(A["level"], a.level)
      .set(A["status"], a.status)
      .set(A["effective_at"], a.effective_at)
      .set(A["expires_at"], opt(a.expires_at))
      .set(A["upgraded_at"], opt(a.upgraded_at))
      .set(A["downgraded_at"], opt(a.downgraded_at))
      .set(A["lifted_at"], opt(a.lifted_at))
      .set(A["episode_first"], opt(a.episode_first))
      .set(A["episode_last"], opt(a.episode_last))
      .set(A["peak_aqi"], opt(a.peak_aqi))
      .set(A["reasons"], a.reasons);
}

}  // namespace

Status put_forecasts(Tx& tx, std::span<const Forecast> days, const std::string& now) {
  for (const auto& d : days) {
    Where w;
    w.add(kSameUnit, {unit_key(d.unit_id)}).add("f.issued_on = ?", {d.issued_on}).add("f.day = ?", {d.day});
    // The conditions are written for the alias f (kSameUnit); a DELETE's
    // alias is spelt differently by the dialects, so through a subquery.
    LT_TRY(tx.exec("DELETE FROM aq_forecasts WHERE id IN (SELECT f.id FROM aq_forecasts f" + w.sql() + ")",
                   w.params()));
    Fields f(F);
    f.set(F["unit_id"], opt(d.unit_id))
        .set(F["issued_on"], d.issued_on)
        .set(F["day"], d.day)
        .set(F["aqi"], int64_t(d.aqi))
        .set(F["primary_pollutant"], d.primary_pollutant)
        .set(F["source"], d.source)
        .set(F["created_by"], opt(d.created_by))
        .set(F["created_at"], now);
    Statement st = f.insert();
    LT_TRY(tx.exec(st.sql, st.params));
  }
  return {};
}

Result<std::vector<Forecast>> forecasts(Tx& tx, std::optional<int64_t> unit_id, const std::string& from,
                                        const std::string& to) {
  Where w;
  w.add(kSameUnit, {unit_key(unit_id)}).add("f.day >= ?", {from}).add("f.day <= ?", {to});
  LT_ASSIGN(auto rows, tx.query("SELECT " + kForecastSel.sql() + " FROM aq_forecasts f" + w.sql() +
                                    " ORDER BY f.day, f.issued_on, f.id",
                                w.params()));
  std::vector<Forecast> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(forecast_from_row(r));
  return out;
}

Result<std::vector<Forecast>> current_forecast(Tx& tx, std::optional<int64_t> unit_id,
                                               const std::string& from, const std::string& to) {
  LT_ASSIGN(auto all, forecasts(tx, unit_id, from, to));
  std::vector<Forecast> out;
  // Sorted by day, then issue date and id: the last of each day is the latest.
  for (auto& f : all) {
    if (!out.empty() && out.back().day == f.day)
      out.back() = std::move(f);
    else
      out.push_back(std::move(f));
  }
  return out;
}

Result<int64_t> next_seq(Tx& tx, int year) {
  LT_ASSIGN(auto row,
            tx.query_one("SELECT COALESCE(MAX(seq), 0) FROM aq_alerts WHERE year = $1", {int64_t(year)}));
  return row->i64(0) + 1;
}

Result<Alert> insert(Tx& tx, Alert a, const std::string& now) {
  Fields f(A);
  set_changing(f, a);
  f.set(A["number"], a.number)
      .set(A["year"], int64_t(a.year))
      .set(A["seq"], a.seq)
      .set(A["standard"], a.standard)
      .set(A["issued_at"], a.issued_at)
      .set(A["created_by"], opt(a.created_by))
      .set(A["version"], int64_t(1))
      .set(A["created_at"], now)
      .set(A["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  a.id = row->i64(0);
  a.version = 1;
  a.created_at = a.updated_at = now;
  return a;
}

Result<bool> update(Tx& tx, const Alert& a, const std::string& now) {
  Fields f(A);
  set_changing(f, a);
  f.set_sql(A["version"], "version + 1").set(A["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {a.id, a.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  return n > 0;
}

Result<std::optional<Alert>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one("SELECT " + kAlertSel.sql() + " FROM aq_alerts a WHERE a.id = $1", {id}));
  if (!row) return std::optional<Alert>();
  return std::optional<Alert>(alert_from_row(*row));
}

Result<std::vector<Alert>> list(Tx& tx, const std::vector<std::string>& statuses, int64_t limit) {
  Where w;
  w.add_in("a.status", statuses);
  std::string sql =
      "SELECT " + kAlertSel.sql() + " FROM aq_alerts a" + w.sql() + " ORDER BY a.id DESC LIMIT ";
  sql += w.bind(limit);
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  std::vector<Alert> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(alert_from_row(r));
  return out;
}

Status insert_step(Tx& tx, const AlertStep& s) {
  Fields f(S);
  f.set(S["event_id"], s.event_id)
      .set(S["alert_id"], s.alert_id)
      .set(S["action"], s.action)
      .set(S["from_level"], s.from_level)
      .set(S["to_level"], s.to_level)
      .set(S["effective_at"], s.effective_at)
      .set(S["document"], s.document)
      .set(S["reasons"], s.reasons);
  Statement st = f.insert();
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<std::vector<AlertStep>> steps(Tx& tx, int64_t alert_id) { return steps_of(tx, {alert_id}); }

Result<std::vector<AlertStep>> steps_of(Tx& tx, std::vector<int64_t> alert_ids) {
  // Groups in id order: each group's rows come by alert, so the whole does.
  std::sort(alert_ids.begin(), alert_ids.end());
  alert_ids.erase(std::unique(alert_ids.begin(), alert_ids.end()), alert_ids.end());
  std::vector<AlertStep> out;
  LT_TRY(in_groups(alert_ids.size(), [&](size_t first, size_t count) -> Status {
    std::string in;
    std::vector<Value> params;
    for (size_t i = 0; i < count; ++i) {
      in += (i ? ", $" : "$") + std::to_string(i + 1);
      params.emplace_back(alert_ids[first + i]);
    }
    LT_ASSIGN(auto rows,
              tx.query("SELECT " + kStepSel.sql() + " FROM aq_alert_steps s WHERE s.alert_id IN (" + in +
                           ") ORDER BY s.alert_id, s.event_id",
                       params));
    for (auto& r : rows.rows) out.push_back(step_from_row(r));
    return {};
  }));
  return out;
}

}  // namespace lantian::store::alerts
