#include "app/demo_data.h"

#include "core/crypto.h"

namespace lantian::app {

namespace {

Result<Unit> add(OrgService& org, const Actor& sys, const std::string& name, const std::string& kind,
                 std::optional<int64_t> parent, const std::string& code = "", Person secretary = {},
                 Person head = {}) {
  UnitInput in;
  in.name = name;
  in.kind = kind;
  in.parent_id = parent;
  if (!code.empty()) in.division_code = code;
  if (!secretary.name.empty()) in.party_secretary = secretary;
  if (!head.name.empty()) in.government_head = head;
  return org.create(sys, in);
}

Result<DemoLogin> add_user(AccountService& accounts, const Actor& sys, const std::string& username,
                           const std::string& name, const Unit& unit, const std::string& role,
                           const std::string& position, const std::string& password) {
  UserInput in;
  in.username = username;
  in.name = name;
  in.unit_id = unit.id;
  in.roles = std::vector<std::string>{role};
  in.position = position;
  in.password = password;
  LT_TRY(accounts.create(sys, in));
  return DemoLogin{username, password, role, unit.name};
}

}  // namespace

Result<DemoLogin> seed_minimal(OrgService& org, AccountService& accounts, const std::string& admin_password) {
  Actor sys = Actor::system("init");
  LT_ASSIGN(Unit district, add(org, sys, "禹王台区人民政府", "district_government", std::nullopt, "410205"));
  return add_user(accounts, sys, "admin", "系统管理员", district, "admin", "系统管理员", admin_password);
}

Result<std::vector<DemoLogin>> seed_demo(OrgService& org, AccountService& accounts,
                                         const std::string& admin_password) {
  Actor sys = Actor::system("init");
  std::vector<DemoLogin> logins;
  // Names of people are placeholders: the demo must not pretend to know the
  // district's real office holders.
  LT_ASSIGN(Unit district, add(org, sys, "禹王台区人民政府", "district_government", std::nullopt, "410205",
                               {"区委书记（示例）", ""}, {"区长（示例）", ""}));
  LT_ASSIGN(Unit office, add(org, sys, "区大气污染防治攻坚办公室", "campaign_office", district.id));
  LT_ASSIGN(Unit group, add(org, sys, "区环境污染防治督导组", "supervision_group", district.id));
  const char* departments[] = {
      "区环境保护局",         "区工商行政管理局",      "区食品药品监督管理局", "区发展和改革委员会",
      "区住房和城乡建设局",   "区城市管理局",          "区工业和信息化局",     "区商务局",
      "区交通运输局",         "区质量技术监督局",      "区国土资源局",         "区农林水利局",
      "区安全生产监督管理局", "开封市公安局禹王台分局"};
  for (const char* d : departments) LT_TRY(add(org, sys, d, "district_department", district.id));
  struct Territory {
    const char* name;
    const char* kind;
    std::vector<std::pair<const char*, const char*>> below;
  };
  const Territory territories[] = {
      {"三里堡街道办事处", "street_office", {{"三里堡社区", "community"}, {"苹果园社区", "community"}}},
      {"新门关街道办事处", "street_office", {{"新门关社区", "community"}}},
      {"繁塔街道办事处", "street_office", {{"繁塔社区", "community"}}},
      {"官坊街道办事处", "street_office", {{"官坊社区", "community"}}},
      {"菜市街道办事处", "street_office", {{"菜市社区", "community"}}},
      {"南郊乡", "township", {{"南郊村", "village"}, {"范村", "village"}, {"南郊乡第一网格", "grid"}}},
      {"汪屯乡", "township", {{"汪屯村", "village"}, {"东郊村", "village"}}},
  };
  Unit nanjiao;
  for (const auto& t : territories) {
    LT_ASSIGN(Unit u,
              add(org, sys, t.name, t.kind, district.id, "", {std::string(t.name) + "党委书记（示例）", ""},
                  {std::string(t.name) + "行政负责人（示例）", ""}));
    if (std::string(t.name) == "南郊乡") nanjiao = u;
    for (const auto& [name, kind] : t.below) LT_TRY(add(org, sys, name, kind, u.id));
  }
  LT_ASSIGN(auto admin,
            add_user(accounts, sys, "admin", "系统管理员", district, "admin", "系统管理员", admin_password));
  logins.push_back(admin);
  struct DemoUser {
    const char* username;
    const char* name;
    const Unit* unit;
    const char* role;
    const char* position;
  };
  const DemoUser users[] = {
      {"office", "攻坚办值班员", &office, "campaign_office", "攻坚办工作人员"},
      {"leader", "南郊乡负责人", &nanjiao, "unit_leader", "乡长"},
      {"staff", "南郊乡工作人员", &nanjiao, "unit_staff", "环保专干"},
      {"inspector", "督导组检查员", &group, "inspector", "督导员"},
      {"viewer", "区领导", &district, "viewer", "分管副区长"},
  };
  for (const auto& u : users) {
    LT_ASSIGN(auto login,
              add_user(accounts, sys, u.username, u.name, *u.unit, u.role, u.position, random_password()));
    logins.push_back(login);
  }
  return logins;
}

}  // namespace lantian::app
