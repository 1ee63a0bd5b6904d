// The engine against what CNEMC published: every row of the real files in
// tests/fixtures/aq (copied from the shared data, see its README.md) that
// has a published AQI must get the same AQI, and the same primary
// pollutant(s) where the file gives them (CNEMC). And the daily rules
// against CNEMC's published 24-hour means and daily maximum 8-hour O3 of
// 2023-01-22 (the values published at 2023-01-23 00:00 cover that natural
// day). Prints the match counts; fails on any mismatch, listing the first.
//
// CNEMC's 24-hour value is a real-time sliding mean of whatever hours there
// were: 3147A's PM10 of 2023-01-22 (280) is the mean of 9 hours. The daily
// rule (≥ 20 hours) makes that item missing; the test checks that, and that
// the mean of the 9 hours is 280.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "aq/daily.h"
#include "aq/decimal.h"
#include "aq/hourly.h"
#include "aq/rounding.h"
#include "io/aq_csv.h"

namespace lantian {
namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/aq/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Tally {
  int rows = 0, matched = 0;
  std::vector<std::string> first_mismatches;
  void add(bool ok, const std::string& what) {
    ++rows;
    if (ok) {
      ++matched;
    } else if (first_mismatches.size() < 10) {
      first_mismatches.push_back(what);
    }
  }
};

std::string describe(const io::AqHour& h, const aq::HourlyAqi& r) {
  std::string s = "line " + std::to_string(h.line) + " " + h.station + " " + io::format_hour_end(h.time) +
                  ": published " + std::to_string(h.published.aqi);
  if (h.published.primary) s += " " + aq::to_string(*h.published.primary);
  s += ", computed " + std::to_string(r.summary.aqi) + " " + aq::to_string(r.summary.primary);
  return s;
}

TEST(RealData, EveryPublishedHourlyAqiAndPrimaryPollutant) {
  // The published rows of each file: if the reader dropped some, the
  // count would say so.
  const std::vector<std::pair<std::string, int>> files = {
      {"cnemc_national_sample.csv", 1640},
      {"cnemc_kaifeng_hourly.csv", 646},
      {"cnemc_edge_cases.csv", 73},
      {"quotsoft_china_sites_20180101.csv", 24679},
      {"quotsoft_kaifeng_zhengzhou_20180101.csv", 182},
  };
  Tally all;
  int with_primary = 0;
  for (const auto& [name, expected] : files) {
    auto data = io::read_aq_hours(fixture(name));
    ASSERT_TRUE(data.ok()) << name << ": " << data.error().message;
    Tally t;
    for (const auto& h : data->hours) {
      if (h.published.aqi == aq::kIndexNa) continue;
      const aq::Edition e = aq::edition_for_day(aq::day_hour(h.time).day);
      ASSERT_EQ(e, aq::Edition::hj633_2012);
      const aq::HourlyAqi r = aq::hourly_aqi(h.input, e);
      bool ok = r.summary.aqi == h.published.aqi;
      if (h.published.primary) {
        ok = ok && r.summary.primary == *h.published.primary;
        ++with_primary;
      }
      t.add(ok, name + " " + describe(h, r));
    }
    std::cout << name << " (" << io::name(data->format) << "): matched " << t.matched << " of " << t.rows
              << " published hourly AQIs\n";
    EXPECT_EQ(t.rows, expected) << name;
    all.rows += t.rows;
    all.matched += t.matched;
    all.first_mismatches.insert(all.first_mismatches.end(), t.first_mismatches.begin(),
                                t.first_mismatches.end());
  }
  std::cout << "matched " << all.matched << " of " << all.rows
            << " hourly rows (AQI; primary pollutant on the " << with_primary << " CNEMC rows)\n";
  ::testing::Test::RecordProperty("hourly_matched", all.matched);
  ::testing::Test::RecordProperty("hourly_rows", all.rows);
  EXPECT_EQ(all.matched, all.rows);
  for (const auto& m : all.first_mismatches) ADD_FAILURE() << m;
}

TEST(RealData, DailyMeansAndMaximum8hOzoneOf20230122) {
  auto data = io::read_aq_hours(fixture("cnemc_kaifeng_hourly.csv"));
  ASSERT_TRUE(data.ok()) << data.error().message;
  const Date day = *parse_date("2023-01-22");
  std::map<std::string, aq::DayHours> days;
  std::map<std::string, const io::AqHour*> at_24;  // the hour ending 2023-01-23 00:00
  for (const auto& h : data->hours) {
    const aq::DayHour dh = aq::day_hour(h.time);
    if (dh.day != day) continue;
    days[h.station].c[dh.index] = h.input.c;
    if (dh.index == 23) at_24[h.station] = &h;
  }
  using P = aq::Pollutant;
  using D = aq::DailyItem;
  const std::array<std::pair<D, P>, 6> items = {{{D::so2, P::so2},
                                                 {D::no2, P::no2},
                                                 {D::co, P::co},
                                                 {D::o3_8h, P::o3},
                                                 {D::pm10, P::pm10},
                                                 {D::pm25, P::pm25}}};
  Tally t;
  int short_days = 0;
  std::set<std::string> stations;
  for (const auto& [station, hours] : days) {
    auto it = at_24.find(station);
    if (it == at_24.end()) continue;
    const auto conc = aq::daily_concentrations(hours);
    for (auto [item, p] : items) {
      const aq::Milli published = it->second->published.day[aq::index(p)];
      if (published == aq::kNa) continue;
      aq::Milli ours = aq::round_gbt8170(p, conc.mean[aq::index(item)]);
      if (item != D::o3_8h && conc.valid_hours[aq::index(p)] < aq::kMinHoursPerDay) {
        EXPECT_EQ(ours, aq::kNa);
        aq::Mean raw;
        for (const auto& hour : hours.c)
          if (hour[aq::index(p)] >= 0) raw = {raw.sum + hour[aq::index(p)], raw.count + 1};
        ours = aq::round_gbt8170(p, raw);
        ++short_days;
        std::cout << station << " " << aq::code(item) << ": " << raw.count
                  << " valid hours: no daily mean (CNEMC's real-time 24-hour value "
                  << aq::format_milli(published, 1) << " is the mean of those hours)\n";
      }
      stations.insert(station);
      t.add(ours == published, station + " " + std::string(aq::code(item)) + ": published " +
                                   aq::format_milli(published, 1) + ", computed " +
                                   (ours == aq::kNa ? "NA" : aq::format_milli(ours, 1)));
    }
  }
  std::cout << "matched " << t.matched << " of " << t.rows << " published daily values of 2023-01-22 ("
            << stations.size() << " stations; 24-hour means and daily maximum 8-hour O3)\n";
  ::testing::Test::RecordProperty("daily_matched", t.matched);
  EXPECT_EQ(t.rows, 102);  // 17 stations with data × 6
  EXPECT_EQ(t.matched, t.rows);
  EXPECT_EQ(short_days, 1);
  for (const auto& m : t.first_mismatches) ADD_FAILURE() << m;
}

}  // namespace
}  // namespace lantian
