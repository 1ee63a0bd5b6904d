#include "http/worker_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>

namespace lantian::http {

WorkerPool::WorkerPool(unsigned threads, std::size_t max_queue, int nice)
    : max_queue_(max_queue), nice_(nice) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency() / 2);
  threads_.reserve(threads);
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
}

bool WorkerPool::try_submit(std::function<void()> task, std::function<void()> then) {
  {
    std::lock_guard lock(mu_);
    // Tasks an idle thread is about to take do not count against max_queue.
    std::size_t idle = threads_.size() - busy_;
    if (stop_ || queue_.size() >= idle + max_queue_) {
      ++rejected_;
      return false;
    }
    queue_.push_back({std::move(task), std::move(then)});
  }
  cv_.notify_one();
  return true;
}

WorkerPool::Stats WorkerPool::stats() const {
  std::lock_guard lock(mu_);
  Stats s;
  s.threads = unsigned(threads_.size());
  s.max_queue = max_queue_;
  s.queued = queue_.size();
  s.busy = busy_;
  s.completed = completed_;
  s.rejected = rejected_;
  return s;
}

void WorkerPool::loop() {
  if (nice_ > 0) {
    // Linux: a thread's nice value is its own (the tid is a process id here).
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(::syscall(SYS_gettid)), nice_);
  }
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping and drained
    Item item = std::move(queue_.front());
    queue_.pop_front();
    ++busy_;
    lock.unlock();
    try {
      item.task();
    } catch (...) {
    }
    item.task = nullptr;  // release what it captured before counting it done
    lock.lock();
    --busy_;
    ++completed_;
    if (item.then) {
      lock.unlock();
      try {
        item.then();
      } catch (...) {
      }
      item.then = nullptr;
      lock.lock();
    }
  }
}

}  // namespace lantian::http
