#include "store/tasks_repo.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/workflows.h"
#include "store/workflow_sql.h"

namespace lantian::store::tasks {
namespace {

constexpr std::string_view kSelectHead =
    "SELECT t.id, t.campaign_id, t.work_area_id, a.name, t.parent_id, t.path, t.depth, t.code, t.title, "
    "t.description, t.owner_unit_id, o.name, t.owner_unit_path, t.lead_unit_id, l.name, t.lead_unit_path, "
    "t.responsible_leader_name, t.responsible_leader_phone, t.responsible_user_id, "
    "t.responsible_person_name, "
    "t.responsible_person_phone, t.start_date, t.deadline, t.deadline_working_days, t.deadline_unverified, "
    "t.measure_unit, t.target_value, t.achieved_value, t.weight, t.progress, t.status, t.status_note, "
    "t.assigned_at, t.completed_at, t.accepted_at, t.last_report_at, t.child_count, t.version, t.created_at, "
    "t.updated_at, (SELECT COUNT(*) FROM tasks c WHERE c.parent_id = t.id AND c.status NOT IN ";
constexpr std::string_view kSelectTail =
    ") FROM tasks t JOIN units o ON o.id = t.owner_unit_id JOIN units l ON l.id = t.lead_unit_id "
    "LEFT JOIN work_areas a ON a.id = t.work_area_id";
// The open-children count uses the workflow's done statuses.
std::string select_sql() { return std::string(kSelectHead) + task_done_sql() + std::string(kSelectTail); }

Task from_row(Row& r) {
  Task t;
  t.id = r.i64(0);
  t.campaign_id = r.i64(1);
  if (!r.is_null(2)) t.work_area_id = r.i64(2);
  t.work_area_name = r.take_str(3);
  if (!r.is_null(4)) t.parent_id = r.i64(4);
  t.path = r.take_str(5);
  t.depth = int(r.i64(6));
  t.code = r.take_str(7);
  t.title = r.take_str(8);
  t.description = r.take_str(9);
  t.owner_unit_id = r.i64(10);
  t.owner_unit_name = r.take_str(11);
  t.owner_unit_path = r.take_str(12);
  t.lead_unit_id = r.i64(13);
  t.lead_unit_name = r.take_str(14);
  t.lead_unit_path = r.take_str(15);
  t.responsible_leader = {r.take_str(16), r.take_str(17)};
  if (!r.is_null(18)) t.responsible_user_id = r.i64(18);
  t.responsible_person = {r.take_str(19), r.take_str(20)};
  t.start_date = r.take_str(21);
  t.deadline = r.take_str(22);
  if (!r.is_null(23)) t.deadline_working_days = int(r.i64(23));
  t.deadline_unverified = r.boolean(24);
  t.measure_unit = r.take_str(25);
  if (!r.is_null(26)) t.target_value = r.f64(26);
  t.achieved_value = r.f64(27);
  t.weight = r.f64(28);
  t.progress = r.f64(29);
  t.status = r.take_str(30);
  t.status_note = r.take_str(31);
  t.assigned_at = r.take_str(32);
  t.completed_at = r.take_str(33);
  t.accepted_at = r.take_str(34);
  t.last_report_at = r.take_str(35);
  t.child_count = int(r.i64(36));
  t.version = r.i64(37);
  t.created_at = r.take_str(38);
  t.updated_at = r.take_str(39);
  t.open_child_count = int(r.i64(40));
  return t;
}

std::string order_by(const Page& p) {
  std::string col = "t.deadline";
  if (p.sort == "title")
    col = "t.title";
  else if (p.sort == "status")
    col = "t.status";
  else if (p.sort == "progress")
    col = "t.progress";
  else if (p.sort == "id")
    col = "t.id";
  else if (p.sort == "path")
    col = "t.path";
  else if (p.sort == "updated_at")
    col = "t.updated_at";
  return " ORDER BY " + col + (p.desc ? " DESC" : " ASC") + ", t.id ASC";
}

// Task alias `x` is visible under a scope: owned, led or co-operated by a
// unit in that subtree. Six "?": visible_params(scope_path).
std::string visible_sql(const std::string& x) {
  std::string cu = "cu" + x, cun = "cun" + x;
  return "((" + x + ".owner_unit_path >= ? AND " + x + ".owner_unit_path < ?) OR (" + x +
         ".lead_unit_path >= ? AND " + x + ".lead_unit_path < ?) OR EXISTS (SELECT 1 FROM " +
         "task_cooperating_units " + cu + " JOIN units " + cun + " ON " + cun + ".id = " + cu +
         ".unit_id WHERE " + cu + ".task_id = " + x + ".id AND " + cun + ".path >= ? AND " + cun +
         ".path < ?))";
}
std::vector<Value> visible_params(const std::string& scope_path) {
  std::string lo = scope_path, hi = path_upper(scope_path);
  return {lo, hi, lo, hi, lo, hi};
}

Where build(const Filter& f) {
  Where w;
  if (!f.scope_path.empty()) w.add(visible_sql("t"), visible_params(f.scope_path));
  if (f.top_visible) {
    if (f.scope_path.empty()) {
      w.add("t.parent_id IS NULL");
    } else {
      // No parent, or a parent the reader may not see.
      w.add("(t.parent_id IS NULL OR NOT EXISTS (SELECT 1 FROM tasks p WHERE p.id = t.parent_id AND " +
                visible_sql("p") + "))",
            visible_params(f.scope_path));
    }
  }
  if (f.campaign_id) w.add("t.campaign_id = ?", {*f.campaign_id});
  if (f.work_area_id) w.add("t.work_area_id = ?", {*f.work_area_id});
  if (f.parent_id) w.add("t.parent_id = ?", {*f.parent_id});
  if (f.roots_only) w.add("t.parent_id IS NULL");
  if (f.owner_unit_id) w.add("t.owner_unit_id = ?", {*f.owner_unit_id});
  if (!f.owner_subtree_path.empty())
    w.add("t.owner_unit_path >= ? AND t.owner_unit_path < ?",
          {f.owner_subtree_path, path_upper(f.owner_subtree_path)});
  if (!f.lead_subtree_path.empty())
    w.add("t.lead_unit_path >= ? AND t.lead_unit_path < ?",
          {f.lead_subtree_path, path_upper(f.lead_subtree_path)});
  if (f.nothing) w.add("1 = 0");
  if (f.responsible_user_id) w.add("t.responsible_user_id = ?", {*f.responsible_user_id});
  if (!f.under_path.empty()) w.add("t.path > ? AND t.path < ?", {f.under_path, path_upper(f.under_path)});
  if (!f.statuses.empty()) {
    std::string in = "t.status IN (";
    std::vector<Value> vals;
    for (size_t i = 0; i < f.statuses.size(); ++i) {
      in += i ? ", ?" : "?";
      vals.emplace_back(f.statuses[i]);
    }
    w.add(in + ")", std::move(vals));
  }
  if (f.overdue) w.add("t.status IN " + task_open_sql() + " AND t.deadline < ?", {f.today});
  if (!f.deadline_before.empty()) w.add("t.deadline <= ?", {f.deadline_before});
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    w.add("(lower(t.title) LIKE lower(?) ESCAPE '\\' OR t.code LIKE ? ESCAPE '\\')", {like, like});
  }
  return w;
}

Status load_details(Tx& tx, Task& t) {
  LT_ASSIGN(auto units,
            tx.query("SELECT u.id, u.name FROM task_cooperating_units c JOIN units u ON u.id = c.unit_id "
                     "WHERE c.task_id = $1 ORDER BY u.path",
                     {t.id}));
  for (auto& r : units.rows) t.cooperating_units.push_back({r.i64(0), r.take_str(1)});
  LT_ASSIGN(auto ms, tx.query("SELECT id, task_id, title, deadline, done_at, sort_order FROM milestones "
                              "WHERE task_id = $1 ORDER BY sort_order, id",
                              {t.id}));
  for (auto& r : ms.rows)
    t.milestones.push_back({r.i64(0), r.i64(1), r.take_str(2), r.take_str(3), r.take_str(4), int(r.i64(5))});
  return {};
}

Status save_details(Tx& tx, const Task& t, bool replace) {
  if (replace) LT_TRY(tx.exec("DELETE FROM task_cooperating_units WHERE task_id = $1", {t.id}));
  for (const auto& u : t.cooperating_units)
    LT_TRY(tx.exec("INSERT INTO task_cooperating_units (task_id, unit_id) VALUES ($1, $2)", {t.id, u.id}));
  // Milestones keep their ids (and done_at) when they survive an edit.
  std::vector<int64_t> keep;
  for (size_t i = 0; i < t.milestones.size(); ++i) {
    const auto& m = t.milestones[i];
    if (m.id > 0 && replace) {
      LT_ASSIGN(auto n, tx.exec("UPDATE milestones SET title = $1, deadline = $2, sort_order = $3 "
                                "WHERE id = $4 AND task_id = $5",
                                {m.title, m.deadline, int64_t(i), m.id, t.id}));
      if (n == 1) {
        keep.push_back(m.id);
        continue;
      }
    }
    LT_ASSIGN(auto row, tx.query_one("INSERT INTO milestones (task_id, title, deadline, done_at, sort_order) "
                                     "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                     {t.id, m.title, m.deadline, null_if_empty(m.done_at), int64_t(i)}));
    keep.push_back(row->i64(0));
  }
  if (replace) {
    LT_ASSIGN(auto existing, tx.query("SELECT id FROM milestones WHERE task_id = $1", {t.id}));
    for (auto& r : existing.rows)
      if (std::find(keep.begin(), keep.end(), r.i64(0)) == keep.end())
        LT_TRY(tx.exec("DELETE FROM milestones WHERE id = $1", {r.i64(0)}));
  }
  return {};
}

Value opt_id(const std::optional<int64_t>& v) { return v ? Value(*v) : Value(nullptr); }
Value opt_num(const std::optional<double>& v) { return v ? Value(*v) : Value(nullptr); }

}  // namespace

Result<std::optional<Task>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE t.id = $1", {id}));
  if (!row) return std::optional<Task>();
  Task t = from_row(*row);
  LT_TRY(load_details(tx, t));
  return std::optional<Task>(std::move(t));
}

Result<PageOf<Task>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w = build(f);
  PageOf<Task> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM tasks t" + w.sql(), w.params()));
  out.total = total ? total->i64(0) : 0;
  if (out.total == 0) return out;
  std::string sql = select_sql() + w.sql() + order_by(page);
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<std::vector<OwnerCount>> count_by_owner(Tx& tx, const Filter& f) {
  Where w = build(f);
  LT_ASSIGN(auto rows,
            tx.query("SELECT t.owner_unit_id, o.name, COUNT(*), MIN(t.deadline) FROM tasks t "
                     "JOIN units o ON o.id = t.owner_unit_id" +
                         w.sql() + " GROUP BY t.owner_unit_id, o.name, o.path ORDER BY 3 DESC, o.path",
                     w.params()));
  std::vector<OwnerCount> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back({r.i64(0), r.take_str(1), r.i64(2), r.take_str(3)});
  return out;
}

Result<std::vector<Task>> all(Tx& tx, const Filter& f, int64_t limit) {
  Where w = build(f);
  std::string sql = select_sql() + w.sql() + " ORDER BY t.path LIMIT " + w.bind(limit);
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  std::vector<Task> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<Task> insert(Tx& tx, Task t, const std::string& now) {
  std::string parent_path = "/";
  t.depth = 0;
  if (t.parent_id) {
    LT_ASSIGN(auto parent, tx.query_one("SELECT path, depth FROM tasks WHERE id = $1", {*t.parent_id}));
    if (!parent) return Error::field("parent_id", "no such task");
    parent_path = parent->str(0);
    t.depth = int(parent->i64(1)) + 1;
  }
  LT_ASSIGN(
      auto row,
      tx.query_one(
          "INSERT INTO tasks (campaign_id, work_area_id, parent_id, path, depth, code, title, description, "
          "owner_unit_id, owner_unit_path, lead_unit_id, lead_unit_path, responsible_leader_name, "
          "responsible_leader_phone, responsible_user_id, responsible_person_name, responsible_person_phone, "
          "start_date, deadline, deadline_working_days, deadline_unverified, measure_unit, target_value, "
          "achieved_value, weight, progress, status, status_note, assigned_at, created_by, version, "
          "created_at, "
          "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
          "$18, "
          "$19, $20, $21, $22, $23, 0, $24, 0, $27, '', $25, $26, 1, $25, $25) RETURNING id",
          {t.campaign_id,
           opt_id(t.work_area_id),
           opt_id(t.parent_id),
           "pending:" + random_hex(8),
           int64_t(t.depth),
           t.code,
           t.title,
           t.description,
           t.owner_unit_id,
           t.owner_unit_path,
           t.lead_unit_id,
           t.lead_unit_path,
           t.responsible_leader.name,
           t.responsible_leader.phone,
           opt_id(t.responsible_user_id),
           t.responsible_person.name,
           t.responsible_person.phone,
           t.start_date,
           t.deadline,
           t.deadline_working_days ? Value(int64_t(*t.deadline_working_days)) : Value(nullptr),
           int64_t(t.deadline_unverified),
           t.measure_unit,
           opt_num(t.target_value),
           t.weight,
           now,
           opt_id(t.created_by),
           task_workflow().initial}));
  t.id = row->i64(0);
  t.path = parent_path + std::to_string(t.id) + "/";
  LT_TRY(tx.exec("UPDATE tasks SET path = $1 WHERE id = $2", {t.path, t.id}));
  if (t.parent_id)
    LT_TRY(tx.exec("UPDATE tasks SET child_count = child_count + 1 WHERE id = $1", {*t.parent_id}));
  LT_TRY(save_details(tx, t, false));
  t.status = task_workflow().initial;
  t.achieved_value = 0;
  t.progress = 0;
  t.version = 1;
  t.assigned_at = t.created_at = t.updated_at = now;
  return t;
}

Result<bool> update(Tx& tx, const Task& t, const std::string& now) {
  LT_ASSIGN(
      auto n,
      tx.exec(
          "UPDATE tasks SET work_area_id = $1, code = $2, title = $3, description = $4, owner_unit_id = $5, "
          "owner_unit_path = $6, lead_unit_id = $7, lead_unit_path = $8, responsible_leader_name = $9, "
          "responsible_leader_phone = $10, responsible_user_id = $11, responsible_person_name = $12, "
          "responsible_person_phone = $13, start_date = $14, deadline = $15, deadline_working_days = $16, "
          "deadline_unverified = $17, measure_unit = $18, target_value = $19, weight = $20, "
          "version = version + 1, updated_at = $21 WHERE id = $22 AND version = $23",
          {opt_id(t.work_area_id),
           t.code,
           t.title,
           t.description,
           t.owner_unit_id,
           t.owner_unit_path,
           t.lead_unit_id,
           t.lead_unit_path,
           t.responsible_leader.name,
           t.responsible_leader.phone,
           opt_id(t.responsible_user_id),
           t.responsible_person.name,
           t.responsible_person.phone,
           t.start_date,
           t.deadline,
           t.deadline_working_days ? Value(int64_t(*t.deadline_working_days)) : Value(nullptr),
           int64_t(t.deadline_unverified),
           t.measure_unit,
           opt_num(t.target_value),
           t.weight,
           now,
           t.id,
           t.version}));
  if (n != 1) return false;
  LT_TRY(save_details(tx, t, true));
  return true;
}

Result<bool> set_status(Tx& tx, int64_t id, int64_t version, const std::string& status,
                        const std::string& note, const std::string& now) {
  // completed_at/accepted_at follow the status as the workflow's stamps say:
  // set on entry, kept while done, cleared when the work is sent back.
  LT_ASSIGN(auto n,
            tx.exec("UPDATE tasks SET status = $1, status_note = $2, " + task_stamp_assignments("$1", "$3") +
                        "version = version + 1, updated_at = $3 WHERE id = $4 AND version = $5",
                    {status, note, now, id, version}));
  return n == 1;
}

Status set_rollup(Tx& tx, int64_t id, double progress, double achieved_value,
                  const std::string& last_report_at) {
  if (last_report_at.empty())
    LT_TRY(tx.exec("UPDATE tasks SET progress = $1, achieved_value = $2 WHERE id = $3",
                   {progress, achieved_value, id}));
  else
    LT_TRY(
        tx.exec("UPDATE tasks SET progress = $1, achieved_value = $2, last_report_at = CASE WHEN "
                "last_report_at IS NULL OR last_report_at < $3 THEN $3 ELSE last_report_at END WHERE id = $4",
                {progress, achieved_value, last_report_at, id}));
  return {};
}

Result<std::vector<std::string>> sibling_codes(Tx& tx, int64_t campaign_id, std::optional<int64_t> parent_id,
                                               std::optional<int64_t> work_area_id) {
  Result<Rows> rows = parent_id      ? tx.query("SELECT code FROM tasks WHERE parent_id = $1", {*parent_id})
                      : work_area_id ? tx.query(
                                           "SELECT code FROM tasks WHERE campaign_id = $1 AND "
                                           "parent_id IS NULL AND work_area_id = $2",
                                           {campaign_id, *work_area_id})
                                     : tx.query(
                                           "SELECT code FROM tasks WHERE campaign_id = $1 AND "
                                           "parent_id IS NULL AND work_area_id IS NULL",
                                           {campaign_id});
  if (!rows.ok()) return rows.take_error();
  std::vector<std::string> out;
  for (auto& r : rows->rows) out.push_back(r.take_str(0));
  return out;
}

Result<std::vector<AreaCount>> count_by_area(Tx& tx, const Filter& f) {
  Where w = build(f);
  w.add("t.work_area_id IS NOT NULL");
  LT_ASSIGN(auto rows,
            tx.query("SELECT t.work_area_id, COUNT(*), SUM(CASE WHEN t.status IN " + task_done_sql() +
                         " THEN 1 ELSE 0 END), SUM(t.weight * t.progress), SUM(t.weight) FROM tasks t" +
                         w.sql() + " GROUP BY t.work_area_id",
                     w.params()));
  std::vector<AreaCount> out;
  for (auto& r : rows.rows) {
    AreaCount c;
    c.work_area_id = r.i64(0);
    c.tasks = r.i64(1);
    c.done = r.i64(2);
    c.weighted_progress = r.f64(3);
    c.weight = r.f64(4);
    out.push_back(c);
  }
  return out;
}

Status record_report(Tx& tx, int64_t id, std::optional<double> achieved_value, const std::string& status,
                     const std::string& now) {
  LT_TRY(tx.exec(
      "UPDATE tasks SET achieved_value = COALESCE($1, achieved_value), status = $2, last_report_at = $3, "
      "version = version + 1, updated_at = $3 WHERE id = $4",
      {opt_num(achieved_value), status, now, id}));
  return {};
}

Result<std::optional<RollupRow>> rollup_row(Tx& tx, int64_t id) {
  LT_ASSIGN(auto r,
            tx.query_one("SELECT parent_id, status, target_value, measure_unit, achieved_value, weight, "
                         "child_count FROM tasks WHERE id = $1",
                         {id}));
  if (!r) return std::optional<RollupRow>();
  RollupRow out;
  if (!r->is_null(0)) out.parent_id = r->i64(0);
  out.status = r->take_str(1);
  if (!r->is_null(2)) out.target_value = r->f64(2);
  out.measure_unit = r->take_str(3);
  out.achieved_value = r->f64(4);
  out.weight = r->f64(5);
  out.child_count = int(r->i64(6));
  return std::optional<RollupRow>(std::move(out));
}

Result<std::vector<ChildRow>> children(Tx& tx, int64_t parent_id) {
  LT_ASSIGN(auto rows,
            tx.query("SELECT id, status, target_value, measure_unit, achieved_value, weight, progress, "
                     "last_report_at FROM tasks WHERE parent_id = $1 ORDER BY id",
                     {parent_id}));
  std::vector<ChildRow> out;
  for (auto& r : rows.rows) {
    ChildRow c;
    c.id = r.i64(0);
    c.status = r.take_str(1);
    if (!r.is_null(2)) c.target_value = r.f64(2);
    c.measure_unit = r.take_str(3);
    c.achieved_value = r.f64(4);
    c.weight = r.f64(5);
    c.progress = r.f64(6);
    c.last_report_at = r.take_str(7);
    out.push_back(std::move(c));
  }
  return out;
}

Result<bool> set_milestone_done(Tx& tx, int64_t task_id, int64_t milestone_id, const std::string& done_at) {
  LT_ASSIGN(auto n, tx.exec("UPDATE milestones SET done_at = $1 WHERE id = $2 AND task_id = $3",
                            {null_if_empty(done_at), milestone_id, task_id}));
  return n == 1;
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  const int64_t tail = int64_t(old_path.size() + 1);
  const std::string upper = path_upper(old_path);
  int64_t n = 0;
  for (std::string_view col : {"owner_unit_path", "lead_unit_path"}) {
    std::string c(col);
    LT_ASSIGN(auto k, tx.exec("UPDATE tasks SET " + c + " = $1 || substr(" + c + ", $2) WHERE " + c +
                                  " >= $3 AND " + c + " < $4",
                              {new_path, tail, old_path, upper}));
    n += k;
  }
  return n;
}

}  // namespace lantian::store::tasks
