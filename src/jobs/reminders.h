// Reminders and overdue notices (到期提醒 · 逾期通知): a pass over the tasks,
// milestones and report requests whose date is near or past, raising inbox
// notices through app::NotificationService (and so the webhook, when one is
// configured). Scheduled every 10 minutes on the leader.
//
// "Today" is the calendar date in China (UTC+8). For each open task (status
// not_started, in_progress or returned):
//   - deadline_reminder when the working days from today to the deadline
//     (WorkCalendar::working_days_between: working days in (today, deadline])
//     equal one of `offsets`; 0 = on the deadline day itself. So with the
//     default {3, 1} a task due Monday 2017-10-09, after the National Day
//     holiday, is reminded on Thursday 09-28 and on the make-up working
//     Saturday 09-30; the holiday days in between (also "1 left") add nothing.
//     To: the responsible user and the leaders (role unit_leader) of the
//     owner unit.
//   - task_overdue once the deadline has passed (is_overdue), once per task
//     and deadline: to the same people.
//   - overdue_digest once a day while any task is overdue: to the campaign
//     office (every user with role campaign_office), with the count, how
//     many are new today and the ten oldest. One notice per task per office
//     member would bury the office's inbox in a large district.
//   - milestone_reminder for each open milestone (done_at NULL) of an open
//     task, by the same offsets on the milestone's deadline; to the
//     responsible user and the owner unit's leaders.
//   - report_overdue for each report request (催报) not fulfilled by its
//     due date, once per request: to the leaders of the unit asked and the
//     campaign office.
// Disabled users get nothing. Every notice has a dedup_key naming the event
// and the user ("overdue:{task}:{deadline}:{user}", "remind:{task}:{deadline}:
// {n}:{user}", "milestone:{id}:{deadline}:{n}:{user}", "report_overdue:{id}:
// {user}", "overdue_digest:{date}:{user}"), so a pass may run any number of times (a new leader reruns it)
// and a notice is raised once; a changed deadline is a new event.
//
// Notices of a day are raised from send_from_hour (China time) on, so that
// nobody's phone buzzes at midnight; a pass before that hour does nothing.
//
// Cost: only dates in a window are read, through the indexes named in
// store/reminders_repo.h: tasks due from today − lookback_days (overdue) to
// the last day that is max(offsets) working days away (about three weeks at
// most), not the whole table; keys already used are looked up in bulk, so a
// rerun of a pass over thousands of overdue tasks writes nothing.
//
// Thread-safety: as store::Database.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include "app/notification_service.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "store/db.h"

namespace lantian::obs {
class Logger;
}

namespace lantian::jobs {

class Scheduler;

struct ReminderConfig {
  std::vector<int> offsets{3, 1};          // working days before a deadline (0..30)
  int lookback_days = 366;                 // overdue deadlines older than this are left alone
  int send_from_hour = 8;                  // China time, 0..23
  app::NotificationOptions notifications;  // queue webhook deliveries too
};

// The calendar date in China (UTC+8, no daylight saving) at instant t.
Date china_date(TimePoint t);

// New notices raised by one pass, by kind.
struct ReminderRun {
  int deadline_reminders = 0;
  int milestone_reminders = 0;
  int overdue = 0;
  int report_overdue = 0;
  int overdue_digests = 0;
  int total() const {
    return deadline_reminders + milestone_reminders + overdue + report_overdue + overdue_digests;
  }
};

// One pass as described above. Errors: the store's (notices raised in
// earlier write batches of the pass stay; the next pass completes it).
Status run_reminders(store::Database& db, const Clock& clock, const WorkCalendar& calendar,
                     const ReminderConfig& config, ReminderRun* run = nullptr);

// Notices are day-granular (offsets in working days, overdue from the day
// after the deadline) and each pass re-reads the window of open tasks and
// checks every candidate's dedup key: every 10 minutes is timely enough and
// keeps that cost off a large district's database.
inline constexpr std::chrono::minutes kReminderInterval{10};

// Registers the "reminders" job; `calendar` gives the current arrangement
// (app::CalendarService::current()).
void add_reminders(Scheduler& scheduler, store::Database& db, const Clock& clock,
                   std::function<std::shared_ptr<const WorkCalendar>()> calendar, ReminderConfig config,
                   obs::Logger* logger, std::chrono::milliseconds interval = kReminderInterval);

}  // namespace lantian::jobs
