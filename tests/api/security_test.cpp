// Security review fixes over HTTP, on SQLite and (api_pg_tests) PostgreSQL:
// moving a unit carries its tasks and report requests to the new parent's
// scope; a unit leader cannot change the kind of their own unit; attachment
// names fit their detected type and refuse invisible format characters;
// login throttling per (account, address), per address and per account;
// API token lifetime and revocation on a password change (docs/security.md).
#include <gtest/gtest.h>

#include <fstream>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

bool listed(const json::object& page, int64_t id) {
  for (auto& x : page.at("items").as_array())
    if (x.at("id").as_int64() == id) return true;
  return false;
}

bool request_listed(const json::object& page, int64_t task_id) {
  for (auto& x : page.at("items").as_array())
    if (x.at("task_id").as_int64() == task_id) return true;
  return false;
}

class SecurityTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-09-29T09:00:00+08:00"}); }

  void SetUp() override {
    if (!log_in({"admin", "office", "leader"})) return;
    nanjiao = unit_id("南郊乡");
    wangtun = unit_id("汪屯乡");
    office_unit = unit_id("区大气污染防治攻坚办公室");
    district = unit_id("禹王台区人民政府");
    other_leader = make_user("wt-leader", wangtun, "unit_leader");
    auto c = new_campaign("安全测试攻坚行动", "2017-09-01", "2018-03-31");
    ASSERT_FALSE(c.empty());
    campaign = c.at("id").as_int64();
  }

  json::object unit(int64_t id) { return admin->get("/api/v1/units/" + std::to_string(id)).obj(); }
  // A user with a changed (known) password, logged in.
  std::unique_ptr<HttpClient> make_user(const std::string& username, int64_t unit, const std::string& role) {
    return DemoSuite::make_user(username, username, unit, role, "Known!pass2017");
  }

  static inline std::unique_ptr<HttpClient> other_leader;
  static inline int64_t nanjiao = 0, wangtun = 0, office_unit = 0, district = 0, campaign = 0;
};

