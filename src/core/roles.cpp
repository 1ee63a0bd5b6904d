#include "core/roles.h"

#include <algorithm>
#include <array>

namespace lantian {
namespace {

// campaigns.write: campaigns and work areas; tasks.write: create, decompose
// and edit tasks in scope; tasks.report: file progress on tasks owned in
// scope; tasks.accept: accept or return completed work (as lead unit or
// campaign office); calendar.write: the holiday arrangement. Report requests
// (催报) go with campaigns.write: the campaign office's duty. ledgers.read:
// see ledger rows in scope; ledgers.write: register and edit rows in scope
// and act on them as their unit (owner); ledgers.verify: act as the work
// area's lead unit (牵头单位) on rows it leads, and as a district verifier
// with the whole district in scope; inspections.write: inspect (督查) rows
// and enterprises. enterprises.read: the enterprise registry (一企一档) in
// scope, the banned list and the suspected relocations of enterprises in
// scope; enterprises.write: register and edit enterprises in scope. The
// banned list and resolving suspected relocations are the campaign office's:
// whoever holds enterprises.write and campaigns.write over everything.
// Supervision problems (督办): problems.read sees them in scope;
// problems.register registers problems (inspection teams, the office);
// problems.rectify acts as the responsible unit (accept, rectify, report,
// ask for more time, return a wrongly assigned one); problems.manage is the
// campaign office's: assign, name verifiers (who must hold it too), verify,
// close, decide extensions, look back, merge, dismiss.
// Air quality (issue 13): aq.read sees the stations and their data (the
// air is no unit's secret: every role); aq.manage registers and edits
// stations (the office); aq.ingest delivers hourly data (the office, and the
// data_feed role push clients log in with). alerts.read sees forecasts, the
// warning decision and heavy-pollution alerts (every role that reads: an
// alert obliges everyone); alerts.manage enters forecasts and issues,
// upgrades, downgrades and lifts alerts (the office).
constexpr std::array<std::string_view, 26> kPermissions = {
    "units.read",       "units.write",       "users.read",    "users.write",       "audit.read",
    "campaigns.write",  "tasks.read",        "tasks.write",   "tasks.report",      "tasks.accept",
    "calendar.write",   "ledgers.read",      "ledgers.write", "ledgers.verify",    "inspections.write",
    "enterprises.read", "enterprises.write", "problems.read", "problems.register", "problems.rectify",
    "problems.manage",  "aq.read",           "aq.manage",     "aq.ingest",         "alerts.read",
    "alerts.manage"};

const std::vector<RoleDef>& roles() {
  static const std::vector<RoleDef> r = {
      {"admin",
       "系统管理员",
       Scope::all,
       {"units.read",       "units.write",       "users.read",    "users.write",       "audit.read",
        "campaigns.write",  "tasks.read",        "tasks.write",   "tasks.report",      "tasks.accept",
        "calendar.write",   "ledgers.read",      "ledgers.write", "ledgers.verify",    "inspections.write",
        "enterprises.read", "enterprises.write", "problems.read", "problems.register", "problems.rectify",
        "problems.manage",  "aq.read",           "aq.manage",     "aq.ingest",         "alerts.read",
        "alerts.manage"},
       "dashboard"},
      {"campaign_office",
       "区攻坚办",
       Scope::all,
       {"units.read",        "users.read",        "audit.read",       "campaigns.write",   "tasks.read",
        "tasks.write",       "tasks.report",      "tasks.accept",     "ledgers.read",      "ledgers.write",
        "ledgers.verify",    "inspections.write", "enterprises.read", "enterprises.write", "problems.read",
        "problems.register", "problems.manage",   "aq.read",          "aq.manage",         "aq.ingest",
        "alerts.read",       "alerts.manage"},
       "dashboard"},
      {"unit_leader",
       "单位负责人",
       Scope::subtree,
       {"units.read", "units.write", "users.read", "users.write", "tasks.read", "tasks.write", "tasks.report",
        "tasks.accept", "ledgers.read", "ledgers.write", "ledgers.verify", "enterprises.read",
        "enterprises.write", "problems.read", "problems.rectify", "aq.read", "alerts.read"},
       "dashboard"},
      {"unit_staff",
       "单位工作人员",
       Scope::subtree,
       {"units.read", "users.read", "tasks.read", "tasks.report", "ledgers.read", "ledgers.write",
        "enterprises.read", "enterprises.write", "problems.read", "problems.rectify", "aq.read",
        "alerts.read"},
       "my-tasks"},
      // Inspectors start on 今日督查 (what waits for them to verify, the problems
      // registered lately, the overdue board's head).
      {"inspector",
       "督导检查员",
       Scope::all,
       {"units.read", "users.read", "tasks.read", "ledgers.read", "ledgers.verify", "inspections.write",
        "enterprises.read", "problems.read", "problems.register", "aq.read", "alerts.read"},
       "inspector"},
      // A machine account of a monitoring network or a vendor's platform that
      // pushes hourly data (POST /api/v1/aq/hours) and may do nothing else.
      {"data_feed", "数据接口", Scope::all, {"aq.ingest"}, ""},
      {"viewer",
       "领导（只读）",
       Scope::all,
       {"units.read", "users.read", "tasks.read", "ledgers.read", "enterprises.read", "problems.read",
        "aq.read", "alerts.read"},
       "dashboard"},
  };
  return r;
}

}  // namespace

std::span<const std::string_view> all_permissions() { return kPermissions; }
std::span<const RoleDef> all_roles() { return roles(); }

const RoleDef* find_role(std::string_view name) {
  for (const auto& r : roles())
    if (r.name == name) return &r;
  return nullptr;
}

bool Grant::has(std::string_view p) const {
  return std::binary_search(permissions.begin(), permissions.end(), p);
}

Grant grant_for(std::span<const std::string> names) {
  Grant g;
  for (const auto& n : names) {
    const RoleDef* r = find_role(n);
    if (!r) continue;
    if (r->scope == Scope::all) g.scope = Scope::all;
    for (auto p : r->permissions) g.permissions.emplace_back(p);
  }
  std::sort(g.permissions.begin(), g.permissions.end());
  g.permissions.erase(std::unique(g.permissions.begin(), g.permissions.end()), g.permissions.end());
  return g;
}

std::string_view start_page_for(std::span<const std::string> names) {
  for (const auto& n : names)
    if (const RoleDef* r = find_role(n); r && !r->start_page.empty()) return r->start_page;
  return {};
}

std::string join_roles(std::span<const std::string> names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ',';
    out += n;
  }
  return out;
}

std::vector<std::string> split_roles(std::string_view s) {
  std::vector<std::string> out;
  while (!s.empty()) {
    auto comma = s.find(',');
    auto part = s.substr(0, comma);
    if (!part.empty()) out.emplace_back(part);
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  return out;
}

}  // namespace lantian

namespace lantian {
bool can_assign_role(const Grant& g, std::string_view role) {
  const RoleDef* r = find_role(role);
  if (!r) return false;
  if (r->scope == Scope::all && g.scope != Scope::all) return false;
  for (auto p : r->permissions)
    if (!g.has(p)) return false;
  return true;
}
}  // namespace lantian
