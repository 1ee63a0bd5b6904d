// The workflow engine over HTTP, on SQLite and (api_pg_tests) PostgreSQL:
// GET /api/v1/workflows/{name} (labels, colours, flags from task.toml), the
// `actions` each reader may take on a task — the same in the task list as in
// the detail — and a task's history, GET /api/v1/tasks/{id}/events.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class WorkflowApiTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-09-29T09:00:00+08:00"}); }

  void SetUp() override {
    if (!log_in()) return;
    nanjiao = unit_id("南郊乡");
    wangtun = unit_id("汪屯乡");
    auto c = new_campaign("流程引擎测试行动", "2017-09-01", "2018-03-31");
    ASSERT_FALSE(c.empty());
    campaign = c.at("id").as_int64();
  }

  // A top-level task owned by `owner`, created by the office.
  int64_t new_task(const std::string& title, int64_t owner) {
    auto r = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                 {"title", title},
                                                 {"owner_unit_id", owner},
                                                 {"start_date", "2017-09-01"},
                                                 {"deadline", "2017-12-31"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  static std::set<std::string> set_of(const json::value& v) {
    std::set<std::string> out;
    for (auto& a : v.as_array()) out.insert(std::string(a.as_string()));
    return out;
  }
  // The reader's actions on task `id` from the detail, checking the list
  // item and the tree say the same.
  std::set<std::string> actions(HttpClient& c, int64_t id) {
    auto d = c.get("/api/v1/tasks/" + std::to_string(id));
    EXPECT_EQ(d.status, 200) << d.body;
    if (d.status != 200) return {};
    auto detail = d.obj();
    EXPECT_TRUE(detail.contains("actions")) << d.body;
    auto mine = set_of(detail.at("actions"));
    auto l = c.get("/api/v1/tasks?per_page=200&campaign_id=" + std::to_string(campaign));
    EXPECT_EQ(l.status, 200) << l.body;
    bool listed = false;
    auto list = l.obj();
    for (auto& it : list.at("items").as_array())
      if (it.at("id").as_int64() == id) {
        listed = true;
        EXPECT_EQ(set_of(it.at("actions")), mine) << "list and detail disagree on task " << id;
      }
    EXPECT_TRUE(listed);
    auto tree = c.get("/api/v1/tasks/" + std::to_string(id) + "/tree");
    EXPECT_EQ(tree.status, 200) << tree.body;
    if (tree.status == 200) {
      auto items = tree.obj();
      EXPECT_EQ(set_of(items.at("items").as_array().at(0).at("actions")), mine);
    }
    return mine;
  }
  int64_t version(int64_t id) {
    return office->get("/api/v1/tasks/" + std::to_string(id)).obj().at("version").as_int64();
  }
  json::array events(HttpClient& c, int64_t id) {
    auto r = c.get("/api/v1/tasks/" + std::to_string(id) + "/events");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj().at("items").as_array() : json::array();
  }

  static inline int64_t nanjiao = 0, wangtun = 0, campaign = 0;
};

using Set = std::set<std::string>;

TEST_F(WorkflowApiTest, TheTaskWorkflowWithLabelsAndColours) {
  auto r = viewer->get("/api/v1/workflows/task");
  ASSERT_EQ(r.status, 200) << r.body;
  auto wf = r.obj();
  EXPECT_EQ(wf.at("name").as_string(), "task");
  EXPECT_EQ(wf.at("initial").as_string(), "not_started");
  std::vector<std::string> names;
  for (auto& s : wf.at("states").as_array()) {
    auto& o = s.as_object();
    names.emplace_back(o.at("name").as_string());
    if (o.at("name").as_string() == "in_progress") {
      EXPECT_EQ(o.at("label").at("zh-CN").as_string(), "推进中");
      EXPECT_EQ(o.at("label").at("en").as_string(), "In progress");
      EXPECT_EQ(o.at("color").as_string(), "#409eff");
      EXPECT_TRUE(o.at("open").as_bool());
      EXPECT_FALSE(o.at("done").as_bool());
    }
    if (o.at("name").as_string() == "accepted") {
      EXPECT_EQ(o.at("color").as_string(), "#67c23a");
      EXPECT_TRUE(o.at("done").as_bool());
      EXPECT_TRUE(o.at("frozen").as_bool());
    }
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"not_started", "in_progress", "completed", "accepted", "returned"}));
  bool saw_return = false;
  for (auto& a : wf.at("actions").as_array()) {
    auto& o = a.as_object();
    if (o.at("name").as_string() == "return") {
      saw_return = true;
      EXPECT_EQ(set_of(o.at("from")), Set{"completed"});
      EXPECT_EQ(o.at("to").as_string(), "returned");
      EXPECT_TRUE(o.at("note_required").as_bool());
      EXPECT_EQ(o.at("label").at("zh-CN").as_string(), "退回整改");
      EXPECT_TRUE(o.at("evidence").as_array().empty());
    }
    if (o.at("name").as_string() == "accept") {
      EXPECT_FALSE(o.at("note_required").as_bool());
    }
  }
  EXPECT_TRUE(saw_return);
  auto missing = viewer->get("/api/v1/workflows/complaint");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(missing.obj().at("code").as_string(), "workflow_not_found");
  HttpClient anon(server->port());
  EXPECT_EQ(anon.get("/api/v1/workflows/task").status, 401);
}

