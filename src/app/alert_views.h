// JSON views of forecasts, the warning standard, its decisions and
// heavy-pollution alerts (/api/v1/aq/forecasts, /warning-standard,
// /alerts), as docs/openapi.yaml describes them: everything the alert
// console shows (labels, colours, ratios, reasons, allowed actions) so the
// web renders it without knowing the standard. Also the decision as kept
// with each alert step (aq_alerts.reasons, aq_alert_steps.reasons).
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/alert_service.h"
#include "core/alert.h"
#include "core/warning_standard.h"

namespace lantian::app {

// {code, label {zh-CN, en}, color, rank, response, response_label, lead_hours,
//  reduction {so2, nox, pm, vocs}, cap {urgency, severity, certainty},
//  when [{all: [{above|at_least, days}]}]}
boost::json::object warning_level_view(const WarningLevel& l);
// {name, label, source, episode {above}, levels [...]}
boost::json::object warning_standard_view(const WarningStandard& s);
// {level: code|null, episode: index|null, episodes: [{first, last, days,
//  peak, level|null, group, clauses: [{above|at_least, days_needed, days:
//  [dates]}]}]}
boost::json::object warning_decision_view(const WarningDecision& d);
// {id, unit_id, issued_on, day, aqi, primary, source, created_at}
boost::json::object forecast_view(const Forecast& f);
// {from, days, decision, level (the decided level's view)|null, in_force
//  (alert_view)|null, suggestion, lead_time {hours_needed, hours_left, short}}
boost::json::object forecast_decision_view(const ForecastDecision& d);
// A list item: {id, number, level, level_label, color, status, status_label,
//  status_color, standard, issued_at, effective_at, expires_at, upgraded_at,
//  downgraded_at, lifted_at, episode {first, last, peak_aqi}|null, version}.
boost::json::object alert_view(const Alert& a);
// alert_view plus reasons (the decision), history [{event_id, action,
// action_label, from_level, to_level, effective_at, at, actor, note,
// document, reasons, files}], files (not yet filed) and actions.
boost::json::object alert_detail_view(const AlertDetail& d);

}  // namespace lantian::app
