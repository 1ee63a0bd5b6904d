// Forecasts and heavy-pollution alerts (store/alerts_repo.h) on both
// databases: a forecast day entered again replaces its row, the current
// forecast is the latest issued per day, alerts are numbered per year and
// updated only at their version, and each move's step reads back in order.
#include "store/alerts_repo.h"

#include <gtest/gtest.h>

#include "store/workflow_events_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2017-12-18T02:00:00.000Z";

class AlertsRepoTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    exec(
        "INSERT INTO units (id, path, name, kind, created_at, updated_at) "
        "VALUES (1, '/1/', '禹王台区', 'district', $1, $1)");
  }
  template <typename F>
  void write(F&& f) {
    Status st = db_->write([&](Tx& tx) -> Status { return f(tx); });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  template <typename F>
  void read(F&& f) {
    Status st = db_->read([&](Tx& tx) -> Status { return f(tx); });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  static Forecast day(const std::string& issued, const std::string& d, int aqi) {
    Forecast f;
    f.issued_on = issued, f.day = d, f.aqi = aqi, f.primary_pollutant = "PM2.5", f.source = "市环境监测站";
    return f;
  }
  static Alert alert(int year, int64_t seq, const std::string& level) {
    Alert a;
    a.year = year, a.seq = seq, a.number = std::to_string(year) + "-" + std::to_string(seq);
    a.level = level, a.status = "in_force", a.standard = "unified_2017";
    a.issued_at = a.effective_at = kNow;
    a.episode_first = "2017-12-19", a.episode_last = "2017-12-21", a.peak_aqi = 320;
    a.reasons = R"({"level":"orange"})";
    return a;
  }
};

TEST_P(AlertsRepoTest, AForecastDayEnteredAgainReplacesItsRowAndTheLatestIssuedIsCurrent) {
  write([&](Tx& tx) {
    std::vector<Forecast> first = {day("2017-12-17", "2017-12-18", 180), day("2017-12-17", "2017-12-19", 230),
                                   day("2017-12-17", "2017-12-20", 250)};
    return alerts::put_forecasts(tx, first, kNow);
  });
  write([&](Tx& tx) {
    // The same issue corrected, and a newer issue for the 19th and 21st.
    std::vector<Forecast> again = {day("2017-12-17", "2017-12-18", 190), day("2017-12-18", "2017-12-19", 310),
                                   day("2017-12-18", "2017-12-21", 260)};
    Forecast unit = day("2017-12-18", "2017-12-19", 400);
    unit.unit_id = 1;
    again.push_back(unit);
    return alerts::put_forecasts(tx, again, kNow);
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto all, alerts::forecasts(tx, std::nullopt, "2017-12-18", "2017-12-31"));
    EXPECT_EQ(all.size(), 5u);  // 18th once, 19th twice, 20th, 21st
    LT_ASSIGN(auto cur, alerts::current_forecast(tx, std::nullopt, "2017-12-18", "2017-12-31"));
    EXPECT_EQ(cur.size(), 4u);
    EXPECT_EQ(cur[0].aqi, 190);
    EXPECT_EQ(cur[1].aqi, 310);
    EXPECT_EQ(cur[1].issued_on, "2017-12-18");
    EXPECT_EQ(cur[1].source, "市环境监测站");
    EXPECT_FALSE(cur[1].unit_id);
    LT_ASSIGN(auto later, alerts::current_forecast(tx, std::nullopt, "2017-12-20", "2017-12-20"));
    EXPECT_EQ(later.size(), 1u);
    LT_ASSIGN(auto unit, alerts::current_forecast(tx, int64_t(1), "2017-12-01", "2017-12-31"));
    EXPECT_EQ(unit.size(), 1u);
    EXPECT_EQ(unit[0].aqi, 400);
    return {};
  });
}

