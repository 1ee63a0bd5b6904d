#include "store/open311_repo.h"

#include "store/tables.h"

namespace lantian::store::open311 {
namespace {

constexpr const Table& R = tables::open311_requests;
constexpr Selection kSel{R};
const std::string kSelect = "SELECT " + kSel.sql() + " FROM open311_requests";

}  // namespace

Status insert_request(Tx& tx, const RequestExtras& r) {
  Fields f(R);
  f.set(R["problem_id"], r.problem_id)
      .set(R["client"], r.client)
      .set(R["media_url"], r.media_url)
      .set(R["device_id"], r.device_id)
      .set(R["account_id"], r.account_id)
      .set(R["created_at"], r.created_at);
  Statement st = f.insert();
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Result<std::map<int64_t, RequestExtras>> requests_for(Tx& tx, const std::vector<int64_t>& problem_ids) {
  std::map<int64_t, RequestExtras> out;
  if (problem_ids.empty()) return out;
  std::string in;
  std::vector<Value> params;
  for (int64_t id : problem_ids) {
    params.emplace_back(id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  LT_ASSIGN(auto rows, tx.query(kSelect + " WHERE problem_id IN (" + in + ")", params));
  for (auto& row : rows.rows) {
    RequestExtras r;
    r.problem_id = row.i64(kSel["problem_id"]);
    r.client = row.take_str(kSel["client"]);
    r.media_url = row.take_str(kSel["media_url"]);
    r.device_id = row.take_str(kSel["device_id"]);
    r.account_id = row.take_str(kSel["account_id"]);
    r.created_at = row.take_str(kSel["created_at"]);
    out.emplace(r.problem_id, std::move(r));
  }
  return out;
}

Result<Window> count_request(Tx& tx, const std::string& key, const std::string& now,
                             const std::string& window_cutoff) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO open311_rate_limits (key, window_start, requests) VALUES ($1, $2, 1) "
                         "ON CONFLICT (key) DO UPDATE SET "
                         "requests = CASE WHEN open311_rate_limits.window_start < $3 THEN 1 "
                         "ELSE open311_rate_limits.requests + 1 END, "
                         "window_start = CASE WHEN open311_rate_limits.window_start < $3 THEN $2 "
                         "ELSE open311_rate_limits.window_start END "
                         "RETURNING requests, window_start",
                         {key, now, window_cutoff}));
  if (!row) return Error::internal("open311 rate limit: no row returned");
  return Window{row->i64(0), row->take_str(1)};
}

}  // namespace lantian::store::open311