TEST_F(WorkflowApiTest, ActionsFollowTheReaderAndTheStatus) {
  int64_t id = new_task("动作测试", nanjiao);
  std::string base = "/api/v1/tasks/" + std::to_string(id);
  // Not started: the owner township may start and report; the office may
  // start, edit (it handed the task down), decompose and 催报; a viewer nothing.
  EXPECT_EQ(actions(*staff, id), (Set{"start", "report", "tick_milestone"}));
  EXPECT_EQ(actions(*leader, id), (Set{"start", "decompose", "report", "tick_milestone"}));
  EXPECT_EQ(actions(*office, id), (Set{"start", "decompose", "edit", "request_report"}));
  EXPECT_EQ(actions(*viewer, id), Set{});
  // With a report the owner may complete (a guard of the definition).
  ASSERT_EQ(staff->post_json(base + "/reports", {{"percent", 100}, {"narrative", "已完成"}}).status, 201);
  EXPECT_EQ(actions(*staff, id), (Set{"complete", "report", "tick_milestone"}));
  auto done = staff->post_json(base + "/actions/complete", {{"version", version(id)}});
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(set_of(done.obj().at("actions")),
            (Set{"report", "tick_milestone"}));  // the actor's, after the move
  EXPECT_EQ(actions(*office, id), (Set{"accept", "return", "decompose", "edit", "request_report"}));
  ASSERT_EQ(office->post_json(base + "/actions/accept", {{"version", version(id)}}).status, 200);
  // Accepted is frozen: only the office's reopen is left.
  EXPECT_EQ(actions(*office, id), Set{"reopen"});
  EXPECT_EQ(actions(*staff, id), Set{});
  // A subtask of 南郊乡's own task: 南郊乡 handed it down, so its leader edits it.
  int64_t parent = new_task("分解测试", nanjiao);
  auto sub = leader->post_json(
      "/api/v1/tasks/" + std::to_string(parent) + "/subtasks",
      {{"subtasks", json::array{json::object{
                        {"title", "分解测试-子"}, {"owner_unit_id", nanjiao}, {"deadline", "2017-12-01"}}}}});
  ASSERT_EQ(sub.status, 201) << sub.body;
  int64_t child = sub.obj().at("items").as_array()[0].at("id").as_int64();
  EXPECT_TRUE(actions(*leader, child).count("edit"));
  EXPECT_FALSE(actions(*staff, child).count("edit"));  // unit_staff has no tasks.write
  // The parent cannot be completed while the subtask is open.
  ASSERT_EQ(
      staff->post_json("/api/v1/tasks/" + std::to_string(parent) + "/reports", {{"narrative", "进行中"}})
          .status,
      201);
  EXPECT_FALSE(actions(*staff, parent).count("complete"));
}

