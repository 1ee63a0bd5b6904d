// Ledgers in and out of spreadsheets (Excel 台账): export in the type's
// declared layout (core/ledger_type.h [excel]) with Chinese headers, and
// import from .xlsx or CSV (io/xlsx_reader.h, io/csv_reader.h: UTF-8 with or
// without BOM, GBK/GB18030, UTF-16) with a preview, a column mapping, a
// row-level report and a round trip: a re-imported export updates the rows
// it came from (matched by the type's key fields) and says which rows are
// new, changed or unchanged.
//
// Every value goes through core/ledger_values.h, as from the API. The sheet's
// `status` and `updated_at` columns are shown, never written back (a row
// moves only through its workflow); `unit` is a unit's name in the
// importer's scope (or the default unit given); `location` is "lng,lat" in
// the datum given. A merged cell's value fills its whole range; a formula
// counts by its cached result. A row is a duplicate when another row (in the
// ledger or earlier in the file) has the same credit code, or the same title
// and address: refused, naming the other.
//
// An import is all-or-nothing unless the importer chooses valid rows only.
// Up to kSyncRows rows are written in one transaction while the request
// waits; larger files are written by a background job in transactions of
// kChunkRows rows, so that other writers are not held up, the job's progress
// readable meanwhile (job()); should a chunk fail, the chunks written before
// it are undone (rows inserted removed, rows updated restored), so an import
// still lands whole or not at all. The job and what it wrote (its undo log)
// are in the database, written with each chunk: any instance answers its
// progress, and an import whose worker died (a crash, a restart) is taken
// back by recover_interrupted() — the leader runs it (jobs/import_recovery.h)
// — once its heartbeat is older than the stale time.
//
// Permissions: export ledgers.read (the reader's rows); import ledgers.write
// (rows of units in scope; updating a row as its editor could).
//
// Errors: ledger_type_not_found, not_permitted; invalid file_type (neither
// .xlsx nor text), the reader's invalid with line and column, too_large;
// import_has_errors (conflict, nothing written) naming the count;
// import_job_not_found; import_interrupted (a job taken back, as its error).
//
// Thread-safety: thread-safe; one background import runs at a time, others
// wait in a queue of kMaxQueuedJobs (then import_busy, unavailable).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/actor.h"
#include "app/ledger_service.h"
#include "core/clock.h"
#include "core/geo.h"
#include "store/db.h"

namespace lantian::app {

struct ExportFile;  // app/task_export.h

struct LedgerImportOptions {
  std::string filename;                 // decides nothing; shown in the audit
  bool valid_rows_only = false;         // write the valid rows, skip the others
  std::optional<int64_t> default_unit;  // for rows without a unit column or cell
  Datum datum = Datum::wgs84;           // of the location column
  char delimiter = 0;                   // CSV: ',' or '\t'; 0 = guess
  // Column index -> column name ("" = ignore), over the matched headers.
  std::map<int, std::string> mapping;
  bool dry_run = false;  // preview: check and report, write nothing
};

struct LedgerImportIssue {
  int column = -1;      // 0-based sheet column, -1 = the row as a whole
  std::string field;    // the column's field or built-in
  std::string code;     // core/error_codes.cpp
  std::string message;  // English
  Params params;
};

struct LedgerImportRow {
  int row = 0;                // as the sheet shows it: 1-based, the header is row 1
  std::string outcome;        // "new", "changed", "unchanged", "error"
  std::optional<int64_t> id;  // the ledger row it updates (or, once written, inserted)
  std::string title;
  std::vector<LedgerImportIssue> issues;
};

struct LedgerImportReport {
  std::string ledger_type;
  std::string format;  // "xlsx", "csv (gb18030)", ...
  std::vector<std::string> headers;
  std::vector<std::string> mapping;          // per header: the column it fills, "" = ignored
  std::vector<std::string> ignored_columns;  // mapped built-ins an import never writes
  int64_t rows = 0, new_rows = 0, changed = 0, unchanged = 0, errors = 0;
  bool written = false;
  std::vector<LedgerImportRow> details;  // every row with issues, and the first 200 others
};

// A background import as its worker writes it.
struct LedgerImportJob {
  std::string id;
};

class LedgerSheetService {
 public:
  static constexpr int64_t kSyncRows = 2000;
  static constexpr int64_t kChunkRows = 1000;
  static constexpr size_t kMaxQueuedJobs = 4;

  LedgerSheetService(store::Database& db, const Clock& clock, LedgerService& ledgers);
  ~LedgerSheetService();

  // The reader's rows of the type (filtered as list()) as .xlsx, at most
  // 200,000. Errors: as LedgerService::list; too_many_rows.
  Result<ExportFile> export_xlsx(const Actor& a, const LedgerListQuery& q);

  // Checks a file and, unless dry_run, writes it. A small file is written at
  // once (the report says written); a large one is queued: the job's id comes
  // back and the report is the job's once it is done.
  struct Started {
    LedgerImportReport report;
    std::optional<std::string> job_id;
  };
  Result<Started> import(const Actor& a, std::string_view ledger_type, const std::string& bytes,
                         const LedgerImportOptions& o);
  // A job of the actor's, as it stands, from any instance. Errors:
  // import_job_not_found.
  struct JobStatus {
    std::string id, state;  // "queued", "running", "done", "failed"
    int64_t total = 0, processed = 0;
    std::optional<std::string> report_json;  // once done: ledger_import_report_view()
    std::optional<std::string> error_json;   // once failed: {code, message}
  };
  Result<JobStatus> job(const Actor& a, const std::string& id) const;

  // Takes back every queued or running import whose worker has given no
  // sign of life for `stale_after` (its process died): what it wrote is
  // undone and it fails with import_interrupted. Returns how many. Safe to
  // run on several instances at once (each job in one transaction).
  Result<int64_t> recover_interrupted(std::chrono::seconds stale_after);
  // A worker beats for its jobs at least this often while it has any.
  static constexpr std::chrono::seconds kDefaultStaleAfter{600};

 private:
  struct Plan;
  Result<Plan> check(const Actor& a, const LedgerType& t, const std::string& bytes,
                     const LedgerImportOptions& o);
  Status write_all(const Actor& a, const LedgerType& t, Plan& plan, LedgerImportJob* job);
  void run_jobs();
  // In a chunk's transaction: what it wrote into the undo log, the job's
  // progress and every job of this worker alive. Errors: import_interrupted
  // when the job was taken back meanwhile.
  Status log_chunk(store::Tx& tx, const LedgerImportJob& job, const std::vector<int64_t>& inserted,
                   const std::vector<LedgerRow>& updated, int64_t processed, const std::string& now);
  // Undoes what the job wrote and ends it (failed with `error`), in one
  // transaction; nothing when it has ended already.
  Status take_back(const std::string& job_id, const Error& error);

  store::Database& db_;
  const Clock& clock_;
  LedgerService& ledgers_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> live_;  // ids of this worker's queued and running jobs
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace lantian::app
