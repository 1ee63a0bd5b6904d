#include "jobs/workflow_timers.h"

#include "jobs/scheduler.h"
#include "obs/log.h"

namespace lantian::jobs {

void add_workflow_timers(Scheduler& scheduler, app::TaskService& tasks,
                         std::function<std::shared_ptr<const WorkCalendar>()> calendar, obs::Logger* logger,
                         std::chrono::milliseconds interval) {
  scheduler.add("workflow_timers", interval, [&tasks, calendar = std::move(calendar), logger]() -> Status {
    auto cal = calendar();
    LT_ASSIGN(int moved, tasks.run_timers(cal.get()));
    if (logger && moved > 0) logger->info("workflow timers: records moved", {{"moved", moved}});
    return {};
  });
}

}  // namespace lantian::jobs
