// Group commit for a database with one writer connection (SQLite): write()
// callers queue their callbacks; whichever caller finds the writer free becomes
// the leader and runs what has queued up as one batch (one transaction, one
// commit, so one fsync for all of them), then every caller gets its own
// result. The queue knows nothing of SQL: the database supplies a runner that
// opens the transaction, runs each callback of the batch all-or-nothing on its
// own (a savepoint each but the first) and commits (see sqlite_db.cpp).
//
// Usage (the runner):
//   queue.submit(fn, [&](WriteBatch& b) {
//     LT_TRY-like: begin; on failure b.next(), b.finish(err), return
//     while (b.next()) { ...savepoint...; Status st = b.call(tx); ...; b.finish(st); }
//     commit; on failure b.fail_succeeded(err)
//   });
//
// Guarantees:
//  - A callback runs at most once, on the leader's thread (which may be
//    another caller's), while its own caller blocks in submit(). An exception
//    it throws is caught there and rethrown to its own caller (its result is
//    an internal error inside the batch).
//  - Batches run one at a time, in queue (arrival) order; a batch takes at
//    most Limits::max_writes callbacks and stops taking more once it has run
//    Limits::max_time (the callbacks already taken still commit together).
//  - A write the runner took but did not finish() is reported as an internal
//    error, never as success.
//  - A callback that calls submit() on the same queue (a write inside a
//    write) gets an internal error instead of a deadlock.
//
// Thread-safety: submit() and exclusive() from any thread; WriteBatch only
// from the runner it was given to.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "store/db.h"

namespace lantian::store {

class WriteQueue;

// The batch the leader is running. next() takes the next queued write (if the
// limits allow), call() runs its callback, finish() records its result.
class WriteBatch {
 public:
  using Fn = std::function<Status(Tx&)>;
  // Takes the next queued write into the batch; false when none is queued or
  // the batch is full (count or time). The first call waits for nothing and
  // always succeeds in a fresh batch.
  bool next();
  // Runs the current write's callback. An exception is kept for its caller
  // and returned here as an internal error.
  Status call(Tx& tx);
  // The current write's result.
  void finish(Status st);
  // Every write of this batch finished OK so far gets `e` instead (the
  // transaction they were in is gone: a failed commit or a fatal error).
  void fail_succeeded(const Error& e);
  // Writes taken so far.
  size_t size() const { return jobs_.size(); }

 private:
  friend class WriteQueue;
  struct Job;
  explicit WriteBatch(WriteQueue& q);
  WriteQueue& q_;
  std::vector<Job*> jobs_;
  std::chrono::steady_clock::time_point start_;
};

class WriteQueue {
 public:
  struct Limits {
    size_t max_writes = 64;
    std::chrono::microseconds max_time{std::chrono::milliseconds(20)};
  };
  struct Stats {
    uint64_t batches = 0;  // batches run (at most one commit each)
    uint64_t wait_ns = 0;  // total time writes spent queued before their callback started
  };

  WriteQueue() : WriteQueue(Limits()) {}
  explicit WriteQueue(Limits limits) : limits_(limits) {}

  // Queues fn and blocks until a batch containing it has finished; returns
  // fn's result, or the batch's error if its transaction failed. `run` is
  // called (on this thread) when this caller becomes the leader.
  Status submit(const WriteBatch::Fn& fn, const std::function<void(WriteBatch&)>& run);

  // Runs f while no batch runs (for work on the writer connection outside the
  // queue, e.g. migration scripts).
  Status exclusive(const std::function<Status()>& f);

  Stats stats() const;

 private:
  friend class WriteBatch;
  Limits limits_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<WriteBatch::Job*> queue_;
  bool leading_ = false;
  Stats stats_;
};

}  // namespace lantian::store
