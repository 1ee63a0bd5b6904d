// End-to-end tests of http::Server over real TCP connections.
#include "http/server.h"

#include <gtest/gtest.h>
#include <sys/resource.h>

#include <boost/json.hpp>
#include <cstdio>
#include <mutex>

#include "obs/log.h"
#include "obs/metrics.h"
#include "test_support.h"

namespace lantian::http {
namespace {

using namespace std::chrono_literals;
using testing::Client;
using testing::get;
using testing::RunningServer;

// Echoes what the server made of the request, as JSON.
Response echo(Request& req) {
  boost::json::object o;
  o["method"] = req.method;
  o["target"] = req.target;
  o["path"] = req.path;
  o["query"] = req.query;
  o["body"] = req.body;
  o["remote"] = req.remote_address;
  o["request_id"] = req.request_id;
  o["header_count"] = req.headers.size();
  Response r;
  r.route = "/echo";
  r.headers.push_back({"content-type", "application/json"});
  r.body = boost::json::serialize(o);
  return r;
}

boost::json::object body_json(const testing::RawResponse& r) {
  return boost::json::parse(r.body).as_object();
}

ServerOptions small_options() {
  ServerOptions o;
  o.max_header_bytes = 16 * 1024;
  o.max_body_bytes = 1024;
  o.read_timeout = 2000ms;
  o.idle_timeout = 5000ms;
  o.shutdown_grace = 2000ms;
  return o;
}

TEST(Server, KeepAliveServesTwoRequestsOnOneConnection) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/one?x=1")));
  auto r1 = c.read_response();
  ASSERT_TRUE(r1);
  EXPECT_EQ(r1->status, 200);
  EXPECT_EQ(r1->version, "HTTP/1.1");
  EXPECT_EQ(r1->header("server"), "lantian");
  EXPECT_FALSE(r1->header("date").empty());
  EXPECT_FALSE(r1->has_header("connection"));
  auto j1 = body_json(*r1);
  EXPECT_EQ(j1["path"], "/one");
  EXPECT_EQ(j1["query"], "x=1");
  EXPECT_EQ(j1["remote"], "127.0.0.1");

  ASSERT_TRUE(c.send(get("/two")));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(body_json(*r2)["path"], "/two");
  EXPECT_EQ(srv.server().open_connections(), 1u);
}

TEST(Server, PipelinedRequestsAreAnsweredInOrder) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/a") + "POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nxyz" + get("/c")));
  auto a = c.read_response(), b = c.read_response(), cc = c.read_response();
  ASSERT_TRUE(a && b && cc);
  EXPECT_EQ(body_json(*a)["path"], "/a");
  EXPECT_EQ(body_json(*b)["path"], "/b");
  EXPECT_EQ(body_json(*b)["body"], "xyz");
  EXPECT_EQ(body_json(*cc)["path"], "/c");
}

TEST(Server, Http10ClosesUnlessKeepAliveAsked) {
  RunningServer srv(small_options(), echo);
  {
    Client c(srv.port());
    ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("connection"), "close");
    EXPECT_TRUE(c.closed_within(1000ms));
  }
  {
    Client c(srv.port());
    ASSERT_TRUE(c.send("GET /old HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->header("connection"), "keep-alive");
    ASSERT_TRUE(c.send("GET /again HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    auto r2 = c.read_response();
    ASSERT_TRUE(r2);
    EXPECT_EQ(body_json(*r2)["path"], "/again");
  }
}

TEST(Server, ConnectionCloseFromClientIsHonoured) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/x", "Connection: close\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c.closed_within(1000ms));
}

TEST(Server, OversizedHeaderGets431AndClose) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  std::string big = "X-Big: " + std::string(20 * 1024, 'a') + "\r\n";
  ASSERT_TRUE(c.send(get("/", big)));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
  EXPECT_EQ(r->header("content-type"), "application/problem+json");
  EXPECT_EQ(r->header("connection"), "close");
  auto j = body_json(*r);
  EXPECT_EQ(j["status"], 431);
  EXPECT_EQ(j["type"], "https://lantian.dev/problems/request-header-fields-too-large");
  EXPECT_TRUE(c.closed_within(2000ms));
}

