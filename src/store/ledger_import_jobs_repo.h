// All SQL for background ledger imports (migration 0017): the job a large
// import runs as — its state and progress, readable from any instance — and
// its undo log, written in each chunk's transaction, so that whatever the
// import wrote can be taken back after a failure or a crash
// (app/ledger_sheets.h, jobs/import_recovery.h).
//
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::ledger_import_jobs {

struct Job {
  std::string id;
  int64_t user_id = 0;
  std::string ledger_type;
  std::string state;  // "queued", "running", "done", "failed"
  int64_t total = 0, processed = 0;
  std::optional<std::string> report;  // JSON, once done
  std::optional<std::string> error;   // JSON {code, params}, once failed
  std::string heartbeat_at, created_at;
  std::optional<std::string> finished_at;
};

Status insert(Tx& tx, const Job& j);
Result<std::optional<Job>> get(Tx& tx, const std::string& id);
// Running, `processed` rows written, alive at `now`.
Status progress(Tx& tx, const std::string& id, int64_t processed, const std::string& now);
// Alive at `now`: the queued and running jobs `ids` of one worker.
Status beat(Tx& tx, const std::vector<std::string>& ids, const std::string& now);
// Done (with the report) or failed (with the error).
Status finish(Tx& tx, const std::string& id, const std::string& state,
              const std::optional<std::string>& report, const std::optional<std::string>& error,
              const std::string& now);
// The queued or running jobs whose last sign of life is before `cutoff`.
Result<std::vector<std::string>> stale(Tx& tx, const std::string& cutoff);

// One row the import wrote: inserted (before = nullopt) or changed (before =
// the row as it was, JSON of app/ledger_import_undo).
struct UndoEntry {
  int64_t row_id = 0;
  std::optional<std::string> before;
};
Status add_undo(Tx& tx, const std::string& id, const std::vector<UndoEntry>& entries);
Result<std::vector<UndoEntry>> undo_log(Tx& tx, const std::string& id);
Status clear_undo(Tx& tx, const std::string& id);

}  // namespace lantian::store::ledger_import_jobs
