// Monitoring → action (app/aq_monitoring_service.h) on both databases: an
// enterprise monitor over its limit for three hours opens one problem,
// assigned to its unit with the readings in it; scanning again, or the run
// growing, opens no second one; a new run after the gap does; a micro
// station far above its neighbours opens a hot-spot problem; scans run at
// once from several threads open each episode once.
#include "app/aq_monitoring_service.h"

#include <gtest/gtest.h>

#include <thread>

#include "app/aq_service.h"
#include "app/evidence_service.h"
#include "core/roles.h"
#include "store/aq_repo.h"
#include "store/evidence_store.h"
#include "support/test_database.h"

namespace lantian::app {
namespace {

// 2026-12-06T12:30:00+08:00: the hour in progress ends at 13:00.
const TimePoint kNow = TimePoint(std::chrono::milliseconds(1'796'531'400'000LL));

Actor as(const std::string& role) {
  Actor a;
  a.user_id = 1, a.username = role, a.roles = {role};
  a.grant = grant_for(a.roles);
  return a;
}

int64_t at(const char* time) { return *parse_hour(time); }

class AqMonitoringTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    d_ = add_district("西湖村");
    evidence_store_ = store::database_evidence_store(*db_);
    evidence_ = std::make_unique<EvidenceService>(*db_, *evidence_store_, clock_);
    problems_ = std::make_unique<ProblemService>(
        *db_, clock_, *evidence_, nullptr,
        [cal = std::make_shared<const WorkCalendar>(test::shipped_calendar())] { return cal; });
    StationInput stack{"EN-1",        "化工厂排口", "enterprise", LngLat{114.39, 34.76},
                       d_.wangtun.id, std::nullopt, true};
    add(stack, {35'000, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa});  // SO2 35 mg/m³
    add({"TW", "汪屯乡站", "township", LngLat{114.40, 34.76}, d_.wangtun.id, std::nullopt, true});
    add({"TN", "南郊乡站", "township", LngLat{114.38, 34.75}, d_.nanjiao.id, std::nullopt, true});
    add({"MW", "汪屯村微站", "micro", LngLat{114.395, 34.765}, d_.wangtun.id, std::nullopt, true});
    add({"FAR", "远处微站", "micro", LngLat{114.60, 34.90}, d_.nanjiao.id, std::nullopt, true});
  }
  void add(StationInput in,
           std::array<int32_t, kAqPollutants> limits = {kAqNa, kAqNa, kAqNa, kAqNa, kAqNa, kAqNa}) {
    auto s = aq().register_station(office_, in);
    ASSERT_TRUE(s.ok()) << s.error().message;
    if (limits[0] != kAqNa) {
      Station st = *s;
      st.limits = limits;
      Status w = db_->write([&](store::Tx& tx) -> Status {
        LT_ASSIGN(bool ok, store::aq::update_station(tx, st, "2026-12-06T04:00:00.000Z"));
        EXPECT_TRUE(ok);
        return {};
      });
      ASSERT_TRUE(w.ok());
    }
  }
  AqService aq() { return AqService(*db_, clock_); }
  AqMonitoringService monitoring() { return AqMonitoringService(*db_, clock_, *problems_); }
  // Hours first..last (inclusive) of `station` with SO2 and PM2.5 as given.
  void send(const std::string& station, int64_t first, int64_t last, int32_t so2, int32_t pm25 = 50'000) {
    std::vector<HourReading> hs;
    for (int64_t h = first; h <= last; ++h) {
      HourReading r;
      r.station = station, r.hour = h;
      r.milli[0] = so2, r.milli[5] = pm25;
      hs.push_back(r);
    }
    auto rep = aq().ingest(office_, "push", hs);
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    ASSERT_EQ(rep->rejected, 0);
  }
  struct Opened {
    int64_t id;
    std::string source, type, status, description, unit_path;
  };
  std::vector<Opened> opened() {
    std::vector<Opened> out;
    Status st = db_->read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto rows,
                tx.query("SELECT id, source, problem_type, status, description, unit_path FROM problems "
                         "WHERE external_id LIKE 'aq-episode:%' ORDER BY id",
                         {}));
      for (auto& r : rows.rows) out.push_back({r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.str(5)});
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  ManualClock clock_{kNow};
  Actor office_ = as("campaign_office");
  District d_;
  std::unique_ptr<store::EvidenceStore> evidence_store_;
  std::unique_ptr<EvidenceService> evidence_;
  std::unique_ptr<ProblemService> problems_;
};

TEST_P(AqMonitoringTest, AMonitorOverItsLimitOpensOneProblemPerEpisode) {
  send("EN-1", at("2026-12-06T01:00:00"), at("2026-12-06T04:00:00"), 20'000);  // under the limit
  send("EN-1", at("2026-12-06T05:00:00"), at("2026-12-06T07:00:00"), 48'200);  // three hours over
  send("EN-1", at("2026-12-06T08:00:00"), at("2026-12-06T08:00:00"), 20'000);
  auto rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->opened, 1);
  auto problems = opened();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].source, "online_monitoring");
  EXPECT_EQ(problems[0].type, "industrial_emission");
  EXPECT_EQ(problems[0].status, "assigned");
  EXPECT_EQ(problems[0].unit_path, d_.wangtun.path);
  EXPECT_NE(problems[0].description.find("2026-12-06T07:00:00  SO2 48.2（限值 35）"), std::string::npos)
      << problems[0].description;

  // Scanned again: the same episode.
  rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->opened, 0);
  EXPECT_EQ(rep->extended, 1);
  // 08:00 resent over the limit: the run grows, still one problem.
  send("EN-1", at("2026-12-06T08:00:00"), at("2026-12-06T08:00:00"), 50'000);
  rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->opened, 0);
  EXPECT_EQ(opened().size(), 1u);
  // Within the gap (two hours under, then three over): the same episode.
  send("EN-1", at("2026-12-06T09:00:00"), at("2026-12-06T10:00:00"), 20'000);
  send("EN-1", at("2026-12-06T11:00:00"), at("2026-12-06T13:00:00"), 60'000);
  rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok());
  EXPECT_EQ(rep->opened, 0);
  EXPECT_EQ(opened().size(), 1u);
}

TEST_P(AqMonitoringTest, ANewRunAfterTheGapIsANewEpisode) {
  send("EN-1", at("2026-12-06T01:00:00"), at("2026-12-06T03:00:00"), 48'000);
  send("EN-1", at("2026-12-06T04:00:00"), at("2026-12-06T06:00:00"),
       10'000);  // three hours under: past the gap
  send("EN-1", at("2026-12-06T07:00:00"), at("2026-12-06T09:00:00"), 48'000);
  auto rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->opened, 2);
  EXPECT_EQ(opened().size(), 2u);
}

TEST_P(AqMonitoringTest, AMicroStationFarAboveItsNeighboursIsAHotSpot) {
  const int64_t from = at("2026-12-06T05:00:00"), to = at("2026-12-06T07:00:00");
  send("TW", from, to, 10'000, 50'000);
  send("TN", from, to, 10'000, 60'000);
  send("FAR", from, to, 10'000, 10'000);  // 20 km away: no neighbour
  send("MW", from, to, 10'000, 180'000);  // 3.3× the median of TW and TN (55)
  auto rep = monitoring().scan(office_);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  EXPECT_EQ(rep->opened, 1);
  auto problems = opened();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].type, "air_hot_spot");
  EXPECT_EQ(problems[0].unit_path, d_.wangtun.path);
  EXPECT_NE(problems[0].description.find("PM2.5 180（周边 2 个站点中位数 55）"), std::string::npos)
      << problems[0].description;
}

TEST_P(AqMonitoringTest, OnlyTheOfficeScans) {
  auto denied = monitoring().scan(as("unit_leader"));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "not_permitted");
}

TEST_P(AqMonitoringTest, ScansAtOnceOpenEachEpisodeOnce) {
  send("EN-1", at("2026-12-06T05:00:00"), at("2026-12-06T09:00:00"), 48'000);
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] {
      AqMonitoringService svc(*db_, clock_, *problems_);
      if (!svc.scan(office_).ok()) ++failed;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(opened().size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AqMonitoringTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::app
