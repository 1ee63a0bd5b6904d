#include "jobs/import_recovery.h"

#include "jobs/scheduler.h"
#include "obs/log.h"

namespace lantian::jobs {

void add_import_recovery(Scheduler& scheduler, app::LedgerSheetService& sheets, obs::Logger* logger,
                         std::chrono::milliseconds interval, std::chrono::seconds stale_after) {
  scheduler.add("import_recovery", interval, [&sheets, logger, stale_after]() -> Status {
    LT_ASSIGN(int64_t n, sheets.recover_interrupted(stale_after));
    if (logger && n > 0) logger->warn("interrupted ledger imports taken back", {{"imports", n}});
    return {};
  });
}

}  // namespace lantian::jobs