TEST(Server, HeaderLimitCountsHeadersSentInPieces) {
  auto opt = small_options();
  opt.max_header_bytes = 2048;
  RunningServer srv(opt, echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\n"));
  // 40 short headers of 100 bytes each, one per packet: each piece is small,
  // the header as a whole is twice the limit.
  std::optional<testing::RawResponse> r;
  for (int i = 0; i < 40; ++i) {
    if (!c.send("X-H" + std::to_string(i) + ": " + std::string(92, 'v') + "\r\n")) break;
    std::this_thread::sleep_for(2ms);
  }
  c.send("\r\n");
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 431);
}

TEST(Server, BodyBytesDoNotCountAgainstTheHeaderLimit) {
  auto opt = small_options();
  opt.max_header_bytes = 1024;
  opt.max_body_bytes = 64 * 1024;
  RunningServer srv(opt, echo);
  Client c(srv.port());
  std::string body(8000, 'z');
  std::string post = "POST /p HTTP/1.1\r\nHost: t\r\nContent-Length: 8000\r\n\r\n" + body;
  // Pipelined: the second request's header and body arrive in one read.
  ASSERT_TRUE(c.send(post + post + post));
  for (int i = 0; i < 3; ++i) {
    auto r = c.read_response();
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r->status, 200) << i;
    EXPECT_EQ(body_json(*r)["body"].as_string().size(), 8000u) << i;
  }
}

TEST(Server, OversizedBodyWithContentLengthGets413) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  std::string body(4096, 'b');
  ASSERT_TRUE(c.send("POST /up HTTP/1.1\r\nHost: t\r\nContent-Length: 4096\r\n\r\n" + body));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(r->header("content-type"), "application/problem+json");
  auto j = body_json(*r);
  EXPECT_EQ(j["type"], "https://lantian.dev/problems/payload-too-large");
  EXPECT_EQ(j["title"], "Payload Too Large");
  EXPECT_TRUE(c.closed_within(2000ms));
}

TEST(Server, OversizedChunkedBodyGets413) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  std::string req = "POST /up HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 6; ++i) req += "200\r\n" + std::string(0x200, 'c') + "\r\n";  // 3 KB in 512 B chunks
  req += "0\r\n\r\n";
  ASSERT_TRUE(c.send(req));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_TRUE(c.closed_within(2000ms));
}

