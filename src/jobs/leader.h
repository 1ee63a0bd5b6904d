// Leader election: which of several `lantian serve` instances on one database
// runs the background work (the Scheduler's jobs), so each job runs once across
// the instances, not once per instance.
//
// PostgreSQL: the election holds a libpq connection of its own (not one of the
// store's pool: a session-level advisory lock belongs to one session and must
// outlive any transaction). Every interval (1 s) it either
//   - tries SELECT pg_try_advisory_lock(kSchedulerLockKey) while not leader,
//     and is leader from the moment that returns true; or
//   - checks, while leader, that its session still holds the lock (a cheap
//     pg_locks query). A failed or slow check (no answer within
//     query_timeout) or a lost connection ends leadership at once and the
//     connection is closed; a new one is opened and competes again.
// PostgreSQL releases the lock when the leader's session ends: at once when the
// process exits or is killed (the kernel closes its socket), after TCP
// keepalive (set to ~8 s for this session) when its machine or network goes
// away. Another instance's next attempt then wins: takeover within about a
// second of the session ending.
//
// is_leader() is also a lease: it turns false on its own when no check has
// succeeded for interval + query_timeout, even if the election thread is stuck
// in a network call. The old leader thus stops (after at most ~3 s) before
// PostgreSQL lets anyone else in (~8 s when its network dies), so two leaders
// never act at once in normal failures; jobs should still be idempotent (a
// job already running when leadership ends finishes its run).
//
// The session must be a real PostgreSQL session: a pooler in transaction mode
// (PgBouncer pool_mode=transaction) between Lantian and PostgreSQL breaks
// session-level advisory locks; point the URL at PostgreSQL or a session pool.
//
// SQLite (one machine, one server process): always leader, no thread.
//
// Thread-safety: is_leader() and the accessors are thread-safe; start() and
// stop() are called from one thread (stop() may be called twice).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

// The advisory lock key: FNV-1a 64 of "lantian-scheduler" as a signed
// 64-bit integer (pg_locks shows it as classid = high 32 bits, objid = low
// 32 bits, objsubid = 1).
constexpr int64_t fnv1a64(std::string_view s) {
  uint64_t h = 14695981039346656037ull;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return static_cast<int64_t>(h);
}
inline constexpr int64_t kSchedulerLockKey = fnv1a64("lantian-scheduler");

// True for the URLs the election competes on (postgres:// and postgresql://);
// anything else is SQLite.
bool is_postgres_url(std::string_view url);

struct LeaderOptions {
  std::string db_url;                             // the store's URL (from the config)
  std::chrono::milliseconds interval{1000};       // lock attempts and health checks
  std::chrono::milliseconds query_timeout{2000};  // a slower answer counts as a lost connection
  std::chrono::milliseconds connect_timeout{3000};
  int64_t lock_key = kSchedulerLockKey;
};

class LeaderElection {
 public:
  explicit LeaderElection(LeaderOptions options, obs::Logger* logger = nullptr);
  ~LeaderElection();  // stop()
  LeaderElection(const LeaderElection&) = delete;
  LeaderElection& operator=(const LeaderElection&) = delete;

  // Starts competing (PostgreSQL: a background thread). No-op on SQLite.
  void start();
  // Stops the thread and closes the connection, which releases the lock at
  // once (another instance takes over within a second). Returns promptly
  // even while connecting or waiting for an answer.
  void stop();

  bool is_leader() const;
  // False on SQLite: always leader, no lock.
  bool uses_lock() const { return postgres_; }
  // Times this instance became leader.
  uint64_t terms() const { return terms_.load(); }

 private:
  struct Conn;
  void run();
  // One round: connect if needed, then try for the lock or check it.
  void round(Conn& conn);
  void gain();
  void lose(std::string_view why, std::string_view detail);
  bool stopping() const { return stopping_.load(); }

  LeaderOptions options_;
  obs::Logger* logger_;
  bool postgres_;
  std::atomic<bool> leader_{false};
  std::atomic<int64_t> last_ok_ns_{0};  // steady clock, last successful check
  std::atomic<uint64_t> terms_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  std::thread thread_;
  bool warned_unreachable_ = false;  // election thread only
};

}  // namespace lantian::jobs
