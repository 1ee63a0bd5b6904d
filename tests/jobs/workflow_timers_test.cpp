// Workflow timers on both backends, with a deployment's task.toml that adds
// two timers the shipped one does not have: a completed task is accepted
// automatically 5 working days (调休-aware) after it was completed, unless a
// subtask is still open; a returned task resumes 3 calendar days later.
#include <gtest/gtest.h>

#include "app/task_service.h"
#include "core/workflows.h"
#include "support/test_database.h"

namespace lantian::jobs {
namespace {

using test::shipped_calendar;

TimePoint china(const std::string& date, const std::string& time = "09:00:00") {
  return *parse_time(date + "T" + time + "+08:00");
}

const char* kTimers = R"(
[[actions]]
name = "auto_accept"
label = { zh-CN = "逾期自动验收", en = "Accepted automatically" }
from = ["completed"]
to = "accepted"
parties = ["system"]
guards = ["children_done"]
effects = ["notify_accepted"]

[[actions]]
name = "auto_resume"
label = { zh-CN = "自动恢复推进", en = "Resumed automatically" }
from = ["returned"]
to = "in_progress"
parties = ["system"]

[[timers]]
state = "completed"
action = "auto_accept"
days = 5
working_days = true

[[timers]]
state = "returned"
action = "auto_resume"
days = 3
)";

class WorkflowTimers : public test::BackendTest {
 protected:
  void SetUp() override {
    std::string task;
    for (const auto& s : shipped_workflows())
      if (s.file == "task.toml") task = s.text;
    auto set = load_workflows({{"task.toml", task + kTimers}}, "override");
    ASSERT_TRUE(set.ok()) << set.error().message;
    install_workflows(std::move(set).value());

    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    exec(
        "INSERT INTO units (id, path, name, kind, created_at, updated_at) VALUES "
        "(1, '/1/', '区攻坚办', 'office', $1, $1), (2, '/1/2/', '南郊乡', 'township', $1, $1)");
    exec(
        "INSERT INTO users (id, username, name, unit_id, roles, password_hash, disabled, created_at, "
        "updated_at) VALUES (12, 'u12', '南郊乡专干', 2, 'unit_staff', 'x', 0, $1, $1)");
    exec(
        "INSERT INTO campaigns (id, name, start_date, end_date, jurisdiction_unit_id, office_unit_id, "
        "status, "
        "created_at, updated_at) VALUES (1, '2017-2018年秋冬季攻坚', '2017-09-01', '2018-03-31', 1, 1, "
        "'active', $1, $1)");
    service_ = std::make_unique<app::TaskService>(*db_, clock_, nullptr);
    service_->set_notify([this](store::Tx&, int64_t user, const std::string& kind, int64_t task,
                                const Params&, const std::string&, const std::string&) -> Status {
      notices_.push_back(kind + " " + std::to_string(task) + " " + std::to_string(user));
      return {};
    });
  }
  void TearDown() override {
    install_workflows(load_workflows({}).value());
    service_.reset();
  }

  // A task of 南郊乡 in `status` since `since` (its last event), the
  // responsible user 12.
  void task(int64_t id, const std::string& status, const std::string& since,
            std::optional<int64_t> parent = std::nullopt) {
    std::string path =
        (parent ? "/" + std::to_string(*parent) : std::string()) + "/" + std::to_string(id) + "/";
    exec(
        "INSERT INTO tasks (id, campaign_id, parent_id, path, depth, title, owner_unit_id, owner_unit_path, "
        "lead_unit_id, lead_unit_path, responsible_user_id, start_date, deadline, status, completed_at, "
        "assigned_at, created_at, updated_at) VALUES ($2, 1, $3, $4, $5, $6, 2, '/1/2/', 1, '/1/', 12, "
        "'2017-09-01', '2017-12-31', $7, $8, $1, $1, $1)",
        {id, parent ? store::Value(*parent) : store::Value(nullptr), path, int64_t(parent ? 1 : 0),
         "任务" + std::to_string(id), status,
         status == "completed" ? store::Value(since) : store::Value(nullptr)});
    if (parent) exec("UPDATE tasks SET child_count = child_count + 1 WHERE id = $2", {*parent});
    exec(
        "INSERT INTO workflow_events (workflow, record_id, action, from_state, to_state, actor_user_id, at) "
        "VALUES ('task', $2, 'test', 'in_progress', $3, 12, $4)",
        {id, status, since});
  }
  // Runs the timers at `t`, twice (a rerun must move nothing).
  int run(TimePoint t) {
    clock_.set(t);
    auto moved = service_->run_timers(&cal_);
    EXPECT_TRUE(moved.ok()) << moved.error().message;
    auto again = service_->run_timers(&cal_);
    EXPECT_TRUE(again.ok());
    EXPECT_EQ(again.ok() ? *again : -1, 0) << "a rerun moved tasks";
    return moved.ok() ? *moved : -1;
  }
  std::vector<std::string> strings(const std::string& sql, const std::vector<store::Value>& params = {}) {
    std::vector<std::string> out;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto rows, tx.query(sql, params));
                     for (auto& r : rows.rows) {
                       std::string line;
                       for (size_t i = 0; i < r.size(); ++i)
                         line += (i ? " " : "") + (r.is_null(i) ? std::string("NULL") : r.str(i));
                       out.push_back(line);
                     }
                     return {};
                   })
                    .ok());
    return out;
  }
  std::string status_of(int64_t id) {
    auto s = strings("SELECT status FROM tasks WHERE id = $1", {id});
    return s.empty() ? "" : s[0];
  }

  WorkCalendar cal_ = shipped_calendar();
  ManualClock clock_{china("2017-09-29")};
  std::unique_ptr<app::TaskService> service_;
  std::vector<std::string> notices_;
};

