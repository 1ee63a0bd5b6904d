// Problem bodies (api/problem.h) on their own, without a server.
#include "api/problem.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace lantian::api {
namespace {

namespace json = boost::json;

// Found by fuzz/http_request_fuzzer.cpp: a request path with a byte that is
// not UTF-8 (sent raw or as %AD) came back in the 404's detail and params
// as it was, and the body was not JSON any more (JSON is UTF-8).
TEST(Problem, BodyIsUtf8JsonWhateverTheClientSent) {
  auto r = problem(Error::make("no_such_route", {{"path", "/api/v1\xad/tasks"}}));
  EXPECT_EQ(r.status, 404);
  json::error_code ec;
  auto v = json::parse(r.body, ec);
  ASSERT_FALSE(ec) << r.body;
  EXPECT_EQ(v.at("detail").as_string(), "no such resource: /api/v1\uFFFD/tasks");
  EXPECT_EQ(v.at("params").at("path").as_string(), "/api/v1\uFFFD/tasks");

  auto f = problem(Error::validation({FieldError{"na\xffme", issue("too_long", {{"max", "1\xc0"}})}}));
  EXPECT_EQ(f.status, 422);
  v = json::parse(f.body, ec);
  ASSERT_FALSE(ec) << f.body;
  EXPECT_EQ(v.at("errors").at(0).at("field").as_string(), "na\uFFFDme");
}

}  // namespace
}  // namespace lantian::api
