// The database verdict /healthz reports, and how fresh it is.
//
// Load balancers poll /healthz many times a second and on PostgreSQL a ping
// is a network round trip, so a successful ping is reused for up to `reuse`
// (1 s) — but not after a storage failure was seen elsewhere since (the
// `failures` counter moved: store/monitored_db.h), and a failed ping is
// never reused: the next request checks again. A request that arrives
// while a check runs waits for it and takes its verdict, so at most one
// ping is in flight and no verdict is older than the request. Each verdict
// says when it was taken (checked_at, and its age at the request).
//
// Thread-safety: get() is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>

#include "core/error.h"

namespace lantian::api {

class DatabaseHealthCheck {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  struct Verdict {
    Status status;
    std::chrono::system_clock::time_point checked_at;  // wall time of the check
    std::chrono::milliseconds age{0};                  // how old it was when handed out
  };

  // ping: the check (Database::ping); failures: a counter of storage
  // failures seen elsewhere (empty = none); now: the steady clock (tests
  // pass their own).
  explicit DatabaseHealthCheck(std::function<Status()> ping, std::function<uint64_t()> failures = {},
                               std::function<SteadyTime()> now = &std::chrono::steady_clock::now,
                               std::chrono::milliseconds reuse = std::chrono::seconds(1));

  Verdict get();

 private:
  std::function<Status()> ping_;
  std::function<uint64_t()> failures_;
  std::function<SteadyTime()> now_;
  std::chrono::milliseconds reuse_;

  std::mutex mu_;
  bool checked_ = false;
  Status last_;
  SteadyTime at_{};
  std::chrono::system_clock::time_point wall_{};
  uint64_t failures_seen_ = 0;
};

}  // namespace lantian::api
