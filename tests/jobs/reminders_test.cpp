// The reminder pass with a manual clock on both backends: who is told what,
// exactly once, across the 2017 National Day holiday and its make-up working
// Saturday (调休); overdue tasks, milestones, report requests; and a pass
// over 100,000 tasks that only reads its window.
#include "jobs/reminders.h"

#include <gtest/gtest.h>

#include <map>

#include "support/test_database.h"

namespace lantian::jobs {
namespace {

using namespace std::chrono;

using test::shipped_calendar;

// 09:00 in China on a date.
TimePoint morning(const std::string& date) { return *parse_time(date + "T09:00:00+08:00"); }

// Users: 10 office (campaign_office), 11 leader of 南郊乡, 12 staff of 南郊乡
// (responsible for the tasks), 13 a disabled leader of 南郊乡, 14 leader of
// 汪屯乡, 15 an inspector who also leads 南郊乡 ("unit_leader,inspector"),
// 16 a disabled campaign_office user.
constexpr int64_t kOffice = 10, kLeader = 11, kStaff = 12, kGone = 13, kOtherLeader = 14, kBoth = 15,
                  kGoneOffice = 16;
constexpr int64_t kNanjiao = 2, kWangtun = 3;

class Reminders : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    exec(
        "INSERT INTO units (id, path, name, kind, created_at, updated_at) VALUES "
        "(1, '/1/', '区攻坚办', 'office', $1, $1), (2, '/1/2/', '南郊乡', 'township', $1, $1), "
        "(3, '/1/3/', '汪屯乡', 'township', $1, $1)");
    struct U {
      int64_t id, unit;
      const char* roles;
      int disabled;
    };
    for (U u : std::vector<U>{{kOffice, 1, "campaign_office", 0},
                              {kLeader, kNanjiao, "unit_leader", 0},
                              {kStaff, kNanjiao, "unit_staff", 0},
                              {kGone, kNanjiao, "unit_leader", 1},
                              {kOtherLeader, kWangtun, "unit_leader", 0},
                              {kBoth, kNanjiao, "inspector,unit_leader", 0},
                              {kGoneOffice, 1, "campaign_office", 1}})
      exec(
          "INSERT INTO users (id, username, name, unit_id, roles, password_hash, disabled, created_at, "
          "updated_at) "
          "VALUES ($2, $3, $3, $4, $5, 'x', $6, $1, $1)",
          {u.id, "u" + std::to_string(u.id), u.unit, std::string(u.roles), int64_t(u.disabled)});
    exec(
        "INSERT INTO campaigns (id, name, start_date, end_date, jurisdiction_unit_id, office_unit_id, "
        "status, "
        "created_at, updated_at) VALUES (1, '2017-2018年秋冬季攻坚', '2017-09-01', '2018-03-31', 1, 1, "
        "'active', $1, $1)");
  }
  void task(int64_t id, const std::string& deadline, const std::string& status = "in_progress",
            std::optional<int64_t> responsible = kStaff, int64_t owner = kNanjiao) {
    exec(
        "INSERT INTO tasks (id, campaign_id, path, depth, title, owner_unit_id, owner_unit_path, "
        "lead_unit_id, "
        "lead_unit_path, responsible_user_id, start_date, deadline, status, assigned_at, created_at, "
        "updated_at) "
        "VALUES ($2, 1, $3, 0, $4, $5, $6, 1, '/1/', $7, '2017-09-01', $8, $9, $1, $1, $1)",
        {id, "/" + std::to_string(id) + "/", "任务" + std::to_string(id), owner,
         "/1/" + std::to_string(owner) + "/",
         responsible ? store::Value(*responsible) : store::Value(nullptr), deadline, status});
  }

