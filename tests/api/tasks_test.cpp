// Campaign tasks over HTTP, on SQLite and (api_pg_tests) PostgreSQL: a
// campaign and its work areas, decomposition with quantity roll-up checks,
// the status workflow and who may move it, progress reports with files,
// report requests, and working-day deadlines across the 2017 National Day
// holiday. The server runs "as of" 2017-09-29 (--clock-start), a Friday
// before the 国庆 block whose make-up working day is Saturday 2017-09-30.
#include <gtest/gtest.h>

#include <set>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class TasksTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-09-29T09:00:00+08:00"}); }

  void SetUp() override {
    if (log_in()) {
      district = unit_id("禹王台区人民政府");
      office_unit = unit_id("区大气污染防治攻坚办公室");
      epb = unit_id("区环境保护局");
      nanjiao = unit_id("南郊乡");
      wangtun = unit_id("汪屯乡");
      // A unit leader of the other township, to check scope.
      other_leader = make_user("wt-leader", "汪屯乡负责人", wangtun, "unit_leader", "Wt-leader!2017x");
      staff_id = user_id("staff");
      auto body = new_campaign("测试攻坚行动", "2017-10-01", "2018-03-31");
      ASSERT_FALSE(body.empty());
      campaign = body.at("id").as_int64();
      for (auto& a : body.at("work_areas").as_array())
        if (a.at("code").as_string() == "clean_heating") area = a.at("id").as_int64();
    }
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

  static inline std::unique_ptr<HttpClient> other_leader;
  static inline int64_t district = 0, office_unit = 0, epb = 0, nanjiao = 0, wangtun = 0, staff_id = 0;
  static inline int64_t campaign = 0, area = 0;
};

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

