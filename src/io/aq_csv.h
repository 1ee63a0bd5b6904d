// Hourly air-quality data from CSV files into the AQI engine's structs
// (aq/hourly.h). Four layouts, told apart by the header:
//
//   cnemc          timepoint,stationcode,…,primarypollutant,aqi,pm10,pm10_24h,
//                  pm2_5,pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,no2,no2_24h,so2,
//                  so2_24h,co,co_24h — CNEMC's hourly release as the
//                  HeQinWill/CNEMC mirror keeps it, with its O3 columns
//                  swapped: o3_24h holds the latest 1-hour O3 (o3 the
//                  24-hour maximum, o3_8h_24h the latest 8-hour mean, o3_8h
//                  the day's maximum 8-hour mean). Columns are found by name.
//   quotsoft_wide  date,hour,type,<station codes…> — one row per hour and
//                  type (AQI, PM2.5, PM2.5_24h, …, CO_24h); date YYYYMMDD,
//                  hour 0–23 = the hour ending then (0 = 24:00 of the day
//                  before). No O3 swap.
//   quotsoft_long  date,hour,stationcode,aqi,pm2_5,…,co_24h — the same data
//                  one station-hour a row (tests/fixtures/aq).
//   canonical      station,time,so2,no2,co,o3,pm10,pm25 — time is the end
//                  of the hour, Beijing time, YYYY-MM-DDTHH:MM:SS with
//                  MM:SS = 00:00 (24:00:00 is read as 00:00 of the next day).
//
// Concentrations: µg/m³, CO mg/m³, up to three decimals, empty = missing
// (spaces around a value are ignored). Time is Beijing local time, held in
// a sys_seconds as it reads (no time-zone conversion).
//
// Errors (invalid, "line N: …", also "column NAME" where one cell is at
// fault): an unknown header or a missing column, a row of the wrong width,
// a bad time, date or hour, a value that is not a concentration (negative,
// more than three decimals, text), a published AQI outside 0–500, an
// unknown primary pollutant name or quotsoft type, the same station-hour
// twice (naming both lines), and read_csv's own errors. Nothing is guessed.
// quotsoft_wide lists every station for every hour: a station whose every
// type is empty in an hour is not a record.
//
// Thread-safety: pure function.
#pragma once

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aq/hourly.h"
#include "core/error.h"

namespace lantian::io {

enum class AqCsvFormat { cnemc, quotsoft_wide, quotsoft_long, canonical };
std::string_view name(AqCsvFormat f);

// What the source published with the hour, for checking the engine against
// it (none in the canonical format).
struct AqPublished {
  aq::Index aqi = aq::kIndexNa;
  // CNEMC only: its primarypollutant cell (empty set when AQI ≤ 50).
  std::optional<aq::PollutantSet> primary;
  // By pollutant: the 24-hour sliding means (so2_24h, …), and for O3 the
  // day's maximum 8-hour mean so far (CNEMC o3_8h, quotsoft O3_8h_24h); at
  // 00:00 they are the natural day's values. kNa = not given.
  std::array<aq::Milli, aq::kPollutantCount> day{aq::kNa, aq::kNa, aq::kNa, aq::kNa, aq::kNa, aq::kNa};
};

struct AqHour {
  int line = 0;  // the record's line (quotsoft_wide: the hour's AQI row)
  std::string station;
  std::chrono::sys_seconds time;  // end of the hour
  aq::HourlyInput input;          // input.so2_24h: the published SO2 24-hour mean
  AqPublished published;
};

struct AqHours {
  AqCsvFormat format = AqCsvFormat::canonical;
  std::vector<AqHour> hours;  // in file order
};

Result<AqHours> read_aq_hours(std::string_view bytes, size_t max_rows = 2'000'000);

// "2023-01-22T01:00:00" (also 24:00:00) → the end of the hour; nullopt on
// anything else, including minutes or seconds other than 00.
std::optional<std::chrono::sys_seconds> parse_hour_end(std::string_view text);
// The canonical form, 00:00 rather than 24:00.
std::string format_hour_end(std::chrono::sys_seconds t);

// A CNEMC primary-pollutant cell → the set. Names are matched by the
// formula in brackets (细颗粒物(PM2.5) → PM2.5) or by the Chinese name
// (二氧化硫, 二氧化氮, 一氧化碳, 臭氧, 臭氧1小时, 臭氧8小时, 颗粒物, 细颗粒物);
// several are separated by commas. Errors: invalid naming an unknown name.
Result<aq::PollutantSet> parse_primary_pollutants(std::string_view cell);

}  // namespace lantian::io
