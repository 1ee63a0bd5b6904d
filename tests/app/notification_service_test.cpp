// The inbox service: notify() inside the caller's transaction (dedup, the
// webhook outbox row, rollback with the caller), and each user's own view.
#include "app/notification_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::app {
namespace {

namespace json = boost::json;

class NotificationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("lantian-inbox-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = store::open_sqlite((dir_ / "t.db").string()).value();
    ASSERT_TRUE(store::migrate(*db_).ok());
    const char* t = "2026-01-01T00:00:00.000Z";
    ASSERT_TRUE(db_->write([&](store::Tx& tx) -> Status {
                     LT_TRY(
                         tx.exec("INSERT INTO units (id, path, name, kind, created_at, updated_at) "
                                 "VALUES (1, '/1/', '区攻坚办', 'office', $1, $1)",
                                 {t}));
                     for (int id : {1, 2})
                       LT_TRY(tx.exec(
                           "INSERT INTO users (id, username, name, phone, unit_id, roles, password_hash, "
                           "created_at, updated_at) VALUES ($1, $2, $3, '13800000000', 1, 'unit_staff', "
                           "'x', $4, $4)",
                           {int64_t(id), "u" + std::to_string(id), "用户" + std::to_string(id), t}));
                     return {};
                   })
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Actor user(int64_t id) {
    Actor a;
    a.user_id = id;
    a.grant = grant_for(std::vector<std::string>{"unit_staff"});
    return a;
  }
  // notify() in its own transaction; returns the id (0 = duplicate, -1 = error).
  int64_t notify(const NotificationService& s, NotificationDraft d) {
    int64_t out = -1;
    auto st = db_->write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto id, s.notify(tx, d, format_utc(clock_.now())));
      out = id ? *id : 0;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one(sql, {}));
                     n = r->i64(0);
                     return {};
                   })
                    .ok());
    return n;
  }

  ManualClock clock_{*parse_time("2026-11-30T08:00:00+08:00")};
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(NotificationServiceTest, SameDedupKeyIsStoredOnce) {
  NotificationService s(*db_, clock_);
  NotificationDraft d{1, "task_assigned", std::nullopt, "新任务：清查散乱污企业", "", "assigned:1:1"};
  int64_t id = notify(s, d);
  EXPECT_GT(id, 0);
  EXPECT_EQ(notify(s, d), 0);
  d.user_id = 2;
  d.dedup_key = "assigned:1:2";
  EXPECT_GT(notify(s, d), id);
  // Without a key every notice is new.
  d.dedup_key = "";
  EXPECT_GT(notify(s, d), 0);
  EXPECT_GT(notify(s, d), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications"), 4);
  // No webhook configured: no outbox rows.
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 0);
}

TEST_F(NotificationServiceTest, WebhookRowIsWrittenInTheCallersTransaction) {
  NotificationService s(*db_, clock_, {.webhook = true});
  int64_t id = notify(s, {2, "task_returned", std::nullopt, "任务被退回", "请补充材料", "returned:9:2"});
  ASSERT_GT(id, 0);
  std::string payload;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query_one("SELECT payload, status, attempts, next_attempt_at FROM "
                                                  "webhook_deliveries WHERE notification_id = $1",
                                                  {id}));
                   EXPECT_TRUE(r.has_value());
                   payload = r->str(0);
                   EXPECT_EQ(r->str(1), "pending");
                   EXPECT_EQ(r->i64(2), 0);
                   EXPECT_EQ(r->str(3), "2026-11-30T00:00:00.000Z");  // due at once
                   return {};
                 })
                  .ok());
  auto p = json::parse(payload).as_object();
  EXPECT_EQ(p.at("id").as_int64(), id);
  EXPECT_EQ(p.at("kind").as_string(), "task_returned");
  EXPECT_EQ(p.at("user").at("id").as_int64(), 2);
  EXPECT_EQ(p.at("user").at("name").as_string(), "用户2");
  EXPECT_EQ(p.at("user").at("phone").as_string(), "13800000000");
  EXPECT_TRUE(p.at("task_id").is_null());
  EXPECT_EQ(p.at("title").as_string(), "任务被退回");
  EXPECT_EQ(p.at("body").as_string(), "请补充材料");
  EXPECT_EQ(p.at("created_at").as_string(), "2026-11-30T00:00:00.000Z");
  // A duplicate queues nothing either.
  EXPECT_EQ(notify(s, {2, "task_returned", std::nullopt, "任务被退回", "", "returned:9:2"}), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 1);

  // The caller's change fails after notify(): neither row stays.
  auto st = db_->write([&](store::Tx& tx) -> Status {
    LT_TRY(s.notify(tx, {1, "task_assigned", std::nullopt, "新任务", "", "assigned:10:1"},
                    "2026-11-30T00:00:00Z"));
    return Error::conflict("the task was changed by someone else");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM webhook_deliveries"), 1);
}

TEST_F(NotificationServiceTest, RejectsABadDraft) {
  NotificationService s(*db_, clock_);
  auto st = db_->write([&](store::Tx& tx) -> Status {
    LT_TRY(s.notify(tx, {0, "", std::nullopt, "", "", ""}, "2026-11-30T00:00:00Z"));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().fields.size(), 3u);  // user_id, kind, title
}

TEST_F(NotificationServiceTest, EachUserSeesAndMarksOnlyTheirOwn) {
  NotificationService s(*db_, clock_);
  std::vector<int64_t> mine;
  for (int i = 0; i < 3; ++i)
    mine.push_back(notify(s, {1, "deadline_reminder", std::nullopt, "提醒 " + std::to_string(i), "", ""}));
  int64_t theirs = notify(s, {2, "deadline_reminder", std::nullopt, "别人的", "", ""});
  auto page = s.list(user(1), false, {.per_page = 2, .desc = true});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, mine[2]);  // newest first
  EXPECT_EQ(*s.unread_count(user(1)), 3);
  // Another user's notification does not exist for me.
  EXPECT_EQ(s.mark_read(user(1), theirs).error().kind, ErrorKind::not_found);
  EXPECT_EQ(s.mark_read(user(1), 999999).error().kind, ErrorKind::not_found);
  auto read = s.mark_read(user(1), mine[0]);
  ASSERT_TRUE(read.ok());
  EXPECT_FALSE(read->read_at.empty());
  clock_.advance(std::chrono::minutes(5));
  EXPECT_EQ(s.mark_read(user(1), mine[0])->read_at, read->read_at);  // again: keeps the first time
  EXPECT_EQ(*s.unread_count(user(1)), 2);
  auto unread = s.list(user(1), true, {.desc = true});
  ASSERT_EQ(unread->total, 2);
  EXPECT_EQ(unread->items.back().id, mine[1]);
  EXPECT_EQ(*s.mark_all_read(user(1)), 2);
  EXPECT_EQ(*s.unread_count(user(1)), 0);
  EXPECT_EQ(*s.unread_count(user(2)), 1);  // untouched
  EXPECT_EQ(s.list(Actor::system(), false, {}).error().kind, ErrorKind::forbidden);
}

}  // namespace
}  // namespace lantian::app
