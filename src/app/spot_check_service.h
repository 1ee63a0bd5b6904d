// SpotCheckService: spot checks during a heavy-pollution alert (issue 13).
// When an alert of a level with required cuts (core/warning_standard.h) is
// issued or upgraded, every source on the emergency reduction list (its rows
// in the states that mean "on the list", core/emergency_reduction.h) gets a
// pending check of that level — in the move's transaction. An inspector
// settles one by filing an inspection of the source with the
// emergency_measures checklist (app/inspection_service.h, on the phone: the
// time, place, photos and signature are the inspection's) while the alert is
// in force: compliant when every item passed or does not apply, violation
// when one failed — and the failed item opens a supervision problem
// (未落实应急减排措施), as any failed inspection item does.
//
// Permissions: alerts.read to see an alert's checks (in the reader's scope);
// `can_check` tells whether the reader may file inspections.
// Errors: not_permitted; alert_not_found; invalid (status: one_of).
// Thread-safety: thread-safe (the database is; no state).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/actor.h"
#include "core/alert.h"
#include "core/inspection.h"
#include "core/spot_check.h"
#include "store/db.h"

namespace lantian::app {

struct SpotCheckList {
  Alert alert;
  std::string level;  // the level whose round is listed: the alert's current one
  int64_t total = 0, pending = 0, compliant = 0, violation = 0;  // in the reader's scope
  bool can_check = false;
  std::vector<SpotCheck> items;  // with the status filter applied
};

class SpotCheckService {
 public:
  explicit SpotCheckService(store::Database& db) : db_(db) {}

  // In an alert move's transaction: the checks of the alert's level, when
  // the level requires cuts and the move is an issue or an upgrade. Returns
  // how many were new.
  Result<int64_t> on_alert_moved(store::Tx& tx, const Alert& alert, const std::string& action,
                                 const std::string& now);
  // In an inspection's transaction: settles the inspected source's pending
  // checks of the alerts in force when the checklist is the spot check's.
  Status on_inspection_filed(store::Tx& tx, const Inspection& i, const std::string& now);

  Result<SpotCheckList> list(const Actor& a, int64_t alert_id, const std::string& status);

 private:
  store::Database& db_;
};

}  // namespace lantian::app