// Keyset paging (after=next_cursor) lists the same tasks in the same order as
// page numbers, for a scoped reader (the scope rows drive the page) and a
// district-wide one; a cursor of another sort is a 400.
TEST_F(TasksTest, CursorPagesListWhatPageNumbersList) {
  for (HttpClient* c : {staff.get(), office.get()}) {
    for (std::string filter : {"", "&overdue=true", "&sort=-title", "&frozen=false"}) {
      SCOPED_TRACE(filter);
      std::vector<int64_t> by_number, by_cursor;
      int64_t total = -1;
      for (int page = 1; page < 100; ++page) {
        auto r = c->get("/api/v1/tasks?per_page=7&page=" + std::to_string(page) + filter);
        ASSERT_EQ(r.status, 200) << r.body;
        auto o = r.obj();
        total = o.at("total").as_int64();
        auto& items = o.at("items").as_array();
        for (auto& t : items) by_number.push_back(t.at("id").as_int64());
        if (items.size() < 7) break;
      }
      EXPECT_EQ(int64_t(by_number.size()), total);
      std::string after;
      for (int guard = 0; guard < 100; ++guard) {
        auto r = c->get("/api/v1/tasks?per_page=7" + filter + (after.empty() ? "" : "&after=" + after));
        ASSERT_EQ(r.status, 200) << r.body;
        auto o = r.obj();
        EXPECT_EQ(o.at("total").as_int64(), total);
        for (auto& t : o.at("items").as_array()) by_cursor.push_back(t.at("id").as_int64());
        if (!o.contains("next_cursor")) break;
        after = std::string(o.at("next_cursor").as_string());
      }
      EXPECT_EQ(by_cursor, by_number);
      std::set<int64_t> unique(by_cursor.begin(), by_cursor.end());
      EXPECT_EQ(unique.size(), by_cursor.size());
    }
  }
  auto first = staff->get("/api/v1/tasks?per_page=2").obj();
  ASSERT_TRUE(first.contains("next_cursor"));
  std::string cursor(first.at("next_cursor").as_string());
  auto other = staff->get("/api/v1/tasks?per_page=2&sort=title&after=" + cursor);
  EXPECT_EQ(other.status, 400) << other.body;
  EXPECT_EQ(other.obj().at("code").as_string(), "query_unknown_value");
  EXPECT_EQ(staff->get("/api/v1/tasks?after=nothex").status, 400);
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
// Issue 8: the tree a township starts from, its breadcrumbs, 序号 for
// subtasks, status roll-up, cards that agree with their lists, 我的任务's
// default tab, and who may be named lead or cooperating unit.
TEST_F(TasksTest, TownshipTreeStartsAtItsHighestTasksWithBreadcrumbs) {
  auto parent = heating_task("顶层可见性");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 1000), subtask(wangtun, 1000)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  int64_t nj = ok.obj().at("items").as_array()[0].at("id").as_int64();
  int64_t wt = ok.obj().at("items").as_array()[1].at("id").as_int64();
  // 南郊乡 under it: a sub-subtask of its own, which must not be a tree root.
  auto own = leader->post_json(
      "/api/v1/tasks",
      {{"parent_id", nj}, {"title", "南郊乡自分解"}, {"owner_unit_id", nanjiao}, {"deadline", "2017-10-15"}});
  ASSERT_EQ(own.status, 201) << own.body;
  int64_t nj_child = own.obj().at("id").as_int64();
  std::string q = "/api/v1/tasks?per_page=200&campaign_id=" + std::to_string(campaign);
  // top=true starts at the township's own highest tasks: 南郊乡's subtask
  // (whose parent belongs to the office), not its child.
  auto top = leader->get(q + "&top=true").obj();
  std::set<int64_t> ids;
  for (auto& t : top.at("items").as_array()) {
    ids.insert(t.at("id").as_int64());
    // Every row's parent is out of the reader's scope (or absent).
    if (!t.at("parent_id").is_null()) {
      EXPECT_EQ(leader->get("/api/v1/tasks/" + std::to_string(t.at("parent_id").as_int64())).status, 404);
    }
  }
  EXPECT_TRUE(ids.count(nj));
  EXPECT_FALSE(ids.count(nj_child));
  EXPECT_FALSE(ids.count(wt));
  EXPECT_FALSE(ids.count(pid));
  EXPECT_EQ(top.at("total").as_int64(), int64_t(ids.size()));
  // For district-wide roles top is roots.
  EXPECT_EQ(office->get(q + "&top=true").obj().at("total"), office->get(q + "&roots=true").obj().at("total"));
  EXPECT_EQ(viewer->get(q + "&top=true").obj().at("total"), viewer->get(q + "&roots=true").obj().at("total"));

  // Breadcrumbs: the township sees the path above, but may not open the root.
  auto leaf = get(*leader, nj_child);
  auto& up = leaf.at("ancestors").as_array();
  ASSERT_EQ(up.size(), 2u);
  EXPECT_EQ(up[0].at("id").as_int64(), pid);
  EXPECT_EQ(up[0].at("title").as_string(), "顶层可见性");
  EXPECT_FALSE(up[0].at("may_open").as_bool());
  EXPECT_EQ(up[1].at("id").as_int64(), nj);
  EXPECT_TRUE(up[1].at("may_open").as_bool());
  EXPECT_EQ(get(*office, nj).at("ancestors").as_array()[0].at("may_open").as_bool(), true);
  EXPECT_TRUE(get(*office, pid).at("ancestors").as_array().empty());
}

