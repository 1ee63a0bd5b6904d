// AqMonitoringService: monitoring → action (issue 13). A scan reads the
// stations' recent hours, finds the runs of hours that break a monitoring
// rule (resources/problems.toml [[monitoring]], core/monitoring_rules.h) —
// an enterprise's online monitor above its permitted limit, a township or
// micro station far above its neighbours — and opens one supervision problem
// per episode through ProblemService: registered with the station's
// enterprise and place, the readings in its description, and assigned to
// the station's unit with the rule's deadline (working days, 调休). A run
// within the rule's gap of a known episode extends that episode instead.
//
// One problem per episode, also with several instances: each station's
// episodes are looked for and opened under its row lock
// (store::aq::lock_station), and an episode's (station, rule, first hour) is
// unique, so a second scanner extends or skips what the first opened.
//
// The problems are registered and assigned by the system (Actor::system),
// whoever asked for the scan (the leader-only job jobs/aq_monitoring.h, or
// the office over the API).
//
// Errors: what the database or ProblemService returned (the scan stops at
// the first; episodes opened before it stay, each in its own transaction).
// Thread-safety: thread-safe (the database is; the service keeps no state).
#pragma once

#include <cstdint>

#include "app/problem_service.h"
#include "core/clock.h"
#include "core/monitoring_rules.h"
#include "store/db.h"

namespace lantian::app {

// Hours looked back by a scan (a run older than this is left alone).
inline constexpr int64_t kMonitoringScanHours = 48;

struct MonitoringReport {
  int64_t stations = 0;  // watched by some rule
  int64_t runs = 0;      // found in the window
  int64_t opened = 0;    // new episodes (and problems)
  int64_t extended = 0;  // runs that lengthened a known episode
};

class AqMonitoringService {
 public:
  AqMonitoringService(store::Database& db, const Clock& clock, ProblemService& problems)
      : db_(db), clock_(clock), problems_(problems) {}

  // One pass over the hours ending in the past kMonitoringScanHours, by an
  // actor holding aq.manage (the job: Actor::system). Errors: not_permitted.
  Result<MonitoringReport> scan(const Actor& a);

 private:
  store::Database& db_;
  const Clock& clock_;
  ProblemService& problems_;
};

}  // namespace lantian::app
