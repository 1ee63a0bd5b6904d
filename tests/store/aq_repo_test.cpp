// Stations and their hourly data (store/aq_repo.h) on both databases: an
// hour is stored once per station, re-sending it replaces it, missing values
// and flags round-trip, and a range reads back in order.
#include "store/aq_repo.h"

#include <gtest/gtest.h>

#include "store/units_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2026-12-06T04:00:00.000Z";

class AqRepoTest : public test::BackendTest {
 protected:
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
  Station add(const std::string& code, const std::string& name) {
    Station s;
    s.code = code, s.name = name, s.kind = "national", s.location = LngLat{114.3712, 34.7651};
    write([&](Tx& tx) -> Status {
      LT_ASSIGN(s, aq::insert_station(tx, s, kNow));
      return {};
    });
    return s;
  }
  static StationHour hour(int64_t station, int64_t h, int32_t pm25, char flag = 'N') {
    StationHour x;
    x.station_id = station, x.hour = h, x.source = "csv", x.received_at = kNow;
    x.milli[5] = pm25, x.flags[5] = flag;
    x.milli[0] = 9000, x.flags[0] = 'N';
    return x;
  }
};

TEST_P(AqRepoTest, AStationIsFoundByItsCodeAndASecondOneWithTheCodeIsAConflict) {
  Station s = add("1001A", "开封市监测站");
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto got, aq::station_by_code(tx, "1001A"));
    EXPECT_TRUE(got.has_value());
    EXPECT_EQ(got->id, s.id);
    EXPECT_EQ(got->name, "开封市监测站");
    EXPECT_NEAR(got->location->lat, 34.7651, 1e-9);
    LT_ASSIGN(auto many, aq::stations_by_code(tx, {"1001A", "9999X"}));
    EXPECT_EQ(many.size(), 1u);
    return {};
  });
  Status st = db_->write([&](Tx& tx) -> Status {
    Station again;
    again.code = "1001A", again.name = "重复", again.kind = "micro";
    LT_TRY(aq::insert_station(tx, again, kNow));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
}

TEST_P(AqRepoTest, AnHourIsStoredOnceAndReSendingItReplacesIt) {
  Station a = add("1001A", "开封市监测站"), b = add("1002A", "禹王台区站");
  const int64_t h0 = 473'000;
  std::vector<StationHour> first;
  for (int i = 0; i < 300; ++i) first.push_back(hour(a.id, h0 + i, 35000 + i));
  first.push_back(hour(b.id, h0, 40000));
  write([&](Tx& tx) { return aq::put_hours(tx, first); });
  // The same hour again, now invalid (maintenance), and PM2.5 missing in another.
  std::vector<StationHour> again = {hour(a.id, h0 + 1, 99000, 'M'), hour(a.id, h0 + 2, kAqNa, kFlagMissing)};
  write([&](Tx& tx) { return aq::put_hours(tx, again); });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto hs, aq::hours(tx, a.id, h0, h0 + 299));
    EXPECT_EQ(hs.size(), 300u);
    EXPECT_EQ(hs[0].milli[5], 35000);
    EXPECT_EQ(hs[0].flag_text(), "N----N");
    EXPECT_EQ(hs[1].milli[5], 99000);
    EXPECT_EQ(hs[1].flags[5], 'M');
    EXPECT_EQ(hs[2].milli[5], kAqNa);
    EXPECT_EQ(hs[2].flags[5], kFlagMissing);
    EXPECT_EQ(hs[2].milli[1], kAqNa);
    EXPECT_EQ(hs[299].hour, h0 + 299);
    LT_ASSIGN(auto window, aq::hours(tx, a.id, h0 + 10, h0 + 12));
    EXPECT_EQ(window.size(), 3u);
    LT_ASSIGN(auto all, aq::hours_of_all(tx, h0, h0));
    EXPECT_EQ(all.size(), 2u);
    EXPECT_EQ(all[1].station_id, b.id);
    // Some stations' hours in a window: only theirs, by station then hour.
    const std::vector<int64_t> both = {a.id, b.id}, only_b = {b.id};
    LT_ASSIGN(auto of_both, aq::hours_of(tx, both, h0, h0 + 1));
    EXPECT_EQ(of_both.size(), 3u);
    if (of_both.size() == 3) {
      EXPECT_EQ(of_both[0].station_id, a.id);
      EXPECT_EQ(of_both[1].hour, h0 + 1);
      EXPECT_EQ(of_both[2].station_id, b.id);
    }
    LT_ASSIGN(auto of_b, aq::hours_of(tx, only_b, h0, h0 + 299));
    EXPECT_EQ(of_b.size(), 1u);
    LT_ASSIGN(auto of_none, aq::hours_of(tx, std::vector<int64_t>{}, h0, h0 + 299));
    EXPECT_TRUE(of_none.empty());
    LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*) FROM aq_hours", {}));
    EXPECT_EQ(n->i64(0), 301);
    return {};
  });
}

