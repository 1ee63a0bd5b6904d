// The heavy-pollution warning standard (重污染天气预警分级标准) as data: the
// alert levels (blue, yellow, orange, red in the shipped 2017 unified
// standard) with their labels, colours, rank, emergency response level
// (IV..I), the required cut of SO2, NOx, PM and VOCs emissions, the lead time
// and how a CAP message tells them — and the forecast condition of each
// level, decided over a forecast of daily AQI (decide()).
//
// The file (resources/alerts/warning_standard.toml, embedded; a deployment's
// replaces it, lantian.toml [alerts] standard):
//
//   name = "unified_2017"                      # lower_snake_case
//   label = { zh-CN = "…", en = "…" }
//   source = "环大气〔2017〕86号"                # optional: the document it follows
//   [episode]  above = 200                     # an episode: consecutive days with AQI > above
//   [[levels]] code, label, color = "#rrggbb", rank = 1.., response = "IV".."I",
//              lead_hours = 0..240, reduction = { so2, nox, pm, vocs } (per cent, 0..100),
//              cap = { urgency, severity, certainty } (CAP 1.2 values)
//   [[levels.when]] all = [{ above = 200, days = 2 }, { at_least = 500, days = 1 }, …]
//
// Meaning: a level applies to an episode when any of its `when` groups holds;
// a group holds when each of its clauses finds at least `days` days of the
// episode whose AQI is above `above` (or at least `at_least`). Days need not
// be consecutive inside the episode: "AQI > 300 for 2 days" within a 4-day
// episode. The episode is the run of consecutive calendar days with AQI above
// episode.above; a day missing from the forecast or at or below the threshold
// ends it. The highest-ranked level that applies to an episode is its level;
// a forecast's decision is the highest of its episodes' (the earliest on a
// tie).
//
// Errors: parse_warning_standard() returns invalid with one line per
// problem, each naming the source and line:column: a TOML syntax error, an
// unknown or missing key, a value of the wrong type, a bad code or colour, a
// duplicate code, ranks not 1, 2, 3… in file order, response levels not
// descending from IV with rank, a ratio outside 0..100 or lower than a lower
// level's, lead_hours outside 0..240, a CAP value outside its list, a level
// without a condition, a clause with both or neither of above/at_least, and a
// condition no forecast could meet (a threshold an AQI cannot pass — AQI is at
// most 500 — days outside 1..kMaxForecastDays, or a threshold not above the
// episode's, which every day of an episode passes already).
//
// Thread-safety: a WarningStandard is an immutable value; decide() is pure;
// install_warning_standard() must be called before other threads read
// warning_standard().
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/error.h"
#include "core/workflow.h"
#include "core/workflows.h"

namespace lantian {

// The longest forecast decided on (days): daily forecasts reach 7–10 days.
inline constexpr int kMaxForecastDays = 15;
// The highest AQI (HJ 633 caps over-range at 500).
inline constexpr int kMaxAqi = 500;

// The pollutants whose emissions an alert level requires cut, in this order.
enum class ReductionPollutant { so2, nox, pm, vocs };
inline constexpr int kReductionPollutants = 4;
// "so2", "nox", "pm", "vocs" (the file's keys and the API's).
std::string_view reduction_pollutant_code(ReductionPollutant p);

// One clause: at least `days` days of the episode with AQI > threshold
// (inclusive = false, "above") or >= threshold (inclusive = true, "at_least").
struct WarningClause {
  int threshold = 0;
  bool inclusive = false;
  int days = 1;

  bool passes(int aqi) const { return inclusive ? aqi >= threshold : aqi > threshold; }
};

// All of its clauses.
struct WarningCondition {
  std::vector<WarningClause> all;
};

struct CapCodes {
  std::string urgency, severity, certainty;
};

struct WarningLevel {
  std::string code;  // "red"
  Label label;
  std::string color;     // "#e53935"
  int rank = 0;          // 1 = the lowest
  std::string response;  // "IV" .. "I": the emergency response level (应急响应级别)
  int lead_hours = 0;    // issued at least this long before the episode (0 = not set)
  std::array<int, kReductionPollutants> reduction{};  // per cent, ReductionPollutant order
  CapCodes cap;
  std::vector<WarningCondition> when;  // any of them
};

struct WarningStandard {
  std::string name;
  Label label;
  std::string source;
  int episode_above = 200;
  std::vector<WarningLevel> levels;  // rank ascending

  const WarningLevel* level(std::string_view code) const;
};

// The levels' required cuts (per cent), lowest rank first: what the
// emergency reduction list is checked against.
struct RequiredReduction {
  std::string level;  // code
  int rank = 0;
  std::array<int, kReductionPollutants> percent{};
};
std::vector<RequiredReduction> required_reductions(const WarningStandard& s);

// The response level's labels: "IV" → {"Ⅳ级响应", "Level IV response"}.
Label response_label(std::string_view response);

Result<WarningStandard> parse_warning_standard(std::string_view toml_text, std::string_view source);

// One forecast day.
struct ForecastDay {
  Date day;
  int aqi = 0;
};

// A run of consecutive forecast days with AQI above the episode's threshold.
struct Episode {
  Date first, last;
  int days = 0;
  int peak = 0;  // the highest AQI
};

// Why a level applies: each clause of the group that held, with the days
// of the episode that passed it.
struct ClauseMet {
  WarningClause clause;
  std::vector<Date> days;
};
struct EpisodeDecision {
  Episode episode;
  const WarningLevel* level = nullptr;  // null: the episode meets no level
  int group = -1;                       // the index of the level's `when` group that held
  std::vector<ClauseMet> clauses;
};

struct WarningDecision {
  const WarningLevel* level = nullptr;    // null: no alert is called for
  std::optional<size_t> episode;          // the deciding one in `episodes`
  std::vector<EpisodeDecision> episodes;  // oldest first
};

// The level the standard gives a forecast. `days` in any order; a date given
// twice counts once, with its last AQI. Pure.
WarningDecision decide(const WarningStandard& s, std::span<const ForecastDay> days);

// The files of resources/alerts (generated by cmake/embed_definitions.cmake).
const std::vector<WorkflowSource>& shipped_alert_definitions();
// The shipped file's text (resources/alerts/warning_standard.toml, embedded).
std::string_view shipped_warning_standard();

void install_warning_standard(WarningStandard s);
// Until installed: the shipped standard (one that does not validate is a
// build defect and aborts).
const WarningStandard& warning_standard();

}  // namespace lantian
