#include "store/users_repo.h"

#include "core/roles.h"
#include "store/list_cache.h"
#include "store/tables.h"

namespace lantian::store::users {
namespace {

constexpr const Table& T = tables::users;
constexpr Extra kJoined[] = {{"unit_name", "n.name"}, {"unit_path", "n.path"}};
constexpr Selection kSel{T, "u", kJoined};
// Lists never need the password hash: kListSel selects '' in its place, so
// both share from_row() while a page of 50 does not drag 50 hashes along.
constexpr Extra kListJoined[] = {{"unit_name", "n.name"}, {"unit_path", "n.path"}, {"password_hash", "''"}};
constexpr Selection kListSel{T, "u", kListJoined};
static_assert(kSel["unit_path"] == kListSel["unit_path"] && kSel.size() == kListSel.size());

constexpr std::string_view kFrom = " FROM users u JOIN units n ON n.id = u.unit_id";
}  // namespace

namespace detail {
std::string select_columns() { return std::string(kSel.sql()); }
const std::string_view kUnitJoin = " JOIN units n ON n.id = u.unit_id";
}  // namespace detail

namespace {
const std::string kSelect = "SELECT " + kSel.sql() + std::string(kFrom);
const std::string kList = "SELECT " + kListSel.sql() + std::string(kFrom);

}  // namespace

User detail::from_row(Row& r) {
  constexpr const Selection& c = kSel;
  User u;
  u.id = r.i64(c["id"]);
  u.username = r.take_str(c["username"]);
  u.name = r.take_str(c["name"]);
  u.phone = r.take_str(c["phone"]);
  u.unit_id = r.i64(c["unit_id"]);
  u.unit_name = r.take_str(c["unit_name"]);
  u.unit_path = r.take_str(c["unit_path"]);
  u.position = r.take_str(c["position"]);
  u.roles = split_roles(r.take_str(c["roles"]));
  u.password_hash = r.take_str(c["password_hash"]);
  u.must_change_password = r.boolean(c["must_change_password"]);
  u.disabled = r.boolean(c["disabled"]);
  u.failed_logins = r.i64(c["failed_logins"]);
  u.locked_until = r.take_str(c["locked_until"]);
  u.last_login_at = r.take_str(c["last_login_at"]);
  u.version = r.i64(c["version"]);
  u.created_at = r.take_str(c["created_at"]);
  u.updated_at = r.take_str(c["updated_at"]);
  return u;
}

namespace {

// The columns an administrator edits: set alike by insert() and update().
void set_editable(Fields& f, const User& u) {
  f.set(T["name"], u.name)
      .set(T["phone"], null_if_empty(u.phone))
      .set(T["unit_id"], u.unit_id)
      .set(T["position"], null_if_empty(u.position))
      .set(T["roles"], join_roles(u.roles))
      .set(T["must_change_password"], int64_t(u.must_change_password));
}

std::string order_by(const Page& p) {
  std::string col = "u.username";
  if (p.sort == "name")
    col = "u.name";
  else if (p.sort == "unit")
    col = "n.name";
  else if (p.sort == "id")
    col = "u.id";
  else if (p.sort == "created_at")
    col = "u.created_at";
  return " ORDER BY " + col + (p.desc ? " DESC" : " ASC") + ", u.id ASC";
}

}  // namespace

Result<std::optional<User>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE u.id = $1", {id}));
  if (!row) return std::optional<User>();
  return std::optional<User>(detail::from_row(*row));
}

Result<std::optional<User>> get_by_username(Tx& tx, const std::string& username) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE u.username = $1", {username}));
  if (!row) return std::optional<User>();
  return std::optional<User>(detail::from_row(*row));
}

