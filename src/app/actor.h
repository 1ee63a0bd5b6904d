// Who is acting: the authenticated user with their effective grant (roles ->
// permissions + data scope), or the system itself (CLI, demo seeding). Every
// application service takes an Actor and enforces permission and scope, so
// the API, the CLI and later jobs all get the same rules.
//
// Thread-safety: plain value.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "core/roles.h"

namespace lantian::app {

struct Actor {
  int64_t user_id = 0;  // 0 = system
  std::string username = "system";
  std::string name = "system";
  std::vector<std::string> roles;
  Grant grant;
  int64_t unit_id = 0;
  std::string unit_path;  // "/1/5/": scope root for Scope::subtree
  int64_t session_id = 0;
  std::string client_address;

  // The CLI and seeding act as the system with every permission.
  static Actor system(std::string client = "cli") {
    Actor a;
    a.grant.scope = Scope::all;
    for (auto p : all_permissions()) a.grant.permissions.emplace_back(p);
    std::sort(a.grant.permissions.begin(), a.grant.permissions.end());
    a.client_address = std::move(client);
    return a;
  }
  bool can(std::string_view permission) const { return grant.has(permission); }
  // "" when the actor sees everything, else its subtree path.
  std::string scope_path() const { return grant.scope == Scope::all ? std::string() : unit_path; }
  // True if the unit at `path` is inside the actor's scope.
  bool sees_path(const std::string& path) const {
    return grant.scope == Scope::all || path.rfind(unit_path, 0) == 0;
  }
};

}  // namespace lantian::app
