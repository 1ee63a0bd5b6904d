#include "app/aq_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "app/aq_internal.h"
#include "app/audit.h"
#include "core/crypto.h"
#include "io/aq_csv.h"
#include "store/aq_repo.h"
#include "store/units_repo.h"

namespace lantian::app {
namespace {

constexpr int64_t kBeijingOffsetSeconds = 8 * 3600;
constexpr size_t kIssuesShown = 100;

// The checks of a reading; on success `out` is the hour to store.
std::optional<Issue> check_reading(const HourReading& r, const Station* s, int64_t latest, StationHour& out) {
  if (!s) return issue("aq_station_unknown", {{"station", r.station}});
  if (!s->active) return issue("aq_station_inactive", {{"station", r.station}});
  if (r.hour > latest) return issue("aq_hour_in_future", {{"hour", format_hour(r.hour)}});
  out.station_id = s->id;
  out.hour = r.hour;
  for (int p = 0; p < kAqPollutants; ++p) {
    const int32_t v = r.milli[p];
    const std::string name(aq::code(aq::kPollutants[p]));
    if (v != kAqNa && (v < 0 || v > aq::kMilliMax))
      return issue("aq_value_out_of_range", {{"pollutant", name}});
    char f = r.flags[p];
    if (f == 0) f = v == kAqNa ? kFlagMissing : 'N';
    if (f != kFlagMissing && !find_data_flag(f))
      return issue("aq_flag_unknown", {{"flag", std::string(1, f)}});
    // A flag without a value says why it is missing ('F': stopped); kept.
    out.milli[p] = v;
    out.flags[p] = f;
  }
  return std::nullopt;
}

// A station's hours grouped into HJ 633's natural days (valid readings only;
// `count` = stored hours of the day, any flag).
struct GroupedDay {
  aq::DayHours hours;
  int count = 0;
};
std::map<Date, GroupedDay> group_days(const std::vector<StationHour>& hours) {
  std::map<Date, GroupedDay> days;
  for (const auto& h : hours) {
    const aq::DayHour at = aq::day_hour(std::chrono::sys_seconds(std::chrono::hours(h.hour)));
    GroupedDay& d = days[at.day];
    ++d.count;
    for (int p = 0; p < kAqPollutants; ++p) {
      const DataFlagDef* f = find_data_flag(h.flags[p]);
      d.hours.c[size_t(at.index)][size_t(p)] = (f && f->valid) ? h.milli[p] : aq::kNa;
    }
  }
  return days;
}

aq::DailyAqi daily_of(Date day, const GroupedDay& g) {
  return aq::daily_aqi(aq::daily_concentrations(g.hours), aq::edition_for_day(day));
}

// The hours of the natural days first..last: ending first 01:00 … last+1 00:00.
int64_t first_hour_of(Date d) { return int64_t(d.time_since_epoch().count()) * 24 + 1; }
int64_t last_hour_of(Date d) { return int64_t(d.time_since_epoch().count()) * 24 + 24; }

// The natural day (HJ 633) an hour belongs to: the hour ending at 00:00 is
// the day before's.
Date day_of_hour(int64_t hour) {
  return aq::day_hour(std::chrono::sys_seconds(std::chrono::hours(hour))).day;
}

// A station's hours by hour: the stored one at `hour`, or where it would go.
std::vector<StationHour>::iterator at_hour(std::vector<StationHour>& hours, int64_t hour) {
  return std::lower_bound(hours.begin(), hours.end(), hour,
                          [](const StationHour& h, int64_t x) { return h.hour < x; });
}

}  // namespace

HourView hour_view(StationHour h) {
  aq::HourlyInput in;
  for (int p = 0; p < kAqPollutants; ++p) {
    const DataFlagDef* f = find_data_flag(h.flags[p]);
    in.c[p] = (f && f->valid) ? h.milli[p] : aq::kNa;
  }
  // The hour ending at 00:00 belongs to the day before (HJ 633's natural day).
  const Date day = aq::day_hour(std::chrono::sys_seconds(std::chrono::hours(h.hour))).day;
  return {std::move(h), aq::hourly_aqi(in, aq::edition_for_day(day))};
}

StationDay station_day(int64_t station, Date day, const aq::DailyAqi& d, int hours) {
  StationDay out;
  out.station_id = station;
  out.day = int32_t(day.time_since_epoch().count());
  out.aqi = d.summary.aqi;
  out.primary_bits = d.summary.primary.bits;
  for (int i = 0; i < kAqDailyItems; ++i) out.value[size_t(i)] = d.value[size_t(i)];
  out.hours = hours;
  return out;
}

aq::DayValues day_values(const StationDay& d) {
  aq::DayValues v;
  v.day = Date(std::chrono::days(d.day));
  v.aqi = aq::Index(d.aqi);
  v.primary.bits = d.primary_bits;
  for (int i = 0; i < kAqDailyItems; ++i) v.value[size_t(i)] = d.value[size_t(i)];
  return v;
}

std::string format_hour(int64_t hour) {
  return io::format_hour_end(std::chrono::sys_seconds(std::chrono::hours(hour)));
}

std::optional<int64_t> parse_hour(std::string_view text) {
  auto t = io::parse_hour_end(text);
  if (!t) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::hours>(t->time_since_epoch()).count();
}

int64_t hour_in_progress(std::chrono::system_clock::time_point now) {
  const int64_t s = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  return (s + kBeijingOffsetSeconds) / 3600 + 1;
}

int64_t AqService::current_hour() const { return hour_in_progress(clock_.now()); }

Status take_readings(store::Tx& tx, std::span<const HourReading> readings, std::string_view source,
                     const std::string& now, int64_t latest, Repeats repeats, IngestReport& rep,
                     std::vector<char>* rejected, const std::vector<Station>* stations) {
  rep.received += int64_t(readings.size());
  if (rejected) rejected->assign(readings.size(), 0);
  auto reject = [&](size_t i, Issue is) {
    ++rep.rejected;
    if (rejected) (*rejected)[i] = 1;
    if (rep.issues.size() < kIssuesShown) rep.issues.push_back({i, std::move(is)});
  };
  std::vector<Station> found;
  if (!stations) {
    std::vector<std::string> codes;
    for (const auto& r : readings) codes.push_back(r.station);
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    LT_ASSIGN(found, store::aq::stations_by_code(tx, codes));
    stations = &found;
  }
  std::unordered_map<std::string_view, const Station*> by_code;
  for (const auto& s : *stations) by_code[s.code] = &s;
  // The valid hours, a (station, hour) given twice combined as `repeats` says.
  std::map<std::pair<int64_t, int64_t>, StationHour> valid;
  for (size_t i = 0; i < readings.size(); ++i) {
    StationHour h;
    h.source = std::string(source);
    h.received_at = now;
    auto it = by_code.find(readings[i].station);
    if (auto bad = check_reading(readings[i], it == by_code.end() ? nullptr : it->second, latest, h)) {
      reject(i, std::move(*bad));
      continue;
    }
    auto [at, fresh] = valid.try_emplace({h.station_id, h.hour}, h);
    if (fresh) continue;
    if (repeats == Repeats::merge)
      for (int p = 0; p < kAqPollutants; ++p)
        if (h.flags[p] == kFlagMissing) {
          h.milli[p] = at->second.milli[p];
          h.flags[p] = at->second.flags[p];
        }
    at->second = std::move(h);
  }
  // What is stored already of the natural days the delivery touches, per
  // station, by hour: compared with, and the days recomputed from, in one
  // read. Stations whose days span the same range (frames of many stations
  // for one hour) share a statement.
  std::map<int64_t, std::pair<Date, Date>> span;
  for (const auto& [key, h] : valid) {
    const Date d = day_of_hour(key.second);
    auto [it, fresh] = span.try_emplace(key.first, d, d);
    it->second.first = std::min(it->second.first, d);
    it->second.second = std::max(it->second.second, d);
  }
  std::map<std::pair<Date, Date>, std::vector<int64_t>> by_span;
  for (const auto& [station, range] : span) by_span[range].push_back(station);
  std::unordered_map<int64_t, std::vector<StationHour>> stored;
  for (const auto& [range, ids] : by_span) {
    LT_ASSIGN(auto hs, store::aq::hours_of(tx, ids, first_hour_of(range.first), last_hour_of(range.second)));
    for (auto& h : hs) stored[h.station_id].push_back(std::move(h));
  }
  std::vector<StationHour> writes;
  std::map<int64_t, std::set<Date>> touched;
  for (auto& [key, h] : valid) {
    std::vector<StationHour>& of = stored[key.first];
    auto old = at_hour(of, key.second);
    const bool had = old != of.end() && old->hour == key.second;
    if (had)
      // A pollutant the delivery does not mention keeps what is stored.
      for (int p = 0; p < kAqPollutants; ++p)
        if (h.flags[p] == kFlagMissing) {
          h.milli[p] = old->milli[p];
          h.flags[p] = old->flags[p];
        }
    if (!had) {
      ++rep.added;
    } else if (old->same_data(h)) {
      ++rep.unchanged;
      continue;
    } else {
      ++rep.changed;
    }
    touched[key.first].insert(day_of_hour(key.second));
    writes.push_back(h);
    // What the day is computed from: the stored hours as this write leaves them.
    if (had)
      *old = std::move(h);
    else
      of.insert(old, std::move(h));
  }
  LT_TRY(store::aq::put_hours(tx, writes));
  // The days the written hours belong to, recomputed in the same
  // transaction: aq_days never disagrees with aq_hours.
  std::vector<StationDay> days;
  for (const auto& [station, ds] : touched)
    for (const auto& [day, g] : group_days(stored[station]))
      if (ds.count(day)) days.push_back(station_day(station, day, daily_of(day, g), g.count));
  return store::aq::put_days(tx, days);
}

Result<IngestReport> AqService::ingest(const Actor& a, std::string_view source,
                                       const std::vector<HourReading>& readings) {
  if (!a.can("aq.ingest")) return Error::make("not_permitted", {{"permission", "aq.ingest"}});
  if (readings.size() > kMaxIngestHours)
    return Error::make("aq_too_many_hours", {{"max", std::to_string(kMaxIngestHours)}});
  IngestReport rep;
  const int64_t latest = current_hour();
  const std::string now = format_utc(clock_.now());
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    return take_readings(tx, readings, source, now, latest, Repeats::last_wins, rep);
  }));
  return rep;
}

