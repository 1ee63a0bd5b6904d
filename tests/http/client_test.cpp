// The outgoing client used for webhooks: URL rules (http only), the status
// of a real exchange, and a bounded wait on a server that never answers.
#include "http/client.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include "http/test_support.h"

namespace lantian::http {
namespace {

using namespace std::chrono_literals;

TEST(HttpUrl, ParsesHostPortAndTarget) {
  auto u = parse_http_url("http://10.0.0.5:8081/hooks/lantian?key=1");
  ASSERT_TRUE(u.ok()) << u.error().message;
  EXPECT_EQ(u->host, "10.0.0.5");
  EXPECT_EQ(u->port, "8081");
  EXPECT_EQ(u->target, "/hooks/lantian?key=1");
  u = parse_http_url("HTTP://relay.local");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->port, "80");
  EXPECT_EQ(u->target, "/");
  u = parse_http_url("http://[::1]:9000?x=1");
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->host, "::1");
  EXPECT_EQ(u->target, "/?x=1");
}

TEST(HttpUrl, RefusesHttpsAndGarbage) {
  auto https = parse_http_url("https://example.com/hook");
  ASSERT_FALSE(https.ok());
  EXPECT_EQ(https.error().kind, ErrorKind::invalid);
  EXPECT_NE(https.error().message.find("gateway"), std::string::npos);
  for (const char* bad : {"", "ftp://x/", "http://", "http://:80/", "http://h:0/", "http://h:99999/",
                          "http://u:p@h/", "http://h/a b", "http://h:8x/"})
    EXPECT_FALSE(parse_http_url(bad).ok()) << bad;
  EXPECT_EQ(post_json("https://example.com/", "{}", 100ms).error().kind, ErrorKind::invalid);
}

TEST(HttpClient, PostsJsonAndReturnsTheStatus) {
  std::string seen;
  testing::RunningServer server(ServerOptions{}, [&](Request& req) {
    seen = req.method + " " + req.target + " " + std::string(req.header("content-type")) + " " + req.body;
    Response r;
    r.status = req.body == "{\"a\":1}" ? 202 : 400;
    return r;
  });
  auto url = "http://127.0.0.1:" + std::to_string(server.port()) + "/in?x=1";
  auto r = post_json(url, "{\"a\":1}", 2000ms);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, 202);
  EXPECT_EQ(seen, "POST /in?x=1 application/json; charset=utf-8 {\"a\":1}");
  EXPECT_EQ(*post_json(url, "{}", 2000ms), 400);  // a status is a result, not an error
}

TEST(HttpClient, RefusedConnectionIsUnavailable) {
  // A port that was just free: nobody listens there.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  auto r = post_json("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/", "{}", 1000ms);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::unavailable);
  EXPECT_NE(r.error().message.find("connect"), std::string::npos) << r.error().message;
}

TEST(HttpClient, SilentServerTimesOut) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 4), 0);  // connections complete in the backlog; nobody reads
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto t0 = std::chrono::steady_clock::now();
  auto r = post_json("http://127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/", "{}", 250ms);
  auto took = std::chrono::steady_clock::now() - t0;
  ::close(fd);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::unavailable);
  EXPECT_NE(r.error().message.find("no answer within 250 ms"), std::string::npos) << r.error().message;
  EXPECT_GE(took, 240ms);
  EXPECT_LT(took, 1000ms);
}

}  // namespace
}  // namespace lantian::http
