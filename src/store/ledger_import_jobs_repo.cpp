#include "store/ledger_import_jobs_repo.h"

#include <algorithm>

#include "store/paging.h"
#include "store/tables.h"

namespace lantian::store::ledger_import_jobs {
namespace {

constexpr const Table& J = tables::ledger_import_jobs;
constexpr Selection kSel{J, "j"};
// Rows per multi-row INSERT of the undo log: 3 parameters each, far below
// either database's limit.
constexpr size_t kUndoBatch = 300;

Value opt_text(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

}  // namespace

Status insert(Tx& tx, const Job& j) {
  Statement st = Fields(J)
                     .set(J["id"], j.id)
                     .set(J["user_id"], j.user_id)
                     .set(J["ledger_type"], j.ledger_type)
                     .set(J["state"], j.state)
                     .set(J["total"], j.total)
                     .set(J["processed"], j.processed)
                     .set(J["report"], opt_text(j.report))
                     .set(J["error"], opt_text(j.error))
                     .set(J["heartbeat_at"], j.heartbeat_at)
                     .set(J["created_at"], j.created_at)
                     .set(J["finished_at"], opt_text(j.finished_at))
                     .insert();
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<std::optional<Job>> get(Tx& tx, const std::string& id) {
  constexpr const Selection& c = kSel;
  LT_ASSIGN(auto row, tx.query_one("SELECT " + c.sql() + " FROM ledger_import_jobs j WHERE j.id = $1", {id}));
  if (!row) return std::optional<Job>();
  Job j;
  j.id = row->take_str(c["id"]);
  j.user_id = row->i64(c["user_id"]);
  j.ledger_type = row->take_str(c["ledger_type"]);
  j.state = row->take_str(c["state"]);
  j.total = row->i64(c["total"]);
  j.processed = row->i64(c["processed"]);
  j.report = row->opt_str(c["report"]);
  j.error = row->opt_str(c["error"]);
  j.heartbeat_at = row->take_str(c["heartbeat_at"]);
  j.created_at = row->take_str(c["created_at"]);
  j.finished_at = row->opt_str(c["finished_at"]);
  return std::optional<Job>(std::move(j));
}

Status progress(Tx& tx, const std::string& id, int64_t processed, const std::string& now) {
  LT_TRY(tx.exec(
      "UPDATE ledger_import_jobs SET state = 'running', processed = $1, heartbeat_at = $2 WHERE id = $3",
      {processed, now, id}));
  return {};
}

Status beat(Tx& tx, const std::vector<std::string>& ids, const std::string& now) {
  if (ids.empty()) return {};
  Where w;
  w.add_in("id", ids);
  w.add("state IN ('queued', 'running')");
  const std::string where = w.sql();
  const std::string at = w.bind(now);  // numbered after the IN list's values
  LT_TRY(tx.exec("UPDATE ledger_import_jobs SET heartbeat_at = " + at + where, w.params()));
  return {};
}

Status finish(Tx& tx, const std::string& id, const std::string& state,
              const std::optional<std::string>& report, const std::optional<std::string>& error,
              const std::string& now) {
  LT_TRY(tx.exec(
      "UPDATE ledger_import_jobs SET state = $1, report = $2, error = $3, finished_at = $4, heartbeat_at = $4"
      " WHERE id = $5",
      {state, opt_text(report), opt_text(error), now, id}));
  return {};
}

Result<std::vector<std::string>> stale(Tx& tx, const std::string& cutoff) {
  LT_ASSIGN(auto rows, tx.query("SELECT id FROM ledger_import_jobs WHERE state IN ('queued', 'running')"
                                " AND heartbeat_at < $1 ORDER BY created_at",
                                {cutoff}));
  std::vector<std::string> out;
  for (auto& r : rows.rows) out.push_back(r.take_str(0));
  return out;
}

Status add_undo(Tx& tx, const std::string& id, const std::vector<UndoEntry>& entries) {
  for (size_t first = 0; first < entries.size(); first += kUndoBatch) {
    const size_t last = std::min(entries.size(), first + kUndoBatch);
    std::string sql = "INSERT INTO ledger_import_undo (job_id, row_id, before) VALUES ";
    std::vector<Value> params;
    params.reserve(3 * (last - first));
    for (size_t i = first; i < last; ++i) {
      const size_t n = params.size();
      sql += (i > first ? ", ($" : "($") + std::to_string(n + 1) + ", $" + std::to_string(n + 2) + ", $" +
             std::to_string(n + 3) + ")";
      params.emplace_back(id);
      params.emplace_back(entries[i].row_id);
      params.push_back(opt_text(entries[i].before));
    }
    LT_TRY(tx.exec(sql, params));
  }
  return {};
}

Result<std::vector<UndoEntry>> undo_log(Tx& tx, const std::string& id) {
  LT_ASSIGN(
      auto rows,
      tx.query("SELECT row_id, before FROM ledger_import_undo WHERE job_id = $1 ORDER BY row_id", {id}));
  std::vector<UndoEntry> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back({r.i64(0), r.opt_str(1)});
  return out;
}

Status clear_undo(Tx& tx, const std::string& id) {
  LT_TRY(tx.exec("DELETE FROM ledger_import_undo WHERE job_id = $1", {id}));
  return {};
}

}  // namespace lantian::store::ledger_import_jobs
