// AqService (app/aq_service.h) on both databases: stations are registered by
// the office only, with unique codes; hourly data is idempotent per
// station-hour (added / changed / unchanged), bad readings are reported by
// index and the rest kept, and a station's hours come back with the hourly
// AQI of their edition, invalid-flagged values left out.
#include "app/aq_service.h"

#include <gtest/gtest.h>

#include "core/roles.h"
#include "support/test_database.h"

namespace lantian::app {
namespace {

// 2026-12-06T12:30:00+08:00 → the hour in progress ends at 13:00 Beijing time.
const TimePoint kNow = TimePoint(std::chrono::milliseconds(1'796'531'400'000LL));

Actor as(const std::string& role) {
  Actor a;
  a.user_id = 1, a.username = role, a.roles = {role};
  a.grant = grant_for(a.roles);
  return a;
}

class AqServiceTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    d_ = add_district("西湖村");
  }
  ManualClock clock_{kNow};
  District d_;
};

HourReading reading(const std::string& station, int64_t hour, int32_t pm25, char flag = 0) {
  HourReading r;
  r.station = station, r.hour = hour;
  r.milli = {8000, 30000, 700, 60000, 80000, pm25};
  r.flags[5] = flag;
  return r;
}

TEST_P(AqServiceTest, OnlyTheOfficeRegistersStationsAndCodesAreUnique) {
  AqService svc(*db_, clock_);
  StationInput in{"410205051",   "汪屯乡微站", "micro", LngLat{114.39, 34.75},
                  d_.wangtun.id, std::nullopt, true};
  auto denied = svc.register_station(as("unit_staff"), in);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "not_permitted");
  auto s = svc.register_station(as("campaign_office"), in);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->unit_path, d_.wangtun.path);
  auto again = svc.register_station(as("campaign_office"), in);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, "aq_station_code_taken");
  in.code = "x", in.kind = "satellite";
  auto bad = svc.register_station(as("campaign_office"), in);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "kind");
  auto seen = svc.stations(as("viewer"));
  ASSERT_TRUE(seen.ok());
  EXPECT_EQ(seen->size(), 1u);
}

TEST_P(AqServiceTest, HoursAreIdempotentAndBadReadingsAreReportedByIndex) {
  AqService svc(*db_, clock_);
  const Actor office = as("campaign_office");
  ASSERT_TRUE(svc.register_station(office, {"1001A", "开封市监测站", "national", std::nullopt, std::nullopt,
                                            std::nullopt, true})
                  .ok());
  const int64_t now = svc.current_hour();
  EXPECT_EQ(format_hour(now), "2026-12-06T13:00:00");
  std::vector<HourReading> day;
  for (int i = 0; i < 24; ++i) day.push_back(reading("1001A", now - 24 + i, 35000 + 1000 * i));
  auto first = svc.ingest(office, "push", day);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(first->added, 24);
  auto same = svc.ingest(office, "push", day);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->added, 0);
  EXPECT_EQ(same->unchanged, 24);

  std::vector<HourReading> mixed = {
      reading("1001A", now - 1, 99000, 'M'),  // changed: now under maintenance
      reading("9999X", now - 1, 1000),        // unknown station
      reading("1001A", now + 1, 1000),        // the hour after the one in progress
      reading("1001A", now - 30, -5),         // not a concentration
      reading("1001A", now - 31, 1000, 'Q'),  // not a flag
      reading("1001A", now, 1000),            // the hour in progress: taken (real-time data)
  };
  auto rep = svc.ingest(office, "push", mixed);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->received, 6);
  EXPECT_EQ(rep->changed, 1);
  EXPECT_EQ(rep->added, 1);
  EXPECT_EQ(rep->rejected, 4);
  ASSERT_EQ(rep->issues.size(), 4u);
  EXPECT_EQ(rep->issues[0].index, 1u);
  EXPECT_EQ(rep->issues[0].issue.code, "aq_station_unknown");
  EXPECT_EQ(rep->issues[1].issue.code, "aq_hour_in_future");
  EXPECT_EQ(rep->issues[2].issue.code, "aq_value_out_of_range");
  EXPECT_EQ(rep->issues[3].issue.code, "aq_flag_unknown");

  auto denied = svc.ingest(as("unit_staff"), "push", day);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "not_permitted");

  // Read back with the hourly AQI of HJ 633-2026 (December 2026): PM2.5's
  // 1-hour value on its 24-hour table (35 → 50, 60 → 100), so 57 µg/m³ →
  // IAQI 94 (HJ 633-2012's table, 35 → 50 and 75 → 100, would give 78); the
  // maintenance hour's PM2.5 is left out.
  auto stations = svc.stations(office);
  auto hours = svc.station_hours(office, stations->front().id, now - 24, now);
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 25u);
  const HourView& h23 = (*hours)[23];  // 35 + 23 = 58 µg/m³, flagged M
  EXPECT_EQ(h23.hour.flags[5], 'M');
  EXPECT_EQ(h23.aqi.iaqi[5], aq::kIndexNa);
  const HourView& h22 = (*hours)[22];  // 57 µg/m³
  EXPECT_EQ(h22.hour.milli[5], 57000);
  EXPECT_EQ(h22.aqi.iaqi[5], 94);
}

