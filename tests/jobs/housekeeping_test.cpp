// The housekeeping job on both backends: expired and revoked sessions more
// than a week old go, everything else stays.
#include "jobs/housekeeping.h"

#include <gtest/gtest.h>

#include "jobs/scheduler.h"
#include "store/sessions_repo.h"
#include "support/test_database.h"

namespace lantian::jobs {
namespace {

using namespace std::chrono_literals;

class Housekeeping : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    seed_time_ = "2026-01-01T00:00:00.000Z";
    exec(
        "INSERT INTO units (id, path, name, kind, created_at, updated_at) VALUES (1, '/1/', 'd', 'district', "
        "$1, $1)");
    exec(
        "INSERT INTO users (id, username, name, unit_id, roles, password_hash, created_at, updated_at) "
        "VALUES (1, 'u', 'U', 1, '[]', 'x', $1, $1)");
  }
  // A session that expires (and was last used) at `expires`, revoked or not.
  void session(const std::string& tag, TimePoint last_seen, TimePoint expires, bool revoked) {
    ASSERT_TRUE(db_->write([&](store::Tx& tx) -> Status {
                     Session s;
                     s.user_id = 1;
                     s.kind = "session";
                     s.csrf_token = "c";
                     s.created_at = format_utc(last_seen - 1h);
                     s.expires_at = format_utc(expires);
                     LT_ASSIGN(s, store::sessions::insert(tx, s, tag));
                     LT_TRY(store::sessions::touch(tx, s.id, format_utc(last_seen)));
                     if (revoked) LT_TRY(store::sessions::revoke(tx, s.id));
                     return {};
                   })
                    .ok());
  }
  std::vector<std::string> left() {
    std::vector<std::string> out;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto rows, tx.query("SELECT token_hash FROM sessions ORDER BY token_hash"));
                     for (auto& r : rows.rows) out.push_back(r.str(0));
                     return {};
                   })
                    .ok());
    return out;
  }
};

TEST_P(Housekeeping, DeletesOnlyExpiredOrRevokedSessionsOlderThanAWeek) {
  ManualClock clock(*parse_time("2026-11-30T12:00:00Z"));
  auto now = clock.now();
  auto day = std::chrono::hours(24);
  session("a_live", now - 1h, now + 11h, false);
  session("b_expired_yesterday", now - 2 * day, now - day, false);
  session("c_expired_8_days_ago", now - 9 * day, now - 8 * day, false);
  session("d_revoked_today", now - 1h, now + 11h, true);
  session("e_revoked_long_ago_unexpired_token", now - 8 * day, now + 80 * day, true);
  session("f_unused_token_far_future", now - 30 * day, now + 60 * day, false);
  auto deleted = purge_sessions(*db_, clock);
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(*deleted, 2);
  EXPECT_EQ(left(), (std::vector<std::string>{"a_live", "b_expired_yesterday", "d_revoked_today",
                                              "f_unused_token_far_future"}));
  EXPECT_EQ(*purge_sessions(*db_, clock), 0);
  clock.advance(7 * day);
  EXPECT_EQ(*purge_sessions(*db_, clock), 2);  // b expired 8 days ago now; d revoked, last used > 7 days
  EXPECT_EQ(left(), (std::vector<std::string>{"a_live", "f_unused_token_far_future"}));
}

TEST_P(Housekeeping, RegistersAnHourlyJobThatRunsOnTheLeader) {
  ManualClock clock(*parse_time("2026-11-30T12:00:00Z"));
  session("old", clock.now() - std::chrono::hours(24 * 10), clock.now() - std::chrono::hours(24 * 9), false);
  Scheduler s([] { return true; }, nullptr, 5ms);
  add_housekeeping(s, *db_, clock, nullptr);
  s.start();
  for (int i = 0; i < 200 && s.runs("housekeeping") == 0; ++i) std::this_thread::sleep_for(5ms);
  s.stop();
  EXPECT_EQ(s.runs("housekeeping"), 1u);
  EXPECT_EQ(s.stats()[0].failures, 0u);
  EXPECT_TRUE(left().empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, Housekeeping, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::jobs
