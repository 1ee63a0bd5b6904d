#include "app/aq_stats_service.h"

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "app/audit.h"
#include "store/aq_repo.h"
#include "store/list_cache.h"
#include "store/units_repo.h"

namespace lantian::app {
namespace {

// The list cache's generation of what the dashboard reads (migration 0029).
constexpr const char* kGeneration = "aq";
// The dashboard answers promptly with the previous answer while the changed
// one is computed (aq_stats_service.h).
constexpr store::WhileComputing kWhileComputing = store::WhileComputing::previous;

// What a cached answer holds, roughly, for the cache's budget: the elements
// and the text they own.
template <class T>
size_t estimate(const std::vector<T>& v) {
  return 64 + v.size() * (sizeof(T) + 96);
}

int32_t day_number(Date d) { return int32_t(d.time_since_epoch().count()); }

Status check_period(Date from, Date to) {
  if (to < from) return Error::field("to", "before_start", {{"start", format_date(from)}});
  if ((to - from).count() + 1 > kMaxStatsDays)
    return Error::field("from", "aq_period_too_long", {{"max", std::to_string(kMaxStatsDays)}});
  return {};
}

// The stations making the air of the unit at `path` (core/air_quality.h's
// area tiers).
AreaRef area_of(const Unit& u, const std::vector<Station>& stations) {
  AreaRef a{u.id, u.name, 0, {}};
  for (const Station& s : stations) {
    const StationKindDef* k = find_station_kind(s.kind);
    if (!k || k->area_tier == 0 || !s.unit_path.starts_with(u.path)) continue;
    if (a.tier == 0 || k->area_tier < a.tier) {
      a.tier = k->area_tier;
      a.stations.clear();
    }
    if (k->area_tier == a.tier) a.stations.push_back(s.id);
  }
  return a;
}

// The area's days from its stations' days (any order).
std::vector<aq::DayValues> area_series(const AreaRef& a, const std::vector<StationDay>& days) {
  const std::unordered_set<int64_t> members(a.stations.begin(), a.stations.end());
  std::map<int32_t, std::vector<aq::DayValues>> by_day;
  for (const StationDay& d : days)
    if (members.count(d.station_id)) by_day[d.day].push_back(day_values(d));
  std::vector<aq::DayValues> out;
  out.reserve(by_day.size());
  for (const auto& [n, values] : by_day) out.push_back(aq::area_day(Date(std::chrono::days(n)), values));
  return out;
}

aq::Milli metric(const aq::PeriodStats& s, RankBy by) {
  switch (by) {
    case RankBy::composite:
      return s.composite;
    case RankBy::pm25:
      return s.value[size_t(aq::PeriodItem::pm25)];
    case RankBy::pm10:
      return s.value[size_t(aq::PeriodItem::pm10)];
  }
  return aq::kNa;
}

// Lowest first; equal values share a rank; missing values last, unranked.
void rank(std::vector<RankingRow>& rows, RankBy by) {
  std::stable_sort(rows.begin(), rows.end(), [&](const RankingRow& x, const RankingRow& y) {
    const aq::Milli a = metric(x.stats, by), b = metric(y.stats, by);
    if ((a < 0) != (b < 0)) return b < 0;
    return a < b;
  });
  for (size_t i = 0; i < rows.size(); ++i) {
    const aq::Milli v = metric(rows[i].stats, by);
    if (v < 0) break;
    rows[i].rank = (i > 0 && metric(rows[i - 1].stats, by) == v) ? rows[i - 1].rank : int(i + 1);
  }
}

std::optional<Unit> find_unit(const std::vector<Unit>& units, int64_t id) {
  for (const Unit& u : units)
    if (u.id == id) return u;
  return std::nullopt;
}

// A target with its progress through `through`, read in `tx`.
Result<TargetView> target_view(store::Tx& tx, const AqTarget& t, Date through) {
  TargetView v{t, through, {}, 0};
  aq::Target target{*parse_date(t.period_from),         *parse_date(t.period_to),
                    t.baseline_pm25.value_or(aq::kNa),  t.target_pm25.value_or(aq::kNa),
                    t.baseline_heavy_days.value_or(-1), t.target_heavy_days.value_or(-1)};
  std::vector<aq::DayValues> days;
  LT_ASSIGN(auto u, store::units::get(tx, t.unit_id));
  if (u) {
    LT_ASSIGN(auto stations, store::aq::stations(tx));
    AreaRef area = area_of(*u, stations);
    v.stations = int(area.stations.size());
    const Date last = std::min(through, target.to);
    if (last >= target.from) {
      std::vector<StationDay> mine;
      for (int64_t id : area.stations) {
        LT_ASSIGN(auto d, store::aq::days(tx, id, day_number(target.from), day_number(last)));
        mine.insert(mine.end(), d.begin(), d.end());
      }
      days = area_series(area, mine);
    }
  }
  v.progress = aq::target_progress(target, days, through);
  return v;
}

boost::json::object target_json(const AqTarget& t) {
  boost::json::object o{
      {"name", t.name}, {"unit_id", t.unit_id}, {"period_from", t.period_from}, {"period_to", t.period_to}};
  if (t.baseline_pm25) o["baseline_pm25"] = *t.baseline_pm25;
  if (t.target_pm25) o["target_pm25"] = *t.target_pm25;
  if (t.baseline_heavy_days) o["baseline_heavy_days"] = *t.baseline_heavy_days;
  if (t.target_heavy_days) o["target_heavy_days"] = *t.target_heavy_days;
  return o;
}

// The input's checks; on success `t` holds it.
Status check_target(const TargetInput& in, AqTarget& t) {
  std::vector<FieldError> errs;
  if (in.name.empty()) errs.push_back({"name", issue("required")});
  if (in.name.size() > 200) errs.push_back({"name", issue("too_long", {{"max", "200"}})});
  auto from = parse_date(in.period_from), to = parse_date(in.period_to);
  if (!from) errs.push_back({"period_from", issue("invalid")});
  if (!to) errs.push_back({"period_to", issue("invalid")});
  if (from && to && *to < *from)
    errs.push_back({"period_to", issue("before_start", {{"start", in.period_from}})});
  if (from && to && *to >= *from && (*to - *from).count() + 1 > kMaxStatsDays)
    errs.push_back({"period_to", issue("aq_period_too_long", {{"max", std::to_string(kMaxStatsDays)}})});
  auto concentration = [&](const char* field, std::optional<int32_t> v) {
    if (v && (*v <= 0 || *v > 1'000'000))
      errs.push_back({field, issue("out_of_range", {{"min", "0"}, {"max", "1000"}})});
  };
  concentration("baseline_pm25", in.baseline_pm25);
  concentration("target_pm25", in.target_pm25);
  auto days = [&](const char* field, std::optional<int32_t> v) {
    if (v && (*v < 0 || *v > kMaxStatsDays))
      errs.push_back({field, issue("out_of_range", {{"min", "0"}, {"max", std::to_string(kMaxStatsDays)}})});
  };
  days("baseline_heavy_days", in.baseline_heavy_days);
  days("target_heavy_days", in.target_heavy_days);
  if (!errs.empty()) return Error::validation(errs);
  t.name = in.name, t.unit_id = in.unit_id, t.campaign_id = in.campaign_id;
  t.period_from = format_date(*from), t.period_to = format_date(*to);
  t.baseline_pm25 = in.baseline_pm25, t.target_pm25 = in.target_pm25;
  t.baseline_heavy_days = in.baseline_heavy_days, t.target_heavy_days = in.target_heavy_days;
  return {};
}

}  // namespace

std::optional<RankOf> parse_rank_of(std::string_view s) {
  if (s == "units") return RankOf::units;
  if (s == "stations") return RankOf::stations;
  return std::nullopt;
}

std::optional<RankBy> parse_rank_by(std::string_view s) {
  if (s == "composite") return RankBy::composite;
  if (s == "pm25") return RankBy::pm25;
  if (s == "pm10") return RankBy::pm10;
  return std::nullopt;
}

std::string_view code(RankBy b) {
  switch (b) {
    case RankBy::composite:
      return "composite";
    case RankBy::pm25:
      return "pm25";
    case RankBy::pm10:
      return "pm10";
  }
  return "composite";
}

Date AqStatsService::today() const { return *parse_date(format_shanghai(clock_.now()).substr(0, 10)); }

Result<std::shared_ptr<const LatestView>> AqStatsService::latest(const Actor& a) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  const int64_t now = hour_in_progress(clock_.now());
  std::shared_ptr<const LatestView> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto gens, store::read_generations(tx, {kGeneration}));
    auto compute = [&]() -> Result<LatestView> {
      LatestView v{now, {}};
      LT_ASSIGN(auto stations, store::aq::stations(tx));
      LT_ASSIGN(auto hours, store::aq::latest_hours(tx, now - 24, now));
      std::unordered_map<int64_t, StationHour*> last;
      for (auto& h : hours) last[h.station_id] = &h;
      v.stations.reserve(stations.size());
      for (auto& st : stations) {
        StationNow n{std::move(st), std::nullopt};
        if (auto it = last.find(n.station.id); it != last.end()) n.latest = hour_view(std::move(*it->second));
        v.stations.push_back(std::move(n));
      }
      return v;
    };
    LT_ASSIGN(out, store::cached_result<LatestView>(
                       gens, kGeneration, "aq.latest", {now}, compute,
                       [](const LatestView& v) { return estimate(v.stations); }, kWhileComputing));
    return {};
  }));
  return out;
}

