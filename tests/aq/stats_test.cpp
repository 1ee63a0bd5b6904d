// Statistics over daily values: HJ 663's percentile, period means rounded
// as published, the composite index summed exactly, counts of days at the
// AQI boundaries, an area's day from its stations, and target tracking.
#include "aq/stats.h"

#include <gtest/gtest.h>

#include "aq/decimal.h"

namespace lantian::aq {
namespace {

using D = DailyItem;

Milli m(const char* text) { return *parse_milli(text); }
Date day(int y, int mo, int d) { return Date{std::chrono::year{y} / mo / d}; }
size_t at(D i) { return size_t(index(i)); }
size_t at(PeriodItem i) { return size_t(i); }

// A day with the six period items (o3_1h left out); "" = missing.
DayValues values(Date d, Index aqi, std::array<const char*, 6> v) {
  DayValues out;
  out.day = d;
  out.aqi = aqi;
  constexpr D kOrder[] = {D::so2, D::no2, D::co, D::o3_8h, D::pm10, D::pm25};
  for (size_t i = 0; i < 6; ++i)
    if (*v[i]) out.value[at(kOrder[i])] = m(v[i]);
  return out;
}

TEST(Percentile, FollowsHj663sInterpolation) {
  std::vector<Milli> ten;
  for (int i = 10; i >= 1; --i) ten.push_back(i * 1000);
  auto p = [&](int pct) {
    auto v = ten;
    return percentile(v, pct);
  };
  EXPECT_EQ(p(90), 9'100);  // k = 9.1: X9 + 0.1 (X10 − X9)
  EXPECT_EQ(p(95), 9'550);  // k = 9.55
  EXPECT_EQ(p(100), 10'000);
  std::vector<Milli> one = {42'000};
  EXPECT_EQ(percentile(one, 95), 42'000);
  std::vector<Milli> none;
  EXPECT_EQ(percentile(none, 90), kNa);
  // Two values, p = 95: k = 1.95, X1 + 0.95 (X2 − X1), rounded half to even in Milli.
  std::vector<Milli> two = {1, 2};
  EXPECT_EQ(percentile(two, 95), 2);  // 1.95 → 2
}

TEST(PeriodStats, MeansAreRoundedOnceAsPublished) {
  const Date d = day(2017, 12, 1);
  std::vector<DayValues> days = {
      values(d, 60, {"10", "30", "1.0", "100", "80", "20"}),
      values(d + std::chrono::days{1}, 60, {"11", "31", "1.1", "101", "81", "21"})};
  PeriodStats s = period_stats(days);
  EXPECT_EQ(s.value[at(PeriodItem::pm25)], 20'000);  // 20.5 → 20 (half to even)
  EXPECT_EQ(s.value[at(PeriodItem::so2)], 10'000);   // 10.5 → 10
  EXPECT_EQ(s.value[at(PeriodItem::no2)], 30'000);   // 30.5 → 30
  EXPECT_EQ(s.value[at(PeriodItem::pm10)], 80'000);  // 80.5 → 80
  // CO 95th percentile of 1.0, 1.1: 1.095 → 1.1 (0.1 mg/m³); O3 90th: 100.9 → 101.
  EXPECT_EQ(s.value[at(PeriodItem::co_p95)], 1'100);
  EXPECT_EQ(s.value[at(PeriodItem::o3_8h_p90)], 101'000);
  days.push_back(values(d + std::chrono::days{2}, 60, {"", "", "", "", "", "23"}));
  s = period_stats(days);
  EXPECT_EQ(s.value[at(PeriodItem::pm25)], 21'000);  // 64 / 3 = 21.33
  EXPECT_EQ(s.valid_days[at(PeriodItem::pm25)], 3);
  EXPECT_EQ(s.valid_days[at(PeriodItem::so2)], 2);
}

TEST(PeriodStats, CompositeIndexIsTheExactSumRoundedOnce) {
  const Date d = day(2017, 12, 1);
  // Each statistic at its divisor: every index is 1.00, the composite 6.00.
  std::vector<DayValues> at_limit = {values(d, 100, {"60", "40", "4.0", "160", "70", "35"})};
  PeriodStats s = period_stats(at_limit);
  for (int i = 0; i < kPeriodItemCount; ++i) EXPECT_EQ(s.index[size_t(i)], 100) << i;
  EXPECT_EQ(s.composite, 600);
  // Small values: the indices rounded one by one sum to 0.11, the exact sum
  // 0.0167 + 0.025 + 0.025 + 0.00625 + 0.0143 + 0.0286 = 0.1158 is 0.12.
  std::vector<DayValues> small = {values(d, 10, {"1", "1", "0.1", "1", "1", "1"})};
  s = period_stats(small);
  int rounded_one_by_one = 0;
  for (int i = 0; i < kPeriodItemCount; ++i) rounded_one_by_one += s.index[size_t(i)];
  EXPECT_EQ(rounded_one_by_one, 11);
  EXPECT_EQ(s.composite, 12);
  // A real winter month's order of magnitude: PM2.5 72 alone is 2.06.
  std::vector<DayValues> pm = {values(d, 96, {"20", "45", "1.6", "60", "120", "72"})};
  s = period_stats(pm);
  EXPECT_EQ(s.index[at(PeriodItem::pm25)], 206);
  // 0.3333 + 1.125 + 0.4 + 0.375 + 1.7143 + 2.0571 = 6.0048
  EXPECT_EQ(s.composite, 600);
}

TEST(PeriodStats, AnIndexWithAStatisticMissingIsMissing) {
  std::vector<DayValues> days = {values(day(2017, 12, 1), 120, {"20", "45", "1.6", "", "120", "72"})};
  PeriodStats s = period_stats(days);
  EXPECT_EQ(s.composite, kNa);
  EXPECT_EQ(s.value[at(PeriodItem::o3_8h_p90)], kNa);
  EXPECT_EQ(s.index[at(PeriodItem::pm25)], 206);  // the others are still given
}

TEST(PeriodStats, CountsDaysAtTheAqiBoundaries) {
  const Date d = day(2017, 12, 1);
  std::vector<DayValues> days;
  for (Index aqi : {Index(100), Index(101), Index(200), Index(201), Index(300), Index(301), kIndexNa})
    days.push_back(values(d + std::chrono::days{int(days.size())}, aqi, {"", "", "", "", "", ""}));
  PeriodStats s = period_stats(days);
  EXPECT_EQ(s.days, 7);
  EXPECT_EQ(s.days_with_aqi, 6);
  EXPECT_EQ(s.good_days, 1);    // 100
  EXPECT_EQ(s.heavy_days, 3);   // 201, 300, 301
  EXPECT_EQ(s.severe_days, 1);  // 301
}

TEST(AreaDay, AveragesTheStationsThatHaveEachItem) {
  const Date d = day(2017, 12, 20);  // HJ 633-2012
  DayValues full = values(d, 0, {"20", "60", "1.5", "40", "180", "100"});
  full.value[at(D::o3_1h)] = m("60");
  DayValues pm_only = values(d, 0, {"", "", "", "", "", "151"});
  std::vector<DayValues> stations = {full, pm_only};
  DayValues a = area_day(d, stations);
  EXPECT_EQ(a.value[at(D::pm25)], m("125.5"));  // (100 + 151) / 2, 2012 keeps a decimal
  EXPECT_EQ(a.value[at(D::so2)], m("20"));      // the one station with it
  // PM2.5 125.5 on the 2012 24-hour table: 150 + (125.5 − 115) × 50 / 35 = 165.
  EXPECT_EQ(a.aqi, 165);
  EXPECT_TRUE(a.primary.contains(Pollutant::pm25));
  // 2026 rounds the area's mean by GB/T 8170 before the lookup: 125.5 → 126.
  const Date d26 = day(2026, 12, 1);
  stations = {values(d26, 0, {"20", "60", "1.5", "40", "180", "100"}),
              values(d26, 0, {"20", "60", "1.5", "40", "180", "151"})};
  EXPECT_EQ(area_day(d26, stations).value[at(D::pm25)], m("126"));
  // No stations: nothing.
  EXPECT_EQ(area_day(d, {}).aqi, kIndexNa);
}

TEST(TargetProgress, GivesThePaceForTheRestOfThePeriod) {
  Target t{day(2017, 10, 1), day(2017, 10, 10), m("80"), m("50"), 5, 3};
  std::vector<DayValues> days;
  for (int i = 0; i < 4; ++i)
    days.push_back(values(t.from + std::chrono::days{i}, i == 2 ? 201 : 90, {"", "", "", "", "", "60"}));
  days.push_back(values(day(2017, 9, 30), 300, {"", "", "", "", "", "300"}));  // before: ignored
  TargetProgress p = target_progress(t, days, day(2017, 10, 4));
  EXPECT_EQ(p.period_days, 10);
  EXPECT_EQ(p.elapsed_days, 4);
  EXPECT_EQ(p.remaining_days, 6);
  EXPECT_EQ(p.pm25_days, 4);
  EXPECT_EQ(p.pm25_to_date, m("60"));
  // (50 × 10 − 240) / 6 = 43.3: at most 43 on average for the rest.
  EXPECT_EQ(p.pm25_needed, m("43"));
  EXPECT_TRUE(p.pm25_reachable);
  EXPECT_FALSE(p.pm25_on_track);
  EXPECT_EQ(p.pm25_change_permille, -250);  // 60 against 80: −25.0 %
  EXPECT_EQ(p.heavy_days_to_date, 1);
  EXPECT_EQ(p.heavy_days_left, 2);
}

TEST(TargetProgress, SaysWhenTheTargetIsOutOfReach) {
  Target t{day(2017, 10, 1), day(2017, 10, 5), kNa, m("20"), -1, -1};
  std::vector<DayValues> days;
  for (int i = 0; i < 4; ++i)
    days.push_back(values(t.from + std::chrono::days{i}, 90, {"", "", "", "", "", "60"}));
  TargetProgress p = target_progress(t, days, day(2017, 10, 4));
  EXPECT_FALSE(p.pm25_reachable);  // 20 × 5 − 240 < 0
  EXPECT_EQ(p.pm25_needed, 0);
  EXPECT_FALSE(p.pm25_change_permille.has_value());
  EXPECT_FALSE(p.heavy_days_left.has_value());
  // Counted through a day after the period: all elapsed, nothing to pace.
  p = target_progress(t, days, day(2018, 1, 1));
  EXPECT_EQ(p.elapsed_days, 5);
  EXPECT_EQ(p.remaining_days, 0);
  EXPECT_EQ(p.pm25_needed, kNa);
  // Before it starts: nothing elapsed, the whole period ahead at the target.
  p = target_progress(t, days, day(2017, 9, 1));
  EXPECT_EQ(p.elapsed_days, 0);
  EXPECT_EQ(p.pm25_to_date, kNa);
  EXPECT_EQ(p.pm25_needed, m("20"));
}

}  // namespace
}  // namespace lantian::aq
