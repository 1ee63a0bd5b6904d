// Import recovery: a pass that takes back the background ledger imports
// whose worker died — a crash or a restart of the instance that took the
// upload — through app::LedgerSheetService::recover_interrupted: what each
// wrote is undone and it fails with import_interrupted, which its importer
// sees from any instance. A job is taken for dead once its heartbeat (each
// chunk of a thousand rows beats) is older than `stale_after`. Leader-only,
// like every job; a pass may run any number of times.
//
// Thread-safety: as app::LedgerSheetService.
#pragma once

#include <chrono>

#include "app/ledger_sheets.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

inline constexpr std::chrono::minutes kImportRecoveryInterval{1};

// Registers the "import_recovery" job; logs each pass that took imports back.
void add_import_recovery(Scheduler& scheduler, app::LedgerSheetService& sheets, obs::Logger* logger,
                         std::chrono::milliseconds interval = kImportRecoveryInterval,
                         std::chrono::seconds stale_after = app::LedgerSheetService::kDefaultStaleAfter);

}  // namespace lantian::jobs
