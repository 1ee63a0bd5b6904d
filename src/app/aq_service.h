// AqService: the monitoring data of air quality (issue 13) — the station
// registry (监测站点: national and provincial control sites, township and
// micro stations, enterprises' online monitors) and their hourly data,
// which the CSV files, the JSON push API and HJ 212 frames all deliver here.
//
// Each write of hours recomputes, in its transaction, the stored days
// (aq_days: HJ 633's daily report of each station-day) the hours belong to,
// which the statistics (app/aq_stats_service.h) read.
//
// Hourly data is idempotent per (station, hour): an hour received again
// with the same readings and flags is "unchanged" and not written; with
// other readings it replaces the stored pollutants it mentions ("changed");
// a pollutant it does not mention (no value, no flag) keeps what is stored,
// so a monitor may send its pollutants in separate messages. A value is
// withdrawn by sending its pollutant with a flag and no value. A delivery is
// taken reading by reading: a reading that fails its checks is reported by
// its index with a code and the others are kept (a monitor's feed must not
// lose a day for one bad value). Readings flagged invalid (HJ 212 flags
// other than N and T, core/air_quality.h) are stored with their flag and
// left out of every AQI.
//
// Permissions: aq.read to see stations and data; aq.manage to register and
// edit stations; aq.ingest to deliver data (the office, and the data_feed
// role that push clients log in with). HJ 212 devices are authenticated by
// their station's code (MN) and access password (PW) instead.
//
// Errors: not_permitted; aq_station_not_found; aq_station_code_taken;
// invalid with field errors (code, name, kind, location, unit_id);
// aq_too_many_hours (more than kMaxIngestHours in one delivery). Per
// reading (IngestReport::issues): aq_station_unknown, aq_station_inactive,
// aq_hour_in_future, aq_value_out_of_range, aq_flag_unknown.
//
// Thread-safety: thread-safe (the database is; the service keeps no state).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "app/actor.h"
#include "aq/daily.h"
#include "aq/hourly.h"
#include "aq/stats.h"
#include "core/air_quality.h"
#include "core/clock.h"
#include "io/hj212.h"
#include "store/db.h"

namespace lantian::app {

inline constexpr size_t kMaxIngestHours = 50'000;
inline constexpr size_t kMaxCsvHours = 1'000'000;

struct StationInput {
  std::string code, name, kind;
  std::optional<LngLat> location;  // WGS-84
  std::optional<int64_t> unit_id, enterprise_id;
  bool active = true;
  // The station's HJ 212 access password (its frames' PW), kept as SHA-256;
  // "" = it sends no HJ 212 frames. 6–64 characters.
  std::string hj212_password;
  // An enterprise monitor's permitted limits (thousandths of its readings'
  // unit; kAqNa = none), which monitoring → action compares with.
  std::array<int32_t, kAqPollutants> limits = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};
};

// What became of an HJ 212 packet (take_hj212): stored (an hourly upload's
// hour: added, changed or unchanged), acknowledged (real-time, minute and
// daily data: answered, not kept), or why it was dropped — refused (the
// hour's checks), and the rest by name.
enum class Hj212Result {
  stored,
  acknowledged,
  refused,
  unknown_station,
  bad_password,
  inactive_station,
  unsupported_command,
  no_time
};
inline constexpr int kHj212Results = 8;
// "stored", "acknowledged", … (logs and metrics).
std::string_view name(Hj212Result r);

struct Hj212Outcome {
  Hj212Result result = Hj212Result::refused;
  std::optional<std::string> reply;  // the frame to send back (when the device asked, and not dropped)
};

// One station-hour as delivered: the station by its code.
struct HourReading {
  std::string station;
  int64_t hour = 0;  // end of the hour (core/air_quality.h)
  std::array<int32_t, kAqPollutants> milli = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};
  // 0 = not given: 'N' for a value, kFlagMissing for none.
  std::array<char, kAqPollutants> flags = {0, 0, 0, 0, 0, 0};
};

struct IngestIssue {
  size_t index = 0;  // of the reading in the delivery
  Issue issue;       // code and params (core/error.h)
};

struct IngestReport {
  int64_t received = 0, added = 0, changed = 0, unchanged = 0, rejected = 0;
  std::vector<IngestIssue> issues;  // the first 100
};

