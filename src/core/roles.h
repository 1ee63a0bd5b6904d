// Roles and permissions as data (not if-chains in handlers). Each role grants
// a set of permissions and a data scope: `subtree` = the user's own unit and
// everything below it; `all` = the whole jurisdiction. A user with several
// roles gets the union of permissions and the widest scope.
//
// Thread-safety: immutable tables; all functions are pure.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace lantian {

enum class Scope { subtree, all };

struct RoleDef {
  std::string_view name;      // "unit_staff"
  std::string_view label_zh;  // "单位工作人员"
  Scope scope;
  std::vector<std::string_view> permissions;
  // The web app's module to open after login ("dashboard", "overdue", ...):
  // what this role's people look at first.
  std::string_view start_page;
};

// Every permission string the system knows, e.g. "units.read".
std::span<const std::string_view> all_permissions();
std::span<const RoleDef> all_roles();
const RoleDef* find_role(std::string_view name);

// The effective grant of a set of roles (unknown role names are ignored).
struct Grant {
  Scope scope = Scope::subtree;
  std::vector<std::string> permissions;  // sorted, unique
  bool has(std::string_view permission) const;
};
Grant grant_for(std::span<const std::string> roles);
// The start page of the first known role that names one ("" if none).
std::string_view start_page_for(std::span<const std::string> roles);

// Roles are stored as a comma-separated list ("unit_leader,inspector").
std::string join_roles(std::span<const std::string> roles);
std::vector<std::string> split_roles(std::string_view stored);

}  // namespace lantian

namespace lantian {
// A user may give a role only if it grants nothing beyond their own grant:
// its permissions are a subset of theirs and its scope no wider.
bool can_assign_role(const Grant& assigner, std::string_view role);
}  // namespace lantian
