#include "app/spot_check_service.h"

#include <algorithm>

#include "core/emergency_reduction.h"
#include "core/ledgers.h"
#include "core/warning_standard.h"
#include "store/alerts_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/spot_checks_repo.h"
#include "store/units_repo.h"

namespace lantian::app {

Result<int64_t> SpotCheckService::on_alert_moved(store::Tx& tx, const Alert& alert, const std::string& action,
                                                 const std::string& now) {
  if (action != "issue" && action != "upgrade") return int64_t(0);
  const WarningLevel* level = warning_standard().level(alert.level);
  if (!level || std::all_of(level->reduction.begin(), level->reduction.end(), [](int r) { return r == 0; }))
    return int64_t(0);  // an advisory level (blue): nothing to check
  const LedgerType* list = ledger_types().find(kEmergencyReductionList);
  if (!list) return int64_t(0);  // a deployment without the list
  const std::vector<std::string> on_list = reduction_list_states(*list);
  LT_ASSIGN(auto root, store::units::root_id(tx));
  if (!root) return int64_t(0);
  LT_ASSIGN(auto rows, store::ledger_rows::all_in_scope(tx, std::string(kEmergencyReductionList), *root));
  std::vector<SpotCheck> checks;
  for (const LedgerRow& r : rows) {
    if (std::find(on_list.begin(), on_list.end(), r.status) == on_list.end()) continue;
    SpotCheck c;
    c.alert_id = alert.id, c.level = alert.level, c.ledger_row_id = r.id;
    c.unit_id = r.unit_id, c.unit_path = r.unit_path;
    checks.push_back(std::move(c));
  }
  return store::spot_checks::insert_new(tx, checks, now);
}

Status SpotCheckService::on_inspection_filed(store::Tx& tx, const Inspection& i, const std::string& now) {
  if (i.checklist != kSpotCheckChecklist || !i.ledger_row_id) return {};
  LT_ASSIGN(auto in_force, store::alerts::list(tx, alert_workflow().open_states(), 10));
  std::vector<int64_t> ids;
  for (const Alert& a : in_force) ids.push_back(a.id);
  LT_ASSIGN(auto pending, store::spot_checks::pending_for_row(tx, *i.ledger_row_id, ids));
  const std::string status = i.result == "fail" ? "violation" : "compliant";
  for (const SpotCheck& c : pending) LT_TRY(store::spot_checks::settle(tx, c.id, status, i.id, now));
  return {};
}

Result<SpotCheckList> SpotCheckService::list(const Actor& a, int64_t alert_id, const std::string& status) {
  if (!a.can("alerts.read")) return Error::make("not_permitted", {{"permission", "alerts.read"}});
  if (!status.empty() && !find_spot_check_status(status))
    return Error::field("status", "one_of", {{"values", "pending, compliant, violation"}});
  SpotCheckList out;
  bool found = false;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto al, store::alerts::get(tx, alert_id));
    if (!al) return {};
    found = true;
    out.alert = *al;
    // The round of the level in force; a lifted alert's last level.
    out.level = al->level;
    LT_ASSIGN(auto all, store::spot_checks::list(tx, alert_id, out.level, a.scope_path(), ""));
    for (auto& c : all) {
      ++out.total;
      if (c.status == "pending") ++out.pending;
      if (c.status == "compliant") ++out.compliant;
      if (c.status == "violation") ++out.violation;
      if (status.empty() || c.status == status) out.items.push_back(std::move(c));
    }
    return {};
  }));
  if (!found) return Error::make("alert_not_found");
  out.can_check = a.can("inspections.write");
  return out;
}

}  // namespace lantian::app
