// The demo's campaign for `lantian init --demo`: 禹王台区2017—2018年秋冬季大气污染
// 综合治理攻坚行动 (2017-10-01 → 2018-03-31) with its targets, source documents,
// the fifteen work areas with lead and cooperating units, and tasks for every
// area decomposed to the street offices, townships and villages, then played
// forward from 2017-09-30 to the morning of 2017-12-20: progress reports,
// completions, acceptances, one return, late work and report requests.
//
// Why a simulation and not rows: every step goes through CampaignService and
// TaskService as the demo user who would take it (the township's leader
// reports, the lead department accepts, the office asks for reports), so the
// audit log, roll-ups, allocation checks and workflow rules all apply, and the
// demo shows what the product does rather than what a script inserted.
//
// Time: the seeder owns a ManualClock and moves it through the campaign;
// nothing here reads the system clock, so two runs produce the same data
// (apart from generated passwords and password hashes). Serve the result with
// `--clock-start 2017-12-20T09:00:00+08:00` (kDemoAsOf) so that "today",
// overdue and remaining working days read as on that morning.
//
// People: names of officials are placeholders marked 示例; the district's
// real office holders are not known to the demo. Quantities (2,000 双替代
// households, 46 散乱污 firms, …) are plausible examples, not the district's
// figures, and the campaign's notes say so.
//
// Thread-safety: call once, on a database no one else is writing.
#pragma once

#include <string>
#include <vector>

#include "app/demo_data.h"
#include "app/task_service.h"
#include "store/db.h"

namespace lantian::app {

// The instant the demo data is "as of" (the simulation stops just before it).
inline constexpr const char* kDemoAsOf = "2017-12-20T09:00:00+08:00";

struct DemoCampaignSummary {
  int64_t campaign_id = 0;
  std::string as_of;  // kDemoAsOf
  int64_t tasks = 0;
  int64_t reports = 0;
  int64_t accepted = 0;
  int64_t completed = 0;  // reported done, awaiting acceptance
  int64_t returned = 0;
  int64_t overdue = 0;  // open with the deadline passed, as of as_of
  int64_t report_requests = 0;
  int64_t open_report_requests = 0;
  std::vector<DemoLogin> logins;  // the extra demo users it created
};

// Seeds the campaign into a database that seed_demo() has just filled (it
// needs the demo's units and its `office`, `leader` and `staff` users).
// Creates one unit_leader per other street office / township and per lead
// department (usernames like "wangtun", "huanbao"; generated passwords,
// returned in `logins`). Their passwords are hashed with the fast argon2id
// parameters (AuthConfig::fast_password_hash, "bulk demo data"): fourteen
// interactive hashes would double the time of every `init --demo`.
// `calendar` is the working-day calendar for "N working days" deadlines;
// required (CalendarService::current(): the arrangement loaded at init).
// Errors: whatever a service returned, with the step that failed prefixed to
// the message (a bug in the demo script, or a database that is not a fresh
// demo).
Result<DemoCampaignSummary> seed_demo_campaign(store::Database& db, CalendarSource calendar);

}  // namespace lantian::app