// A village moves from 南郊乡 to 汪屯乡 with an overdue task it owns and
// leads and an open report request: 南郊乡's leader loses them, 汪屯乡's
// gains them, in the task, overdue and report-request lists alike.
TEST_F(SecurityTest, MovingAUnitMovesItsTasksAndReportRequestsToTheNewParentsScope) {
  int64_t village = unit_id("范村");
  auto t = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                               {"title", "范村散煤清零"},
                                               {"owner_unit_id", village},
                                               {"lead_unit_id", village},
                                               {"start_date", "2017-09-01"},
                                               {"deadline", "2017-09-22"}});
  ASSERT_EQ(t.status, 201) << t.body;
  int64_t id = t.obj().at("id").as_int64();
  std::string base = "/api/v1/tasks/" + std::to_string(id);
  ASSERT_EQ(office->post_json(base + "/report-requests", {{"due_date", "2017-10-09"}}).status, 201);
  const std::string overdue = "/api/v1/tasks?overdue=true&per_page=200";
  const std::string requests = "/api/v1/report-requests?open=true&per_page=200";
  // Before: 南郊乡 sees and may report; 汪屯乡 does not.
  EXPECT_EQ(leader->get(base).status, 200);
  EXPECT_EQ(other_leader->get(base).status, 404);
  EXPECT_TRUE(listed(leader->get(overdue).obj(), id));
  EXPECT_FALSE(listed(other_leader->get(overdue).obj(), id));
  EXPECT_TRUE(request_listed(leader->get(requests).obj(), id));
  EXPECT_FALSE(request_listed(other_leader->get(requests).obj(), id));

  auto moved = admin->patch_json("/api/v1/units/" + std::to_string(village),
                                 {{"parent_id", wangtun}, {"version", unit(village).at("version")}});
  ASSERT_EQ(moved.status, 200) << moved.body;

  // After: the old township neither reads nor reports; the new one does both.
  EXPECT_EQ(leader->get(base).status, 404);
  auto old_report = leader->post_json(base + "/reports", {{"percent", 10}, {"narrative", "旧乡镇填报"}});
  EXPECT_TRUE(old_report.status == 404 || old_report.status == 403) << old_report.body;
  EXPECT_FALSE(listed(leader->get(overdue).obj(), id));
  EXPECT_FALSE(listed(leader->get("/api/v1/tasks?per_page=200").obj(), id));
  EXPECT_FALSE(request_listed(leader->get(requests).obj(), id));
  EXPECT_EQ(other_leader->get(base).status, 200);
  EXPECT_TRUE(listed(other_leader->get(overdue).obj(), id));
  EXPECT_TRUE(request_listed(other_leader->get(requests).obj(), id));
  auto report = other_leader->post_json(base + "/reports", {{"percent", 30}, {"narrative", "新乡镇填报"}});
  EXPECT_EQ(report.status, 201) << report.body;

  // And back again: the copies follow every move.
  moved = admin->patch_json("/api/v1/units/" + std::to_string(village),
                            {{"parent_id", nanjiao}, {"version", unit(village).at("version")}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  EXPECT_EQ(leader->get(base).status, 200);
  EXPECT_EQ(other_leader->get(base).status, 404);
  EXPECT_TRUE(listed(leader->get(overdue).obj(), id));
}

TEST_F(SecurityTest, AUnitLeaderCannotChangeTheKindOfTheirOwnUnit) {
  auto own = unit(nanjiao);
  auto r = leader->patch_json("/api/v1/units/" + std::to_string(nanjiao),
                              {{"kind", "campaign_office"}, {"version", own.at("version")}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(code_of(r), "own_unit");
  EXPECT_EQ(unit(nanjiao).at("kind").as_string(), "township");
  // Renaming it is still fine (only kind and parent are the root's frame).
  // A unit below may change kind within what its parent allows.
  int64_t village = unit_id("南郊村");
  auto ok = leader->patch_json("/api/v1/units/" + std::to_string(village),
                               {{"kind", "community"}, {"version", unit(village).at("version")}});
  EXPECT_EQ(ok.status, 200) << ok.body;
  auto up = leader->patch_json("/api/v1/units/" + std::to_string(village),
                               {{"kind", "campaign_office"}, {"version", unit(village).at("version")}});
  EXPECT_EQ(up.status, 422) << up.body;
  // Even an administrator cannot give a unit a kind its sub-units cannot sit under.
  auto admin_try =
      admin->patch_json("/api/v1/units/" + std::to_string(nanjiao),
                        {{"kind", "district_department"}, {"version", unit(nanjiao).at("version")}});
  EXPECT_EQ(admin_try.status, 422) << admin_try.body;
  EXPECT_EQ(code_of(admin_try), "wrong_parent_kind");
}

TEST_F(SecurityTest, AttachmentNamesFitTheirTypeAndRefuseFormatCharacters) {
  auto t = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                               {"title", "附件测试"},
                                               {"owner_unit_id", nanjiao},
                                               {"start_date", "2017-09-29"},
                                               {"deadline", "2017-10-31"}});
  ASSERT_EQ(t.status, 201) << t.body;
  std::string base = "/api/v1/tasks/" + std::to_string(t.obj().at("id").as_int64());
  auto rep = leader->post_json(base + "/reports", {{"percent", 10}, {"narrative", "附件"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  std::string url =
      "/api/v1/reports/" + std::to_string(rep.obj().at("id").as_int64()) + "/attachments?filename=";
  std::string jpeg = std::string("\xFF\xD8\xFF\xE0", 4) + std::string(64, 'j');
  std::string pdf = "%PDF-1.4\n" + std::string(64, 'p');
  auto upload = [&](const std::string& name, const std::string& bytes) {
    return leader->request("POST", url + name, bytes, {{"Content-Type", "text/html"}});
  };
  // A JPEG called .html is stored as .jpg and served as a JPEG download.
  auto html = upload("x.html", jpeg);
  ASSERT_EQ(html.status, 201) << html.body;
  EXPECT_EQ(html.obj().at("filename").as_string(), "x.jpg");
  EXPECT_EQ(html.obj().at("content_type").as_string(), "image/jpeg");
  auto file = leader->get("/api/v1/attachments/" + std::to_string(html.obj().at("id").as_int64()));
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.header("content-type"), "image/jpeg");
  EXPECT_EQ(file.header("content-disposition").rfind("attachment", 0), 0u)
      << file.header("content-disposition");
  EXPECT_NE(file.header("content-disposition").find("x.jpg"), std::string::npos);
  EXPECT_EQ(file.header("x-content-type-options"), "nosniff");
  // No extension: one is added; a fitting one (any case) is kept.
  EXPECT_EQ(upload("scan", pdf).obj().at("filename").as_string(), "scan.pdf");
  EXPECT_EQ(upload("Photo.JPEG", jpeg).obj().at("filename").as_string(), "Photo.JPEG");
  EXPECT_EQ(upload("report.pdf.exe", pdf).obj().at("filename").as_string(), "report.pdf.pdf");
  // U+202E (right-to-left override) makes "photo<RLO>gpj.exe" look like "photoexe.jpg".
  auto rlo = upload("photo%E2%80%AEgpj.exe", jpeg);
  EXPECT_EQ(rlo.status, 422) << rlo.body;
  EXPECT_EQ(code_of(rlo), "format_characters");
  auto zw = upload("a%E2%80%8Bb.jpg", jpeg);  // zero-width space
  EXPECT_EQ(zw.status, 422) << zw.body;
  EXPECT_EQ(code_of(zw), "format_characters");
  auto slash = upload("..%2Fx.jpg", jpeg);
  EXPECT_EQ(code_of(slash), "no_slash");
}

TEST_F(SecurityTest, TokensLiveAtMostAYearAndAPasswordChangeRevokesThem) {
  auto c = make_user("tokenuser", nanjiao, "unit_staff");
  auto too_long = c->post_json("/api/v1/auth/tokens", {{"name", "两年"}, {"expires_in_days", 366}});
  EXPECT_EQ(too_long.status, 422) << too_long.body;
  EXPECT_EQ(code_of(too_long), "out_of_range");
  auto year = c->post_json("/api/v1/auth/tokens", {{"name", "一年"}, {"expires_in_days", 365}});
  ASSERT_EQ(year.status, 201) << year.body;
  EXPECT_EQ(std::string(year.obj().at("expires_at").as_string()).substr(0, 10), "2018-09-29");
  HttpClient integ(server->port());
  integ.default_headers["Authorization"] = "Bearer " + std::string(year.obj().at("token").as_string());
  EXPECT_EQ(integ.get("/api/v1/auth/me").status, 200);
  auto other = server->client_for("tokenuser", "Known!pass2017");
  EXPECT_EQ(other->get("/api/v1/auth/me").status, 200);
  // The password changes: the token and the other session end, this one stays.
  auto changed = c->post_json("/api/v1/auth/password",
                              {{"current_password", "Known!pass2017"}, {"new_password", "Newer!pass2018"}});
  ASSERT_EQ(changed.status, 204) << changed.body;
  EXPECT_EQ(integ.get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(other->get("/api/v1/auth/me").status, 401);
  EXPECT_EQ(c->get("/api/v1/auth/me").status, 200);
  EXPECT_TRUE(c->get("/api/v1/auth/tokens").obj().at("items").as_array().empty());
}

// Login throttling behind a trusted proxy, so tests can speak from several
// addresses (X-Forwarded-For). Small limits from a config file.
class ThrottleTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() {
    auto dir = make_temp_dir("lantian-throttle");
    config = (dir / "lantian.toml").string();
    std::ofstream(config) << "[auth]\nmax_failed_logins = 5\nmax_failed_logins_per_address = 8\n"
                             "max_failed_logins_per_account = 12\nlockout_minutes = 15\n";
    start_server({"--trusted-proxy", "127.0.0.1", "--config", config});
    log_in({"admin"});
    auto units = admin->get("/api/v1/units?kind=township").obj();
    unit = units.at("items").as_array()[0].at("id").as_int64();
  }
  static int64_t create(const std::string& username) {
    auto r = admin->post_json("/api/v1/users", {{"username", username},
                                                {"name", username},
                                                {"unit_id", unit},
                                                {"roles", json::array{"unit_staff"}},
                                                {"password", "Start!pass99"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj().at("id").as_int64();
  }
  static HttpResponse login(const std::string& from, const std::string& user, const std::string& pw) {
    HttpClient c(server->port());
    return c.post_json("/api/v1/auth/login", {{"username", user}, {"password", pw}},
                       {{"X-Forwarded-For", from}});
  }
  static inline std::string config;
  static inline int64_t unit = 0;
};

TEST_F(ThrottleTest, FailuresFromOneAddressLockTheAccountForThatAddressOnly) {
  int64_t id = create("victim");
  const std::string attacker = "198.51.100.1", owner = "198.51.100.2";
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login(attacker, "victim", "Wrong!pass1").status, 401);
  auto fifth = login(attacker, "victim", "Wrong!pass1");
  EXPECT_EQ(fifth.status, 423) << fifth.body;
  EXPECT_EQ(code_of(fifth), "account_locked");
  // The attacker's address is locked out of the account, even with the right password...
  auto right = login(attacker, "victim", "Start!pass99");
  EXPECT_EQ(right.status, 423) << right.body;
  // ...while the owner, elsewhere, logs in; the account itself is not locked.
  EXPECT_EQ(login(owner, "victim", "Start!pass99").status, 200);
  EXPECT_TRUE(admin->get("/api/v1/users/" + std::to_string(id)).obj().at("locked_until").is_null());
  // An unknown name is throttled the same way (the answers do not tell names apart).
  for (int i = 0; i < 4; ++i) EXPECT_EQ(login("198.51.100.9", "nosuchuser", "Wrong!pass1").status, 401);
  EXPECT_EQ(code_of(login("198.51.100.9", "nosuchuser", "Wrong!pass1")), "account_locked");
}

TEST_F(ThrottleTest, AnAddressSprayingManyAccountsIsLockedOut) {
  const std::string sprayer = "203.0.113.50";
  for (int i = 0; i < 7; ++i)
    EXPECT_EQ(login(sprayer, "spray" + std::to_string(i), "Wrong!pass1").status, 401) << i;
  auto eighth = login(sprayer, "spray7", "Wrong!pass1");
  EXPECT_EQ(eighth.status, 423) << eighth.body;
  EXPECT_EQ(code_of(eighth), "address_locked");
  EXPECT_EQ(code_of(login(sprayer, "admin", kAdminPassword)), "address_locked");
  EXPECT_EQ(login("203.0.113.51", "admin", kAdminPassword).status, 200);
  // IPv6 counts by /64: another host of the same /64 is locked out too.
  for (int i = 0; i < 8; ++i)
    login("2001:db8:1:2::" + std::to_string(i + 1), "v6-" + std::to_string(i), "Wrong!pass1");
  EXPECT_EQ(code_of(login("2001:db8:1:2::ff", "admin", kAdminPassword)), "address_locked");
  EXPECT_EQ(login("2001:db8:1:3::1", "admin", kAdminPassword).status, 200);
}

TEST_F(ThrottleTest, ManyAddressesTogetherLockTheAccountEverywhere) {
  int64_t id = create("target");
  // 5 + 5 + 2 = 12 failures from three addresses reach the account-wide limit.
  int n = 0;
  HttpResponse last;
  for (const char* from : {"192.0.2.1", "192.0.2.2", "192.0.2.3"})
    for (int i = 0; i < 5 && n < 12; ++i, ++n) last = login(from, "target", "Wrong!pass1");
  EXPECT_EQ(last.status, 423) << last.body;
  EXPECT_EQ(code_of(last), "account_locked");
  EXPECT_FALSE(admin->get("/api/v1/users/" + std::to_string(id)).obj().at("locked_until").is_null());
  EXPECT_EQ(code_of(login("192.0.2.99", "target", "Start!pass99")), "account_locked");
}

}  // namespace
}  // namespace lantian::test
