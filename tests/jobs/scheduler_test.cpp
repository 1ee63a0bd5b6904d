// Scheduler: jobs run only while the instance is leader, at their interval,
// failures are counted and logged, and the metrics text has one series per
// job.
#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

namespace lantian::jobs {
namespace {

using namespace std::chrono_literals;

TEST(Scheduler, RunsJobsOnlyWhileLeader) {
  std::atomic<bool> leader{false};
  std::atomic<int> ran{0};
  Scheduler s([&] { return leader.load(); }, nullptr, 5ms);
  s.add("tick", 30ms, [&]() -> Status {
    ran++;
    return {};
  });
  s.start();
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(ran.load(), 0) << "a follower runs nothing";
  leader = true;
  std::this_thread::sleep_for(200ms);
  int while_leading = ran.load();
  EXPECT_GE(while_leading, 3);
  EXPECT_LE(while_leading, 8) << "runs at its interval, not every tick";
  leader = false;
  std::this_thread::sleep_for(20ms);  // a run may have been under way
  int after = ran.load();
  std::this_thread::sleep_for(150ms);
  EXPECT_EQ(ran.load(), after);
  s.stop();
  EXPECT_EQ(s.runs("tick"), uint64_t(ran.load()));
  EXPECT_EQ(s.runs("nope"), 0u);
}

TEST(Scheduler, FirstRunIsSoonAfterBecomingLeader) {
  std::atomic<int> ran{0};
  Scheduler s([] { return true; }, nullptr, 5ms);
  s.add("hourly", 1h, [&]() -> Status {
    ran++;
    return {};
  });
  s.start();
  std::this_thread::sleep_for(100ms);
  s.stop();
  EXPECT_EQ(ran.load(), 1);
}

TEST(Scheduler, FailuresAndExceptionsAreCountedAndTheJobRunsAgain) {
  Scheduler s([] { return true; }, nullptr, 5ms);
  std::atomic<int> n{0};
  s.add("flaky", 10ms, [&]() -> Status {
    if (++n % 2) return Error::unavailable("database gone");
    throw std::runtime_error("boom");
  });
  s.add("fine", 10ms, [] { return Status{}; });
  s.start();
  std::this_thread::sleep_for(120ms);
  s.stop();
  auto st = s.stats();
  ASSERT_EQ(st.size(), 2u);
  EXPECT_EQ(st[0].name, "flaky");
  EXPECT_GE(st[0].runs, 3u);
  EXPECT_EQ(st[0].failures, st[0].runs);
  EXPECT_GE(st[1].runs, 3u);
  EXPECT_EQ(st[1].failures, 0u);
  std::string m = s.render_metrics();
  EXPECT_NE(m.find("# TYPE lantian_job_runs_total counter\n"), std::string::npos) << m;
  EXPECT_NE(m.find("lantian_job_runs_total{job=\"flaky\"} " + std::to_string(st[0].runs) + "\n"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("lantian_job_failures_total{job=\"fine\"} 0\n"), std::string::npos) << m;
}

TEST(Scheduler, BadOrDuplicateNamesAreIgnored) {
  Scheduler s([] { return true; });
  s.add("ok_1", 1s, [] { return Status{}; });
  s.add("ok_1", 1s, [] { return Status{}; });
  s.add("Bad-Name", 1s, [] { return Status{}; });
  s.add("quote\"", 1s, [] { return Status{}; });
  s.add("no_fn", 1s, nullptr);
  EXPECT_EQ(s.stats().size(), 1u);
  EXPECT_EQ(Scheduler([] { return true; }).render_metrics(), "");
}

TEST(Scheduler, StopWaitsForARunningJobAndIsIdempotent) {
  std::atomic<bool> finished{false};
  Scheduler s([] { return true; }, nullptr, 5ms);
  s.add("slow", 1h, [&]() -> Status {
    std::this_thread::sleep_for(100ms);
    finished = true;
    return {};
  });
  s.start();
  std::this_thread::sleep_for(30ms);
  s.stop();
  EXPECT_TRUE(finished.load());
  s.stop();
}

}  // namespace
}  // namespace lantian::jobs
