// The monitoring side of air quality (issue 13) as the application holds it:
// stations (监测站点) and their hourly data, with a data-quality flag per
// pollutant. The AQI engine (src/aq) computes from these values; this header
// only names them, and keeps the kinds and flags as data.
//
// Times: an hour is named by its end, Beijing wall-clock time, as the CNEMC
// and quotsoft files and io/aq_csv.h do: `hour` counts hours from
// 1970-01-01T00:00 of that clock (2023-01-22T01:00:00 ends the hour
// 00:00–01:00 of 2023-01-22).
//
// Concentrations are thousandths of the unit (µg/m³, CO mg/m³), in the order
// SO2 NO2 CO O3 PM10 PM2.5 — aq::Milli and aq::kPollutants — with -1 for a
// missing value: core does not depend on src/aq, the two agree by contract
// (app/aq_service.cpp converts, a test checks).
//
// Thread-safety: plain values and constant tables.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/geo.h"

namespace lantian {

// A station's kind: national / provincial control sites, township stations,
// micro stations and enterprises' online monitors.
//
// `area_tier` says which stations make an area's (a unit's) air: an area's
// daily values are the mean of its stations of the lowest tier present in
// its subtree — a district with a control site is judged by its control
// sites (1), as the province judges it; a township without one by its
// township stations (2). Micro stations (cheap sensors, for finding hot
// spots) and enterprises' online monitors (stack gas, not ambient air) make
// no area's air (0); they are ranked as stations only (micro) or not at all.
struct StationKindDef {
  std::string_view code;  // "national"
  std::string_view label_zh, label_en;
  int area_tier;  // 1, 2; 0 = none
  bool ambient;   // measures the ambient air (the AQI applies)
};
std::span<const StationKindDef> station_kinds();
const StationKindDef* find_station_kind(std::string_view code);

// A data-quality flag (HJ 212-2017's data flags, which the CNEMC release and
// the push API use too). `valid`: the value counts for the AQI and the
// averages; the others are kept and shown but left out of them.
struct DataFlagDef {
  char code;  // 'N'
  bool valid;
  std::string_view label_zh, label_en;
};
std::span<const DataFlagDef> data_flags();
const DataFlagDef* find_data_flag(char code);
inline constexpr char kFlagMissing = '-';  // no value for that pollutant in the hour

inline constexpr int kAqPollutants = 6;
inline constexpr int32_t kAqNa = -1;

struct Station {
  int64_t id = 0;
  std::string code;  // unique: the CNEMC code ("1001A"), the HJ 212 MN, or the office's own
  std::string name;
  std::string kind;                      // station_kinds()
  std::optional<LngLat> location;        // WGS-84
  std::optional<int64_t> unit_id;        // the township (or district) it belongs to
  std::string unit_path;                 // copied from the unit; "" when none
  std::string unit_name;                 // filled by queries
  std::optional<int64_t> enterprise_id;  // an enterprise's online monitor
  // SHA-256 (hex) of its HJ 212 access password (the frames' PW); "" = it
  // sends no HJ 212 frames.
  std::string hj212_password_sha256;
  // An enterprise monitor's permitted limits per pollutant, in thousandths
  // of the unit its readings come in; kAqNa = no limit.
  std::array<int32_t, kAqPollutants> limits = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};
  bool active = true;
  int64_t version = 1;
  std::string created_at, updated_at;
};

// A station's natural day (HJ 633's daily report) as stored: computed from
// its hours (src/aq/daily.h). `day` counts days from 1970-01-01; values are
// the reported daily values (aq::DailyAqi::value) in the order of
// aq::kDailyItems (SO2 NO2 CO O3-8h O3-1h PM10 PM2.5), kAqNa = missing.
inline constexpr int kAqDailyItems = 7;
struct StationDay {
  int64_t station_id = 0;
  int32_t day = 0;
  int32_t aqi = kAqNa;       // kAqNa = not published
  uint8_t primary_bits = 0;  // bit i = pollutant i (SO2 NO2 CO O3 PM10 PM2.5)
  std::array<int32_t, kAqDailyItems> value = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};
  int32_t hours = 0;  // stored hours of the day, any flag

  friend bool operator==(const StationDay&, const StationDay&) = default;
};

// A unit's air-quality target for a period: the PM2.5 mean (thousandths of
// µg/m³) and heavy-pollution days against a baseline (usually the same
// period a year before) — the campaign's "PM2.5 −15 %, heavy days −15 %".
struct AqTarget {
  int64_t id = 0;
  std::string name;
  int64_t unit_id = 0;
  std::string unit_name;  // filled by queries
  std::optional<int64_t> campaign_id;
  std::string period_from, period_to;  // YYYY-MM-DD, both included
  std::optional<int32_t> baseline_pm25, target_pm25;
  std::optional<int32_t> baseline_heavy_days, target_heavy_days;
  int64_t version = 1;
  std::string created_at, updated_at;
};

// An episode a monitoring rule found at a station (core/monitoring_rules.h)
// and the supervision problem it opened.
struct AqEpisode {
  int64_t id = 0;
  int64_t station_id = 0;
  std::string rule;
  int64_t first_hour = 0, last_hour = 0;
  std::optional<int64_t> problem_id;
  std::string created_at, updated_at;
};

// One station-hour as stored.
struct StationHour {
  int64_t station_id = 0;
  int64_t hour = 0;  // end of the hour, hours since 1970-01-01T00:00 Beijing time
  std::array<int32_t, kAqPollutants> milli = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};
  // One flag per pollutant, kFlagMissing where milli is kAqNa.
  std::array<char, kAqPollutants> flags = {kFlagMissing, kFlagMissing, kFlagMissing,
                                           kFlagMissing, kFlagMissing, kFlagMissing};
  std::string source;       // "csv", "push", "hj212"
  std::string received_at;  // RFC 3339 UTC

  std::string flag_text() const { return std::string(flags.data(), flags.size()); }
  // Same readings and flags (what makes a re-sent hour "unchanged").
  bool same_data(const StationHour& o) const { return milli == o.milli && flags == o.flags; }
};

}  // namespace lantian
