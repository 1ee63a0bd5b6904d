// All SQL for the sessions table (browser sessions and API tokens). Tokens
// are looked up by their SHA-256; the plain token is never stored.
//
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/model.h"
#include "store/db.h"

namespace lantian::store::sessions {

Result<Session> insert(Tx& tx, Session s, const std::string& token_hash);
// A live-or-not session by token hash (the caller checks expiry/revocation).
Result<std::optional<Session>> find(Tx& tx, const std::string& token_hash);
Result<std::optional<Session>> get(Tx& tx, int64_t id);
// find() and its user (with the user's unit), in one statement: what every
// authenticated request reads. nullopt when no session has that hash.
struct SessionUser {
  Session session;
  User user;
};
Result<std::optional<SessionUser>> find_with_user(Tx& tx, const std::string& token_hash);
Status touch(Tx& tx, int64_t id, const std::string& now);
Status revoke(Tx& tx, int64_t id);
// Revokes every session and token of a user (password change, disable).
Status revoke_all_for_user(Tx& tx, int64_t user_id, const std::string& except_kind = "");
// Revokes every session and token of a user but one (a password change
// keeps the session that made it).
Status revoke_all_except(Tx& tx, int64_t user_id, int64_t keep_id);
// Deletes sessions and tokens that expired, or were revoked and last used,
// before cutoff (RFC 3339 UTC); returns how many.
Result<int64_t> purge(Tx& tx, const std::string& cutoff);
// The user's API tokens (not browser sessions), newest first.
Result<std::vector<Session>> list_tokens(Tx& tx, int64_t user_id);

}  // namespace lantian::store::sessions