TEST_P(AqRepoTest, EachStationsLatestHourIsReadWithinTheWindow) {
  Station a = add("1001A", "一"), b = add("1002A", "二"), c = add("1003A", "三");
  const int64_t h0 = 420'000;
  write([&](Tx& tx) -> Status {
    std::vector<StationHour> hs = {hour(a.id, h0, 1000), hour(a.id, h0 + 5, 2000), hour(b.id, h0 + 2, 3000),
                                   hour(c.id, h0 - 100, 4000)};
    return aq::put_hours(tx, hs);
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto last, aq::latest_hours(tx, h0 - 24, h0 + 24));
    EXPECT_EQ(last.size(), 2u);  // c's hour is outside the window
    EXPECT_EQ(last[0].station_id, a.id);
    EXPECT_EQ(last[0].hour, h0 + 5);
    EXPECT_EQ(last[0].milli[5], 2000);
    EXPECT_EQ(last[1].hour, h0 + 2);
    return {};
  });
}

TEST_P(AqRepoTest, ADayIsStoredOncePerStationWithItsMissingValues) {
  Station a = add("1001A", "一"), b = add("1002A", "二");
  StationDay d;
  d.station_id = a.id, d.day = 17'520, d.aqi = 165, d.primary_bits = 1 << 5, d.hours = 24;
  d.value = {20'000, 60'000, 1'500, 40'000, kAqNa, 180'000, 125'500};
  StationDay other = d;
  other.station_id = b.id, other.aqi = kAqNa, other.value.fill(kAqNa), other.hours = 3;
  write([&](Tx& tx) -> Status {
    std::vector<StationDay> ds = {d, other};
    return aq::put_days(tx, ds);
  });
  d.aqi = 170, d.value[6] = 130'000;  // the day again, with more hours
  write([&](Tx& tx) -> Status {
    std::vector<StationDay> ds = {d};
    return aq::put_days(tx, ds);
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto mine, aq::days(tx, a.id, 17'520, 17'520));
    EXPECT_EQ(mine.size(), 1u);
    if (!mine.empty()) {
      EXPECT_EQ(mine[0], d);
    }
    LT_ASSIGN(auto all, aq::days_of_all(tx, 17'500, 17'600));
    EXPECT_EQ(all.size(), 2u);
    if (all.size() == 2) {
      EXPECT_EQ(all[1], other);
    }
    LT_ASSIGN(auto none, aq::days_of_all(tx, 17'521, 17'600));
    EXPECT_TRUE(none.empty());
    return {};
  });
}

TEST_P(AqRepoTest, ATargetIsWrittenOnlyOverTheVersionItWasReadAt) {
  int64_t unit = 0;
  write([&](Tx& tx) -> Status {
    Unit u;
    u.name = "禹王台区", u.kind = "district";
    LT_ASSIGN(u, units::insert(tx, u, kNow));
    unit = u.id;
    return {};
  });
  AqTarget t;
  t.name = "2017–18 秋冬季", t.unit_id = unit, t.period_from = "2017-10-01", t.period_to = "2018-03-31";
  t.baseline_pm25 = 98'000, t.target_pm25 = 83'300, t.target_heavy_days = 20;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(t, aq::insert_target(tx, t, kNow));
    return {};
  });
  AqTarget edit = t;
  edit.target_pm25 = 80'000;
  write([&](Tx& tx) -> Status {
    LT_ASSIGN(bool ok, aq::update_target(tx, edit, kNow));
    EXPECT_TRUE(ok);
    LT_ASSIGN(bool stale, aq::update_target(tx, t, kNow));  // read at version 1
    EXPECT_FALSE(stale);
    return {};
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto got, aq::target(tx, t.id));
    EXPECT_TRUE(got.has_value());
    EXPECT_EQ(got->target_pm25, 80'000);
    EXPECT_EQ(got->version, 2);
    EXPECT_FALSE(got->baseline_heavy_days.has_value());
    EXPECT_FALSE(got->unit_name.empty());
    LT_ASSIGN(auto all, aq::targets(tx));
    EXPECT_EQ(all.size(), 1u);
    return {};
  });
}

// Hours with missing values in every pattern (64 of six pollutants), written
// many per statement: on PostgreSQL each connection keeps a bounded number
// of prepared statements (one per NULL pattern grew a server process to
// 23 GB in the benchmark), and the rows read back as written.
TEST_P(AqRepoTest, ManyPatternsOfMissingValuesKeepTheSessionsStatementsFew) {
  Station a = add("1001A", "一");
  const int64_t h0 = 430'000;
  std::vector<StationHour> all;
  write([&](Tx& tx) -> Status {
    for (int pattern = 0; pattern < 64; ++pattern) {
      std::vector<StationHour> batch;
      for (int i = 0; i < 3; ++i) {
        StationHour x;
        x.station_id = a.id, x.hour = h0 + pattern * 3 + i, x.source = "csv", x.received_at = kNow;
        for (int p = 0; p < kAqPollutants; ++p)
          if (!(pattern & (1 << p)) || i == 1) x.milli[p] = 1000 * (p + 1), x.flags[p] = 'N';
        batch.push_back(x);
        all.push_back(x);
      }
      LT_TRY(aq::put_hours(tx, batch));
    }
    if (GetParam() == "postgres") {
      LT_ASSIGN(auto n, tx.query_one("SELECT COUNT(*) FROM pg_prepared_statements", {}));
      EXPECT_LE(n->i64(0), 40);
    }
    return {};
  });
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto back, aq::hours(tx, a.id, h0, h0 + 64 * 3));
    EXPECT_EQ(back.size(), all.size());
    for (size_t i = 0; i < back.size() && i < all.size(); ++i) EXPECT_EQ(back[i].milli, all[i].milli) << i;
    return {};
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, AqRepoTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