Result<std::shared_ptr<const AreaDaysView>> AqStatsService::area_days(const Actor& a,
                                                                      std::optional<int64_t> unit_id,
                                                                      Date from, Date to) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  LT_TRY(check_period(from, to));
  std::shared_ptr<const AreaDaysView> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto gens, store::read_generations(tx, {kGeneration}));
    auto compute = [&]() -> Result<AreaDaysView> {
      std::optional<int64_t> id = unit_id;
      if (!id) {
        LT_ASSIGN(id, store::units::root_id(tx));
      }
      if (!id) return Error::make("aq_unit_not_found");
      LT_ASSIGN(auto u, store::units::get(tx, *id));
      if (!u) return Error::make("aq_unit_not_found");
      AreaDaysView v;
      LT_ASSIGN(auto stations, store::aq::stations(tx));
      v.area = area_of(*u, stations);
      std::vector<StationDay> days;
      for (int64_t station : v.area.stations) {
        LT_ASSIGN(auto mine, store::aq::days(tx, station, day_number(from), day_number(to)));
        days.insert(days.end(), mine.begin(), mine.end());
      }
      v.days = area_series(v.area, days);
      return v;
    };
    LT_ASSIGN(out, store::cached_result<AreaDaysView>(
                       gens, kGeneration, "aq.area_days",
                       {unit_id.value_or(0), int64_t(day_number(from)), int64_t(day_number(to))}, compute,
                       [](const AreaDaysView& v) { return estimate(v.days) + estimate(v.area.stations); },
                       kWhileComputing));
    return {};
  }));
  return out;
}

