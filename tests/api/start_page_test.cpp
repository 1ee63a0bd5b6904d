// The start page's server data, on SQLite and (api_pg_tests) PostgreSQL,
// against the demo campaign as of its morning (2017-12-20): overdue tasks
// counted per owner unit agree with the overdue list filtered to each unit,
// the 待验收 queue holds exactly the tasks the caller may accept, the audit
// log can be browsed by category, and each role names its start page.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class StartPageTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-12-20T09:00:00+08:00"}); }
  static void TearDownTestSuite() {
    clients.clear();
    DemoSuite::TearDownTestSuite();
  }
  static inline std::map<std::string, std::unique_ptr<HttpClient>> clients;

  HttpClient& as(const std::string& user) {
    auto& c = clients[user];
    if (!c) c = server->client_for(user);
    return *c;
  }
  static json::object ok(const HttpResponse& r) {
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj() : json::object{};
  }
  int64_t campaign() {
    auto list = ok(as("admin").get("/api/v1/campaigns"));
    EXPECT_EQ(list.at("items").as_array().size(), 1u);
    return list.at("items").as_array().at(0).at("id").as_int64();
  }
  int64_t total(HttpClient& c, const std::string& query) {
    return ok(c.get("/api/v1/tasks?per_page=1&" + query)).at("total").as_int64();
  }
  // Every task the query returns (all pages).
  std::vector<json::object> all(HttpClient& c, const std::string& query) {
    std::vector<json::object> out;
    for (int page = 1;; ++page) {
      auto r = ok(c.get("/api/v1/tasks?per_page=200&page=" + std::to_string(page) + "&" + query));
      for (auto& t : r.at("items").as_array()) out.push_back(t.as_object());
      if (r.at("items").as_array().empty() || int64_t(out.size()) >= r.at("total").as_int64()) break;
    }
    return out;
  }
  static std::set<std::string> actions_of(const json::object& task) {
    std::set<std::string> out;
    if (task.contains("actions"))
      for (auto& a : task.at("actions").as_array()) out.insert(std::string(a.as_string()));
    return out;
  }
};

TEST_F(StartPageTest, OverdueByUnitCountsEqualTheFilteredOverdueList) {
  const std::string c = "campaign_id=" + std::to_string(campaign());
  std::map<std::string, int64_t> totals;
  for (const char* user : {"office", "viewer", "inspector", "leader", "staff", "wangtun"}) {
    SCOPED_TRACE(user);
    auto& cl = as(user);
    auto board = ok(cl.get("/api/v1/tasks/overdue-by-unit?" + c));
    int64_t sum = 0, previous = INT64_MAX;
    for (auto& v : board.at("items").as_array()) {
      auto& row = v.as_object();
      int64_t unit = row.at("owner_unit_id").as_int64();
      int64_t count = row.at("count").as_int64();
      EXPECT_GT(count, 0);
      EXPECT_LE(count, previous) << "most first";
      previous = count;
      sum += count;
      // The number links to the overdue list of that unit: same total.
      auto rows = all(cl, "overdue=true&" + c + "&owner_unit_id=" + std::to_string(unit));
      EXPECT_EQ(int64_t(rows.size()), count) << row.at("owner_unit_name").as_string();
      int most = 0;
      std::string earliest = "9999-12-31";
      for (auto& t : rows) {
        EXPECT_EQ(t.at("owner_unit_name").as_string(), row.at("owner_unit_name").as_string());
        most = std::max(most, int(t.at("overdue_working_days").as_int64()));
        earliest = std::min(earliest, std::string(t.at("deadline").as_string()));
      }
      EXPECT_EQ(row.at("most_working_days_overdue").as_int64(), most);
      EXPECT_EQ(row.at("earliest_deadline").as_string(), earliest);
    }
    EXPECT_EQ(board.at("total").as_int64(), sum);
    EXPECT_EQ(sum, total(cl, "overdue=true&" + c));
    totals[user] = sum;
  }
  // The demo morning has late work district-wide and in 南郊乡 (范村's
  // clean-heating conversion); a township sees only its own.
  EXPECT_GE(totals["office"], 5);
  EXPECT_EQ(totals["viewer"], totals["office"]);
  EXPECT_EQ(totals["inspector"], totals["office"]);
  EXPECT_GE(totals["leader"], 1);
  EXPECT_LT(totals["leader"], totals["office"]);
  EXPECT_EQ(totals["staff"], totals["leader"]);
  auto leader_board = ok(as("leader").get("/api/v1/tasks/overdue-by-unit?" + c));
  std::set<std::string> units;
  for (auto& v : leader_board.at("items").as_array())
    units.insert(std::string(v.at("owner_unit_name").as_string()));
  EXPECT_TRUE(units.count("范村")) << json::serialize(leader_board);
  EXPECT_FALSE(units.count("汪屯乡")) << json::serialize(leader_board);
  // Filters are checked like the list's.
  EXPECT_EQ(as("office").get("/api/v1/tasks/overdue-by-unit?campaign_id=x").status, 400);
}