Result<std::vector<HourView>> AqService::station_hours(const Actor& a, int64_t station_id, int64_t from,
                                                       int64_t to) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  std::optional<Station> s;
  std::vector<StationHour> hours;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(s, store::aq::station(tx, station_id));
    if (!s) return {};
    LT_ASSIGN(hours, store::aq::hours(tx, station_id, from, to));
    return {};
  }));
  if (!s) return Error::make("aq_station_not_found");
  std::vector<HourView> out;
  out.reserve(hours.size());
  for (auto& h : hours) out.push_back(hour_view(std::move(h)));
  return out;
}

Result<std::vector<DayView>> AqService::station_days(const Actor& a, int64_t station_id, Date from, Date to) {
  if (!a.can("aq.read")) return Error::make("not_permitted", {{"permission", "aq.read"}});
  std::optional<Station> s;
  std::vector<StationHour> hours;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(s, store::aq::station(tx, station_id));
    if (!s) return {};
    LT_ASSIGN(hours, store::aq::hours(tx, station_id, first_hour_of(from), last_hour_of(to)));
    return {};
  }));
  if (!s) return Error::make("aq_station_not_found");
  std::vector<DayView> out;
  for (const auto& [date, g] : group_days(hours)) out.push_back({date, daily_of(date, g), g.count});
  return out;
}

