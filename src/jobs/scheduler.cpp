#include "jobs/scheduler.h"

#include <exception>

#include "obs/log.h"

namespace lantian::jobs {
namespace {

bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

Scheduler::Scheduler(std::function<bool()> is_leader, obs::Logger* logger, std::chrono::milliseconds tick)
    : is_leader_(std::move(is_leader)), logger_(logger), tick_(tick) {}

Scheduler::~Scheduler() { stop(); }

void Scheduler::add(std::string name, std::chrono::milliseconds interval, std::function<Status()> run) {
  bool duplicate = false;
  for (const auto& j : jobs_) duplicate = duplicate || j->name == name;
  if (!valid_name(name) || duplicate || !run || interval.count() <= 0 || thread_.joinable()) {
    if (logger_)
      logger_->error("scheduler: job not registered (bad or duplicate name, or already started)",
                     {{"job", name}});
    return;
  }
  auto j = std::make_unique<Job>();
  j->name = std::move(name);
  j->interval = interval;
  j->run = std::move(run);
  jobs_.push_back(std::move(j));
}

void Scheduler::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { loop(); });
}

void Scheduler::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Scheduler::loop() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    lock.unlock();
    for (auto& j : jobs_) {
      {
        std::lock_guard check(mu_);
        if (stopping_) break;
      }
      if (std::chrono::steady_clock::now() < j->next_due) continue;
      // Asked right before each run: leadership may have just ended.
      if (!is_leader_ || !is_leader_()) break;
      run_job(*j);
    }
    lock.lock();
    cv_.wait_for(lock, tick_, [this] { return stopping_; });
  }
}

void Scheduler::run_job(Job& j) {
  auto start = std::chrono::steady_clock::now();
  j.next_due = start + j.interval;
  j.runs++;
  Status st;
  try {
    st = j.run();
  } catch (const std::exception& e) {
    st = Error::internal(std::string("job threw: ") + e.what());
  } catch (...) {
    st = Error::internal("job threw");
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!st.ok()) {
    j.failures++;
    if (logger_)
      logger_->error("job failed", {{"job", j.name}, {"error", st.error().message}, {"duration_ms", ms}});
  } else if (logger_) {
    logger_->debug("job ran", {{"job", j.name}, {"duration_ms", ms}});
  }
}

std::vector<Scheduler::JobStats> Scheduler::stats() const {
  std::vector<JobStats> out;
  for (const auto& j : jobs_) out.push_back({j->name, j->runs.load(), j->failures.load()});
  return out;
}

uint64_t Scheduler::runs(const std::string& name) const {
  for (const auto& j : jobs_)
    if (j->name == name) return j->runs.load();
  return 0;
}

std::string Scheduler::render_metrics() const {
  if (jobs_.empty()) return {};
  std::string out;
  auto family = [&](const char* name, const char* help, auto value) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n";
    for (const auto& j : jobs_)
      out += std::string(name) + "{job=\"" + j->name + "\"} " + std::to_string(value(*j)) + "\n";
  };
  family("lantian_job_runs_total", "Scheduled job runs started on this instance (only the leader runs jobs)",
         [](const Job& j) { return j.runs.load(); });
  family("lantian_job_failures_total", "Scheduled job runs that failed on this instance",
         [](const Job& j) { return j.failures.load(); });
  return out;
}

}  // namespace lantian::jobs
