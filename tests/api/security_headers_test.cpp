// The security review's HTTP findings, over HTTP against the real server:
// JSON-only request bodies (login CSRF through text/plain forms), the
// headers on every answer, and the web app's HTML with its policy and
// precompressed variants.
#include <gtest/gtest.h>

#include <fstream>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class SecurityHeadersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    web = new std::filesystem::path(make_temp_dir("lantian-web"));
    auto write = [](const std::string& rel, const std::string& text) {
      std::filesystem::create_directories((*web / rel).parent_path());
      std::ofstream(*web / rel, std::ios::binary) << text;
    };
    write("index.html", "<!doctype html><div id=app></div>");
    write("index.html.gz", "gzip bytes of index.html");
    write("assets/index-AbCdEf12.js", "console.log(1)");
    write("assets/index-AbCdEf12.js.br", "br bytes");
    server = new ServerProcess(true, {"--web-root", web->string()});
  }
  static void TearDownTestSuite() {
    delete server;
    std::error_code ec;
    std::filesystem::remove_all(*web, ec);
    delete web;
  }
  static ServerProcess* server;
  static std::filesystem::path* web;
};
ServerProcess* SecurityHeadersTest::server = nullptr;
std::filesystem::path* SecurityHeadersTest::web = nullptr;

std::string login_body(const std::string& user, const std::string& pw) {
  return json::serialize(json::object{{"username", user}, {"password", pw}});
}

TEST_F(SecurityHeadersTest, LoginAcceptsOnlyJson) {
  HttpClient c(server->port());
  std::string body = login_body("admin", kAdminPassword);
  for (std::string type : {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonp", "text/json"}) {
    auto r = c.post("/api/v1/auth/login", body, {{"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type;
    auto p = r.obj();
    EXPECT_EQ(p.at("code"), "unsupported_media_type") << type;
    EXPECT_EQ(p.at("status"), 415);
    EXPECT_EQ(p.at("params").at("expected"), "application/json");
    EXPECT_TRUE(r.header("set-cookie").empty()) << type;
  }
  // A form's usual body, too.
  auto form = c.post("/api/v1/auth/login", "username=admin&password=x",
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(form.status, 415);
  for (std::string type :
       {"application/json", "application/json; charset=utf-8", "Application/JSON ; charset=UTF-8"}) {
    auto r = c.post("/api/v1/auth/login", body, {{"Content-Type", type}});
    EXPECT_EQ(r.status, 200) << type << " " << r.body;
  }
}

TEST_F(SecurityHeadersTest, RefusedLoginsNeverReachTheAccount) {
  HttpClient c(server->port());
  // Six wrong passwords would lock the account; refused before the handler,
  // they count for nothing.
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(
        c.post("/api/v1/auth/login", login_body("viewer", "Wrong-pass-1"), {{"Content-Type", "text/plain"}})
            .status,
        415);
  auto ok = c.post_json("/api/v1/auth/login",
                        {{"username", "viewer"}, {"password", server->passwords.at("viewer")}});
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(SecurityHeadersTest, JsonWriteRoutesRefuseOtherBodies) {
  auto admin = server->client_for("admin");
  struct Case {
    const char* method;
    const char* target;
  };
  for (auto [method, target] :
       {Case{"POST", "/api/v1/units"}, Case{"PATCH", "/api/v1/units/1"}, Case{"POST", "/api/v1/tasks"},
        Case{"PATCH", "/api/v1/tasks/1"}, Case{"POST", "/api/v1/users"},
        Case{"PUT", "/api/v1/calendar/days/2031-01-01"}}) {
    auto r = admin->request(method, target, "{\"name\":\"x\"}", {{"Content-Type", "text/plain"}});
    EXPECT_EQ(r.status, 415) << method << " " << target << " " << r.body;
    EXPECT_EQ(r.obj().at("code"), "unsupported_media_type") << target;
  }
  // A write without a body needs no content type.
  EXPECT_EQ(admin->request("POST", "/api/v1/notifications/read-all", "", {}).status, 200);
  // Routes whose body is not JSON keep their own types: the calendar takes
  // CSV, imports and attachments their files (their own tests cover success;
  // here only that the central check lets them through to the handler).
  auto csv = admin->request("PUT", "/api/v1/calendar/2031", "date,kind,holiday,notice\n2031-01-01,of,元旦,\n",
                            {{"Content-Type", "text/csv"}});
  EXPECT_EQ(csv.status, 422) << csv.body;
  auto xlsx = admin->request("POST", "/api/v1/campaigns/1/import/preview", "not a zip",
                             {{"Content-Type", "application/octet-stream"}});
  EXPECT_NE(xlsx.status, 415) << xlsx.body;
  auto csv_as_json_route =
      admin->request("PUT", "/api/v1/calendar/2031", "[1]", {{"Content-Type", "image/png"}});
  EXPECT_EQ(csv_as_json_route.status, 415);
  EXPECT_EQ(csv_as_json_route.obj().at("params").at("expected"),
            "application/json or text/csv or text/plain");
}

TEST_F(SecurityHeadersTest, EveryAnswerIsNosniff) {
  HttpClient c(server->port());
  auto admin = server->client_for("admin");
  for (const auto& r :
       {c.get("/healthz"), c.get("/api/v1/users"), c.get("/api/v1/nope"), admin->get("/api/v1/auth/me"),
        c.get("/"), c.get("/assets/index-AbCdEf12.js"), c.get("/assets/missing-AbCdEf12.js")})
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << r.status << " " << r.body.substr(0, 80);
}

TEST_F(SecurityHeadersTest, HtmlHasPolicyAndFramingAndReferrerHeaders) {
  HttpClient c(server->port());
  for (const char* path : {"/", "/login", "/my-tasks", "/index.html"}) {
    auto r = c.get(path);
    ASSERT_EQ(r.status, 200) << path;
    std::string csp = r.header("content-security-policy");
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(r.header("x-frame-options"), "DENY");
    EXPECT_EQ(r.header("referrer-policy"), "same-origin");
    EXPECT_EQ(r.header("cache-control"), "no-cache");
  }
  // Not on the API's JSON: the policy is for documents.
  EXPECT_TRUE(c.get("/healthz").header("content-security-policy").empty());
}

TEST_F(SecurityHeadersTest, PrecompressedVariantsByAcceptEncoding) {
  HttpClient c(server->port());
  auto gz = c.get("/", {{"Accept-Encoding", "gzip, deflate"}});
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gz.header("vary"), "Accept-Encoding");
  EXPECT_EQ(gz.body, "gzip bytes of index.html");
  auto plain = c.get("/");
  EXPECT_TRUE(plain.header("content-encoding").empty());
  EXPECT_EQ(plain.body, "<!doctype html><div id=app></div>");
  auto br = c.get("/assets/index-AbCdEf12.js", {{"Accept-Encoding", "gzip, deflate, br, zstd"}});
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(br.body, "br bytes");
  EXPECT_EQ(br.header("cache-control"), "public, max-age=31536000, immutable");
  EXPECT_NE(br.header("etag"), c.get("/assets/index-AbCdEf12.js").header("etag"));
}

}  // namespace
}  // namespace lantian::test
