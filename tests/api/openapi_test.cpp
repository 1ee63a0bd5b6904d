// docs/openapi.yaml against the real route table: every route registered in
// src/api must be documented, and every documented operation must be served.
// The route table comes from an in-process Api (no server); the YAML is read
// with a small line-based reader of the `paths:` section (path keys at two
// spaces, method keys at four), which is all the document's layout needs.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/api.h"
#include "core/clock.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::api {
namespace {

const char* kDoc = LANTIAN_SOURCE_DIR "/docs/openapi.yaml";

struct RouteInfo {
  std::string method;  // "GET"
  std::string pattern;
  Access access;
};

// The routes of a freshly built Api over an empty, migrated SQLite file.
std::vector<RouteInfo> registered_routes() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() / ("lantian-openapi-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  std::vector<RouteInfo> out;
  {
    auto db = store::open_sqlite((dir / "routes.db").string());
    if (!db.ok()) throw std::runtime_error("open_sqlite: " + db.error().message);
    auto applied = store::migrate(**db);
    if (!applied.ok()) throw std::runtime_error("migrate: " + applied.error().message);
    SystemClock clock;
    Api api(**db, clock, app::AuthConfig{}, ApiOptions{}, nullptr, nullptr);
    for (const auto& r : api.routes()) out.push_back({r.method, r.pattern, r.access});
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  return out;
}

struct Operation {
  std::string method;  // upper case
  std::string path;
  int line = 0;
  std::string summary;
  bool open = false;  // has `security: []`
};

std::string strip(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\r')) s.pop_back();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  s = s.substr(i);
  if (s.size() >= 2 && (s.front() == '"' || s.front() == '\'') && s.back() == s.front())
    s = s.substr(1, s.size() - 2);
  return s;
}

size_t indent(const std::string& l) {
  size_t i = 0;
  while (i < l.size() && l[i] == ' ') ++i;
  return i;
}

// Reads the operations under `paths:`.
std::vector<Operation> documented_operations(const std::string& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read " + file);
  static const std::set<std::string> kMethods = {"get",    "put",     "post", "patch",
                                                 "delete", "options", "head", "trace"};
  std::vector<Operation> ops;
  bool in_paths = false;
  std::string path;
  int n = 0;
  for (std::string l; std::getline(in, l);) {
    ++n;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    std::string t = strip(l);
    if (t.empty() || t[0] == '#') continue;
    size_t ind = indent(l);
    if (ind == 0) {
      in_paths = l == "paths:";
      continue;
    }
    if (!in_paths) continue;
    auto colon = l.find(':', ind);
    std::string key = colon == std::string::npos ? "" : strip(l.substr(ind, colon - ind));
    if (ind == 2) {
      path = key;
    } else if (ind == 4 && kMethods.count(key)) {
      std::string m = key;
      for (auto& c : m) c = char(std::toupper(static_cast<unsigned char>(c)));
      ops.push_back({m, path, n, "", false});
    } else if (ind == 6 && !ops.empty() && ops.back().path == path) {
      std::string value = strip(l.substr(colon + 1));
      if (key == "summary") ops.back().summary = value;
      if (key == "security" && value == "[]") ops.back().open = true;
    }
  }
  return ops;
}

class OpenApiDoc : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    routes = new std::vector<RouteInfo>(registered_routes());
    ops = new std::vector<Operation>(documented_operations(kDoc));
  }
  static void TearDownTestSuite() {
    delete routes;
    delete ops;
  }
  static std::vector<RouteInfo>* routes;
  static std::vector<Operation>* ops;

  static const Operation* find_op(const std::string& method, const std::string& path) {
    for (const auto& o : *ops)
      if (o.method == method && o.path == path) return &o;
    return nullptr;
  }
};
std::vector<RouteInfo>* OpenApiDoc::routes = nullptr;
std::vector<Operation>* OpenApiDoc::ops = nullptr;

TEST_F(OpenApiDoc, ReaderFindsTheDocumentsOperations) {
  // Guards against a reader that silently finds nothing (all other checks
  // would then pass or fail for the wrong reason).
  ASSERT_GE(routes->size(), 20u);
  ASSERT_GE(ops->size(), 20u);
  EXPECT_NE(find_op("GET", "/healthz"), nullptr);
  EXPECT_NE(find_op("PATCH", "/api/v1/units/{id}"), nullptr);
  std::set<std::string> seen;
  for (const auto& o : *ops)
    EXPECT_TRUE(seen.insert(o.method + " " + o.path).second)
        << o.method << " " << o.path << " is documented twice (line " << o.line << ")";
}

TEST_F(OpenApiDoc, EveryRegisteredRouteIsDocumented) {
  std::string missing;
  for (const auto& r : *routes)
    if (!find_op(r.method, r.pattern)) missing += "\n  " + r.method + " " + r.pattern;
  EXPECT_TRUE(missing.empty()) << "routes missing from docs/openapi.yaml:" << missing;
}

TEST_F(OpenApiDoc, EveryDocumentedOperationIsServed) {
  std::string extra;
  for (const auto& o : *ops) {
    bool served = false;
    for (const auto& r : *routes) served = served || (r.method == o.method && r.pattern == o.path);
    if (!served) extra += "\n  " + o.method + " " + o.path + " (line " + std::to_string(o.line) + ")";
  }
  EXPECT_TRUE(extra.empty()) << "documented in docs/openapi.yaml but served by no route:" << extra;
}

TEST_F(OpenApiDoc, OpenRoutesAndOnlyThoseAreDocumentedWithoutSecurity) {
  for (const auto& r : *routes) {
    const Operation* o = find_op(r.method, r.pattern);
    if (!o) continue;  // reported above
    EXPECT_EQ(o->open, r.access == Access::open)
        << r.method << " " << r.pattern
        << (r.access == Access::open ? " needs no login: document it with `security: []`"
                                     : " needs a login but is documented with `security: []`");
  }
}

TEST_F(OpenApiDoc, EveryOperationHasAnEnglishAndChineseSummary) {
  for (const auto& o : *ops) {
    bool latin = false, cjk = false;
    for (unsigned char c : o.summary) {
      latin = latin || std::isalpha(c);
      cjk = cjk || c >= 0xE4;  // lead byte of U+4E00..U+9FFF in UTF-8
    }
    EXPECT_TRUE(latin && cjk) << o.method << " " << o.path << " (line " << o.line
                              << ") needs a summary in English and Chinese, has: '" << o.summary << "'";
  }
}

TEST_F(OpenApiDoc, DeclaresTheSharedSchemasAndSecuritySchemes) {
  std::ifstream in(kDoc);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string doc = ss.str();
  EXPECT_EQ(doc.rfind("openapi: 3.1", 0), 0u) << "the document must be OpenAPI 3.1";
  for (const char* schema : {"Unit", "User", "Page", "Problem", "Token", "AuditEntry", "FieldError"})
    EXPECT_NE(doc.find("\n    " + std::string(schema) + ":\n"), std::string::npos)
        << "components/schemas/" << schema << " is missing";
  for (const char* scheme : {"bearerAuth", "cookieAuth", "csrfHeader"})
    EXPECT_NE(doc.find("\n    " + std::string(scheme) + ":\n"), std::string::npos)
        << "components/securitySchemes/" << scheme << " is missing";
  EXPECT_NE(doc.find("name: lantian_session"), std::string::npos);
  EXPECT_NE(doc.find("name: X-CSRF-Token"), std::string::npos);
}

}  // namespace
}  // namespace lantian::api
