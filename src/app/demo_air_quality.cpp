#include "app/demo_air_quality.h"

#include <map>

#include "app/account_service.h"
#include "app/aq_service.h"
#include "app/aq_stats_service.h"
#include "app/demo_campaign.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::app {

// resources/demo/aq_kaifeng.csv, embedded (cmake/embed_resource.cmake).
extern const char kDemoAqHours[];

namespace {

struct DemoStation {
  const char* code;
  const char* name;
  const char* kind;
  const char* unit;
  double lng, lat;  // WGS-84
  const char* hj212_password;
};
// The control sites at their real places (CNEMC's station list); the
// township stations at their townships.
constexpr DemoStation kStations[] = {
    {"1824A", "肿瘤医院", "national", "禹王台区人民政府", 114.3389, 34.7781, ""},
    {"3210A", "汴京公园", "national", "禹王台区人民政府", 114.3644, 34.7964, ""},
    {"NJ-01", "南郊乡站", "township", "南郊乡", 114.3655, 34.7386, ""},
    {"WT-01", "汪屯乡站", "township", "汪屯乡", 114.3921, 34.7602, ""},
    {"FT-01", "繁塔街道站", "township", "繁塔街道办事处", 114.3568, 34.7721, ""},
    {"CS-01", "菜市街道站", "township", "菜市街道办事处", 114.3489, 34.7905, ""},
    {"NJ-M01", "南郊乡南郊村微站", "micro", "南郊乡", 114.3712, 34.7386, "demo-212"},
};

Error in_step(Error e, const std::string& step) {
  e.message = "demo air quality, " + step + ": " + e.message;
  for (const auto& f : e.fields) e.message += " [" + f.field + ": " + f.message + "]";
  return e;
}

}  // namespace

Result<DemoAirQualitySummary> seed_demo_air_quality(store::Database& db, store::EvidenceStore& store) {
  ManualClock clock(*parse_time(kDemoAsOf));
  AqService aq(db, clock);
  AqStatsService stats(db, clock);
  Actor office;
  std::map<std::string, int64_t> units;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto u, store::users::get_by_username(tx, "office"));
    if (!u) return Error::not_found("demo air quality: the demo user 'office' is missing");
    office = actor_for(*u, 0, "demo-seed");
    LT_ASSIGN(auto all, store::units::all(tx, "", false));
    for (const auto& unit : all) units[unit.name] = unit.id;
    return {};
  }));
  DemoAirQualitySummary out;
  for (const auto& s : kStations) {
    auto unit = units.find(s.unit);
    if (unit == units.end()) return Error::not_found(std::string("demo air quality: no unit ") + s.unit);
    StationInput in{s.code, s.name, s.kind, LngLat{s.lng, s.lat}, unit->second, std::nullopt, true};
    in.hj212_password = s.hj212_password;
    auto r = aq.register_station(office, in);
    if (!r.ok()) return in_step(r.take_error(), std::string("registering ") + s.code);
    ++out.stations;
  }
  auto rep = aq.import_csv(office, kDemoAqHours);
  if (!rep.ok()) return in_step(rep.take_error(), "importing the hours");
  if (rep->rejected > 0)
    return Error::invalid(
        "demo air quality: " + std::to_string(rep->rejected) +
        " hours refused, the first: " + (rep->issues.empty() ? "" : rep->issues[0].issue.code));
  out.hours = rep->added;
  TargetInput t;
  t.name = "2017—2018年秋冬季攻坚";
  t.unit_id = units.at("禹王台区人民政府");
  t.period_from = "2017-10-01", t.period_to = "2018-03-31";
  t.baseline_pm25 = 98'000, t.target_pm25 = 83'000;  // −15 %, rounded down to whole µg/m³
  t.baseline_heavy_days = 27, t.target_heavy_days = 22;
  auto target = stats.create_target(office, t);
  if (!target.ok()) return in_step(target.take_error(), "setting the target");
  ++out.targets;
  LT_ASSIGN(out.alerts, seed_demo_alerts(db, store));
  return out;
}

}  // namespace lantian::app
