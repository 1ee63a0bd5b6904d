// One task's reads and every write of the tasks repository (tasks_repo.h);
// lists and counts are in tasks_query.cpp.
#include "store/tasks_repo.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/crypto.h"
#include "core/workflows.h"
#include "store/list_cache.h"
#include "store/tables.h"
#include "store/tasks_internal.h"
#include "store/workflow_sql.h"

namespace lantian::store::tasks {

namespace detail {

constexpr const Table& T = tables::tasks;

// The task's own columns, then the names of its area and units, and what
// the actions its reader may take depend on: how many of its children are
// still open, whether it has a report, its parent's owner unit. Each is an
// index probe per row, in the same statement: a page needs no look-ups after.
constexpr Extra kJoined[] = {
    {"work_area_name", "a.name"},
    {"owner_unit_name", "o.name"},
    {"lead_unit_name", "l.name"},
    {"open_child_count",
     "(SELECT COUNT(*) FROM tasks c WHERE c.parent_id = t.id AND c.status NOT IN {done})"},
    {"has_reports",
     "CASE WHEN EXISTS (SELECT 1 FROM progress_reports r WHERE r.task_id = t.id) THEN 1 ELSE 0 END"},
    {"parent_owner_unit_path", "(SELECT p.owner_unit_path FROM tasks p WHERE p.id = t.parent_id)"},
};
constexpr Selection kSel{T, "t", kJoined};
const std::string_view kJoins =
    " JOIN units o ON o.id = t.owner_unit_id JOIN units l ON l.id = t.lead_unit_id LEFT JOIN work_areas a ON "
    "a.id = t.work_area_id";
// The open children are those not in one of the task workflow's done statuses.
std::string select_columns() {
  std::string sql = "SELECT " + kSel.sql();
  sql.replace(sql.find("{done}"), 6, task_done_sql());
  return sql;
}
std::string select_sql() { return select_columns() + " FROM tasks t" + std::string(kJoins); }

Task from_row(Row& r) {
  constexpr const Selection& c = kSel;
  Task t;
  t.id = r.i64(c["id"]);
  t.campaign_id = r.i64(c["campaign_id"]);
  t.work_area_id = r.opt_i64(c["work_area_id"]);
  t.work_area_name = r.take_str(c["work_area_name"]);
  t.parent_id = r.opt_i64(c["parent_id"]);
  t.path = r.take_str(c["path"]);
  t.depth = int(r.i64(c["depth"]));
  t.code = r.take_str(c["code"]);
  t.title = r.take_str(c["title"]);
  t.description = r.take_str(c["description"]);
  t.owner_unit_id = r.i64(c["owner_unit_id"]);
  t.owner_unit_name = r.take_str(c["owner_unit_name"]);
  t.owner_unit_path = r.take_str(c["owner_unit_path"]);
  t.lead_unit_id = r.i64(c["lead_unit_id"]);
  t.lead_unit_name = r.take_str(c["lead_unit_name"]);
  t.lead_unit_path = r.take_str(c["lead_unit_path"]);
  t.responsible_leader = {r.take_str(c["responsible_leader_name"]),
                          r.take_str(c["responsible_leader_phone"])};
  t.responsible_user_id = r.opt_i64(c["responsible_user_id"]);
  t.responsible_person = {r.take_str(c["responsible_person_name"]),
                          r.take_str(c["responsible_person_phone"])};
  t.start_date = r.take_str(c["start_date"]);
  t.deadline = r.take_str(c["deadline"]);
  if (auto d = r.opt_i64(c["deadline_working_days"])) t.deadline_working_days = int(*d);
  t.deadline_unverified = r.boolean(c["deadline_unverified"]);
  t.measure_unit = r.take_str(c["measure_unit"]);
  t.target_value = r.opt_f64(c["target_value"]);
  t.achieved_value = r.f64(c["achieved_value"]);
  t.weight = r.f64(c["weight"]);
  t.progress = r.f64(c["progress"]);
  t.status = r.take_str(c["status"]);
  t.status_note = r.take_str(c["status_note"]);
  t.assigned_at = r.take_str(c["assigned_at"]);
  t.completed_at = r.take_str(c["completed_at"]);
  t.accepted_at = r.take_str(c["accepted_at"]);
  t.last_report_at = r.take_str(c["last_report_at"]);
  t.child_count = int(r.i64(c["child_count"]));
  t.created_by = r.opt_i64(c["created_by"]);
  t.version = r.i64(c["version"]);
  t.created_at = r.take_str(c["created_at"]);
  t.updated_at = r.take_str(c["updated_at"]);
  t.open_child_count = int(r.i64(c["open_child_count"]));
  t.has_reports = r.i64(c["has_reports"]) != 0;
  t.parent_owner_unit_path = r.take_str(c["parent_owner_unit_path"]);
  return t;
}

}  // namespace detail

namespace {
using namespace detail;

// The columns a planner edits: set alike by insert() and update().
void set_editable(Fields& f, const Task& t) {
  f.set(T["work_area_id"], opt(t.work_area_id))
      .set(T["code"], t.code)
      .set(T["title"], t.title)
      .set(T["description"], t.description)
      .set(T["owner_unit_id"], t.owner_unit_id)
      .set(T["owner_unit_path"], t.owner_unit_path)
      .set(T["lead_unit_id"], t.lead_unit_id)
      .set(T["lead_unit_path"], t.lead_unit_path)
      .set(T["responsible_leader_name"], t.responsible_leader.name)
      .set(T["responsible_leader_phone"], t.responsible_leader.phone)
      .set(T["responsible_user_id"], opt(t.responsible_user_id))
      .set(T["responsible_person_name"], t.responsible_person.name)
      .set(T["responsible_person_phone"], t.responsible_person.phone)
      .set(T["start_date"], t.start_date)
      .set(T["deadline"], t.deadline)
      .set(T["deadline_working_days"], opt(t.deadline_working_days))
      .set(T["deadline_unverified"], int64_t(t.deadline_unverified))
      .set(T["measure_unit"], t.measure_unit)
      .set(T["target_value"], opt(t.target_value))
      .set(T["weight"], t.weight);
}

constexpr const Table& M = tables::milestones;
constexpr Selection kMilestoneSel{M};
const std::string kMilestoneSelect = "SELECT " + kMilestoneSel.sql() + " FROM milestones";

constexpr std::string_view kUnitRefColumns[] = {"id", "name"};
constexpr Selection kUnitRefSel{tables::units, "u", kUnitRefColumns};
const std::string kCooperatingSelect =
    "SELECT " + kUnitRefSel.sql() + " FROM task_cooperating_units c JOIN units u ON u.id = c.unit_id";

Status load_details(Tx& tx, Task& t) {
  LT_ASSIGN(auto units, tx.query(kCooperatingSelect + " WHERE c.task_id = $1 ORDER BY u.path", {t.id}));
  for (auto& r : units.rows)
    t.cooperating_units.push_back({r.i64(kUnitRefSel["id"]), r.take_str(kUnitRefSel["name"])});
  LT_ASSIGN(auto ms, tx.query(kMilestoneSelect + " WHERE task_id = $1 ORDER BY sort_order, id", {t.id}));
  constexpr const Selection& c = kMilestoneSel;
  for (auto& r : ms.rows)
    t.milestones.push_back({r.i64(c["id"]), r.i64(c["task_id"]), r.take_str(c["title"]),
                            r.take_str(c["deadline"]), r.take_str(c["done_at"]),
                            int(r.i64(c["sort_order"]))});
  return {};
}

Status save_details(Tx& tx, const Task& t, bool replace) {
  if (replace) LT_TRY(tx.exec("DELETE FROM task_cooperating_units WHERE task_id = $1", {t.id}));
  constexpr const Table& C = tables::task_cooperating_units;
  for (const auto& u : t.cooperating_units) {
    Statement st = Fields(C).set(C["task_id"], t.id).set(C["unit_id"], u.id).insert();
    LT_TRY(tx.exec(st.sql, st.params));
  }
  // Milestones keep their ids (and done_at) when they survive an edit.
  std::vector<int64_t> keep;
  for (size_t i = 0; i < t.milestones.size(); ++i) {
    const auto& m = t.milestones[i];
    Fields f(M);
    f.set(M["title"], m.title).set(M["deadline"], m.deadline).set(M["sort_order"], int64_t(i));
    if (m.id > 0 && replace) {
      Statement st = f.update("id = $1 AND task_id = $2", {m.id, t.id});
      LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
      if (n == 1) {
        keep.push_back(m.id);
        continue;
      }
    }
    Statement st =
        f.set(M["task_id"], t.id).set(M["done_at"], null_if_empty(m.done_at)).insert(" RETURNING id");
    LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
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

// task_scopes of the tasks matching `where` (on tasks t; "$1" its one
// parameter): every ancestor-or-self of the owner, lead and cooperating
// units, by units.parent_id, with the task's deadline.
Status rebuild_scopes(Tx& tx, const std::string& condition, const std::vector<Value>& params) {
  const std::string where = "(" + condition + ")";
  LT_TRY(tx.exec("DELETE FROM task_scopes WHERE task_id IN (SELECT t.id FROM tasks t WHERE " + where + ")",
                 params));
  LT_TRY(tx.exec(
      "WITH RECURSIVE up(task_id, unit_id) AS (SELECT t.id, t.owner_unit_id FROM tasks t WHERE " + where +
          " UNION SELECT t.id, t.lead_unit_id FROM tasks t WHERE " + where +
          " UNION SELECT c.task_id, c.unit_id FROM task_cooperating_units c JOIN tasks t ON t.id = c.task_id "
          "WHERE " +
          where +
          " UNION SELECT up.task_id, u.parent_id FROM up JOIN units u ON u.id = up.unit_id WHERE u.parent_id "
          "IS "
          "NOT NULL) INSERT INTO task_scopes (unit_id, deadline, task_id) SELECT up.unit_id, t.deadline, "
          "up.task_id FROM up JOIN tasks t ON t.id = up.task_id",
      params));
  return {};
}

}  // namespace

Status refresh_scopes(Tx& tx, int64_t task_id) { return rebuild_scopes(tx, "t.id = $1", {task_id}); }

Status refresh_all_scopes(Tx& tx) {
  LT_TRY(tx.exec("DELETE FROM task_scopes", {}));
  return rebuild_scopes(tx, "$1 = 1", {int64_t(1)});
}

Result<std::optional<Task>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(select_sql() + " WHERE t.id = $1", {id}));
  if (!row) return std::optional<Task>();
  Task t = from_row(*row);
  LT_TRY(load_details(tx, t));
  return std::optional<Task>(std::move(t));
}

// The key of the place a task is numbered at (task_code_counters.place).
std::string code_place(const Task& t) {
  if (t.parent_id) return "p" + std::to_string(*t.parent_id);
  return "a" + std::to_string(t.campaign_id) + ":" + (t.work_area_id ? std::to_string(*t.work_area_id) : "-");
}

// Raises the counter of t's place to t's code, if the place has one (a place
// without a row is counted from its codes when first numbered).
Status note_code(Tx& tx, const Task& t) {
  CodeCounter c;
  if (!c.note(t.code)) return {};
  LT_TRY(tx.exec(
      "UPDATE task_code_counters SET last_number = $2, prefix = $3 WHERE place = $1 AND last_number < $2",
      {code_place(t), int64_t(c.last_number), c.prefix}));
  return {};
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
  Fields f(T);
  set_editable(f, t);
  f.set(T["campaign_id"], t.campaign_id)
      .set(T["parent_id"], opt(t.parent_id))
      .set(T["path"], "pending:" + random_hex(8))
      .set(T["depth"], int64_t(t.depth))
      .set(T["achieved_value"], 0.0)
      .set(T["progress"], 0.0)
      .set(T["status"], task_workflow().initial)
      .set(T["status_note"], std::string())
      .set(T["assigned_at"], now)
      .set(T["created_by"], opt(t.created_by))
      .set(T["version"], int64_t(1))
      .set(T["created_at"], now)
      .set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  t.id = row->i64(0);
  t.path = parent_path + std::to_string(t.id) + "/";
  LT_TRY(tx.exec("UPDATE tasks SET path = $1 WHERE id = $2", {t.path, t.id}));
  if (t.parent_id)
    LT_TRY(tx.exec("UPDATE tasks SET child_count = child_count + 1 WHERE id = $1", {*t.parent_id}));
  LT_TRY(save_details(tx, t, false));
  LT_TRY(refresh_scopes(tx, t.id));
  LT_TRY(note_code(tx, t));
  t.status = task_workflow().initial;
  t.achieved_value = 0;
  t.progress = 0;
  t.version = 1;
  t.assigned_at = t.created_at = t.updated_at = now;
  return t;
}

Result<bool> update(Tx& tx, const Task& t, const std::string& now) {
  Fields f(T);
  set_editable(f, t);
  f.set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {t.id, t.version});
  LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
  if (n != 1) return false;
  LT_TRY(save_details(tx, t, true));
  LT_TRY(refresh_scopes(tx, t.id));
  LT_TRY(note_code(tx, t));
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

Result<CodeCounter> code_counter(Tx& tx, const Task& t) {
  std::string place = code_place(t);
  LT_ASSIGN(auto row,
            tx.query_one("SELECT last_number, prefix FROM task_code_counters WHERE place = $1", {place}));
  if (row) return CodeCounter{row->i64(0), row->str(1)};
  LT_ASSIGN(auto codes, sibling_codes(tx, t.campaign_id, t.parent_id, t.work_area_id));
  CodeCounter c = code_counter_of(codes);
  // Two instances may count the same place at once: they count alike.
  LT_TRY(
      tx.exec("INSERT INTO task_code_counters (place, last_number, prefix) VALUES ($1, $2, $3) "
              "ON CONFLICT (place) DO NOTHING",
              {place, int64_t(c.last_number), c.prefix}));
  return c;
}

Status record_report(Tx& tx, int64_t id, std::optional<double> achieved_value, const std::string& status,
                     const std::string& now) {
  LT_TRY(tx.exec(
      "UPDATE tasks SET achieved_value = COALESCE($1, achieved_value), status = $2, last_report_at = $3, "
      "version = version + 1, updated_at = $3 WHERE id = $4",
      {opt(achieved_value), status, now, id}));
  return {};
}

namespace {
constexpr std::string_view kRollupColumns[] = {"parent_id",      "status", "target_value", "measure_unit",
                                               "achieved_value", "weight", "child_count"};
constexpr Selection kRollupSel{T, "", kRollupColumns};
const std::string kRollupSelect = "SELECT " + kRollupSel.sql() + " FROM tasks";
constexpr std::string_view kChildColumns[] = {
    "id", "status", "target_value", "measure_unit", "achieved_value", "weight", "progress", "last_report_at"};
constexpr Selection kChildSel{T, "", kChildColumns};
const std::string kChildSelect = "SELECT " + kChildSel.sql() + " FROM tasks";
}  // namespace

Result<std::optional<RollupRow>> rollup_row(Tx& tx, int64_t id) {
  LT_ASSIGN(auto r, tx.query_one(kRollupSelect + " WHERE id = $1", {id}));
  if (!r) return std::optional<RollupRow>();
  constexpr const Selection& c = kRollupSel;
  RollupRow out;
  out.parent_id = r->opt_i64(c["parent_id"]);
  out.status = r->take_str(c["status"]);
  out.target_value = r->opt_f64(c["target_value"]);
  out.measure_unit = r->take_str(c["measure_unit"]);
  out.achieved_value = r->f64(c["achieved_value"]);
  out.weight = r->f64(c["weight"]);
  out.child_count = int(r->i64(c["child_count"]));
  return std::optional<RollupRow>(std::move(out));
}

Result<std::vector<ChildRow>> children(Tx& tx, int64_t parent_id) {
  LT_ASSIGN(auto rows, tx.query(kChildSelect + " WHERE parent_id = $1 ORDER BY id", {parent_id}));
  constexpr const Selection& c = kChildSel;
  std::vector<ChildRow> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) {
    ChildRow ch;
    ch.id = r.i64(c["id"]);
    ch.status = r.take_str(c["status"]);
    ch.target_value = r.opt_f64(c["target_value"]);
    ch.measure_unit = r.take_str(c["measure_unit"]);
    ch.achieved_value = r.f64(c["achieved_value"]);
    ch.weight = r.f64(c["weight"]);
    ch.progress = r.f64(c["progress"]);
    ch.last_report_at = r.take_str(c["last_report_at"]);
    out.push_back(std::move(ch));
  }
  return out;
}