  // Runs a pass at `t` (twice: a rerun must add nothing) and returns what it
  // raised as "kind task user" lines.
  std::vector<std::string> pass(TimePoint t, ReminderConfig config = {}) {
    clock_.set(t);
    int64_t before = max_id();
    ReminderRun run;
    auto st = run_reminders(*db_, clock_, cal_, config, &run);
    EXPECT_TRUE(st.ok()) << st.error().message;
    int64_t after = max_id();
    ReminderRun again;
    EXPECT_TRUE(run_reminders(*db_, clock_, cal_, config, &again).ok());
    EXPECT_EQ(again.total(), 0) << "a rerun raised notices";
    EXPECT_EQ(max_id(), after);
    EXPECT_EQ(run.total(), after - before);
    return raised_since(before);
  }
  int64_t max_id() {
    int64_t n = 0;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one("SELECT COALESCE(MAX(id), 0) FROM notifications", {}));
                     n = r->i64(0);
                     return {};
                   })
                    .ok());
    return n;
  }
  std::vector<std::string> raised_since(int64_t id) {
    std::vector<std::string> out;
    EXPECT_TRUE(
        db_->read([&](store::Tx& tx) -> Status {
             LT_ASSIGN(auto rows, tx.query("SELECT kind, task_id, user_id FROM notifications WHERE id > $1 "
                                           "ORDER BY kind, task_id, user_id",
                                           {id}));
             for (auto& r : rows.rows)
               out.push_back(r.str(0) + " " + std::to_string(r.i64(1)) + " " + std::to_string(r.i64(2)));
             return {};
           })
            .ok());
    return out;
  }
  // The campaign office's daily digest (no task), as a line.
  static std::vector<std::string> digest() { return {"overdue_digest 0 " + std::to_string(kOffice)}; }
  // `l` plus the digest, in the order raised_since() reports.
  static std::vector<std::string> with_digest(std::vector<std::string> l) {
    l.push_back(digest()[0]);
    std::sort(l.begin(), l.end());
    return l;
  }
  static std::vector<std::string> lines(const std::string& kind, int64_t task, std::vector<int64_t> users) {
    std::sort(users.begin(), users.end());
    std::vector<std::string> out;
    for (auto u : users) out.push_back(kind + " " + std::to_string(task) + " " + std::to_string(u));
    return out;
  }

  WorkCalendar cal_ = shipped_calendar();
  ManualClock clock_{morning("2017-09-25")};
};

TEST_P(Reminders, OffsetsCountWorkingDaysAcrossTheNationalDayHoliday) {
  // Due Monday 2017-10-09, the first working day after the holiday
  // (10-01..10-08 off; Saturday 09-30 is a make-up working day).
  task(1, "2017-10-09");
  std::map<std::string, std::vector<std::string>> by_day;
  for (Date day = *parse_date("2017-09-25"); day <= *parse_date("2017-10-12"); day += days(1)) {
    auto got = pass(morning(format_date(day)));
    if (!got.empty()) by_day[format_date(day)] = got;
  }
  // The owner's leaders (not the disabled one, not 汪屯乡's) and the
  // responsible staff member; the office a daily digest once it is overdue.
  std::map<std::string, std::vector<std::string>> want = {
      {"2017-09-28", lines("deadline_reminder", 1, {kStaff, kLeader, kBoth})},  // Thu: 09-29, 09-30, 10-09
      {"2017-09-30", lines("deadline_reminder", 1, {kStaff, kLeader, kBoth})},  // make-up Saturday: 10-09
      {"2017-10-10", with_digest(lines("task_overdue", 1, {kStaff, kLeader, kBoth}))},
      {"2017-10-11", digest()},
      {"2017-10-12", digest()},
  };
  EXPECT_EQ(by_day, want);
  // The texts say how many working days are left.
  std::string body;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(auto r,
                             tx.query_one("SELECT title, body FROM notifications WHERE dedup_key = $1",
                                          {std::string("remind:1:2017-10-09:1:12")}));
                   EXPECT_TRUE(r.has_value());
                   EXPECT_EQ(r->str(0), "任务即将到期：任务1");
                   body = r->str(1);
                   return {};
                 })
                  .ok());
  EXPECT_NE(body.find("还剩 1 个工作日"), std::string::npos) << body;
}

