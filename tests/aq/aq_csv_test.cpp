// The CSV readers (io/aq_csv.h): the four layouts, the CNEMC O3 swap, the
// quotsoft hour labels, primary-pollutant names, and every bad input named
// by its line.
#include "io/aq_csv.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

#include "aq/daily.h"
#include "aq/decimal.h"

namespace lantian::io {
namespace {

using aq::Pollutant;

std::string error_of(std::string_view csv) {
  auto r = read_aq_hours(csv);
  EXPECT_FALSE(r.ok()) << csv;
  return r.ok() ? "" : r.error().message;
}

TEST(AqCsv, Canonical) {
  auto r = read_aq_hours(
      "station,time,so2,no2,co,o3,pm10,pm25\n"
      "A,2026-03-01T01:00:00,10,20.5,0.25,30, 60 ,\n"
      "A,2026-03-01T24:00:00,,,,,,0\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format, AqCsvFormat::canonical);
  ASSERT_EQ(r->hours.size(), 2u);
  const AqHour& h = r->hours[0];
  EXPECT_EQ(h.line, 2);
  EXPECT_EQ(h.station, "A");
  EXPECT_EQ(format_hour_end(h.time), "2026-03-01T01:00:00");
  EXPECT_EQ(h.input.c, (std::array<aq::Milli, 6>{10'000, 20'500, 250, 30'000, 60'000, aq::kNa}));
  EXPECT_EQ(h.published.aqi, aq::kIndexNa);
  EXPECT_FALSE(h.published.primary);
  // 24:00 is 00:00 of the next day, the last hour of the natural day.
  EXPECT_EQ(format_hour_end(r->hours[1].time), "2026-03-02T00:00:00");
  auto dh = aq::day_hour(r->hours[1].time);
  EXPECT_EQ(format_date(dh.day), "2026-03-01");
  EXPECT_EQ(dh.index, 23);
  EXPECT_EQ(aq::day_hour(h.time).index, 0);
}

TEST(AqCsv, CnemcTakesTheSwappedO3Columns) {
  auto r = read_aq_hours(
      "timepoint,stationcode,longitude,latitude,area,positionname,primarypollutant,aqi,pm10,pm10_24h,pm2_5,"
      "pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,no2,no2_24h,so2,so2_24h,co,co_24h\n"
      "2023-01-22T09:00:00,3524A,108.6116,34.1164,西安市,文体局,\"颗粒物(PM10),细颗粒物(PM2.5)\",490,590,390,"
      "485,263,89,10,26,20,47,37,153,42,2.2,1.7\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format, AqCsvFormat::cnemc);
  const AqHour& h = r->hours.at(0);
  EXPECT_EQ(h.input.c[aq::index(Pollutant::o3)], 10'000);        // o3_24h, not o3 (89)
  EXPECT_EQ(h.published.day[aq::index(Pollutant::o3)], 26'000);  // o3_8h: the day's maximum
  EXPECT_EQ(h.input.c[aq::index(Pollutant::pm25)], 485'000);
  EXPECT_EQ(h.input.so2_24h.sum, 42'000);
  EXPECT_EQ(h.published.aqi, 490);
  EXPECT_EQ(aq::to_string(h.published.primary.value()), "PM10;PM2.5");
}

TEST(AqCsv, QuotsoftWideHoursEndAtTheLabel) {
  auto r = read_aq_hours(
      "date,hour,type,1001A,1002A\n"
      "20180101,0,AQI,74,\n"
      "20180101,0,PM2.5,54,\n"
      "20180101,0,SO2_24h,9,\n"
      "20180101,0,O3_8h_24h,30,\n"
      "20180101,1,PM10,,88\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format, AqCsvFormat::quotsoft_wide);
  ASSERT_EQ(r->hours.size(), 2u);  // 1002A at 0 and 1001A at 1 have nothing
  const AqHour& h = r->hours[0];
  EXPECT_EQ(h.station, "1001A");
  EXPECT_EQ(h.line, 2);
  // Hour 0 of 2018-01-01 is the hour ending at its 00:00: the last hour of 2017-12-31.
  EXPECT_EQ(format_hour_end(h.time), "2018-01-01T00:00:00");
  EXPECT_EQ(format_date(aq::day_hour(h.time).day), "2017-12-31");
  EXPECT_EQ(h.published.aqi, 74);
  EXPECT_EQ(h.input.c[aq::index(Pollutant::pm25)], 54'000);
  EXPECT_EQ(h.input.so2_24h.sum, 9'000);
  EXPECT_EQ(h.published.day[aq::index(Pollutant::o3)], 30'000);
  EXPECT_EQ(r->hours[1].station, "1002A");
  EXPECT_EQ(format_hour_end(r->hours[1].time), "2018-01-01T01:00:00");
}

TEST(AqCsv, PrimaryPollutantNames) {
  auto set = [](std::string_view s) { return aq::to_string(parse_primary_pollutants(s).value()); };
  EXPECT_EQ(set(""), "");
  EXPECT_EQ(set("细颗粒物(PM2.5)"), "PM2.5");
  EXPECT_EQ(set("颗粒物(PM10),细颗粒物(PM2.5)"), "PM10;PM2.5");
  EXPECT_EQ(set("一氧化碳"), "CO");
  EXPECT_EQ(set("臭氧8小时"), "O3");
  EXPECT_EQ(set("臭氧1小时，二氧化氮"), "NO2;O3");
  EXPECT_EQ(set("二氧化硫（SO2）"), "SO2");
  for (const char* bad : {"颗粒物", "PM1", "sulphur"}) {
    auto r = parse_primary_pollutants(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message.find("unknown primary pollutant"), std::string::npos);
  }
}

TEST(AqCsv, BadInputNamesTheLine) {
  const std::string head = "station,time,so2,no2,co,o3,pm10,pm25\n";
  const std::string ok = "A,2026-03-01T01:00:00,1,2,0.3,4,5,6\n";
  EXPECT_EQ(error_of(head + ok + "A,2026-03-01T02:00:00,1,2,0.3,-4,5,6\n"),
            "line 3: column o3: \"-4\" is not a concentration: negative");
  EXPECT_EQ(error_of(head + ok + ok), "line 3: station A at 2026-03-01T01:00:00 again (first on line 2)");
  EXPECT_NE(error_of(head + "A,2026-03-01T01:30:00,1,2,0.3,4,5,6\n").find("line 2: column time"),
            std::string::npos);
  EXPECT_NE(error_of(head + "A,2026-02-30T01:00:00,1,2,0.3,4,5,6\n").find("line 2"), std::string::npos);
  EXPECT_NE(error_of(head + "A,2026-03-01T01:00:00,1,2,0.3456,4,5,6\n").find("line 2: column co"),
            std::string::npos);
  EXPECT_EQ(error_of(head + "A,2026-03-01T01:00:00,1,2,0.3,4,5\n"), "line 2: has 7 cells, the header has 8");
  EXPECT_EQ(error_of(head + ",2026-03-01T01:00:00,1,2,0.3,4,5,6\n"), "line 2: no station code");
  EXPECT_NE(error_of(head + "A,2026-03-01T01:00:00,1,2,0.3,4,5,n/a\n").find("line 2: column pm25"),
            std::string::npos);
  // A quoted line break: the next record starts on line 4.
  EXPECT_EQ(
      error_of(head + "\"A\nB\",2026-03-01T01:00:00,1,2,0.3,4,5,6\nC,2026-03-01T01:00:00,1,2,x,4,5,6\n"),
      "line 4: column co: \"x\" is not a concentration: not a decimal number");
  EXPECT_NE(error_of("station,time,so2,no2,co,o3,pm10,pm2.5\n").find("line 1"), std::string::npos);
  EXPECT_NE(error_of("a,b,c\n1,2,3\n").find("line 1: unknown header"), std::string::npos);
  EXPECT_EQ(error_of(""), "the file is empty");
  // CNEMC: an AQI that is not one, an unknown pollutant name.
  const std::string cnemc =
      "timepoint,stationcode,primarypollutant,aqi,pm10,pm10_24h,pm2_5,pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,"
      "no2,"
      "no2_24h,so2,so2_24h,co,co_24h\n";
  EXPECT_EQ(error_of(cnemc + "2023-01-22T01:00:00,1001A,,501,,,,,,,,,,,,,,\n"),
            "line 2: column aqi: \"501\" is not an AQI (0–500)");
  EXPECT_EQ(error_of(cnemc + "2023-01-22T01:00:00,1001A,颗粒物,75,,,,,,,,,,,,,,\n"),
            "line 2: column primarypollutant: unknown primary pollutant \"颗粒物\"");
  EXPECT_NE(error_of("timepoint,stationcode,aqi\n").find("no column"), std::string::npos);
  // quotsoft: unknown type, a type twice in an hour, a bad hour.
  EXPECT_EQ(error_of("date,hour,type,1001A\n20180101,0,PM1,3\n"),
            "line 2: column type: unknown type \"PM1\"");
  EXPECT_EQ(error_of("date,hour,type,1001A\n20180101,0,SO2,3\n20180101,0,SO2,4\n"),
            "line 3: type SO2 at 2018-01-01T00:00:00 again (first on line 2)");
  EXPECT_EQ(error_of("date,hour,type,1001A\n20180101,24,SO2,3\n"),
            "line 2: column hour: \"24\" is not an hour (0–23)");
  EXPECT_EQ(error_of("date,hour,type,1001A\n20180101,1,SO2,3.5.1\n"),
            "line 2: column 1001A: \"3.5.1\" is not a concentration: not a decimal number");
}

// Concentrations are read by a fast path for plain numbers: every cell must
// come out as aq::parse_milli has it, value or error.
TEST(AqCsv, ConcentrationsAsParseMilliReadsThem) {
  const std::string head = "station,time,so2,no2,co,o3,pm10,pm25\n";
  std::vector<std::string> cells = {"0",     "7",      "12.",        "12.5",     ".5",       "99999.999",
                                    "99999", "100000", "99999.9999", "000001.5", "1.250",    "1e3",
                                    "-0",    "+1",     "1..2",       ".",        "1.2.3",    "0.0001",
                                    "12a",   "１２",   "5 5",        "123456.1", "00000.000"};
  std::mt19937 rng(13);
  for (int k = 0; k < 300; ++k) {
    std::string c;
    for (int n = int(rng() % 9); n > 0; --n) c += "0123456789.."[rng() % 12];
    cells.push_back(c);
  }
  for (const std::string& c : cells) {
    if (c.empty()) continue;
    auto r = read_aq_hours(head + "A,2026-03-01T01:00:00," + c + ",,,,,\n");
    auto want = aq::parse_milli(c);
    if (want.ok()) {
      ASSERT_TRUE(r.ok()) << c << ": " << r.error().message;
      EXPECT_EQ(r->hours.at(0).input.c[0], *want) << c;
    } else {
      ASSERT_FALSE(r.ok()) << c;
      EXPECT_EQ(r.error().message, "line 2: column so2: " + want.error().message);
    }
  }
}

std::string canonical_row(int station, int hour) {
  char b[96];
  std::snprintf(b, sizeof b, "S%03d,%s,1,2,0.3,4,5,6\n", station,
                format_hour_end(std::chrono::sys_seconds(std::chrono::hours(490'000 + hour))).c_str());
  return b;
}

// The duplicate check keeps the latest hour per station while hours come in
// order and a table of all of them once they do not: both must find a
// repeat however far from the first it is.
TEST(AqCsv, TheSameStationHourIsFoundFarApartAndOutOfOrder) {
  const std::string head = "station,time,so2,no2,co,o3,pm10,pm25\n";
  std::string hour_major = head, newest_first = head;
  for (int h = 0; h < 48; ++h)
    for (int s = 0; s < 200; ++s) hour_major += canonical_row(s, h);
  for (int h = 47; h >= 0; --h)
    for (int s = 0; s < 200; ++s) newest_first += canonical_row(s, h);
  auto in_order = read_aq_hours(hour_major);
  ASSERT_TRUE(in_order.ok()) << in_order.error().message;
  EXPECT_EQ(in_order->hours.size(), 9600u);
  auto reversed = read_aq_hours(newest_first);
  ASSERT_TRUE(reversed.ok()) << reversed.error().message;
  EXPECT_EQ(reversed->hours.size(), 9600u);
  EXPECT_EQ(reversed->hours.back().station, "S199");

  // Station 17's hour 3 (line 2 + 3 × 200 + 17) again at the end.
  const std::string when = format_hour_end(std::chrono::sys_seconds(std::chrono::hours(490'003)));
  EXPECT_EQ(error_of(hour_major + canonical_row(17, 3)),
            "line 9602: station S017 at " + when + " again (first on line 619)");
  // Newest first: the same row is on line 2 + 44 × 200 + 17.
  EXPECT_EQ(error_of(newest_first + canonical_row(17, 3)),
            "line 9602: station S017 at " + when + " again (first on line 8819)");
  // The first hour out of order is itself the repeat, of a row well before
  // the station's latest.
  EXPECT_EQ(error_of(head + canonical_row(1, 0) + canonical_row(2, 0) + canonical_row(1, 5) +
                     canonical_row(2, 1) + canonical_row(1, 0)),
            "line 6: station S001 at " +
                format_hour_end(std::chrono::sys_seconds(std::chrono::hours(490'000))) +
                " again (first on line 2)");
  // Out of order but no repeat, then a repeat found by the table.
  EXPECT_EQ(error_of(head + canonical_row(1, 5) + canonical_row(1, 2) + canonical_row(1, 9) +
                     canonical_row(1, 3) + canonical_row(1, 2)),
            "line 6: station S001 at " +
                format_hour_end(std::chrono::sys_seconds(std::chrono::hours(490'002))) +
                " again (first on line 3)");
}

// Rows are read as the file is split; the file used to be split whole
// first, so a splitting error anywhere still wins over a row's.
TEST(AqCsv, SplittingErrorsComeFirstWhereverTheyAre) {
  const std::string head = "station,time,so2,no2,co,o3,pm10,pm25\n";
  const std::string bad_row = "A,2026-03-01T01:30:00,1,2,0.3,4,5,6\n";
  EXPECT_EQ(error_of(head + bad_row + canonical_row(1, 1) + "B,\"open\n"),
            "line 4, column 3: a quoted field is not closed");
  EXPECT_EQ(error_of("\n" + head + "\"x"), "line 3, column 1: a quoted field is not closed");
  auto many = read_aq_hours(head + bad_row + canonical_row(1, 1) + canonical_row(1, 2), 3);
  ASSERT_FALSE(many.ok());
  EXPECT_EQ(many.error().message, "more than 3 rows");
  auto enough = read_aq_hours(head + bad_row + canonical_row(1, 1), 3);
  ASSERT_FALSE(enough.ok());
  EXPECT_NE(enough.error().message.find("line 2: column time"), std::string::npos);
  // Quoted cells, rewritten by the splitter, are values like any other.
  auto quoted = read_aq_hours(head + "\"A\"\"1\",\"2026-03-01T01:00:00\",\"1\",2,\"0.3\"x,4,5,6\n");
  ASSERT_FALSE(quoted.ok());
  EXPECT_EQ(quoted.error().message,
            "line 2: column co: \"0.3x\" is not a concentration: not a decimal number");
}

// quotsoft_wide keeps where each row is and splits an hour's rows again when
// it reads them: quoted cells, CRLF and an hour's rows far apart read as
// written, and every row is checked before any value.
TEST(AqCsv, QuotsoftWideRowsAreReadWhereverTheyAre) {
  const std::string head = "date,hour,type,A,\"B\"\r\n";
  auto r = read_aq_hours(head +
                         "20180101,1,PM2.5,\"1\"0,2\r\n"
                         "20180101,2,AQI,5,\r\n"
                         "20180101,1,AQI,\"7\",\" 8 \"\r\n"
                         "20180101,2,CO,,\"0.5\"\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->format, AqCsvFormat::quotsoft_wide);
  ASSERT_EQ(r->hours.size(), 4u);
  const auto pm25 = aq::index(Pollutant::pm25), co = aq::index(Pollutant::co);
  EXPECT_EQ(r->hours[0].station, "A");
  EXPECT_EQ(r->hours[0].line, 4);  // the AQI row
  EXPECT_EQ(r->hours[0].input.c[pm25], 10'000);
  EXPECT_EQ(r->hours[0].published.aqi, 7);
  EXPECT_EQ(r->hours[1].station, "B");
  EXPECT_EQ(r->hours[1].input.c[pm25], 2'000);
  EXPECT_EQ(r->hours[1].published.aqi, 8);
  EXPECT_EQ(format_hour_end(r->hours[2].time), "2018-01-01T02:00:00");
  EXPECT_EQ(r->hours[2].line, 3);
  EXPECT_EQ(r->hours[2].published.aqi, 5);
  EXPECT_EQ(r->hours[2].input.c[co], aq::kNa);
  EXPECT_EQ(r->hours[3].station, "B");
  EXPECT_EQ(r->hours[3].published.aqi, aq::kIndexNa);
  EXPECT_EQ(r->hours[3].input.c[co], 500);
  // A bad value in the first row, an unknown type in the last: the type.
  EXPECT_EQ(error_of(head + "20180101,1,PM2.5,x,2\r\n20180101,1,PM1,1,2\r\n"),
            "line 3: column type: unknown type \"PM1\"");
  EXPECT_EQ(error_of(head + "20180101,1,PM2.5,1,2\r\n20180101,1,AQI,1,\"2\"x\r\n"),
            "line 3: column B: \"2x\" is not an AQI (an integer 0–500)");
}

// Published AQIs, read by a fast path for up to three digits: the same
// values and messages as before it.
TEST(AqCsv, PublishedAqiEdges) {
  const std::string cnemc =
      "timepoint,stationcode,primarypollutant,aqi,pm10,pm10_24h,pm2_5,pm2_5_24h,o3,o3_24h,o3_8h,o3_8h_24h,"
      "no2,no2_24h,so2,so2_24h,co,co_24h\n";
  auto aqi_of = [&](const std::string& cell) {
    auto r = read_aq_hours(cnemc + "2023-01-22T01:00:00,1001A,," + cell + ",,,,,,,,,,,,,,\n");
    return r.ok() ? std::to_string(r->hours.at(0).published.aqi) : r.error().message;
  };
  EXPECT_EQ(aqi_of("0"), "0");
  EXPECT_EQ(aqi_of("500"), "500");
  EXPECT_EQ(aqi_of("007"), "7");
  EXPECT_EQ(aqi_of(" 42 "), "42");
  EXPECT_EQ(aqi_of(""), std::to_string(aq::kIndexNa));
  EXPECT_EQ(aqi_of("0500"), "500");
  EXPECT_EQ(aqi_of("5000"), "line 2: column aqi: \"5000\" is not an AQI (0–500)");
  EXPECT_EQ(aqi_of("50000"), "line 2: column aqi: \"50000\" is not an AQI (an integer 0–500)");
  EXPECT_EQ(aqi_of("4.5"), "line 2: column aqi: \"4.5\" is not an AQI (an integer 0–500)");
  EXPECT_EQ(aqi_of("-1"), "line 2: column aqi: \"-1\" is not an AQI (an integer 0–500)");
}

}  // namespace
}  // namespace lantian::io
