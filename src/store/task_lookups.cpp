#include "store/task_lookups.h"

namespace lantian::store::task_lookups {
namespace {

// "$1, $2, ..." for the ids, with the ids as values.
std::string placeholders(const std::vector<int64_t>& ids, std::vector<Value>& values) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    out += (i ? ", $" : "$") + std::to_string(i + 1);
    values.emplace_back(ids[i]);
  }
  return out;
}

}  // namespace

Result<std::set<int64_t>> with_reports(Tx& tx, const std::vector<int64_t>& task_ids) {
  std::set<int64_t> out;
  if (task_ids.empty()) return out;
  std::vector<Value> values;
  std::string in = placeholders(task_ids, values);
  LT_ASSIGN(auto rows,
            tx.query("SELECT DISTINCT task_id FROM progress_reports WHERE task_id IN (" + in + ")", values));
  for (auto& r : rows.rows) out.insert(r.i64(0));
  return out;
}

Result<std::map<int64_t, std::string>> owner_paths(Tx& tx, const std::vector<int64_t>& task_ids) {
  std::map<int64_t, std::string> out;
  if (task_ids.empty()) return out;
  std::vector<Value> values;
  std::string in = placeholders(task_ids, values);
  LT_ASSIGN(auto rows, tx.query("SELECT id, owner_unit_path FROM tasks WHERE id IN (" + in + ")", values));
  for (auto& r : rows.rows) out[r.i64(0)] = r.take_str(1);
  return out;
}

}  // namespace lantian::store::task_lookups
