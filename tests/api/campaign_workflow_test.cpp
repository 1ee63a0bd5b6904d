// The campaign workflow over HTTP, on SQLite and (api_pg_tests) PostgreSQL:
// its definition (resources/workflows/campaign.toml), actions with their
// party, state and note checks, the history and the audit, a closed
// (frozen) campaign refusing changes and new tasks, `status` in POST and
// PATCH taken as the matching action, and the `current` campaign of the list.
#include <gtest/gtest.h>

#include <set>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class CampaignWorkflowTest : public ::testing::Test {
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
    if (admin) return;
    admin = server->client_for("admin");
    office = server->client_for("office");
    leader = server->client_for("leader");
    viewer = server->client_for("viewer");
    auto units = admin->get("/api/v1/units?per_page=200").obj();
    for (auto& u : units.at("items").as_array()) {
      if (u.at("name").as_string() == "禹王台区人民政府") district = u.at("id").as_int64();
      if (u.at("name").as_string() == "区大气污染防治攻坚办公室") office_unit = u.at("id").as_int64();
      if (u.at("name").as_string() == "南郊乡") nanjiao = u.at("id").as_int64();
    }
  }

  json::object body(const std::string& name, const std::string& start = "2017-10-01") {
    return {{"name", name},
            {"start_date", start},
            {"end_date", "2032-03-31"},
            {"jurisdiction_unit_id", district},
            {"office_unit_id", office_unit}};
  }
  json::object create(json::object b) {
    auto r = office->post_json("/api/v1/campaigns", b);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj() : json::object{};
  }
  std::string path(int64_t id, const std::string& rest = "") {
    return "/api/v1/campaigns/" + std::to_string(id) + rest;
  }
  json::object get(HttpClient& c, int64_t id) { return c.get(path(id)).obj(); }
  HttpResponse act(HttpClient& c, int64_t id, const std::string& action, const std::string& note = "") {
    json::object b{{"version", get(*office, id).at("version")}};
    if (!note.empty()) b["note"] = note;
    return c.post_json(path(id, "/actions/" + action), b);
  }
  static std::set<std::string> set_of(const json::value& v) {
    std::set<std::string> out;
    for (auto& a : v.as_array()) out.insert(std::string(a.as_string()));
    return out;
  }
  static std::string code(const HttpResponse& r) {
    auto o = r.obj();
    if (o.contains("errors") && !o.at("errors").as_array().empty())
      return std::string(o.at("errors").as_array()[0].at("field").as_string()) + ":" +
             std::string(o.at("errors").as_array()[0].at("code").as_string());
    return std::string(o.at("code").as_string());
  }
  // "action from→to" per event, oldest first.
  std::vector<std::string> history(int64_t id) {
    auto r = viewer->get(path(id, "/events"));
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    auto items = r.obj();
    for (auto& e : items.at("items").as_array()) {
      const auto& o = e.as_object();
      out.push_back(std::string(o.at("action").as_string()) + " " +
                    (o.at("from").is_null() ? std::string("-") : std::string(o.at("from").as_string())) +
                    "→" + std::string(o.at("to").as_string()));
    }
    return out;
  }

  static inline std::unique_ptr<HttpClient> admin, office, leader, viewer;
  static inline int64_t district = 0, office_unit = 0, nanjiao = 0;
};
ServerProcess* CampaignWorkflowTest::server = nullptr;
using Set = std::set<std::string>;
using Strings = std::vector<std::string>;

TEST_F(CampaignWorkflowTest, TheDefinitionIsServed) {
  auto r = viewer->get("/api/v1/workflows/campaign");
  ASSERT_EQ(r.status, 200) << r.body;
  auto wf = r.obj();
  EXPECT_EQ(wf.at("initial").as_string(), "planning");
  Strings states;
  for (auto& s : wf.at("states").as_array()) states.push_back(std::string(s.at("name").as_string()));
  EXPECT_EQ(states, (Strings{"planning", "active", "closed"}));
  EXPECT_TRUE(wf.at("states").as_array()[2].at("frozen").as_bool());
  EXPECT_EQ(wf.at("states").as_array()[2].at("label").at("zh-CN").as_string(), "已结束");
  for (auto& a : wf.at("actions").as_array())
    EXPECT_EQ(a.at("parties").as_array(), json::array{"office"}) << json::serialize(a);
}

