#include "jobs/aq_monitoring.h"

#include "jobs/scheduler.h"
#include "obs/log.h"

namespace lantian::jobs {

void add_aq_monitoring(Scheduler& scheduler, app::AqMonitoringService& monitoring, obs::Logger* logger,
                       std::chrono::milliseconds interval) {
  scheduler.add("aq_monitoring", interval, [&monitoring, logger]() -> Status {
    LT_ASSIGN(auto rep, monitoring.scan(app::Actor::system("aq-monitoring")));
    if (logger && rep.opened > 0)
      logger->info("aq monitoring", {{"stations", rep.stations},
                                     {"runs", rep.runs},
                                     {"opened", rep.opened},
                                     {"extended", rep.extended}});
    return {};
  });
}

}  // namespace lantian::jobs
