#include "jobs/housekeeping.h"

#include "jobs/scheduler.h"
#include "obs/log.h"
#include "store/login_throttle_repo.h"
#include "store/sessions_repo.h"

namespace lantian::jobs {

Result<int64_t> purge_sessions(store::Database& db, const Clock& clock, std::chrono::milliseconds retention) {
  // Times are RFC 3339 UTC strings that sort as text (core/clock.h).
  std::string cutoff = format_utc(clock.now() - retention);
  int64_t deleted = 0;
  LT_TRY(db.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(deleted, store::sessions::purge(tx, cutoff));
    // Failed-login counters whose window and lock ended a day ago.
    LT_TRY(store::login_throttle::purge(tx, format_utc(clock.now() - std::chrono::hours(24))));
    return {};
  }));
  return deleted;
}

void add_housekeeping(Scheduler& scheduler, store::Database& db, const Clock& clock, obs::Logger* logger,
                      std::chrono::milliseconds interval) {
  scheduler.add("housekeeping", interval, [&db, &clock, logger]() -> Status {
    LT_ASSIGN(auto deleted, purge_sessions(db, clock));
    if (logger && deleted > 0)
      logger->info("housekeeping: deleted old sessions", {{"sessions_deleted", (long long)deleted}});
    return {};
  });
}

}  // namespace lantian::jobs
