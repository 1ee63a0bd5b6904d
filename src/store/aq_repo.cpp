#include "store/aq_repo.h"

#include "store/paging.h"
#include "store/table.h"
#include "store/tables.h"

namespace lantian::store::aq {
namespace {

constexpr const Table& S = tables::aq_stations;
constexpr Extra kJoined[] = {{"unit_name", "u.name"}};
constexpr Selection kSel{S, "s", kJoined};
constexpr const Table& H = tables::aq_hours;
constexpr Selection kHourSel{H, "h"};
// The concentration columns in core/air_quality.h's pollutant order.
constexpr ColumnId kMilli[kAqPollutants] = {H["so2"], H["no2"], H["co"], H["o3"], H["pm10"], H["pm25"]};
constexpr size_t kMilliSel[kAqPollutants] = {kHourSel["so2"], kHourSel["no2"],  kHourSel["co"],
                                             kHourSel["o3"],  kHourSel["pm10"], kHourSel["pm25"]};

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
}

Result<std::vector<StationHour>> read_hours(Tx& tx, const std::string& where,
                                            const std::vector<Value>& params) {
  LT_ASSIGN(auto rows, tx.query("SELECT " + kHourSel.sql() + " FROM aq_hours h" + where +
                                    " ORDER BY h.station_id, h.hour",
                                params));
  constexpr const Selection& c = kHourSel;
  std::vector<StationHour> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    StationHour h;
    h.station_id = r.i64(c["station_id"]);
    h.hour = r.i64(c["hour"]);
    for (int p = 0; p < kAqPollutants; ++p)
      h.milli[p] = r.is_null(kMilliSel[p]) ? kAqNa : int32_t(r.i64(kMilliSel[p]));
    std::string flags = r.take_str(c["flags"]);
    for (int p = 0; p < kAqPollutants && p < int(flags.size()); ++p) h.flags[p] = flags[p];
    h.source = r.take_str(c["source"]);
    h.received_at = r.take_str(c["received_at"]);
    out.push_back(std::move(h));
  }
  return out;
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

}  // namespace lantian::store::aq
