// Webhook delivery: retries with exponential backoff against a fake poster
// and a real local HTTP server, giving up after max_attempts, and a hanging
// endpoint that costs one timeout per run.
#include "jobs/webhook.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "app/notification_service.h"
#include "http/server.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::jobs {
namespace {

using namespace std::chrono;
namespace json = boost::json;

class Webhook : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lantian-webhook-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = store::open_sqlite((dir_ / "t.db").string()).value();
    ASSERT_TRUE(store::migrate(*db_).ok());
    const char* t = "2026-01-01T00:00:00.000Z";
    ASSERT_TRUE(db_->write([&](store::Tx& tx) -> Status {
                     LT_TRY(
                         tx.exec("INSERT INTO units (id, path, name, kind, created_at, updated_at) "
                                 "VALUES (1, '/1/', '南郊乡', 'township', $1, $1)",
                                 {t}));
                     LT_TRY(tx.exec(
                         "INSERT INTO users (id, username, name, phone, unit_id, roles, password_hash, "
                         "created_at, updated_at) VALUES (7, 'leader', '李乡长', '13900000007', 1, "
                         "'unit_leader', 'x', $1, $1)",
                         {t}));
                     return {};
                   })
                    .ok());
    config_.url = "http://127.0.0.1:9/hook";
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  // A notice to user 7, queued for the webhook; returns the notification id.
  int64_t notice(const std::string& title) {
    app::NotificationService s(*db_, clock_, {.webhook = true});
    int64_t id = 0;
    EXPECT_TRUE(db_->write([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto r, s.notify(tx, {7, "task_overdue", std::nullopt, title, "正文", ""},
                                                format_utc(clock_.now())));
                     id = *r;
                     return {};
                   })
                    .ok());
    return id;
  }
  store::notifications::Delivery delivery(int64_t notification_id) {
    std::optional<store::notifications::Delivery> d;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto r,
                               tx.query_one("SELECT id FROM webhook_deliveries WHERE notification_id = $1",
                                            {notification_id}));
                     LT_ASSIGN(d, store::notifications::get_delivery(tx, r->i64(0)));
                     return {};
                   })
                    .ok());
    EXPECT_TRUE(d.has_value());
    return d.value_or(store::notifications::Delivery{});
  }
  WebhookRun run(const WebhookPoster& p) {
    auto r = deliver_webhooks(*db_, clock_, config_, p);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : WebhookRun{};
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  ManualClock clock_{*parse_time("2026-11-30T01:00:00Z")};
  WebhookConfig config_;
};

TEST(WebhookBackoff, DoublesFromThirtySecondsUpToAnHour) {
  EXPECT_EQ(webhook_backoff(1), seconds(30));
  EXPECT_EQ(webhook_backoff(2), seconds(60));
  EXPECT_EQ(webhook_backoff(3), seconds(120));
  EXPECT_EQ(webhook_backoff(7), seconds(1920));
  EXPECT_EQ(webhook_backoff(8), hours(1));
  EXPECT_EQ(webhook_backoff(30), hours(1));
}

TEST_F(Webhook, FailsTwiceThenDeliveredOnTheThirdAttemptAtTheRightTimes) {
  int64_t id = notice("任务已逾期：清查散乱污企业");
  std::vector<std::string> posted_at;
  std::string body;
  int calls = 0;
  WebhookPoster poster = [&](const std::string& url, const std::string& b,
                             milliseconds timeout) -> Result<int> {
    EXPECT_EQ(url, config_.url);
    EXPECT_EQ(timeout, milliseconds(5000));
    posted_at.push_back(format_utc(clock_.now()));
    body = b;
    ++calls;
    if (calls == 1) return 503;
    if (calls == 2) return Error::unavailable("connection refused");
    return 204;
  };
  auto r1 = run(poster);
  EXPECT_EQ(r1.retrying, 1);
  auto d = delivery(id);
  EXPECT_EQ(d.status, "pending");
  EXPECT_EQ(d.attempts, 1);
  EXPECT_EQ(d.last_error, "HTTP 503");
  EXPECT_EQ(d.next_attempt_at, "2026-11-30T01:00:30.000Z");
  // Not due before its time.
  clock_.advance(seconds(29));
  EXPECT_EQ(run(poster).retrying + run(poster).delivered, 0);
  clock_.advance(seconds(1));
  EXPECT_EQ(run(poster).retrying, 1);
  d = delivery(id);
  EXPECT_EQ(d.attempts, 2);
  EXPECT_EQ(d.last_error, "connection refused");
  EXPECT_EQ(d.next_attempt_at, "2026-11-30T01:01:30.000Z");  // + 60 s
  clock_.advance(seconds(59));
  EXPECT_EQ(run(poster).delivered, 0);
  clock_.advance(seconds(1));
  EXPECT_EQ(run(poster).delivered, 1);
  d = delivery(id);
  EXPECT_EQ(d.status, "delivered");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(d.delivered_at, "2026-11-30T01:01:30.000Z");
  EXPECT_EQ(posted_at, (std::vector<std::string>{"2026-11-30T01:00:00.000Z", "2026-11-30T01:00:30.000Z",
                                                 "2026-11-30T01:01:30.000Z"}));
  // Delivered rows are not posted again.
  clock_.advance(hours(2));
  EXPECT_EQ(run(poster).delivered, 0);
  EXPECT_EQ(calls, 3);
  auto p = json::parse(body).as_object();
  EXPECT_EQ(p.at("id").as_int64(), id);
  EXPECT_EQ(p.at("kind").as_string(), "task_overdue");
  EXPECT_EQ(p.at("user").at("name").as_string(), "李乡长");
  EXPECT_EQ(p.at("user").at("phone").as_string(), "13900000007");
  EXPECT_EQ(p.at("title").as_string(), "任务已逾期：清查散乱污企业");
}

