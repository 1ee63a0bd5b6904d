#include "store/login_throttle_repo.h"

#include "store/tables.h"

namespace lantian::store::login_throttle {
namespace {

constexpr std::string_view kCounterColumns[] = {"failures", "window_start", "locked_until"};
constexpr Selection kSel{tables::login_throttle, "", kCounterColumns};
const std::string kCounterList = kSel.sql();

Counter from_row(Row& r) {
  Counter c;
  c.failures = r.i64(kSel["failures"]);
  c.window_start = r.take_str(kSel["window_start"]);
  c.locked_until = r.take_str(kSel["locked_until"]);  // "" when NULL
  return c;
}

}  // namespace

Result<Counter> get(Tx& tx, const std::string& key) {
  LT_ASSIGN(auto row, tx.query_one("SELECT " + kCounterList + " FROM login_throttle WHERE key = $1", {key}));
  if (!row) return Counter();
  return from_row(*row);
}

Result<Counter> add_failure(Tx& tx, const std::string& key, const std::string& now,
                            const std::string& window_cutoff) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO login_throttle (key, failures, window_start) VALUES ($1, 1, $2) "
                         "ON CONFLICT (key) DO UPDATE SET "
                         "failures = CASE WHEN login_throttle.window_start < $3 THEN 1 "
                         "ELSE login_throttle.failures + 1 END, "
                         "window_start = CASE WHEN login_throttle.window_start < $3 THEN $2 "
                         "ELSE login_throttle.window_start END "
                         "RETURNING " +
                             kCounterList,
                         {key, now, window_cutoff}));
  return from_row(*row);
}

Status lock(Tx& tx, const std::string& key, const std::string& until, const std::string& now) {
  LT_TRY(
      tx.exec("UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $2 WHERE key = $3",
              {until, now, key}));
  return {};
}

Status clear(Tx& tx, const std::string& key) {
  LT_TRY(tx.exec("DELETE FROM login_throttle WHERE key = $1", {key}));
  return {};
}

Result<int64_t> purge(Tx& tx, const std::string& cutoff) {
  return tx.exec(
      "DELETE FROM login_throttle WHERE window_start < $1 AND (locked_until IS NULL OR locked_until < $1)",
      {cutoff});
}

}  // namespace lantian::store::login_throttle
