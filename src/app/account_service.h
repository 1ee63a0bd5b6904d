// Accounts: users (list/get/create/update/disable/reset password) and
// authentication (login with lockout, sessions with idle and absolute expiry,
// API tokens, password change). All changes are audited in the same
// transaction. Sessions, tokens and lockout counters live in the database,
// so any instance can serve any request.
//
// Errors: unauthorized (bad credentials, expired session), locked (too many
// failures), forbidden (missing permission, or assigning a role above one's
// own), not_found (outside scope), invalid (field errors), conflict (stale
// version, duplicate username).
// Thread-safety: thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/clock.h"
#include "core/model.h"
#include "store/db.h"
#include "store/paging.h"
#include "store/users_repo.h"

namespace lantian::app {

// Login throttling (docs/security.md): failures are counted per (account,
// address), per address and per account, each within a window of `lockout`.
//  - max_failed_logins failures of one account from one address lock that
//    account for that address only (423 account_locked);
//  - max_failed_logins_per_address failures from one address, whatever the
//    accounts, lock the address out of every login (423 address_locked);
//  - max_failed_logins_per_account failures of one account, from anywhere,
//    lock the account everywhere (423 account_locked). Since one address
//    gives at most max_failed_logins of them, that takes many addresses.
// IPv6 addresses count by their /64 prefix.
struct AuthConfig {
  std::chrono::minutes idle_timeout{30};
  std::chrono::minutes session_lifetime{12 * 60};
  int max_failed_logins = 5;
  int max_failed_logins_per_address = 100;
  int max_failed_logins_per_account = 50;
  std::chrono::minutes lockout{15};
  std::chrono::hours default_token_lifetime{24 * 90};
  bool fast_password_hash = false;  // tests and bulk demo data only
};

// API tokens live at most this long (expires_in_days is 1..kMaxTokenDays).
inline constexpr int kMaxTokenDays = 365;

// The key login throttling counts an address by: IPv4 as it is, IPv6 by its
// /64 prefix ("2001:db8:1:2::/64"; one host usually holds a whole /64),
// IPv4-mapped IPv6 as the IPv4 address. Anything else unchanged.
std::string throttle_address(const std::string& client);

struct UserInput {
  std::optional<std::string> username;
  std::optional<std::string> name;
  std::optional<std::string> phone;
  std::optional<int64_t> unit_id;
  std::optional<std::string> position;
  std::optional<std::vector<std::string>> roles;
  std::optional<std::string> password;  // create only; generated when absent
  int64_t version = 0;
};

struct CreatedUser {
  User user;
  std::string initial_password;  // set when generated
};

struct LoginResult {
  std::string token;
  Session session;
  User user;
};

// The result of authenticating a request's token.
struct Authenticated {
  Actor actor;
  User user;
  Session session;
};

class AccountService {
 public:
  AccountService(store::Database& db, const Clock& clock, AuthConfig config)
      : db_(db), clock_(clock), config_(config) {}
  const AuthConfig& config() const { return config_; }

  // --- users ---
  Result<store::PageOf<User>> list(const Actor& a, store::users::Filter f, const store::Page& page);
  Result<User> get(const Actor& a, int64_t id);
  Result<CreatedUser> create(const Actor& a, const UserInput& in);
  Result<User> update(const Actor& a, int64_t id, const UserInput& in);
  Result<User> set_disabled(const Actor& a, int64_t id, int64_t version, bool disabled);
  // Sets a generated (or given) password the user must change at next login;
  // revokes all the user's sessions and API tokens.
  Result<std::string> reset_password(const Actor& a, int64_t id, std::optional<std::string> password = {});

  // --- authentication ---
  // Checks the throttles (see AuthConfig) before the password; a failure
  // counts against the (account, address), the address and the account.
  Result<LoginResult> login(const std::string& username, const std::string& password,
                            const std::string& client);
  Result<Authenticated> authenticate(const std::string& token, const std::string& client);
  Status logout(const Actor& a);
  // Revokes every other session and every API token of the user: whoever
  // held the old password may have made them. The current session stays.
  Status change_password(const Actor& a, const std::string& current, const std::string& next);
  // days: 1..kMaxTokenDays (field error out_of_range otherwise); default
  // AuthConfig::default_token_lifetime, never more than kMaxTokenDays.
  Result<std::pair<Session, std::string>> create_token(const Actor& a, const std::string& name,
                                                       std::optional<int> days);
  Result<std::vector<Session>> list_tokens(const Actor& a);
  Status revoke_token(const Actor& a, int64_t id);

 private:
  Status check_roles_assignable(const Actor& a, const std::vector<std::string>& roles);
  Result<std::string> hash(const std::string& password) const;

  store::Database& db_;
  const Clock& clock_;
  AuthConfig config_;
};

// The Actor for a user (roles -> grant, unit scope).
Actor actor_for(const User& u, int64_t session_id, const std::string& client);

}  // namespace lantian::app
