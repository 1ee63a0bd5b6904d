// Demo data for `lantian init --demo`: 禹王台区 (Kaifeng, division code
// 410205) with its campaign office, supervision group, the district
// departments the 2017 speech names plus the usual others in air work, its
// street offices and townships with a few villages/communities, and one demo
// user per role. Everything goes through the services, so it is audited.
#pragma once

#include <string>
#include <vector>

#include "app/account_service.h"
#include "app/org_service.h"

namespace lantian::app {

struct DemoLogin {
  std::string username;
  std::string password;
  std::string role;
  std::string unit;
};

// Creates the org tree and the demo users (admin gets admin_password).
// Errors: whatever a service returned (e.g. the database already has units).
Result<std::vector<DemoLogin>> seed_demo(OrgService& org, AccountService& accounts,
                                         const std::string& admin_password);

// Creates only the root unit and the admin user (plain `lantian init`).
Result<DemoLogin> seed_minimal(OrgService& org, AccountService& accounts, const std::string& admin_password);

}  // namespace lantian::app
