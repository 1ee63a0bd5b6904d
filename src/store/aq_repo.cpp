#include "store/aq_repo.h"

#include "store/paging.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::aq {
namespace {

constexpr const Table& S = tables::aq_stations;
constexpr Extra kJoined[] = {{"unit_name", "u.name"}};
constexpr Selection kSel{S, "s", kJoined};
constexpr ColumnId kLimit[kAqPollutants] = {S["limit_so2"], S["limit_no2"],  S["limit_co"],
                                            S["limit_o3"],  S["limit_pm10"], S["limit_pm25"]};
constexpr size_t kLimitSel[kAqPollutants] = {kSel["limit_so2"], kSel["limit_no2"],  kSel["limit_co"],
                                             kSel["limit_o3"],  kSel["limit_pm10"], kSel["limit_pm25"]};
constexpr const Table& H = tables::aq_hours;
constexpr Selection kHourSel{H, "h"};
// The concentration columns in core/air_quality.h's pollutant order.
constexpr ColumnId kMilli[kAqPollutants] = {H["so2"], H["no2"], H["co"], H["o3"], H["pm10"], H["pm25"]};
constexpr size_t kMilliSel[kAqPollutants] = {kHourSel["so2"], kHourSel["no2"],  kHourSel["co"],
                                             kHourSel["o3"],  kHourSel["pm10"], kHourSel["pm25"]};
// The values only (hours_of): what taking readings compares and computes days
// from, without the texts of who sent them when.
constexpr std::string_view kValueCols[] = {"station_id", "hour", "so2",  "no2",  "co",
                                           "o3",         "pm10", "pm25", "flags"};
constexpr Selection kValueSel{H, "h", kValueCols};
static_assert(kValueSel["so2"] == kHourSel["so2"] && kValueSel["pm25"] == kHourSel["pm25"] &&
              kValueSel["flags"] == kHourSel["flags"]);

constexpr const Table& DY = tables::aq_days;
constexpr Selection kDaySel{DY, "d"};
// The value columns in aq::kDailyItems' order.
constexpr ColumnId kDayValue[kAqDailyItems] = {DY["so2"],   DY["no2"],  DY["co"],  DY["o3_8h"],
                                               DY["o3_1h"], DY["pm10"], DY["pm25"]};
constexpr size_t kDayValueSel[kAqDailyItems] = {kDaySel["so2"],   kDaySel["no2"],   kDaySel["co"],
                                                kDaySel["o3_8h"], kDaySel["o3_1h"], kDaySel["pm10"],
                                                kDaySel["pm25"]};
constexpr const Table& T = tables::aq_targets;
constexpr Extra kTargetJoined[] = {{"unit_name", "u.name"}};
constexpr Selection kTargetSel{T, "t", kTargetJoined};

Value opt32(std::optional<int32_t> v) { return v ? Value(int64_t(*v)) : Value(nullptr); }
std::optional<int32_t> opt32(Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<int32_t>(int32_t(r.i64(i)));
}

const std::string& select_sql() {
  static const std::string s =
      "SELECT " + kSel.sql() + " FROM aq_stations s LEFT JOIN units u ON u.id = s.unit_id";
  return s;
}

Station from_row(Row& row) {
  constexpr const Selection& c = kSel;
  Station s;
  s.id = row.i64(c["id"]);
  s.code = row.take_str(c["code"]);
  s.name = row.take_str(c["name"]);
  s.kind = row.take_str(c["kind"]);
  if (!row.is_null(c["lng"]) && !row.is_null(c["lat"]))
    s.location = LngLat{row.f64(c["lng"]), row.f64(c["lat"])};
  s.unit_id = row.opt_i64(c["unit_id"]);
  s.unit_path = row.take_str(c["unit_path"]);
  s.unit_name = row.take_str(c["unit_name"]);
  s.enterprise_id = row.opt_i64(c["enterprise_id"]);
  s.hj212_password_sha256 = row.take_str(c["hj212_password_sha256"]);
  for (int p = 0; p < kAqPollutants; ++p)
    s.limits[size_t(p)] = row.is_null(kLimitSel[p]) ? kAqNa : int32_t(row.i64(kLimitSel[p]));
  s.active = row.boolean(c["active"]);
  s.version = row.i64(c["version"]);
  s.created_at = row.take_str(c["created_at"]);
  s.updated_at = row.take_str(c["updated_at"]);
  return s;
}

void set_editable(Fields& f, const Station& s) {
  f.set(S["name"], s.name)
      .set(S["kind"], s.kind)
      .set(S["lng"], s.location ? Value(s.location->lng) : Value(nullptr))
      .set(S["lat"], s.location ? Value(s.location->lat) : Value(nullptr))
      .set(S["unit_id"], opt(s.unit_id))
      .set(S["unit_path"], s.unit_path)
      .set(S["enterprise_id"], opt(s.enterprise_id))
      .set(S["hj212_password_sha256"], null_if_empty(s.hj212_password_sha256))
      .set(S["active"], int64_t(s.active));
  for (int p = 0; p < kAqPollutants; ++p)
    f.set(kLimit[p], s.limits[size_t(p)] == kAqNa ? Value(nullptr) : Value(int64_t(s.limits[size_t(p)])));
}

std::vector<StationHour> hours_from(Rows& rows, bool full);

Result<std::vector<StationHour>> read_hours(Tx& tx, const std::string& where,
                                            const std::vector<Value>& params) {
  LT_ASSIGN(auto rows, tx.query("SELECT " + kHourSel.sql() + " FROM aq_hours h" + where +
                                    " ORDER BY h.station_id, h.hour",
                                params));
  return hours_from(rows, true);
}

// `full`: source and received_at too (kHourSel); else kValueSel's columns.
std::vector<StationHour> hours_from(Rows& rows, bool full = true) {
  constexpr const Selection& c = kHourSel;
  std::vector<StationHour> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    StationHour& h = out.emplace_back();
    h.station_id = r.i64(c["station_id"]);
    h.hour = r.i64(c["hour"]);
    for (int p = 0; p < kAqPollutants; ++p)
      h.milli[p] = r.is_null(kMilliSel[p]) ? kAqNa : int32_t(r.i64(kMilliSel[p]));
    const std::string flags = r.take_str(c["flags"]);  // six characters: no allocation
    for (int p = 0; p < kAqPollutants && p < int(flags.size()); ++p) h.flags[p] = flags[p];
    if (!full) continue;
    h.source = r.take_str(c["source"]);
    h.received_at = r.take_str(c["received_at"]);
  }
  return out;
}