TEST_F(StartPageTest, AwaitingAcceptanceIsExactlyWhatTheCallerMayAccept) {
  std::map<std::string, size_t> queue_sizes;
  for (const char* user :
       {"admin", "office", "leader", "staff", "viewer", "inspector", "wangtun", "huanbao"}) {
    SCOPED_TRACE(user);
    auto& cl = as(user);
    auto queue = all(cl, "awaiting_acceptance=true");
    std::set<int64_t> in_queue;
    for (auto& t : queue) {
      in_queue.insert(t.at("id").as_int64());
      EXPECT_EQ(t.at("status").as_string(), "completed");
      // The task's own page offers accept (and return) to this caller.
      auto detail = ok(cl.get("/api/v1/tasks/" + std::to_string(t.at("id").as_int64())));
      auto acts = actions_of(detail);
      EXPECT_TRUE(acts.count("accept")) << t.at("title").as_string();
      EXPECT_TRUE(acts.count("return")) << t.at("title").as_string();
    }
    // And no completed task the caller may accept is missing.
    for (auto& t : all(cl, "status=completed")) {
      auto detail = ok(cl.get("/api/v1/tasks/" + std::to_string(t.at("id").as_int64())));
      EXPECT_EQ(actions_of(detail).count("accept") == 1, in_queue.count(t.at("id").as_int64()) == 1)
          << t.at("title").as_string();
    }
    queue_sizes[user] = queue.size();
  }
  // The office accepts everything completed; 南郊乡 its villages' work
  // (南郊村's clean heating, reported done on 12-15); read-only roles nothing.
  EXPECT_GE(queue_sizes["office"], 3u);
  EXPECT_EQ(queue_sizes["admin"], queue_sizes["office"]);
  EXPECT_EQ(queue_sizes["office"], all(as("office"), "status=completed").size());
  EXPECT_GE(queue_sizes["leader"], 1u);
  EXPECT_LT(queue_sizes["leader"], queue_sizes["office"]);
  EXPECT_EQ(queue_sizes["staff"], 0u);
  EXPECT_EQ(queue_sizes["viewer"], 0u);
  EXPECT_EQ(queue_sizes["inspector"], 0u);
  // Combined with other filters (a status that cannot be accepted: nothing).
  EXPECT_EQ(total(as("office"), "awaiting_acceptance=true&status=in_progress"), 0);
  EXPECT_EQ(total(as("office"), "awaiting_acceptance=false&status=completed"),
            int64_t(queue_sizes["office"]));
}

TEST_F(StartPageTest, AuditLogByCategory) {
  auto& office = as("office");
  auto page = [&](const std::string& query) { return ok(office.get("/api/v1/audit?per_page=200&" + query)); };
  const std::set<std::string> report_actions = {"report", "attach", "request_report"};
  auto tasks = page("category=task");
  ASSERT_GT(tasks.at("total").as_int64(), 0);
  bool named = false;
  for (auto& e : tasks.at("items").as_array()) {
    EXPECT_EQ(e.at("entity").as_string(), "task");
    EXPECT_FALSE(report_actions.count(std::string(e.at("action").as_string())));
    // Task entries carry the names of the units they mention.
    if (e.at("after").is_object() && e.at("after").as_object().contains("owner_unit_name")) named = true;
  }
  EXPECT_TRUE(named);
  auto reports = page("category=report");
  ASSERT_GT(reports.at("total").as_int64(), 0);
  std::set<std::string> seen;
  for (auto& e : reports.at("items").as_array()) {
    EXPECT_EQ(e.at("entity").as_string(), "task");
    seen.insert(std::string(e.at("action").as_string()));
    EXPECT_TRUE(report_actions.count(std::string(e.at("action").as_string())));
  }
  EXPECT_TRUE(seen.count("report"));
  // task + report = every task entry.
  EXPECT_EQ(tasks.at("total").as_int64() + reports.at("total").as_int64(),
            page("entity=task").at("total").as_int64());
  for (auto [category, entities] : std::vector<std::pair<std::string, std::set<std::string>>>{
           {"campaign", {"campaign", "work_area"}},
           {"unit", {"unit"}},
           {"user", {"user", "session", "token"}},
           {"calendar", {"calendar", "calendar_year", "calendar_day"}},
           // The demo's ledgers, inspections and registry.
           {"ledger", {"ledger_row", "inspection"}},
           {"enterprise", {"enterprise", "banned_enterprise", "relocation_alert"}}}) {
    auto r = page("category=" + category);
    EXPECT_GT(r.at("total").as_int64(), 0) << category;
    for (auto& e : r.at("items").as_array())
      EXPECT_TRUE(entities.count(std::string(e.at("entity").as_string())))
          << category << " " << e.at("entity");
  }
  auto bad = office.get("/api/v1/audit?category=tasks");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.obj().at("code").as_string(), "query_unknown_value");
}

TEST_F(StartPageTest, EachRoleNamesItsStartPage) {
  const std::map<std::string, std::string> expected = {
      {"admin", "dashboard"}, {"office", "dashboard"},  {"leader", "dashboard"}, {"viewer", "dashboard"},
      {"staff", "my-tasks"},  {"inspector", "inspector"}, {"wangtun", "dashboard"}};
  for (const auto& [user, start] : expected)
    EXPECT_EQ(ok(as(user).get("/api/v1/auth/me")).at("start_page").as_string(), start) << user;
}

}  // namespace
}  // namespace lantian::test
