#include "http/static_files.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
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
    dir_.write("assets/index-1a2b3c.js", "console.log(1)");
    dir_.write("assets/index-1a2b3c.js.map", "{}");
    dir_.write("assets/mod-9f.mjs", "export {}");
    dir_.write("assets/index-4d5e.css", "body{}");
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
      {"/assets/index-1a2b3c.js", "text/javascript; charset=utf-8"},
      {"/assets/mod-9f.mjs", "text/javascript; charset=utf-8"},
      {"/assets/index-1a2b3c.js.map", "application/json"},
      {"/assets/index-4d5e.css", "text/css; charset=utf-8"},
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
  auto r = files_.serve(request("GET", "/assets/index-1a2b3c.js"));
  std::string etag(r.header("etag"));
  ASSERT_EQ(etag.size(), 18u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_NE(etag, std::string(files_.serve(request("GET", "/assets/index-4d5e.css")).header("etag")));

  for (std::string inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    auto req = request("GET", "/assets/index-1a2b3c.js");
    req.headers.push_back({"if-none-match", inm});
    auto c = files_.serve(req);
    EXPECT_EQ(c.status, 304) << inm;
    EXPECT_TRUE(c.body.empty());
    EXPECT_EQ(c.header("etag"), etag);
  }
  auto req = request("GET", "/assets/index-1a2b3c.js");
  req.headers.push_back({"if-none-match", "\"stale\""});
  EXPECT_EQ(files_.serve(req).status, 200);
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndTheRestRevalidates) {
  EXPECT_EQ(files_.serve(request("GET", "/assets/index-1a2b3c.js")).header("cache-control"),
            "public, max-age=31536000, immutable");
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
  for (const char* path : {"/missing.js", "/assets/index-000000.js", "/a/b.png"}) {
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
  auto r = files_.serve(request("HEAD", "/assets/index-4d5e.css"));
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
