// A heavy-pollution alert (重污染天气预警) and the forecasts it rests on:
// plain records of the store (store/alerts_repo.h) and the alert workflow's
// registry. Levels and the forecast condition of each are the warning
// standard (core/warning_standard.h); the states and actions are the
// workflow resources/workflows/alert.toml (in_force → lifted with issue,
// upgrade, downgrade and lift), whose moves are kept in workflow_events with
// what each changed in aq_alert_steps.
//
// Thread-safety: plain values; the registry is an immutable constant.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/workflow.h"

namespace lantian {

inline constexpr std::string_view kAlertWorkflow = "alert";

// One forecast day as issued: for the district (unit_id nullopt) or a unit.
struct Forecast {
  int64_t id = 0;
  std::optional<int64_t> unit_id;
  std::string issued_on;  // YYYY-MM-DD: when the forecast was made
  std::string day;        // YYYY-MM-DD: the day it is for
  int aqi = 0;
  std::string primary_pollutant;  // "PM2.5", "PM2.5;PM10", "" = not given
  std::string source;             // who forecast it ("市环境监测站", "csv", …)
  std::optional<int64_t> created_by;
  std::string created_at;
};

struct Alert {
  int64_t id = 0;
  std::string number;  // "2017-003": year and sequence of the year
  int year = 0;
  int64_t seq = 0;
  std::string level;     // a level code of the standard
  std::string status;    // a state of alert.toml
  std::string standard;  // the standard's name when issued
  // RFC 3339 UTC (core/clock.h): issued, the current level's effective
  // time, the expected end, and the latest of each kind of step.
  std::string issued_at, effective_at;
  std::optional<std::string> expires_at, upgraded_at, downgraded_at, lifted_at;
  std::optional<std::string> episode_first, episode_last;  // YYYY-MM-DD
  std::optional<int> peak_aqi;
  std::string reasons = "{}";  // JSON: the decision of the latest step
  std::optional<int64_t> created_by;
  int64_t version = 0;
  std::string created_at, updated_at;
};

// What one move changed, keyed by its workflow event.
struct AlertStep {
  int64_t event_id = 0;
  int64_t alert_id = 0;
  std::string action;      // issue, upgrade, downgrade, lift
  std::string from_level;  // "" before issuing
  std::string to_level;    // "" after lifting
  std::string effective_at;
  std::string document;  // the notice text generated for the step
  std::string reasons = "{}";
};

// The alert workflow's registry (core/workflows.cpp): parties office (holds
// alerts.manage) and system; fields an action may require; evidence kinds.
const WorkflowRegistry& alert_workflow_registry();
const WorkflowDef& alert_workflow();

}  // namespace lantian
