// AqStatsService: what the stations' days add up to (issue 13) — the air of
// an area (the district, a township) day by day, rankings of stations and
// townships over a period, each station's latest hour for the map, and the
// campaign's targets with their progress. Reads the stored days
// (aq_days, kept by app/aq_service.h) and computes with src/aq/stats.h.
//
// An area is a unit with its subtree: its daily values are the mean of the
// stations under it of the lowest area tier present (core/air_quality.h:
// control sites first, township stations otherwise; micro stations and
// enterprise monitors never make an area's air). Rankings order by the
// composite index, PM2.5 or PM10 of the period, lowest (cleanest) first;
// equal values share a rank (1, 2, 2, 4); entities without the value come
// last, unranked.
//
// "Today" is the server's clock in Beijing time; a period's statistics run
// through yesterday (today's day is not complete).
//
// The reads are the dashboard's, asked by every open screen: each answer is
// kept in the list cache (store/list_cache.h) under the 'aq' generation,
// which any write of hours, days, stations, targets or units moves (migration
// 0029), with the clock's hour or day in its key. An answer is therefore
// shared and immutable (shared_ptr<const>), the same object for every reader
// while nothing changed: the API keeps its JSON with it (api/body_memo.h).
// While one reader computes a changed answer, the others get the answer
// before the change instead of waiting (store::WhileComputing::previous):
// under a stream of hours every batch moves the generation, and the
// dashboard lags the newest batch by one computation rather than stalling.
//
// Permissions: aq.read for every read (air quality is no unit's secret);
// aq.manage to create and edit targets.
// Errors: not_permitted; aq_unit_not_found; aq_target_not_found;
// invalid (field errors: name, unit_id, period_from, period_to, baseline_pm25,
// target_pm25, baseline_heavy_days, target_heavy_days; for a period: from
// aq_period_too_long over kMaxStatsDays days, to before_start); stale_version for an edit over a changed
// target.
//
// Thread-safety: thread-safe (the database is; the service keeps no state).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "app/aq_service.h"
#include "aq/stats.h"
#include "core/air_quality.h"
#include "core/clock.h"
#include "store/db.h"

namespace lantian::app {

// A period of statistics: at most a campaign's half year and a little.
inline constexpr int kMaxStatsDays = 400;

struct AreaRef {
  int64_t unit_id = 0;
  std::string name;
  int tier = 0;                   // of the stations used; 0 = none under it
  std::vector<int64_t> stations;  // ids of the stations used
};

struct AreaDaysView {
  AreaRef area;
  std::vector<aq::DayValues> days;  // from..to, days without a station day absent
};

// A station now: its last hour within the past day, with the hourly AQI.
struct StationNow {
  Station station;
  std::optional<HourView> latest;
};
struct LatestView {
  int64_t hour = 0;  // the hour in progress when read (its end)
  std::vector<StationNow> stations;
};

enum class RankOf { units, stations };
enum class RankBy { composite, pm25, pm10 };
std::optional<RankOf> parse_rank_of(std::string_view s);
std::optional<RankBy> parse_rank_by(std::string_view s);
std::string_view code(RankBy b);

struct RankingRow {
  int rank = 0;                       // 0 = unranked (no value)
  int64_t id = 0;                     // unit or station id
  std::string code, name, unit_name;  // code: stations only
  aq::PeriodStats stats;
};
struct Ranking {
  RankOf of = RankOf::units;
  RankBy by = RankBy::composite;
  Date from, to;
  std::vector<RankingRow> rows;
};

struct TargetInput {
  std::string name;
  int64_t unit_id = 0;
  std::optional<int64_t> campaign_id;
  std::string period_from, period_to;
  std::optional<int32_t> baseline_pm25, target_pm25;  // thousandths of µg/m³
  std::optional<int32_t> baseline_heavy_days, target_heavy_days;
};

struct TargetView {
  AqTarget target;
  Date through;  // the last day counted
  aq::TargetProgress progress;
  int stations = 0;  // stations making the unit's air
};

class AqStatsService {
 public:
  AqStatsService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Every station with its last hour within the past 24 hours (the map).
  Result<std::shared_ptr<const LatestView>> latest(const Actor& a);

  // The area of a unit (the district when unit_id is nullopt), day by day.
  Result<std::shared_ptr<const AreaDaysView>> area_days(const Actor& a, std::optional<int64_t> unit_id,
                                                        Date from, Date to);

  // The units under `parent` (the district by default) as areas, or every
  // ambient station, ranked over from..to.
  Result<std::shared_ptr<const Ranking>> ranking(const Actor& a, RankOf of, RankBy by, Date from, Date to,
                                                 std::optional<int64_t> parent = std::nullopt);

  // Every target with its progress through yesterday.
  Result<std::shared_ptr<const std::vector<TargetView>>> targets(const Actor& a);
  Result<TargetView> target(const Actor& a, int64_t id);
  Result<TargetView> create_target(const Actor& a, const TargetInput& in);
  Result<TargetView> update_target(const Actor& a, int64_t id, int64_t version, const TargetInput& in);

  // Today's date in Beijing time (the server's clock).
  Date today() const;

 private:
  Result<TargetView> view(const AqTarget& t);

  store::Database& db_;
  const Clock& clock_;
};

}  // namespace lantian::app
