#include "store/write_queue.h"

namespace lantian::store {

// One queued write; lives on its caller's stack until the caller returns
// from submit(), which it cannot before `done`.
struct WriteBatch::Job {
  const Fn* fn = nullptr;
  std::chrono::steady_clock::time_point queued;
  Status result;
  bool finished = false;  // the runner recorded a result
  bool done = false;      // the batch is over: result is final (guarded by the queue's mutex)
  std::exception_ptr exception;
};

namespace {
// The queue whose batch this thread is running, to refuse a write inside a
// write (which would otherwise wait for itself forever).
thread_local const WriteQueue* t_leading = nullptr;
}  // namespace

WriteBatch::WriteBatch(WriteQueue& q) : q_(q), start_(std::chrono::steady_clock::now()) {}

bool WriteBatch::next() {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lk(q_.mu_);
  if (q_.queue_.empty()) return false;
  if (!jobs_.empty() && (jobs_.size() >= q_.limits_.max_writes || now - start_ >= q_.limits_.max_time))
    return false;
  Job* j = q_.queue_.front();
  q_.queue_.pop_front();
  q_.stats_.wait_ns +=
      uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(now - j->queued).count());
  jobs_.push_back(j);
  return true;
}

Status WriteBatch::call(Tx& tx) {
  Job* j = jobs_.back();
  try {
    return (*j->fn)(tx);
  } catch (const std::exception& e) {
    j->exception = std::current_exception();
    return Error::internal(std::string("write callback threw: ") + e.what());
  } catch (...) {
    j->exception = std::current_exception();
    return Error::internal("write callback threw");
  }
}

void WriteBatch::finish(Status st) {
  Job* j = jobs_.back();
  j->result = std::move(st);
  j->finished = true;
}

void WriteBatch::fail_succeeded(const Error& e) {
  for (Job* j : jobs_)
    if (j->finished && j->result.ok()) j->result = e;
}

Status WriteQueue::submit(const WriteBatch::Fn& fn, const std::function<void(WriteBatch&)>& run) {
  if (t_leading == this)
    return Error::internal("write() called inside a write callback of the same database");
  WriteBatch::Job job;
  job.fn = &fn;
  job.queued = std::chrono::steady_clock::now();
  std::unique_lock lk(mu_);
  queue_.push_back(&job);
  while (!job.done) {
    if (leading_) {
      cv_.wait(lk);
      continue;
    }
    leading_ = true;
    stats_.batches++;
    lk.unlock();
    WriteBatch batch(*this);
    t_leading = this;
    try {
      run(batch);
    } catch (...) {
      // The runner itself must not throw; if it does, nothing of the batch
      // may be reported as written.
      for (auto* j : batch.jobs_) {
        j->result = Error::internal("write batch failed with an exception");
        j->finished = true;
      }
    }
    t_leading = nullptr;
    lk.lock();
    for (auto* j : batch.jobs_) {
      if (!j->finished) j->result = Error::internal("write was taken into a batch but not run");
      j->done = true;
    }
    leading_ = false;
    cv_.notify_all();
  }
  lk.unlock();
  if (job.exception) std::rethrow_exception(job.exception);
  return std::move(job.result);
}

Status WriteQueue::exclusive(const std::function<Status()>& f) {
  if (t_leading == this)
    return Error::internal("exclusive() called inside a write callback of the same database");
  std::unique_lock lk(mu_);
  cv_.wait(lk, [&] { return !leading_; });
  leading_ = true;
  lk.unlock();
  Status st;
  try {
    st = f();
  } catch (...) {
    lk.lock();
    leading_ = false;
    cv_.notify_all();
    throw;
  }
  lk.lock();
  leading_ = false;
  cv_.notify_all();
  return st;
}

WriteQueue::Stats WriteQueue::stats() const {
  std::lock_guard lk(mu_);
  return stats_;
}

}  // namespace lantian::store
