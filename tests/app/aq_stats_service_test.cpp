// AqStatsService (app/aq_stats_service.h) on both databases: ingest keeps
// each station's stored days equal to what its hours give; an area's air
// comes from its stations of the lowest tier (never micro stations or
// enterprise monitors); rankings order units and stations cleanest first
// with shared ranks; targets are the office's, checked, versioned and
// tracked against the area's days through yesterday.
#include "app/aq_stats_service.h"

#include <gtest/gtest.h>

#include "core/roles.h"
#include "store/aq_repo.h"
#include "support/test_database.h"

namespace lantian::app {
namespace {

// 2026-12-06T12:30:00+08:00: yesterday is 2026-12-05.
const TimePoint kNow = TimePoint(std::chrono::milliseconds(1'796'531'400'000LL));

Actor as(const std::string& role) {
  Actor a;
  a.user_id = 1, a.username = role, a.roles = {role};
  a.grant = grant_for(a.roles);
  return a;
}

Date day(int d) { return Date{std::chrono::year{2026} / 12 / d}; }
constexpr size_t kPm25 = 6;  // aq::DailyItem::pm25

class AqStatsServiceTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    d_ = add_district("西湖村");
    add("N1", "national", d_.district.id);
    add("TW", "township", d_.wangtun.id);
    add("TN", "township", d_.nanjiao.id);
    add("MW", "micro", d_.wangtun.id);
    add("EN", "enterprise", d_.nanjiao.id);
  }
  AqService aq() { return AqService(*db_, clock_); }
  AqStatsService stats() { return AqStatsService(*db_, clock_); }
  void add(const std::string& code, const std::string& kind, int64_t unit) {
    auto s = aq().register_station(office_, {code, code, kind, std::nullopt, unit, std::nullopt, true});
    ASSERT_TRUE(s.ok()) << s.error().message;
    ids_[code] = s->id;
  }
  // Every hour of December 1 … `last` (up to now) at these values (µg/m³; CO 0.7 mg/m³).
  void fill(const std::string& code, int pm25, int last = 5) {
    std::vector<HourReading> hs;
    const int64_t first = *parse_hour("2026-12-01T01:00:00");
    const int64_t now = aq().current_hour();
    for (int64_t h = first; h < first + 24 * last && h <= now; ++h) {
      HourReading r;
      r.station = code, r.hour = h;
      r.milli = {8000, 30000, 700, 60000, 80000, pm25 * 1000};
      hs.push_back(r);
    }
    auto rep = aq().ingest(office_, "push", hs);
    ASSERT_TRUE(rep.ok()) << rep.error().message;
    ASSERT_EQ(rep->rejected, 0);
  }
  std::vector<StationDay> stored(const std::string& code) {
    std::vector<StationDay> out;
    Status st = db_->read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(out, store::aq::days(tx, ids_[code], 0, 100'000));
      return {};
    });
    EXPECT_TRUE(st.ok());
    return out;
  }

  ManualClock clock_{kNow};
  Actor office_ = as("campaign_office");
  District d_;
  std::map<std::string, int64_t> ids_;
};

