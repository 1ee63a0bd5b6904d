// The demo's ledgers (台账) for `lantian init --demo`: small coal boilers,
// clean-heating households, construction sites, 散乱污 enterprises and gas
// stations of the demo district's townships, on the map inside 禹王台区, each
// moved through its workflow by the demo user who would take the step (the
// township registers and reports with photos, 区环保局 verifies boilers, the
// office accepts households), a 南郊乡 task counted from the household
// ledger, two site inspections and the emergency reduction list (sources
// with baselines and plant plans, VOCs short at every level) — all through
// the services, as app/demo_campaign.h does, so every rule applies.
//
// Photos are plain coloured JPEGs (io::placeholder_jpeg): the demo has no
// camera. Time: a ManualClock inside the demo campaign (December 2017).
//
// Thread-safety: call once, after seed_demo_campaign(), on a database no one
// else is writing.
#pragma once

#include <cstdint>

#include "app/task_service.h"
#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::app {

struct DemoLedgerSummary {
  int64_t rows = 0;
  int64_t moves = 0;
  int64_t inspections = 0;
  int64_t counted_tasks = 0;
};

// Errors: whatever a service returned, with the step that failed prefixed.
Result<DemoLedgerSummary> seed_demo_ledgers(store::Database& db, store::EvidenceStore& evidence,
                                            int64_t campaign_id, CalendarSource calendar);

}  // namespace lantian::app
