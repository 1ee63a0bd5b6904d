// Units and users over HTTP: CRUD, tree, paging and sort, validation errors,
// optimistic concurrency (409 on a stale version), audit log and its check.
#include <gtest/gtest.h>

#include <thread>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class OrgUsersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>();
    admin = server->client_for("admin");
  }
  int64_t unit_id(const std::string& name) {
    auto r = admin->get("/api/v1/units?per_page=200&q=" + name).obj();
    for (auto& u : r.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<HttpClient> admin;
};

TEST_F(OrgUsersTest, DemoTreeHasTheDistrictAndItsUnits) {
  auto tree = admin->get("/api/v1/units/tree").obj();
  auto& roots = tree.at("items").as_array();
  ASSERT_EQ(roots.size(), 1u);
  EXPECT_EQ(roots[0].at("name").as_string(), "禹王台区人民政府");
  EXPECT_EQ(roots[0].at("division_code").as_string(), "410205");
  std::set<std::string> kinds;
  for (auto& c : roots[0].at("children").as_array()) kinds.insert(std::string(c.at("kind").as_string()));
  for (auto k : {"campaign_office", "supervision_group", "district_department", "township", "street_office"})
    EXPECT_TRUE(kinds.count(k)) << k;
  // A township's own view is its subtree only.
  auto staff = server->client_for("staff");
  auto mine = staff->get("/api/v1/units/tree").obj();
  ASSERT_EQ(mine.at("items").as_array().size(), 1u);
  EXPECT_EQ(mine.at("items").as_array()[0].at("name").as_string(), "南郊乡");
}

TEST_F(OrgUsersTest, CreateGetUpdateDisableUnitWithAudit) {
  int64_t town = unit_id("南郊乡");
  auto created = admin->post_json(
      "/api/v1/units",
      {{"name", "测试村"},
       {"kind", "village"},
       {"parent_id", town},
       {"party_secretary", {{"name", "张书记"}, {"phone", "13800000001"}}},
       {"government_head", {{"name", "李主任"}, {"phone", "0378-2345678"}}},
       {"contacts", json::array{{{"name", "王网格员"}, {"phone", "13900000002"}, {"title", "网格员"}}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto u = created.obj();
  EXPECT_EQ(u.at("version").as_int64(), 1);
  EXPECT_EQ(u.at("parent_name").as_string(), "南郊乡");
  std::string id = std::to_string(u.at("id").as_int64());
  auto got = admin->get("/api/v1/units/" + id).obj();
  EXPECT_EQ(got.at("party_secretary").at("name").as_string(), "张书记");
  EXPECT_EQ(got.at("contacts").as_array()[0].at("title").as_string(), "网格员");

  auto updated = admin->patch_json("/api/v1/units/" + id, {{"version", 1}, {"name", "测试村（新）"}});
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_EQ(updated.obj().at("version").as_int64(), 2);
  // Someone still holding version 1 gets 409 and changes nothing.
  auto stale = admin->patch_json("/api/v1/units/" + id, {{"version", 1}, {"name", "覆盖"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(admin->get("/api/v1/units/" + id).obj().at("name").as_string(), "测试村（新）");

  auto disabled = admin->post_json("/api/v1/units/" + id + "/disable", {{"version", 2}});
  ASSERT_EQ(disabled.status, 200) << disabled.body;
  EXPECT_TRUE(disabled.obj().at("disabled").as_bool());
  auto listed = admin->get("/api/v1/units?parent_id=" + std::to_string(town)).obj();
  for (auto& item : listed.at("items").as_array()) EXPECT_NE(item.at("id").as_int64(), std::stoll(id));
  auto with_disabled =
      admin->get("/api/v1/units?include_disabled=true&parent_id=" + std::to_string(town)).obj();
  EXPECT_EQ(with_disabled.at("total").as_int64(), listed.at("total").as_int64() + 1);
  EXPECT_EQ(admin->post_json("/api/v1/units/" + id + "/enable", {{"version", 3}}).status, 200);

  auto audit = admin->get("/api/v1/audit?entity=unit&entity_id=" + id).obj();
  std::vector<std::string> actions;
  for (auto& e : audit.at("items").as_array()) actions.emplace_back(e.at("action").as_string());
  EXPECT_EQ(actions, (std::vector<std::string>{"enable", "disable", "update", "create"}));
  auto upd = audit.at("items").as_array()[2].as_object();
  EXPECT_EQ(upd.at("before").at("name").as_string(), "测试村");
  EXPECT_EQ(upd.at("after").at("name").as_string(), "测试村（新）");
  EXPECT_EQ(upd.at("actor_name").as_string(), "admin");
  EXPECT_EQ(upd.at("client_address").as_string(), "127.0.0.1");
  auto verify = admin->get("/api/v1/audit/verify").obj();
  EXPECT_TRUE(verify.at("ok").as_bool());
}

TEST_F(OrgUsersTest, UnitValidationListsEveryBadField) {
  int64_t town = unit_id("南郊乡");
  auto r = admin->post_json("/api/v1/units", {{"name", ""},
                                              {"kind", "district_government"},
                                              {"parent_id", town},
                                              {"division_code", "41A"},
                                              {"party_secretary", {{"name", "x"}, {"phone", "12345"}}}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  auto problem = r.obj();
  for (auto& e : problem.at("errors").as_array()) fields.insert(std::string(e.at("field").as_string()));
  for (auto f : {"name", "division_code", "party_secretary.phone", "parent_id"})
    EXPECT_TRUE(fields.count(f)) << f;
  // A township cannot sit under a village.
  auto village =
      admin->post_json("/api/v1/units", {{"name", "层级村"}, {"kind", "village"}, {"parent_id", town}});
  ASSERT_EQ(village.status, 201);
  auto bad = admin->post_json(
      "/api/v1/units", {{"name", "错层乡"}, {"kind", "township"}, {"parent_id", village.obj().at("id")}});
  EXPECT_EQ(bad.status, 422);
  // Duplicate name under the same parent.
  EXPECT_EQ(admin->post_json("/api/v1/units", {{"name", "层级村"}, {"kind", "village"}, {"parent_id", town}})
                .status,
            409);
}

TEST_F(OrgUsersTest, UsersListFiltersPagesAndSorts) {
  int64_t town = unit_id("南郊乡");
  for (int i = 0; i < 25; ++i) {
    auto r = admin->post_json("/api/v1/users", {{"username", "nj" + std::to_string(100 + i)},
                                                {"name", "南郊" + std::to_string(i)},
                                                {"unit_id", town},
                                                {"roles", json::array{"unit_staff"}},
                                                {"phone", "138000001" + std::to_string(10 + i)}});
    ASSERT_EQ(r.status, 201) << r.body;
  }
  auto page1 = admin->get("/api/v1/users?unit=" + std::to_string(town) + "&per_page=10&sort=username").obj();
  EXPECT_EQ(page1.at("total").as_int64(), 27);  // + leader and staff
  EXPECT_EQ(page1.at("items").as_array().size(), 10u);
  EXPECT_EQ(page1.at("items").as_array()[0].at("username").as_string(), "leader");
  auto page3 =
      admin->get("/api/v1/users?unit=" + std::to_string(town) + "&per_page=10&page=3&sort=username").obj();
  EXPECT_EQ(page3.at("items").as_array().size(), 7u);
  auto desc = admin->get("/api/v1/users?unit=" + std::to_string(town) + "&per_page=1&sort=-username").obj();
  EXPECT_EQ(desc.at("items").as_array()[0].at("username").as_string(), "staff");
  auto q = admin->get("/api/v1/users?q=nj11").obj();
  EXPECT_EQ(q.at("total").as_int64(), 10);
  auto role = admin->get("/api/v1/users?role=inspector").obj();
  ASSERT_EQ(role.at("total").as_int64(), 1);
  EXPECT_EQ(role.at("items").as_array()[0].at("username").as_string(), "inspector");
  // A literal % in the search is not a wildcard.
  EXPECT_EQ(admin->get("/api/v1/users?q=%25").obj().at("total").as_int64(), 0);
}

TEST_F(OrgUsersTest, UserUpdateDisableResetPassword) {
  auto staff = admin->get("/api/v1/users?q=staff").obj().at("items").as_array()[0].as_object();
  std::string id = std::to_string(staff.at("id").as_int64());
  int64_t v = staff.at("version").as_int64();
  auto up = admin->patch_json(
      "/api/v1/users/" + id,
      {{"version", v}, {"position", "网格长"}, {"roles", json::array{"unit_staff", "inspector"}}});
  ASSERT_EQ(up.status, 200) << up.body;
  EXPECT_EQ(up.obj().at("roles").as_array().size(), 2u);
  EXPECT_EQ(admin->patch_json("/api/v1/users/" + id, {{"version", v}, {"position", "x"}}).status, 409);
  EXPECT_EQ(admin->patch_json("/api/v1/users/" + id, {{"version", v + 1}, {"username", "renamed"}}).status,
            422);

  auto reset = admin->post("/api/v1/users/" + id + "/reset-password", "{}");
  ASSERT_EQ(reset.status, 200) << reset.body;
  std::string pw(reset.obj().at("initial_password").as_string());
  auto c = server->client_for("staff", pw);
  EXPECT_EQ(c->get("/api/v1/users").obj().at("code").as_string(), "password_change_required");

  auto cur = admin->get("/api/v1/users/" + id).obj();
  auto dis = admin->post_json("/api/v1/users/" + id + "/disable", {{"version", cur.at("version")}});
  ASSERT_EQ(dis.status, 200) << dis.body;
  EXPECT_EQ(c->get("/api/v1/auth/me").status, 401);
  HttpClient anon(server->port());
  EXPECT_EQ(anon.post_json("/api/v1/auth/login", {{"username", "staff"}, {"password", pw}}).status, 401);
  // Admins cannot disable themselves.
  auto me = admin->get("/api/v1/auth/me").obj().at("user").as_object();
  EXPECT_EQ(admin
                ->post_json("/api/v1/users/" + std::to_string(me.at("id").as_int64()) + "/disable",
                            {{"version", me.at("version")}})
                .status,
            403);
}

TEST_F(OrgUsersTest, DuplicateUsernameIs409) {
  int64_t town = unit_id("汪屯乡");
  json::object u{
      {"username", "dup.user"}, {"name", "重复"}, {"unit_id", town}, {"roles", json::array{"viewer"}}};
  EXPECT_EQ(admin->post_json("/api/v1/users", u).status, 201);
  EXPECT_EQ(admin->post_json("/api/v1/users", u).status, 409);
}

TEST_F(OrgUsersTest, HealthAndMetrics) {
  HttpClient c(server->port());
  auto h = c.get("/healthz");
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.obj().at("database").at("status").as_string(), "ok");
  EXPECT_EQ(h.obj().at("database").at("backend").as_string(), ServerProcess::backend());
  EXPECT_FALSE(h.obj().at("version").as_string().empty());
  (void)admin->get("/api/v1/units/999999");
  // The server records a request just after writing its response, so the
  // 404 may show up a moment later on another connection.
  HttpResponse m;
  for (int i = 0; i < 50; ++i) {
    m = c.get("/metrics");
    if (m.body.find("status=\"404\"") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(m.header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(
      m.body.find("lantian_http_requests_total{route=\"/api/v1/units/{id}\",method=\"GET\",status=\"404\"}"),
      std::string::npos)
      << m.body.substr(0, 2000);
  EXPECT_NE(m.body.find("lantian_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("lantian_db_connections"), std::string::npos);
  EXPECT_NE(m.body.find("lantian_http_open_connections"), std::string::npos);
}

TEST_F(OrgUsersTest, UnknownApiPathIs404ProblemAndWrongMethodIs405) {
  auto r = admin->get("/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(admin->request("DELETE", "/api/v1/units").status, 405);
}

}  // namespace
}  // namespace lantian::test

namespace lantian::test {
namespace {

TEST(OrgUsersNoop, SavingWithoutChangesKeepsTheVersionAndWritesNoAudit) {
  ServerProcess server;
  auto admin = server.client_for("admin");
  auto unit =
      admin->get("/api/v1/units?kind=township&per_page=1").obj().at("items").as_array()[0].as_object();
  std::string id = std::to_string(unit.at("id").as_int64());
  int64_t audit_before = admin->get("/api/v1/audit?per_page=1").obj().at("total").as_int64();
  auto same =
      admin->patch_json("/api/v1/units/" + id, {{"version", unit.at("version")}, {"name", unit.at("name")}});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.obj().at("version"), unit.at("version"));
  auto user = admin->get("/api/v1/users?q=viewer").obj().at("items").as_array()[0].as_object();
  auto same_user = admin->patch_json("/api/v1/users/" + std::to_string(user.at("id").as_int64()),
                                     {{"version", user.at("version")}, {"name", user.at("name")}});
  ASSERT_EQ(same_user.status, 200) << same_user.body;
  EXPECT_EQ(same_user.obj().at("version"), user.at("version"));
  EXPECT_EQ(admin->get("/api/v1/audit?per_page=1").obj().at("total").as_int64(), audit_before);
}

}  // namespace
}  // namespace lantian::test
