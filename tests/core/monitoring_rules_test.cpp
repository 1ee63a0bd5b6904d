// Monitoring → action rules (core/monitoring_rules.h): the shipped rules
// load, a bad [[monitoring]] entry is refused with its line and column, and
// the run search finds exactly the consecutive hours that break a rule — a
// limit passed (not reached), valid flags only, no missing hour inside a run;
// a hot spot needs both the ratio and the excess over enough neighbours.
#include "core/monitoring_rules.h"

#include <gtest/gtest.h>

#include "core/problem_rules.h"

namespace lantian {
namespace {

StationHour hour(int64_t h, int32_t so2, char flag = 'N') {
  StationHour x;
  x.station_id = 1, x.hour = h;
  x.milli[0] = so2, x.flags[0] = flag;
  return x;
}

MonitoringRule over(int hours) {
  MonitoringRule r;
  r.name = "t", r.kind = MonitoringKind::over_limit, r.hours = hours;
  return r;
}

constexpr std::array<int32_t, kAqPollutants> kSo2Limit35 = {35'000, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa};

TEST(MonitoringRules, TheShippedRulesLoad) {
  auto r = parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  const MonitoringRule* m = r->monitoring_rule("monitor_over_limit");
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->kind, MonitoringKind::over_limit);
  EXPECT_TRUE(m->watches("enterprise"));
  EXPECT_FALSE(m->watches("micro"));
  EXPECT_EQ(m->hours, 3);
  const MonitoringRule* h = r->monitoring_rule("station_hot_spot");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(h->pollutant, 5);
  EXPECT_EQ(h->min_excess_milli, 50'000);
  EXPECT_NE(r->type(h->problem_type), nullptr);
  EXPECT_NE(r->source(h->source), nullptr);
}

TEST(MonitoringRules, ABadRuleIsRefusedWithItsPlace) {
  const std::string base = R"(
[[sources]]
name = "a"
label = { zh-CN = "甲", en = "A" }
number = "甲〔{year}〕{seq}号"
[[types]]
name = "other"
label = { zh-CN = "其他", en = "Other" }
work_area = "inspection_rectification"
)";
  auto refused = [&](const std::string& rule, const std::string& what) {
    auto r = parse_problem_rules(
        base + "[[monitoring]]\nname = \"m\"\nlabel = { zh-CN = \"监\", en = \"M\" }\n" + rule, "t.toml");
    ASSERT_FALSE(r.ok()) << what;
    EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("t.toml:"), std::string::npos) << r.error().message;
  };
  const std::string good =
      "kind = \"over_limit\"\nstation_kinds = [\"enterprise\"]\nsource = \"a\"\nproblem_type = \"other\"\n";
  ASSERT_TRUE(
      parse_problem_rules(
          base + "[[monitoring]]\nname = \"m\"\nlabel = { zh-CN = \"监\", en = \"M\" }\n" + good, "t.toml")
          .ok());
  refused("kind = \"flood\"\nstation_kinds = [\"enterprise\"]\nsource = \"a\"\nproblem_type = \"other\"\n",
          "unknown kind \"flood\"");
  refused(
      "kind = \"over_limit\"\nstation_kinds = [\"satellite\"]\nsource = \"a\"\nproblem_type = \"other\"\n",
      "unknown station kind \"satellite\"");
  refused(
      "kind = \"over_limit\"\nstation_kinds = [\"enterprise\"]\nsource = \"b\"\nproblem_type = \"other\"\n",
      "unknown source \"b\"");
  refused(good + "hours = 0\n", "\"hours\" must be 1..72");
  refused(good + "pollutant = \"pm1\"\n", "unknown pollutant \"pm1\"");
  refused(good + "colour = \"red\"\n", "unknown key");
}

TEST(OverLimitRuns, NeedEnoughConsecutiveHoursAbovetheLimit) {
  // 100–102 over (36 > 35), 103 at the limit (not over), 104–105 over, 107 over.
  std::vector<StationHour> hs = {hour(100, 36'000), hour(101, 90'000), hour(102, 35'001), hour(103, 35'000),
                                 hour(104, 40'000), hour(105, 40'000), hour(107, 40'000)};
  auto runs = over_limit_runs(over(3), hs, kSo2Limit35);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].first_hour, 100);
  EXPECT_EQ(runs[0].last_hour, 102);
  EXPECT_EQ(runs[0].pollutants, 1);
  EXPECT_EQ(runs[0].hours.size(), 3u);
  // Two hours are enough for a two-hour rule; 107 stands alone (106 is missing).
  runs = over_limit_runs(over(2), hs, kSo2Limit35);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[1].first_hour, 104);
  EXPECT_EQ(runs[1].last_hour, 105);
  // No limit for the pollutant: nothing.
  std::array<int32_t, kAqPollutants> none;
  none.fill(kAqNa);
  EXPECT_TRUE(over_limit_runs(over(1), hs, none).empty());
}

TEST(OverLimitRuns, CountOnlyValidReadings) {
  // T (over the limit) is a real reading; M (maintenance) is not.
  std::vector<StationHour> hs = {hour(1, 50'000, 'T'), hour(2, 50'000, 'M'), hour(3, 50'000),
                                 hour(4, 50'000, 'T')};
  auto runs = over_limit_runs(over(2), hs, kSo2Limit35);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].first_hour, 3);
  EXPECT_EQ(runs[0].last_hour, 4);
}

TEST(HotSpotRuns, NeedTheRatioTheExcessAndEnoughNeighbours) {
  MonitoringRule r;
  r.kind = MonitoringKind::hot_spot, r.hours = 2, r.pollutant = 5, r.min_neighbours = 2;
  r.ratio_percent = 200, r.min_excess_milli = 50'000;
  auto pm = [](int64_t h, int32_t v) {
    StationHour x;
    x.hour = h, x.milli[5] = v, x.flags[5] = 'N';
    return x;
  };
  std::map<int64_t, std::vector<int32_t>> nb = {
      {1, {60'000, 40'000, 50'000}},  // median 50: 110 is 2.2× and +60 → hot
      {2, {50'000, 50'000}},          // median 50: 100 is 2× and +50 → hot (both at the boundary)
      {3, {50'000, 50'000}},          // 99: under twice
      {4, {20'000, 20'000}},          // 60 is 3× but only +40 → not hot
      {5, {50'000}},                  // one neighbour: too few
  };
  std::vector<StationHour> hs = {pm(1, 110'000), pm(2, 100'000), pm(3, 99'000), pm(4, 60'000),
                                 pm(5, 300'000)};
  auto runs = hot_spot_runs(r, hs, nb);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].first_hour, 1);
  EXPECT_EQ(runs[0].last_hour, 2);
  EXPECT_EQ(runs[0].hours[0].neighbours_median, 50'000);
  EXPECT_EQ(runs[0].hours[0].neighbours, 3);
}

TEST(Median, OfOddAndEvenCounts) {
  std::vector<int32_t> odd = {5, 1, 3}, even = {4, 1, 3, 2}, none;
  EXPECT_EQ(median(odd), 3);
  EXPECT_EQ(median(even), 2);  // (2 + 3) / 2 rounded down
  EXPECT_EQ(median(none), kAqNa);
}

}  // namespace
}  // namespace lantian
