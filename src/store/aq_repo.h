// All SQL for air-quality monitoring (migrations 0024, 0026): the station
// registry (aq_stations), the hourly data (aq_hours, one row per
// station-hour), the days computed from it (aq_days) and targets (aq_targets).
//
// Errors: what the Tx returned (conflict for a second station with a code).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/air_quality.h"
#include "store/db.h"

namespace lantian::store::aq {

// --- stations ---
// Inserts s (id, version and timestamps set); returns it as stored.
Result<Station> insert_station(Tx& tx, Station s, const std::string& now);
// Writes s's name, kind, place, unit, enterprise and active flag if its
// version is still s.version; false when it changed meanwhile.
Result<bool> update_station(Tx& tx, const Station& s, const std::string& now);
Result<std::optional<Station>> station(Tx& tx, int64_t id);
Result<std::optional<Station>> station_by_code(Tx& tx, const std::string& code);
// The stations with these codes (any order; unknown codes are absent).
Result<std::vector<Station>> stations_by_code(Tx& tx, const std::vector<std::string>& codes);
// Every station, by code (a region has a few thousand).
Result<std::vector<Station>> stations(Tx& tx);

// --- hours ---
// Writes the hours, each replacing what its (station, hour) held: re-sending
// an hour is harmless. Many per statement.
Status put_hours(Tx& tx, std::span<const StationHour> hours);
// A station's hours with from <= hour <= to, oldest first.
Result<std::vector<StationHour>> hours(Tx& tx, int64_t station_id, int64_t from, int64_t to);
// Every station's hours with from <= hour <= to, by station then hour.
Result<std::vector<StationHour>> hours_of_all(Tx& tx, int64_t from, int64_t to);
// These stations' hours with from <= hour <= to, by station then hour
// within each group of in_groups (store/table.h): a delivery of many
// stations' hours reads what they hold in a statement per group, not one per
// station — on PostgreSQL each a round trip. Values and flags only: source
// and received_at are left empty.
Result<std::vector<StationHour>> hours_of(Tx& tx, std::span<const int64_t> station_ids, int64_t from,
                                          int64_t to);

// The last hour of every station that has one in [from, to], by station.
Result<std::vector<StationHour>> latest_hours(Tx& tx, int64_t from, int64_t to);

// --- days (computed from the hours by app/aq_service.h) ---
// Writes the days, each replacing what its (station, day) held.
Status put_days(Tx& tx, std::span<const StationDay> days);
// A station's days with from <= day <= to, oldest first.
Result<std::vector<StationDay>> days(Tx& tx, int64_t station_id, int32_t from, int32_t to);
// Every station's days with from <= day <= to, by station then day.
Result<std::vector<StationDay>> days_of_all(Tx& tx, int32_t from, int32_t to);

// --- episodes (monitoring → action) ---
// Takes the station's row lock until the transaction ends (a write of its
// own version): the scans of several instances look for and open episodes
// of one station one at a time.
Status lock_station(Tx& tx, int64_t station_id);
// The station's episodes of `rule` that ended at or after `from_hour`.
Result<std::vector<AqEpisode>> episodes_since(Tx& tx, int64_t station_id, const std::string& rule,
                                              int64_t from_hour);
// Inserts e; nullopt when (station, rule, first_hour) is taken already.
Result<std::optional<AqEpisode>> insert_episode(Tx& tx, AqEpisode e, const std::string& now);
// Writes e's span and problem.
Status update_episode(Tx& tx, const AqEpisode& e, const std::string& now);
// Every episode of a station, newest first.
Result<std::vector<AqEpisode>> episodes(Tx& tx, int64_t station_id);

// --- targets ---
Result<AqTarget> insert_target(Tx& tx, AqTarget t, const std::string& now);
// Writes t's editable columns if its version is still t.version.
Result<bool> update_target(Tx& tx, const AqTarget& t, const std::string& now);
Result<std::optional<AqTarget>> target(Tx& tx, int64_t id);
// Every target, newest period first.
Result<std::vector<AqTarget>> targets(Tx& tx);

}  // namespace lantian::store::aq