TEST_F(TasksTest, SubtasksAreNumberedStably) {
  // A top-level task without a code gets the next number of its work area.
  auto mk = [&](const std::string& title, const std::string& code) {
    json::object body{{"campaign_id", campaign},
                      {"work_area_id", area},
                      {"title", title},
                      {"owner_unit_id", office_unit},
                      {"deadline", "2017-12-31"}};
    if (!code.empty()) body["code"] = code;
    auto r = office->post_json("/api/v1/tasks", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj();
  };
  auto a = mk("编号甲", "");
  auto b = mk("编号乙", "");
  std::string ca(a.at("code").as_string()), cb(b.at("code").as_string());
  ASSERT_FALSE(ca.empty());
  EXPECT_EQ(std::stoi(cb), std::stoi(ca) + 1) << ca << " " << cb;
  int64_t pid = b.at("id").as_int64();
  // Decomposition numbers its rows parent.1, parent.2 ...
  auto plain = [&](int64_t owner, const std::string& code) {
    json::object o{{"title", "编号子任务"}, {"owner_unit_id", owner}, {"deadline", "2017-12-20"}};
    if (!code.empty()) o["code"] = code;
    return o;
  };
  auto split = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                                 {{"subtasks", json::array{plain(nanjiao, ""), plain(wangtun, "")}}});
  ASSERT_EQ(split.status, 201) << split.body;
  EXPECT_EQ(split.obj().at("items").as_array()[0].at("code").as_string(), cb + ".1");
  EXPECT_EQ(split.obj().at("items").as_array()[1].at("code").as_string(), cb + ".2");
  // A given code is kept, and the next one continues above the highest.
  auto given = plain(nanjiao, cb + ".9");
  given["parent_id"] = pid;
  auto r9 = office->post_json("/api/v1/tasks", given);
  ASSERT_EQ(r9.status, 201) << r9.body;
  EXPECT_EQ(r9.obj().at("code").as_string(), cb + ".9");
  auto next = plain(nanjiao, "");
  next["parent_id"] = pid;
  auto r10 = office->post_json("/api/v1/tasks", next);
  ASSERT_EQ(r10.status, 201) << r10.body;
  EXPECT_EQ(r10.obj().at("code").as_string(), cb + ".10");
  // One level deeper, by the township itself.
  int64_t nj = split.obj().at("items").as_array()[0].at("id").as_int64();
  auto deeper = plain(nanjiao, "");
  deeper["parent_id"] = nj;
  auto r = leader->post_json("/api/v1/tasks", deeper);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.obj().at("code").as_string(), cb + ".1.1");
  // Editing does not renumber.
  auto edited = office->patch_json("/api/v1/tasks/" + std::to_string(nj),
                                   {{"version", get(*office, nj).at("version")}, {"title", "改名"}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.obj().at("code").as_string(), cb + ".1");
}

