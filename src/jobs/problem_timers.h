// The supervision problem loop's own moves (app::ProblemService): each pass
// takes the look-backs that fell due (closed → look-back due, with a notice
// to the campaign office) and raises late problems up the escalation ladder
// (reminder → warning to the unit's leaders → interview proposal), each step
// once per deadline, and reminds the units of problems due today or on the
// next working day (调休 calendar), once per deadline. Leader-only, like every job: with several instances
// only one runs it; a pass may run any number of times (a moved problem is
// no longer due; a step taken is recorded).
//
// Thread-safety: as app::ProblemService.
#pragma once

#include <chrono>

#include "app/problem_service.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

// Day-granular rules: every 10 minutes is timely enough.
inline constexpr std::chrono::minutes kProblemTimerInterval{10};

// Registers the "problem_timers" job; logs each pass that moved anything.
void add_problem_timers(Scheduler& scheduler, app::ProblemService& problems, obs::Logger* logger,
                        std::chrono::milliseconds interval = kProblemTimerInterval);

}  // namespace lantian::jobs
