#include "store/ledger_counts_repo.h"

#include "store/tables.h"

namespace lantian::store::ledger_counts {
namespace {

constexpr const Table& C = tables::task_ledger_counts;

// "$first, $first+1, ..." for n values.
std::string placeholders(size_t first, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? ", $" : "$") + std::to_string(first + i);
  return s;
}

Result<Rows> rows_in_states(Tx& tx, const std::string& select, const std::string& ledger_type,
                            int64_t unit_id, const std::vector<std::string>& states) {
  std::vector<Value> params{ledger_type, unit_id};
  for (const auto& s : states) params.emplace_back(s);
  return tx.query(select +
                      " FROM ledger_scopes s JOIN ledger_rows r ON r.id = s.row_id"
                      " WHERE s.ledger_type = $1 AND s.unit_id = $2 AND r.status IN (" +
                      placeholders(3, states.size()) + ")",
                  params);
}

}  // namespace

Status set(Tx& tx, const Link& l, std::optional<int64_t> created_by, const std::string& now) {
  LT_TRY(remove(tx, l.task_id));
  Statement st = Fields(C)
                     .set(C["task_id"], l.task_id)
                     .set(C["ledger_type"], l.ledger_type)
                     .set(C["count_index"], int64_t(l.count_index))
                     .set(C["created_by"], opt(created_by))
                     .set(C["created_at"], now)
                     .insert();
  LT_TRY(tx.exec(st.sql, st.params));
  return {};
}

Status remove(Tx& tx, int64_t task_id) {
  LT_TRY(tx.exec("DELETE FROM task_ledger_counts WHERE task_id = $1", {task_id}));
  return {};
}

Result<std::optional<Link>> for_task(Tx& tx, int64_t task_id) {
  LT_ASSIGN(auto row, tx.query_one("SELECT c.task_id, c.ledger_type, c.count_index, t.owner_unit_id"
                                   " FROM task_ledger_counts c JOIN tasks t ON t.id = c.task_id"
                                   " WHERE c.task_id = $1",
                                   {task_id}));
  if (!row) return std::optional<Link>();
  return std::optional<Link>(Link{row->i64(0), row->take_str(1), int(row->i64(2)), row->i64(3)});
}

Result<std::vector<Link>> for_units(Tx& tx, const std::string& ledger_type,
                                    const std::vector<int64_t>& units) {
  std::vector<Link> out;
  if (units.empty()) return out;
  std::vector<Value> params{ledger_type};
  for (int64_t u : units) params.emplace_back(u);
  LT_ASSIGN(auto rows, tx.query("SELECT c.task_id, c.ledger_type, c.count_index, t.owner_unit_id"
                                " FROM task_ledger_counts c JOIN tasks t ON t.id = c.task_id"
                                " WHERE c.ledger_type = $1 AND t.owner_unit_id IN (" +
                                    placeholders(2, units.size()) + ") ORDER BY c.task_id",
                                params));
  for (auto& r : rows.rows) out.push_back(Link{r.i64(0), r.take_str(1), int(r.i64(2)), r.i64(3)});
  return out;
}

Result<int64_t> count_rows(Tx& tx, const std::string& ledger_type, int64_t unit_id,
                           const std::vector<std::string>& states) {
  if (states.empty()) return int64_t(0);
  LT_ASSIGN(auto rows, rows_in_states(tx, "SELECT COUNT(*)", ledger_type, unit_id, states));
  return rows.rows.empty() ? 0 : rows.rows[0].i64(0);
}

Result<std::vector<std::string>> row_fields(Tx& tx, const std::string& ledger_type, int64_t unit_id,
                                            const std::vector<std::string>& states) {
  std::vector<std::string> out;
  if (states.empty()) return out;
  LT_ASSIGN(auto rows, rows_in_states(tx, "SELECT r.fields", ledger_type, unit_id, states));
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(r.take_str(0));
  return out;
}

}  // namespace lantian::store::ledger_counts
