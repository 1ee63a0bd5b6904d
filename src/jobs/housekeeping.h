// Housekeeping: the first scheduled job. It deletes session and API-token
// rows that can never be used again and are more than a week past that point:
//   - expired: expires_at more than `retention` ago (browser sessions have an
//     absolute lifetime of hours, so idle-expired ones fall under this too);
//   - revoked: revoked and last used more than `retention` ago.
// The week keeps recent rows for looking into a complaint ("I was logged
// out"); the audit log keeps the history of logins and revocations anyway.
//
// The SQL lives here rather than in store/sessions_repo.cpp (the rule is that
// repositories hold all SQL) only because that file was not this change's to
// edit; it belongs there as sessions::purge(tx, cutoff) and this file should
// then call it.
//
// Thread-safety: as store::Database.
#pragma once

#include <chrono>
#include <cstdint>

#include "core/clock.h"
#include "core/error.h"
#include "store/db.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

inline constexpr std::chrono::hours kSessionRetention{24 * 7};
inline constexpr std::chrono::hours kHousekeepingInterval{1};

// Deletes what is described above in one write transaction; returns the
// number of rows deleted.
Result<int64_t> purge_sessions(store::Database& db, const Clock& clock,
                               std::chrono::milliseconds retention = kSessionRetention);

// Registers the "housekeeping" job (every `interval`); logs what it deleted.
void add_housekeeping(Scheduler& scheduler, store::Database& db, const Clock& clock, obs::Logger* logger,
                      std::chrono::milliseconds interval = kHousekeepingInterval);

}  // namespace lantian::jobs
