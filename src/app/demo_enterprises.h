// The demo's enterprise registry for `lantian init --demo` (after
// seed_demo_campaign): a few enterprises of 禹王台区's townships and street
// offices (names, people and numbers are examples; the credit codes are
// valid GB 32100 codes made up for the demo), one of ours banned, and two
// banned enterprises reported by other districts (龙亭区, 祥符区), one of which
// has moved into 汪屯乡 under a new name and wife's name with the old phone
// number: registering it raises the demo's suspected relocation.
//
// Everything goes through EnterpriseService as the demo user who would do
// it (the office, 南郊乡's leader), so it is audited and the guard runs; as
// of the demo's morning (a clock just before kDemoAsOf, after the campaign's
// last step).
//
// Thread-safety: call once, on a database no one else is writing.
#pragma once

#include <cstdint>

#include "store/db.h"

namespace lantian::app {

struct DemoEnterprisesSummary {
  int64_t enterprises = 0;
  int64_t banned = 0;
  int64_t open_alerts = 0;
};

// Needs the demo's units and its `office` and `leader` users (seed_demo).
// Errors: whatever the service returned, the step prefixed to the message.
Result<DemoEnterprisesSummary> seed_demo_enterprises(store::Database& db);

}  // namespace lantian::app
