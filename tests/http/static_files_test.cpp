#include "http/static_files.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>

namespace lantian::http {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("lantian-static-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    fs::path p = path_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  std::string str() const { return path_.string(); }

 private:
  fs::path path_;
};

Request request(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = std::move(path);
  return r;
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("index.html", "<!doctype html><title>Lantian</title>");
    dir_.write("favicon.ico", "ico");
    dir_.write("robots.txt", "User-agent: *");
    dir_.write("manifest.webmanifest", "{}");
    dir_.write("assets/index-1a2b3c4d.js", "console.log(1)");
    dir_.write("assets/index-1a2b3c4d.js.map", "{}");
    dir_.write("assets/mod-9f_A-b3C.mjs", "export {}");
    dir_.write("assets/index-4d5e6f7a.css", "body{}");
    dir_.write("assets/logo.svg", "<svg/>");
    dir_.write("assets/photo.png", std::string("\x89PNG\0\0", 6));
    dir_.write("assets/photo.jpg", "jpg");
    dir_.write("assets/font.woff", "w1");
    dir_.write("assets/font.woff2", "w2");
    dir_.write("assets/font.ttf", "ttf");
    dir_.write("data/config.json", "{\"a\":1}");
    dir_.write("docs/index.html", "<p>docs</p>");
    auto r = StaticFiles::load(dir_.str());
    ASSERT_TRUE(r.ok()) << r.error().message;
    files_ = std::move(r).value();
  }

  TempDir dir_;
  StaticFiles files_;
};

TEST_F(StaticFilesTest, LoadsEveryFile) {
  EXPECT_FALSE(files_.empty());
  EXPECT_EQ(files_.size(), 16u);
}