TEST_P(Reminders, OffsetZeroIsTheDeadlineDayAndNothingBeforeTheMorning) {
  task(1, "2017-09-29");
  ReminderConfig c;
  c.offsets = {0};
  EXPECT_TRUE(pass(*parse_time("2017-09-29T07:59:00+08:00"), c).empty());  // before 08:00 China time
  EXPECT_EQ(pass(*parse_time("2017-09-29T08:00:00+08:00"), c),
            lines("deadline_reminder", 1, {kStaff, kLeader, kBoth}));
  c.send_from_hour = 0;
  EXPECT_EQ(pass(*parse_time("2017-09-30T00:00:30+08:00"), c),
            with_digest(lines("task_overdue", 1, {kStaff, kLeader, kBoth})));
}

TEST_P(Reminders, OnlyOpenTasksAndEnabledPeople) {
  task(1, "2017-09-27", "not_started");
  task(2, "2017-09-27", "returned");
  task(3, "2017-09-27", "completed");
  task(4, "2017-09-27", "accepted");
  task(5, "2017-09-27", "in_progress", kGone);         // responsible user disabled
  task(6, "2017-09-27", "in_progress", std::nullopt);  // nobody named
  task(7, "2017-09-27", "in_progress", kOtherLeader, kWangtun);
  auto got = pass(morning("2017-09-28"));
  std::vector<std::string> want;
  for (int64_t t : {1, 2}) {
    auto l = lines("task_overdue", t, {kStaff, kLeader, kBoth});
    want.insert(want.end(), l.begin(), l.end());
  }
  for (int64_t t : {5, 6}) {
    auto l = lines("task_overdue", t, {kLeader, kBoth});
    want.insert(want.end(), l.begin(), l.end());
  }
  auto l = lines("task_overdue", 7, {kOtherLeader});  // responsible and leader are one person
  want.insert(want.end(), l.begin(), l.end());
  EXPECT_EQ(got, with_digest(want));
  // The digest counts the five overdue tasks.
  std::string title;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(
                       auto r,
                       tx.query_one("SELECT title FROM notifications WHERE kind = 'overdue_digest'", {}));
                   title = r ? r->str(0) : "";
                   return {};
                 })
                  .ok());
  EXPECT_EQ(title, "逾期任务汇总：5 项");
}

TEST_P(Reminders, ANewDeadlineIsANewEvent) {
  task(1, "2017-09-27");
  EXPECT_EQ(pass(morning("2017-09-28")).size(), 4u);  // 3 people + the office's digest
  EXPECT_EQ(pass(morning("2017-09-29")), digest());   // still overdue: only the next day's digest
  // Extended to 2017-10-09 (10-09 is 1 working day after the holiday): the
  // old notices stay, the new deadline gets its own reminders.
  exec("UPDATE tasks SET deadline = '2017-10-09' WHERE id = 1");
  EXPECT_EQ(pass(morning("2017-09-30")), lines("deadline_reminder", 1, {kStaff, kLeader, kBoth}));
  EXPECT_EQ(pass(morning("2017-10-10")), with_digest(lines("task_overdue", 1, {kStaff, kLeader, kBoth})));
}

TEST_P(Reminders, OpenMilestonesOfOpenTasks) {
  task(1, "2017-12-29");
  task(2, "2017-12-29", "completed");
  exec(
      "INSERT INTO milestones (id, task_id, title, deadline, done_at, sort_order) VALUES "
      "(1, 1, '完成摸底排查', '2017-10-09', NULL, 1), (2, 1, '制定方案', '2017-10-09', $1, 2), "
      "(3, 2, '验收', '2017-10-09', NULL, 1), (4, 1, '全面整治', '2017-11-30', NULL, 3)");
  EXPECT_TRUE(pass(morning("2017-09-27")).empty());
  EXPECT_EQ(pass(morning("2017-09-28")), lines("milestone_reminder", 1, {kStaff, kLeader, kBoth}));
  EXPECT_EQ(pass(morning("2017-09-30")), lines("milestone_reminder", 1, {kStaff, kLeader, kBoth}));
  EXPECT_TRUE(pass(morning("2017-10-10")).empty());  // milestones have no overdue notice
}