Result<std::vector<StationDay>> read_days(Tx& tx, const std::string& where,
                                          const std::vector<Value>& params) {
  LT_ASSIGN(auto rows,
            tx.query("SELECT " + kDaySel.sql() + " FROM aq_days d" + where + " ORDER BY d.station_id, d.day",
                     params));
  constexpr const Selection& c = kDaySel;
  std::vector<StationDay> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    StationDay d;
    d.station_id = r.i64(c["station_id"]);
    d.day = int32_t(r.i64(c["day"]));
    d.aqi = r.is_null(c["aqi"]) ? kAqNa : int32_t(r.i64(c["aqi"]));
    d.primary_bits = uint8_t(r.i64(c["primary_bits"]));
    for (int i = 0; i < kAqDailyItems; ++i)
      d.value[size_t(i)] = r.is_null(kDayValueSel[i]) ? kAqNa : int32_t(r.i64(kDayValueSel[i]));
    d.hours = int32_t(r.i64(c["hours"]));
    out.push_back(d);
  }
  return out;
}

constexpr const Table& E = tables::aq_episodes;
constexpr Selection kEpisodeSel{E, "e"};

Result<std::vector<AqEpisode>> read_episodes(Tx& tx, const std::string& where,
                                             const std::vector<Value>& params, const std::string& order) {
  LT_ASSIGN(auto rows,
            tx.query("SELECT " + kEpisodeSel.sql() + " FROM aq_episodes e" + where + order, params));
  constexpr const Selection& c = kEpisodeSel;
  std::vector<AqEpisode> out;
  for (auto& r : rows.rows) {
    AqEpisode e;
    e.id = r.i64(c["id"]);
    e.station_id = r.i64(c["station_id"]);
    e.rule = r.take_str(c["rule"]);
    e.first_hour = r.i64(c["first_hour"]);
    e.last_hour = r.i64(c["last_hour"]);
    e.problem_id = r.opt_i64(c["problem_id"]);
    e.created_at = r.take_str(c["created_at"]);
    e.updated_at = r.take_str(c["updated_at"]);
    out.push_back(std::move(e));
  }
  return out;
}

