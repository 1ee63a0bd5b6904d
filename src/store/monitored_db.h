// A Database that watches another for /healthz and /metrics: it forwards
// every call unchanged and keeps the state of writes. Writes are "failing"
// from the first write (or migration script) that fails for a storage reason
// (store/db_errors.h is_storage_failure: the database unavailable, busy,
// full or read-only) until the next one that commits; a conflict, bad input
// or a bug in a callback is not a storage failure and changes nothing.
// Reads, writes and pings that fail for a storage reason are also counted,
// so that /healthz re-checks the database at once instead of repeating an
// older "ok" (api/health_check.h).
//
// Thread-safety: as Database; write_health() and storage_failures() may be
// called from any thread. The on_change callback runs on the thread whose
// write changed the state, outside any lock of this class.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "store/db.h"

namespace lantian::store {

struct WriteHealth {
  bool failing = false;
  // While failing: the error code of the latest failure (database_full, ...)
  // and the database's own message (for the log, never for API clients).
  std::string code;
  std::string cause;
  // While failing: when the first write of this failing run failed, and how
  // many writes have failed since.
  std::chrono::system_clock::time_point since;
  uint64_t failures = 0;
};

class MonitoredDatabase final : public Database {
 public:
  explicit MonitoredDatabase(std::unique_ptr<Database> inner);

  // Called when writes start failing (health.failing) and when they work
  // again (!health.failing, with the failing run's since and failures), e.g.
  // to log it. Set it before the database is shared between threads.
  void on_change(std::function<void(const WriteHealth& health)> fn) { on_change_ = std::move(fn); }
  WriteHealth write_health() const;
  // Reads, writes and pings that failed for a storage reason, since start.
  uint64_t storage_failures() const { return storage_failures_.load(std::memory_order_acquire); }
  Database& inner() { return *inner_; }

  Status read(const std::function<Status(Tx&)>& fn) override;
  Status write(const std::function<Status(Tx&)>& fn) override;
  std::string_view backend() const override { return inner_->backend(); }
  Status ping() override;
  Status exec_script(std::string_view sql) override;
  Status backup_to(const std::string& path) override { return inner_->backup_to(path); }
  DbStats stats() const override { return inner_->stats(); }

 private:
  Status observe_write(Status st);
  Status observe(Status st);

  std::unique_ptr<Database> inner_;
  std::function<void(const WriteHealth&)> on_change_;
  std::atomic<bool> failing_{false};  // fast path for the common case
  std::atomic<uint64_t> storage_failures_{0};
  mutable std::mutex mu_;
  WriteHealth health_;
};

}  // namespace lantian::store
