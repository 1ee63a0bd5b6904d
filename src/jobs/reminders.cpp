#include "jobs/reminders.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/task_workflow.h"
#include "core/text.h"
#include "jobs/scheduler.h"
#include "obs/log.h"
#include "store/notifications_repo.h"
#include "store/reminders_repo.h"

namespace lantian::jobs {

using namespace std::chrono;

Date china_date(TimePoint t) { return floor<days>(t + hours(8)); }

namespace {

constexpr size_t kWriteBatch = 200;

// At most n characters of a (valid UTF-8) title, for a notice's one line.
std::string shorten(const std::string& s, size_t n) { return shorten_text(s, n + 1); }

struct Pending {
  app::NotificationDraft draft;
  int* counter;
};

// The notices one pass would raise, before the ones already raised are
// filtered out.
class PassBuilder {
 public:
  // One event to a set of users (duplicates and unset ids dropped).
  // `templ` names the text (app/notification_templates.h), `params` fill it.
  void add(const std::string& key_prefix, std::vector<int64_t> users, const std::string& kind,
           std::optional<int64_t> task_id, const std::string& templ, const Params& params, int* counter) {
    std::set<int64_t> seen;
    for (int64_t u : users) {
      if (u <= 0 || !seen.insert(u).second) continue;
      app::NotificationDraft d;
      d.user_id = u;
      d.kind = kind;
      d.task_id = task_id;
      d.template_name = templ;
      d.params = params;
      d.dedup_key = key_prefix + ":" + std::to_string(u);
      pending_.push_back({std::move(d), counter});
    }
  }
  std::vector<Pending>& pending() { return pending_; }