// frozen=false keeps the tasks whose state the definition does not freeze
// (只看未验收), frozen=true the others; combined with status it narrows it.
TEST_F(WorkflowApiTest, ListsFilterByTheDefinitionsFrozenFlag) {
  int64_t open_id = new_task("冻结筛选-进行", nanjiao);
  int64_t done_id = new_task("冻结筛选-验收", nanjiao);
  std::string base = "/api/v1/tasks/" + std::to_string(done_id);
  ASSERT_EQ(staff->post_json(base + "/reports", {{"percent", 100}, {"narrative", "完成"}}).status, 201);
  ASSERT_EQ(staff->post_json(base + "/actions/complete", {{"version", version(done_id)}}).status, 200);
  ASSERT_EQ(office->post_json(base + "/actions/accept", {{"version", version(done_id)}}).status, 200);
  auto ids = [&](const std::string& filter) {
    auto r = office->get("/api/v1/tasks?per_page=200&campaign_id=" + std::to_string(campaign) + filter);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> out;
    if (r.status != 200) return out;
    auto page = r.obj();  // keep the object alive while iterating its items
    // Only this test's two tasks: other tests of the suite share the campaign.
    for (auto& it : page.at("items").as_array())
      if (int64_t id = it.at("id").as_int64(); id == open_id || id == done_id) out.insert(id);
    return out;
  };
  EXPECT_EQ(ids(""), (std::set<int64_t>{open_id, done_id}));
  EXPECT_EQ(ids("&frozen=false"), std::set<int64_t>{open_id});
  EXPECT_EQ(ids("&frozen=true"), std::set<int64_t>{done_id});
  EXPECT_EQ(ids("&frozen=false&status=not_started,accepted"), std::set<int64_t>{open_id});
  EXPECT_EQ(ids("&frozen=true&status=not_started"), std::set<int64_t>{});
  auto bad = office->get("/api/v1/tasks?frozen=maybe");
  EXPECT_EQ(bad.status, 400) << bad.body;
}

TEST_F(WorkflowApiTest, EventsTellTheTaskHistoryOldestFirst) {
  int64_t id = new_task("历史测试", nanjiao);
  std::string base = "/api/v1/tasks/" + std::to_string(id);
  ASSERT_EQ(staff->post_json(base + "/reports", {{"percent", 50}, {"narrative", "过半"}}).status, 201);
  ASSERT_EQ(staff->post_json(base + "/reports", {{"percent", 100}, {"narrative", "完成"}}).status, 201);
  ASSERT_EQ(staff->post_json(base + "/actions/complete", {{"version", version(id)}}).status, 200);
  ASSERT_EQ(
      office->post_json(base + "/actions/return", {{"version", version(id)}, {"note", "照片不全"}}).status,
      200);
  auto items = events(*staff, id);
  std::vector<std::string> got;
  for (auto& e : items) {
    auto& o = e.as_object();
    got.push_back(std::string(o.at("action").as_string()) + " " +
                  (o.at("from").is_null() ? std::string("-") : std::string(o.at("from").as_string())) + " " +
                  std::string(o.at("to").as_string()));
  }
  // The second report changes no status, so it adds no event.
  EXPECT_EQ(got,
            (std::vector<std::string>{"create - not_started", "progress_reported not_started in_progress",
                                      "complete in_progress completed", "return completed returned"}));
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].at("actor").at("name").as_string(),
            office->get("/api/v1/auth/me").obj().at("user").at("name").as_string());
  EXPECT_EQ(items[1].at("actor").at("id").as_int64(),
            staff->get("/api/v1/auth/me").obj().at("user").at("id").as_int64());
  EXPECT_EQ(items[3].at("note").as_string(), "照片不全");
  EXPECT_TRUE(items[3].at("evidence").as_array().empty());
  EXPECT_EQ(items[3].at("at").as_string(), office->get(base).obj().at("updated_at").as_string());
  EXPECT_LT(items[0].at("id").as_int64(), items[3].at("id").as_int64());
  // Whoever may not see the task gets 404, as for the task itself.
  auto r = admin->post_json("/api/v1/users", {{"username", "wf-wt-staff"},
                                              {"name", "汪屯乡专干"},
                                              {"unit_id", wangtun},
                                              {"roles", json::array{"unit_staff"}}});
  ASSERT_EQ(r.status, 201) << r.body;
  std::string initial(r.obj().at("initial_password").as_string());
  auto other = server->client_for("wf-wt-staff", initial);
  ASSERT_EQ(other
                ->post_json("/api/v1/auth/password",
                            {{"current_password", initial}, {"new_password", "Wt-staff!2017x"}})
                .status,
            204);
  EXPECT_EQ(other->get(base + "/events").status, 404);
  EXPECT_EQ(other->get(base).status, 404);
  EXPECT_EQ(staff->get("/api/v1/tasks/99999999/events").status, 404);
}

