#include "store/reminders_repo.h"

#include "store/paging.h"

namespace lantian::store::reminders {
namespace {

// "t.status IN ($1, $2, ...)" with the statuses bound in w.
void add_statuses(Where& w, const std::vector<std::string>& statuses) {
  std::string frag = "t.status IN (";
  std::vector<Value> values;
  for (size_t i = 0; i < statuses.size(); ++i) {
    frag += i ? ", ?" : "?";
    values.push_back(statuses[i]);
  }
  frag += ")";
  w.add(frag, std::move(values));
}

constexpr std::string_view kTaskColumns =
    "t.id, t.title, t.status, t.deadline, t.owner_unit_id, o.name, "
    "CASE WHEN r.disabled = 0 THEN t.responsible_user_id END";
constexpr std::string_view kTaskJoins =
    " JOIN units o ON o.id = t.owner_unit_id LEFT JOIN users r ON r.id = t.responsible_user_id";

DueTask task_from_row(Row& r, size_t i) {
  DueTask t;
  t.id = r.i64(i);
  t.title = r.take_str(i + 1);
  t.status = r.take_str(i + 2);
  t.deadline = r.take_str(i + 3);
  t.owner_unit_id = r.i64(i + 4);
  t.owner_unit_name = r.take_str(i + 5);
  if (!r.is_null(i + 6)) t.responsible_user_id = r.i64(i + 6);
  return t;
}

// Roles are stored comma-separated ("unit_leader,inspector").
std::string role_like(const std::string& role) { return like_contains("," + role + ","); }

}  // namespace

Result<std::vector<DueTask>> tasks_due(Tx& tx, const std::vector<std::string>& statuses,
                                       const std::string& first, const std::string& last) {
  if (statuses.empty()) return std::vector<DueTask>();
  Where w;
  add_statuses(w, statuses);
  w.add("t.deadline >= ? AND t.deadline <= ?", {first, last});
  LT_ASSIGN(auto rows, tx.query("SELECT " + std::string(kTaskColumns) + " FROM tasks t" +
                                    std::string(kTaskJoins) + w.sql() + " ORDER BY t.deadline, t.id",
                                w.params()));
  std::vector<DueTask> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(task_from_row(r, 0));
  return out;
}

Result<std::vector<DueMilestone>> milestones_due(Tx& tx, const std::vector<std::string>& statuses,
                                                 const std::string& first, const std::string& last) {
  if (statuses.empty()) return std::vector<DueMilestone>();
  Where w;
  w.add("m.deadline >= ? AND m.deadline <= ?", {first, last});
  w.add("m.done_at IS NULL");
  add_statuses(w, statuses);
  LT_ASSIGN(auto rows, tx.query("SELECT m.id, m.title, m.deadline, " + std::string(kTaskColumns) +
                                    " FROM milestones m JOIN tasks t ON t.id = m.task_id" +
                                    std::string(kTaskJoins) + w.sql() + " ORDER BY m.deadline, m.id",
                                w.params()));
  std::vector<DueMilestone> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    DueMilestone m;
    m.id = r.i64(0);
    m.title = r.take_str(1);
    m.deadline = r.take_str(2);
    m.task = task_from_row(r, 3);
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<OverdueRequest>> open_requests_due(Tx& tx, const std::string& first,
                                                      const std::string& last) {
  LT_ASSIGN(auto rows, tx.query("SELECT q.id, q.task_id, t.title, q.unit_id, u.name, q.due_date, q.message "
                                "FROM report_requests q JOIN tasks t ON t.id = q.task_id "
                                "JOIN units u ON u.id = q.unit_id "
                                "WHERE q.fulfilled_at IS NULL AND q.due_date >= $1 AND q.due_date <= $2 "
                                "ORDER BY q.due_date, q.id",
                                {first, last}));
  std::vector<OverdueRequest> out;
  for (auto& r : rows.rows) {
    OverdueRequest q;
    q.id = r.i64(0);
    q.task_id = r.i64(1);
    q.task_title = r.take_str(2);
    q.unit_id = r.i64(3);
    q.unit_name = r.take_str(4);
    q.due_date = r.take_str(5);
    q.message = r.take_str(6);
    out.push_back(std::move(q));
  }
  return out;
}

Result<std::map<int64_t, std::vector<int64_t>>> users_with_role_in_units(Tx& tx,
                                                                         const std::vector<int64_t>& units,
                                                                         const std::string& role) {
  constexpr size_t kChunk = 200;
  std::map<int64_t, std::vector<int64_t>> out;
  for (size_t i = 0; i < units.size(); i += kChunk) {
    std::string sql =
        "SELECT unit_id, id FROM users WHERE disabled = 0 AND (',' || roles || ',') LIKE $1 "
        "ESCAPE '\\' AND unit_id IN (";
    std::vector<Value> params;
    params.reserve(kChunk + 1);
    params.emplace_back(role_like(role));
    for (size_t j = i; j < units.size() && j < i + kChunk; ++j) {
      params.emplace_back(units[j]);
      sql += (j > i ? ", $" : "$") + std::to_string(params.size());
    }
    LT_ASSIGN(auto rows, tx.query(sql + ") ORDER BY unit_id, id", params));
    for (auto& r : rows.rows) out[r.i64(0)].push_back(r.i64(1));
  }
  return out;
}

Result<std::vector<int64_t>> users_with_role(Tx& tx, const std::string& role) {
  LT_ASSIGN(auto rows, tx.query("SELECT id FROM users WHERE disabled = 0 AND (',' || roles || ',') LIKE $1 "
                                "ESCAPE '\\' ORDER BY id",
                                {role_like(role)}));
  std::vector<int64_t> out;
  for (auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

}  // namespace lantian::store::reminders