Result<std::shared_ptr<const Ranking>> AqStatsService::ranking(const Actor& a, RankOf of, RankBy by,
                                                               Date from, Date to,
                                                               std::optional<int64_t> parent) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  LT_TRY(check_period(from, to));
  std::shared_ptr<const Ranking> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto gens, store::read_generations(tx, {kGeneration}));
    auto compute = [&]() -> Result<Ranking> {
      Ranking r{of, by, from, to, {}};
      LT_ASSIGN(auto stations, store::aq::stations(tx));
      LT_ASSIGN(auto days, store::aq::days_of_all(tx, day_number(from), day_number(to)));
      if (of == RankOf::stations) {
        std::unordered_map<int64_t, std::vector<aq::DayValues>> by_station;
        for (const StationDay& d : days) by_station[d.station_id].push_back(day_values(d));
        for (const Station& st : stations) {
          const StationKindDef* k = find_station_kind(st.kind);
          if (!k || !k->ambient) continue;
          RankingRow row;
          row.id = st.id, row.code = st.code, row.name = st.name, row.unit_name = st.unit_name;
          row.stats = aq::period_stats(by_station[st.id]);
          r.rows.push_back(std::move(row));
        }
      } else {
        LT_ASSIGN(auto units, store::units::all(tx, "", false));
        std::optional<int64_t> under = parent;
        if (!under) {
          LT_ASSIGN(under, store::units::root_id(tx));
        }
        if (!under || !find_unit(units, *under)) return Error::make("aq_unit_not_found");
        for (const Unit& u : units) {
          if (u.parent_id != under) continue;
          AreaRef area = area_of(u, stations);
          if (area.stations.empty()) continue;
          RankingRow row;
          row.id = u.id, row.name = u.name;
          row.stats = aq::period_stats(area_series(area, days));
          r.rows.push_back(std::move(row));
        }
      }
      rank(r.rows, by);
      return r;
    };
    LT_ASSIGN(out, store::cached_result<Ranking>(
                       gens, kGeneration, "aq.ranking",
                       {int64_t(of), std::string(code(by)), int64_t(day_number(from)),
                        int64_t(day_number(to)), parent.value_or(0)},
                       compute, [](const Ranking& r) { return estimate(r.rows); }, kWhileComputing));
    return {};
  }));
  return out;
}