TEST_P(AqStatsServiceTest, StoredDaysFollowEveryWriteOfTheirHours) {
  fill("N1", 60);
  std::vector<StationDay> days = stored("N1");
  ASSERT_EQ(days.size(), 5u);
  auto computed = aq().station_days(office_, ids_["N1"], day(1), day(5));
  ASSERT_TRUE(computed.ok());
  ASSERT_EQ(computed->size(), 5u);
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(days[i], station_day(ids_["N1"], (*computed)[i].day, (*computed)[i].aqi, 24)) << i;
    EXPECT_EQ(days[i].value[kPm25], 60'000);
    EXPECT_GT(days[i].aqi, 0);
  }
  // Four hours of December 3 sent again, much worse: that day alone changes.
  std::vector<HourReading> worse;
  for (int64_t h = *parse_hour("2026-12-03T01:00:00"); h < *parse_hour("2026-12-03T05:00:00"); ++h) {
    HourReading r;
    r.station = "N1", r.hour = h, r.milli[5] = 300'000;
    worse.push_back(r);
  }
  ASSERT_TRUE(aq().ingest(office_, "push", worse).ok());
  std::vector<StationDay> after = stored("N1");
  ASSERT_EQ(after.size(), 5u);
  EXPECT_EQ(after[1], days[1]);
  EXPECT_EQ(after[2].value[kPm25], 100'000);       // (20 × 60 + 4 × 300) / 24
  EXPECT_EQ(after[2].value[0], days[2].value[0]);  // SO2 kept: not mentioned
  // A day with only a few hours: no means, no AQI (the 2026 missing rule),
  // but the day is there with its hour count.
  std::vector<HourReading> few;
  HourReading r;
  r.station = "N1", r.hour = *parse_hour("2026-12-06T01:00:00"), r.milli[5] = 20'000;
  few.push_back(r);
  ASSERT_TRUE(aq().ingest(office_, "push", few).ok());
  after = stored("N1");
  ASSERT_EQ(after.size(), 6u);
  EXPECT_EQ(after[5].hours, 1);
  EXPECT_EQ(after[5].value[kPm25], kAqNa);
  EXPECT_EQ(after[5].aqi, kAqNa);
}

TEST_P(AqStatsServiceTest, AnAreasAirComesFromItsStationsOfTheLowestTier) {
  fill("N1", 60);
  fill("TW", 40);
  fill("TN", 80);
  fill("MW", 500);  // a micro station in 汪屯乡: never an area's air
  fill("EN", 900);  // a stack monitor: never an area's air
  AqStatsService svc = stats();
  auto district = svc.area_days(as("viewer"), std::nullopt, day(1), day(5));
  ASSERT_TRUE(district.ok()) << district.error().message;
  EXPECT_EQ((*district)->area.unit_id, d_.district.id);
  EXPECT_EQ((*district)->area.tier, 1);  // the control site, not the township stations
  ASSERT_EQ((*district)->area.stations.size(), 1u);
  ASSERT_EQ((*district)->days.size(), 5u);
  EXPECT_EQ((*district)->days[0].value[kPm25], 60'000);
  auto wangtun = svc.area_days(as("viewer"), d_.wangtun.id, day(1), day(5));
  ASSERT_TRUE(wangtun.ok());
  EXPECT_EQ((*wangtun)->area.tier, 2);
  ASSERT_EQ((*wangtun)->area.stations, std::vector<int64_t>{ids_["TW"]});
  EXPECT_EQ((*wangtun)->days[4].value[kPm25], 40'000);
  auto village = svc.area_days(as("viewer"), d_.village.id, day(1), day(5));
  ASSERT_TRUE(village.ok());
  EXPECT_EQ((*village)->area.tier, 0);
  EXPECT_TRUE((*village)->days.empty());
  auto unknown = svc.area_days(as("viewer"), 999'999, day(1), day(5));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "aq_unit_not_found");
  auto too_long = svc.area_days(as("viewer"), std::nullopt, day(1) - std::chrono::days(500), day(1));
  ASSERT_FALSE(too_long.ok());
  ASSERT_EQ(too_long.error().fields.size(), 1u);
  EXPECT_EQ(too_long.error().fields[0].code, "aq_period_too_long");
}

TEST_P(AqStatsServiceTest, RankingsPutTheCleanestFirstAndShareRanksOnTies) {
  fill("N1", 60);
  fill("TW", 40);
  fill("TN", 80);
  fill("MW", 40);
  fill("EN", 900);
  AqStatsService svc = stats();
  auto units = svc.ranking(as("unit_staff"), RankOf::units, RankBy::pm25, day(1), day(5));
  ASSERT_TRUE(units.ok()) << units.error().message;
  ASSERT_EQ((*units)->rows.size(), 2u);  // the townships under the district
  EXPECT_EQ((*units)->rows[0].name, "汪屯乡");
  EXPECT_EQ((*units)->rows[0].rank, 1);
  EXPECT_EQ((*units)->rows[0].stats.value[size_t(aq::PeriodItem::pm25)], 40'000);
  EXPECT_EQ((*units)->rows[1].name, "南郊乡");
  EXPECT_EQ((*units)->rows[1].rank, 2);
  EXPECT_GT((*units)->rows[1].stats.composite, (*units)->rows[0].stats.composite);
  EXPECT_EQ((*units)->rows[0].stats.days, 5);

  auto stations = svc.ranking(as("viewer"), RankOf::stations, RankBy::composite, day(1), day(5));
  ASSERT_TRUE(stations.ok());
  ASSERT_EQ((*stations)->rows.size(), 4u);  // not the enterprise monitor
  EXPECT_EQ((*stations)->rows[0].rank, 1);
  EXPECT_EQ((*stations)->rows[1].rank, 1);  // TW and MW: the same air
  EXPECT_EQ((*stations)->rows[2].code, "N1");
  EXPECT_EQ((*stations)->rows[2].rank, 3);
  EXPECT_EQ((*stations)->rows[3].code, "TN");
  // A period without data: everyone unranked.
  auto empty = svc.ranking(as("viewer"), RankOf::stations, RankBy::pm10, day(20), day(25));
  ASSERT_TRUE(empty.ok());
  for (const auto& r : (*empty)->rows) EXPECT_EQ(r.rank, 0);
}

TEST_P(AqStatsServiceTest, TargetsAreTheOfficesAndTrackedThroughYesterday) {
  fill("N1", 60, 6);  // December 1 … 6: the 6th is today, not counted
  AqStatsService svc = stats();
  TargetInput in;
  in.name = "2026–27 秋冬季", in.unit_id = d_.district.id;
  in.period_from = "2026-12-01", in.period_to = "2026-12-10";
  in.baseline_pm25 = 80'000, in.target_pm25 = 50'000;
  in.baseline_heavy_days = 4, in.target_heavy_days = 3;
  auto denied = svc.create_target(as("unit_leader"), in);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "not_permitted");
  TargetInput bad = in;
  bad.name = "", bad.period_to = "2026-11-30", bad.target_pm25 = -1;
  auto refused = svc.create_target(office_, bad);
  ASSERT_FALSE(refused.ok());
  ASSERT_EQ(refused.error().fields.size(), 3u);
  EXPECT_EQ(refused.error().fields[1].field, "period_to");
  EXPECT_EQ(refused.error().fields[1].code, "before_start");

  auto t = svc.create_target(office_, in);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->through, day(5));
  EXPECT_EQ(t->stations, 1);
  EXPECT_EQ(t->progress.elapsed_days, 5);
  EXPECT_EQ(t->progress.remaining_days, 5);
  EXPECT_EQ(t->progress.pm25_to_date, 60'000);
  EXPECT_EQ(t->progress.pm25_needed, 40'000);  // (50 × 10 − 300) / 5
  EXPECT_EQ(t->progress.pm25_change_permille, -250);
  EXPECT_EQ(t->progress.heavy_days_left, 3);

  in.target_pm25 = 55'000;
  auto edited = svc.update_target(office_, t->target.id, t->target.version, in);
  ASSERT_TRUE(edited.ok()) << edited.error().message;
  EXPECT_EQ(edited->target.version, 2);
  EXPECT_EQ(edited->progress.pm25_needed, 50'000);
  auto stale = svc.update_target(office_, t->target.id, t->target.version, in);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, "stale_version");
  auto all = svc.targets(as("viewer"));
  ASSERT_TRUE(all.ok());
  ASSERT_EQ((*all)->size(), 1u);
  EXPECT_EQ((*all)->front().target.target_pm25, 55'000);
  EXPECT_EQ((*all)->front().target.unit_name, "禹王台区");
  auto missing = svc.target(as("viewer"), 424242);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, "aq_target_not_found");
}

// The dashboard's reads are cached: the same answer object while nothing they
// read changed, a new one as soon as hours, targets or units are written, or
// the clock moves on.
TEST_P(AqStatsServiceTest, AnswersAreSharedUntilAWriteOrTheClockChangesThem) {
  fill("N1", 60);
  fill("TW", 40);
  AqStatsService svc = stats();
  auto rank = [&] { return svc.ranking(as("viewer"), RankOf::units, RankBy::pm25, day(1), day(5)); };
  auto r1 = rank(), r2 = rank();
  ASSERT_TRUE(r1.ok() && r2.ok());
  EXPECT_EQ(r1->get(), r2->get());
  auto l1 = svc.latest(as("viewer")), l2 = svc.latest(as("unit_staff"));
  ASSERT_TRUE(l1.ok() && l2.ok());
  EXPECT_EQ(l1->get(), l2->get());
  auto a1 = svc.area_days(as("viewer"), std::nullopt, day(1), day(5));
  ASSERT_TRUE(a1.ok());

  fill("TW", 90);  // the same hours again, other values: their days are rewritten
  auto r3 = rank();
  ASSERT_TRUE(r3.ok());
  EXPECT_NE(r3->get(), r1->get());
  EXPECT_EQ((*r3)->rows[0].name, "汪屯乡");  // 南郊乡 has no station day: unranked, last
  EXPECT_EQ((*r1)->rows[0].stats.value[size_t(aq::PeriodItem::pm25)], 40'000);
  EXPECT_EQ((*r3)->rows[0].stats.value[size_t(aq::PeriodItem::pm25)], 90'000);
  auto l3 = svc.latest(as("viewer"));
  ASSERT_TRUE(l3.ok());
  EXPECT_NE(l3->get(), l1->get());
  auto a2 = svc.area_days(as("viewer"), std::nullopt, day(1), day(5));
  ASSERT_TRUE(a2.ok());
  EXPECT_NE(a2->get(), a1->get());

  auto t1 = svc.targets(as("viewer"));
  ASSERT_TRUE(t1.ok());
  EXPECT_TRUE((*t1)->empty());
  TargetInput in;
  in.name = "目标", in.unit_id = d_.district.id, in.period_from = "2026-12-01", in.period_to = "2026-12-31";
  ASSERT_TRUE(svc.create_target(office_, in).ok());
  auto t2 = svc.targets(as("viewer"));
  ASSERT_TRUE(t2.ok());
  EXPECT_EQ((*t2)->size(), 1u);

  auto l4 = svc.latest(as("viewer"));
  clock_.advance(std::chrono::hours(1));
  auto l5 = svc.latest(as("viewer"));
  ASSERT_TRUE(l4.ok() && l5.ok());
  EXPECT_EQ((*l5)->hour, (*l4)->hour + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, AqStatsServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::app
