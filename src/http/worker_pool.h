// A small bounded thread pool for work too slow for an I/O thread: password
// hashing, .xlsx import and export, report files, thumbnails. The server
// (server.h) runs a handler's Response::offload on it and writes the answer on
// the connection's own I/O thread.
//
// Bounded on purpose: try_submit() never blocks and never grows the queue past
// max_queue; a caller that is refused answers 503 at once instead of piling
// up work nobody will wait for. Tasks run in submission order.
//
// Threads may run at a lower CPU priority (nice > 0, Linux: per thread) so
// that a burst of hashing cannot take the cores from the I/O threads that
// serve every other request. A thread cannot raise its priority back without
// privileges; the pool's threads keep it for their life.
//
// Thread-safety: every member is safe from any thread. The destructor runs
// the tasks still queued, then joins the threads; a task must not destroy its
// own pool.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace lantian::http {

class WorkerPool {
 public:
  struct Stats {
    unsigned threads = 0;
    std::size_t max_queue = 0;
    std::size_t queued = 0;  // submitted, not started
    std::size_t busy = 0;    // running now
    uint64_t completed = 0;  // finished since start
    uint64_t rejected = 0;   // refused by try_submit: queue full
  };

  // threads 0 = half the cores, at least 1. max_queue 0 = no queue: a task is
  // taken only when a thread is idle. nice: added to the threads' CPU
  // priority (0 = same as the caller; ignored if the system refuses).
  WorkerPool(unsigned threads, std::size_t max_queue, int nice = 0);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // Queues task unless the pool already holds max_queue waiting tasks (plus
  // one per idle thread); returns false then, without running either. After
  // task, `then` (if any) runs on the same thread once the pool counts the
  // task completed and the thread free: whoever learns of the result through
  // it finds stats() up to date and may submit again at once. A task that
  // throws is a programming error: the exception is swallowed (and `then`
  // still runs) so that the thread survives.
  bool try_submit(std::function<void()> task, std::function<void()> then = {});

  Stats stats() const;

 private:
  void loop();

  const std::size_t max_queue_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  struct Item {
    std::function<void()> task, then;
  };
  std::deque<Item> queue_;
  std::size_t busy_ = 0;
  uint64_t completed_ = 0;
  uint64_t rejected_ = 0;
  bool stop_ = false;
  int nice_;
  std::vector<std::thread> threads_;
};

}  // namespace lantian::http
