// Two `lantian serve` instances on one PostgreSQL database behind nginx
// (round-robin): the instances are stateless (a token from a login through
// nginx works on each directly), concurrent edits of one unit through nginx
// lose no update, and exactly one instance is the leader, replaced within
// seconds when it is killed.
#include "cluster/cluster.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <thread>

namespace lantian::test {
namespace {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

class ClusterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (find_nginx().empty()) GTEST_SKIP() << "nginx is not installed";
    auto& pg = PgCluster::shared();
    if (!pg.ok()) {
      if (pg.skippable()) GTEST_SKIP() << pg.error();
      FAIL() << pg.error();
    }
    auto t0 = std::chrono::steady_clock::now();
    cluster = std::make_unique<Cluster>(2);
    std::cout << "[ cluster  ] init --demo, 2 instances and nginx up in "
              << std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0).count() << " ms\n";
  }
  void TearDown() override {
    if (HasFailure() && cluster) std::cout << cluster->logs();
    cluster.reset();
  }

  std::string login_through_nginx() {
    HttpClient c(cluster->port());
    auto r = c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
    if (r.status != 200) throw std::runtime_error("login through nginx failed: " + r.body);
    return std::string(r.obj().at("token").as_string());
  }

  // "leader" from an instance's /healthz (nullopt if it does not answer).
  std::optional<bool> leader(size_t i) {
    try {
      HttpClient c(cluster->node(i).port());
      auto r = c.get("/healthz");
      if (r.status != 200) return std::nullopt;
      return r.obj().at("leader").as_bool();
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  // The value of one series in an instance's /metrics, or -1.
  double metric(size_t i, const std::string& series) {
    HttpClient c(cluster->node(i).port());
    std::string body = c.get("/metrics").body;
    size_t at = body.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::atof(body.c_str() + at + series.size() + 2);
  }

  std::unique_ptr<Cluster> cluster;
};

TEST_F(ClusterTest, LoginThroughNginxGivesATokenThatWorksOnEveryInstance) {
  std::string token = login_through_nginx();
  std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}};
  for (size_t i = 0; i < cluster->size(); ++i) {
    HttpClient direct(cluster->node(i).port());
    auto me = direct.get("/api/v1/auth/me", auth);
    ASSERT_EQ(me.status, 200) << "instance " << i << ": " << me.body;
    EXPECT_EQ(me.obj().at("user").at("username").as_string(), "admin") << me.body;
  }
  // nginx spreads requests over both instances (round-robin), and each
  // accepts the token.
  HttpClient via(cluster->port());
  for (int i = 0; i < 10; ++i) ASSERT_EQ(via.get("/api/v1/auth/me", auth).status, 200);
  for (size_t i = 0; i < cluster->size(); ++i)
    EXPECT_GE(metric(i, R"(lantian_http_requests_total{route="/api/v1/auth/me",method="GET",status="200"})"),
              3)
        << "instance " << i << " got few of the requests through nginx";
  // A logout on one instance is seen by the other (sessions live in the
  // database, not in a process).
  HttpClient first(cluster->node(0).port());
  ASSERT_EQ(first.post("/api/v1/auth/logout", "", auth).status, 204);
  HttpClient second(cluster->node(1).port());
  EXPECT_EQ(second.get("/api/v1/auth/me", auth).status, 401);
}

