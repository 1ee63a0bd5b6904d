#include "app/account_service.h"

#include <arpa/inet.h>

#include <cctype>
#include <cstdio>
#include <set>

#include "app/audit.h"
#include "app/views.h"
#include "core/crypto.h"
#include "core/password_policy.h"
#include "core/text.h"
#include "store/login_throttle_repo.h"
#include "store/sessions_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

namespace json = boost::json;

Actor actor_for(const User& u, int64_t session_id, const std::string& client) {
  Actor a;
  a.user_id = u.id;
  a.username = u.username;
  a.name = u.name;
  a.roles = u.roles;
  a.grant = grant_for(u.roles);
  a.unit_id = u.unit_id;
  a.unit_path = u.unit_path;
  a.session_id = session_id;
  a.client_address = client;
  return a;
}

std::string throttle_address(const std::string& client) {
  if (client.find(':') == std::string::npos) return client;
  unsigned char b[16];
  if (inet_pton(AF_INET6, client.c_str(), b) != 1) return client;
  static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::equal(mapped, mapped + 12, b)) {
    char v4[INET_ADDRSTRLEN];
    if (inet_ntop(AF_INET, b + 12, v4, sizeof v4)) return v4;
  }
  char out[48];
  std::snprintf(out, sizeof out, "%x:%x:%x:%x::/64", (b[0] << 8) | b[1], (b[2] << 8) | b[3],
                (b[4] << 8) | b[5], (b[6] << 8) | b[7]);
  return out;
}

namespace {

Status validate_profile(const User& u, std::vector<FieldError>& errs) {
  if (auto m = check_text(u.name, 40, true)) errs.push_back({"name", *m});
  if (!u.phone.empty() && !valid_phone(u.phone)) errs.push_back({"phone", issue("bad_phone")});
  if (auto m = check_text(u.position, 40, false)) errs.push_back({"position", *m});
  if (u.roles.empty()) errs.push_back({"roles", issue("roles_required")});
  std::set<std::string> seen;
  for (const auto& r : u.roles) {
    if (!find_role(r)) errs.push_back({"roles", issue("unknown_role", {{"role", r}})});
    if (!seen.insert(r).second) errs.push_back({"roles", issue("duplicate_entry", {{"value", r}})});
  }
  return {};
}

void apply(User& u, const UserInput& in) {
  if (in.name) u.name = trim(*in.name);
  if (in.phone) u.phone = trim(*in.phone);
  if (in.unit_id) u.unit_id = *in.unit_id;
  if (in.position) u.position = trim(*in.position);
  if (in.roles) u.roles = *in.roles;
}

// Reads the user and checks it is inside the actor's scope.
Result<User> load_in_scope(store::Tx& tx, const Actor& a, int64_t id) {
  LT_ASSIGN(auto u, store::users::get(tx, id));
  if (!u || !a.sees_path(u->unit_path)) return Error::make("not_found");
  return *u;
}

// The target unit must exist, be active and lie in the actor's scope.
Status check_unit(store::Tx& tx, const Actor& a, int64_t unit_id) {
  LT_ASSIGN(auto unit, store::units::get(tx, unit_id));
  if (!unit || !a.sees_path(unit->path)) return Error::field("unit_id", "no_such_unit", {});
  if (unit->disabled) return Error::field("unit_id", "unit_disabled", {});
  return {};
}

}  // namespace

Result<std::string> AccountService::hash(const std::string& password) const {
  return hash_password(password, config_.fast_password_hash);
}

Status AccountService::check_roles_assignable(const Actor& a, const std::vector<std::string>& roles) {
  for (const auto& r : roles)
    if (find_role(r) && !can_assign_role(a.grant, r)) return Error::make("role_not_grantable", {{"role", r}});
  return {};
}

