// The small pieces: GB/T 8170 rounding, exact decimal parsing and printing,
// levels and colours, the edition switch, pollutant codes.
#include <gtest/gtest.h>

#include "aq/decimal.h"
#include "aq/level.h"
#include "aq/rounding.h"

namespace lantian::aq {
namespace {

TEST(Rounding, HalfToEvenOnTheExactValue) {
  EXPECT_EQ(round_half_even(5, 2), 2);      // 2.5 → 2
  EXPECT_EQ(round_half_even(7, 2), 4);      // 3.5 → 4
  EXPECT_EQ(round_half_even(251, 100), 3);  // 2.51 → 3 (5 followed by a non-zero digit)
  EXPECT_EQ(round_half_even(249, 100), 2);
  EXPECT_EQ(round_half_even(0, 7), 0);
  // Integers (µg/m³) and 0.1 mg/m³ (CO).
  EXPECT_EQ(round_gbt8170(Pollutant::pm25, 60'500), 60'000);
  EXPECT_EQ(round_gbt8170(Pollutant::pm25, 61'500), 62'000);
  EXPECT_EQ(round_gbt8170(Pollutant::pm25, 60'501), 61'000);
  EXPECT_EQ(round_gbt8170(Pollutant::co, 3'850), 3'800);
  EXPECT_EQ(round_gbt8170(Pollutant::co, 4'950), 5'000);
  EXPECT_EQ(round_gbt8170(Pollutant::co, 3'851), 3'900);
  EXPECT_EQ(round_gbt8170(Pollutant::co, 50), 0);
  // Once, from the fraction: 2.449… must not become 2.45 and then 2.5.
  EXPECT_EQ(round_gbt8170(Pollutant::co, 58'790, 24), 2'400);  // 2.4495…
  // CNEMC's published 24-hour means (2023-01-22): 41/2 → 20, 489/2 → 244.
  EXPECT_EQ(round_gbt8170(Pollutant::so2, Mean{492'000, 24}), 20'000);
  EXPECT_EQ(round_gbt8170(Pollutant::pm10, Mean{5'868'000, 24}), 244'000);
  EXPECT_EQ(round_gbt8170(Pollutant::pm10, Mean{}), kNa);
  // The hourly path (constant divisors) agrees with the fraction path.
  for (Pollutant p : {Pollutant::co, Pollutant::pm25})
    for (Milli c = 0; c < 20'000; ++c) ASSERT_EQ(round_gbt8170(p, c), round_gbt8170(p, c, 1)) << c;
}

TEST(Decimal, ParsesExactly) {
  EXPECT_EQ(*parse_milli("35"), 35'000);
  EXPECT_EQ(*parse_milli("1.1"), 1'100);
  EXPECT_EQ(*parse_milli("0.125"), 125);
  EXPECT_EQ(*parse_milli(".5"), 500);
  EXPECT_EQ(*parse_milli("12."), 12'000);
  EXPECT_EQ(*parse_milli("0"), 0);
  EXPECT_EQ(*parse_milli("99999.999"), kMilliMax);
  for (const char* bad : {"", "-1", "+3", "1e3", "1.2345", "abc", ".", "1,5", " 3", "100000", "NaN"}) {
    auto r = parse_milli(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
  EXPECT_NE(parse_milli("1.2345").error().message.find("more than 3 decimals"), std::string::npos);
  EXPECT_NE(parse_milli("-1").error().message.find("negative"), std::string::npos);
}

TEST(Decimal, Formats) {
  EXPECT_EQ(format_milli(1'300, 1), "1.3");
  EXPECT_EQ(format_milli(75'000, 0), "75");
  EXPECT_EQ(format_milli(50, 2), "0.05");
  EXPECT_EQ(format_milli(60'500, 1), "60.5");
  EXPECT_EQ(format_milli(0, 1), "0.0");
}

TEST(Level, SixLevelsWithTheirColours) {
  EXPECT_EQ(level_of(kIndexNa), Level::none);
  EXPECT_EQ(level_of(0), Level::one);
  EXPECT_EQ(level_of(50), Level::one);
  EXPECT_EQ(level_of(51), Level::two);
  EXPECT_EQ(level_of(100), Level::two);
  EXPECT_EQ(level_of(101), Level::three);
  EXPECT_EQ(level_of(150), Level::three);
  EXPECT_EQ(level_of(151), Level::four);
  EXPECT_EQ(level_of(200), Level::four);
  EXPECT_EQ(level_of(201), Level::five);
  EXPECT_EQ(level_of(300), Level::five);
  EXPECT_EQ(level_of(301), Level::six);
  EXPECT_EQ(level_of(500), Level::six);
  const LevelInfo& six = level_info(Level::six);
  EXPECT_EQ(six.category_zh, "严重污染");
  EXPECT_EQ(six.colour_hex, "#7E0023");
  EXPECT_EQ(int(six.r), 126);
  EXPECT_EQ(level_info(Level::five).colour_hex, "#99004C");
  EXPECT_EQ(level_info(Level::three).category_zh, "轻度污染");
  EXPECT_EQ(level_info(Level::one).colour_zh, "绿色");
  for (int l = 1; l <= 6; ++l) {
    const LevelInfo& i = level_info(static_cast<Level>(l));
    EXPECT_EQ(level_of(i.lo), i.level);
    EXPECT_EQ(level_of(i.hi), i.level);
  }
}

TEST(Edition, FromMarch1st2026) {
  using namespace std::chrono;
  EXPECT_EQ(edition_for_day(Date{year{2026} / 2 / 28}), Edition::hj633_2012);
  EXPECT_EQ(edition_for_day(Date{year{2026} / 3 / 1}), Edition::hj633_2026);
  EXPECT_EQ(edition_for_day(Date{year{2018} / 1 / 1}), Edition::hj633_2012);
  EXPECT_EQ(code(Edition::hj633_2026), "2026");
}

TEST(Pollutants, CodesInColumnOrder) {
  PollutantSet all;
  for (Pollutant p : kPollutants) all.insert(p);
  EXPECT_EQ(to_string(all), "SO2;NO2;CO;O3;PM10;PM2.5");
  EXPECT_EQ(to_string(PollutantSet{}), "");
}

}  // namespace
}  // namespace lantian::aq
