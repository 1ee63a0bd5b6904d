// AlertService (app/alert_service.h) on both databases: who may enter
// forecasts and move alerts, what the current forecast suggests, the moves
// refused when they go the wrong way, the history with its levels and
// notices, and the CAP message of each move.
#include "app/alert_service.h"

#include <gtest/gtest.h>

#include "core/roles.h"
#include "store/evidence_store.h"
#include "support/test_database.h"

namespace lantian::app {
namespace {

// 2017-12-18T09:00:00+08:00.
const TimePoint kNow = *parse_time("2017-12-18T01:00:00Z");

Actor as(const std::string& role) {
  Actor a;
  a.user_id = 0, a.username = role, a.roles = {role};
  a.grant = grant_for(a.roles);
  return a;
}

class AlertServiceTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    store_ = store::database_evidence_store(*db_);
    evidence_ = std::make_unique<EvidenceService>(*db_, *store_, clock_);
    svc_ = std::make_unique<AlertService>(*db_, clock_, *evidence_);
  }
  std::vector<ForecastInput> days(std::vector<int> aqis, const std::string& issued = "2017-12-18") {
    std::vector<ForecastInput> out;
    for (size_t i = 0; i < aqis.size(); ++i)
      out.push_back({std::nullopt, issued, format_date(*parse_date("2017-12-18") + std::chrono::days(i)),
                     aqis[i], "PM2.5", "开封市环境监测站"});
    return out;
  }
  ManualClock clock_{kNow};
  std::shared_ptr<store::EvidenceStore> store_;
  std::unique_ptr<EvidenceService> evidence_;
  std::unique_ptr<AlertService> svc_;
};

TEST_P(AlertServiceTest, OnlyTheOfficeEntersForecastsAndEveryReaderSeesTheDecision) {
  auto denied = svc_->enter_forecasts(as("unit_leader"), days({230}));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, "not_permitted");
  auto stored = svc_->enter_forecasts(as("campaign_office"), days({150, 230, 240, 180}));
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  EXPECT_EQ(*stored, 4);
  auto d = svc_->decision(as("viewer"));
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->from, "2017-12-18");
  ASSERT_TRUE(d->decision.level);
  EXPECT_EQ(d->decision.level->code, "yellow");
  EXPECT_EQ(d->suggestion, "issue");
  EXPECT_EQ(d->hours_left, 15);                        // 09:00 on the 18th to 00:00 on the 19th
  EXPECT_FALSE(d->lead_time_short);                    // yellow asks for no lead time
  EXPECT_FALSE(svc_->decision(as("data_feed")).ok());  // a push account reads nothing
  // A later issue of the same days replaces the forecast the decision uses.
  ASSERT_TRUE(svc_->enter_forecasts(as("campaign_office"), days({150, 120, 110}, "2017-12-18")).ok());
  d = svc_->decision(as("viewer"));
  EXPECT_FALSE(d->decision.level);
  EXPECT_EQ(d->suggestion, "");
}