Result<store::PageOf<User>> AccountService::list(const Actor& a, store::users::Filter f,
                                                 const store::Page& page) {
  if (!a.can("users.read")) return Error::make("not_permitted", {{"permission", "users.read"}});
  f.scope_path = a.scope_path();
  store::PageOf<User> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::users::list(tx, f, page));
    return {};
  }));
  return out;
}

Result<User> AccountService::get(const Actor& a, int64_t id) {
  if (!a.can("users.read") && a.user_id != id)
    return Error::make("not_permitted", {{"permission", "users.read"}});
  User u;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    if (a.user_id == id) {
      LT_ASSIGN(auto self, store::users::get(tx, id));
      if (!self) return Error::make("not_found");
      u = *self;
      return {};
    }
    LT_ASSIGN(u, load_in_scope(tx, a, id));
    return {};
  }));
  return u;
}

Result<CreatedUser> AccountService::create(const Actor& a, const UserInput& in) {
  if (!a.can("users.write")) return Error::make("not_permitted", {{"permission", "users.write"}});
  std::vector<FieldError> errs;
  User u;
  apply(u, in);
  if (!in.username)
    errs.push_back({"username", issue("required")});
  else if (!valid_username(*in.username))
    errs.push_back({"username", issue("bad_username")});
  else
    u.username = *in.username;
  if (!in.name) errs.push_back({"name", issue("required")});
  if (!in.unit_id) errs.push_back({"unit_id", issue("required")});
  if (!in.roles) errs.push_back({"roles", issue("required")});
  (void)validate_profile(u, errs);
  CreatedUser out;
  std::string password;
  if (in.password) {
    if (auto m = check_password_policy(*in.password, u.username)) errs.push_back({"password", *m});
    password = *in.password;
  } else {
    password = out.initial_password = random_password();
  }
  if (!errs.empty()) return Error::validation(std::move(errs));
  LT_TRY(check_roles_assignable(a, u.roles));
  LT_ASSIGN(u.password_hash, hash(password));
  // Whoever sets a password for someone else knows it: force a change.
  u.must_change_password = a.user_id != 0 || !in.password;
  std::string now = format_utc(clock_.now());
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(check_unit(tx, a, u.unit_id));
    auto ins = store::users::insert(tx, u, now);
    if (!ins.ok()) {
      if (ins.error().kind == ErrorKind::conflict) return Error::make("username_taken");
      return ins.take_error();
    }
    LT_ASSIGN(auto fresh, store::users::get(tx, ins->id));
    out.user = *fresh;
    LT_TRY(record_audit(tx, a, "create", "user", std::to_string(out.user.id), nullptr, user_view(out.user),
                        now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return out;
}

Result<User> AccountService::update(const Actor& a, int64_t id, const UserInput& in) {
  if (!a.can("users.write")) return Error::make("not_permitted", {{"permission", "users.write"}});
  if (in.username) return Error::field("username", "cannot_change", {});
  if (in.password) return Error::field("password", "password_reset_only", {});
  std::string now = format_utc(clock_.now());
  User updated;
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(User cur, load_in_scope(tx, a, id));
    if (cur.version != in.version)
      return Error::make("stale_version", {{"version", std::to_string(cur.version)}});
    User u = cur;
    apply(u, in);
    std::vector<FieldError> errs;
    (void)validate_profile(u, errs);
    if (!errs.empty()) return Error::validation(std::move(errs));
    // Nobody edits an account that holds more than they do, and the roles
    // given must be within the actor's grant too.
    if (a.user_id != id) LT_TRY(check_roles_assignable(a, cur.roles));
    if (in.roles) {
      LT_TRY(check_roles_assignable(a, u.roles));
      if (a.user_id == id && cur.roles != u.roles) return Error::make("own_roles");
    }
    if (u.unit_id != cur.unit_id) LT_TRY(check_unit(tx, a, u.unit_id));
    if (user_view(u) == user_view(cur)) {  // nothing changed: no new version, no audit entry
      updated = cur;
      return {};
    }
    LT_ASSIGN(bool ok, store::users::update(tx, u, now));
    if (!ok) return Error::make("conflict");
    LT_ASSIGN(auto fresh, store::users::get(tx, id));
    updated = *fresh;
    LT_TRY(
        record_audit(tx, a, "update", "user", std::to_string(id), user_view(cur), user_view(updated), now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return updated;
}

Result<User> AccountService::set_disabled(const Actor& a, int64_t id, int64_t version, bool disabled) {
  if (!a.can("users.write")) return Error::make("not_permitted", {{"permission", "users.write"}});
  if (a.user_id == id && disabled) return Error::make("disable_self");
  std::string now = format_utc(clock_.now());
  User updated;
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(User cur, load_in_scope(tx, a, id));
    if (cur.version != version) return Error::make("conflict");
    LT_TRY(check_roles_assignable(a, cur.roles));
    User u = cur;
    u.disabled = disabled;
    LT_ASSIGN(bool ok, store::users::update(tx, u, now));
    if (!ok) return Error::make("conflict");
    if (disabled) LT_TRY(store::sessions::revoke_all_for_user(tx, id));
    LT_ASSIGN(auto fresh, store::users::get(tx, id));
    updated = *fresh;
    LT_TRY(record_audit(tx, a, disabled ? "disable" : "enable", "user", std::to_string(id), user_view(cur),
                        user_view(updated), now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return updated;
}

Result<std::string> AccountService::reset_password(const Actor& a, int64_t id,
                                                   std::optional<std::string> given) {
  if (!a.can("users.write")) return Error::make("not_permitted", {{"permission", "users.write"}});
  std::string password = given ? *given : random_password();
  std::string now = format_utc(clock_.now());
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(User cur, load_in_scope(tx, a, id));
    LT_TRY(check_roles_assignable(a, cur.roles));
    if (auto m = check_password_policy(password, cur.username)) return Error::field("password", *m);
    LT_ASSIGN(auto h, hash(password));
    // The CLI (system actor) sets a password its operator chose: no forced change.
    bool must_change = a.user_id != 0 || !given;
    LT_TRY(store::users::set_password(tx, id, h, must_change, now));
    LT_TRY(store::sessions::revoke_all_for_user(tx, id));
    LT_TRY(record_audit(tx, a, "password_reset", "user", std::to_string(id), nullptr,
                        json::object{{"must_change_password", must_change}}, now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return password;
}

Result<LoginResult> AccountService::login(const std::string& username, const std::string& password,
                                          const std::string& client) {
  // A fixed hash to verify against for unknown users, so response time does
  // not reveal whether a username exists.
  static const std::string dummy = hash_password("dummy-password-Aa1!", config_.fast_password_hash).value();
  auto now_tp = clock_.now();
  std::string now = format_utc(now_tp);
  const std::string address = throttle_address(client);
  const std::string addr_key = "addr:" + address;
  std::string lower;
  for (char ch : username) lower += char(std::tolower(static_cast<unsigned char>(ch)));
  // Counted by the name given, known or not: an unknown name is throttled
  // like a real one, so the answers do not tell which names exist.
  const std::string user_key = "user:" + lower + "@" + address;
  auto locked = [&](const std::string& code, const std::string& until) {
    // An RFC 3339 UTC instant: clients show it in their own time zone.
    return Error::make(code, {{"until", until}});
  };
  std::optional<User> user;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto by_addr, store::login_throttle::get(tx, addr_key));
    if (by_addr.locked_until > now) return locked("address_locked", by_addr.locked_until);
    LT_ASSIGN(auto by_user, store::login_throttle::get(tx, user_key));
    if (by_user.locked_until > now) return locked("account_locked", by_user.locked_until);
    LT_ASSIGN(user, store::users::get_by_username(tx, username));
    return {};
  }));
  const bool known = user && !user->disabled;
  if (known && !user->locked_until.empty() && user->locked_until > now)
    return locked("account_locked", user->locked_until);
  bool ok = false;
  if (known)
    ok = verify_password(user->password_hash, password);
  else
    (void)verify_password(dummy, password);
  if (!ok) {
    Error result = Error::make("wrong_credentials");
    const std::string until = format_utc(now_tp + config_.lockout);
    const std::string window_cutoff = format_utc(now_tp - config_.lockout);
    Status st = db_.write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto by_addr, store::login_throttle::add_failure(tx, addr_key, now, window_cutoff));
      if (by_addr.failures >= config_.max_failed_logins_per_address) {
        LT_TRY(store::login_throttle::lock(tx, addr_key, until, now));
        result = locked("address_locked", until);
      }
      LT_ASSIGN(auto by_user, store::login_throttle::add_failure(tx, user_key, now, window_cutoff));
      bool lockout = false;
      if (by_user.failures >= config_.max_failed_logins) {
        LT_TRY(store::login_throttle::lock(tx, user_key, until, now));
        result = locked("account_locked", until);
        lockout = true;
      }
      if (!known) return {};
      // Re-read inside the transaction so concurrent failures all count.
      LT_ASSIGN(auto fresh, store::users::get(tx, user->id));
      int64_t failed = (fresh ? fresh->failed_logins : 0) + 1;
      std::string locked_until;
      if (failed >= config_.max_failed_logins_per_account) {
        locked_until = until;
        failed = 0;
        result = locked("account_locked", until);
      }
      LT_TRY(store::users::record_login_failure(tx, user->id, failed, locked_until));
      json::object after{{"failed_logins", failed}, {"failed_from_address", by_user.failures}};
      if (lockout) after["locked_for_address_until"] = until;
      if (!locked_until.empty()) after["locked_until"] = locked_until;
      Actor actor = actor_for(*user, 0, client);
      LT_TRY(record_audit(tx, actor, lockout || !locked_until.empty() ? "lockout" : "login_failed", "user",
                          std::to_string(user->id), nullptr, after, now));
      return {};
    });
    if (!st.ok()) return st.take_error();
    return result;
  }
  Actor actor = actor_for(*user, 0, client);
  LoginResult out;
  out.token = random_hex(32);
  Status st = db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(store::users::record_login_success(tx, user->id, now));
    // The address proved it knows the password: its count for this account
    // restarts. (The per-address count does not: one's own account must not
    // reset a guesser's budget.)
    LT_TRY(store::login_throttle::clear(tx, user_key));
    Session s;
    s.user_id = user->id;
    s.kind = "session";
    s.csrf_token = random_hex(16);
    s.client_address = client;
    s.created_at = now;
    s.expires_at = format_utc(now_tp + config_.session_lifetime);
    LT_ASSIGN(out.session, store::sessions::insert(tx, s, sha256_hex(out.token)));
    LT_ASSIGN(auto fresh, store::users::get(tx, user->id));
    out.user = *fresh;
    LT_TRY(record_audit(tx, actor, "login", "session", std::to_string(out.session.id), nullptr,
                        json::object{{"user_id", user->id}}, now));
    return {};
  });
  if (!st.ok()) return st.take_error();
  return out;
}

