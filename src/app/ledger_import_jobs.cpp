// LedgerSheetService: the background worker that writes large imports, one
// at a time, and their progress (app/ledger_sheets.h).
#include "app/ledger_sheets.h"

namespace lantian::app {

LedgerSheetService::LedgerSheetService(store::Database& db, const Clock& clock, LedgerService& ledgers)
    : db_(db), clock_(clock), ledgers_(ledgers), worker_([this] { run_jobs(); }) {}

LedgerSheetService::~LedgerSheetService() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

void LedgerSheetService::run_jobs() {
  for (;;) {
    std::function<void()> next;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      // A queued job is dropped at shutdown: nothing of it was written yet.
      if (stopping_) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    next();
  }
}

Result<LedgerSheetService::JobStatus> LedgerSheetService::job(const Actor& a, const std::string& id) const {
  if (!a.can("ledgers.write")) return Error::make("not_permitted", {{"permission", "ledgers.write"}});
  std::lock_guard lock(mu_);
  auto it = jobs_.find(id);
  if (it == jobs_.end() || it->second->user_id != a.user_id) return Error::make("import_job_not_found");
  const LedgerImportJob& j = *it->second;
  JobStatus s;
  s.id = j.id;
  s.state = j.state;
  s.total = j.total;
  s.processed = j.processed.load();
  s.report = j.report;
  s.error = j.error;
  return s;
}

}  // namespace lantian::app
