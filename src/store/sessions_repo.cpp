#include "store/sessions_repo.h"

#include "store/tables.h"
#include "store/users_repo.h"

namespace lantian::store::sessions {
namespace {

constexpr const Table& S = tables::sessions;
// Never the token's hash: it is only ever looked up.
constexpr std::string_view kColumns[] = {"id",         "user_id",        "kind",       "name",
                                         "csrf_token", "client_address", "created_at", "last_seen_at",
                                         "expires_at", "revoked"};
constexpr Selection kSel{S, "", kColumns};
const std::string kSelect = "SELECT " + kSel.sql() + " FROM sessions";
// The same columns, qualified, then the user's (find_with_user).
constexpr Selection kSelS{S, "s", kColumns};
static_assert(kSelS["revoked"] == kSel["revoked"] && kSelS.size() == kSel.size());
const std::string kWithUser = "SELECT " + kSelS.sql() + ", " + users::detail::select_columns() +
                              " FROM sessions s JOIN users u ON u.id = s.user_id" +
                              std::string(users::detail::kUnitJoin) + " WHERE s.token_hash = $1";

Session from_row(Row& r) {
  constexpr const Selection& c = kSel;
  Session s;
  s.id = r.i64(c["id"]);
  s.user_id = r.i64(c["user_id"]);
  s.kind = r.take_str(c["kind"]);
  s.name = r.take_str(c["name"]);
  s.csrf_token = r.take_str(c["csrf_token"]);
  s.client_address = r.take_str(c["client_address"]);
  s.created_at = r.take_str(c["created_at"]);
  s.last_seen_at = r.take_str(c["last_seen_at"]);
  s.expires_at = r.take_str(c["expires_at"]);
  s.revoked = r.boolean(c["revoked"]);
  return s;
}

}  // namespace

Result<Session> insert(Tx& tx, Session s, const std::string& token_hash) {
  Statement st = Fields(S)
                     .set(S["token_hash"], token_hash)
                     .set(S["user_id"], s.user_id)
                     .set(S["kind"], s.kind)
                     .set(S["name"], null_if_empty(s.name))
                     .set(S["csrf_token"], s.csrf_token)
                     .set(S["client_address"], null_if_empty(s.client_address))
                     .set(S["created_at"], s.created_at)
                     .set(S["last_seen_at"], s.created_at)
                     .set(S["expires_at"], s.expires_at)
                     .set(S["revoked"], int64_t(0))
                     .insert(" RETURNING id");
  LT_ASSIGN(auto row, tx.query_one(st.sql, st.params));
  s.id = row->i64(0);
  s.last_seen_at = s.created_at;
  return s;
}

Result<std::optional<Session>> find(Tx& tx, const std::string& token_hash) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE token_hash = $1", {token_hash}));
  if (!row) return std::optional<Session>();
  return std::optional<Session>(from_row(*row));
}

Result<std::optional<SessionUser>> find_with_user(Tx& tx, const std::string& token_hash) {
  LT_ASSIGN(auto row, tx.query_one(kWithUser, {token_hash}));
  if (!row) return std::optional<SessionUser>();
  Row user = row->split(kSel.size());
  return std::optional<SessionUser>(SessionUser{from_row(*row), users::detail::from_row(user)});
}

Result<std::optional<Session>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(kSelect + " WHERE id = $1", {id}));
  if (!row) return std::optional<Session>();
  return std::optional<Session>(from_row(*row));
}

Status touch(Tx& tx, int64_t id, const std::string& now) {
  LT_TRY(tx.exec("UPDATE sessions SET last_seen_at = $1 WHERE id = $2", {now, id}));
  return {};
}

Status revoke(Tx& tx, int64_t id) {
  LT_TRY(tx.exec("UPDATE sessions SET revoked = 1 WHERE id = $1", {id}));
  return {};
}

Status revoke_all_for_user(Tx& tx, int64_t user_id, const std::string& except_kind) {
  LT_TRY(
      tx.exec("UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND kind <> $2", {user_id, except_kind}));
  return {};
}

Status revoke_all_except(Tx& tx, int64_t user_id, int64_t keep_id) {
  LT_TRY(tx.exec("UPDATE sessions SET revoked = 1 WHERE user_id = $1 AND id <> $2", {user_id, keep_id}));
  return {};
}

Result<int64_t> purge(Tx& tx, const std::string& cutoff) {
  return tx.exec("DELETE FROM sessions WHERE expires_at < $1 OR (revoked = 1 AND last_seen_at < $1)",
                 {cutoff});
}

Result<std::vector<Session>> list_tokens(Tx& tx, int64_t user_id) {
  LT_ASSIGN(
      auto rows,
      tx.query(kSelect + " WHERE user_id = $1 AND kind = 'api' AND revoked = 0 ORDER BY id DESC", {user_id}));
  std::vector<Session> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

}  // namespace lantian::store::sessions
