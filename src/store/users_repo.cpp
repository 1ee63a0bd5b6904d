#include "store/users_repo.h"

#include "core/roles.h"

namespace lantian::store::users {
namespace {

// Lists never need the password hash: kList selects '' in its place so both
// share from_row() while a page of 50 does not drag 50 hashes along.
constexpr std::string_view kSelect =
    "SELECT u.id, u.username, u.name, u.phone, u.unit_id, n.name, n.path, u.position, u.roles, "
    "u.password_hash, u.must_change_password, u.disabled, u.failed_logins, u.locked_until, u.last_login_at, "
    "u.version, u.created_at, u.updated_at FROM users u JOIN units n ON n.id = u.unit_id";

constexpr std::string_view kList =
    "SELECT u.id, u.username, u.name, u.phone, u.unit_id, n.name, n.path, u.position, u.roles, "
    "'', u.must_change_password, u.disabled, u.failed_logins, u.locked_until, u.last_login_at, "
    "u.version, u.created_at, u.updated_at FROM users u JOIN units n ON n.id = u.unit_id";

User from_row(Row& r) {
  User u;
  u.id = r.i64(0);
  u.username = r.take_str(1);
  u.name = r.take_str(2);
  u.phone = r.take_str(3);
  u.unit_id = r.i64(4);
  u.unit_name = r.take_str(5);
  u.unit_path = r.take_str(6);
  u.position = r.take_str(7);
  u.roles = split_roles(r.take_str(8));
  u.password_hash = r.take_str(9);
  u.must_change_password = r.boolean(10);
  u.disabled = r.boolean(11);
  u.failed_logins = r.i64(12);
  u.locked_until = r.take_str(13);
  u.last_login_at = r.take_str(14);
  u.version = r.i64(15);
  u.created_at = r.take_str(16);
  u.updated_at = r.take_str(17);
  return u;
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
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE u.id = $1", {id}));
  if (!row) return std::optional<User>();
  return std::optional<User>(from_row(*row));
}

Result<std::optional<User>> get_by_username(Tx& tx, const std::string& username) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE u.username = $1", {username}));
  if (!row) return std::optional<User>();
  return std::optional<User>(from_row(*row));
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
  LT_ASSIGN(
      auto total,
      tx.query_one("SELECT COUNT(*) FROM users u JOIN units n ON n.id = u.unit_id" + w.sql(), w.params()));
  out.total = total ? total->i64(0) : 0;
  std::string sql = std::string(kList) + w.sql() + order_by(page);
  sql += " LIMIT " + w.bind(page.per_page) + " OFFSET " + w.bind(page.offset());
  LT_ASSIGN(auto rows, tx.query(sql, w.params()));
  for (auto& r : rows.rows) out.items.push_back(from_row(r));
  return out;
}

Result<User> insert(Tx& tx, User u, const std::string& now) {
  LT_ASSIGN(auto row,
            tx.query_one("INSERT INTO users (username, name, phone, unit_id, position, roles, password_hash, "
                         "must_change_password, disabled, failed_logins, version, created_at, updated_at) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 1, $9, $9) RETURNING id",
                         {u.username, u.name, null_if_empty(u.phone), u.unit_id, null_if_empty(u.position),
                          join_roles(u.roles), u.password_hash, int64_t(u.must_change_password), now}));
  u.id = row->i64(0);
  u.version = 1;
  u.created_at = u.updated_at = now;
  return u;
}

Result<bool> update(Tx& tx, const User& u, const std::string& now) {
  LT_ASSIGN(
      auto n,
      tx.exec("UPDATE users SET name = $1, phone = $2, unit_id = $3, position = $4, roles = $5, "
              "disabled = $6, must_change_password = $7, version = version + 1, updated_at = $8 "
              "WHERE id = $9 AND version = $10",
              {u.name, null_if_empty(u.phone), u.unit_id, null_if_empty(u.position), join_roles(u.roles),
               int64_t(u.disabled), int64_t(u.must_change_password), now, u.id, u.version}));
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