TEST_P(AqServiceTest, AnHj212HourlyUploadFromAKnownStationIsStoredAndAnswered) {
  AqService svc(*db_, clock_);
  StationInput in{"410205051", "汪屯乡微站", "micro", std::nullopt, d_.wangtun.id, std::nullopt, true};
  in.hj212_password = "123456";
  ASSERT_TRUE(svc.register_station(as("campaign_office"), in).ok());
  // 2061 names the hour by its start: 11:00 → the hour ending 12:00. Flag 5:
  // HJ 212-2017, an answer asked for.
  auto packet = [](const std::string& pw, const std::string& mn = "410205051",
                   const std::string& cn = "2061") {
    auto p = io::parse_packet("QN=20261206120000001;ST=22;CN=" + cn + ";PW=" + pw + ";MN=" + mn +
                              ";Flag=5;CP=&&DataTime=20261206110000;a34004-Avg=57,a34004-Flag=N;"
                              "a34002-Avg=80,a34002-Flag=M;a21005-Avg=0.7&&");
    EXPECT_TRUE(p.ok()) << p.error().message;
    return std::move(p).value();
  };
  auto got = svc.take_hj212(packet("123456"));
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->result, Hj212Result::stored);
  ASSERT_TRUE(got->reply.has_value());
  EXPECT_NE(got->reply->find("CN=9014"), std::string::npos);
  EXPECT_NE(got->reply->find("QN=20261206120000001"), std::string::npos);
  auto hours = svc.station_hours(as("viewer"), svc.stations(as("viewer"))->front().id, 0, svc.current_hour());
  ASSERT_TRUE(hours.ok());
  ASSERT_EQ(hours->size(), 1u);
  const StationHour& h = (*hours)[0].hour;
  EXPECT_EQ(format_hour(h.hour), "2026-12-06T12:00:00");
  EXPECT_EQ(h.source, "hj212");
  EXPECT_EQ(h.milli[5], 57000);
  EXPECT_EQ(h.milli[4], 80000);
  EXPECT_EQ(h.flags[4], 'M');
  EXPECT_EQ(h.milli[2], 700);
  EXPECT_EQ(h.flag_text(), "--N-MN");

  // Sent again (no answer reached the device): unchanged, answered again.
  EXPECT_EQ(svc.take_hj212(packet("123456"))->result, Hj212Result::stored);
  auto wrong = svc.take_hj212(packet("654321"));
  EXPECT_EQ(wrong->result, Hj212Result::bad_password);
  EXPECT_FALSE(wrong->reply.has_value());
  EXPECT_EQ(svc.take_hj212(packet("123456", "999"))->result, Hj212Result::unknown_station);
  auto realtime = svc.take_hj212(packet("123456", "410205051", "2011"));
  EXPECT_EQ(realtime->result, Hj212Result::acknowledged);
  EXPECT_TRUE(realtime->reply.has_value());
  EXPECT_EQ(svc.take_hj212(packet("123456", "410205051", "1011"))->result, Hj212Result::unsupported_command);
}

INSTANTIATE_TEST_SUITE_P(Backends, AqServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::app
