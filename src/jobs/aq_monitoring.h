// Monitoring → action on a schedule (app::AqMonitoringService): each pass
// scans the stations' hours of the past two days and opens a supervision
// problem per new episode (a monitor over its limit, a station far above its
// neighbours). Leader-only, like every job; the service itself opens each
// episode once even when scans overlap (a manual scan over the API, an
// instance taking over the lead).
//
// Thread-safety: as app::AqMonitoringService.
#pragma once

#include <chrono>

#include "app/aq_monitoring_service.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

// Hourly data arrives within the hour; ten minutes keeps a problem close to it.
inline constexpr std::chrono::minutes kAqMonitoringInterval{10};

// Registers the "aq_monitoring" job; logs each pass that opened an episode.
void add_aq_monitoring(Scheduler& scheduler, app::AqMonitoringService& monitoring, obs::Logger* logger,
                       std::chrono::milliseconds interval = kAqMonitoringInterval);

}  // namespace lantian::jobs
