// LedgerSheetService: the background worker that writes large imports, one
// at a time; their progress and undo log in the database; taking back an
// import that did not finish (app/ledger_sheets.h).
#include <algorithm>
#include <boost/json.hpp>

#include "app/ledger_fields.h"
#include "app/ledger_sheets.h"
#include "core/ledgers.h"
#include "store/ledger_import_jobs_repo.h"
#include "store/ledger_rows_repo.h"

namespace lantian::app {
namespace {

namespace json = boost::json;
namespace jobs = store::ledger_import_jobs;

// A row as it was before an import changed it: what the import may have
// changed (the editable columns, store/ledger_rows_repo.cpp set_editable).
std::string before_json(const LedgerRow& r) {
  json::object o{{"unit_id", r.unit_id},
                 {"unit_path", r.unit_path},
                 {"enterprise_id", r.enterprise_id ? json::value(*r.enterprise_id) : json::value(nullptr)},
                 {"title", r.title},
                 {"fields", r.fields}};
  if (r.location) o["location"] = json::array{r.location->lng, r.location->lat};
  return json::serialize(o);
}

// `now` with what before_json() kept put back; nullopt if it does not read.
std::optional<LedgerRow> restored(LedgerRow now, const std::string& before) {
  boost::system::error_code ec;
  json::value v = json::parse(before, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  const auto* unit = o.if_contains("unit_id");
  const auto* path = o.if_contains("unit_path");
  const auto* title = o.if_contains("title");
  const auto* fields = o.if_contains("fields");
  if (!unit || !unit->is_int64() || !path || !path->is_string() || !title || !title->is_string() || !fields ||
      !fields->is_string())
    return std::nullopt;
  now.unit_id = unit->as_int64();
  now.unit_path = std::string(path->as_string());
  now.title = std::string(title->as_string());
  now.fields = std::string(fields->as_string());
  const auto* ent = o.if_contains("enterprise_id");
  now.enterprise_id = ent && ent->is_int64() ? std::optional<int64_t>(ent->as_int64()) : std::nullopt;
  now.location.reset();
  if (const auto* loc = o.if_contains("location"); loc && loc->is_array() && loc->as_array().size() == 2)
    now.location = LngLat{loc->as_array()[0].to_number<double>(), loc->as_array()[1].to_number<double>()};
  return now;
}

std::string error_json(const Error& e) {
  return json::serialize(json::object{{"code", e.code}, {"message", e.message}});
}

}  // namespace

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
      // A queued job is dropped at shutdown: nothing of it was written yet;
      // recover_interrupted() fails it once its heartbeat is stale.
      if (stopping_) return;
      next = std::move(queue_.front());
      queue_.pop_front();
    }
    next();
  }
}

Status LedgerSheetService::log_chunk(store::Tx& tx, const LedgerImportJob& job,
                                     const std::vector<int64_t>& inserted,
                                     const std::vector<LedgerRow>& updated, int64_t processed,
                                     const std::string& now) {
  LT_ASSIGN(auto current, jobs::get(tx, job.id));
  if (!current || (current->state != "queued" && current->state != "running"))
    return Error::make("import_interrupted");
  std::vector<jobs::UndoEntry> undo;
  undo.reserve(inserted.size() + updated.size());
  for (int64_t id : inserted) undo.push_back({id, std::nullopt});
  for (const auto& before : updated) undo.push_back({before.id, before_json(before)});
  LT_TRY(jobs::add_undo(tx, job.id, undo));
  LT_TRY(jobs::progress(tx, job.id, processed, now));
  std::vector<std::string> live;
  {
    std::lock_guard lock(mu_);
    live = live_;
  }
  return jobs::beat(tx, live, now);
}

Status LedgerSheetService::take_back(const std::string& job_id, const Error& error) {
  const std::string now = format_utc(clock_.now());
  return db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto job, jobs::get(tx, job_id));
    if (!job || (job->state != "queued" && job->state != "running")) return {};
    LT_ASSIGN(auto log, jobs::undo_log(tx, job_id));
    std::vector<int64_t> inserted;
    const LedgerType* t = ledger_types().find(job->ledger_type);
    for (const auto& e : log) {
      if (!e.before) {
        inserted.push_back(e.row_id);
        continue;
      }
      LT_ASSIGN(auto row, store::ledger_rows::get(tx, e.row_id));
      if (!row) continue;
      auto back = restored(*row, *e.before);
      if (!back) return Error::internal("unreadable undo entry of import " + job_id);
      std::vector<LedgerFilterValue> filters;
      if (t) {
        auto values = decode_ledger_fields(*t, back->fields);
        if (values.ok()) filters = ledger_filter_values(*t, *values);
      }
      LT_TRY(store::ledger_rows::update(tx, *back, filters, now));
    }
    LT_TRY(store::ledger_rows::remove(tx, inserted));
    LT_TRY(jobs::clear_undo(tx, job_id));
    return jobs::finish(tx, job_id, "failed", std::nullopt, error_json(error), now);
  });
}

Result<int64_t> LedgerSheetService::recover_interrupted(std::chrono::seconds stale_after) {
  const auto cutoff = format_utc(clock_.now() - stale_after);
  std::vector<std::string> stale;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(stale, jobs::stale(tx, cutoff));
    return {};
  }));
  int64_t n = 0;
  for (const auto& id : stale) {
    {
      // This worker's own job is alive, however slow.
      std::lock_guard lock(mu_);
      if (std::find(live_.begin(), live_.end(), id) != live_.end()) continue;
    }
    LT_TRY(take_back(id, Error::make("import_interrupted")));
    ++n;
  }
  return n;
}

Result<LedgerSheetService::JobStatus> LedgerSheetService::job(const Actor& a, const std::string& id) const {
  if (!a.can("ledgers.write")) return Error::make("not_permitted", {{"permission", "ledgers.write"}});
  std::optional<jobs::Job> j;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(j, jobs::get(tx, id));
    return {};
  }));
  if (!j || j->user_id != a.user_id) return Error::make("import_job_not_found");
  JobStatus s;
  s.id = j->id;
  s.state = j->state;
  s.total = j->total;
  s.processed = j->processed;
  s.report_json = j->report;
  s.error_json = j->error;
  return s;
}

}  // namespace lantian::app
