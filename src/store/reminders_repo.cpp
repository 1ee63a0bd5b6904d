#include "store/reminders_repo.h"

#include "store/paging.h"
#include "store/tables.h"

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

// A task as reminders need it; the responsible user only while their account
// is enabled.
constexpr std::string_view kTaskColumns[] = {"id",       "title",         "status",
                                             "deadline", "owner_unit_id", "responsible_user_id"};
constexpr Extra kTaskExtras[] = {
    {"responsible_user_id", "CASE WHEN r.disabled = 0 THEN t.responsible_user_id END"},
    {"owner_unit_name", "o.name"}};
constexpr Selection kTaskSel{tables::tasks, "t", kTaskColumns, kTaskExtras};
const std::string kTaskList = kTaskSel.sql();
constexpr std::string_view kTaskJoins =
    " JOIN units o ON o.id = t.owner_unit_id LEFT JOIN users r ON r.id = t.responsible_user_id";

// The task's values start at position `at` of the row.
DueTask task_from_row(Row& r, size_t at) {
  constexpr const Selection& c = kTaskSel;
  DueTask t;
  t.id = r.i64(at + c["id"]);
  t.title = r.take_str(at + c["title"]);
  t.status = r.take_str(at + c["status"]);
  t.deadline = r.take_str(at + c["deadline"]);
  t.owner_unit_id = r.i64(at + c["owner_unit_id"]);
  t.owner_unit_name = r.take_str(at + c["owner_unit_name"]);
  t.responsible_user_id = r.opt_i64(at + c["responsible_user_id"]);
  return t;
}

constexpr std::string_view kMilestoneColumns[] = {"id", "title", "deadline"};
constexpr Selection kMilestoneSel{tables::milestones, "m", kMilestoneColumns};

constexpr std::string_view kRequestColumns[] = {"id", "task_id", "unit_id", "due_date", "message"};
constexpr Extra kRequestExtras[] = {{"task_title", "t.title"}, {"unit_name", "u.name"}};
constexpr Selection kRequestSel{tables::report_requests, "q", kRequestColumns, kRequestExtras};

// Roles are stored comma-separated ("unit_leader,inspector").
std::string role_like(const std::string& role) { return like_contains("," + role + ","); }

}  // namespace

Result<std::vector<DueTask>> tasks_due(Tx& tx, const std::vector<std::string>& statuses,
                                       const std::string& first, const std::string& last) {
  if (statuses.empty()) return std::vector<DueTask>();
  Where w;
  add_statuses(w, statuses);
  w.add("t.deadline >= ? AND t.deadline <= ?", {first, last});
  LT_ASSIGN(auto rows, tx.query("SELECT " + kTaskList + " FROM tasks t" + std::string(kTaskJoins) + w.sql() +
                                    " ORDER BY t.deadline, t.id",
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
  LT_ASSIGN(auto rows, tx.query("SELECT " + kMilestoneSel.sql() + ", " + kTaskList +
                                    " FROM milestones m JOIN tasks t ON t.id = m.task_id" +
                                    std::string(kTaskJoins) + w.sql() + " ORDER BY m.deadline, m.id",
                                w.params()));
  std::vector<DueMilestone> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    constexpr const Selection& c = kMilestoneSel;
    DueMilestone m;
    m.id = r.i64(c["id"]);
    m.title = r.take_str(c["title"]);
    m.deadline = r.take_str(c["deadline"]);
    m.task = task_from_row(r, c.size());
    out.push_back(std::move(m));
  }
  return out;
}

Result<std::vector<OverdueRequest>> open_requests_due(Tx& tx, const std::string& first,
                                                      const std::string& last) {
  LT_ASSIGN(auto rows, tx.query("SELECT " + kRequestSel.sql() +
                                    " FROM report_requests q JOIN tasks t ON t.id = q.task_id "
                                    "JOIN units u ON u.id = q.unit_id "
                                    "WHERE q.fulfilled_at IS NULL AND q.due_date >= $1 AND q.due_date <= $2 "
                                    "ORDER BY q.due_date, q.id",
                                {first, last}));
  std::vector<OverdueRequest> out;
  for (auto& r : rows.rows) {
    constexpr const Selection& c = kRequestSel;
    OverdueRequest q;
    q.id = r.i64(c["id"]);
    q.task_id = r.i64(c["task_id"]);
    q.task_title = r.take_str(c["task_title"]);
    q.unit_id = r.i64(c["unit_id"]);
    q.unit_name = r.take_str(c["unit_name"]);
    q.due_date = r.take_str(c["due_date"]);
    q.message = r.take_str(c["message"]);
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
