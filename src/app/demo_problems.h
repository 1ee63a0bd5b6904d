// The demo's supervision problems (督办) for `lantian init --demo`: problems
// handed down by the ministry's patrol group, the city, the district's own
// supervision group, the 12369 hotline and the media in October–December
// 2017, each taken through the loop by the demo user whose step it is
// (the office assigns and verifies, 南郊乡 and 汪屯乡 rectify and report with
// photos): closed ones with their look-back passed or due, one that
// rebounded into a new problem, one waiting for verification, one with an
// extension asked, late ones escalated up the ladder, a duplicate merged and
// a public report not yet assigned — all through app::ProblemService, as
// app/demo_ledgers.h does, so every rule applies.
//
// Photos are plain coloured JPEGs without EXIF (io::placeholder_jpeg): the
// gallery flags them, as it should. Time: a ManualClock, ending on the
// demo's morning (2017-12-20), when the look-backs and escalations due are
// taken as the leader job would.
//
// Thread-safety: call once, after seed_demo_ledgers(), on a database no one
// else is writing.
#pragma once

#include <cstdint>

#include "app/task_service.h"
#include "store/db.h"
#include "store/evidence_store.h"

namespace lantian::app {

struct DemoProblemSummary {
  int64_t problems = 0;
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t closed = 0;
};

// Errors: whatever a service returned, with the step that failed prefixed.
Result<DemoProblemSummary> seed_demo_problems(store::Database& db, store::EvidenceStore& evidence,
                                              CalendarSource calendar);

}  // namespace lantian::app
