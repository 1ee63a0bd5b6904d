#include "store/tasks_repo.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/crypto.h"
#include "core/workflows.h"
#include "store/count_cache.h"
#include "store/tables.h"
#include "store/workflow_sql.h"

namespace lantian::store::tasks {
namespace {

constexpr const Table& T = tables::tasks;

// The task's own columns, then the names of its area and units and how many
// of its children are still open.
constexpr Extra kJoined[] = {
    {"work_area_name", "a.name"},
    {"owner_unit_name", "o.name"},
    {"lead_unit_name", "l.name"},
    {"open_child_count",
     "(SELECT COUNT(*) FROM tasks c WHERE c.parent_id = t.id AND c.status NOT IN {done})"},
};
constexpr Selection kSel{T, "t", kJoined};
constexpr std::string_view kJoins =
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
  return t;
}

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

// The sort column of a page (a whitelist: input never reaches SQL) and how
// its value travels in a cursor.
struct SortKey {
  std::string_view name;    // Page::sort
  std::string_view column;  // of tasks t
  char type;                // 's' text, 'r' real, 'i' integer
};
constexpr SortKey kSortKeys[] = {
    {"deadline", "t.deadline", 's'},     {"title", "t.title", 's'}, {"status", "t.status", 's'},
    {"progress", "t.progress", 'r'},     {"id", "t.id", 'i'},       {"path", "t.path", 's'},
    {"updated_at", "t.updated_at", 's'},
};
const SortKey& sort_key(const Page& p) {
  for (const auto& k : kSortKeys)
    if (k.name == p.sort) return k;
  return kSortKeys[0];
}

// The sort value of a task, as text (the cursor's payload).
std::string sort_value(const Task& t, const SortKey& k) {
  if (k.name == "title") return t.title;
  if (k.name == "status") return t.status;
  if (k.name == "progress") {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", t.progress);
    return buf;
  }
  if (k.name == "id") return std::to_string(t.id);
  if (k.name == "path") return t.path;
  if (k.name == "updated_at") return t.updated_at;
  return t.deadline;
}

// A cursor: hex of "sort\x1f(a|d)\x1fvalue\x1fid". Opaque to clients; it
// names its sort so a cursor of another order is refused, not misread.
std::string encode_cursor(const Page& p, const Task& last) {
  const SortKey& k = sort_key(p);
  std::string raw = std::string(k.name) + '\x1f' + (p.desc ? 'd' : 'a') + '\x1f' + sort_value(last, k) +
                    '\x1f' + std::to_string(last.id);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(raw.size() * 2);
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

struct Cursor {
  Value value;
  int64_t id = 0;
};
Result<Cursor> decode_cursor(const Page& p) {
  auto bad = [&] { return Error::make("query_unknown_value", {{"name", "after"}, {"value", p.after}}); };
  if (p.after.size() % 2 || p.after.size() > 4096) return bad();
  std::string raw;
  for (size_t i = 0; i < p.after.size(); i += 2) {
    auto nib = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    int hi = nib(p.after[i]), lo = nib(p.after[i + 1]);
    if (hi < 0 || lo < 0) return bad();
    raw += char(hi * 16 + lo);
  }
  size_t a = raw.find('\x1f'), b = raw.find('\x1f', a + 1), c = raw.rfind('\x1f');
  if (a == std::string::npos || b == std::string::npos || c <= b) return bad();
  const SortKey& k = sort_key(p);
  if (raw.substr(0, a) != k.name || raw.substr(a + 1, b - a - 1) != (p.desc ? "d" : "a")) return bad();
  std::string value = raw.substr(b + 1, c - b - 1), id = raw.substr(c + 1);
  Cursor out;
  char* end = nullptr;
  out.id = std::strtoll(id.c_str(), &end, 10);
  if (id.empty() || *end) return bad();
  if (k.type == 'i') {
    int64_t v = std::strtoll(value.c_str(), &end, 10);
    if (value.empty() || *end) return bad();
    out.value = v;
  } else if (k.type == 'r') {
    double v = std::strtod(value.c_str(), &end);
    if (value.empty() || *end) return bad();
    out.value = v;
  } else {
    out.value = std::move(value);
  }
  return out;
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

// The unit whose subtree a scope path names: "/1/5/" -> 5.
int64_t scope_unit_id(const std::string& scope_path) {
  size_t e = scope_path.size() - 1, b = scope_path.rfind('/', e - 1);
  return std::strtoll(scope_path.c_str() + b + 1, nullptr, 10);
}

// The task ids of a page walk task_scopes (the reader's unit, in deadline
// order) when nothing narrower drives the query: an index on a selective
// filter (owner unit, responsible user, parent, subtree) beats the scope's
// rows, and other orders than deadline ascending cannot use them.
bool drives_by_scope(const Filter& f, const Page& p) {
  return !f.scope_path.empty() && sort_key(p).name == "deadline" && !p.desc && !f.owner_unit_id &&
         !f.responsible_user_id && !f.parent_id && f.under_path.empty() && !f.nothing && !f.top_visible &&
         !f.roots_only && f.owner_subtree_path.empty() && f.lead_subtree_path.empty();
}

Where build(const Filter& f, bool with_scope = true) {
  Where w;
  if (!f.scope_path.empty() && with_scope) w.add(visible_sql("t"), visible_params(f.scope_path));
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

Result<PageOf<Task>> list(Tx& tx, const Filter& f, const Page& page) {
  std::optional<Cursor> cursor;
  if (!page.after.empty()) {
    LT_ASSIGN(auto c, decode_cursor(page));
    cursor = std::move(c);
  }
  const bool by_scope = drives_by_scope(f, page);
  PageOf<Task> out;
  out.total = -1;
  if (page.with_total) {
    // The total, from the count cache while no task changed (count_cache.h).
    Where c = build(f, !by_scope);
    std::string from = " FROM tasks t";
    if (by_scope) {
      from = c.sql().empty() ? " FROM task_scopes s" : " FROM task_scopes s JOIN tasks t ON t.id = s.task_id";
      c.add("s.unit_id = ?", {scope_unit_id(f.scope_path)});
    }
    LT_ASSIGN(out.total, cached_count(tx, "tasks", "SELECT COUNT(*)" + from + c.sql(), c.params()));
    if (out.total == 0) return out;
  }
  // The page's ids first, sorted by the key alone (no joined columns), then
  // those rows in full: sorting or walking costs follow the page, not the
  // scope. The sort key comes back as p.k for the outer order.
  const SortKey& k = sort_key(page);
  const char* dir = page.desc ? " DESC" : " ASC";
  std::string ids;
  Where w = build(f, !by_scope);
  // With the scope rows driving and no other filter, tasks is not read at all.
  const bool scope_only = by_scope && w.sql().empty();
  std::string key = std::string(k.column), id = "t.id";
  if (by_scope) {
    key = "s.deadline";
    id = "s.task_id";
    w.add("s.unit_id = ?", {scope_unit_id(f.scope_path)});
  }
  if (cursor) {
    std::string cmp = page.desc ? " < " : " > ";
    w.add("(" + key + cmp + "? OR (" + key + " = ? AND " + id + " > ?))",
          {cursor->value, cursor->value, cursor->id});
  }
  if (by_scope) {
    ids = "SELECT s.task_id AS id, s.deadline AS k FROM task_scopes s" +
          std::string(scope_only ? "" : " JOIN tasks t ON t.id = s.task_id");
  } else {
    ids = "SELECT t.id AS id, " + key + " AS k FROM tasks t";
  }
  ids += w.sql() + " ORDER BY " + key + dir + ", " + id + " ASC";
  ids += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  std::string sql = select_columns() + " FROM (" + ids + ") p JOIN tasks t ON t.id = p.id" +
                    std::string(kJoins) + " ORDER BY p.k" + dir + ", p.id ASC";
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  out.items.reserve(rows.size());
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  if (!out.items.empty() && int64_t(out.items.size()) == page.per_page)
    out.next_cursor = encode_cursor(page, out.items.back());
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
