// The server's worker pool (Response::offload), its bound, the open-file cap
// on connections, and a shutdown that does not wait for half-sent requests.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <condition_variable>
#include <future>
#include <mutex>
#include <regex>

#include "http/server.h"
#include "http/worker_pool.h"
#include "obs/metrics.h"
#include "test_support.h"

namespace lantian::http {
namespace {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;
using testing::Client;
using testing::get;
using testing::RunningServer;

Response text(std::string body) {
  Response r;
  r.headers.push_back({"content-type", "text/plain"});
  r.body = std::move(body);
  return r;
}

// A gate the pool tasks wait at until the test opens it.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  int waiting = 0;
  void pass() {
    std::unique_lock l(mu);
    ++waiting;
    cv.notify_all();
    cv.wait(l, [this] { return open; });
  }
  void release() {
    std::lock_guard l(mu);
    open = true;
    cv.notify_all();
  }
  bool wait_for_waiting(int n, Ms limit) {
    std::unique_lock l(mu);
    return cv.wait_for(l, limit, [&] { return waiting >= n; });
  }
};

// The value of an unlabelled series in a Prometheus text, or -1.
double gauge(const std::string& metrics, const std::string& name) {
  std::regex re("\n" + name + " ([0-9.e+-]+)\n");
  std::smatch m;
  std::string t = "\n" + metrics;
  if (!std::regex_search(t, m, re)) return -1;
  return std::stod(m[1]);
}

Ms since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0);
}

ServerOptions options() {
  ServerOptions o;
  o.read_timeout = 5000ms;
  o.idle_timeout = 5000ms;
  o.shutdown_grace = 10000ms;
  return o;
}

TEST(WorkerPool, HoldsAtMostItsThreadsPlusItsQueueAndRunsTheRest) {
  Gate gate;
  std::atomic<int> ran{0};
  {
    WorkerPool pool(1, 2);
    auto task = [&] {
      gate.pass();
      ++ran;
    };
    ASSERT_TRUE(pool.try_submit(task));
    ASSERT_TRUE(gate.wait_for_waiting(1, 2000ms));  // running
    EXPECT_TRUE(pool.try_submit(task));
    EXPECT_TRUE(pool.try_submit(task));
    EXPECT_FALSE(pool.try_submit(task));  // 1 running + 2 waiting
    auto s = pool.stats();
    EXPECT_EQ(s.threads, 1u);
    EXPECT_EQ(s.busy, 1u);
    EXPECT_EQ(s.queued, 2u);
    EXPECT_EQ(s.rejected, 1u);
    gate.release();
  }  // the destructor runs what is queued
  EXPECT_EQ(ran.load(), 3);
}

TEST(WorkerPool, QueueOfZeroTakesWorkOnlyForAnIdleThread) {
  Gate gate;
  WorkerPool pool(2, 0);
  auto task = [&] { gate.pass(); };
  EXPECT_TRUE(pool.try_submit(task));
  EXPECT_TRUE(pool.try_submit(task));
  ASSERT_TRUE(gate.wait_for_waiting(2, 2000ms));
  EXPECT_FALSE(pool.try_submit(task));
  gate.release();
}

TEST(WorkerPool, ThenRunsOnceTheTaskIsCountedAndTheThreadIsFree) {
  WorkerPool pool(1, 0);
  std::promise<WorkerPool::Stats> seen;
  ASSERT_TRUE(pool.try_submit([] {}, [&] { seen.set_value(pool.stats()); }));
  auto s = seen.get_future().get();
  EXPECT_EQ(s.busy, 0u);
  EXPECT_EQ(s.completed, 1u);
  // A thread told "done" may submit again at once, even with no queue.
  std::promise<void> second;
  EXPECT_TRUE(pool.try_submit([&] { second.set_value(); }));
  second.get_future().get();
}