TEST_F(CampaignWorkflowTest, ActionsMoveTheCampaignWithChecksHistoryAndAudit) {
  auto c = create(body("流程行动甲"));
  int64_t id = c.at("id").as_int64();
  EXPECT_EQ(c.at("status").as_string(), "planning");
  EXPECT_EQ(set_of(c.at("actions")), (Set{"activate", "edit", "create_task"}));
  EXPECT_TRUE(set_of(get(*leader, id).at("actions")).empty());
  // Only the office party acts; the status must allow the action.
  auto r = act(*leader, id, "activate");
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(code(r), "office_only");
  r = act(*office, id, "close");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "workflow_action_not_allowed");
  r = act(*office, id, "fly");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "action:unknown_workflow_action");
  r = office->post_json(path(id, "/actions/activate"), {{"version", 99}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "stale_version");
  EXPECT_EQ(get(*office, id).at("status").as_string(), "planning");
  // activate, close.
  r = act(*office, id, "activate");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "active");
  EXPECT_EQ(set_of(r.obj().at("actions")), (Set{"close", "edit", "create_task"}));
  r = act(*office, id, "close", "阶段任务完成");
  ASSERT_EQ(r.status, 200) << r.body;
  auto closed = r.obj();
  EXPECT_EQ(closed.at("status").as_string(), "closed");
  // Frozen: only reopen is left, for the office; nothing else changes.
  EXPECT_EQ(set_of(closed.at("actions")), (Set{"reopen"}));
  for (auto& a : closed.at("work_areas").as_array()) EXPECT_TRUE(a.at("actions").as_array().empty());
  r = office->patch_json(path(id), {{"version", closed.at("version")}, {"description", "改"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "campaign_closed");
  auto area = closed.at("work_areas").as_array()[0].as_object();
  r = office->patch_json("/api/v1/work-areas/" + std::to_string(area.at("id").as_int64()),
                         {{"version", area.at("version")}, {"description", "改"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "campaign_closed");
  r = office->post_json("/api/v1/tasks", {{"campaign_id", id},
                                          {"title", "结束后新任务"},
                                          {"owner_unit_id", nanjiao},
                                          {"deadline", "2017-12-31"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "campaign_closed");
  // reopen needs a reason.
  r = act(*office, id, "reopen");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "note:note_required");
  r = act(*office, id, "reopen", "  补充整改  ");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "active");
  EXPECT_EQ(history(id), (Strings{"create -→planning", "activate planning→active", "close active→closed",
                                  "reopen closed→active"}));
  auto ev = viewer->get(path(id, "/events")).obj().at("items").as_array();
  EXPECT_EQ(ev[3].at("note").as_string(), "补充整改");
  EXPECT_FALSE(ev[3].at("actor").is_null());
  EXPECT_EQ(viewer->get(path(999999, "/events")).status, 404);
  // Each action is audited under its name.
  auto audit = admin->get("/api/v1/audit?entity=campaign&entity_id=" + std::to_string(id) + "&per_page=50");
  ASSERT_EQ(audit.status, 200) << audit.body;
  Set audited;
  auto entries = audit.obj();
  for (auto& e : entries.at("items").as_array()) audited.insert(std::string(e.at("action").as_string()));
  EXPECT_EQ(audited, (Set{"create", "activate", "close", "reopen"}));
}

TEST_F(CampaignWorkflowTest, StatusInPostAndPatchIsTakenAsTheMatchingAction) {
  // POST with a status: created, then the action that leads there.
  auto c = create([&] {
    auto b = body("流程行动乙");
    b["status"] = "active";
    return b;
  }());
  int64_t id = c.at("id").as_int64();
  EXPECT_EQ(c.at("status").as_string(), "active");
  EXPECT_EQ(history(id), (Strings{"create -→planning", "activate planning→active"}));
  // A status the workflow does not have, or no action leads to.
  auto b = body("流程行动丙");
  b["status"] = "finished";
  auto r = office->post_json("/api/v1/campaigns", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "status:bad_campaign_status");
  b["status"] = "closed";
  r = office->post_json("/api/v1/campaigns", b);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "no_transition");
  // PATCH: active → closed is "close"; back needs reopen's note; none leads to planning.
  r = office->patch_json(path(id), {{"version", c.at("version")}, {"status", "closed"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "closed");
  auto v = r.obj().at("version");
  r = office->patch_json(path(id), {{"version", v}, {"status", "active"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "note:note_required");
  ASSERT_EQ(act(*office, id, "reopen", "继续").status, 200);
  r = office->patch_json(path(id), {{"version", get(*office, id).at("version")}, {"status", "planning"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "no_transition");
  // The same status is no change.
  r = office->patch_json(path(id), {{"version", get(*office, id).at("version")}, {"status", "active"}});
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(history(id), (Strings{"create -→planning", "activate planning→active", "close active→closed",
                                  "reopen closed→active"}));
}

TEST_F(CampaignWorkflowTest, TheListMarksOneCurrentCampaign) {
  auto current_of = [&](HttpClient& c) {
    auto l = c.get("/api/v1/campaigns");
    EXPECT_EQ(l.status, 200) << l.body;
    int64_t cur = 0;
    int n = 0;
    std::string status;
    auto list = l.obj();
    for (auto& it : list.at("items").as_array()) {
      EXPECT_TRUE(it.as_object().contains("actions"));
      if (it.at("current").as_bool()) {
        ++n;
        cur = it.at("id").as_int64();
        status = std::string(it.at("status").as_string());
      }
    }
    EXPECT_EQ(n, 1);
    return std::pair{cur, status};
  };
  // The latest-starting open campaign, even with a later one in planning.
  auto a = create([&] {
    auto b = body("当前行动甲", "2031-01-01");
    b["status"] = "active";
    return b;
  }());
  auto p = create(body("当前行动乙（筹备）", "2031-06-01"));
  auto older = create([&] {
    auto b = body("当前行动丙", "2030-01-01");
    b["status"] = "active";
    return b;
  }());
  int64_t aid = a.at("id").as_int64();
  EXPECT_EQ(current_of(*viewer).first, aid);
  EXPECT_EQ(current_of(*office).first, aid);
  // Closed, it is no longer current: the next open one is, not the one in planning.
  ASSERT_EQ(act(*office, aid, "close").status, 200);
  auto [cur, status] = current_of(*viewer);
  EXPECT_EQ(cur, older.at("id").as_int64());
  EXPECT_NE(cur, p.at("id").as_int64());
  EXPECT_EQ(status, "active");
}

}  // namespace
}  // namespace lantian::test