Result<Authenticated> AccountService::authenticate(const std::string& token, const std::string& client) {
  if (token.size() != 64) return Error::make("session_expired");
  auto now_tp = clock_.now();
  std::string now = format_utc(now_tp);
  Authenticated out;
  bool stale_touch = false;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto found, store::sessions::find_with_user(tx, sha256_hex(token)));
    if (!found) return Error::make("session_expired");
    const Session& s = found->session;
    if (s.revoked || s.expires_at <= now) return Error::make("session_expired");
    auto last = parse_time(s.last_seen_at);
    if (s.kind == "session" && (!last || *last + config_.idle_timeout <= now_tp))
      return Error::make("session_idle");
    if (found->user.disabled) return Error::make("session_expired");
    // Refresh last-seen at most once a minute: a write per request would
    // serialise every read on the single SQLite writer.
    stale_touch = !last || now_tp - *last > std::chrono::seconds(60);
    out.session = std::move(found->session);
    out.user = std::move(found->user);
    return {};
  }));
  if (stale_touch)
    LT_TRY(db_.write([&](store::Tx& tx) { return store::sessions::touch(tx, out.session.id, now); }));
  out.actor = actor_for(out.user, out.session.id, client);
  return out;
}

Status AccountService::logout(const Actor& a) {
  std::string now = format_utc(clock_.now());
  return db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(store::sessions::revoke(tx, a.session_id));
    LT_TRY(record_audit(tx, a, "logout", "session", std::to_string(a.session_id), nullptr, nullptr, now));
    return {};
  });
}

