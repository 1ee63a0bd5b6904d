#include "store/units_repo.h"

#include "core/crypto.h"
#include "store/enterprises_repo.h"
#include "store/inspections_repo.h"
#include "store/json_columns.h"
#include "store/ledger_rows_repo.h"
#include "store/problems_repo.h"
#include "store/reports_repo.h"
#include "store/tables.h"
#include "store/tasks_repo.h"

namespace lantian::store::units {
namespace {

constexpr const Table& T = tables::units;
constexpr Extra kJoined[] = {{"parent_name", "p.name"}};
constexpr Selection kSel{T, "u", kJoined};
const std::string kSelect = "SELECT " + kSel.sql() + " FROM units u LEFT JOIN units p ON p.id = u.parent_id";

Unit from_row(Row& r) {
  constexpr const Selection& c = kSel;
  Unit u;
  u.id = r.i64(c["id"]);
  u.parent_id = r.opt_i64(c["parent_id"]);
  u.parent_name = r.take_str(c["parent_name"]);
  u.path = r.take_str(c["path"]);
  u.name = r.take_str(c["name"]);
  u.kind = r.take_str(c["kind"]);
  u.division_code = r.take_str(c["division_code"]);
  u.party_secretary = {r.take_str(c["party_secretary_name"]), r.take_str(c["party_secretary_phone"])};
  u.government_head = {r.take_str(c["government_head_name"]), r.take_str(c["government_head_phone"])};
  u.contacts = contacts_from_json(r.take_str(c["contacts"]));
  u.disabled = r.boolean(c["disabled"]);
  u.version = r.i64(c["version"]);
  u.created_at = r.take_str(c["created_at"]);
  u.updated_at = r.take_str(c["updated_at"]);
  return u;
}

// The columns an administrator edits: set alike by insert() and update().
void set_editable(Fields& f, const Unit& u) {
  f.set(T["parent_id"], opt(u.parent_id))
      .set(T["name"], u.name)
      .set(T["kind"], u.kind)
      .set(T["division_code"], null_if_empty(u.division_code))
      .set(T["party_secretary_name"], null_if_empty(u.party_secretary.name))
      .set(T["party_secretary_phone"], null_if_empty(u.party_secretary.phone))
      .set(T["government_head_name"], null_if_empty(u.government_head.name))
      .set(T["government_head_phone"], null_if_empty(u.government_head.phone))
      .set(T["contacts"], contacts_to_json(u.contacts));
}

std::string order_by(const Page& p) {
  std::string col = "u.name";
  if (p.sort == "kind")
    col = "u.kind";
  else if (p.sort == "division_code")
    col = "u.division_code";
  else if (p.sort == "id")
    col = "u.id";
  else if (p.sort == "path")
    col = "u.path";
  // NULLs last in both directions on both databases (their defaults differ).
  return " ORDER BY " + col + " IS NULL, " + col + (p.desc ? " DESC" : " ASC") + ", u.id ASC";
}

// Serialises changes to the shape of the tree (inserts and moves) across
// instances: paths are read and written in one transaction after this lock.
// On SQLite the single writer already does it; the row write is harmless.
Status lock_tree(Tx& tx) {
  LT_TRY(tx.exec("UPDATE tree_lock SET n = n + 1 WHERE id = 1", {}));
  return {};
}

void add_scope(Where& w, const std::string& scope_path) {
  if (!scope_path.empty()) w.add("u.path >= ? AND u.path < ?", {scope_path, path_upper(scope_path)});
}

}  // namespace

Result<std::optional<Unit>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE u.id = $1", {id}));
  if (!row) return std::optional<Unit>();
  return std::optional<Unit>(from_row(*row));
}

Result<std::optional<int64_t>> root_id(Tx& tx) {
  LT_ASSIGN(auto row, tx.query_one("SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1", {}));
  if (!row) return std::optional<int64_t>();
  return std::optional<int64_t>(row->i64(0));
}