// A roll-up start (a subtask moved its parent into progress) is the system's.
TEST_F(WorkflowApiTest, RollUpMovesAreTheSystems) {
  int64_t parent = new_task("汇总测试", nanjiao);
  auto sub = leader->post_json(
      "/api/v1/tasks/" + std::to_string(parent) + "/subtasks",
      {{"subtasks", json::array{json::object{
                        {"title", "汇总测试-子"}, {"owner_unit_id", nanjiao}, {"deadline", "2017-12-01"}}}}});
  ASSERT_EQ(sub.status, 201) << sub.body;
  int64_t child = sub.obj().at("items").as_array()[0].at("id").as_int64();
  ASSERT_EQ(
      staff->post_json("/api/v1/tasks/" + std::to_string(child) + "/reports", {{"narrative", "开工"}}).status,
      201);
  auto items = events(*office, parent);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].at("action").as_string(), "start");
  EXPECT_EQ(items[1].at("to").as_string(), "in_progress");
  EXPECT_TRUE(items[1].at("actor").is_null());
}

// A deployment's workflows directory ([workflows] dir in lantian.toml)
// replaces the shipped definition; a broken one stops the server at start.
TEST(WorkflowOverride, TheServerRunsTheDeploymentsDefinitionOrRefusesToStart) {
  auto dir = make_temp_dir("lantian-workflows");
  std::ifstream shipped(LANTIAN_SOURCE_DIR "/resources/workflows/task.toml");
  std::stringstream ss;
  ss << shipped.rdbuf();
  std::string task = ss.str();
  auto write = [](const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; };
  std::filesystem::create_directories(dir / "good");
  std::filesystem::create_directories(dir / "bad");
  auto replaced = [](std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return at == std::string::npos ? text : text.replace(at, from.size(), to);
  };
  std::string relabelled = replaced(task, "en = \"Returned\"", "en = \"Sent back\"");
  write(dir / "good" / "task.toml", relabelled);
  std::string broken = replaced(task, "to = \"accepted\"", "to = \"acepted\"");
  write(dir / "bad" / "task.toml", broken);
  write(dir / "good.toml", "[workflows]\ndir = \"" + (dir / "good").string() + "\"\n");
  write(dir / "bad.toml", "[workflows]\ndir = \"" + (dir / "bad").string() + "\"\n");

  std::string out;
  EXPECT_EQ(run_lantian({"workflows", "check", (dir / "good").string()}, &out), 0) << out;
  EXPECT_NE(out.find("task: 5 states"), std::string::npos) << out;
  EXPECT_EQ(run_lantian({"workflows", "check", (dir / "bad").string()}, &out), 1) << out;
  EXPECT_NE(out.find((dir / "bad" / "task.toml").string() + ":"), std::string::npos) << out;
  EXPECT_NE(out.find("action \"accept\": unknown state \"acepted\""), std::string::npos) << out;
  EXPECT_EQ(run_lantian({"--config", (dir / "bad.toml").string(), "--db", (dir / "x.db").string(), "serve",
                         "--listen", "127.0.0.1:0"},
                        &out),
            1)
      << out;
  EXPECT_NE(out.find("invalid workflow definitions"), std::string::npos) << out;

  ServerProcess server(false, {"--config", (dir / "good.toml").string()});
  auto admin = server.client_for("admin");
  auto wf = admin->get("/api/v1/workflows/task");
  ASSERT_EQ(wf.status, 200) << wf.body;
  std::string label;
  auto def = wf.obj();
  for (auto& st : def.at("states").as_array())
    if (st.at("name").as_string() == "returned") label = std::string(st.at("label").at("en").as_string());
  EXPECT_EQ(label, "Sent back");
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace
// Ledger types come from files too ([ledgers] dir, with their ledger_*
// workflows in [workflows] dir): `lantian ledgers check` names a mistake with
// its place, and a server with a broken ledger type refuses to start.
TEST(LedgerTypeFiles, CheckedByTheCliAndAtStart) {
  auto dir = make_temp_dir("lantian-ledgers");
  auto write = [](const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; };
  std::filesystem::create_directories(dir / "workflows");
  std::filesystem::create_directories(dir / "ledgers");
  write(dir / "workflows" / "ledger_simple.toml", R"(name = "ledger_simple"
initial = "open"
[[states]]
name = "open"
label = { zh-CN = "待办", en = "Open" }
color = "#909399"
open = true
[[states]]
name = "done"
label = { zh-CN = "已办", en = "Done" }
color = "#67c23a"
done = true
final = true
[[actions]]
name = "finish"
label = { zh-CN = "办结", en = "Finish" }
from = ["open"]
to = "done"
parties = ["owner"]
required_fields = ["finished_on"]
)");
  const std::string ledger = R"(name = "sites"
label = { zh-CN = "工地台账", en = "Sites" }
work_area = "construction_dust"
workflow = "ledger_simple"
title_field = "site_name"
[[fields]]
name = "site_name"
label = { zh-CN = "工地名称", en = "Site" }
type = "text"
required = true
[[fields]]
name = "finished_on"
label = { zh-CN = "办结日期", en = "Finished on" }
type = "date"
[list]
columns = ["site_name", "status"]
filters = ["status"]
[excel]
columns = ["site_name", "unit", "finished_on"]
key = ["site_name"]
)";
  write(dir / "ledgers" / "sites.toml", ledger);
  write(dir / "good.toml", "[workflows]\ndir = \"" + (dir / "workflows").string() +
                               "\"\n[ledgers]\ndir = \"" + (dir / "ledgers").string() + "\"\n");
  std::string out;
  EXPECT_EQ(run_lantian({"--config", (dir / "good.toml").string(), "ledgers", "check"}, &out), 0) << out;
  EXPECT_NE(out.find("sites: 2 fields, workflow ledger_simple, 0 counts"), std::string::npos) << out;

  std::string broken = ledger;
  broken.replace(broken.find("filters = [\"status\"]"), 20, "filters = [\"site_name\"]");
  write(dir / "ledgers" / "sites.toml", broken);
  EXPECT_EQ(run_lantian({"--config", (dir / "good.toml").string(), "ledgers", "check"}, &out), 1) << out;
  EXPECT_NE(out.find((dir / "ledgers" / "sites.toml").string() + ":17:11: list filters"), std::string::npos)
      << out;
  EXPECT_NE(out.find("\"site_name\" cannot be a filter"), std::string::npos) << out;
  EXPECT_EQ(run_lantian({"--config", (dir / "good.toml").string(), "--db", (dir / "x.db").string(), "serve",
                         "--listen", "127.0.0.1:0"},
                        &out),
            1)
      << out;
  EXPECT_NE(out.find("invalid ledger type definitions"), std::string::npos) << out;
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

}  // namespace lantian::test
