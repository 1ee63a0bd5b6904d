// Workflow timers (e.g. a look-back due 30 days after closing): a pass that
// takes every due timer's system action (core/workflow.h [[timers]]) through
// app::TaskService::run_timers — status, roll-up, audit, workflow event and
// effects in one transaction per record, as a person's action would. Due =
// `days` calendar days, or `days` working days on the current calendar
// (调休-aware), after the record entered the timer's state. Leader-only,
// like every job; a pass may run any number of times (a moved record is no
// longer in the timer's state).
//
// Thread-safety: as app::TaskService.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "app/task_service.h"
#include "core/calendar.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

// Timers are day-granular; every 10 minutes is timely enough.
inline constexpr std::chrono::minutes kWorkflowTimerInterval{10};

// Registers the "workflow_timers" job; `calendar` gives the current
// arrangement (app::CalendarService::current()).
void add_workflow_timers(Scheduler& scheduler, app::TaskService& tasks,
                         std::function<std::shared_ptr<const WorkCalendar>()> calendar, obs::Logger* logger,
                         std::chrono::milliseconds interval = kWorkflowTimerInterval);

}  // namespace lantian::jobs
