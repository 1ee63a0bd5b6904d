// `lantian aqi hourly|daily [--edition auto|2012|2026] IN.csv`: the AQI of
// every station-hour, or of every station-day, of a CSV file (the formats of
// io/aq_csv.h) as CSV on stdout.
//
//   hourly: station,time,aqi,level,primary,iaqi_so2,iaqi_no2,iaqi_co,iaqi_o3,
//           iaqi_pm10,iaqi_pm25 — one row per record, in file order
//   daily:  station,date,aqi,level,primary,so2,no2,co,o3_8h,o3_1h,pm10,pm25,
//           iaqi_so2,…,iaqi_pm25 (with iaqi_o3_8h, iaqi_o3_1h) — one row per
//           station and natural day with any hour in the file, by station
//           then date
//
// level is 1–6, primary the pollutant codes joined by ';', an empty cell NA
// (missing, or not published under the edition's missing-data rule).
// --edition auto (the default) takes HJ 633-2026 for natural days from
// 2026-03-01 and HJ 633-2012 before; 2012 or 2026 forces one.
// Daily concentrations: 2026 as GB/T 8170 rounds them (integers, CO one
// decimal); 2012 with one decimal more (its IAQI uses the exact mean).
// 2012 hourly SO2 above 800 µg/m³ takes the IAQI of the file's SO2 24-hour
// mean, or else of the mean of the station's hours in the 24 hours ending
// then (≥ 20 of them).
//
// Errors: "lantian: IN.csv: line N: reason" on stderr and exit status 1
// (nothing on stdout); usage errors exit 1 as well.
//
// Thread-safety: a command; call from main only.
#pragma once

namespace lantian::cli {

int cmd_aqi(int argc, char** argv);

}  // namespace lantian::cli