TEST_P(WorkflowTimers, CompletedTasksAreAcceptedFiveWorkingDaysLater) {
  // Completed Friday 2017-09-29 10:00. Working days after it: Saturday 09-30
  // (调休 make-up day), then 10-01..10-08 are off (国庆+中秋): 10-09, 10-10,
  // 10-11, 10-12 — the fifth is Thursday 10-12, not Wednesday 10-04.
  task(1, "completed", "2017-09-29T02:00:00.000Z");
  // A parent completed the same day whose subtask is still in progress: the
  // guard children_done holds it back.
  task(2, "completed", "2017-09-29T02:00:00.000Z");
  task(3, "in_progress", "2017-09-29T02:00:00.000Z", 2);
  EXPECT_EQ(run(china("2017-10-04")), 0);
  EXPECT_EQ(run(china("2017-10-11", "23:59:00")), 0);
  EXPECT_EQ(status_of(1), "completed");
  EXPECT_EQ(run(china("2017-10-12", "00:10:00")), 1);
  EXPECT_EQ(status_of(1), "accepted");
  EXPECT_EQ(status_of(2), "completed");
  // Stamps as for a person's acceptance: accepted_at now, completed_at kept.
  EXPECT_EQ(
      strings("SELECT completed_at, accepted_at FROM tasks WHERE id = 1"),
      std::vector<std::string>{"2017-09-29T02:00:00.000Z " + format_utc(china("2017-10-12", "00:10:00"))});
  // The history names the system (no actor), the audit log the timer, and
  // the definition's effect told the responsible user.
  EXPECT_EQ(
      strings("SELECT action, from_state, to_state, actor_user_id FROM workflow_events WHERE record_id = 1 "
              "ORDER BY id"),
      (std::vector<std::string>{"test in_progress completed 12", "auto_accept completed accepted NULL"}));
  EXPECT_EQ(strings("SELECT action, entity_id FROM audit_log WHERE action = 'auto_accept'"),
            std::vector<std::string>{"auto_accept 1"});
  EXPECT_EQ(notices_, std::vector<std::string>{"task_accepted 1 12"});
  // Once the subtask is done, the parent's timer (long due) takes it.
  // (completed today: its own timer is not due)
  exec("UPDATE tasks SET status = 'completed' WHERE id = 3");
  exec(
      "INSERT INTO workflow_events (workflow, record_id, action, from_state, to_state, actor_user_id, at) "
      "VALUES ('task', 3, 'complete', 'in_progress', 'completed', 12, '2017-10-12T00:30:00.000Z')");
  EXPECT_EQ(run(china("2017-10-12", "09:00:00")), 1);
  EXPECT_EQ(status_of(2), "accepted");
}

TEST_P(WorkflowTimers, CalendarDayTimersCountEveryDay) {
  task(5, "returned", "2017-09-29T02:00:00.000Z");
  EXPECT_EQ(run(china("2017-10-02", "09:59:00")), 0);  // 3 days less a minute
  EXPECT_EQ(run(china("2017-10-02", "10:00:00")), 1);  // holidays count as days
  EXPECT_EQ(status_of(5), "in_progress");
  EXPECT_EQ(strings("SELECT completed_at, accepted_at FROM tasks WHERE id = 5"),
            std::vector<std::string>{"NULL NULL"});
}

TEST_P(WorkflowTimers, TheShippedDefinitionHasNoTimers) {
  install_workflows(load_workflows({}).value());
  task(1, "completed", "2017-09-01T02:00:00.000Z");
  EXPECT_EQ(run(china("2017-12-29")), 0);
  EXPECT_EQ(status_of(1), "completed");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowTimers, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::jobs
