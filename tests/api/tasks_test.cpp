// Campaign tasks over HTTP, on SQLite and (api_pg_tests) PostgreSQL: a
// campaign and its work areas, decomposition with quantity roll-up checks,
// the status workflow and who may move it, progress reports with files,
// report requests, and working-day deadlines across the 2017 National Day
// holiday. The server runs "as of" 2017-09-29 (--clock-start), a Friday
// before the 国庆 block whose make-up working day is Saturday 2017-09-30.
#include <gtest/gtest.h>

#include <set>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class TasksTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess(true, {"--clock-start", "2017-09-29T09:00:00+08:00"});
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static ServerProcess* server;

  void SetUp() override {
    if (!admin) {
      admin = server->client_for("admin");
      office = server->client_for("office");
      leader = server->client_for("leader");
      staff = server->client_for("staff");
      viewer = server->client_for("viewer");
      district = unit_id("禹王台区人民政府");
      office_unit = unit_id("区大气污染防治攻坚办公室");
      epb = unit_id("区环境保护局");
      nanjiao = unit_id("南郊乡");
      wangtun = unit_id("汪屯乡");
      // A unit leader of the other township, to check scope.
      auto r = admin->post_json("/api/v1/users", {{"username", "wt-leader"},
                                                  {"name", "汪屯乡负责人"},
                                                  {"unit_id", wangtun},
                                                  {"roles", json::array{"unit_leader"}}});
      ASSERT_EQ(r.status, 201) << r.body;
      std::string initial(r.obj().at("initial_password").as_string());
      other_leader = server->client_for("wt-leader", initial);
      auto changed = other_leader->post_json(
          "/api/v1/auth/password", {{"current_password", initial}, {"new_password", "Wt-leader!2017x"}});
      ASSERT_EQ(changed.status, 204) << changed.body;
      staff_id = user_id("staff");
      auto c = office->post_json("/api/v1/campaigns", {{"name", "测试攻坚行动"},
                                                       {"start_date", "2017-10-01"},
                                                       {"end_date", "2018-03-31"},
                                                       {"jurisdiction_unit_id", district},
                                                       {"office_unit_id", office_unit},
                                                       {"status", "active"}});
      ASSERT_EQ(c.status, 201) << c.body;
      auto body = c.obj();
      campaign = body.at("id").as_int64();
      for (auto& a : body.at("work_areas").as_array())
        if (a.at("code").as_string() == "clean_heating") area = a.at("id").as_int64();
    }
  }

  int64_t unit_id(const std::string& name) {
    auto r = admin->get("/api/v1/units?per_page=200").obj();
    for (auto& u : r.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }
  int64_t user_id(const std::string& username) {
    auto r = admin->get("/api/v1/users?per_page=200&q=" + username).obj();
    for (auto& u : r.at("items").as_array())
      if (u.at("username").as_string() == username) return u.at("id").as_int64();
    ADD_FAILURE() << "no user " << username;
    return 0;
  }
  // A top-level 双替代 task of 2,000 households led by 环保局, owned by the office.
  json::object heating_task(const std::string& title) {
    auto r = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                 {"work_area_id", area},
                                                 {"title", title},
                                                 {"owner_unit_id", office_unit},
                                                 {"lead_unit_id", epb},
                                                 {"start_date", "2017-09-29"},
                                                 {"deadline", "2017-10-31"},
                                                 {"measure_unit", "户"},
                                                 {"target_value", 2000}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj();
  }
  json::object subtask(int64_t owner, double target, const std::string& deadline = "2017-10-20") {
    return {{"title", "双替代-" + std::to_string(owner)},
            {"owner_unit_id", owner},
            {"deadline", deadline},
            {"measure_unit", "户"},
            {"target_value", target}};
  }
  json::object get(HttpClient& c, int64_t id) {
    auto r = c.get("/api/v1/tasks/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj();
  }
  static std::string field_of(const HttpResponse& r) {
    auto o = r.obj();
    if (!o.contains("errors") || o.at("errors").as_array().empty()) return "";
    return std::string(o.at("errors").as_array()[0].at("field").as_string());
  }

  static inline std::unique_ptr<HttpClient> admin, office, leader, staff, viewer, other_leader;
  static inline int64_t district = 0, office_unit = 0, epb = 0, nanjiao = 0, wangtun = 0, staff_id = 0;
  static inline int64_t campaign = 0, area = 0;
};
ServerProcess* TasksTest::server = nullptr;

TEST_F(TasksTest, CampaignHasTheTwelveKeyAreasAndMore) {
  auto c = admin->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
  int key = 0;
  for (auto& a : c.at("work_areas").as_array()) key += a.at("key_area").as_bool();
  EXPECT_EQ(key, 12);
  EXPECT_GT(c.at("work_areas").as_array().size(), 12u);
  // Targets and source documents are stored and read back.
  auto patched = office->patch_json(
      "/api/v1/campaigns/" + std::to_string(campaign),
      {{"version", c.at("version")},
       {"targets", json::array{{{"name", "PM2.5 平均浓度"},
                                {"baseline", 92},
                                {"target", 78.2},
                                {"unit", "µg/m³"},
                                {"direction", "decrease"},
                                {"note", "同比下降15%"}}}},
       {"documents", json::array{{{"title", "攻坚行动方案"}, {"number", "环大气〔2017〕110号"}}}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto again = admin->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
  EXPECT_DOUBLE_EQ(again.at("targets").as_array()[0].at("target").as_double(), 78.2);
  EXPECT_EQ(again.at("targets").as_array()[0].at("baseline").to_number<double>(), 92);
  EXPECT_EQ(again.at("documents").as_array()[0].at("number").as_string(), "环大气〔2017〕110号");
  // Only the office writes campaigns.
  EXPECT_EQ(leader->post_json("/api/v1/campaigns", {{"name", "x"}}).status, 403);
  auto dup = office->post_json("/api/v1/campaigns", {{"name", "测试攻坚行动"},
                                                     {"start_date", "2017-10-01"},
                                                     {"end_date", "2018-03-31"},
                                                     {"jurisdiction_unit_id", district},
                                                     {"office_unit_id", office_unit}});
  EXPECT_EQ(dup.status, 409) << dup.body;
  auto bad = office->post_json("/api/v1/campaigns", {{"name", "倒序"},
                                                     {"start_date", "2018-03-31"},
                                                     {"end_date", "2017-10-01"},
                                                     {"jurisdiction_unit_id", district},
                                                     {"office_unit_id", office_unit}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(field_of(bad), "end_date");
}

TEST_F(TasksTest, DecompositionMustAddUpAndRollsUp) {
  auto parent = heating_task("清洁取暖双替代2000户");
  int64_t pid = parent.at("id").as_int64();
  std::string sub = "/api/v1/tasks/" + std::to_string(pid) + "/subtasks";
  // 1200 + 700 != 2000: refused with both sums, nothing written.
  auto short_of =
      office->post_json(sub, {{"subtasks", json::array{subtask(nanjiao, 1200), subtask(wangtun, 700)}}});
  ASSERT_EQ(short_of.status, 422) << short_of.body;
  EXPECT_NE(short_of.body.find("1900"), std::string::npos) << short_of.body;
  EXPECT_NE(short_of.body.find("2000"), std::string::npos) << short_of.body;
  EXPECT_EQ(get(*office, pid).at("child_count").as_int64(), 0);
  // Another unit of measure is refused too.
  auto unit = subtask(wangtun, 800);
  unit["measure_unit"] = "台";
  auto wrong = office->post_json(sub, {{"subtasks", json::array{subtask(nanjiao, 1200), unit}}});
  ASSERT_EQ(wrong.status, 422);
  EXPECT_EQ(field_of(wrong), "subtasks[1].measure_unit");
  // A subtask due after its parent is refused.
  auto late = office->post_json(
      sub, {{"subtasks", json::array{subtask(nanjiao, 1200, "2017-11-30"), subtask(wangtun, 800)}}});
  ASSERT_EQ(late.status, 422);
  EXPECT_EQ(field_of(late), "subtasks[0].deadline");

  auto ok =
      office->post_json(sub, {{"subtasks", json::array{subtask(nanjiao, 1200), subtask(wangtun, 800)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  int64_t nj = ok.obj().at("items").as_array()[0].at("id").as_int64();
  EXPECT_EQ(get(*office, pid).at("child_count").as_int64(), 2);
  // One more child would exceed the parent's 2000.
  auto extra = office->post_json("/api/v1/tasks", {{"parent_id", pid},
                                                   {"title", "追加"},
                                                   {"owner_unit_id", nanjiao},
                                                   {"deadline", "2017-10-20"},
                                                   {"measure_unit", "户"},
                                                   {"target_value", 1}});
  EXPECT_EQ(extra.status, 422) << extra.body;

  // The township reports 600 of its 1200: the parent shows 600 achieved, 30 %.
  auto rep = staff->post_json("/api/v1/tasks/" + std::to_string(nj) + "/reports",
                              {{"achieved_value", 600}, {"narrative", "已完成600户电代煤改造"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  auto child = get(*staff, nj);
  EXPECT_EQ(child.at("status").as_string(), "in_progress");
  EXPECT_DOUBLE_EQ(child.at("progress").as_double(), 0.5);
  auto p = get(*office, pid);
  EXPECT_DOUBLE_EQ(p.at("achieved_value").as_double(), 600);
  EXPECT_DOUBLE_EQ(p.at("progress").as_double(), 0.25);  // (0.5 + 0) / 2 subtasks of equal weight
  // A parent's quantity comes from its subtasks.
  auto on_parent = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/reports",
                                     {{"achieved_value", 10}, {"narrative", "x"}});
  EXPECT_EQ(on_parent.status, 422) << on_parent.body;
}

TEST_F(TasksTest, TownshipSeesAndReportsOnlyItsOwnTasks) {
  auto parent = heating_task("范围测试");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 1000), subtask(wangtun, 1000)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  int64_t nj = ok.obj().at("items").as_array()[0].at("id").as_int64();
  int64_t wt = ok.obj().at("items").as_array()[1].at("id").as_int64();
  // 南郊乡 staff: lists its task, not 汪屯乡's, and cannot open or report on it.
  auto list = staff->get("/api/v1/tasks?per_page=200&campaign_id=" + std::to_string(campaign)).obj();
  bool sees_nj = false, sees_wt = false;
  for (auto& t : list.at("items").as_array()) {
    sees_nj |= t.at("id").as_int64() == nj;
    sees_wt |= t.at("id").as_int64() == wt;
  }
  EXPECT_TRUE(sees_nj);
  EXPECT_FALSE(sees_wt);
  EXPECT_EQ(staff->get("/api/v1/tasks/" + std::to_string(wt)).status, 404);
  EXPECT_EQ(staff->post_json("/api/v1/tasks/" + std::to_string(wt) + "/reports", {{"narrative", "x"}}).status,
            404);
  EXPECT_EQ(other_leader->post_json("/api/v1/tasks/" + std::to_string(nj) + "/reports", {{"narrative", "x"}})
                .status,
            404);
  // Read-only roles see everything but report nothing.
  EXPECT_EQ(viewer->get("/api/v1/tasks/" + std::to_string(wt)).status, 200);
  EXPECT_EQ(
      viewer->post_json("/api/v1/tasks/" + std::to_string(nj) + "/reports", {{"narrative", "x"}}).status,
      403);
  // A township cannot hand work to another township.
  auto grab = leader->post_json("/api/v1/tasks/" + std::to_string(nj) + "/subtasks",
                                {{"subtasks", json::array{subtask(wangtun, 1000)}}});
  EXPECT_EQ(grab.status, 422) << grab.body;
  EXPECT_EQ(field_of(grab), "subtasks[0].owner_unit_id");
  // Only the office creates top-level tasks.
  auto top = leader->post_json(
      "/api/v1/tasks",
      {{"campaign_id", campaign}, {"title", "自建"}, {"owner_unit_id", nanjiao}, {"deadline", "2017-10-20"}});
  EXPECT_EQ(top.status, 403);
}

TEST_F(TasksTest, StatusFlowAndWhoMayAccept) {
  auto parent = heating_task("流程测试");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 2000)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto created = ok.obj();
  auto t = created.at("items").as_array()[0].as_object();
  int64_t id = t.at("id").as_int64();
  std::string base = "/api/v1/tasks/" + std::to_string(id);
  EXPECT_EQ(t.at("lead_unit_id").as_int64(), office_unit);  // the unit that handed it down checks it
  EXPECT_EQ(t.at("status").as_string(), "not_started");
  auto version = [&] { return get(*office, id).at("version").as_int64(); };
  // Completing needs a report first.
  auto early = staff->post_json(base + "/actions/complete", {{"version", version()}});
  EXPECT_EQ(early.status, 409) << early.body;
  ASSERT_EQ(staff->post_json(base + "/reports", {{"achieved_value", 2000}, {"narrative", "全部完成"}}).status,
            201);
  // A stale version is refused.
  EXPECT_EQ(staff->post_json(base + "/actions/complete", {{"version", 1}}).status, 409);
  auto done = staff->post_json(base + "/actions/complete", {{"version", version()}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.obj().at("status").as_string(), "completed");
  // The owner township may not accept its own work; the office (lead) may.
  EXPECT_EQ(leader->post_json(base + "/actions/accept", {{"version", version()}}).status, 403);
  // Returning needs a reason.
  auto no_note = office->post_json(base + "/actions/return", {{"version", version()}});
  EXPECT_EQ(no_note.status, 422);
  EXPECT_EQ(field_of(no_note), "note");
  auto ret =
      office->post_json(base + "/actions/return", {{"version", version()}, {"note", "照片不全，请补充"}});
  ASSERT_EQ(ret.status, 200) << ret.body;
  EXPECT_EQ(ret.obj().at("status").as_string(), "returned");
  EXPECT_EQ(ret.obj().at("status_note").as_string(), "照片不全，请补充");
  // A new report resumes the work; complete again; accept.
  ASSERT_EQ(
      staff->post_json(base + "/reports", {{"achieved_value", 2000}, {"narrative", "已补充照片"}}).status,
      201);
  EXPECT_EQ(get(*staff, id).at("status").as_string(), "in_progress");
  ASSERT_EQ(staff->post_json(base + "/actions/complete", {{"version", version()}}).status, 200);
  auto acc = office->post_json(base + "/actions/accept", {{"version", version()}});
  ASSERT_EQ(acc.status, 200) << acc.body;
  EXPECT_EQ(acc.obj().at("status").as_string(), "accepted");
  EXPECT_DOUBLE_EQ(get(*office, pid).at("progress").as_double(), 1.0);
  // The parent can now be completed by its owner (the office) — its subtasks are done.
  EXPECT_EQ(
      office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/reports", {{"narrative", "汇总"}}).status,
      201);
  auto parent_done = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/actions/complete",
                                       {{"version", get(*office, pid).at("version").as_int64()}});
  EXPECT_EQ(parent_done.status, 200) << parent_done.body;
  // Unknown action.
  EXPECT_EQ(office->post_json(base + "/actions/fly", {{"version", version()}}).status, 422);
}

TEST_F(TasksTest, WorkingDayDeadlinesCrossTheNationalDayHoliday) {
  // Assigned Friday 2017-09-29. 1 working day later is Saturday 09-30 (调休
  // make-up day); 2 working days later skips 10-01..10-08 (国庆+中秋) to 10-09.
  auto mk = [&](int days) {
    auto r = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                 {"title", "工作日测试" + std::to_string(days)},
                                                 {"owner_unit_id", nanjiao},
                                                 {"deadline_working_days", days}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj();
  };
  auto one = mk(1), two = mk(2), five = mk(5);
  EXPECT_EQ(one.at("deadline").as_string(), "2017-09-30");
  EXPECT_EQ(two.at("deadline").as_string(), "2017-10-09");
  EXPECT_EQ(five.at("deadline").as_string(), "2017-10-12");
  EXPECT_EQ(one.at("deadline_working_days").as_int64(), 1);
  EXPECT_FALSE(one.at("deadline_unverified").as_bool());
  EXPECT_EQ(two.at("remaining_working_days").as_int64(), 2);
  EXPECT_FALSE(two.at("overdue").as_bool());
  // A year with no holiday arrangement loaded yet (the shipped one ends with
  // 2026): counted on plain weekdays and flagged for checking.
  auto later = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                   {"title", "未公布放假安排的年份"},
                                                   {"owner_unit_id", nanjiao},
                                                   {"start_date", "2027-09-30"},
                                                   {"deadline_working_days", 1}});
  ASSERT_EQ(later.status, 201) << later.body;
  EXPECT_EQ(later.obj().at("deadline").as_string(), "2027-10-01");  // a plain Friday: no 国庆 yet
  EXPECT_TRUE(later.obj().at("deadline_unverified").as_bool());
  EXPECT_FALSE(later.obj().at("calendar_covers_deadline").as_bool());
  // Both a date and N days is ambiguous.
  auto both = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                  {"title", "两者"},
                                                  {"owner_unit_id", nanjiao},
                                                  {"deadline", "2017-10-09"},
                                                  {"deadline_working_days", 2}});
  EXPECT_EQ(both.status, 422);
  // A deadline already behind "today" shows as overdue, derived not stored.
  auto past = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                  {"title", "已逾期"},
                                                  {"owner_unit_id", nanjiao},
                                                  {"start_date", "2017-09-01"},
                                                  {"deadline", "2017-09-22"}});
  ASSERT_EQ(past.status, 201) << past.body;
  EXPECT_TRUE(past.obj().at("overdue").as_bool());
  EXPECT_EQ(past.obj().at("overdue_working_days").as_int64(), 5);  // 25,26,27,28,29
  auto overdue = staff->get("/api/v1/tasks?overdue=true&my_unit=true&per_page=200").obj();
  bool found = false;
  for (auto& t : overdue.at("items").as_array()) found |= t.at("id") == past.obj().at("id");
  EXPECT_TRUE(found);
}

TEST_F(TasksTest, ReportsCarryFilesAndRequestsAreFulfilled) {
  auto t = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                               {"title", "散乱污排查"},
                                               {"owner_unit_id", nanjiao},
                                               {"responsible_user_id", staff_id},
                                               {"deadline", "2017-10-31"}});
  ASSERT_EQ(t.status, 201) << t.body;
  int64_t id = t.obj().at("id").as_int64();
  std::string base = "/api/v1/tasks/" + std::to_string(id);
  EXPECT_EQ(t.obj().at("responsible_person").at("name").as_string(), "南郊乡工作人员");
  // 催报: only the office; then it is open and, after its due date, late.
  EXPECT_EQ(leader->post_json(base + "/report-requests", {{"due_date", "2017-10-09"}}).status, 403);
  auto rq = office->post_json(base + "/report-requests",
                              {{"due_date", "2017-10-09"}, {"message", "请报送排查台账"}});
  ASSERT_EQ(rq.status, 201) << rq.body;
  auto open = office->get("/api/v1/report-requests?open=true&task_id=" + std::to_string(id)).obj();
  EXPECT_EQ(open.at("total").as_int64(), 1);
  // The responsible person got the assignment and the request in the inbox.
  auto inbox = staff->get("/api/v1/notifications?per_page=100").obj();
  std::set<std::string> kinds;
  for (auto& n : inbox.at("items").as_array())
    if (n.at("task_id") == json::value(id)) kinds.insert(std::string(n.at("kind").as_string()));
  EXPECT_TRUE(kinds.count("task_assigned")) << json::serialize(inbox);
  EXPECT_TRUE(kinds.count("report_requested")) << json::serialize(inbox);
  // My tasks: the responsible person sees it.
  auto mine = staff->get("/api/v1/tasks?mine=true&per_page=200").obj();
  bool found = false;
  for (auto& x : mine.at("items").as_array()) found |= x.at("id").as_int64() == id;
  EXPECT_TRUE(found);
  // A report with percent (no quantity) fulfils the request.
  auto rep = staff->post_json(base + "/reports", {{"percent", 40}, {"narrative", "已排查12家"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  int64_t rid = rep.obj().at("id").as_int64();
  EXPECT_DOUBLE_EQ(get(*staff, id).at("progress").as_double(), 0.4);
  open = office->get("/api/v1/report-requests?open=true&task_id=" + std::to_string(id)).obj();
  EXPECT_EQ(open.at("total").as_int64(), 0);
  // A PNG photo attaches; a text file pretending to be one does not.
  std::string png("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  png += std::string(64, 'x');
  auto up = staff->request(
      "POST", "/api/v1/reports/" + std::to_string(rid) + "/attachments?filename=%E7%8E%B0%E5%9C%BA.png", png,
      {{"content-type", "image/png"}});
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_EQ(up.obj().at("filename").as_string(), "现场.png");
  EXPECT_EQ(up.obj().at("content_type").as_string(), "image/png");
  auto fake = staff->request("POST", "/api/v1/reports/" + std::to_string(rid) + "/attachments?filename=a.png",
                             "just text", {{"content-type", "image/png"}});
  EXPECT_EQ(fake.status, 422) << fake.body;
  auto file = staff->get("/api/v1/attachments/" + std::to_string(up.obj().at("id").as_int64()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, png);
  EXPECT_EQ(file.header("content-type"), "image/png");
  auto reports = office->get(base + "/reports").obj();
  ASSERT_EQ(reports.at("items").as_array().size(), 1u);
  EXPECT_EQ(reports.at("items").as_array()[0].at("attachments").as_array().size(), 1u);
  // Reports may not be dated in the future or be empty.
  auto future = staff->post_json(base + "/reports", {{"report_date", "2017-10-30"}, {"narrative", "x"}});
  EXPECT_EQ(future.status, 422);
  EXPECT_EQ(field_of(future), "report_date");
  EXPECT_EQ(field_of(staff->post_json(base + "/reports", {{"narrative", "  "}})), "narrative");
}

TEST_F(TasksTest, EditsUseVersionsAndKeepAllocations) {
  auto parent = heating_task("编辑测试");
  int64_t pid = parent.at("id").as_int64();
  ASSERT_EQ(office
                ->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                            {{"subtasks", json::array{subtask(nanjiao, 1500), subtask(wangtun, 500)}}})
                .status,
            201);
  std::string base = "/api/v1/tasks/" + std::to_string(pid);
  int64_t v = get(*office, pid).at("version").as_int64();
  // Lowering the target below what the subtasks hold is refused.
  auto low = office->patch(base, json::serialize(json::object{{"version", v}, {"target_value", 1000}}),
                           {{"content-type", "application/json"}});
  EXPECT_EQ(low.status, 422) << low.body;
  auto ok = office->patch(base,
                          json::serialize(json::object{
                              {"version", v},
                              {"title", "编辑测试（改）"},
                              {"milestones", json::array{{{"title", "摸底"}, {"deadline", "2017-10-10"}}}}}),
                          {{"content-type", "application/json"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.obj().at("version").as_int64(), v + 1);
  EXPECT_EQ(ok.obj().at("milestones").as_array().size(), 1u);
  auto stale = office->patch(base, json::serialize(json::object{{"version", v}, {"title", "x"}}),
                             {{"content-type", "application/json"}});
  EXPECT_EQ(stale.status, 409);
  // A township may not edit the task it was given.
  auto kids = office->get("/api/v1/tasks?parent_id=" + std::to_string(pid)).obj();
  int64_t kid = kids.at("items").as_array()[0].at("id").as_int64();
  auto kv = get(*leader, kid).at("version").as_int64();
  EXPECT_EQ(leader
                ->patch("/api/v1/tasks/" + std::to_string(kid),
                        json::serialize(json::object{{"version", kv}, {"title", "改名"}}),
                        {{"content-type", "application/json"}})
                .status,
            403);
  // The audit log has the task's creation and edit.
  auto audit = admin->get("/api/v1/audit?entity=task&entity_id=" + std::to_string(pid)).obj();
  EXPECT_GE(audit.at("total").as_int64(), 2);
}

}  // namespace
}  // namespace lantian::test
