// AqService's station registry (app/aq_service.h): registering, reading and
// editing the monitoring stations.
#include <array>

#include "app/aq_service.h"
#include "app/audit.h"
#include "core/crypto.h"
#include "store/aq_repo.h"
#include "store/units_repo.h"

namespace lantian::app {
namespace {

boost::json::object station_json(const Station& s) {
  boost::json::object o{{"code", s.code}, {"name", s.name}, {"kind", s.kind}, {"active", s.active}};
  if (s.unit_id) o["unit_id"] = *s.unit_id;
  if (s.location) o["location"] = {{"lng", s.location->lng}, {"lat", s.location->lat}};
  if (s.enterprise_id) o["enterprise_id"] = *s.enterprise_id;
  boost::json::object limits;
  for (int p = 0; p < kAqPollutants; ++p)
    if (s.limits[size_t(p)] != kAqNa) limits[aq::code(aq::kPollutants[size_t(p)])] = s.limits[size_t(p)];
  if (!limits.empty()) o["limits"] = std::move(limits);
  // Whether it has a password, never the password's hash.
  o["hj212"] = !s.hj212_password_sha256.empty();
  return o;
}

// What a registration or an edit may set, checked; the code only when
// registering (`with_code`). `keep_password`: the edit leaves the stored one.
std::vector<FieldError> check_input(const StationInput& in, bool with_code, bool keep_password, Station& s) {
  std::vector<FieldError> errs;
  s.name = in.name, s.kind = in.kind, s.location = in.location;
  s.unit_id = in.unit_id, s.enterprise_id = in.enterprise_id, s.active = in.active;
  s.limits = in.limits;
  if (!keep_password)
    s.hj212_password_sha256 = in.hj212_password.empty() ? "" : sha256_hex(in.hj212_password);
  if (with_code) {
    s.code = in.code;
    if (s.code.empty() || s.code.size() > 64) errs.push_back({"code", issue("required")});
  }
  if (s.name.empty() || s.name.size() > 200) errs.push_back({"name", issue("required")});
  if (!find_station_kind(s.kind)) errs.push_back({"kind", issue("invalid")});
  for (int p = 0; p < kAqPollutants; ++p)
    if (s.limits[size_t(p)] != kAqNa && (s.limits[size_t(p)] <= 0 || s.limits[size_t(p)] > aq::kMilliMax))
      errs.push_back({"limits." + std::string(aq::code(aq::kPollutants[size_t(p)])), issue("invalid")});
  if (s.location && !valid_lnglat(*s.location)) errs.push_back({"location", issue("invalid")});
  if (!keep_password && !in.hj212_password.empty() &&
      (in.hj212_password.size() < 6 || in.hj212_password.size() > 64 ||
       in.hj212_password.find_first_of(";,=&") != std::string::npos))
    errs.push_back({"hj212_password", issue("invalid")});
  return errs;
}

// The station's unit, copied into it; unit_id invalid when there is none.
Status place_in_unit(store::Tx& tx, Station& s) {
  s.unit_path.clear(), s.unit_name.clear();
  if (!s.unit_id) return {};
  LT_ASSIGN(auto u, store::units::get(tx, *s.unit_id));
  if (!u) return Error::field("unit_id", "invalid", {});
  s.unit_path = u->path;
  s.unit_name = u->name;
  return {};
}

}  // namespace

Result<Station> AqService::register_station(const Actor& a, const StationInput& in) {
  if (!a.can("aq.manage")) return Error::make("not_permitted", {{"permission", "aq.manage"}});
  Station s;
  if (auto errs = check_input(in, true, false, s); !errs.empty()) return Error::validation(errs);
  std::string now = format_utc(clock_.now());
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(place_in_unit(tx, s));
    LT_ASSIGN(auto same, store::aq::station_by_code(tx, s.code));
    if (same) return Error::make("aq_station_code_taken", {{"code", s.code}});
    LT_ASSIGN(s, store::aq::insert_station(tx, s, now));
    return record_audit(tx, a, "create", "aq_station", std::to_string(s.id), nullptr, station_json(s), now);
  }));
  return s;
}

Result<Station> AqService::update_station(const Actor& a, int64_t id, int64_t version, const StationInput& in,
                                          bool keep_password) {
  if (!a.can("aq.manage")) return Error::make("not_permitted", {{"permission", "aq.manage"}});
  // Checked before the transaction, on a copy that has no stored values yet.
  Station probe;
  if (auto errs = check_input(in, false, keep_password, probe); !errs.empty()) return Error::validation(errs);
  std::string now = format_utc(clock_.now());
  Station s;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto old, store::aq::station(tx, id));
    if (!old) return Error::make("aq_station_not_found");
    s = *old;
    check_input(in, false, keep_password, s);
    s.version = version;
    LT_TRY(place_in_unit(tx, s));
    LT_ASSIGN(bool ok, store::aq::update_station(tx, s, now));
    if (!ok) return Error::make("stale_version", {{"version", std::to_string(old->version)}});
    s.version = version + 1, s.updated_at = now;
    return record_audit(tx, a, "update", "aq_station", std::to_string(id), station_json(*old),
                        station_json(s), now);
  }));
  return s;
}

Result<std::vector<Station>> AqService::stations(const Actor& a) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  std::vector<Station> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::aq::stations(tx));
    return {};
  }));
  return out;
}

Result<Station> AqService::station(const Actor& a, int64_t id) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  std::optional<Station> s;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(s, store::aq::station(tx, id));
    return {};
  }));
  if (!s) return Error::make("aq_station_not_found");
  return std::move(*s);
}

}  // namespace lantian::app
