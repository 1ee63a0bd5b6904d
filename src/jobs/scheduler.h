// Periodic background jobs that run on the leader only (see leader.h), so
// with several instances on one database each job runs once, not once per
// instance.
//
//   Scheduler s([&] { return election.is_leader(); }, &logger);
//   s.add("housekeeping", std::chrono::hours(1), [&] { return purge(...); });
//   s.start();  ...  s.stop();
//
// Timing: one background thread looks for due jobs every tick (250 ms). A
// job is due when this instance is leader and it has not run for its
// interval on this instance; so it runs soon after the instance becomes
// leader (a new leader does not know when the old one last ran it: jobs
// must be harmless to repeat), then every interval from the start of its
// previous run. Jobs run one at a time on that thread, and is_leader() is
// asked again right before each run. A job that returns an error (or
// throws) is logged and counted and runs again at its next interval.
//
// Metrics: render_metrics() gives the Prometheus text for
//   lantian_job_runs_total{job}       counter, runs started on this instance
//   lantian_job_failures_total{job}   counter, runs that failed
// (obs::Metrics gauges take no labels, hence this separate text; see
// api::ApiOptions::extra_metrics).
//
// Thread-safety: add() before start(); start()/stop() from one thread;
// stats() and render_metrics() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler {
 public:
  explicit Scheduler(std::function<bool()> is_leader, obs::Logger* logger = nullptr,
                     std::chrono::milliseconds tick = std::chrono::milliseconds(250));
  ~Scheduler();  // stop()
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // name: lower-case letters, digits and '_' (it becomes a metric label);
  // a bad name or a duplicate is ignored and logged. Call before start().
  void add(std::string name, std::chrono::milliseconds interval, std::function<Status()> run);

  void start();
  // Waits for a running job to finish, then returns.
  void stop();

  struct JobStats {
    std::string name;
    uint64_t runs = 0;
    uint64_t failures = 0;
  };
  std::vector<JobStats> stats() const;
  // Runs of one job so far (0 for an unknown name).
  uint64_t runs(const std::string& name) const;
  std::string render_metrics() const;

 private:
  struct Job {
    std::string name;
    std::chrono::milliseconds interval;
    std::function<Status()> run;
    std::chrono::steady_clock::time_point next_due{};  // scheduler thread only
    std::atomic<uint64_t> runs{0}, failures{0};
  };
  void loop();
  void run_job(Job& j);

  std::function<bool()> is_leader_;
  obs::Logger* logger_;
  std::chrono::milliseconds tick_;
  std::vector<std::unique_ptr<Job>> jobs_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // under mu_
  std::thread thread_;
};

}  // namespace lantian::jobs