Result<PageOf<Unit>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  add_scope(w, f.scope_path);
  if (f.parent_id) w.add("u.parent_id = ?", {*f.parent_id});
  if (!f.kind.empty()) w.add("u.kind = ?", {f.kind});
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    w.add("(lower(u.name) LIKE lower(?) ESCAPE '\\' OR u.division_code LIKE ? ESCAPE '\\')", {like, like});
  }
  if (!f.include_disabled) w.add("u.disabled = 0");
  PageOf<Unit> out;
  LT_ASSIGN(auto total, tx.query_one("SELECT COUNT(*) FROM units u" + w.sql(), w.params()));
  out.total = total ? total->i64(0) : 0;
  std::string sql = kSelect + w.sql() + order_by(page);
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<std::vector<Unit>> all(Tx& tx, const std::string& scope_path, bool include_disabled) {
  Where w;
  add_scope(w, scope_path);
  if (!include_disabled) w.add("u.disabled = 0");
  LT_ASSIGN(auto rows, tx.query(kSelect + w.sql() + " ORDER BY u.path", w.params()));
  std::vector<Unit> out;
  out.reserve(rows.size());
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

Result<Unit> insert(Tx& tx, Unit u, const std::string& now) {
  LT_TRY(lock_tree(tx));
  std::string parent_path = "/";
  if (u.parent_id) {
    LT_ASSIGN(auto parent, tx.query_one("SELECT path FROM units WHERE id = $1", {*u.parent_id}));
    if (!parent) return Error::field("parent_id", "no_such_unit", {});
    parent_path = parent->str(0);
  }
  // The path needs the new id; insert with a unique placeholder, then set it.
  Fields f(T);
  set_editable(f, u);
  f.set(T["path"], "pending:" + random_hex(8))
      .set(T["disabled"], int64_t(0))
      .set(T["version"], int64_t(1))
      .set(T["created_at"], now)
      .set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  u.id = row->i64(0);
  u.path = parent_path + std::to_string(u.id) + "/";
  LT_TRY(tx.exec("UPDATE units SET path = $1 WHERE id = $2", {u.path, u.id}));
  u.version = 1;
  u.disabled = false;
  u.created_at = u.updated_at = now;
  return u;
}

Result<bool> update(Tx& tx, const Unit& u, const std::string& now) {
  LT_ASSIGN(auto cur, tx.query_one("SELECT path, parent_id, version FROM units WHERE id = $1", {u.id}));
  if (!cur) return Error::make("not_found");
  if (cur->i64(2) != u.version) return false;
  std::string old_path = cur->str(0);
  std::string new_path = old_path;
  std::optional<int64_t> old_parent;
  if (!cur->is_null(1)) old_parent = cur->i64(1);
  if (old_parent != u.parent_id) {
    LT_TRY(lock_tree(tx));
    // Re-read under the lock: another instance may have moved it meanwhile.
    LT_ASSIGN(auto again, tx.query_one("SELECT path FROM units WHERE id = $1", {u.id}));
    old_path = new_path = again->str(0);
    std::string parent_path = "/";
    if (u.parent_id) {
      LT_ASSIGN(auto parent, tx.query_one("SELECT path FROM units WHERE id = $1", {*u.parent_id}));
      if (!parent) return Error::field("parent_id", "no_such_unit", {});
      parent_path = parent->str(0);
    }
    new_path = parent_path + std::to_string(u.id) + "/";
    if (new_path.rfind(old_path, 0) == 0) return Error::field("parent_id", "move_under_itself", {});
  }
  Fields f(T);
  set_editable(f, u);
  f.set(T["disabled"], int64_t(u.disabled)).set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {u.id, u.version});
  LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
  if (n == 0) return false;
  if (new_path != old_path) {
    // Re-root the whole subtree: replace the old prefix of every descendant.
    LT_TRY(tx.exec("UPDATE units SET path = $1 || substr(path, $2) WHERE path >= $3 AND path < $4",
                   {new_path, int64_t(old_path.size() + 1), old_path, path_upper(old_path)}));
    // Every other table that keeps a copy of a unit path for scope follows
    // in the same transaction, or the old parent would keep seeing the
    // moved subtree's records and the new one would not.
    LT_TRY(tasks::reroot_unit_paths(tx, old_path, new_path));
    LT_TRY(reports::reroot_unit_paths(tx, old_path, new_path));
    LT_TRY(problems::reroot_unit_paths(tx, old_path, new_path));
    LT_TRY(ledger_rows::reroot_unit_paths(tx, old_path, new_path));
    LT_TRY(enterprises::reroot_unit_paths(tx, old_path, new_path));
    LT_TRY(inspections::reroot_unit_paths(tx, old_path, new_path));
  }
  return true;
}

Result<int64_t> count(Tx& tx) {
  LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM units", {}));
  return r ? r->i64(0) : 0;
}

}  // namespace lantian::store::units
