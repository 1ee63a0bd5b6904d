// TcpListener (http/tcp_listener.h) over real sockets: each connection gets
// its own session, whatever the session answers is written back before the
// next read, connections beyond the limit are closed at once, idle ones
// after the timeout, and stop() ends everything.
#include "http/tcp_listener.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <thread>

namespace lantian::http {
namespace {

// Answers each complete line with "ok <n>: <line>", n counting this
// connection's lines: a session keeps its own state across reads.
class LineSession : public TcpSession {
 public:
  std::string on_bytes(std::string_view bytes) override {
    std::string out;
    buf_ += bytes;
    for (size_t nl; (nl = buf_.find('\n')) != std::string::npos; buf_.erase(0, nl + 1))
      out += "ok " + std::to_string(++n_) + ": " + buf_.substr(0, nl) + "\n";
    return out;
  }

 private:
  std::string buf_;
  int n_ = 0;
};

int connect_to(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  return fd;
}

void send_all(int fd, std::string_view s) {
  ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), ssize_t(s.size()));
}

// Reads until `want` bytes came, the peer closed, or 5 s passed.
std::string read_some(int fd, size_t want, int timeout_ms = 5000) {
  std::string got;
  char buf[512];
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (got.size() < want && std::chrono::steady_clock::now() < until) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
  }
  return got;
}

// True when the peer closes within `ms`.
bool closed_within(int fd, int ms) {
  char c;
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, ms) <= 0) return false;
  return ::recv(fd, &c, 1, 0) == 0;
}

TEST(TcpListener, EachConnectionHasItsSessionAndGetsItsAnswersInOrder) {
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  TcpListener l(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  ASSERT_TRUE(l.listen().ok());
  ASSERT_NE(l.port(), 0);
  l.start();
  int a = connect_to(l.port()), b = connect_to(l.port());
  send_all(a, "fir");  // a line split across reads
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  send_all(a, "st\nsecond\n");
  send_all(b, "other\n");
  EXPECT_EQ(read_some(a, 25), "ok 1: first\nok 2: second\n");
  EXPECT_EQ(read_some(b, 12), "ok 1: other\n");
  ::close(a);
  ::close(b);
  EXPECT_EQ(l.stats().accepted.load(), 2u);
  EXPECT_EQ(l.stats().bytes_in.load(), 19u);
  l.stop();
}

TEST(TcpListener, ConnectionsBeyondTheLimitAndIdleOnesAreClosed) {
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  o.max_connections = 1;
  o.idle_timeout = std::chrono::milliseconds(300);
  TcpListener l(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  ASSERT_TRUE(l.listen().ok());
  l.start();
  int a = connect_to(l.port());
  send_all(a, "hello\n");
  EXPECT_EQ(read_some(a, 12), "ok 1: hello\n");
  int b = connect_to(l.port());
  EXPECT_TRUE(closed_within(b, 2000)) << "the second connection is over the limit";
  EXPECT_EQ(l.stats().refused.load(), 1u);
  EXPECT_TRUE(closed_within(a, 3000)) << "an idle connection is closed after the timeout";
  EXPECT_EQ(l.stats().timed_out.load(), 1u);
  ::close(a);
  ::close(b);
  // Room again: a new connection is served.
  for (int i = 0; i < 50 && l.stats().open.load() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int c = connect_to(l.port());
  send_all(c, "again\n");
  EXPECT_EQ(read_some(c, 12), "ok 1: again\n");
  ::close(c);
  l.stop();
}

TEST(TcpListener, AnAddressThatCannotBeBoundIsAnError) {
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  TcpListener first(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  ASSERT_TRUE(first.listen().ok());
  o.port = first.port();
  TcpListener second(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  // SO_REUSEADDR does not let two listeners share a port on Linux.
  auto st = second.listen();
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::unavailable);
  o.host = "not an address";
  TcpListener third(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  EXPECT_FALSE(third.listen().ok());
}

}  // namespace
}  // namespace lantian::http