TEST_P(Reminders, UnfulfilledReportRequestsPastTheirDueDate) {
  task(1, "2017-12-29");
  exec(
      "INSERT INTO report_requests (id, task_id, unit_id, unit_path, message, due_date, requested_by, "
      "requested_at, fulfilled_at) VALUES "
      "(1, 1, 2, '/1/2/', '请报送本周进展', '2017-09-27', 10, $1, NULL), "
      "(2, 1, 2, '/1/2/', '', '2017-09-27', 10, $1, $1), "
      "(3, 1, 2, '/1/2/', '', '2017-09-28', 10, $1, NULL)");
  EXPECT_TRUE(pass(morning("2017-09-27")).empty());  // due today: not yet late
  EXPECT_EQ(pass(morning("2017-09-28")), lines("report_overdue", 1, {kLeader, kBoth, kOffice}));
  EXPECT_EQ(pass(morning("2017-09-29")), lines("report_overdue", 1, {kLeader, kBoth, kOffice}));  // request 3
  EXPECT_TRUE(pass(morning("2017-09-30")).empty());
}

TEST_P(Reminders, QueuesWebhookDeliveriesWhenConfigured) {
  task(1, "2017-09-27");
  ReminderConfig c;
  c.notifications.webhook = true;
  EXPECT_EQ(pass(morning("2017-09-28"), c).size(), 4u);
  int64_t n = 0;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(
                       auto r,
                       tx.query_one("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'", {}));
                   n = r->i64(0);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(n, 4);
}

TEST_P(Reminders, AHundredThousandTasksCostOnlyTheWindow) {
  // 100,000 open tasks due long ago (beyond the one-year look-back) or far
  // ahead, and a handful in the window. A pass that read the whole table
  // would count working days for 100,000 deadlines years away.
  exec(
      "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 100999) "
      "INSERT INTO tasks (id, campaign_id, path, depth, title, owner_unit_id, owner_unit_path, lead_unit_id, "
      "lead_unit_path, responsible_user_id, start_date, deadline, status, assigned_at, created_at, "
      "updated_at) "
      "SELECT i, 1, '/' || i || '/', 0, 'bulk', 2, '/1/2/', 1, '/1/', 12, '2015-01-01', "
      "CASE WHEN i % 2 = 0 THEN '2015-06-30' ELSE '2030-06-28' END, "
      "CASE WHEN i % 3 = 0 THEN 'not_started' ELSE 'in_progress' END, $1, $1, $1 FROM n");
  task(1, "2017-09-27");  // overdue
  task(2, "2017-10-09");  // 3 working days from 09-28? no: 09-29, 09-30, 10-09 = 3
  task(3, "2016-10-01");  // overdue for almost a year: inside the look-back
  auto t0 = steady_clock::now();
  auto got = pass(morning("2017-09-28"));
  auto took = duration_cast<milliseconds>(steady_clock::now() - t0);
  std::vector<std::string> want = lines("task_overdue", 1, {kStaff, kLeader, kBoth});
  auto l = lines("deadline_reminder", 2, {kStaff, kLeader, kBoth});
  want.insert(want.end(), l.begin(), l.end());
  l = lines("task_overdue", 3, {kStaff, kLeader, kBoth});
  want.insert(want.end(), l.begin(), l.end());
  EXPECT_EQ(got, with_digest(want));
  // Two passes (the rerun included) in well under a second.
  EXPECT_LT(took.count(), 1500) << "the pass read more than its window";
}

INSTANTIATE_TEST_SUITE_P(Backends, Reminders, ::testing::Values("sqlite", "postgres"),
                         [](const auto& p) { return p.param; });

TEST(ChinaDate, IsTheDateInUtcPlusEight) {
  EXPECT_EQ(format_date(china_date(*parse_time("2017-09-30T15:59:59Z"))), "2017-09-30");
  EXPECT_EQ(format_date(china_date(*parse_time("2017-09-30T16:00:00Z"))), "2017-10-01");
}

}  // namespace
}  // namespace lantian::jobs