// The point of the pool: a slow handler does not hold up the other
// connections of its I/O thread (one thread here, so they all share it).
TEST(Offload, SlowHandlerOnThePoolDoesNotDelayAFastRequestOnTheSameThread) {
  auto opt = options();
  opt.threads = 1;
  std::atomic<bool> slow_started{false};
  RunningServer srv(opt, [&](Request& req) {
    if (req.path != "/slow") return text("fast");
    Response r;
    r.route = "/slow";
    r.offload = [&req, &slow_started] {
      slow_started = true;
      std::this_thread::sleep_for(700ms);
      return text("slow " + req.path);  // the request is still there
    };
    return r;
  });
  Client slow(srv.port());
  Client fast(srv.port());
  ASSERT_TRUE(slow.send(get("/slow")));
  while (!slow_started) std::this_thread::sleep_for(1ms);
  for (int i = 0; i < 3; ++i) {
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(fast.send(get("/fast")));
    auto r = fast.read_response(false, 2000ms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "fast");
    EXPECT_LT(since(t0), 300ms);  // not behind the 700 ms handler
  }
  auto r = slow.read_response(false, 3000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "slow /slow");
  // The connection goes on after an offloaded answer.
  ASSERT_TRUE(slow.send(get("/again")));
  r = slow.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "fast");
}

// The same handler run inline does delay its neighbours: the test above
// would fail without the pool.
TEST(Offload, InlineSlowHandlerDoesDelayItsNeighbours) {
  auto opt = options();
  opt.threads = 1;
  std::atomic<bool> slow_started{false};
  RunningServer srv(opt, [&](Request& req) {
    if (req.path != "/slow") return text("fast");
    slow_started = true;
    std::this_thread::sleep_for(500ms);
    return text("slow");
  });
  Client slow(srv.port());
  Client fast(srv.port());
  ASSERT_TRUE(slow.send(get("/slow")));
  while (!slow_started) std::this_thread::sleep_for(1ms);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(fast.send(get("/fast")));
  ASSERT_TRUE(fast.read_response(false, 2000ms));
  EXPECT_GE(since(t0), 300ms);
}

TEST(Offload, FullPoolAnswers503WithRetryAfterAndKeepsTheConnection) {
  auto opt = options();
  opt.pool_threads = 1;
  opt.pool_queue = 1;
  Gate gate;
  obs::Metrics metrics;
  RunningServer srv(
      opt,
      [&](Request& req) {
        if (req.path != "/slow") return text("fast");
        Response r;
        r.route = "/slow";
        r.offload = [&gate] {
          gate.pass();
          return text("done");
        };
        return r;
      },
      nullptr, &metrics);
  Client a(srv.port()), b(srv.port()), c(srv.port());
  ASSERT_TRUE(a.send(get("/slow")));
  ASSERT_TRUE(gate.wait_for_waiting(1, 2000ms));  // a runs
  ASSERT_TRUE(b.send(get("/slow")));              // b waits in the queue
  auto deadline = std::chrono::steady_clock::now() + 2s;
  while (gauge(metrics.render(), "lantian_http_pool_queued") != 1 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(2ms);
  ASSERT_EQ(gauge(metrics.render(), "lantian_http_pool_queued"), 1);
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send(get("/slow")));
  auto r = c.read_response(false, 2000ms);
  ASSERT_TRUE(r);
  EXPECT_LT(since(t0), 500ms);  // at once, not after the others
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("retry-after"), "1");
  EXPECT_EQ(r->header("content-type"), "application/problem+json");
  auto body = boost::json::parse(r->body).as_object();
  EXPECT_EQ(body["type"], "https://lantian.dev/problems/service-unavailable");
  EXPECT_EQ(body["code"], "unavailable");
  EXPECT_NE(r->header("connection"), "close");
  ASSERT_TRUE(c.send(get("/fast")));  // the connection still serves
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "fast");

  std::string m = metrics.render();
  EXPECT_EQ(gauge(m, "lantian_http_pool_threads"), 1);
  EXPECT_EQ(gauge(m, "lantian_http_pool_queue_limit"), 1);
  EXPECT_EQ(gauge(m, "lantian_http_pool_busy"), 1);
  EXPECT_EQ(gauge(m, "lantian_http_pool_rejected_total"), 1);
  EXPECT_NE(m.find("lantian_http_requests_total{route=\"/slow\",method=\"GET\",status=\"503\"} 1"),
            std::string::npos)
      << m;

  gate.release();
  for (Client* cl : {&a, &b}) {
    r = cl->read_response(false, 2000ms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "done");
  }
  deadline = std::chrono::steady_clock::now() + 2s;
  while (gauge(metrics.render(), "lantian_http_pool_completed_total") != 2 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(2ms);
  EXPECT_EQ(gauge(metrics.render(), "lantian_http_pool_completed_total"), 2);
}