TEST(Server, BodiesWithinTheLimitArrive) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("POST /cl HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello"));
  auto r1 = c.read_response();
  ASSERT_TRUE(r1);
  EXPECT_EQ(body_json(*r1)["body"], "hello");
  ASSERT_TRUE(c.send(
      "POST /ch HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(body_json(*r2)["body"], "abcde");
}

TEST(Server, ExpectContinueGetsTheGoAhead) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto cont = c.read_response();
  ASSERT_TRUE(cont);
  EXPECT_EQ(cont->status, 100);
  ASSERT_TRUE(c.send("data"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(body_json(*r)["body"], "data");
}

TEST(Server, GarbageGets400AndClose) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("HELLO THERE\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(body_json(*r)["type"], "https://lantian.dev/problems/bad-request");
  EXPECT_TRUE(c.closed_within(2000ms));
}

TEST(Server, SmugglingShapedFramingIsRejected) {
  RunningServer srv(small_options(), echo);
  for (const char* raw : {
           "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
           "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
           "GET / HTTP/1.1\r\nHost : t\r\n\r\n",
       }) {
    Client c(srv.port());
    ASSERT_TRUE(c.send(raw));
    auto r = c.read_response();
    ASSERT_TRUE(r) << raw;
    EXPECT_EQ(r->status, 400) << raw;
    EXPECT_TRUE(c.closed_within(2000ms)) << raw;
  }
}

TEST(Server, AcceptsAbsoluteFormAsteriskFormAndLeadingEmptyLines) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("http://example.com/abs?x=1")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(body_json(*r)["path"], "/abs");
  EXPECT_EQ(body_json(*r)["query"], "x=1");
  ASSERT_TRUE(c.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n"));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(body_json(*r)["path"], "*");
  ASSERT_TRUE(c.send("\r\n" + get("/after-crlf")));
  r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(body_json(*r)["path"], "/after-crlf");
}

TEST(Server, Http11WithoutHostGets400) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
}

TEST(Server, PathIsDecodedAndDangerousPathsAreRejected) {
  RunningServer srv(small_options(), echo);
  {
    Client c(srv.port());
    ASSERT_TRUE(c.send(get("/a%20b/%C3%A9?q=%20x")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    auto j = body_json(*r);
    EXPECT_EQ(j["path"], "/a b/\xC3\xA9");
    EXPECT_EQ(j["query"], "q=%20x");
    EXPECT_EQ(j["target"], "/a%20b/%C3%A9?q=%20x");
  }
  for (const char* bad :
       {"/a%00b", "/a%zzb", "/a%4", "/a/../b", "/..", "/x/%2e%2e/y", "/x/%2E%2E", "noslash"}) {
    Client c(srv.port());
    ASSERT_TRUE(c.send(get(bad)));
    auto r = c.read_response();
    ASSERT_TRUE(r) << bad;
    EXPECT_EQ(r->status, 400) << bad;
    EXPECT_TRUE(c.closed_within(2000ms)) << bad;
  }
  {
    // Dots inside a segment are fine.
    Client c(srv.port());
    ASSERT_TRUE(c.send(get("/a..b/.x")));
    auto r = c.read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
  }
}

TEST(Server, SlowClientIsDisconnectedAfterReadTimeout) {
  auto opt = small_options();
  opt.read_timeout = 300ms;
  RunningServer srv(opt, echo);
  Client c(srv.port());
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\nHost: t\r\n"));
  // Dribble one header byte every 50 ms: each read makes progress, but the
  // whole request never completes.
  bool closed = false;
  for (int i = 0; i < 30 && !closed; ++i) {
    c.send("X");
    closed = c.closed_within(50ms);
  }
  auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 1000ms);
}

TEST(Server, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  auto opt = small_options();
  opt.idle_timeout = 300ms;
  RunningServer srv(opt, echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/")));
  ASSERT_TRUE(c.read_response());
  auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_within(1500ms));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 250ms);
}

TEST(Server, ManyIdleConnectionsDoNotStallANewClient) {
  rlimit rl{};
  getrlimit(RLIMIT_NOFILE, &rl);
  if (rl.rlim_cur < 1200 && rl.rlim_max >= 1200) {
    rl.rlim_cur = std::min<rlim_t>(rl.rlim_max, 4096);
    setrlimit(RLIMIT_NOFILE, &rl);
  }
  RunningServer srv(small_options(), echo);
  std::vector<std::unique_ptr<Client>> idle;
  for (int i = 0; i < 500; ++i) idle.push_back(std::make_unique<Client>(srv.port()));
  // Half of them have completed a request and now sit in keep-alive.
  for (int i = 0; i < 250; ++i) {
    ASSERT_TRUE(idle[i]->send(get("/warm")));
    ASSERT_TRUE(idle[i]->read_response());
  }
  auto deadline = std::chrono::steady_clock::now() + 1s;
  while (srv.server().open_connections() < 500 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  EXPECT_EQ(srv.server().open_connections(), 500u);

  auto t0 = std::chrono::steady_clock::now();
  Client fresh(srv.port());
  ASSERT_TRUE(fresh.send(get("/fresh")));
  auto r = fresh.read_response(false, 1000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);  // a stall would take seconds
}

TEST(Server, HeadSendsHeadersWithoutBody) {
  RunningServer srv(small_options(), [](Request& req) {
    Response r;
    r.body = "twelve bytes";
    r.headers.push_back({"content-type", "text/plain"});
    return r;
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.read_response(/*head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("content-length"), "12");
  EXPECT_TRUE(r->body.empty());
  // Were a body sent anyway, it would be parsed as the next status line here.
  ASSERT_TRUE(c.send(get("/y")));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
  EXPECT_EQ(r2->body, "twelve bytes");
}

TEST(Server, HeadKeepsAnExplicitContentLengthFromTheHandler) {
  RunningServer srv(small_options(), [](Request&) {
    Response r;
    r.headers.push_back({"content-length", "4096"});
    return r;
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n"));
  auto r = c.read_response(true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-length"), "4096");
}

TEST(Server, RequestIdIsEchoedOrGenerated) {
  RunningServer srv(small_options(), echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/", "X-Request-Id: abc.DEF_123-x\r\n")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("x-request-id"), "abc.DEF_123-x");
  EXPECT_EQ(body_json(*r)["request_id"], "abc.DEF_123-x");

  for (std::string bad : {std::string("has space"), std::string(65, 'a'), std::string("semi;colon")}) {
    ASSERT_TRUE(c.send(get("/", "X-Request-Id: " + bad + "\r\n")));
    auto g = c.read_response();
    ASSERT_TRUE(g);
    std::string id = g->header("x-request-id");
    EXPECT_EQ(id.size(), 16u) << bad;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    EXPECT_EQ(std::string(body_json(*g)["request_id"].as_string()), id);
  }
  ASSERT_TRUE(c.send(get("/")));
  auto a = c.read_response();
  ASSERT_TRUE(c.send(get("/")));
  auto b = c.read_response();
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->header("x-request-id"), b->header("x-request-id"));
}

TEST(Server, HandlerExceptionBecomes500AndConnectionSurvives) {
  RunningServer srv(small_options(), [](Request& req) -> Response {
    if (req.path == "/boom") throw std::runtime_error("kaboom");
    return Response{};
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/boom")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->header("content-type"), "application/problem+json");
  auto j = body_json(*r);
  EXPECT_EQ(j["status"], 500);
  EXPECT_EQ(j["detail"].as_string().find("kaboom"), std::string::npos);  // no internals leak
  ASSERT_TRUE(c.send(get("/fine")));
  auto r2 = c.read_response();
  ASSERT_TRUE(r2);
  EXPECT_EQ(r2->status, 200);
}

TEST(Server, HeaderInjectionFromHandlerBecomes500) {
  RunningServer srv(small_options(), [](Request&) {
    Response r;
    r.headers.push_back({"x-evil", "a\r\nset-cookie: x=1"});
    return r;
  });
  Client c(srv.port());
  ASSERT_TRUE(c.send(get("/")));
  auto r = c.read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_FALSE(r->has_header("set-cookie"));
}

TEST(Server, GracefulStopFinishesTheInFlightRequest) {
  std::atomic<bool> entered{false};
  RunningServer srv(small_options(), [&](Request&) {
    entered = true;
    std::this_thread::sleep_for(300ms);
    Response r;
    r.body = "finished";
    return r;
  });
  Client c(srv.port());
  Client idle(srv.port());  // an idle keep-alive connection must not hold up shutdown
  ASSERT_TRUE(c.send(get("/slow")));
  while (!entered) std::this_thread::sleep_for(1ms);
  auto t0 = std::chrono::steady_clock::now();
  srv.server().stop();
  auto r = c.read_response(false, 2000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "finished");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(idle.closed_within(1000ms));
  EXPECT_TRUE(srv.join_within(1500ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1500ms);
  EXPECT_EQ(srv.server().open_connections(), 0u);
}

TEST(Server, StopWithNoConnectionsReturnsPromptly) {
  RunningServer srv(small_options(), echo);
  auto t0 = std::chrono::steady_clock::now();
  srv.server().stop();
  srv.server().stop();  // idempotent
  EXPECT_TRUE(srv.join_within(1000ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 500ms);
}

// A request that never completes is not being handled: it does not hold up
// shutdown for the grace period (tests/http/offload_test.cpp has the rest).
TEST(Server, HalfSentRequestDoesNotHoldUpStop) {
  auto opt = small_options();
  opt.shutdown_grace = 5000ms;
  opt.read_timeout = 5000ms;
  RunningServer srv(opt, echo);
  Client c(srv.port());
  ASSERT_TRUE(c.send("GET / HTTP/1.1\r\n"));  // a request that never completes
  std::this_thread::sleep_for(50ms);
  auto t0 = std::chrono::steady_clock::now();
  srv.server().stop();
  EXPECT_TRUE(c.closed_within(1000ms));
  EXPECT_TRUE(srv.join_within(1500ms));
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1000ms);
}

TEST(Server, ConnectionsOverTheLimitAreRefused) {
  auto opt = small_options();
  opt.max_connections = 2;
  RunningServer srv(opt, echo);
  Client a(srv.port()), b(srv.port());
  ASSERT_TRUE(a.send(get("/")));
  ASSERT_TRUE(a.read_response());
  ASSERT_TRUE(b.send(get("/")));
  ASSERT_TRUE(b.read_response());
  Client c(srv.port());
  auto r = c.read_response(false, 1000ms);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(body_json(*r)["type"], "https://lantian.dev/problems/service-unavailable");
  EXPECT_TRUE(c.closed_within(1000ms));
  EXPECT_EQ(srv.server().open_connections(), 2u);
}

TEST(Server, RecordsMetricsAndAccessLog) {
  std::FILE* log_file = std::tmpfile();
  ASSERT_NE(log_file, nullptr);
  obs::Logger logger(log_file, obs::LogLevel::info);
  obs::Metrics metrics;
  {
    RunningServer srv(small_options(), echo, &logger, &metrics);
    Client c(srv.port());
    ASSERT_TRUE(c.send(get("/p?q=1", "X-Request-Id: rid-1\r\n")));
    ASSERT_TRUE(c.read_response());
    Client bad(srv.port());
    ASSERT_TRUE(bad.send("garbage\r\n\r\n"));
    ASSERT_TRUE(bad.read_response());
  }
  std::string text = metrics.render();
  EXPECT_NE(text.find("lantian_http_requests_total{route=\"/echo\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("route=\"unmatched\""), std::string::npos) << text;
  EXPECT_NE(text.find("lantian_http_request_duration_seconds_count{route=\"/echo\"} 1"), std::string::npos);

  logger.flush();
  std::rewind(log_file);
  char line[4096];
  bool found = false;
  while (std::fgets(line, sizeof line, log_file)) {
    auto v = boost::json::parse(line).as_object();
    if (v["msg"] == "request" && v["request_id"] == "rid-1") {
      found = true;
      EXPECT_EQ(v["level"], "info");
      EXPECT_EQ(v["method"], "GET");
      EXPECT_EQ(v["route"], "/echo");
      EXPECT_EQ(v["path"], "/p");
      EXPECT_EQ(v["status"], 200);
      EXPECT_EQ(v["remote"], "127.0.0.1");
      EXPECT_TRUE(v["duration_ms"].is_number());
    }
  }
  EXPECT_TRUE(found);
  std::fclose(log_file);
}

TEST(Server, ListenFailsOnAddressInUse) {
  RunningServer first(small_options(), echo);
  ServerOptions o = small_options();
  o.host = "127.0.0.1";
  o.port = first.port();
  Server second(o, echo, nullptr, nullptr);
  auto st = second.listen();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::unavailable);
}

}  // namespace
}  // namespace lantian::http