TEST_F(Webhook, GivesUpAfterMaxAttempts) {
  int64_t id = notice("一条通知");
  config_.max_attempts = 3;
  WebhookPoster always_500 = [](const std::string&, const std::string&, milliseconds) -> Result<int> {
    return 500;
  };
  EXPECT_EQ(run(always_500).retrying, 1);
  clock_.advance(seconds(30));
  EXPECT_EQ(run(always_500).retrying, 1);
  clock_.advance(seconds(60));
  EXPECT_EQ(run(always_500).failed, 1);
  auto d = delivery(id);
  EXPECT_EQ(d.status, "failed");
  EXPECT_EQ(d.attempts, 3);
  EXPECT_EQ(d.last_error, "HTTP 500");
  clock_.advance(hours(5));
  auto r = run(always_500);
  EXPECT_EQ(r.failed + r.retrying + r.delivered, 0);
}

TEST_F(Webhook, OldestFirstInBatchesAndAnUnreachableEndpointStopsTheRun) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 5; ++i) {
    ids.push_back(notice("通知 " + std::to_string(i)));
    clock_.advance(milliseconds(1));
  }
  config_.batch = 3;
  std::vector<std::string> order;
  WebhookPoster ok = [&](const std::string&, const std::string& b, milliseconds) -> Result<int> {
    order.push_back(std::string(json::parse(b).at("title").as_string()));
    return 200;
  };
  EXPECT_EQ(run(ok).delivered, 3);
  EXPECT_EQ(run(ok).delivered, 2);
  EXPECT_EQ(order, (std::vector<std::string>{"通知 0", "通知 1", "通知 2", "通知 3", "通知 4"}));
  // Three more, the endpoint down: one attempt per run, the rest wait.
  for (int i = 0; i < 3; ++i) notice("later");
  int calls = 0;
  WebhookPoster down = [&](const std::string&, const std::string&, milliseconds) -> Result<int> {
    ++calls;
    return Error::unavailable("no answer within 5000 ms");
  };
  auto r = run(down);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(r.retrying, 1);
}

// A real server on the loopback: answers 502 twice, then 200.
TEST_F(Webhook, RealServerFailsTwiceThenAccepts) {
  std::atomic<int> hits{0};
  std::mutex mu;
  std::string got_body, got_type, got_target;
  http::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.threads = 1;
  http::Server server(
      so,
      [&](http::Request& req) {
        http::Response r;
        {
          std::lock_guard lock(mu);
          got_body = req.body;
          got_type = std::string(req.header("content-type"));
          got_target = req.target;
        }
        r.status = ++hits <= 2 ? 502 : 200;
        return r;
      },
      nullptr, nullptr);
  ASSERT_TRUE(server.listen().ok());
  std::thread t([&] { server.run(); });
  config_.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/lantian/hook?token=abc";
  int64_t id = notice("真实服务器");
  EXPECT_EQ(deliver_webhooks(*db_, clock_, config_)->retrying, 1);
  clock_.advance(seconds(30));
  EXPECT_EQ(deliver_webhooks(*db_, clock_, config_)->retrying, 1);
  clock_.advance(seconds(60));
  EXPECT_EQ(deliver_webhooks(*db_, clock_, config_)->delivered, 1);
  server.stop();
  t.join();
  EXPECT_EQ(hits.load(), 3);
  EXPECT_EQ(delivery(id).status, "delivered");
  EXPECT_EQ(delivery(id).attempts, 3);
  EXPECT_EQ(got_type, "application/json; charset=utf-8");
  EXPECT_EQ(got_target, "/lantian/hook?token=abc");
  EXPECT_EQ(json::parse(got_body).at("id").as_int64(), id);
}

// The endpoint accepts connections (the kernel's backlog) but never answers.
TEST_F(Webhook, HangingEndpointDoesNotBlockTheJob) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 16), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  config_.url = "http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/hook";
  config_.timeout = milliseconds(300);
  for (int i = 0; i < 5; ++i) notice("挂起 " + std::to_string(i));
  auto t0 = steady_clock::now();
  auto r = deliver_webhooks(*db_, clock_, config_);
  auto took = steady_clock::now() - t0;
  ::close(fd);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->retrying, 1);  // the other four wait for the next run
  EXPECT_GE(took, milliseconds(280));
  EXPECT_LT(took, milliseconds(1500));
  std::string error;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(
                       auto row,
                       tx.query_one("SELECT last_error FROM webhook_deliveries WHERE attempts = 1", {}));
                   error = row->str(0);
                   return {};
                 })
                  .ok());
  EXPECT_NE(error.find("no answer within 300 ms"), std::string::npos) << error;
}

TEST_F(Webhook, NoUrlNoDelivery) {
  notice("x");
  config_.url = "";
  int calls = 0;
  auto r = run([&](const std::string&, const std::string&, milliseconds) -> Result<int> {
    ++calls;
    return 200;
  });
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(r.delivered, 0);
}

}  // namespace
}  // namespace lantian::jobs