TEST_P(AlertsRepoTest, AlertsAreNumberedPerYearAndUpdatedAtTheirVersion) {
  Alert a;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(int64_t seq, alerts::next_seq(tx, 2017));
    EXPECT_EQ(seq, 1);
    LT_ASSIGN(a, alerts::insert(tx, alert(2017, seq, "orange"), kNow));
    LT_ASSIGN(int64_t next, alerts::next_seq(tx, 2017));
    EXPECT_EQ(next, 2);
    LT_ASSIGN(int64_t other, alerts::next_seq(tx, 2018));
    EXPECT_EQ(other, 1);
    return {};
  });
  EXPECT_EQ(a.version, 1);
  Status dup = db_->write([&](Tx& tx) -> Status {
    LT_TRY(alerts::insert(tx, alert(2017, 1, "red"), kNow));
    return {};
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().kind, ErrorKind::conflict);

  Alert up = a;
  up.level = "red", up.upgraded_at = "2017-12-19T00:00:00.000Z", up.peak_aqi = 500;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(bool ok, alerts::update(tx, up, kNow));
    EXPECT_TRUE(ok);
    LT_ASSIGN(bool stale, alerts::update(tx, up, kNow));  // the version moved on
    EXPECT_FALSE(stale);
    return {};
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto got, alerts::get(tx, a.id));
    EXPECT_TRUE(got.has_value());
    EXPECT_EQ(got->level, "red");
    EXPECT_EQ(got->version, 2);
    EXPECT_EQ(got->upgraded_at.value_or(""), "2017-12-19T00:00:00.000Z");
    EXPECT_FALSE(got->lifted_at);
    EXPECT_EQ(got->peak_aqi.value_or(0), 500);
    EXPECT_EQ(got->episode_first.value_or(""), "2017-12-19");
    EXPECT_EQ(got->reasons, R"({"level":"orange"})");
    LT_ASSIGN(auto none, alerts::get(tx, a.id + 100));
    EXPECT_FALSE(none.has_value());
    return {};
  });
}

TEST_P(AlertsRepoTest, StepsReadBackByAlertInOrderAndListsFilterByStatus) {
  Alert a, b;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(a, alerts::insert(tx, alert(2017, 1, "yellow"), kNow));
    Alert lifted = alert(2017, 2, "blue");
    lifted.status = "lifted";
    LT_ASSIGN(b, alerts::insert(tx, lifted, kNow));
    for (auto [id, action, from, to] :
         {std::tuple{a.id, "issue", "", "yellow"}, std::tuple{b.id, "issue", "", "blue"},
          std::tuple{a.id, "upgrade", "yellow", "orange"}, std::tuple{b.id, "lift", "blue", ""}}) {
      workflow_events::Event e;
      e.workflow = "alert", e.record_id = id, e.action = action, e.from_state = "in_force";
      e.to_state = std::string(action) == "lift" ? "lifted" : "in_force", e.at = kNow;
      LT_ASSIGN(int64_t ev, workflow_events::insert(tx, e));
      AlertStep s;
      s.event_id = ev, s.alert_id = id, s.action = action, s.from_level = from, s.to_level = to;
      s.effective_at = kNow, s.document = std::string("通知：") + action;
      LT_TRY(alerts::insert_step(tx, s));
    }
    return {};
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto sa, alerts::steps(tx, a.id));
    EXPECT_EQ(sa.size(), 2u);
    EXPECT_EQ(sa[0].action, "issue");
    EXPECT_EQ(sa[1].from_level, "yellow");
    EXPECT_EQ(sa[1].to_level, "orange");
    EXPECT_EQ(sa[1].document, "通知：upgrade");
    LT_ASSIGN(auto both, alerts::steps_of(tx, {b.id, a.id}));
    EXPECT_EQ(both.size(), 4u);
    EXPECT_EQ(both[0].alert_id, a.id);
    EXPECT_EQ(both[3].action, "lift");
    LT_ASSIGN(auto all, alerts::list(tx, {}, 10));
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, b.id);  // newest first
    LT_ASSIGN(auto open, alerts::list(tx, {"in_force"}, 10));
    EXPECT_EQ(open.size(), 1u);
    EXPECT_EQ(open[0].id, a.id);
    LT_ASSIGN(auto one, alerts::list(tx, {}, 1));
    EXPECT_EQ(one.size(), 1u);
    return {};
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertsRepoTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