TEST_P(AlertServiceTest, MovesGoTheRightWayAndKeepTheirLevelsAndNotices) {
  const Actor office = as("campaign_office");
  ASSERT_TRUE(svc_->enter_forecasts(office, days({150, 230, 310, 250})).ok());
  EXPECT_EQ(svc_->issue(as("inspector"), {"orange", "", "", ""}).error().code, "not_permitted");
  auto a = svc_->issue(office, {"orange", "2017-12-19T00:00:00+08:00", "", "据预报"});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->alert.number, "2017-001");
  EXPECT_EQ(a->alert.expires_at.value_or(""), "2017-12-21T16:00:00.000Z");
  EXPECT_EQ(a->actions, (std::vector<std::string>{"upgrade", "downgrade", "lift"}));
  EXPECT_EQ(svc_->issue(office, {"red", "", "", ""}).error().code, "alert_in_force");
  const int64_t id = a->alert.id;

  auto wrong = svc_->act(office, id, {"downgrade", 1, "red", "", "", "", {}});
  ASSERT_FALSE(wrong.ok());
  ASSERT_EQ(wrong.error().fields.size(), 1u);
  EXPECT_EQ(wrong.error().fields[0].code, "alert_level_not_lower");
  EXPECT_EQ(svc_->act(office, id, {"upgrade", 1, "orange", "", "", "", {}}).error().fields[0].code,
            "alert_level_not_higher");
  EXPECT_EQ(svc_->act(office, id, {"upgrade", 1, "violet", "", "", "", {}}).error().fields[0].code,
            "alert_level_unknown");
  EXPECT_EQ(svc_->act(as("viewer"), id, {"lift", 1, "", "", "", "", {}}).error().code, "office_only");
  EXPECT_EQ(svc_->act(office, id, {"lift", 1, "", "tomorrow", "", "", {}}).error().fields[0].code,
            "not_a_time");
  EXPECT_EQ(svc_->act(office, id, {"lift", 9, "", "", "", "", {}}).error().code, "stale_version");

  auto red = svc_->act(office, id, {"upgrade", 1, "red", "", "", "加重", {}});
  ASSERT_TRUE(red.ok()) << red.error().message;
  EXPECT_EQ(red->actions, (std::vector<std::string>{"downgrade", "lift"}));
  auto lifted = svc_->act(office, id, {"lift", 2, "", "2017-12-22T12:00:00+08:00", "", "", {}});
  ASSERT_TRUE(lifted.ok()) << lifted.error().message;
  EXPECT_EQ(lifted->alert.status, "lifted");
  EXPECT_TRUE(lifted->actions.empty());
  ASSERT_EQ(lifted->history.size(), 3u);
  EXPECT_EQ(lifted->history[0].event.note, "据预报");
  EXPECT_EQ(lifted->history[1].step.from_level, "orange");
  EXPECT_EQ(lifted->history[1].step.to_level, "red");
  EXPECT_NE(lifted->history[1].step.document.find("升级为红色预警"), std::string::npos);
  EXPECT_NE(lifted->history[1].step.document.find("30%"), std::string::npos);
  EXPECT_NE(lifted->history[2].step.document.find("解除重污染天气红色预警"), std::string::npos);
  EXPECT_NE(lifted->history[2].step.document.find("2017年12月22日12时"), std::string::npos);
  EXPECT_EQ(svc_->act(office, id, {"lift", 3, "", "", "", "", {}}).error().code,
            "workflow_action_not_allowed");

  // Red two days ahead: 39 hours left, 24 needed; tomorrow: 15 hours, short.
  ASSERT_TRUE(svc_->enter_forecasts(office, days({150, 150, 500})).ok());
  auto red_ahead = svc_->decision(as("viewer"));
  EXPECT_EQ(red_ahead->decision.level->code, "red");
  EXPECT_EQ(red_ahead->lead_hours, 24);
  EXPECT_EQ(red_ahead->hours_left, 39);
  EXPECT_FALSE(red_ahead->lead_time_short);
  ASSERT_TRUE(svc_->enter_forecasts(office, days({150, 500, 150})).ok());
  EXPECT_TRUE(svc_->decision(as("viewer"))->lead_time_short);

  auto cap = svc_->cap(as("viewer"), id);
  ASSERT_TRUE(cap.ok()) << cap.error().message;
  EXPECT_NE(cap->find("<msgType>Cancel</msgType>"), std::string::npos);
  EXPECT_NE(cap->find("<responseType>AllClear</responseType>"), std::string::npos);
  auto first = svc_->cap(as("viewer"), id, lifted->history[0].step.event_id);
  EXPECT_NE(first->find("<msgType>Alert</msgType>"), std::string::npos);
  EXPECT_NE(first->find("<severity>Severe</severity>"), std::string::npos);  // orange
  EXPECT_EQ(first->find("<references>"), std::string::npos);
  auto list = svc_->list(office, "", 10);
  EXPECT_EQ(list->actions, std::vector<std::string>{"issue"});
  EXPECT_TRUE(svc_->list(as("viewer"), "", 10)->actions.empty());
  EXPECT_EQ(svc_->list(office, "open", 10).error().fields[0].code, "unknown_status");
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::app
