// All SQL for spot checks during alerts (migration 0028, alert_spot_checks).
//
// Errors: what the Tx returned.
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <string>
#include <vector>

#include "core/spot_check.h"
#include "store/db.h"

namespace lantian::store::spot_checks {

// Inserts the checks; one already there for (alert, level, row) is left as
// it is. Returns how many were new.
Result<int64_t> insert_new(Tx& tx, const std::vector<SpotCheck>& checks, const std::string& now);
// An alert's checks of `level` under `scope_path` ("" = all), with `status`
// ("" = any), the source's name, unit and address joined; by unit, source.
Result<std::vector<SpotCheck>> list(Tx& tx, int64_t alert_id, const std::string& level,
                                    const std::string& scope_path, const std::string& status);
// The pending checks of a source among the alerts `alert_ids` (those in force).
Result<std::vector<SpotCheck>> pending_for_row(Tx& tx, int64_t ledger_row_id,
                                               const std::vector<int64_t>& alert_ids);
// Settles a check: its status, the inspection and when.
Status settle(Tx& tx, int64_t id, const std::string& status, int64_t inspection_id, const std::string& at);

}  // namespace lantian::store::spot_checks
