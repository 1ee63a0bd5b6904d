// 催报 over HTTP, on SQLite and (api_pg_tests) PostgreSQL, with the demo
// campaign served "as of" Wednesday 2017-12-20 (--clock-start): the server's
// today (GET /calendar/today), due dates that must be working days of the
// stored calendar (调休), one open request per task unless the office
// knowingly adds a second, a task's history with open / answered / late
// states, the office's list of open requests, and 一键催报 for many tasks
// in one transaction with an outcome per task.
#include <gtest/gtest.h>

#include <set>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class ReportRequestsTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-12-20T09:00:00+08:00"}); }

  void SetUp() override {
    if (log_in()) {
      nanjiao = unit_id("南郊乡");
      wangtun = unit_id("汪屯乡");
      auto campaigns = office->get("/api/v1/campaigns").obj();
      ASSERT_FALSE(campaigns.at("items").as_array().empty());
      campaign = campaigns.at("items").as_array()[0].at("id").as_int64();
    }
  }

  int64_t new_task(int64_t owner, const std::string& title) {
    auto r = office->post_json(
        "/api/v1/tasks",
        {{"campaign_id", campaign}, {"title", title}, {"owner_unit_id", owner}, {"deadline", "2018-03-30"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  static std::string path(int64_t task) {
    return "/api/v1/tasks/" + std::to_string(task) + "/report-requests";
  }
  // Serves the same database as of another instant; everyone logs in again.
  void restart_as_of(const std::string& when) {
    server->stop();
    server->start({"--clock-start", when});
    log_out();
    SetUp();
  }
  json::array history(int64_t task, HttpClient& c) {
    auto r = c.get("/api/v1/report-requests?per_page=100&task_id=" + std::to_string(task));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().at("items").as_array();
  }

  static inline int64_t nanjiao = 0, wangtun = 0, campaign = 0;
};

TEST_F(ReportRequestsTest, TodayIsTheServersDayAndCalendar) {
  for (auto* c : {office.get(), staff.get(), viewer.get()}) {
    auto r = c->get("/api/v1/calendar/today");
    ASSERT_EQ(r.status, 200) << r.body;
    auto t = r.obj();
    // --clock-start 2017-12-20T09:00+08:00, whatever the machine's date.
    EXPECT_EQ(t.at("date").as_string(), "2017-12-20");
    EXPECT_EQ(std::string(t.at("now").as_string()).substr(0, 13), "2017-12-20T01");
    EXPECT_TRUE(t.at("working_day").as_bool());
    EXPECT_EQ(t.at("holiday").as_string(), "");
    EXPECT_EQ(t.at("next_working_day").as_string(), "2017-12-21");
    // Two working days ahead: Thursday, Friday.
    EXPECT_EQ(t.at("request_due_date").as_string(), "2017-12-22");
    EXPECT_FALSE(t.at("unverified").as_bool());
  }
  EXPECT_EQ(HttpClient(server->port()).get("/api/v1/calendar/today").status, 401);
}

TEST_F(ReportRequestsTest, DueDatesMustBeWorkingDaysOfTheStoredCalendar) {
  int64_t id = new_task(nanjiao, "催报工作日");
  for (std::string day : {"2017-12-23", "2017-12-24", "2017-12-30", "2018-01-01"}) {
    auto r = office->post_json(path(id), {{"due_date", day}});
    EXPECT_EQ(r.status, 422) << day << " " << r.body;
    EXPECT_EQ(code_of(r), "not_working_day") << day;
    EXPECT_EQ(r.obj().at("errors").as_array()[0].at("field").as_string(), "due_date");
  }
  auto past = office->post_json(path(id), {{"due_date", "2017-12-19"}});
  EXPECT_EQ(code_of(past), "date_in_past");
  EXPECT_EQ(code_of(office->post_json(path(id), {{"due_date", "2017-13-01"}})), "not_a_date");
  EXPECT_EQ(code_of(office->post_json(path(id), json::object{})), "required");
  // The batch route applies the same rule to the whole batch.
  auto batch = office->post_json("/api/v1/report-requests", {{"task_ids", {id}}, {"due_date", "2017-12-23"}});
  EXPECT_EQ(batch.status, 422) << batch.body;
  EXPECT_EQ(code_of(batch), "not_working_day");
  // A make-up working day (调休) listed in the calendar is fine: list
  // Saturday 2017-12-23 as "work" and the same request passes.
  ASSERT_EQ(
      admin->request("PUT", "/api/v1/calendar/days/2017-12-23", R"({"kind":"work","holiday":"测试调休"})")
          .status,
      200);
  auto sat = office->post_json(path(id), {{"due_date", "2017-12-23"}});
  EXPECT_EQ(sat.status, 201) << sat.body;
  ASSERT_EQ(admin->request("DELETE", "/api/v1/calendar/days/2017-12-23").status, 200);
  EXPECT_TRUE(history(id, *office).size() == 1);
}

TEST_F(ReportRequestsTest, OneOpenRequestUnlessKnowinglyASecondAndHistoryStates) {
  int64_t id = new_task(nanjiao, "催报历史");
  auto first = office->post_json(path(id), {{"due_date", "2017-12-21"}, {"message", "请报送进展"}});
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(first.obj().at("state").as_string(), "open");
  EXPECT_FALSE(first.obj().at("late").as_bool());
  EXPECT_EQ(first.obj().at("requested_by_name").as_string().empty(), false);
  // A second open request is refused with the open one's due date ...
  auto second = office->post_json(path(id), {{"due_date", "2017-12-22"}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(code_of(second), "request_open");
  EXPECT_EQ(second.obj().at("params").at("due_date").as_string(), "2017-12-21");
  // ... unless the office says it knowingly adds one.
  auto again = office->post_json(path(id), {{"due_date", "2017-12-22"}, {"allow_second", true}});
  EXPECT_EQ(again.status, 201) << again.body;
  auto h = history(id, *office);
  ASSERT_EQ(h.size(), 2u);
  for (auto& x : h) EXPECT_EQ(x.at("state").as_string(), "open");
  // The township sees its task's history too; other townships do not.
  EXPECT_EQ(history(id, *leader).size(), 2u);
  // A report answers every open request on the task, on time.
  auto rep = staff->post_json("/api/v1/tasks/" + std::to_string(id) + "/reports", {{"narrative", "已报送"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  h = history(id, *office);
  ASSERT_EQ(h.size(), 2u);
  for (auto& x : h) {
    EXPECT_EQ(x.at("state").as_string(), "answered") << json::serialize(x);
    EXPECT_EQ(x.at("answered_on").as_string(), "2017-12-20");
    EXPECT_FALSE(x.at("late").as_bool());
    EXPECT_EQ(x.at("fulfilled_report_id").as_int64(), rep.obj().at("id").as_int64());
  }
  // Once answered, a new request is welcome again.
  EXPECT_EQ(office->post_json(path(id), {{"due_date", "2017-12-22"}}).status, 201);
  // Only the office requests.
  EXPECT_EQ(leader->post_json(path(id), {{"due_date", "2017-12-22"}}).status, 403);
  EXPECT_EQ(code_of(leader->post_json(path(id), {{"due_date", "2017-12-22"}, {"allow_second", true}})),
            "office_only");
}

TEST_F(ReportRequestsTest, LateMeansOpenPastDueOrAnsweredAfterIt) {
  int64_t answered = new_task(nanjiao, "迟报甲");
  int64_t silent = new_task(nanjiao, "迟报乙");
  int64_t on_time = new_task(nanjiao, "按时报");
  for (int64_t id : {answered, silent, on_time})
    ASSERT_EQ(office->post_json(path(id), {{"due_date", "2017-12-21"}}).status, 201);
  ASSERT_EQ(staff->post_json("/api/v1/tasks/" + std::to_string(on_time) + "/reports", {{"narrative", "按时"}})
                .status,
            201);
  // A week later (the same database, the server's clock moved on).
  restart_as_of("2017-12-27T09:00:00+08:00");
  EXPECT_EQ(staff->get("/api/v1/calendar/today").obj().at("date").as_string(), "2017-12-27");
  ASSERT_EQ(
      staff->post_json("/api/v1/tasks/" + std::to_string(answered) + "/reports", {{"narrative", "迟报"}})
          .status,
      201);
  auto state_of = [&](int64_t task) { return history(task, *office).at(0).as_object(); };
  auto a = state_of(answered);
  EXPECT_EQ(a.at("state").as_string(), "answered");
  EXPECT_EQ(a.at("answered_on").as_string(), "2017-12-27");
  EXPECT_TRUE(a.at("late").as_bool());
  auto b = state_of(silent);
  EXPECT_EQ(b.at("state").as_string(), "open");
  EXPECT_TRUE(b.at("late").as_bool());
  auto c = state_of(on_time);
  EXPECT_EQ(c.at("state").as_string(), "answered");
  EXPECT_FALSE(c.at("late").as_bool());
  // The filter agrees with the flag over every request.
  auto all = office->get("/api/v1/report-requests?per_page=100").obj();
  auto late = office->get("/api/v1/report-requests?per_page=100&state=late").obj();
  std::set<int64_t> late_ids;
  for (auto& x : late.at("items").as_array()) late_ids.insert(x.at("id").as_int64());
  for (auto& x : all.at("items").as_array())
    EXPECT_EQ(x.at("late").as_bool(), late_ids.count(x.at("id").as_int64()) == 1) << json::serialize(x);
  EXPECT_TRUE(late_ids.count(a.at("id").as_int64()) && late_ids.count(b.at("id").as_int64()));
  EXPECT_FALSE(late_ids.count(c.at("id").as_int64()));
  // state=open / answered list only those.
  for (std::string st : {"open", "answered"}) {
    auto page = office->get("/api/v1/report-requests?per_page=100&state=" + st).obj();
    EXPECT_GT(page.at("total").as_int64(), 0);
    for (auto& x : page.at("items").as_array()) EXPECT_EQ(x.at("state").as_string(), st);
  }
  EXPECT_EQ(office->get("/api/v1/report-requests?state=someday").status, 400);
  restart_as_of("2017-12-20T09:00:00+08:00");
}

TEST_F(ReportRequestsTest, OneClickForManyTasksSkipsThoseAlreadyRequested) {
  int64_t a = new_task(nanjiao, "一键催报甲");
  int64_t b = new_task(wangtun, "一键催报乙");
  int64_t c = new_task(nanjiao, "一键催报丙");
  ASSERT_EQ(office->post_json(path(b), {{"due_date", "2017-12-21"}}).status, 201);
  auto open_before =
      office->get("/api/v1/report-requests?state=open&per_page=1").obj().at("total").as_int64();
  auto r = office->post_json(
      "/api/v1/report-requests",
      {{"task_ids", {a, b, c, 99999999}}, {"due_date", "2017-12-22"}, {"message", "请于周五前报送进展"}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.obj();
  EXPECT_EQ(body.at("created").as_int64(), 2);
  EXPECT_EQ(body.at("skipped").as_int64(), 2);
  auto& items = body.at("items").as_array();
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("outcome").as_string(), "created");
  EXPECT_EQ(items[0].at("request").at("task_id").as_int64(), a);
  EXPECT_EQ(items[0].at("request").at("message").as_string(), "请于周五前报送进展");
  EXPECT_EQ(items[1].at("outcome").as_string(), "skipped");
  EXPECT_EQ(items[1].at("code").as_string(), "request_open");
  EXPECT_EQ(items[1].at("params").at("due_date").as_string(), "2017-12-21");
  EXPECT_EQ(items[2].at("outcome").as_string(), "created");
  EXPECT_EQ(items[3].at("code").as_string(), "no_such_task");
  auto open_after = office->get("/api/v1/report-requests?state=open&per_page=1").obj().at("total").as_int64();
  EXPECT_EQ(open_after, open_before + 2);
  // The open list is scoped: 南郊乡's leader sees a and c, not b.
  auto mine = leader->get("/api/v1/report-requests?state=open&per_page=100").obj();
  std::set<int64_t> tasks;
  for (auto& x : mine.at("items").as_array()) tasks.insert(x.at("task_id").as_int64());
  EXPECT_TRUE(tasks.count(a) && tasks.count(c));
  EXPECT_FALSE(tasks.count(b));
  // The responsible people were notified in the same transaction.
  EXPECT_EQ(history(a, *office).size(), 1u);
  // Bad batches fail whole: empty, duplicates, too many; only the office.
  EXPECT_EQ(code_of(office->post_json("/api/v1/report-requests",
                                      {{"task_ids", json::array{}}, {"due_date", "2017-12-22"}})),
            "required");
  EXPECT_EQ(code_of(office->post_json("/api/v1/report-requests",
                                      {{"task_ids", {a, a}}, {"due_date", "2017-12-22"}})),
            "duplicate_entry");
  json::array many;
  for (int i = 1; i <= 201; ++i) many.push_back(i);
  EXPECT_EQ(
      code_of(office->post_json("/api/v1/report-requests", {{"task_ids", many}, {"due_date", "2017-12-22"}})),
      "too_many");
  EXPECT_EQ(history(c, *office).size(), 1u);
  auto denied = leader->post_json("/api/v1/report-requests", {{"task_ids", {a}}, {"due_date", "2017-12-22"}});
  EXPECT_EQ(denied.status, 403);
  // allow_second adds to the open ones.
  auto second = office->post_json("/api/v1/report-requests",
                                  {{"task_ids", {a, b}}, {"due_date", "2017-12-22"}, {"allow_second", true}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.obj().at("created").as_int64(), 2);
  EXPECT_EQ(history(b, *office).size(), 2u);
}

}  // namespace
}  // namespace lantian::test
