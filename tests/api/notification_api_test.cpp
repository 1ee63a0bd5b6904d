// /api/v1/notifications over HTTP: each user sees and marks only their own
// notices (another user's id is 404), the unread filter and count, read-all.
// Notices are raised the way services raise them: NotificationService::notify
// in a write transaction on the server's database.
#include <gtest/gtest.h>

#include <future>

#include "app/notification_service.h"
#include "store/db.h"
#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class InboxApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>();
    auto db = store::open_database(server->db());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
  }
  void TearDown() override { db_.reset(); }
  int64_t user_id(HttpClient& c) { return c.get("/api/v1/auth/me").obj().at("user").at("id").as_int64(); }
  int64_t notify(int64_t user, const std::string& title) {
    SystemClock clock;
    app::NotificationService s(*db_, clock);
    int64_t id = 0;
    auto st = db_->write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto r, s.notify(tx, {user, "task_assigned", std::nullopt, title, "正文", ""},
                                 format_utc(clock.now())));
      id = *r;
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return id;
  }
  static std::vector<std::string> titles(const json::object& page) {
    std::vector<std::string> out;
    for (const auto& n : page.at("items").as_array()) out.emplace_back(n.at("title").as_string());
    return out;
  }
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<store::Database> db_;
};

TEST_F(InboxApi, OwnRowsOnlyUnreadCountAndReadAll) {
  // The viewer and the administrator: the demo's problems and tasks tell the
  // units' staff and leaders and the office of their moves, never these two,
  // whose inboxes start empty.
  auto s = std::async(std::launch::async, [&] { return server->client_for("viewer"); });
  auto l = std::async(std::launch::async, [&] { return server->client_for("admin"); });
  auto staff = s.get(), leader = l.get();
  int64_t staff_id = user_id(*staff), leader_id = user_id(*leader);
  EXPECT_EQ(staff->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 0);
  std::vector<int64_t> mine;
  for (int i = 1; i <= 3; ++i) mine.push_back(notify(staff_id, "通知" + std::to_string(i)));
  int64_t theirs = notify(leader_id, "乡长的通知");

  auto page = staff->get("/api/v1/notifications").obj();
  EXPECT_EQ(page.at("total").as_int64(), 3);
  EXPECT_EQ(titles(page), (std::vector<std::string>{"通知3", "通知2", "通知1"}));  // newest first
  auto first = page.at("items").as_array()[0].as_object();
  EXPECT_EQ(first.at("kind").as_string(), "task_assigned");
  EXPECT_EQ(first.at("body").as_string(), "正文");
  EXPECT_TRUE(first.at("task_id").is_null());
  EXPECT_TRUE(first.at("read_at").is_null());
  EXPECT_EQ(first.at("read").as_bool(), false);
  EXPECT_EQ(titles(staff->get("/api/v1/notifications?per_page=1&page=2").obj()),
            (std::vector<std::string>{"通知2"}));
  EXPECT_EQ(titles(staff->get("/api/v1/notifications?sort=id").obj()).front(), "通知1");
  EXPECT_EQ(titles(leader->get("/api/v1/notifications").obj()), (std::vector<std::string>{"乡长的通知"}));
  EXPECT_EQ(staff->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 3);

  // Someone else's notice is not there for me.
  auto foreign = staff->post("/api/v1/notifications/" + std::to_string(theirs) + "/read", "");
  EXPECT_EQ(foreign.status, 404) << foreign.body;
  EXPECT_EQ(staff->post("/api/v1/notifications/0/read", "").status, 404);
  EXPECT_EQ(staff->post("/api/v1/notifications/abc/read", "").status, 404);
  EXPECT_EQ(leader->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 1);

  auto read = staff->post("/api/v1/notifications/" + std::to_string(mine[0]) + "/read", "");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.obj().at("read").as_bool(), true);
  EXPECT_FALSE(read.obj().at("read_at").is_null());
  EXPECT_EQ(staff->post("/api/v1/notifications/" + std::to_string(mine[0]) + "/read", "").status, 200);
  EXPECT_EQ(staff->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 2);
  EXPECT_EQ(titles(staff->get("/api/v1/notifications?unread=true").obj()),
            (std::vector<std::string>{"通知3", "通知2"}));
  EXPECT_EQ(staff->get("/api/v1/notifications?unread=maybe").status, 400);

  auto all = staff->post("/api/v1/notifications/read-all", "");
  ASSERT_EQ(all.status, 200) << all.body;
  EXPECT_EQ(all.obj().at("marked").as_int64(), 2);
  EXPECT_EQ(staff->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 0);
  EXPECT_EQ(staff->get("/api/v1/notifications?unread=true").obj().at("total").as_int64(), 0);
  EXPECT_EQ(staff->get("/api/v1/notifications").obj().at("total").as_int64(), 3);
  // The leader's notice is untouched.
  EXPECT_EQ(leader->get("/api/v1/notifications/unread-count").obj().at("unread").as_int64(), 1);
  // Not logged in: 401.
  HttpClient anon(server->port());
  EXPECT_EQ(anon.get("/api/v1/notifications").status, 401);
}

// Notices from templates read in the reader's language (Accept-Language);
// the stored text, which the webhook sends, is the Chinese.
TEST_F(InboxApi, TemplatedNoticesReadInTheReadersLanguage) {
  auto staff = server->client_for("staff");
  int64_t staff_id = user_id(*staff);
  SystemClock clock;
  app::NotificationService s(*db_, clock);
  auto st = db_->write([&](store::Tx& tx) -> Status {
    app::NotificationDraft d;
    d.user_id = staff_id;
    d.kind = "report_requested";
    d.template_name = "report_requested";
    d.params = {{"title", "排查散乱污企业"}, {"due_date", "2017-12-22"}, {"message", "请附照片"}};
    LT_TRY(s.notify(tx, d, format_utc(clock.now())));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  auto zh = staff->get("/api/v1/notifications").obj().at("items").as_array()[0].as_object();
  EXPECT_EQ(zh.at("title").as_string(), "催报：排查散乱污企业");
  EXPECT_EQ(zh.at("body").as_string(), "请于 2017-12-22 前填报进展。请附照片");
  auto en =
      staff->get("/api/v1/notifications", {{"Accept-Language", "en,zh-CN;q=0.8"}}).obj().at("items").as_array()[0];
  EXPECT_EQ(en.at("title").as_string(), "Report requested: 排查散乱污企业");
  EXPECT_EQ(en.at("body").as_string(), "Please report progress by 2017-12-22. 请附照片");
  auto read = staff->post("/api/v1/notifications/" + std::to_string(en.at("id").as_int64()) + "/read", "",
                          {{"Accept-Language", "en"}});
  EXPECT_EQ(read.obj().at("title").as_string(), "Report requested: 排查散乱污企业");
}

}  // namespace
}  // namespace lantian::test
