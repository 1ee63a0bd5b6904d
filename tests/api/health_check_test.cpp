// The /healthz database verdict (api/health_check.h): how long it is reused
// and when it is not.
#include "api/health_check.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <thread>

namespace lantian::api {
namespace {

using namespace std::chrono_literals;

struct Fake {
  std::atomic<int> pings{0};
  std::atomic<bool> up{true};
  std::atomic<uint64_t> failures{0};
  std::atomic<int64_t> now_ms{0};
  DatabaseHealthCheck check{
      [this]() -> Status {
        pings++;
        if (up) return {};
        return Error::unavailable("down");
      },
      [this] { return failures.load(); },
      [this] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(now_ms)); }};
};

TEST(DatabaseHealthCheck, ReusesASuccessForASecondAndSaysHowOldItIs) {
  Fake f;
  auto v = f.check.get();
  EXPECT_TRUE(v.status.ok());
  EXPECT_EQ(v.age, 0ms);
  EXPECT_EQ(f.pings, 1);
  f.now_ms = 400;
  v = f.check.get();
  EXPECT_EQ(f.pings, 1);
  EXPECT_EQ(v.age, 400ms);
  f.now_ms = 1000;
  v = f.check.get();
  EXPECT_EQ(f.pings, 2);
  EXPECT_EQ(v.age, 0ms);
}

TEST(DatabaseHealthCheck, NeverReusesAFailure) {
  Fake f;
  f.up = false;
  EXPECT_FALSE(f.check.get().status.ok());
  f.up = true;
  f.now_ms = 1;  // a millisecond later, not a second
  EXPECT_TRUE(f.check.get().status.ok());
  EXPECT_EQ(f.pings, 2);
}

TEST(DatabaseHealthCheck, AStorageFailureSeenElsewhereEndsTheReuse) {
  Fake f;
  EXPECT_TRUE(f.check.get().status.ok());
  f.up = false;
  f.failures++;  // a write just failed for a storage reason
  f.now_ms = 1;
  auto v = f.check.get();
  EXPECT_FALSE(v.status.ok());
  EXPECT_EQ(f.pings, 2);
  EXPECT_EQ(v.age, 0ms);
}

TEST(DatabaseHealthCheck, ARequestArrivingDuringACheckTakesItsVerdict) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false, pinging = false;
  std::atomic<int> pings{0};
  std::atomic<int64_t> now_ms{0};
  DatabaseHealthCheck check(
      [&]() -> Status {
        pings++;
        std::unique_lock lock(mu);
        pinging = true;
        cv.notify_all();
        cv.wait(lock, [&] { return release; });
        return Error::unavailable("down");
      },
      {}, [&] { return std::chrono::steady_clock::time_point(std::chrono::milliseconds(now_ms)); });
  std::thread first([&] { EXPECT_FALSE(check.get().status.ok()); });
  {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return pinging; });
  }
  now_ms = 1;
  DatabaseHealthCheck::Verdict second_verdict;
  std::thread second([&] { second_verdict = check.get(); });
  std::this_thread::sleep_for(50ms);  // the second request waits for the check
  now_ms = 2;
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  first.join();
  second.join();
  EXPECT_FALSE(second_verdict.status.ok());
  EXPECT_EQ(pings, 1);
}

}  // namespace
}  // namespace lantian::api