TEST_F(StaticFilesTest, ContentTypesFollowTheExtension) {
  const std::pair<const char*, const char*> cases[] = {
      {"/index.html", "text/html; charset=utf-8"},
      {"/favicon.ico", "image/x-icon"},
      {"/robots.txt", "text/plain; charset=utf-8"},
      {"/manifest.webmanifest", "application/manifest+json"},
      {"/assets/index-1a2b3c4d.js", "text/javascript; charset=utf-8"},
      {"/assets/mod-9f_A-b3C.mjs", "text/javascript; charset=utf-8"},
      {"/assets/index-1a2b3c4d.js.map", "application/json"},
      {"/assets/index-4d5e6f7a.css", "text/css; charset=utf-8"},
      {"/assets/logo.svg", "image/svg+xml"},
      {"/assets/photo.png", "image/png"},
      {"/assets/photo.jpg", "image/jpeg"},
      {"/assets/font.woff", "font/woff"},
      {"/assets/font.woff2", "font/woff2"},
      {"/assets/font.ttf", "font/ttf"},
      {"/data/config.json", "application/json"},
  };
  for (const auto& [path, type] : cases) {
    auto r = files_.serve(request("GET", path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("content-type"), type) << path;
    EXPECT_EQ(r.route, "static");
  }
  EXPECT_EQ(files_.serve(request("GET", "/assets/photo.png")).body, std::string("\x89PNG\0\0", 6));
}

TEST_F(StaticFilesTest, StrongEtagAndConditionalGet) {
  auto r = files_.serve(request("GET", "/assets/index-1a2b3c4d.js"));
  std::string etag(r.header("etag"));
  ASSERT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(etag, std::string(files_.serve(request("GET", "/assets/index-4d5e6f7a.css")).header("etag")));

  for (std::string inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto req = request("GET", "/assets/index-1a2b3c4d.js");
    req.headers.push_back({"if-none-match", inm});
    auto c = files_.serve(req);
    EXPECT_EQ(c.status, 304) << inm;
    EXPECT_TRUE(c.body.empty());
    EXPECT_EQ(c.header("etag"), etag);
  }
  auto req = request("GET", "/assets/index-1a2b3c4d.js");
  req.headers.push_back({"if-none-match", "\"stale\""});
  EXPECT_EQ(files_.serve(req).status, 200);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndTheRestRevalidates) {
  for (const char* path : {"/assets/index-1a2b3c4d.js", "/assets/mod-9f_A-b3C.mjs",
                           "/assets/index-1a2b3c4d.js.map", "/assets/index-4d5e6f7a.css"})
    EXPECT_EQ(files_.serve(request("GET", path)).header("cache-control"),
              "public, max-age=31536000, immutable")
        << path;
  // Under /assets/ but without Vite's 8-character hash: may change in place.
  for (const char* path : {"/assets/logo.svg", "/assets/font.woff2"})
    EXPECT_EQ(files_.serve(request("GET", path)).header("cache-control"), "no-cache") << path;
  EXPECT_EQ(files_.serve(request("GET", "/index.html")).header("cache-control"), "no-cache");
  EXPECT_EQ(files_.serve(request("GET", "/robots.txt")).header("cache-control"), "no-cache");
}

TEST_F(StaticFilesTest, RootAndDirectoriesServeIndexHtml) {
  auto r = files_.serve(request("GET", "/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "<!doctype html><title>Lantian</title>");
  EXPECT_EQ(files_.serve(request("GET", "/docs/")).body, "<p>docs</p>");
}

TEST_F(StaticFilesTest, HistoryRoutesFallBackToIndexHtml) {
  for (const char* path : {"/users", "/users/42/edit", "/settings/"}) {
    auto r = files_.serve(request("GET", path));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
    EXPECT_EQ(r.body, "<!doctype html><title>Lantian</title>") << path;
  }
}

TEST_F(StaticFilesTest, MissingFilesWithAnExtensionAre404) {
  for (const char* path : {"/missing.js", "/assets/index-00000000.js", "/a/b.png"}) {
    auto r = files_.serve(request("GET", path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto j = boost::json::parse(r.body).as_object();
    EXPECT_EQ(j["type"], "https://lantian.dev/problems/not-found");
    EXPECT_EQ(j["status"], 404);
  }
}

TEST_F(StaticFilesTest, ApiPathsNeverFallBack) {
  for (const char* path : {"/api/v1/users", "/api/", "/api"}) {
    auto r = files_.serve(request("GET", path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << path;
  }
}

TEST_F(StaticFilesTest, HeadHasLengthButNoBody) {
  auto r = files_.serve(request("HEAD", "/assets/index-4d5e6f7a.css"));
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), "6");
  EXPECT_EQ(r.header("content-type"), "text/css; charset=utf-8");
}

TEST_F(StaticFilesTest, OtherMethodsAre405) {
  auto r = files_.serve(request("POST", "/index.html"));
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
}

TEST_F(StaticFilesTest, HtmlCarriesTheSecurityHeaders) {
  for (const char* path : {"/", "/index.html", "/my-tasks", "/docs/"}) {
    auto r = files_.serve(request("GET", path));
    ASSERT_EQ(r.status, 200) << path;
    auto csp = std::string(r.header("content-security-policy"));
    EXPECT_EQ(csp, kContentSecurityPolicy) << path;
    EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
    EXPECT_NE(csp.find("script-src 'self';"), std::string::npos);  // no 'unsafe-inline' for scripts
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(r.header("x-frame-options"), "DENY") << path;
    EXPECT_EQ(r.header("referrer-policy"), "same-origin") << path;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
  }
  auto js = files_.serve(request("GET", "/assets/index-1a2b3c4d.js"));
  EXPECT_EQ(js.header("x-content-type-options"), "nosniff");
  EXPECT_TRUE(js.header("content-security-policy").empty());
}

// A dist folder as the build leaves it: app.js with app.js.br and app.js.gz.
class PrecompressedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.write("index.html", "<!doctype html><p>identity</p>");
    dir_.write("index.html.gz", "GZ-index");
    dir_.write("index.html.br", "BR-index");
    dir_.write("assets/app-AbCdEf12.js", "console.log('identity')");
    dir_.write("assets/app-AbCdEf12.js.gz", "GZ-app");
    dir_.write("assets/app-AbCdEf12.js.br", "BR-app");
    dir_.write("assets/only-gz-AbCdEf12.css", "body{}");
    dir_.write("assets/only-gz-AbCdEf12.css.gz", "GZ-css");
    dir_.write("assets/plain-AbCdEf12.png", "png");
    dir_.write("downloads/archive.tar.gz", "a real gzip file");  // no "archive.tar" beside it
    auto r = StaticFiles::load(dir_.str());
    ASSERT_TRUE(r.ok()) << r.error().message;
    files_ = std::move(r).value();
  }
  Response get(const std::string& path, const std::string& accept_encoding,
               const std::string& method = "GET") {
    auto req = request(method, path);
    if (!accept_encoding.empty()) req.headers.push_back({"accept-encoding", accept_encoding});
    return files_.serve(req);
  }

  TempDir dir_;
  StaticFiles files_;
};

TEST_F(PrecompressedTest, VariantsAreNotResourcesOfTheirOwn) {
  EXPECT_EQ(files_.size(), 5u);
  EXPECT_EQ(get("/assets/app-AbCdEf12.js.br", "br").status, 404);
  EXPECT_EQ(get("/assets/app-AbCdEf12.js.gz", "gzip").status, 404);
  auto r = get("/downloads/archive.tar.gz", "");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "a real gzip file");
  EXPECT_TRUE(r.header("content-encoding").empty());
  EXPECT_TRUE(r.header("vary").empty());
}

TEST_F(PrecompressedTest, ChoosesByAcceptEncoding) {
  struct Case {
    const char* accept;
    const char* body;
    const char* encoding;
  };
  const Case cases[] = {
      {"", "console.log('identity')", ""},  // no header: identity only
      {"gzip, deflate, br, zstd", "BR-app", "br"},
      {"gzip, deflate", "GZ-app", "gzip"},
      {"GZIP", "GZ-app", "gzip"},
      {"x-gzip", "GZ-app", "gzip"},
      {"br;q=0.5, gzip;q=0.8", "GZ-app", "gzip"},
      {"br;q=1.0, gzip;q=0.999", "BR-app", "br"},
      {"br;q=0, gzip", "GZ-app", "gzip"},
      {"br;q=0, gzip;q=0", "console.log('identity')", ""},
      {"br;q=0.5, identity", "console.log('identity')", ""},  // identity q=1 beats br 0.5
      {"br;q=0.5, identity;q=0.5", "BR-app", "br"},           // a tie goes to the smaller one
      {"*", "BR-app", "br"},
      {"*;q=0.3, identity;q=0.2", "BR-app", "br"},
      {"gzip;q=0.4, *;q=0", "GZ-app", "gzip"},
      {"deflate, compress", "console.log('identity')", ""},
      {"br ; q=0.9 ,gzip ; q=0.1", "BR-app", "br"},
      {"br;q=garbage", "BR-app", "br"},  // a malformed q counts as 1
  };
  for (const auto& c : cases) {
    auto r = get("/assets/app-AbCdEf12.js", c.accept);
    EXPECT_EQ(r.status, 200) << c.accept;
    EXPECT_EQ(r.body, c.body) << c.accept;
    EXPECT_EQ(r.header("content-encoding"), c.encoding) << c.accept;
    EXPECT_EQ(r.header("vary"), "Accept-Encoding") << c.accept;
    EXPECT_EQ(r.header("content-type"), "text/javascript; charset=utf-8") << c.accept;
  }
  // Only a gzip variant: br is asked for but not there.
  auto css = get("/assets/only-gz-AbCdEf12.css", "br");
  EXPECT_EQ(css.body, "body{}");
  EXPECT_TRUE(css.header("content-encoding").empty());
  EXPECT_EQ(css.header("vary"), "Accept-Encoding");
  EXPECT_EQ(get("/assets/only-gz-AbCdEf12.css", "br, gzip").body, "GZ-css");
  // No variants at all: no Vary either.
  auto png = get("/assets/plain-AbCdEf12.png", "br, gzip");
  EXPECT_EQ(png.body, "png");
  EXPECT_TRUE(png.header("vary").empty());
}

TEST_F(PrecompressedTest, EachVariantHasItsOwnEtag) {
  auto id = get("/assets/app-AbCdEf12.js", "");
  auto gz = get("/assets/app-AbCdEf12.js", "gzip");
  auto br = get("/assets/app-AbCdEf12.js", "br");
  std::string e_id(id.header("etag")), e_gz(gz.header("etag")), e_br(br.header("etag"));
  EXPECT_NE(e_id, e_gz);
  EXPECT_NE(e_id, e_br);
  EXPECT_NE(e_gz, e_br);
  // A revalidation matches the variant the client would get now.
  auto req = request("GET", "/assets/app-AbCdEf12.js");
  req.headers.push_back({"accept-encoding", "br"});
  req.headers.push_back({"if-none-match", e_br});
  auto not_modified = files_.serve(req);
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.header("etag"), e_br);
  EXPECT_EQ(not_modified.header("vary"), "Accept-Encoding");
  req.headers[0].value = "gzip";  // a gzip-only client holding the br copy must get the gzip bytes
  auto full = files_.serve(req);
  EXPECT_EQ(full.status, 200);
  EXPECT_EQ(full.body, "GZ-app");
}

TEST_F(PrecompressedTest, HeadAndIndexHtmlAndHistoryRoutes) {
  auto head = get("/assets/app-AbCdEf12.js", "br", "HEAD");
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(head.header("content-length"), "6");
  EXPECT_EQ(head.header("content-encoding"), "br");
  for (const char* path : {"/", "/index.html", "/my-tasks"}) {
    auto r = get(path, "gzip, deflate, br");
    EXPECT_EQ(r.body, "BR-index") << path;
    EXPECT_EQ(r.header("content-encoding"), "br") << path;
    EXPECT_EQ(r.header("cache-control"), "no-cache") << path;
    EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8") << path;
    EXPECT_FALSE(r.header("content-security-policy").empty()) << path;
  }
  EXPECT_EQ(get("/", "").body, "<!doctype html><p>identity</p>");
}

TEST(StaticFiles, StaleVariantsAreIgnored) {
  TempDir dir;
  dir.write("assets/app-AbCdEf12.js.gz", "GZ-old");
  dir.write("assets/app-AbCdEf12.js", "new");
  auto old_time = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  std::filesystem::last_write_time(dir.str() + "/assets/app-AbCdEf12.js.gz", old_time);
  auto loaded = StaticFiles::load(dir.str());
  ASSERT_TRUE(loaded.ok());
  auto req = request("GET", "/assets/app-AbCdEf12.js");
  req.headers.push_back({"accept-encoding", "gzip"});
  auto r = loaded->serve(req);
  EXPECT_EQ(r.body, "new");
  EXPECT_TRUE(r.header("content-encoding").empty());
}

TEST(StaticFiles, LoadFailsForAMissingRoot) {
  auto r = StaticFiles::load("/nonexistent/lantian/dist");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::not_found);
}

TEST(StaticFiles, DefaultIsEmptyAndAnswers404) {
  StaticFiles sf;
  EXPECT_TRUE(sf.empty());
  EXPECT_EQ(sf.serve(request("GET", "/")).status, 404);
  EXPECT_EQ(sf.serve(request("GET", "/some/route")).status, 404);
}

}  // namespace
}  // namespace lantian::http
