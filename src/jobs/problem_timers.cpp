#include "jobs/problem_timers.h"

#include "jobs/scheduler.h"
#include "obs/log.h"

namespace lantian::jobs {

void add_problem_timers(Scheduler& scheduler, app::ProblemService& problems, obs::Logger* logger,
                        std::chrono::milliseconds interval) {
  scheduler.add("problem_timers", interval, [&problems, logger]() -> Status {
    LT_ASSIGN(int lookbacks, problems.run_lookbacks());
    LT_ASSIGN(int escalated, problems.run_escalations());
    LT_ASSIGN(int reminded, problems.run_due_reminders());
    if (logger && (lookbacks > 0 || escalated > 0))
      logger->info("problem timers", {{"lookbacks_due", int64_t(lookbacks)},
                                      {"escalated", int64_t(escalated)},
                                      {"reminded", int64_t(reminded)}});
    return {};
  });
}

}  // namespace lantian::jobs