Result<IngestReport> AqService::import_csv(const Actor& a, std::string_view bytes) {
  if (!a.can("aq.ingest")) return Error::make("not_permitted", {{"permission", "aq.ingest"}});
  LT_ASSIGN(auto file, io::read_aq_hours(bytes, kMaxCsvHours));
  IngestReport total;
  std::vector<HourReading> batch;
  auto flush = [&](size_t first) -> Status {
    LT_ASSIGN(auto rep, ingest(a, "csv", batch));
    total.received += rep.received, total.added += rep.added, total.changed += rep.changed;
    total.unchanged += rep.unchanged, total.rejected += rep.rejected;
    for (auto& i : rep.issues)
      if (total.issues.size() < 100) total.issues.push_back({first + i.index, std::move(i.issue)});
    batch.clear();
    return {};
  };
  size_t first = 0;
  for (size_t i = 0; i < file.hours.size(); ++i) {
    const io::AqHour& h = file.hours[i];
    HourReading r;
    r.station = h.station;
    r.hour = std::chrono::duration_cast<std::chrono::hours>(h.time.time_since_epoch()).count();
    for (int p = 0; p < kAqPollutants; ++p) r.milli[p] = h.input.c[p];
    batch.push_back(std::move(r));
    if (batch.size() == kMaxIngestHours) {
      LT_TRY(flush(first));
      first = i + 1;
    }
  }
  if (!batch.empty()) LT_TRY(flush(first));
  return total;
}

}  // namespace lantian::app