// The wait lane: handlers that mostly wait (a write queued for a shared
// commit) run on a pool of their own, many at once, whatever the number of I/O
// threads and slow-pool threads: eight of them here wait for each other at a
// gate with one I/O thread and one slow-pool thread.
TEST(Offload, WaitLaneRunsManyWaitingHandlersTogetherBesideTheSlowPool) {
  auto opt = options();
  opt.threads = 1;
  opt.pool_threads = 1;
  opt.wait_threads = 8;
  opt.wait_queue = 0;
  Gate gate;
  obs::Metrics metrics;
  RunningServer srv(
      opt,
      [&](Request& req) {
        Response r;
        r.route = req.path;
        r.lane = req.path == "/write" ? Response::Lane::wait : Response::Lane::slow;
        r.offload = [&gate] {
          gate.pass();
          return text("done");
        };
        return r;
      },
      nullptr, &metrics);
  std::vector<std::unique_ptr<Client>> writers;
  for (int i = 0; i < 8; ++i) {
    writers.push_back(std::make_unique<Client>(srv.port()));
    ASSERT_TRUE(writers.back()->send(get("/write")));
  }
  ASSERT_TRUE(gate.wait_for_waiting(8, 3000ms));  // all eight at once
  std::string m = metrics.render();
  EXPECT_EQ(gauge(m, "lantian_http_wait_pool_threads"), 8);
  EXPECT_EQ(gauge(m, "lantian_http_wait_pool_busy"), 8);
  EXPECT_EQ(gauge(m, "lantian_http_pool_busy"), 0);  // the slow pool is untouched

  // A ninth write finds the wait pool full (no queue): 503 at once.
  Client ninth(srv.port());
  ASSERT_TRUE(ninth.send(get("/write")));
  auto r = ninth.read_response(false, 2000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("retry-after"), "1");
  EXPECT_EQ(gauge(metrics.render(), "lantian_http_wait_pool_rejected_total"), 1);

  // The slow pool still takes its own work beside them.
  Client slow(srv.port());
  ASSERT_TRUE(slow.send(get("/slow")));
  ASSERT_TRUE(gate.wait_for_waiting(9, 3000ms));
  gate.release();
  for (auto& w : writers) {
    r = w->read_response(false, 2000ms);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
  r = slow.read_response(false, 2000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST(Offload, ThrowingPoolTaskBecomes500) {
  RunningServer srv(options(), [](Request&) {
    Response r;
    r.offload = []() -> Response { throw std::runtime_error("boom"); };
    return r;
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/x")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("boom"), std::string::npos);
}

// Stopping: a client halfway through a request is dropped at once; the
// request already being handled on the pool completes; run() returns as soon
// as it has, far inside the 10 s grace.
TEST(Offload, SigtermDropsHalfSentRequestsAndWaitsOnlyForThoseBeingHandled) {
  ServerOptions opt = options();
  opt.host = "127.0.0.1";
  opt.port = 0;
  opt.threads = 2;
  std::atomic<bool> slow_started{false};
  Server server(
      opt,
      [&](Request& req) {
        if (req.path != "/slow") return text("fast");
        Response r;
        r.offload = [&] {
          slow_started = true;
          std::this_thread::sleep_for(400ms);
          return text("finished");
        };
        return r;
      },
      nullptr, nullptr);
  ASSERT_TRUE(server.listen());
  server.stop_on_signals();
  std::atomic<bool> returned{false};
  std::thread runner([&] {
    server.run();
    returned = true;
  });
  Client half(server.port());
  ASSERT_TRUE(half.send("GET /never HTTP/1.1\r\nHost: test\r\nX-Partial: "));
  Client body(server.port());  // a body that never ends
  ASSERT_TRUE(body.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nabc"));
  Client idle(server.port());
  ASSERT_TRUE(idle.send(get("/fast")));
  ASSERT_TRUE(idle.read_response());
  Client slow(server.port());
  ASSERT_TRUE(slow.send(get("/slow")));
  while (!slow_started) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(20ms);  // the half requests are surely read by now

  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(::kill(::getpid(), SIGTERM), 0);
  EXPECT_TRUE(half.closed_within(300ms));
  EXPECT_TRUE(body.closed_within(300ms));
  EXPECT_TRUE(idle.closed_within(300ms));
  auto r = slow.read_response(false, 2000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "finished");
  EXPECT_EQ(r->header("connection"), "close");
  while (!returned && since(t0) < 3000ms) std::this_thread::sleep_for(5ms);
  EXPECT_TRUE(returned);
  EXPECT_LT(since(t0), 1000ms);
  runner.join();
  EXPECT_EQ(server.open_connections(), 0u);
}

// After the grace, a connection whose handler is still on the pool is closed;
// run() returns once that task has finished (a thread cannot be cancelled).
TEST(Offload, GraceExpiryClosesAConnectionWhoseTaskOverruns) {
  auto opt = options();
  opt.shutdown_grace = 200ms;
  std::atomic<bool> started{false};
  RunningServer srv(opt, [&](Request&) {
    Response r;
    r.offload = [&] {
      started = true;
      std::this_thread::sleep_for(1200ms);
      return text("late");
    };
    return r;
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/stuck")));
  while (!started) std::this_thread::sleep_for(1ms);
  auto t0 = std::chrono::steady_clock::now();
  srv.server().stop();
  EXPECT_TRUE(c.closed_within(1000ms));
  auto took = since(t0);
  EXPECT_GE(took, 150ms);
  EXPECT_LT(took, 900ms);
  EXPECT_TRUE(srv.join_within(3000ms));
}

// Under a low open-file limit the connection cap comes down to fit it.
TEST(Offload, MaxConnectionsIsCappedBelowTheOpenFileLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  rlimit low = saved;
  low.rlim_cur = 600;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  auto opt = options();
  opt.max_connections = 5000;
  opt.reserved_fds = 100;
  std::size_t capped = 0;
  {
    Server s(
        opt, [](Request&) { return text("x"); }, nullptr, nullptr);
    auto st = s.listen();
    capped = s.max_connections();
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
    ASSERT_TRUE(st);
  }
  EXPECT_EQ(capped, 500u);
  opt.max_connections = 50;  // a configured value already below stays
  Server s(
      opt, [](Request&) { return text("x"); }, nullptr, nullptr);
  ASSERT_TRUE(s.listen());
  EXPECT_EQ(s.max_connections(), 50u);
}

TEST(Offload, RaiseOpenFileLimitLiftsTheSoftLimitToTheHardOne) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < 300) GTEST_SKIP() << "hard limit too low";
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  FileLimit f = raise_open_file_limit();
  rlimit now{};
  getrlimit(RLIMIT_NOFILE, &now);
  setrlimit(RLIMIT_NOFILE, &saved);
  EXPECT_EQ(f.before, 256u);
  EXPECT_GT(f.after, 256u);
  EXPECT_EQ(now.rlim_cur, f.after);
}

}  // namespace
}  // namespace lantian::http
