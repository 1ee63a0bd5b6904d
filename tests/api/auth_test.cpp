// Login, sessions, CSRF, forced password change and lockout, over HTTP
// against the real server.
#include <gtest/gtest.h>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class AuthTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server = new ServerProcess(); }
  static void TearDownTestSuite() { delete server; }
  static ServerProcess* server;
};
ServerProcess* AuthTest::server = nullptr;

TEST_F(AuthTest, LoginReturnsTokenUserAndSetsHttpOnlyStrictCookie) {
  HttpClient c(server->port());
  auto r = c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = r.obj();
  EXPECT_EQ(body.at("token").as_string().size(), 64u);
  EXPECT_EQ(body.at("user").at("username").as_string(), "admin");
  EXPECT_FALSE(body.at("user").as_object().contains("password_hash"));
  std::string cookie = r.header("set-cookie");
  EXPECT_NE(cookie.find("lantian_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  // The token works as a bearer token.
  auto me =
      c.get("/api/v1/auth/me", {{"Authorization", "Bearer " + std::string(body.at("token").as_string())}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.obj().at("user").at("username").as_string(), "admin");
}

TEST_F(AuthTest, WrongPasswordIs401ProblemJson) {
  HttpClient c(server->port());
  auto r = c.post_json("/api/v1/auth/login", {{"username", "viewer"}, {"password", "nope-Nope-1"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto p = r.obj();
  EXPECT_EQ(p.at("status").as_int64(), 401);
  EXPECT_TRUE(p.contains("type") && p.contains("title") && p.contains("detail"));
  auto unknown = c.post_json("/api/v1/auth/login", {{"username", "nobody"}, {"password", "nope-Nope-1"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(unknown.obj().at("detail"), p.at("detail"));  // no hint whether the user exists
}

TEST_F(AuthTest, NoTokenIs401AndBadTokenIs401) {
  HttpClient c(server->port());
  EXPECT_EQ(c.get("/api/v1/users").status, 401);
  EXPECT_EQ(c.get("/api/v1/users", {{"Authorization", "Bearer " + std::string(64, 'a')}}).status, 401);
  EXPECT_EQ(c.get("/api/v1/users", {{"Cookie", "lantian_session=abc"}}).status, 401);
}

TEST_F(AuthTest, CookieWritesNeedCsrfHeader) {
  HttpClient c(server->port());
  auto login = c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
  ASSERT_EQ(login.status, 200);
  std::string token(login.obj().at("token").as_string());
  std::string csrf(login.obj().at("csrf_token").as_string());
  std::map<std::string, std::string> cookie{{"Cookie", "theme=dark; lantian_session=" + token}};
  // Reads with the cookie alone are fine.
  EXPECT_EQ(c.get("/api/v1/units?per_page=1", cookie).status, 200);
  json::object unit{{"name", "CSRF测试村"}, {"kind", "village"}, {"parent_id", 0}};
  auto tree = c.get("/api/v1/units?kind=township", cookie).obj();
  unit["parent_id"] = tree.at("items").as_array()[0].at("id");
  auto no_csrf = c.post_json("/api/v1/units", unit, cookie);
  EXPECT_EQ(no_csrf.status, 403);
  EXPECT_EQ(no_csrf.obj().at("code").as_string(), "csrf");
  auto wrong = cookie;
  wrong["X-CSRF-Token"] = "0123";
  EXPECT_EQ(c.post_json("/api/v1/units", unit, wrong).status, 403);
  auto good = cookie;
  good["X-CSRF-Token"] = csrf;
  EXPECT_EQ(c.post_json("/api/v1/units", unit, good).status, 201);
  // Bearer requests need no CSRF token.
  unit["name"] = "CSRF测试村2";
  EXPECT_EQ(c.post_json("/api/v1/units", unit, {{"Authorization", "Bearer " + token}}).status, 201);
}

TEST_F(AuthTest, LogoutRevokesTheToken) {
  auto c = server->client_for("viewer");
  EXPECT_EQ(c->get("/api/v1/auth/me").status, 200);
  EXPECT_EQ(c->post("/api/v1/auth/logout", "").status, 204);
  EXPECT_EQ(c->get("/api/v1/auth/me").status, 401);
}

TEST_F(AuthTest, FiveFailuresLockTheAccountForTheAddressEvenWithTheRightPassword) {
  auto admin = server->client_for("admin");
  auto units = admin->get("/api/v1/units?kind=township").obj();
  int64_t unit_id = units.at("items").as_array()[0].at("id").as_int64();
  auto created = admin->post_json("/api/v1/users", {{"username", "locktest"},
                                                    {"name", "锁定测试"},
                                                    {"unit_id", unit_id},
                                                    {"roles", json::array{"unit_staff"}},
                                                    {"password", "Start!pass99"}});
  ASSERT_EQ(created.status, 201) << created.body;
  HttpClient c(server->port());
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(
        c.post_json("/api/v1/auth/login", {{"username", "locktest"}, {"password", "Wrong!pass1"}}).status,
        401);
  auto fifth = c.post_json("/api/v1/auth/login", {{"username", "locktest"}, {"password", "Wrong!pass1"}});
  EXPECT_EQ(fifth.status, 423);
  EXPECT_EQ(fifth.obj().at("code").as_string(), "account_locked");
  auto right = c.post_json("/api/v1/auth/login", {{"username", "locktest"}, {"password", "Start!pass99"}});
  EXPECT_EQ(right.status, 423) << right.body;
  // The lock holds for this address only (tests/api/security_test.cpp,
  // ThrottleTest, speaks from several): the account itself is not locked.
  auto user = admin->get("/api/v1/users/" + std::to_string(created.obj().at("id").as_int64())).obj();
  EXPECT_TRUE(user.at("locked_until").is_null());
}

TEST_F(AuthTest, InitialPasswordMustBeChangedBeforeAnythingElse) {
  auto admin = server->client_for("admin");
  auto units = admin->get("/api/v1/units?kind=street_office").obj();
  int64_t unit_id = units.at("items").as_array()[0].at("id").as_int64();
  auto created = admin->post_json(
      "/api/v1/users",
      {{"username", "newbie"}, {"name", "新人"}, {"unit_id", unit_id}, {"roles", json::array{"unit_staff"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string initial(created.obj().at("initial_password").as_string());
  EXPECT_TRUE(created.obj().at("must_change_password").as_bool());

  auto c = server->client_for("newbie", initial);
  auto blocked = c->get("/api/v1/users");
  EXPECT_EQ(blocked.status, 403);
  EXPECT_EQ(blocked.obj().at("code").as_string(), "password_change_required");
  EXPECT_EQ(c->get("/api/v1/auth/me").status, 200);
  // Policy: length and character classes.
  auto weak =
      c->post_json("/api/v1/auth/password", {{"current_password", initial}, {"new_password", "short1A"}});
  EXPECT_EQ(weak.status, 422);
  EXPECT_EQ(weak.obj().at("errors").as_array()[0].at("field").as_string(), "new_password");
  auto two_classes = c->post_json("/api/v1/auth/password",
                                  {{"current_password", initial}, {"new_password", "alllowercase123"}});
  EXPECT_EQ(two_classes.status, 422);
  auto wrong_current = c->post_json("/api/v1/auth/password",
                                    {{"current_password", "Wrong!pass1"}, {"new_password", "Better!pass42"}});
  EXPECT_EQ(wrong_current.status, 422);
  auto ok = c->post_json("/api/v1/auth/password",
                         {{"current_password", initial}, {"new_password", "Better!pass42"}});
  EXPECT_EQ(ok.status, 204) << ok.body;
  EXPECT_EQ(c->get("/api/v1/users").status, 200);
  // The old password no longer works; the new one does.
  HttpClient fresh(server->port());
  EXPECT_EQ(fresh.post_json("/api/v1/auth/login", {{"username", "newbie"}, {"password", initial}}).status,
            401);
  EXPECT_EQ(
      fresh.post_json("/api/v1/auth/login", {{"username", "newbie"}, {"password", "Better!pass42"}}).status,
      200);
}

TEST_F(AuthTest, ApiTokensCanBeCreatedUsedAndRevoked) {
  auto c = server->client_for("office");
  auto created = c->post_json("/api/v1/auth/tokens", {{"name", "短信网关"}, {"expires_in_days", 30}});
  ASSERT_EQ(created.status, 201) << created.body;
  std::string token(created.obj().at("token").as_string());
  int64_t id = created.obj().at("id").as_int64();
  HttpClient integ(server->port());
  integ.default_headers["Authorization"] = "Bearer " + token;
  EXPECT_EQ(integ.get("/api/v1/units?per_page=1").status, 200);
  auto list = c->get("/api/v1/auth/tokens").obj();
  ASSERT_EQ(list.at("items").as_array().size(), 1u);
  EXPECT_FALSE(list.at("items").as_array()[0].as_object().contains("token"));
  EXPECT_EQ(c->request("DELETE", "/api/v1/auth/tokens/" + std::to_string(id)).status, 204);
  EXPECT_EQ(integ.get("/api/v1/units?per_page=1").status, 401);
}

}  // namespace
}  // namespace lantian::test

namespace lantian::test {
namespace {

std::string last_login_address(HttpClient& admin) {
  auto audit = admin.get("/api/v1/audit?action=login&per_page=1").obj();
  return std::string(audit.at("items").as_array()[0].at("client_address").as_string());
}

TEST(ClientAddress, XForwardedForIsBelievedOnlyFromTrustedProxies) {
  {
    ServerProcess untrusted;  // default: no proxy is trusted
    HttpClient c(untrusted.port());
    ASSERT_EQ(c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}},
                          {{"X-Forwarded-For", "203.0.113.7"}})
                  .status,
              200);
    auto admin = untrusted.client_for("admin");
    EXPECT_EQ(last_login_address(*admin), "127.0.0.1");
  }
  ServerProcess behind_nginx(true, {"--trusted-proxy", "127.0.0.1"});
  HttpClient c(behind_nginx.port());
  // A client-supplied entry on the left is ignored; the proxy appended the real one.
  ASSERT_EQ(c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}},
                        {{"X-Forwarded-For", "1.2.3.4, 203.0.113.7"}})
                .status,
            200);
  HttpClient reader(behind_nginx.port());
  auto login = reader.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
  reader.default_headers["Authorization"] = "Bearer " + std::string(login.obj().at("token").as_string());
  auto audit = reader.get("/api/v1/audit?action=login&per_page=2").obj();
  EXPECT_EQ(audit.at("items").as_array()[1].at("client_address").as_string(), "203.0.113.7");
  EXPECT_EQ(audit.at("items").as_array()[0].at("client_address").as_string(), "127.0.0.1");
}

}  // namespace
}  // namespace lantian::test