Result<TargetView> AqStatsService::view(const AqTarget& t) {
  const Date through = today() - std::chrono::days(1);
  std::optional<TargetView> v;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(v, target_view(tx, t, through));
    return {};
  }));
  return std::move(*v);
}

Result<std::shared_ptr<const std::vector<TargetView>>> AqStatsService::targets(const Actor& a) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  const Date through = today() - std::chrono::days(1);
  std::shared_ptr<const std::vector<TargetView>> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto gens, store::read_generations(tx, {kGeneration}));
    auto compute = [&]() -> Result<std::vector<TargetView>> {
      LT_ASSIGN(auto all, store::aq::targets(tx));
      std::vector<TargetView> views;
      for (const auto& t : all) {
        LT_ASSIGN(auto v, target_view(tx, t, through));
        views.push_back(std::move(v));
      }
      return views;
    };
    LT_ASSIGN(out, store::cached_result<std::vector<TargetView>>(
                       gens, kGeneration, "aq.targets", {int64_t(day_number(through))}, compute,
                       [](const std::vector<TargetView>& v) { return estimate(v); }, kWhileComputing));
    return {};
  }));
  return out;
}

Result<TargetView> AqStatsService::target(const Actor& a, int64_t id) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  std::optional<AqTarget> t;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(t, store::aq::target(tx, id));
    return {};
  }));
  if (!t) return Error::make("aq_target_not_found");
  return view(*t);
}

Result<TargetView> AqStatsService::create_target(const Actor& a, const TargetInput& in) {
  if (!a.can("aq.manage")) return Error::make("not_permitted", {{"permission", "aq.manage"}});
  AqTarget t;
  LT_TRY(check_target(in, t));
  const std::string now = format_utc(clock_.now());
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto u, store::units::get(tx, t.unit_id));
    if (!u) return Error::field("unit_id", "invalid", {});
    LT_ASSIGN(t, store::aq::insert_target(tx, t, now));
    t.unit_name = u->name;
    return record_audit(tx, a, "create", "aq_target", std::to_string(t.id), nullptr, target_json(t), now);
  }));
  return view(t);
}

Result<TargetView> AqStatsService::update_target(const Actor& a, int64_t id, int64_t version,
                                                 const TargetInput& in) {
  if (!a.can("aq.manage")) return Error::make("not_permitted", {{"permission", "aq.manage"}});
  AqTarget t;
  LT_TRY(check_target(in, t));
  const std::string now = format_utc(clock_.now());
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto old, store::aq::target(tx, id));
    if (!old) return Error::make("aq_target_not_found");
    LT_ASSIGN(auto u, store::units::get(tx, t.unit_id));
    if (!u) return Error::field("unit_id", "invalid", {});
    t.id = id, t.version = version, t.created_at = old->created_at;
    LT_ASSIGN(bool ok, store::aq::update_target(tx, t, now));
    if (!ok) return Error::make("stale_version", {{"version", std::to_string(old->version)}});
    t.version = version + 1, t.updated_at = now, t.unit_name = u->name;
    return record_audit(tx, a, "update", "aq_target", std::to_string(id), target_json(*old), target_json(t),
                        now);
  }));
  return view(t);
}

}  // namespace lantian::app