const std::string& target_sql() {
  static const std::string s =
      "SELECT " + kTargetSel.sql() + " FROM aq_targets t LEFT JOIN units u ON u.id = t.unit_id";
  return s;
}

AqTarget target_from_row(Row& r) {
  constexpr const Selection& c = kTargetSel;
  AqTarget t;
  t.id = r.i64(c["id"]);
  t.name = r.take_str(c["name"]);
  t.unit_id = r.i64(c["unit_id"]);
  t.unit_name = r.take_str(c["unit_name"]);
  t.campaign_id = r.opt_i64(c["campaign_id"]);
  t.period_from = r.take_str(c["period_from"]);
  t.period_to = r.take_str(c["period_to"]);
  t.baseline_pm25 = opt32(r, c["baseline_pm25"]);
  t.target_pm25 = opt32(r, c["target_pm25"]);
  t.baseline_heavy_days = opt32(r, c["baseline_heavy_days"]);
  t.target_heavy_days = opt32(r, c["target_heavy_days"]);
  t.version = r.i64(c["version"]);
  t.created_at = r.take_str(c["created_at"]);
  t.updated_at = r.take_str(c["updated_at"]);
  return t;
}

void set_target(Fields& f, const AqTarget& t) {
  f.set(T["name"], t.name)
      .set(T["unit_id"], t.unit_id)
      .set(T["campaign_id"], opt(t.campaign_id))
      .set(T["period_from"], t.period_from)
      .set(T["period_to"], t.period_to)
      .set(T["baseline_pm25"], opt32(t.baseline_pm25))
      .set(T["target_pm25"], opt32(t.target_pm25))
      .set(T["baseline_heavy_days"], opt32(t.baseline_heavy_days))
      .set(T["target_heavy_days"], opt32(t.target_heavy_days));
}

}  // namespace

