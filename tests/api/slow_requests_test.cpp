// Slow requests (logins, .xlsx, files) run on the server's bounded worker
// pool; the connection cap follows the open-file limit; SIGTERM does not wait
// for clients that are halfway through a request. Against the real binary.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <atomic>
#include <barrier>
#include <regex>
#include <thread>

#include "http/test_support.h"
#include "support/server_process.h"

namespace lantian::test {
namespace {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

// The value of an unlabelled series in the /metrics text, or -1.
double metric(HttpClient& c, const std::string& name) {
  auto r = c.get("/metrics");
  if (r.status != 200) return -1;
  std::regex re("\n" + name + " ([0-9.e+-]+)\n");
  std::smatch m;
  std::string t = "\n" + r.body;
  if (!std::regex_search(t, m, re)) return -1;
  return std::stod(m[1]);
}

Ms since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0);
}

boost::json::value admin_login() { return {{"username", "admin"}, {"password", kAdminPassword}}; }

TEST(SlowRequests, LoginRunsOnTheWorkerPool) {
  ServerProcess srv(false);
  HttpClient c(srv.port());
  double before = metric(c, "lantian_http_pool_completed_total");
  ASSERT_GE(before, 0);
  EXPECT_GE(metric(c, "lantian_http_pool_threads"), 1);
  EXPECT_EQ(metric(c, "lantian_http_pool_queue_limit"), 32);
  auto r = c.post_json("/api/v1/auth/login", admin_login());
  ASSERT_EQ(r.status, 200) << r.body;
  // A wrong password is hashed (and answered) on the pool too.
  auto bad = c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", "wrong-Password-1"}});
  EXPECT_EQ(bad.status, 401) << bad.body;
  EXPECT_EQ(metric(c, "lantian_http_pool_completed_total"), before + 2);
  // A plain read does not go near the pool.
  ASSERT_EQ(c.get("/healthz").status, 200);
  EXPECT_EQ(metric(c, "lantian_http_pool_completed_total"), before + 2);
}