TEST_F(ClusterTest, ConcurrentEditsOfOneUnitThroughNginxLoseNoUpdate) {
  std::string token = login_through_nginx();
  std::map<std::string, std::string> auth = {{"Authorization", "Bearer " + token}};
  HttpClient admin(cluster->port());
  auto units = admin.get("/api/v1/units?per_page=5", auth);
  ASSERT_EQ(units.status, 200) << units.body;
  int64_t id = units.obj().at("items").as_array()[0].at("id").as_int64();
  std::string path = "/api/v1/units/" + std::to_string(id);
  auto before = admin.get(path, auth);
  ASSERT_EQ(before.status, 200);
  int64_t v0 = before.obj().at("version").as_int64();

  constexpr int kClients = 32, kAttempts = 4;
  std::atomic<int> ok{0}, conflicts{0};
  std::mutex mu;
  std::vector<std::string> unexpected;
  auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      try {
        HttpClient client(cluster->port());  // its own keep-alive connection to nginx
        client.default_headers = auth;
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
          auto cur = client.get(path);
          if (cur.status != 200) {
            std::lock_guard lock(mu);
            unexpected.push_back("GET " + std::to_string(cur.status) + " " + cur.body);
            return;
          }
          int64_t version = cur.obj().at("version").as_int64();
          std::string name = "书记" + std::to_string(c) + "-" + std::to_string(attempt);
          auto r = client.patch_json(path, {{"version", version}, {"party_secretary", {{"name", name}}}});
          if (r.status == 200) {
            ok++;
            return;
          }
          if (r.status == 409) {
            conflicts++;
            continue;  // re-read and try again
          }
          std::lock_guard lock(mu);
          unexpected.push_back("PATCH " + std::to_string(r.status) + " " + r.body);
          return;
        }
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        unexpected.push_back(e.what());
      }
    });
  }
  for (auto& t : threads) t.join();
  auto ms = std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ cluster  ] " << kClients << " clients: " << ok << " x 200, " << conflicts << " x 409 in "
            << ms << " ms\n";
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << " unexpected, first: " << unexpected.front();
  EXPECT_GT(ok.load(), 0);
  // No lost update: every 200 moved the version by exactly one.
  auto after = admin.get(path, auth);
  ASSERT_EQ(after.status, 200);
  EXPECT_EQ(after.obj().at("version").as_int64(), v0 + ok.load());
  // And both instances see the same final row.
  for (size_t i = 0; i < cluster->size(); ++i) {
    HttpClient direct(cluster->node(i).port());
    EXPECT_EQ(direct.get(path, auth).obj().at("version").as_int64(), v0 + ok.load()) << "instance " << i;
  }
}

TEST_F(ClusterTest, ExactlyOneLeaderAndTheOtherTakesOverWhenItIsKilled) {
  // Both instances start competing as they start; the first attempt decides.
  std::optional<bool> a, b;
  auto deadline = std::chrono::steady_clock::now() + 5s;
  do {
    a = leader(0), b = leader(1);
    if (a && b && *a != *b) break;
    std::this_thread::sleep_for(50ms);
  } while (std::chrono::steady_clock::now() < deadline);
  ASSERT_TRUE(a && b) << "an instance does not answer /healthz";
  ASSERT_NE(*a, *b) << "expected exactly one leader, got leader=" << *a << "," << *b;
  size_t lead = *a ? 0 : 1, other = 1 - lead;
  // Still exactly one a few election rounds later.
  std::this_thread::sleep_for(1500ms);
  ASSERT_EQ(leader(lead), std::optional<bool>(true));
  ASSERT_EQ(leader(other), std::optional<bool>(false));
  EXPECT_EQ(metric(lead, "lantian_leader"), 1);
  EXPECT_EQ(metric(other, "lantian_leader"), 0);
  // The housekeeping job ran on the leader only.
  const std::string runs = R"(lantian_job_runs_total{job="housekeeping"})";
  EXPECT_EQ(metric(lead, runs), 1);
  EXPECT_EQ(metric(other, runs), 0);

  auto t0 = std::chrono::steady_clock::now();
  cluster->node(lead).kill9();
  bool took_over = false;
  while (std::chrono::steady_clock::now() - t0 < 10s) {
    if (leader(other) == std::optional<bool>(true)) {
      took_over = true;
      break;
    }
    std::this_thread::sleep_for(20ms);
  }
  auto ms = std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "[ cluster  ] takeover after kill -9 of the leader: " << ms << " ms\n";
  RecordProperty("takeover_ms", std::to_string(ms));
  ASSERT_TRUE(took_over) << "no takeover within 10 s";
  // The new leader runs the jobs now, and nginx still serves through it.
  auto jobs_deadline = std::chrono::steady_clock::now() + 3s;
  while (metric(other, runs) < 1 && std::chrono::steady_clock::now() < jobs_deadline)
    std::this_thread::sleep_for(20ms);
  EXPECT_EQ(metric(other, runs), 1);
  HttpClient via(cluster->port());
  for (int i = 0; i < 4; ++i) {
    auto h = via.get("/healthz");
    ASSERT_EQ(h.status, 200) << h.body;
    EXPECT_TRUE(h.obj().at("leader").as_bool());
  }
}

}  // namespace
}  // namespace lantian::test