Result<Station> insert_station(Tx& tx, Station s, const std::string& now) {
  Fields f(S);
  set_editable(f, s);
  f.set(S["code"], s.code).set(S["version"], int64_t(1)).set(S["created_at"], now).set(S["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  s.id = row->i64(0);
  s.version = 1;
  s.created_at = s.updated_at = now;
  return s;
}

Result<bool> update_station(Tx& tx, const Station& s, const std::string& now) {
  Fields f(S);
  set_editable(f, s);
  f.set_sql(S["version"], "version + 1").set(S["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {s.id, s.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  return n > 0;
}

Result<std::optional<Station>> station(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE s.id = $1", {id}));
  if (!row) return std::optional<Station>();
  return std::optional<Station>(from_row(*row));
}

Result<std::optional<Station>> station_by_code(Tx& tx, const std::string& code) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE s.code = $1", {code}));
  if (!row) return std::optional<Station>();
  return std::optional<Station>(from_row(*row));
}

Result<std::vector<Station>> stations_by_code(Tx& tx, const std::vector<std::string>& codes) {
  std::vector<Station> out;
  LT_TRY(in_groups(codes.size(), [&](size_t first, size_t count) -> Status {
    Where w;
    w.add_in("s.code", std::vector<std::string>(codes.begin() + std::ptrdiff_t(first),
                                                codes.begin() + std::ptrdiff_t(first + count)));
    LT_ASSIGN(auto rows, tx.query(select_sql() + w.sql(), w.params()));
    for (auto& r : rows.rows) out.push_back(from_row(r));
    return {};
  }));
  return out;
}

Result<std::vector<Station>> stations(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(select_sql() + " ORDER BY s.code", {}));
  std::vector<Station> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Status put_hours(Tx& tx, std::span<const StationHour> hours) {
  static const std::string kReplace = [] {
    std::string s = " ON CONFLICT (station_id, hour) DO UPDATE SET ";
    const char* cols[] = {"so2", "no2", "co", "o3", "pm10", "pm25", "flags", "source", "received_at"};
    for (size_t i = 0; i < std::size(cols); ++i)
      s += (i ? ", " : "") + std::string(cols[i]) + " = excluded." + cols[i];
    return s;
  }();
  return in_groups(hours.size(), [&](size_t first, size_t n) -> Status {
    std::vector<Fields> values;
    values.reserve(n);
    for (size_t i = first; i < first + n; ++i) {
      const StationHour& h = hours[i];
      Fields& f = values.emplace_back(H);
      f.set(H["station_id"], h.station_id).set(H["hour"], h.hour);
      for (int p = 0; p < kAqPollutants; ++p)
        f.set(kMilli[p], h.milli[p] == kAqNa ? Value(nullptr) : Value(int64_t(h.milli[p])));
      f.set(H["flags"], h.flag_text()).set(H["source"], h.source).set(H["received_at"], h.received_at);
    }
    Statement st = Fields::insert_rows(values, kReplace);
    LT_TRY(tx.exec(st.sql, st.params));
    return {};
  });
}

Result<std::vector<StationHour>> hours(Tx& tx, int64_t station_id, int64_t from, int64_t to) {
  return read_hours(tx, " WHERE h.station_id = $1 AND h.hour >= $2 AND h.hour <= $3", {station_id, from, to});
}

Result<std::vector<StationHour>> hours_of_all(Tx& tx, int64_t from, int64_t to) {
  return read_hours(tx, " WHERE h.hour >= $1 AND h.hour <= $2", {from, to});
}

Result<std::vector<StationHour>> hours_of(Tx& tx, std::span<const int64_t> station_ids, int64_t from,
                                          int64_t to) {
  std::vector<StationHour> out;
  LT_TRY(in_groups(station_ids.size(), [&](size_t first, size_t count) -> Status {
    // One branch per station, each a range of the primary key (station_id,
    // hour), not "station_id IN (…)": PostgreSQL's generic plan of that
    // walked the hour index over every station's rows and compared each with
    // the whole list (20 ms a batch of 256 HJ 212 frames at 24,000 rows).
    // Each branch has parameters of its own: SQLite looks a repeated one up
    // in a list while preparing.
    std::string sql;
    std::vector<Value> params;
    params.reserve(3 * count);
    for (size_t i = 0; i < count; ++i) {
      const size_t n = params.size();
      params.emplace_back(station_ids[first + i]);
      params.emplace_back(from);
      params.emplace_back(to);
      sql += (i ? " UNION ALL SELECT " : "SELECT ") + kValueSel.sql() +
             " FROM aq_hours h WHERE h.station_id = $" + std::to_string(n + 1) + " AND h.hour >= $" +
             std::to_string(n + 2) + " AND h.hour <= $" + std::to_string(n + 3);
    }
    LT_ASSIGN(auto rows, tx.query(sql + " ORDER BY station_id, hour", params));
    auto hs = hours_from(rows, false);
    out.insert(out.end(), std::make_move_iterator(hs.begin()), std::make_move_iterator(hs.end()));
    return {};
  }));
  return out;
}

Result<std::vector<StationHour>> latest_hours(Tx& tx, int64_t from, int64_t to) {
  // Per station, its last hour found on the primary key (station_id, hour):
  // a few thousand short seeks, not a grouping of every hour in the window
  // (2,500 stations × 24 h: 22 → 9 ms on SQLite).
  // Ordered by the stations' key so that the stations drive the join: in
  // the hours' order SQLite walked every hour of every station instead.
  LT_ASSIGN(auto rows, tx.query("SELECT " + kHourSel.sql() +
                                    " FROM aq_stations s JOIN aq_hours h ON h.station_id = s.id"
                                    " WHERE h.hour = (SELECT MAX(m.hour) FROM aq_hours m"
                                    " WHERE m.station_id = s.id AND m.hour >= $1 AND m.hour <= $2)"
                                    " ORDER BY s.id",
                                {from, to}));
  return hours_from(rows, true);
}

Status put_days(Tx& tx, std::span<const StationDay> days) {
  static const std::string kReplace = [] {
    std::string s = " ON CONFLICT (station_id, day) DO UPDATE SET ";
    const char* cols[] = {"aqi",   "primary_bits", "so2",  "no2",  "co",
                          "o3_8h", "o3_1h",        "pm10", "pm25", "hours"};
    for (size_t i = 0; i < std::size(cols); ++i)
      s += (i ? ", " : "") + std::string(cols[i]) + " = excluded." + cols[i];
    return s;
  }();
  return in_groups(days.size(), [&](size_t first, size_t n) -> Status {
    std::vector<Fields> values;
    values.reserve(n);
    for (size_t i = first; i < first + n; ++i) {
      const StationDay& d = days[i];
      Fields& f = values.emplace_back(DY);
      f.set(DY["station_id"], d.station_id)
          .set(DY["day"], int64_t(d.day))
          .set(DY["aqi"], d.aqi == kAqNa ? Value(nullptr) : Value(int64_t(d.aqi)))
          .set(DY["primary_bits"], int64_t(d.primary_bits))
          .set(DY["hours"], int64_t(d.hours));
      for (int i2 = 0; i2 < kAqDailyItems; ++i2)
        f.set(kDayValue[i2],
              d.value[size_t(i2)] == kAqNa ? Value(nullptr) : Value(int64_t(d.value[size_t(i2)])));
    }
    Statement st = Fields::insert_rows(values, kReplace);
    LT_TRY(tx.exec(st.sql, st.params));
    return {};
  });
}

Result<std::vector<StationDay>> days(Tx& tx, int64_t station_id, int32_t from, int32_t to) {
  return read_days(tx, " WHERE d.station_id = $1 AND d.day >= $2 AND d.day <= $3",
                   {station_id, int64_t(from), int64_t(to)});
}

Result<std::vector<StationDay>> days_of_all(Tx& tx, int32_t from, int32_t to) {
  return read_days(tx, " WHERE d.day >= $1 AND d.day <= $2", {int64_t(from), int64_t(to)});
}

Status lock_station(Tx& tx, int64_t station_id) {
  LT_TRY(tx.exec("UPDATE aq_stations SET version = version WHERE id = $1", {station_id}));
  return {};
}

Result<std::vector<AqEpisode>> episodes_since(Tx& tx, int64_t station_id, const std::string& rule,
                                              int64_t from_hour) {
  return read_episodes(tx, " WHERE e.station_id = $1 AND e.rule = $2 AND e.last_hour >= $3",
                       {station_id, rule, from_hour}, " ORDER BY e.first_hour");
}

Result<std::optional<AqEpisode>> insert_episode(Tx& tx, AqEpisode e, const std::string& now) {
  Fields f(E);
  f.set(E["station_id"], e.station_id)
      .set(E["rule"], e.rule)
      .set(E["first_hour"], e.first_hour)
      .set(E["last_hour"], e.last_hour)
      .set(E["problem_id"], opt(e.problem_id))
      .set(E["created_at"], now)
      .set(E["updated_at"], now);
  Statement st = f.insert(" ON CONFLICT (station_id, rule, first_hour) DO NOTHING RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  if (!row) return std::optional<AqEpisode>();
  e.id = row->i64(0);
  e.created_at = e.updated_at = now;
  return std::optional<AqEpisode>(std::move(e));
}

Status update_episode(Tx& tx, const AqEpisode& e, const std::string& now) {
  Fields f(E);
  f.set(E["first_hour"], e.first_hour)
      .set(E["last_hour"], e.last_hour)
      .set(E["problem_id"], opt(e.problem_id))
      .set(E["updated_at"], now);
  Statement st = f.update("id = $1", {e.id});
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<std::vector<AqEpisode>> episodes(Tx& tx, int64_t station_id) {
  return read_episodes(tx, " WHERE e.station_id = $1", {station_id}, " ORDER BY e.first_hour DESC");
}

Result<AqTarget> insert_target(Tx& tx, AqTarget t, const std::string& now) {
  Fields f(T);
  set_target(f, t);
  f.set(T["version"], int64_t(1)).set(T["created_at"], now).set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  t.id = row->i64(0);
  t.version = 1;
  t.created_at = t.updated_at = now;
  return t;
}

Result<bool> update_target(Tx& tx, const AqTarget& t, const std::string& now) {
  Fields f(T);
  set_target(f, t);
  f.set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {t.id, t.version});
  LT_ASSIGN(int64_t n, tx.exec(st.sql, st.params));
  return n > 0;
}

Result<std::optional<AqTarget>> target(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(target_sql() + " WHERE t.id = $1", {id}));
  if (!row) return std::optional<AqTarget>();
  return std::optional<AqTarget>(target_from_row(*row));
}

Result<std::vector<AqTarget>> targets(Tx& tx) {
  LT_ASSIGN(auto rows, tx.query(target_sql() + " ORDER BY t.period_from DESC, t.id", {}));
  std::vector<AqTarget> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(target_from_row(r));
  return out;
}

}  // namespace lantian::store::aq
