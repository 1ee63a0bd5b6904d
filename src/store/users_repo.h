// All SQL for the users table. Scope as in units_repo.h: a non-empty
// scope_path limits results to users whose unit lies in that subtree.
//
// Errors: conflict on a duplicate username; otherwise what the Tx returned.
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>

#include "core/model.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::users {

struct Filter {
  std::string scope_path;  // "" = all
  std::optional<int64_t> unit_id;
  bool subtree = true;  // with unit_id: include users of its sub-units
  std::string q;        // substring of username, name or phone
  std::string role;
  bool include_disabled = false;
};

Result<std::optional<User>> get(Tx& tx, int64_t id);
Result<std::optional<User>> get_by_username(Tx& tx, const std::string& username);
Result<PageOf<User>> list(Tx& tx, const Filter& f, const Page& page);
// The ids of the enabled users of one unit (not its sub-units) holding
// `role`, in id order: whom to notify, without a list page's joins and total.
Result<std::vector<int64_t>> ids_with_role(Tx& tx, int64_t unit_id, std::string_view role);
// Inserts u; returns it with id, version 1 and timestamps set.
Result<User> insert(Tx& tx, User u, const std::string& now);
// Updates profile fields, roles, unit, disabled and must_change_password if
// u.version matches; returns false on a version mismatch.
Result<bool> update(Tx& tx, const User& u, const std::string& now);
// Login bookkeeping; these do not bump the version (they are not edits).
Status record_login_failure(Tx& tx, int64_t id, int64_t failed_logins, const std::string& locked_until);
Status record_login_success(Tx& tx, int64_t id, const std::string& now);
// Sets a new password hash and the forced-change flag; bumps the version.
Status set_password(Tx& tx, int64_t id, const std::string& hash, bool must_change, const std::string& now);
Result<int64_t> count(Tx& tx);

// For a statement that reads a user beside other records (sessions::
// find_with_user): its columns (alias u, unit n), the joins after "users u",
// and the user from a row of exactly those columns.
namespace detail {
std::string select_columns();
extern const std::string_view kUnitJoin;
User from_row(Row& r);
}  // namespace detail

}  // namespace lantian::store::users
