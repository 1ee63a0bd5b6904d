// The daily AQI: the digest's examples D1–D2 (§5.3) for both editions, the
// validity rules (≥ 20 hours, ≥ 6 hours per 8-hour window, ≥ 14 windows,
// O3 1-hour maximum without a minimum), which hours form the natural day,
// rounding of exact means, and the missing-data rules.
#include "aq/daily.h"

#include <gtest/gtest.h>

#include "aq/decimal.h"

namespace lantian::aq {
namespace {

constexpr Edition k12 = Edition::hj633_2012;
constexpr Edition k26 = Edition::hj633_2026;
using P = Pollutant;
using D = DailyItem;

Milli m(const char* text) { return *parse_milli(text); }

// Daily values as given (each an exact value, count 1); "" = missing.
DailyConcentrations values(std::array<const char*, 7> v) {
  DailyConcentrations c;
  for (int i = 0; i < 7; ++i)
    if (*v[i]) c.mean[i] = Mean::of(m(v[i]));
  return c;
}

PollutantSet only(P p) {
  PollutantSet s;
  s.insert(p);
  return s;
}

// A day with every hour of every pollutant at the given value.
DayHours flat(std::array<const char*, 6> v) {
  DayHours d;
  for (auto& h : d.c)
    for (int p = 0; p < 6; ++p) h[p] = *v[p] ? m(v[p]) : kNa;
  return d;
}

TEST(Daily, D1SummerDay) {
  //                     so2   no2   co     o3_8h  o3_1h  pm10   pm25
  auto c = values({"12", "45", "1.1", "180", "230", "130", "70"});
  auto r = daily_aqi(c, k26);
  EXPECT_EQ(r.iaqi, (std::array<Index, 7>{12, 57, 28, 119, kIndexNa, 104, 110}));
  EXPECT_EQ(r.value[index(D::o3_1h)], kNa);  // not a 2026 daily item
  EXPECT_EQ(r.summary.aqi, 119);
  EXPECT_EQ(r.summary.primary, only(P::o3));
  auto o = daily_aqi(c, k12);
  EXPECT_EQ(o.iaqi, (std::array<Index, 7>{12, 57, 28, 119, 115, 90, 94}));
  EXPECT_EQ(o.summary.aqi, 119);
  EXPECT_EQ(o.summary.primary, only(P::o3));
}

TEST(Daily, D2OzoneAbove800) {
  auto c = values({"20", "60", "1.4", "820", "1050", "95", "55"});
  auto r = daily_aqi(c, k26);  // note c: 300
  EXPECT_EQ(r.iaqi, (std::array<Index, 7>{20, 75, 35, 300, kIndexNa, 83, 90}));
  EXPECT_EQ(r.summary.aqi, 300);
  EXPECT_EQ(r.summary.level, Level::five);
  EXPECT_EQ(r.summary.primary, only(P::o3));
  auto o = daily_aqi(c, k12);  // note (3): the 1-hour IAQI stands for O3
  EXPECT_EQ(o.iaqi, (std::array<Index, 7>{20, 75, 35, kIndexNa, 425, 73, 75}));
  EXPECT_EQ(o.summary.aqi, 425);
  EXPECT_EQ(o.summary.level, Level::six);
  EXPECT_EQ(o.summary.primary, only(P::o3));
}

TEST(Daily, MeansNeed20ValidHours) {
  DayHours d = flat({"10", "20", "1.0", "50", "100", "80"});
  for (int h = 0; h < 4; ++h) d.c[h][index(P::pm25)] = kNa;  // 20 left
  auto c = daily_concentrations(d);
  EXPECT_TRUE(c.mean[index(D::pm25)].valid());
  EXPECT_EQ(c.valid_hours[index(P::pm25)], 20);
  d.c[4][index(P::pm25)] = kNa;  // 19
  c = daily_concentrations(d);
  EXPECT_FALSE(c.mean[index(D::pm25)].valid());
  EXPECT_EQ(daily_aqi(c, k26).iaqi[index(D::pm25)], kIndexNa);
  EXPECT_EQ(daily_aqi(c, k26).value[index(D::pm25)], kNa);
}

TEST(Daily, Ozone8hWindowsNeed6HoursAnd14Windows) {
  DayHours d = flat({"10", "20", "1.0", "50", "100", "80"});
  // Hours labelled 01:00 … 03:00 missing: the window ending 08:00 holds
  // 01–08 (5 valid) → invalid; 09:00 holds 02–09 (6) → valid: 16 of 17.
  for (int h = 0; h < 3; ++h) d.c[h][index(P::o3)] = kNa;
  auto c = daily_concentrations(d);
  EXPECT_EQ(c.valid_8h_windows, 16);
  EXPECT_TRUE(c.mean[index(D::o3_8h)].valid());
  // Hours 01:00 … 06:00 missing: windows ending 08:00 … 11:00 have 2–5
  // valid hours → invalid; 13 of 17 left → no daily maximum 8-hour.
  for (int h = 3; h < 6; ++h) d.c[h][index(P::o3)] = kNa;
  c = daily_concentrations(d);
  EXPECT_EQ(c.valid_8h_windows, 13);
  EXPECT_FALSE(c.mean[index(D::o3_8h)].valid());
  // ... but the 1-hour maximum stays (no minimum count).
  EXPECT_EQ(c.mean[index(D::o3_1h)].sum, 50'000);
  // 14 windows: hours 01:00 … 05:00 missing (windows 08:00 … 10:00 invalid).
  d.c[5][index(P::o3)] = m("50");
  c = daily_concentrations(d);
  EXPECT_EQ(c.valid_8h_windows, 14);
  EXPECT_TRUE(c.mean[index(D::o3_8h)].valid());
}

TEST(Daily, Ozone1hMaximumNeedsOneHour) {
  DayHours d;
  d.c[17][index(P::o3)] = m("230");
  auto c = daily_concentrations(d);
  EXPECT_EQ(c.mean[index(D::o3_1h)].sum, 230'000);
  EXPECT_FALSE(c.mean[index(D::o3_8h)].valid());
  // 2012 publishes the AQI of the one item, being above 100; 2026 has no
  // such item. 100 would not be published.
  EXPECT_EQ(daily_aqi(c, k12).summary.aqi, 115);
  d.c[17][index(P::o3)] = m("200");
  EXPECT_EQ(daily_aqi(daily_concentrations(d), k12).summary.aqi, kIndexNa);
  EXPECT_EQ(daily_aqi(c, k26).summary.aqi, kIndexNa);
  EXPECT_FALSE(daily_concentrations(DayHours{}).mean[index(D::o3_1h)].valid());
}

TEST(Daily, MaximumEightHoursIsOverWindowsEnding08To24) {
  DayHours d = flat({"10", "20", "1.0", "10", "100", "80"});
  // The hour labelled 24:00 (index 23) counts: the window 17:00–24:00.
  d.c[23][index(P::o3)] = m("810");  // (7·10 + 810)/8 = 110
  auto c = daily_concentrations(d);
  EXPECT_EQ(c.mean[index(D::o3_8h)].sum * 1, c.mean[index(D::o3_8h)].count * 110'000);
  EXPECT_EQ(c.mean[index(D::o3_1h)].sum, 810'000);
  // The hour labelled 01:00 (index 0) is only in the window ending 08:00.
  d = flat({"10", "20", "1.0", "10", "100", "80"});
  d.c[0][index(P::o3)] = m("810");
  c = daily_concentrations(d);
  EXPECT_EQ(c.mean[index(D::o3_8h)].sum, 880'000);
  EXPECT_EQ(c.mean[index(D::o3_8h)].count, 8);
}

TEST(Daily, MeansAreExactAndRoundedOnce) {
  // CO 3.85 as the mean of 12 × 3.8 and 12 × 3.9 (E25): 2026 → 3.8 → 95,
  // 2012 (no rounding) → 96.25 → 97.
  DayHours d = flat({"10", "20", "3.8", "50", "40", "30"});
  for (int h = 0; h < 12; ++h) d.c[h][index(P::co)] = m("3.9");
  auto c = daily_concentrations(d);
  auto r = daily_aqi(c, k26);
  EXPECT_EQ(r.value[index(D::co)], 3'800);
  EXPECT_EQ(r.iaqi[index(D::co)], 95);
  auto o = daily_aqi(c, k12);
  EXPECT_EQ(o.value[index(D::co)], 3'850);  // shown with 2 decimals
  EXPECT_EQ(o.iaqi[index(D::co)], 97);
  // PM2.5 60.5 exactly: 2026 → 60 → 100; 60.5 + 1/24 → 61 → 101.8 → 102.
  d = flat({"10", "20", "1.0", "50", "40", "60"});
  for (int h = 0; h < 12; ++h) d.c[h][index(P::pm25)] = m("61");
  EXPECT_EQ(daily_aqi(daily_concentrations(d), k26).iaqi[index(D::pm25)], 100);
  d.c[12][index(P::pm25)] = m("61");
  EXPECT_EQ(daily_aqi(daily_concentrations(d), k26).value[index(D::pm25)], 61'000);
}

TEST(Daily, MissingDataPublishesOnlyAbove100) {
  DayHours d = flat({"10", "20", "1.0", "50", "110", "55"});
  for (int h = 0; h < 5; ++h) d.c[h][index(P::so2)] = kNa;  // SO2 invalid
  auto c = daily_concentrations(d);
  auto r = daily_aqi(c, k26);
  EXPECT_EQ(r.iaqi[index(D::pm10)], 93);
  EXPECT_EQ(r.summary.aqi, kIndexNa);                     // 93 ≤ 100 with an item missing
  EXPECT_EQ(daily_aqi(c, k12).iaqi[index(D::pm10)], 80);  // 2012: PM10 110 → 80
  EXPECT_EQ(daily_aqi(c, k12).summary.aqi, kIndexNa);     // the same rule
  for (auto& h : d.c) h[index(P::pm10)] = m("130");
  r = daily_aqi(daily_concentrations(d), k26);
  EXPECT_EQ(r.summary.aqi, 104);
  EXPECT_EQ(r.summary.primary, only(P::pm10));
}

TEST(Daily, TiedOzoneItemsNameO3Once) {
  auto o = daily_aqi(values({"5", "5", "0.1", "215", "300", "20", "10"}), k12);
  EXPECT_EQ(o.iaqi[index(D::o3_8h)], 150);
  EXPECT_EQ(o.iaqi[index(D::o3_1h)], 150);
  EXPECT_EQ(to_string(o.summary.primary), "O3");
}

}  // namespace
}  // namespace lantian::aq
