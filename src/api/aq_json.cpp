#include "api/aq_json.h"

#include "aq/level.h"
#include "core/calendar.h"

namespace lantian::api {

namespace json = boost::json;

namespace {
constexpr const char* kColumns[kAqPollutants] = {"so2", "no2", "co", "o3", "pm10", "pm25"};
}

json::value milli_json(int32_t v) {
  if (v == kAqNa) return nullptr;
  if (v % 1000 == 0) return json::value(int64_t(v / 1000));
  return json::value(double(v) / 1000.0);
}

json::object station_json(const Station& s) {
  json::object o{{"id", s.id},
                 {"code", s.code},
                 {"name", s.name},
                 {"kind", s.kind},
                 {"unit_id", s.unit_id ? json::value(*s.unit_id) : json::value(nullptr)},
                 {"unit", s.unit_name},
                 {"enterprise_id", s.enterprise_id ? json::value(*s.enterprise_id) : json::value(nullptr)},
                 {"active", s.active},
                 {"hj212", !s.hj212_password_sha256.empty()},
                 {"version", s.version}};
  json::object limits;
  for (int p = 0; p < kAqPollutants; ++p)
    if (s.limits[size_t(p)] != kAqNa) limits[kColumns[p]] = milli_json(s.limits[size_t(p)]);
  o["limits"] = std::move(limits);
  o["location"] = s.location ? json::value(json::object{{"lng", s.location->lng}, {"lat", s.location->lat}})
                             : json::value(nullptr);
  return o;
}

json::object aqi_json(aq::Index aqi) {
  const aq::Level l = aq::level_of(aqi);
  if (l == aq::Level::none)
    return {{"aqi", nullptr}, {"level", nullptr}, {"category", nullptr}, {"colour", nullptr}};
  const aq::LevelInfo& info = aq::level_info(l);
  return {{"aqi", int64_t(aqi)},
          {"level", int64_t(l)},
          {"category", {{"zh-CN", info.category_zh}, {"en", info.category_en}}},
          {"colour", info.colour_hex}};
}

json::object hour_json(const app::HourView& v) {
  json::object o = aqi_json(v.aqi.summary.aqi);
  o["time"] = app::format_hour(v.hour.hour);
  json::object flags;
  for (int p = 0; p < kAqPollutants; ++p) {
    o[kColumns[p]] = milli_json(v.hour.milli[p]);
    flags[kColumns[p]] = std::string(1, v.hour.flags[p]);
  }
  o["flags"] = std::move(flags);
  o["primary"] = aq::to_string(v.aqi.summary.primary);
  o["source"] = v.hour.source;
  return o;
}

json::array levels_json() {
  json::array out;
  for (int l = 1; l <= 6; ++l) {
    const aq::LevelInfo& info = aq::level_info(aq::Level(l));
    out.push_back(json::object{{"level", l},
                               {"from", int64_t(info.lo)},
                               {"to", int64_t(info.hi)},
                               {"category", {{"zh-CN", info.category_zh}, {"en", info.category_en}}},
                               {"colour", info.colour_hex}});
  }
  return out;
}

json::object day_values_json(const aq::DayValues& d) {
  json::object o = aqi_json(d.aqi);
  o["date"] = format_date(d.day);
  o["primary"] = aq::to_string(d.primary);
  for (auto item : aq::kDailyItems) o[aq::code(item)] = milli_json(d.value[size_t(aq::index(item))]);
  return o;
}

}  // namespace lantian::api