TEST_F(TasksTest, ParentFollowsItsChildren) {
  auto parent = heating_task("状态汇总");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 1971), subtask(wangtun, 29)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  int64_t nj = ok.obj().at("items").as_array()[0].at("id").as_int64();
  int64_t wt = ok.obj().at("items").as_array()[1].at("id").as_int64();
  EXPECT_EQ(get(*office, pid).at("status").as_string(), "not_started");
  EXPECT_FALSE(get(*office, pid).at("ready_for_acceptance").as_bool());
  // A report on one child starts the parent, in the same write, audited.
  auto rep = staff->post_json("/api/v1/tasks/" + std::to_string(nj) + "/reports",
                              {{"achieved_value", 1971}, {"narrative", "完成1971户"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  auto p = get(*office, pid);
  EXPECT_EQ(p.at("status").as_string(), "in_progress");
  // The parent shows the latest report of its subtree.
  EXPECT_EQ(p.at("last_report_at"), get(*office, nj).at("last_report_at"));
  EXPECT_FALSE(p.at("last_report_at").is_null());
  EXPECT_DOUBLE_EQ(p.at("achieved_value").as_double(), 1971);
  auto audit = admin->get("/api/v1/audit?entity=task&entity_id=" + std::to_string(pid) + "&per_page=50");
  ASSERT_EQ(audit.status, 200) << audit.body;
  bool started = false;
  auto entries = audit.obj();
  for (auto& e : entries.at("items").as_array()) started |= e.at("action").as_string() == "start";
  EXPECT_TRUE(started) << audit.body;
  // When every child is completed the parent is ready for acceptance (待验收).
  auto finish = [&](HttpClient& c, int64_t id, double v) {
    std::string base = "/api/v1/tasks/" + std::to_string(id);
    if (v > 0) {
      ASSERT_EQ(c.post_json(base + "/reports", {{"achieved_value", v}, {"narrative", "完成"}}).status, 201);
    }
    auto done = c.post_json(base + "/actions/complete", {{"version", get(c, id).at("version")}});
    ASSERT_EQ(done.status, 200) << done.body;
  };
  finish(*staff, nj, 0);
  EXPECT_FALSE(get(*office, pid).at("ready_for_acceptance").as_bool());
  finish(*other_leader, wt, 29);
  auto ready = get(*office, pid);
  EXPECT_TRUE(ready.at("ready_for_acceptance").as_bool());
  EXPECT_EQ(ready.at("status").as_string(), "in_progress");  // completing stays a person's decision
  // The list carries it too.
  auto list =
      office->get("/api/v1/tasks?per_page=200&roots=true&campaign_id=" + std::to_string(campaign)).obj();
  bool listed = false;
  for (auto& t : list.at("items").as_array())
    if (t.at("id").as_int64() == pid) listed = t.at("ready_for_acceptance").as_bool();
  EXPECT_TRUE(listed);
}

TEST_F(TasksTest, CampaignCardsAgreeWithTheListsTheyLinkTo) {
  // Something overdue for 南郊乡 (as of 2017-09-29) so the cards are not all 0.
  auto parent = heating_task("卡片核对");
  int64_t pid = parent.at("id").as_int64();
  auto late = subtask(nanjiao, 500, "2017-09-20");
  late["start_date"] = "2017-09-01";
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{late, subtask(wangtun, 1500)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  for (HttpClient* c : {office.get(), leader.get(), staff.get(), viewer.get(), other_leader.get()}) {
    auto camp = c->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
    int64_t checked = 0, overdue = 0;
    for (auto& av : camp.at("work_areas").as_array()) {
      auto& a = av.as_object();
      for (const char* count : {"task_count", "completed_count", "overdue_count"}) {
        std::string q = "/api/v1/tasks?per_page=1&campaign_id=" + std::to_string(campaign);
        for (auto& [k, v] : a.at("lists").at(count).as_object())
          q += "&" + std::string(k) + "=" + std::string(v.as_string());
        auto list = c->get(q);
        ASSERT_EQ(list.status, 200) << list.body;
        EXPECT_EQ(list.obj().at("total").as_int64(), a.at(count).as_int64()) << q;
        ++checked;
      }
      overdue += a.at("overdue_count").as_int64();
    }
    EXPECT_GT(checked, 0);
    if (c == leader.get() || c == office.get()) {
      EXPECT_GT(overdue, 0);
    }
  }
  // Scoped: 汪屯乡 does not count 南郊乡's overdue task.
  auto wt_camp = other_leader->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
  for (auto& a : wt_camp.at("work_areas").as_array())
    if (a.at("id").as_int64() == area) {
      EXPECT_EQ(a.at("overdue_count").as_int64(), 0);
    }
  // Only the office may create tasks in an area, and the server says so.
  auto has_create = [](const json::value& acts) {
    for (auto& x : acts.as_array())
      if (x.as_string() == "create_task") return true;
    return false;
  };
  auto oc = office->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
  EXPECT_TRUE(has_create(oc.at("actions")));
  EXPECT_TRUE(has_create(oc.at("work_areas").as_array()[0].at("actions")));
  auto lc = leader->get("/api/v1/campaigns/" + std::to_string(campaign)).obj();
  EXPECT_FALSE(has_create(lc.at("actions")));
  EXPECT_FALSE(has_create(lc.at("work_areas").as_array()[0].at("actions")));
}

TEST_F(TasksTest, MyTasksOpensOnATabWithWork) {
  auto parent = heating_task("我的任务默认页");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 1000), subtask(wangtun, 1000)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  std::string open = "&status=not_started,in_progress,returned,completed";
  auto check = [&](HttpClient& c, const std::string& expected_tab) {
    auto s = c.get("/api/v1/tasks/my-summary");
    ASSERT_EQ(s.status, 200) << s.body;
    auto o = s.obj();
    EXPECT_EQ(o.at("default_tab").as_string(), expected_tab);
    EXPECT_EQ(o.at("counts").at("mine").as_int64(),
              c.get("/api/v1/tasks?per_page=1&mine=true" + open).obj().at("total").as_int64());
    EXPECT_EQ(o.at("counts").at("unit").as_int64(),
              c.get("/api/v1/tasks?per_page=1&my_unit=true" + open).obj().at("total").as_int64());
  };
  // The township leader is responsible for nothing, its unit has work.
  check(*leader, "unit");
  // Once staff is the responsible person of a task, its own tab comes first.
  auto mine = subtask(nanjiao, 0);
  mine.erase("target_value");
  mine.erase("measure_unit");
  mine["parent_id"] = ok.obj().at("items").as_array()[0].at("id");
  mine["responsible_user_id"] = staff_id;
  ASSERT_EQ(leader->post_json("/api/v1/tasks", mine).status, 201);
  check(*staff, "mine");
}

TEST_F(TasksTest, LeadAndCooperatingUnitsStayInTheCreatorsReach) {
  auto parent = heating_task("牵头单位范围");
  int64_t pid = parent.at("id").as_int64();
  auto ok = office->post_json("/api/v1/tasks/" + std::to_string(pid) + "/subtasks",
                              {{"subtasks", json::array{subtask(nanjiao, 1000), subtask(wangtun, 1000)}}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  int64_t nj = ok.obj().at("items").as_array()[0].at("id").as_int64();
  auto sub = [&](json::object extra) {
    json::object o{
        {"parent_id", nj}, {"title", "范围子任务"}, {"owner_unit_id", nanjiao}, {"deadline", "2017-10-15"}};
    for (auto& [k, v] : extra) o[k] = v;
    return o;
  };
  // Another township as lead (acceptor): refused, without naming it.
  auto other = leader->post_json("/api/v1/tasks", sub({{"lead_unit_id", wangtun}}));
  ASSERT_EQ(other.status, 422) << other.body;
  EXPECT_EQ(field_of(other), "lead_unit_id");
  EXPECT_EQ(other.obj().at("errors").as_array()[0].at("code").as_string(), "lead_not_allowed");
  EXPECT_EQ(other.body.find("汪屯乡"), std::string::npos) << other.body;
  // The same through decomposition.
  auto split = subtask(nanjiao, 10);
  split["lead_unit_id"] = epb;
  auto d = leader->post_json("/api/v1/tasks/" + std::to_string(nj) + "/subtasks",
                             {{"subtasks", json::array{split}}});
  ASSERT_EQ(d.status, 422) << d.body;
  EXPECT_EQ(field_of(d), "subtasks[0].lead_unit_id");
  EXPECT_EQ(d.body.find("环境保护局"), std::string::npos) << d.body;
  // Another township as cooperating unit: refused as out of scope, unnamed.
  auto coop = leader->post_json("/api/v1/tasks", sub({{"cooperating_unit_ids", json::array{wangtun}}}));
  ASSERT_EQ(coop.status, 422) << coop.body;
  EXPECT_EQ(field_of(coop), "cooperating_unit_ids");
  EXPECT_EQ(coop.obj().at("errors").as_array()[0].at("code").as_string(), "not_in_scope");
  EXPECT_EQ(coop.body.find("汪屯乡"), std::string::npos) << coop.body;
  // Its own unit, or the district above it, may lead; its own unit may cooperate.
  auto own = leader->post_json(
      "/api/v1/tasks", sub({{"lead_unit_id", nanjiao}, {"cooperating_unit_ids", json::array{nanjiao}}}));
  EXPECT_EQ(own.status, 201) << own.body;
  auto above = leader->post_json("/api/v1/tasks", sub({{"lead_unit_id", district}}));
  EXPECT_EQ(above.status, 201) << above.body;
  // The office may name any unit.
  json::object any = sub({{"lead_unit_id", wangtun}, {"cooperating_unit_ids", json::array{epb, wangtun}}});
  auto by_office = office->post_json("/api/v1/tasks", any);
  ASSERT_EQ(by_office.status, 201) << by_office.body;
  // The township may still edit that task (the lead it did not choose stays).
  int64_t id = by_office.obj().at("id").as_int64();
  auto edit = leader->patch_json("/api/v1/tasks/" + std::to_string(id),
                                 {{"version", by_office.obj().at("version")}, {"title", "改名"}});
  EXPECT_EQ(edit.status, 200) << edit.body;
  // ... but not swap it for another unit out of its reach.
  auto swap = leader->patch_json("/api/v1/tasks/" + std::to_string(id),
                                 {{"version", get(*office, id).at("version")}, {"lead_unit_id", epb}});
  EXPECT_EQ(swap.status, 422) << swap.body;
}

}  // namespace lantian::test
