#include "jobs/leader.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cstring>
#include <memory>
#include <optional>

#include "obs/log.h"

namespace lantian::jobs {
namespace {

using Clock = std::chrono::steady_clock;

int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

bool is_postgres_url(std::string_view url) {
  return url.rfind("postgres://", 0) == 0 || url.rfind("postgresql://", 0) == 0;
}

// The election's own connection. Every wait is bounded by a deadline and
// cut short by stop(), so the thread never hangs on a dead network.
struct LeaderElection::Conn {
  PGconn* pg = nullptr;
  const std::atomic<bool>* stopping = nullptr;

  ~Conn() { close(); }
  void close() {
    if (pg) PQfinish(pg);
    pg = nullptr;
  }

  // Waits until the socket is readable (or writable); false on timeout,
  // stop or a socket error.
  bool wait(bool for_write, Clock::time_point deadline) {
    for (;;) {
      if (stopping->load()) return false;
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return false;
      pollfd p{PQsocket(pg), short(for_write ? POLLOUT : POLLIN), 0};
      if (p.fd < 0) return false;
      int n = ::poll(&p, 1, int(std::min<int64_t>(left, 100)));
      if (n > 0) return true;
      if (n < 0 && errno != EINTR) return false;
    }
  }

  // Connects without blocking past the deadline; "" or why it failed.
  std::string connect(const std::string& url, Clock::time_point deadline) {
    close();
    // Defaults first, the URL next (its settings win). Client keepalives
    // notice a dead server; the server-side ones (below) a dead client.
    const char* keys[] = {"fallback_application_name", "keepalives", "keepalives_idle", "keepalives_interval",
                          "keepalives_count",          "dbname",     "client_encoding", nullptr};
    const char* vals[] = {"lantian-leader", "1", "5", "1", "3", url.c_str(), "UTF8", nullptr};
    pg = PQconnectStartParams(keys, vals, 1);
    if (!pg) return "out of memory";
    if (PQstatus(pg) == CONNECTION_BAD) return trim(PQerrorMessage(pg));
    PostgresPollingStatusType st = PGRES_POLLING_WRITING;
    while (st != PGRES_POLLING_OK) {
      if (st == PGRES_POLLING_FAILED) return trim(PQerrorMessage(pg));
      if (!wait(st == PGRES_POLLING_WRITING, deadline))
        return stopping->load() ? "stopping" : "connect timed out";
      st = PQconnectPoll(pg);
    }
    PQsetNoticeProcessor(
        pg, [](void*, const char*) {}, nullptr);
    return {};
  }

  // Runs sql; the first column of the first row ("" if none) or nullopt
  // on error, timeout or stop (*why says which).
  std::optional<std::string> query(const char* sql, Clock::time_point deadline, std::string* why) {
    if (!PQsendQuery(pg, sql)) {
      *why = trim(PQerrorMessage(pg));
      return std::nullopt;
    }
    std::optional<std::string> out;
    bool first = true;
    for (;;) {
      while (PQisBusy(pg)) {
        if (!wait(false, deadline)) {
          *why = stopping->load() ? "stopping" : "no answer in time";
          return std::nullopt;
        }
        if (!PQconsumeInput(pg)) {
          *why = trim(PQerrorMessage(pg));
          return std::nullopt;
        }
      }
      PGresult* r = PQgetResult(pg);
      if (!r) break;
      auto status = PQresultStatus(r);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
        *why = trim(PQresultErrorMessage(r));
        first = false;
        out.reset();
      } else if (first) {
        out = PQntuples(r) > 0 && PQnfields(r) > 0 ? std::string(PQgetvalue(r, 0, 0)) : std::string();
        first = false;
      }
      PQclear(r);
    }
    if (!out && why->empty()) *why = "no result";
    return out;
  }
};

LeaderElection::LeaderElection(LeaderOptions options, obs::Logger* logger)
    : options_(std::move(options)), logger_(logger), postgres_(is_postgres_url(options_.db_url)) {
  if (!postgres_) leader_ = true;
}

LeaderElection::~LeaderElection() { stop(); }

bool LeaderElection::is_leader() const {
  if (!postgres_) return true;
  if (!leader_.load()) return false;
  auto lease =
      std::chrono::duration_cast<std::chrono::nanoseconds>(options_.interval + options_.query_timeout);
  return now_ns() - last_ok_ns_.load() < lease.count();
}

void LeaderElection::start() {
  if (!postgres_ || thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { run(); });
}

void LeaderElection::stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void LeaderElection::gain() {
  last_ok_ns_ = now_ns();
  leader_ = true;
  terms_++;
  if (logger_)
    logger_->info("leader: this instance is now the leader", {{"lock_key", (long long)options_.lock_key}});
}

void LeaderElection::lose(std::string_view why, std::string_view detail) {
  if (!leader_.exchange(false)) return;
  if (logger_) logger_->warn("leader: leadership lost", {{"reason", why}, {"detail", detail}});
}

void LeaderElection::run() {
  Conn conn;
  conn.stopping = &stopping_;
  while (!stopping()) {
    round(conn);
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, options_.interval, [this] { return stopping(); });
  }
  // Closing the session releases the lock at once.
  bool was = leader_.exchange(false);
  conn.close();
  if (was && logger_) logger_->info("leader: stepped down (stopping)", {});
}

void LeaderElection::round(Conn& conn) {
  if (!conn.pg || PQstatus(conn.pg) != CONNECTION_OK) {
    lose("connection lost", conn.pg ? trim(PQerrorMessage(conn.pg)) : std::string());
    std::string err = conn.connect(options_.db_url, Clock::now() + options_.connect_timeout);
    if (err.empty()) {
      // The server drops this session ~8 s after this machine goes silent
      // (kernel keepalive), releasing the lock for another instance.
      // Ignored on Unix sockets; failure here is not fatal.
      std::string why;
      (void)conn.query(
          "SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 1; SET tcp_keepalives_count = 3",
          Clock::now() + options_.query_timeout, &why);
    }
    if (!err.empty() || PQstatus(conn.pg) != CONNECTION_OK) {
      if (stopping()) return;
      if (!warned_unreachable_ && logger_)
        logger_->warn("leader: cannot reach PostgreSQL; not leader until it can",
                      {{"error", err.empty() ? trim(PQerrorMessage(conn.pg)) : err}});
      warned_unreachable_ = true;
      conn.close();
      return;
    }
    if (warned_unreachable_ && logger_) logger_->info("leader: PostgreSQL reachable again", {});
    warned_unreachable_ = false;
  }
  const std::string key = std::to_string(options_.lock_key);
  const uint64_t ukey = static_cast<uint64_t>(options_.lock_key);
  std::string why;
  auto deadline = Clock::now() + options_.query_timeout;
  if (!leader_.load()) {
    std::string sql = "SELECT pg_try_advisory_lock(" + key + ")";
    auto got = conn.query(sql.c_str(), deadline, &why);
    if (!got) {
      // Whether the lock was taken is unknown: end the session so it is not.
      conn.close();
      return;
    }
    if (*got == "t") gain();
    return;
  }
  std::string sql =
      "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted "
      "AND classid = " +
      std::to_string(ukey >> 32) + " AND objid = " + std::to_string(ukey & 0xffffffffu) + " AND objsubid = 1";
  auto held = conn.query(sql.c_str(), deadline, &why);
  if (!held) {
    if (stopping()) return;  // run() steps down
    lose("health check failed", why);
    conn.close();
    return;
  }
  if (*held != "1") {
    lose("lock no longer held", "");
    conn.close();
    return;
  }
  last_ok_ns_ = now_ns();
}

}  // namespace lantian::jobs