// A stored hour with its hourly AQI (HJ 633 by the hour's date).
struct HourView {
  StationHour hour;
  aq::HourlyAqi aqi;
};

// A station's day (日报) from its stored hours: HJ 633's daily AQI of the
// day's edition, the 24-hour means (20 valid hours), the daily maximum
// 8-hour O3 (14 valid windows) and, in 2012, the maximum 1-hour O3.
struct DayView {
  Date day;
  aq::DailyAqi aqi;
  int hours = 0;  // stored hours of the day (any flag)
};
inline constexpr int kMaxSpanDays = 93;

class AqService {
 public:
  AqService(store::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  Result<Station> register_station(const Actor& a, const StationInput& in);
  // Edits everything but the code (the station's name in the data feeds: the
  // CNEMC code, the HJ 212 MN) if the station is still at `version`;
  // `keep_password` leaves its HJ 212 password, else in.hj212_password
  // replaces it ("" removes it). Its hours and days stay. Errors as
  // register_station, and aq_station_not_found, stale_version.
  Result<Station> update_station(const Actor& a, int64_t id, int64_t version, const StationInput& in,
                                 bool keep_password);
  Result<std::vector<Station>> stations(const Actor& a);
  Result<Station> station(const Actor& a, int64_t id);

  Result<IngestReport> ingest(const Actor& a, std::string_view source,
                              const std::vector<HourReading>& readings);

  // A CSV file of hourly data in one of the real formats io/aq_csv.h reads
  // (CNEMC's release with its O3 column swap, quotsoft wide and long, the
  // canonical header), taken as ingest() takes readings (source "csv"), by
  // station code, in batches of kMaxIngestHours. Errors: not_permitted;
  // invalid naming the line for a file that cannot be read (nothing taken);
  // too_large past kMaxCsvHours station-hours.
  Result<IngestReport> import_csv(const Actor& a, std::string_view bytes);

  // An HJ 212-2017 packet from a TCP connection (cli/hj212_wiring.h):
  // from a registered, active station whose code is the packet's MN and whose
  // password is its PW. Hourly uploads (CN 2061) become that station-hour,
  // as ingest() takes one (source "hj212"; each pollutant's Avg with its
  // flag); real-time, minute and daily data are acknowledged only. Acts as
  // the system. Errors: what the database returned (then no reply: the
  // device sends again).
  Result<Hj212Outcome> take_hj212(const io::Hj212Packet& p);
  // Packets from many connections taken together (app/hj212_intake.h): each
  // checked on its own as above, and the hours of those that pass stored in
  // ONE write transaction — frames arriving at once share a commit. Hours of
  // one station-hour in several packets combine in order (a pollutant one
  // does not mention keeps the earlier's), as if taken one after another.
  // Returns one result per packet, in order. A packet refused by its checks
  // gets its outcome whatever the others do; when the transaction fails,
  // every packet whose hour it held gets the error (none of those hours is
  // stored: do not answer them), and when reading the stations fails, all do.
  std::vector<Result<Hj212Outcome>> take_hj212(std::span<const io::Hj212Packet> packets);

  // A station's hours ending in (from, to] — both ends of hours — oldest first.
  Result<std::vector<HourView>> station_hours(const Actor& a, int64_t station_id, int64_t from, int64_t to);

  // A station's natural days from..to (both included, ≤ kMaxSpanDays),
  // oldest first; days without any hour are absent.
  Result<std::vector<DayView>> station_days(const Actor& a, int64_t station_id, Date from, Date to);

  // The hour index of the hour in progress (its end), by the clock.
  int64_t current_hour() const;

 private:
  store::Database& db_;
  const Clock& clock_;
};

// The hour index (hours since the epoch, Beijing time) of the hour in
// progress at `now`, by its end: AqService::current_hour without a service.
int64_t hour_in_progress(std::chrono::system_clock::time_point now);

// A stored hour with its hourly AQI (invalid-flagged values left out).
HourView hour_view(StationHour h);
// The stored form of a station's computed day, and back to the engine's.
StationDay station_day(int64_t station, Date day, const aq::DailyAqi& d, int hours);
aq::DayValues day_values(const StationDay& d);

// "2023-01-22T01:00:00" for the hour index (end of the hour, Beijing time).
std::string format_hour(int64_t hour);
// The inverse; nullopt for text that is not an hour's end.
std::optional<int64_t> parse_hour(std::string_view text);

}  // namespace lantian::app
