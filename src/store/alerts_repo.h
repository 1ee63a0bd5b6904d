// All SQL for forecasts and heavy-pollution alerts (migration 0025):
// aq_forecasts (one row per forecast day as issued), aq_alerts (one row per
// alert: its current level and status) and aq_alert_steps (what each move of
// an alert changed, keyed by its workflow event).
//
// Errors: what the Tx returned (conflict for a second alert with a number).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/alert.h"
#include "store/db.h"

namespace lantian::store::alerts {

// --- forecasts ---
// Writes the forecast days, each replacing a stored one of the same unit,
// issue date and day (a forecast entered again is corrected, not doubled).
// Sets created_at to now.
Status put_forecasts(Tx& tx, std::span<const Forecast> days, const std::string& now);
// The stored forecast days of the district (unit_id nullopt) or a unit for
// days from..to (YYYY-MM-DD, both included), by day, then issue date and id.
Result<std::vector<Forecast>> forecasts(Tx& tx, std::optional<int64_t> unit_id, const std::string& from,
                                        const std::string& to);
// Of those, the latest issued for each day (the current forecast), by day.
Result<std::vector<Forecast>> current_forecast(Tx& tx, std::optional<int64_t> unit_id,
                                               const std::string& from, const std::string& to);

// --- alerts ---
// The next sequence number of `year` (1 for the year's first alert).
Result<int64_t> next_seq(Tx& tx, int year);
// Inserts a (id, version 1 and timestamps set); returns it as stored.
Result<Alert> insert(Tx& tx, Alert a, const std::string& now);
// Writes a's level, status, times, episode and reasons if its version is
// still a.version (and raises the version); false when it changed meanwhile.
Result<bool> update(Tx& tx, const Alert& a, const std::string& now);
Result<std::optional<Alert>> get(Tx& tx, int64_t id);
// Alerts newest first; with `statuses` only those; at most `limit`.
Result<std::vector<Alert>> list(Tx& tx, const std::vector<std::string>& statuses, int64_t limit);

// --- steps ---
Status insert_step(Tx& tx, const AlertStep& s);
// An alert's steps, oldest first.
Result<std::vector<AlertStep>> steps(Tx& tx, int64_t alert_id);
// The steps of these alerts, by alert id then oldest first.
Result<std::vector<AlertStep>> steps_of(Tx& tx, std::vector<int64_t> alert_ids);

}  // namespace lantian::store::alerts