Result<PageOf<User>> list(Tx& tx, const Filter& f, const Page& page) {
  Where w;
  if (!f.scope_path.empty()) w.add("n.path >= ? AND n.path < ?", {f.scope_path, path_upper(f.scope_path)});
  if (f.unit_id) {
    if (f.subtree)
      w.add(
          "n.path >= (SELECT path FROM units WHERE id = ?) AND n.path < (SELECT path FROM units WHERE id = "
          "?) || "
          "'~'",
          {*f.unit_id, *f.unit_id});
    else
      w.add("u.unit_id = ?", {*f.unit_id});
  }
  if (!f.q.empty()) {
    std::string like = like_contains(f.q);
    // lower() on both sides: SQLite's LIKE ignores ASCII case, PostgreSQL's does not.
    w.add(
        "(lower(u.username) LIKE lower(?) ESCAPE '\\' OR lower(u.name) LIKE lower(?) ESCAPE '\\' OR "
        "u.phone LIKE ? ESCAPE '\\')",
        {like, like, like});
  }
  if (!f.role.empty())
    w.add("(',' || u.roles || ',') LIKE ? ESCAPE '\\'", {like_contains("," + f.role + ",")});
  if (!f.include_disabled) w.add("u.disabled = 0");
  PageOf<User> out;
  // The total from the count cache while no user or unit path changed: a
  // district-wide list does not recount ~10,000 users per page (list_cache.h).
  LT_ASSIGN(out.total,
            cached_count(tx, "users", "SELECT COUNT(*)" + std::string(kFrom) + w.sql(), w.params()));
  std::string sql = kList + w.sql() + order_by(page);
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(detail::from_row(r));
  return out;
}

Result<std::vector<int64_t>> ids_with_role(Tx& tx, int64_t unit_id, std::string_view role) {
  LT_ASSIGN(auto rows, tx.query("SELECT id FROM users WHERE unit_id = $1 AND disabled = 0 AND "
                                "(',' || roles || ',') LIKE $2 ESCAPE '\\' ORDER BY id",
                                {unit_id, like_contains("," + std::string(role) + ",")}));
  std::vector<int64_t> out;
  out.reserve(rows.rows.size());
  for (auto& r : rows.rows) out.push_back(r.i64(0));
  return out;
}

Result<User> insert(Tx& tx, User u, const std::string& now) {
  Fields f(T);
  set_editable(f, u);
  f.set(T["username"], u.username)
      .set(T["password_hash"], u.password_hash)
      .set(T["disabled"], int64_t(0))
      .set(T["failed_logins"], int64_t(0))
      .set(T["version"], int64_t(1))
      .set(T["created_at"], now)
      .set(T["updated_at"], now);
  Statement st = f.insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  u.id = row->i64(0);
  u.version = 1;
  u.created_at = u.updated_at = now;
  return u;
}

Result<bool> update(Tx& tx, const User& u, const std::string& now) {
  Fields f(T);
  set_editable(f, u);
  f.set(T["disabled"], int64_t(u.disabled)).set_sql(T["version"], "version + 1").set(T["updated_at"], now);
  Statement st = f.update("id = $1 AND version = $2", {u.id, u.version});
  LT_ASSIGN(auto n, tx.exec(st.sql, st.params));
  return n > 0;
}

Status record_login_failure(Tx& tx, int64_t id, int64_t failed, const std::string& locked_until) {
  LT_TRY(tx.exec("UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3",
                 {failed, null_if_empty(locked_until), id}));
  return {};
}

Status record_login_success(Tx& tx, int64_t id, const std::string& now) {
  LT_TRY(tx.exec("UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = $1 WHERE id = $2",
                 {now, id}));
  return {};
}

Status set_password(Tx& tx, int64_t id, const std::string& hash, bool must_change, const std::string& now) {
  LT_TRY(
      tx.exec("UPDATE users SET password_hash = $1, must_change_password = $2, failed_logins = 0, "
              "locked_until = NULL, version = version + 1, updated_at = $3 WHERE id = $4",
              {hash, int64_t(must_change), now, id}));
  return {};
}

Result<int64_t> count(Tx& tx) {
  LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM users", {}));
  return r ? r->i64(0) : 0;
}

}  // namespace lantian::store::users
