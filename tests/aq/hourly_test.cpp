// The hourly (real-time) AQI: the digest's worked examples H1–H5 (§5.2),
// primary-pollutant ties, the >800 SO2 rule of each edition, 2026 rounding
// and the missing-data rule.
#include "aq/hourly.h"

#include <gtest/gtest.h>

#include "aq/decimal.h"

namespace lantian::aq {
namespace {

constexpr Edition k12 = Edition::hj633_2012;
constexpr Edition k26 = Edition::hj633_2026;

// so2, no2, co, o3, pm10, pm25 as text; "" = missing.
HourlyInput hour(std::array<const char*, 6> v) {
  HourlyInput in;
  for (int i = 0; i < 6; ++i)
    if (*v[i]) in.c[i] = *parse_milli(v[i]);
  return in;
}

PollutantSet set(std::initializer_list<Pollutant> ps) {
  PollutantSet s;
  for (Pollutant p : ps) s.insert(p);
  return s;
}

using P = Pollutant;

TEST(Hourly, H1WinterHaze) {
  auto in = hour({"35", "88", "1.6", "12", "180", "142"});
  auto r = hourly_aqi(in, k26);
  EXPECT_EQ(r.iaqi, (std::array<Index, 6>{12, 44, 16, 4, 124, 189}));
  EXPECT_EQ(r.summary.aqi, 189);
  EXPECT_EQ(r.summary.level, Level::four);
  EXPECT_EQ(r.summary.primary, set({P::pm25}));
  // 2012 as CNEMC published it: PM 1-hour on the 2012 24-hour rows.
  auto o = hourly_aqi(in, k12);
  EXPECT_EQ(o.iaqi[index(P::pm10)], 115);
  EXPECT_EQ(o.summary.aqi, 189);
}

TEST(Hourly, H2SummerOzone) {
  auto r = hourly_aqi(hour({"8", "30", "0.7", "265", "70", "38"}), k26);
  EXPECT_EQ(r.iaqi, (std::array<Index, 6>{3, 15, 7, 133, 65, 56}));
  EXPECT_EQ(r.summary.aqi, 133);
  EXPECT_EQ(r.summary.level, Level::three);
  EXPECT_EQ(r.summary.primary, set({P::o3}));
}

TEST(Hourly, H3TieListsBothPrimaryPollutants) {
  auto r = hourly_aqi(hour({"420", "150", "3.0", "40", "250", "115"}), k26);
  EXPECT_EQ(r.iaqi, (std::array<Index, 6>{89, 75, 30, 13, 150, 150}));
  EXPECT_EQ(r.summary.aqi, 150);
  EXPECT_EQ(r.summary.primary, set({P::pm10, P::pm25}));
  EXPECT_EQ(to_string(r.summary.primary), "PM10;PM2.5");
  // 2012: PM10 250 is also a breakpoint (150), PM2.5 115 too: the same tie.
  EXPECT_EQ(hourly_aqi(hour({"420", "150", "3.0", "40", "250", "115"}), k12).summary.primary,
            set({P::pm10, P::pm25}));
}

TEST(Hourly, H4So2Above800) {
  auto in = hour({"850", "60", "1.2", "20", "90", "50"});
  auto r = hourly_aqi(in, k26);  // note b: 200
  EXPECT_EQ(r.iaqi, (std::array<Index, 6>{200, 30, 12, 7, 79, 80}));
  EXPECT_EQ(r.summary.aqi, 200);
  EXPECT_EQ(r.summary.primary, set({P::so2}));
  // 2012 note (2): the SO2 24-hour mean's IAQI (420 → 142).
  in.so2_24h = Mean{420'000, 1};
  auto o = hourly_aqi(in, k12);
  EXPECT_EQ(o.iaqi, (std::array<Index, 6>{142, 30, 12, 7, 70, 69}));
  EXPECT_EQ(o.summary.aqi, 142);
  EXPECT_EQ(o.summary.level, Level::three);
  EXPECT_EQ(o.summary.primary, set({P::so2}));
  // ... as an exact mean of 24 hours (10 083/24 = 420.125 → 141.6… → 142).
  in.so2_24h = Mean{10'083'000, 24};
  EXPECT_EQ(hourly_aqi(in, k12).iaqi[0], 142);
  // Without a 24-hour mean 2012 has no SO2 IAQI: SO2 is missing, and 2012
  // publishes the AQI of the others.
  in.so2_24h = Mean{};
  o = hourly_aqi(in, k12);
  EXPECT_EQ(o.iaqi[0], kIndexNa);
  EXPECT_EQ(o.summary.aqi, 70);
  EXPECT_EQ(o.summary.primary, set({P::pm10}));
  // Exactly 800 is on the table in both editions (E15).
  EXPECT_EQ(hourly_aqi(hour({"800", "", "", "", "", ""}), k12).iaqi[0], 200);
}

TEST(Hourly, H5Aqi50HasNoPrimaryPollutant) {
  auto r = hourly_aqi(hour({"10", "100", "0.5", "160", "50", "35"}), k26);
  EXPECT_EQ(r.iaqi, (std::array<Index, 6>{4, 50, 5, 50, 50, 50}));
  EXPECT_EQ(r.summary.aqi, 50);
  EXPECT_EQ(r.summary.level, Level::one);
  EXPECT_TRUE(r.summary.primary.empty());
  // 51 has one.
  r = hourly_aqi(hour({"10", "100", "0.5", "160", "51", "35"}), k26);
  EXPECT_EQ(r.summary.aqi, 51);
  EXPECT_EQ(r.summary.primary, set({P::pm10}));
}

TEST(Hourly, Edition2026RoundsEachConcentrationFirst) {
  // PM2.5 60.5 → 60 (100), 2012 81.875 → 82; CO 4.95 → 5.0; NO2 100.5 → 100.
  auto in = hour({"", "100.5", "4.95", "", "", "60.5"});
  auto r = hourly_aqi(in, k26);
  EXPECT_EQ(r.iaqi[index(P::pm25)], 100);
  EXPECT_EQ(r.iaqi[index(P::co)], 50);
  EXPECT_EQ(r.iaqi[index(P::no2)], 50);
  auto o = hourly_aqi(in, k12);
  EXPECT_EQ(o.iaqi[index(P::pm25)], 82);
  EXPECT_EQ(o.iaqi[index(P::no2)], 51);  // 50.25 → 51
  // 61.5 → 62 (even): 101.8 → 102.
  EXPECT_EQ(hourly_aqi(hour({"", "", "", "", "", "61.5"}), k26).iaqi[5], 102);
}

TEST(Hourly, MissingData2026PublishesOnlyAbove100) {
  // PM2.5 missing, the rest at most 100: NA (§5.3.1), IAQIs still given.
  auto r = hourly_aqi(hour({"10", "20", "0.5", "30", "120", ""}), k26);
  EXPECT_EQ(r.summary.aqi, kIndexNa);
  EXPECT_EQ(r.summary.level, Level::none);
  EXPECT_TRUE(r.summary.primary.empty());
  EXPECT_EQ(r.iaqi[index(P::pm10)], 100);
  EXPECT_EQ(r.iaqi[index(P::pm25)], kIndexNa);
  // Above 100: published.
  r = hourly_aqi(hour({"10", "20", "0.5", "30", "121", ""}), k26);
  EXPECT_EQ(r.summary.aqi, 101);
  EXPECT_EQ(r.summary.primary, set({P::pm10}));
  // 2012 publishes the AQI of what is there, as CNEMC did in 2018.
  r = hourly_aqi(hour({"10", "20", "0.5", "30", "120", ""}), k12);
  EXPECT_EQ(r.summary.aqi, 85);
  EXPECT_EQ(r.summary.primary, set({P::pm10}));
  // Nothing at all: NA in both.
  EXPECT_EQ(hourly_aqi(HourlyInput{}, k12).summary.aqi, kIndexNa);
  EXPECT_EQ(hourly_aqi(HourlyInput{}, k26).summary.aqi, kIndexNa);
}

TEST(Hourly, OverRangeAqiIs500) {
  // 3034A, 2023-01-22 08:00: PM10 1028, PM2.5 785, published 500 with both.
  auto r = hourly_aqi(hour({"38", "40", "1.1", "21", "1028", "785"}), k12);
  EXPECT_EQ(r.summary.aqi, 500);
  EXPECT_EQ(r.summary.level, Level::six);
  EXPECT_EQ(r.summary.primary, set({P::pm10, P::pm25}));
}

}  // namespace
}  // namespace lantian::aq