Result<bool> set_milestone_done(Tx& tx, int64_t task_id, int64_t milestone_id, const std::string& done_at) {
  LT_ASSIGN(auto n, tx.exec("UPDATE milestones SET done_at = $1 WHERE id = $2 AND task_id = $3",
                            {null_if_empty(done_at), milestone_id, task_id}));
  return n == 1;
}

Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path) {
  int64_t n = 0;
  for (ColumnId col : {tables::tasks["owner_unit_path"], tables::tasks["lead_unit_path"]}) {
    LT_ASSIGN(auto k, reroot_paths(tx, col, old_path, new_path));
    n += k;
  }
  // Who sees which task follows the moved units (their parent_id is set by
  // now): the tasks owned, led or co-operated by a unit of the subtree.
  const std::string new_upper = path_upper(new_path);
  LT_TRY(rebuild_scopes(
      tx,
      "(t.owner_unit_path >= $1 AND t.owner_unit_path < $2) OR (t.lead_unit_path >= $1 AND "
      "t.lead_unit_path < $2) OR EXISTS (SELECT 1 FROM task_cooperating_units cm JOIN units um ON "
      "um.id = cm.unit_id WHERE cm.task_id = t.id AND um.path >= $1 AND um.path < $2)",
      {new_path, new_upper}));
  return n;
}

}  // namespace lantian::store::tasks