 private:
  std::vector<Pending> pending_;
};

std::vector<int64_t> recipients(const store::reminders::DueTask& t,
                                const std::map<int64_t, std::vector<int64_t>>& leaders,
                                const std::vector<int64_t>* office) {
  std::vector<int64_t> out;
  if (t.responsible_user_id) out.push_back(*t.responsible_user_id);
  if (auto it = leaders.find(t.owner_unit_id); it != leaders.end())
    out.insert(out.end(), it->second.begin(), it->second.end());
  if (office) out.insert(out.end(), office->begin(), office->end());
  return out;
}

}  // namespace

Status run_reminders(store::Database& db, const Clock& clock, const WorkCalendar& cal,
                     const ReminderConfig& config, ReminderRun* out) {
  ReminderRun run;
  const TimePoint now_tp = clock.now();
  if (hh_mm_ss(now_tp + hours(8) - china_date(now_tp)).hours().count() < config.send_from_hour) {
    if (out) *out = run;
    return {};
  }
  const Date today = china_date(now_tp);
  const std::string today_s = format_date(today);
  std::set<int> offsets;
  for (int o : config.offsets)
    if (o >= 0 && o <= 30) offsets.insert(o);
  // The last deadline that is max(offsets) working days away: the day before
  // the next working day after it (a deadline on a following holiday is
  // still max(offsets) away).
  const Date last =
      offsets.empty() ? today - days(1) : cal.add_working_days(today, *offsets.rbegin() + 1) - days(1);
  const Date first = today - days(std::max(1, config.lookback_days));
  const std::string first_s = format_date(first), last_s = format_date(std::max(last, today - days(1)));
  const std::string yesterday_s = format_date(today - days(1));
  std::vector<std::string> open;
  for (const auto& s : task_statuses())
    if (s.open) open.emplace_back(s.name);

  PassBuilder b;
  std::set<std::string> used;
  LT_TRY(db.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto tasks, store::reminders::tasks_due(tx, open, first_s, last_s));
    std::vector<store::reminders::DueMilestone> milestones;
    if (!offsets.empty()) {
      LT_ASSIGN(milestones, store::reminders::milestones_due(tx, open, today_s, format_date(last)));
    }
    LT_ASSIGN(auto requests, store::reminders::open_requests_due(tx, first_s, yesterday_s));
    std::set<int64_t> unit_set;
    for (const auto& t : tasks) unit_set.insert(t.owner_unit_id);
    for (const auto& m : milestones) unit_set.insert(m.task.owner_unit_id);
    for (const auto& q : requests) unit_set.insert(q.unit_id);
    LT_ASSIGN(auto leaders, store::reminders::users_with_role_in_units(
                                tx, std::vector<int64_t>(unit_set.begin(), unit_set.end()), "unit_leader"));
    std::vector<int64_t> office;
    bool any_overdue = !requests.empty();
    for (const auto& t : tasks) any_overdue = any_overdue || t.deadline < today_s;
    if (any_overdue) {
      LT_ASSIGN(office, store::reminders::users_with_role(tx, "campaign_office"));
    }

    // The campaign office gets one digest a day instead of a notice per
    // overdue task: with hundreds of late tasks a per-task stream would bury
    // its inbox (and every office member would multiply the rows).
    std::vector<const store::reminders::DueTask*> overdue_tasks;
    for (const auto& t : tasks) {
      std::string title = shorten(t.title, 120);
      if (is_overdue(t.status, t.deadline, today_s)) {
        overdue_tasks.push_back(&t);
        b.add(fmt::format("overdue:{}:{}", t.id, t.deadline), recipients(t, leaders, nullptr), "task_overdue",
              t.id, "task_overdue", {{"title", title}, {"unit", t.owner_unit_name}, {"deadline", t.deadline}},
              &run.overdue);
        continue;
      }
      auto deadline = parse_date(t.deadline);
      if (!deadline || *deadline < today) continue;
      int n = cal.working_days_between(today, *deadline);
      if (!offsets.count(n)) continue;
      b.add(fmt::format("remind:{}:{}:{}", t.id, t.deadline, n), recipients(t, leaders, nullptr),
            "deadline_reminder", t.id, n == 0 ? "deadline_today" : "deadline_reminder",
            {{"title", title},
             {"unit", t.owner_unit_name},
             {"deadline", t.deadline},
             {"days", std::to_string(n)}},
            &run.deadline_reminders);
    }
    if (!overdue_tasks.empty() && !office.empty()) {
      std::sort(overdue_tasks.begin(), overdue_tasks.end(), [](const auto* a, const auto* b) {
        return std::tie(a->deadline, a->id) < std::tie(b->deadline, b->id);
      });
      size_t fresh = std::count_if(overdue_tasks.begin(), overdue_tasks.end(),
                                   [&](const auto* t) { return t->deadline == yesterday_s; });
      // The first ten, one per line in a form both languages read: the
      // list itself needs no translation.
      std::string items;
      for (size_t i = 0; i < overdue_tasks.size() && i < 10; ++i) {
        const auto* t = overdue_tasks[i];
        items +=
            fmt::format("\n{}. {} · {} · {}", i + 1, shorten(t->title, 60), t->owner_unit_name, t->deadline);
      }
      if (overdue_tasks.size() > 10) items += "\n……";
      b.add("overdue_digest:" + today_s, office, "overdue_digest", std::nullopt, "overdue_digest",
            {{"today", today_s},
             {"count", std::to_string(overdue_tasks.size())},
             {"new_count", std::to_string(fresh)},
             {"items", items}},
            &run.overdue_digests);
    }
    for (const auto& m : milestones) {
      auto deadline = parse_date(m.deadline);
      if (!deadline || *deadline < today) continue;
      int n = cal.working_days_between(today, *deadline);
      if (!offsets.count(n)) continue;
      std::string title = shorten(m.title, 60), task = shorten(m.task.title, 80);
      b.add(fmt::format("milestone:{}:{}:{}", m.id, m.deadline, n), recipients(m.task, leaders, nullptr),
            "milestone_reminder", m.task.id, n == 0 ? "milestone_today" : "milestone_reminder",
            {{"milestone", title}, {"title", task}, {"deadline", m.deadline}, {"days", std::to_string(n)}},
            &run.milestone_reminders);
    }
    for (const auto& q : requests) {
      std::vector<int64_t> to;
      if (auto it = leaders.find(q.unit_id); it != leaders.end()) to = it->second;
      to.insert(to.end(), office.begin(), office.end());
      std::string task = shorten(q.task_title, 120);
      b.add(fmt::format("report_overdue:{}", q.id), to, "report_overdue", q.task_id, "report_overdue",
            {{"title", task},
             {"unit", q.unit_name},
             {"due_date", q.due_date},
             {"message", q.message.empty() ? std::string() : "\n" + shorten(q.message, 300)}},
            &run.report_overdue);
    }
    std::vector<std::string> keys;
    keys.reserve(b.pending().size());
    for (const auto& p : b.pending()) keys.push_back(p.draft.dedup_key);
    LT_ASSIGN(used, store::notifications::existing_keys(tx, keys));
    return {};
  }));

  std::vector<const Pending*> fresh;
  for (const auto& p : b.pending())
    if (!used.count(p.draft.dedup_key)) fresh.push_back(&p);
  app::NotificationService notices(db, clock, config.notifications);
  const std::string now = format_utc(now_tp);
  Status st;
  for (size_t i = 0; i < fresh.size() && st.ok(); i += kWriteBatch) {
    std::vector<int*> raised;
    st = db.write([&](store::Tx& tx) -> Status {
      raised.clear();
      for (size_t j = i; j < fresh.size() && j < i + kWriteBatch; ++j) {
        LT_ASSIGN(auto id, notices.notify(tx, fresh[j]->draft, now));
        if (id) raised.push_back(fresh[j]->counter);
      }
      return {};
    });
    if (st.ok())
      for (int* c : raised) ++*c;
  }
  if (out) *out = run;
  return st;
}

void add_reminders(Scheduler& scheduler, store::Database& db, const Clock& clock,
                   std::function<std::shared_ptr<const WorkCalendar>()> calendar, ReminderConfig config,
                   obs::Logger* logger, std::chrono::milliseconds interval) {
  scheduler.add(
      "reminders", interval, [&db, &clock, calendar = std::move(calendar), config, logger]() -> Status {
        auto cal = calendar();
        ReminderRun run;
        LT_TRY(run_reminders(db, clock, *cal, config, &run));
        if (logger && run.total() > 0)
          logger->info("reminders: notices raised", {{"deadline_reminders", run.deadline_reminders},
                                                     {"milestone_reminders", run.milestone_reminders},
                                                     {"overdue", run.overdue},
                                                     {"overdue_digests", run.overdue_digests},
                                                     {"report_overdue", run.report_overdue}});
        return {};
      });
}

}  // namespace lantian::jobs
