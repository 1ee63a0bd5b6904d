// Monitoring → action (issue 13): the rules by which monitoring data opens
// supervision problems, as data in resources/problems.toml ([[monitoring]],
// parsed with the problem rules, core/problem_rules.h), and the pure search
// for the runs of hours that break them.
//
//   [[monitoring]]
//   name = "monitor_over_limit"           # lower_snake_case, unique
//   label = { zh-CN = "…", en = "…" }
//   kind = "over_limit" | "hot_spot"
//   station_kinds = ["enterprise"]        # the stations it watches (core/air_quality.h)
//   hours = 3                             # consecutive hours that make an episode
//   gap_hours = 2                         # runs this close are one episode
//   source = "online_monitoring"          # the problem's source and type (problems.toml)
//   problem_type = "industrial_emission"
//   deadline_working_days = 3             # the assignment's deadline (调休 working days)
//   # hot_spot only:
//   pollutant = "pm25"                    # so2 no2 co o3 pm10 pm25
//   radius_m = 3000                       # neighbours: ambient stations this close
//   min_neighbours = 2                    # with a valid value that hour
//   ratio_percent = 200                   # at least this share of their median …
//   min_excess = 50                       # … and this much above it (the unit's)
//
// over_limit: an hour breaks the rule when a valid reading (flags N, T) of
// a pollutant with a limit is above it (a limit is the station's,
// core/air_quality.h Station::limits). hot_spot: when the station's valid
// reading of `pollutant` is ≥ ratio_percent % of the median of its
// neighbours' valid readings that hour and exceeds it by ≥ min_excess, with
// at least min_neighbours neighbours reporting.
//
// Thread-safety: pure functions over values.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "core/air_quality.h"
#include "core/workflow.h"

namespace lantian {

enum class MonitoringKind { over_limit, hot_spot };

struct MonitoringRule {
  std::string name;
  Label label;
  MonitoringKind kind = MonitoringKind::over_limit;
  std::vector<std::string> station_kinds;
  int hours = 3;
  int gap_hours = 2;
  std::string source, problem_type;
  int deadline_working_days = 3;
  // hot_spot
  int pollutant = 5;  // index in core/air_quality.h's order (PM2.5)
  int radius_m = 3000;
  int min_neighbours = 2;
  int ratio_percent = 200;
  int32_t min_excess_milli = 50'000;

  bool watches(std::string_view station_kind) const;
};

// "so2" … "pm25" ↔ the index in core/air_quality.h's order; -1 if unknown.
int aq_pollutant_index(std::string_view code);
std::string_view aq_pollutant_code(int index);

// One hour of a run: the station's readings and, for hot spots, the
// neighbours' median of the pollutant (kAqNa otherwise).
struct RunHour {
  StationHour hour;
  int32_t neighbours_median = kAqNa;
  int neighbours = 0;
};

// A run of consecutive hours (no hour missing between them) breaking a rule.
struct MonitoringRun {
  int64_t first_hour = 0, last_hour = 0;
  uint8_t pollutants = 0;  // bit i: pollutant i broke it in some hour
  std::vector<RunHour> hours;
};

// The runs of ≥ rule.hours consecutive hours of one station's `hours` (sorted
// by hour) over `limits`.
std::vector<MonitoringRun> over_limit_runs(const MonitoringRule& rule, std::span<const StationHour> hours,
                                           const std::array<int32_t, kAqPollutants>& limits);

// The runs of ≥ rule.hours consecutive hours of one station's `hours`
// (sorted) far above its neighbours; `neighbours` holds, per hour, the
// neighbours' valid readings of rule.pollutant.
std::vector<MonitoringRun> hot_spot_runs(const MonitoringRule& rule, std::span<const StationHour> hours,
                                         const std::map<int64_t, std::vector<int32_t>>& neighbours);

// The median of values (sorts them; the lower middle's and upper middle's
// mean, rounded down, for an even count); kAqNa for none.
int32_t median(std::vector<int32_t>& values);

}  // namespace lantian
