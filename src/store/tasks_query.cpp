// The read side of the tasks repository (tasks_repo.h): lists with their
// filters, scope, sort keys and keyset cursors, totals from the count cache,
// and the counts per owner and per work area. One task's reads and every
// write are in tasks_repo.cpp.
#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "core/workflows.h"
#include "store/list_cache.h"
#include "store/tables.h"
#include "store/tasks_internal.h"
#include "store/tasks_repo.h"
#include "store/workflow_sql.h"

namespace lantian::store::tasks {
namespace {
using namespace detail;

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
  w.add_in("t.status", f.statuses);
  if (f.overdue) w.add("t.status IN " + task_open_sql() + " AND t.deadline < ?", {f.today});
  if (!f.deadline_before.empty()) w.add("t.deadline <= ?", {f.deadline_before});
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    w.add("(lower(t.title) LIKE lower(?) ESCAPE '\\' OR t.code LIKE ? ESCAPE '\\')", {like, like});
  }
  return w;
}

// What a cached page holds, roughly: the tasks and their longer texts.
size_t page_bytes(const PageOf<Task>& p) {
  size_t n = sizeof(p) + p.next_cursor.size();
  for (const Task& t : p.items)
    n += sizeof(Task) + 256 + t.title.size() + t.description.size() + t.status_note.size() + t.path.size();
  return n;
}

}  // namespace

Result<PageOf<Task>> list(Tx& tx, const Filter& f, const Page& page) {
  std::optional<Cursor> cursor;
  if (!page.after.empty()) {
    LT_ASSIGN(auto c, decode_cursor(page));
    cursor = std::move(c);
  }
  const bool by_scope = drives_by_scope(f, page);
  PageOf<Task> out;
  out.total = -1;
  // Both generations in one read: the total's and the page's (list_cache.h).
  LT_ASSIGN(auto gens, read_generations(tx, {"tasks", "task_rows"}));
  if (page.with_total) {
    // The total, from the count cache while no task changed (list_cache.h).
    Where c = build(f, !by_scope);
    std::string from = " FROM tasks t";
    if (by_scope) {
      from = c.sql().empty() ? " FROM task_scopes s" : " FROM task_scopes s JOIN tasks t ON t.id = s.task_id";
      c.add("s.unit_id = ?", {scope_unit_id(f.scope_path)});
    }
    LT_ASSIGN(out.total, cached_count(tx, gens, "tasks", "SELECT COUNT(*)" + from + c.sql(), c.params()));
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
  // The page itself, from the page cache while none of its rows changed
  // ("task_rows", migration 0012): a page read again costs one row read.
  LT_ASSIGN(auto cached, cached_result<PageOf<Task>>(
                             gens, "task_rows", sql, w.params(),
                             [&]() -> Result<PageOf<Task>> {
                               PageOf<Task> p;
                               LT_ASSIGN(auto rows, tx.query(sql, w.params()));
                               p.items.reserve(rows.size());
                               for (auto& r : rows.rows) p.items.push_back(from_row(r));
                               if (!p.items.empty() && int64_t(p.items.size()) == page.per_page)
                                 p.next_cursor = encode_cursor(page, p.items.back());
                               return p;
                             },
                             &page_bytes));
  out.items = cached->items;
  out.next_cursor = cached->next_cursor;
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

}  // namespace lantian::store::tasks
