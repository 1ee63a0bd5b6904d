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
struct StationKindDef {
  std::string_view code;  // "national"
  std::string_view label_zh, label_en;
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
  bool active = true;
  int64_t version = 1;
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
