// The station kinds and data flags of core/air_quality.h as data.
#include "core/air_quality.h"

#include <gtest/gtest.h>

namespace lantian {
namespace {

TEST(AirQuality, OnlyNormalAndOverTheLimitReadingsCountForTheAqi) {
  std::string valid;
  for (const auto& f : data_flags())
    if (f.valid) valid += f.code;
  EXPECT_EQ(valid, "NT");
  ASSERT_NE(find_data_flag('M'), nullptr);
  EXPECT_EQ(find_data_flag('M')->label_zh, "维护");
  EXPECT_EQ(find_data_flag('x'), nullptr);
  EXPECT_EQ(find_data_flag(kFlagMissing), nullptr);
}

TEST(AirQuality, StationKindsAreFoundByCode) {
  ASSERT_NE(find_station_kind("micro"), nullptr);
  EXPECT_EQ(find_station_kind("micro")->label_zh, "微站");
  EXPECT_EQ(find_station_kind("Micro"), nullptr);
  EXPECT_EQ(station_kinds().size(), 5u);
}

TEST(AirQuality, AStationHourIsTheSameDataWhenReadingsAndFlagsAre) {
  StationHour a, b;
  a.milli[5] = 35000, a.flags[5] = 'N';
  b = a;
  b.source = "push";  // where it came from does not make it new data
  EXPECT_TRUE(a.same_data(b));
  b.flags[5] = 'M';
  EXPECT_FALSE(a.same_data(b));
  EXPECT_EQ(a.flag_text(), "-----N");
}

}  // namespace
}  // namespace lantian
