#include "app/aq_monitoring_service.h"

#include <map>

#include "app/aq_service.h"
#include "core/geo.h"
#include "core/problem_rules.h"
#include "core/text.h"
#include "store/aq_repo.h"

namespace lantian::app {
namespace {

constexpr const char* kPollutantNames[kAqPollutants] = {"SO2", "NO2", "CO", "O3", "PM10", "PM2.5"};

// 48200 → "48.2", 35000 → "35".
std::string milli_text(int32_t v) {
  std::string s = std::to_string(v / 1000);
  int32_t frac = v % 1000;
  if (frac == 0) return s;
  char buf[8];
  std::snprintf(buf, sizeof buf, "%03d", frac);
  std::string f = buf;
  while (!f.empty() && f.back() == '0') f.pop_back();
  return s + "." + f;
}

std::string pollutants_text(uint8_t bits) {
  std::string out;
  for (int p = 0; p < kAqPollutants; ++p)
    if (bits & (1u << p)) out += (out.empty() ? "" : "、") + std::string(kPollutantNames[p]);
  return out;
}

// The problem an episode opens: what, where, and every hour's readings.
ProblemInput problem_for(const MonitoringRule& rule, const Station& s, const MonitoringRun& run) {
  ProblemInput in;
  in.source = rule.source;
  in.problem_type = rule.problem_type;
  in.enterprise_id = s.enterprise_id;
  in.site = s.name;
  if (s.location) in.location = LocationInput{*s.location, Datum::wgs84};
  const std::string what = pollutants_text(run.pollutants);
  const int hours = int(run.last_hour - run.first_hour + 1);
  if (rule.kind == MonitoringKind::over_limit)
    in.title = s.name + "：" + what + "连续" + std::to_string(hours) + "小时超过排放限值";
  else
    in.title = s.name + "：" + what + "连续" + std::to_string(hours) + "小时显著高于周边站点";
  in.title = shorten_text(in.title, 200);
  std::string d = rule.label.zh + "（监测站点 " + s.code + " " + s.name + "，" + format_hour(run.first_hour) +
                  " 至 " + format_hour(run.last_hour) + " 的小时数据）：\n";
  for (const RunHour& h : run.hours) {
    d += format_hour(h.hour.hour);
    for (int p = 0; p < kAqPollutants; ++p) {
      if (!(run.pollutants & (1u << p)) || h.hour.milli[size_t(p)] == kAqNa) continue;
      d += "  " + std::string(kPollutantNames[p]) + " " + milli_text(h.hour.milli[size_t(p)]);
      if (rule.kind == MonitoringKind::over_limit && s.limits[size_t(p)] != kAqNa)
        d += "（限值 " + milli_text(s.limits[size_t(p)]) + "）";
      if (rule.kind == MonitoringKind::hot_spot && h.neighbours_median != kAqNa)
        d += "（周边 " + std::to_string(h.neighbours) + " 个站点中位数 " + milli_text(h.neighbours_median) +
             "）";
    }
    d += "\n";
  }
  in.description = shorten_text(d, 4000);
  return in;
}

// The runs of one rule at one station.
std::vector<MonitoringRun> runs_of(const MonitoringRule& rule, const Station& s,
                                   const std::vector<StationHour>& mine, const std::vector<Station>& stations,
                                   const std::map<int64_t, std::vector<const StationHour*>>& by_station) {
  if (rule.kind == MonitoringKind::over_limit) {
    bool any = false;
    for (int32_t l : s.limits) any = any || l != kAqNa;
    return any ? over_limit_runs(rule, mine, s.limits) : std::vector<MonitoringRun>{};
  }
  if (!s.location) return {};
  // The neighbours' valid readings of the rule's pollutant, hour by hour.
  std::map<int64_t, std::vector<int32_t>> nb;
  for (const Station& o : stations) {
    const StationKindDef* k = find_station_kind(o.kind);
    if (o.id == s.id || !o.location || !k || !k->ambient) continue;
    if (distance_m(*s.location, *o.location) > rule.radius_m) continue;
    auto it = by_station.find(o.id);
    if (it == by_station.end()) continue;
    for (const StationHour* h : it->second) {
      const DataFlagDef* f = find_data_flag(h->flags[size_t(rule.pollutant)]);
      if (h->milli[size_t(rule.pollutant)] != kAqNa && f && f->valid)
        nb[h->hour].push_back(h->milli[size_t(rule.pollutant)]);
    }
  }
  return hot_spot_runs(rule, mine, nb);
}

}  // namespace

Result<MonitoringReport> AqMonitoringService::scan(const Actor& a) {
  if (!a.can("aq.manage")) return Error::make("not_permitted", {{"permission", "aq.manage"}});
  MonitoringReport rep;
  const auto& rules = problem_rules().monitoring;
  if (rules.empty()) return rep;
  const int64_t now = hour_in_progress(clock_.now());
  std::vector<Station> stations;
  std::vector<StationHour> hours;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(stations, store::aq::stations(tx));
    LT_ASSIGN(hours, store::aq::hours_of_all(tx, now - kMonitoringScanHours + 1, now));
    return {};
  }));
  std::map<int64_t, std::vector<const StationHour*>> by_station;
  for (const auto& h : hours) by_station[h.station_id].push_back(&h);
  const Actor system = Actor::system("aq-monitoring");
  for (const Station& s : stations) {
    if (!s.active) continue;
    std::vector<StationHour> mine;
    if (auto it = by_station.find(s.id); it != by_station.end())
      for (const StationHour* h : it->second) mine.push_back(*h);
    bool watched = false;
    for (const MonitoringRule& rule : rules) {
      if (!rule.watches(s.kind)) continue;
      watched = true;
      for (const MonitoringRun& run : runs_of(rule, s, mine, stations, by_station)) {
        ++rep.runs;
        const std::string now_text = format_utc(clock_.now());
        // Counted after the commit: a transaction retried (a busy database)
        // runs the lambda again.
        enum class Outcome { none, extended, opened } outcome = Outcome::none;
        LT_TRY(db_.write([&](store::Tx& tx) -> Status {
          outcome = Outcome::none;
          LT_TRY(store::aq::lock_station(tx, s.id));
          LT_ASSIGN(auto known,
                    store::aq::episodes_since(tx, s.id, rule.name, run.first_hour - rule.gap_hours - 1));
          for (AqEpisode& e : known) {
            if (e.first_hour > run.last_hour + rule.gap_hours + 1) continue;
            // The same episode, seen again or grown: no second problem.
            outcome = Outcome::extended;
            if (run.first_hour >= e.first_hour && run.last_hour <= e.last_hour) return {};
            e.first_hour = std::min(e.first_hour, run.first_hour);
            e.last_hour = std::max(e.last_hour, run.last_hour);
            return store::aq::update_episode(tx, e, now_text);
          }
          AqEpisode e;
          e.station_id = s.id, e.rule = rule.name, e.first_hour = run.first_hour, e.last_hour = run.last_hour;
          LT_ASSIGN(auto added, store::aq::insert_episode(tx, e, now_text));
          if (!added) return {};  // another scanner's, committed meanwhile
          ProblemInput in = problem_for(rule, s, run);
          in.external_id = "aq-episode:" + std::to_string(added->id);
          LT_ASSIGN(Problem p, problems_.register_in(tx, system, in, rule.label.zh));
          if (s.unit_id) {
            ProblemActionInput assign;
            assign.action = "assign";
            assign.version = p.version;
            assign.assignment.unit_id = *s.unit_id;
            if (rule.deadline_working_days > 0) {
              assign.assignment.deadline_kind = "working_days";
              assign.assignment.deadline_days = rule.deadline_working_days;
            } else {
              assign.assignment.deadline_kind = "immediate";
            }
            LT_TRY(problems_.act_in(tx, system, p.id, assign));
          }
          added->problem_id = p.id;
          outcome = Outcome::opened;
          return store::aq::update_episode(tx, *added, now_text);
        }));
        if (outcome == Outcome::extended) ++rep.extended;
        if (outcome == Outcome::opened) ++rep.opened;
      }
    }
    if (watched) ++rep.stations;
  }
  return rep;
}

}  // namespace lantian::app
