#include "obs/metrics.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>
#include <vector>

namespace lantian::obs {
namespace {

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(Metrics, RendersRequestCounterWithLabels) {
  Metrics m;
  m.observe_request("/api/v1/users/{id}", "GET", 200, 0.003);
  m.observe_request("/api/v1/users/{id}", "GET", 200, 0.004);
  m.observe_request("/api/v1/users/{id}", "DELETE", 404, 0.001);
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE lantian_http_requests_total counter\n")) << t;
  EXPECT_TRUE(contains(
      t, "lantian_http_requests_total{route=\"/api/v1/users/{id}\",method=\"GET\",status=\"200\"} 2\n"))
      << t;
  EXPECT_TRUE(contains(
      t, "lantian_http_requests_total{route=\"/api/v1/users/{id}\",method=\"DELETE\",status=\"404\"} 1\n"))
      << t;
}

TEST(Metrics, RendersCumulativeHistogram) {
  Metrics m;
  m.observe_request("/r", "GET", 200, 0.0001);  // <= 0.0005
  m.observe_request("/r", "GET", 200, 0.003);   // <= 0.005
  m.observe_request("/r", "GET", 200, 0.3);     // <= 0.5
  m.observe_request("/r", "GET", 200, 10);      // +Inf only
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE lantian_http_request_duration_seconds histogram\n"));
  const char* expected[] = {
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0005\"} 1\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.001\"} 1\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.0025\"} 1\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.005\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.01\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.025\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.05\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.1\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.25\"} 2\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"0.5\"} 3\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"1\"} 3\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"2.5\"} 3\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"5\"} 3\n",
      "lantian_http_request_duration_seconds_bucket{route=\"/r\",le=\"+Inf\"} 4\n",
      "lantian_http_request_duration_seconds_sum{route=\"/r\"} 10.30",
      "lantian_http_request_duration_seconds_count{route=\"/r\"} 4\n",
  };
  std::size_t pos = 0;
  for (const char* line : expected) {
    auto at = t.find(line, pos);
    ASSERT_NE(at, std::string::npos) << line << "\n" << t;
    pos = at;  // in this order
  }
}

TEST(Metrics, BucketBoundsAreInclusive) {
  Metrics m;
  m.observe_request("/r", "GET", 200, 0.001);
  EXPECT_TRUE(contains(m.render(), "_bucket{route=\"/r\",le=\"0.001\"} 1\n"));
}

TEST(Metrics, EmptyRouteIsUnmatchedAndUnknownMethodsAreGrouped) {
  Metrics m;
  m.observe_request("", "GET", 404, 0.001);
  m.observe_request("", "BREW", 400, 0.001);
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "{route=\"unmatched\",method=\"GET\",status=\"404\"} 1")) << t;
  EXPECT_TRUE(contains(t, "{route=\"unmatched\",method=\"OTHER\",status=\"400\"} 1")) << t;
}

TEST(Metrics, EscapesLabelValues) {
  Metrics m;
  m.observe_request("/a\"b\\c\nd", "GET", 200, 0.001);
  EXPECT_TRUE(contains(m.render(), "route=\"/a\\\"b\\\\c\\nd\"")) << m.render();
}

TEST(Metrics, RendersGauges) {
  Metrics m;
  m.add_gauge("lantian_open_connections", "Open client connections.", [] { return 7.0; });
  m.add_gauge("lantian_db_size_bytes", "Database size\nin bytes.", [] { return 1.5e9; });
  m.add_gauge("lantian_broken", "Throws.", []() -> double { throw std::runtime_error("no"); });
  m.add_gauge("bad name", "Ignored.", [] { return 1.0; });
  std::string t = m.render();
  EXPECT_TRUE(contains(t,
                       "# HELP lantian_open_connections Open client connections.\n"
                       "# TYPE lantian_open_connections gauge\n"
                       "lantian_open_connections 7\n"))
      << t;
  EXPECT_TRUE(contains(t, "# HELP lantian_db_size_bytes Database size\\nin bytes.\n")) << t;
  EXPECT_TRUE(contains(t, "lantian_db_size_bytes 1500000000\n")) << t;
  EXPECT_FALSE(contains(t, "lantian_broken"));
  EXPECT_FALSE(contains(t, "bad name"));
}

TEST(Metrics, CountsExactlyUnderConcurrency) {
  Metrics m;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&m] {
      for (int i = 0; i < 20000; ++i) m.observe_request(i % 2 ? "/a" : "/b", "GET", 200, 0.0001);
    });
  std::thread reader([&m] {
    for (int i = 0; i < 20; ++i) (void)m.render();
  });
  for (auto& th : threads) th.join();
  reader.join();
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "{route=\"/a\",method=\"GET\",status=\"200\"} 40000\n")) << t;
  EXPECT_TRUE(contains(t, "{route=\"/b\",method=\"GET\",status=\"200\"} 40000\n")) << t;
  EXPECT_TRUE(contains(t, "lantian_http_request_duration_seconds_count{route=\"/a\"} 40000\n"));
}

TEST(Metrics, EmptyRenderIsValid) {
  Metrics m;
  std::string t = m.render();
  EXPECT_TRUE(contains(t, "# TYPE lantian_http_requests_total counter\n"));
  EXPECT_EQ(t.back(), '\n');
}

}  // namespace
}  // namespace lantian::obs