Status AccountService::change_password(const Actor& a, const std::string& current, const std::string& next) {
  std::string now = format_utc(clock_.now());
  std::optional<User> u;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(u, store::users::get(tx, a.user_id));
    return {};
  }));
  if (!u) return Error::make("session_expired");
  if (!verify_password(u->password_hash, current))
    return Error::field("current_password", "wrong_password", {});
  if (auto m = check_password_policy(next, u->username)) return Error::field("new_password", *m);
  if (next == current) return Error::field("new_password", "password_unchanged", {});
  LT_ASSIGN(auto h, hash(next));
  return db_.write([&](store::Tx& tx) -> Status {
    LT_TRY(store::users::set_password(tx, a.user_id, h, false, now));
    // Whoever knew the old password may have opened sessions or made API
    // tokens with it: all end except the session making the change.
    LT_TRY(store::sessions::revoke_all_except(tx, a.user_id, a.session_id));
    LT_TRY(record_audit(tx, a, "password_change", "user", std::to_string(a.user_id), nullptr, nullptr, now));
    return {};
  });
}

Result<std::pair<Session, std::string>> AccountService::create_token(const Actor& a, const std::string& name,
                                                                     std::optional<int> days) {
  if (auto m = check_text(name, 60, true)) return Error::field("name", *m);
  if (days && (*days < 1 || *days > kMaxTokenDays))
    return Error::field("expires_in_days", "out_of_range",
                        {{"min", "1"}, {"max", std::to_string(kMaxTokenDays)}});
  auto now_tp = clock_.now();
  std::string now = format_utc(now_tp);
  std::string token = random_hex(32);
  Session s;
  s.user_id = a.user_id;
  s.kind = "api";
  s.name = trim(name);
  s.csrf_token = random_hex(16);
  s.client_address = a.client_address;
  s.created_at = now;
  s.expires_at = format_utc(
      now_tp + std::chrono::duration_cast<std::chrono::milliseconds>(
                   days ? std::chrono::hours(24 * *days)
                        : std::min(config_.default_token_lifetime, std::chrono::hours(24 * kMaxTokenDays))));
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(s, store::sessions::insert(tx, s, sha256_hex(token)));
    LT_TRY(record_audit(tx, a, "token_create", "token", std::to_string(s.id), nullptr, token_view(s), now));
    return {};
  }));
  return std::make_pair(s, token);
}

Result<std::vector<Session>> AccountService::list_tokens(const Actor& a) {
  std::vector<Session> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::sessions::list_tokens(tx, a.user_id));
    return {};
  }));
  return out;
}

Status AccountService::revoke_token(const Actor& a, int64_t id) {
  std::string now = format_utc(clock_.now());
  return db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto s, store::sessions::get(tx, id));
    if (!s || s->user_id != a.user_id || s->kind != "api" || s->revoked) return Error::make("not_found");
    LT_TRY(store::sessions::revoke(tx, id));
    LT_TRY(record_audit(tx, a, "token_revoke", "token", std::to_string(id), token_view(*s), nullptr, now));
    return {};
  });
}

}  // namespace lantian::app