// Writes wait for their commit on the wait pool (so that more of them than
// there are I/O threads can share one commit); reads stay on the I/O thread.
TEST(SlowRequests, WritesRunOnTheWaitPool) {
  ServerProcess srv(false, {"--threads", "1"});
  HttpClient c(srv.port());
  EXPECT_EQ(metric(c, "lantian_http_wait_pool_threads"), 64);
  EXPECT_EQ(metric(c, "lantian_http_wait_pool_queue_limit"), 1024);
  auto r = c.post_json("/api/v1/auth/login", admin_login());
  ASSERT_EQ(r.status, 200) << r.body;
  std::string token(boost::json::parse(r.body).at("token").as_string());
  c.default_headers["Authorization"] = "Bearer " + token;
  double waits = metric(c, "lantian_http_wait_pool_completed_total");
  double slows = metric(c, "lantian_http_pool_completed_total");
  ASSERT_GE(waits, 0);
  auto units = c.get("/api/v1/units");
  ASSERT_EQ(units.status, 200) << units.body;
  auto root = units.obj().at("items").as_array().at(0).at("id");
  auto w = c.post_json("/api/v1/units", {{"name", "东区"}, {"kind", "township"}, {"parent_id", root}});
  ASSERT_EQ(w.status, 201) << w.body;
  // A refused write (bad input) is answered from the wait pool too.
  auto bad = c.post_json("/api/v1/units", {{"name", ""}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  ASSERT_EQ(c.get("/api/v1/units").status, 200);
  EXPECT_EQ(metric(c, "lantian_http_wait_pool_completed_total"), waits + 2);
  EXPECT_EQ(metric(c, "lantian_http_pool_completed_total"), slows);
}

// One pool thread, no queue: of logins sent together, those that find the
// thread busy get 503 with Retry-After at once, while /healthz still answers.
TEST(SlowRequests, LoginsBeyondThePoolGet503WithRetryAfter) {
  ServerProcess srv(false, {"--pool-threads", "1", "--pool-queue", "0"});
  constexpr int kClients = 8;
  std::vector<std::unique_ptr<HttpClient>> clients;
  for (int i = 0; i < kClients; ++i) {
    clients.push_back(std::make_unique<HttpClient>(srv.port()));
    ASSERT_EQ(clients.back()->get("/healthz").status, 200);  // connected and kept alive
  }
  std::vector<HttpResponse> out(kClients);
  std::vector<Ms> took(kClients);
  std::barrier start(kClients);
  std::vector<std::thread> threads;
  for (int i = 0; i < kClients; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto t0 = std::chrono::steady_clock::now();
      out[i] = clients[i]->post_json("/api/v1/auth/login", admin_login());
      took[i] = since(t0);
    });
  for (auto& t : threads) t.join();
  int ok = 0, busy = 0;
  for (int i = 0; i < kClients; ++i) {
    const auto& r = out[i];
    if (r.status == 200) {
      ++ok;
    } else {
      ASSERT_EQ(r.status, 503) << r.body;
      ++busy;
      EXPECT_EQ(r.header("retry-after"), "1");
      EXPECT_EQ(std::string(r.obj().at("code").as_string()), "unavailable");
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_GE(busy, 1);
  HttpClient m(srv.port());
  EXPECT_EQ(metric(m, "lantian_http_pool_rejected_total"), busy);
  // A refused client retries and gets in.
  for (int i = 0; i < kClients; ++i)
    if (out[i].status == 503) {
      auto r = clients[i]->post_json("/api/v1/auth/login", admin_login());
      EXPECT_EQ(r.status, 200) << r.body;
      break;
    }
}

// With 256 descriptors the server takes at most 128 connections (the rest is
// kept for the database and files), answers the next ones 503 at once instead
// of letting accept() fail, and serves again when the idle ones go.
TEST(SlowRequests, ConnectionsBeyondTheOpenFileLimitGet503AtOnceAndServiceRecovers) {
  if (on_postgres())
    GTEST_SKIP() << "the connection cap does not depend on the database; the SQLite suite runs it";
  auto dir = make_temp_dir("lantian-fdlimit");
  std::string db = (dir / "test.db").string();
  std::string out;
  ASSERT_EQ(run_lantian({"--db", db, "init", "--admin-password", kAdminPassword}, &out), 0) << out;
  {
    // The server's open-file limit, soft and hard: 256.
    ServerProcess srv(ServerProcess::Existing{db, [] {
                                                rlimit rl{256, 256};
                                                return setrlimit(RLIMIT_NOFILE, &rl) == 0
                                                           ? std::string()
                                                           : std::string("setrlimit failed");
                                              }});
    {
      HttpClient c(srv.port());
      EXPECT_EQ(metric(c, "lantian_http_max_connections"), 128);
    }
    std::this_thread::sleep_for(100ms);  // that connection is gone
    using lantian::http::testing::Client;
    std::vector<std::unique_ptr<Client>> idle;
    int served = 0, refused = 0;
    for (int i = 0; i < 300; ++i) {
      auto c = std::make_unique<Client>(srv.port());
      ASSERT_TRUE(c->send(lantian::http::testing::get("/healthz")));
      auto r = c->read_response(false, 2000ms);
      ASSERT_TRUE(r) << "connection " << i << " got no answer";
      if (r->status == 200) {
        ++served;
        idle.push_back(std::move(c));  // stays open, idle
      } else {
        EXPECT_EQ(r->status, 503);
        ++refused;
      }
    }
    EXPECT_EQ(served, 128);
    EXPECT_EQ(refused, 300 - 128);
    auto t0 = std::chrono::steady_clock::now();
    {
      Client fresh(srv.port());
      ASSERT_TRUE(fresh.send(lantian::http::testing::get("/healthz")));
      auto r = fresh.read_response(false, 2000ms);
      ASSERT_TRUE(r);
      EXPECT_EQ(r->status, 503);
      EXPECT_EQ(r->header("retry-after"), "1");
      EXPECT_LT(since(t0), 500ms);  // not the 100 ms accept retries of an exhausted table
    }
    idle.clear();
    bool recovered = false;
    t0 = std::chrono::steady_clock::now();
    while (!recovered && since(t0) < 3000ms) {
      HttpClient c(srv.port());
      recovered = c.get("/healthz").status == 200;
      if (!recovered) std::this_thread::sleep_for(20ms);
    }
    EXPECT_TRUE(recovered);
    EXPECT_LT(since(t0), 1000ms);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

// A client halfway through a request does not hold SIGTERM for the 10 s
// grace: the server exits at once (the in-process test in
// tests/http/offload_test.cpp shows a request being handled still completes).
TEST(SlowRequests, SigtermDoesNotWaitForAHalfSentRequest) {
  ServerProcess srv(false);
  using lantian::http::testing::Client;
  Client half(srv.port());
  ASSERT_TRUE(half.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: t\r\nContent-Length: 500\r\n\r\n{\"user"));
  Client idle(srv.port());
  ASSERT_TRUE(idle.send(lantian::http::testing::get("/healthz")));
  ASSERT_TRUE(idle.read_response());
  std::this_thread::sleep_for(50ms);
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_EQ(srv.stop(), 0);
  EXPECT_LT(since(t0), 1000ms);
  EXPECT_TRUE(half.closed_within(500ms));
}

}  // namespace
}  // namespace lantian::test
