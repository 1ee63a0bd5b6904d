#include "store/sessions_repo.h"

namespace lantian::store::sessions {
namespace {

constexpr std::string_view kSelect =
    "SELECT id, user_id, kind, name, csrf_token, client_address, created_at, last_seen_at, expires_at, "
    "revoked "
    "FROM sessions";

Session from_row(Row& r) {
  Session s;
  s.id = r.i64(0);
  s.user_id = r.i64(1);
  s.kind = r.take_str(2);
  s.name = r.take_str(3);
  s.csrf_token = r.take_str(4);
  s.client_address = r.take_str(5);
  s.created_at = r.take_str(6);
  s.last_seen_at = r.take_str(7);
  s.expires_at = r.take_str(8);
  s.revoked = r.boolean(9);
  return s;
}

}  // namespace

Result<Session> insert(Tx& tx, Session s, const std::string& token_hash) {
  LT_ASSIGN(auto row, tx.query_one("INSERT INTO sessions (token_hash, user_id, kind, name, csrf_token, "
                                   "client_address, created_at, last_seen_at, expires_at, revoked) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, 0) RETURNING id",
                                   {token_hash, s.user_id, s.kind, null_if_empty(s.name), s.csrf_token,
                                    null_if_empty(s.client_address), s.created_at, s.expires_at}));
  s.id = row->i64(0);
  s.last_seen_at = s.created_at;
  return s;
}

Result<std::optional<Session>> find(Tx& tx, const std::string& token_hash) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE token_hash = $1", {token_hash}));
  if (!row) return std::optional<Session>();
  return std::optional<Session>(from_row(*row));
}

Result<std::optional<Session>> get(Tx& tx, int64_t id) {
  LT_ASSIGN(auto row, tx.query_one(std::string(kSelect) + " WHERE id = $1", {id}));
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
  LT_ASSIGN(auto rows, tx.query(std::string(kSelect) +
                                    " WHERE user_id = $1 AND kind = 'api' AND revoked = 0 ORDER BY id DESC",
                                {user_id}));
  std::vector<Session> out;
  for (auto& r : rows.rows) out.push_back(from_row(r));
  return out;
}

}  // namespace lantian::store::sessions
