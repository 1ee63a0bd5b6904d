// TcpListener (http/tcp_listener.h) over real sockets: each connection gets
// its own session, whatever the session answers — at once or later, from
// another thread — is written back before the next read, connections beyond
// the limit are closed at once, idle ones after the timeout, and stop() ends
// everything, a reply that comes after it included.
#include "http/tcp_listener.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "support/tcp_client.h"

namespace lantian::http {
namespace {

// Answers each complete line with "ok <n>: <line>", n counting this
// connection's lines: a session keeps its own state across reads.
class LineSession : public TcpSession {
 public:
  void on_bytes(std::string_view bytes, TcpReply reply) override {
    std::string out;
    buf_ += bytes;
    for (size_t nl; (nl = buf_.find('\n')) != std::string::npos; buf_.erase(0, nl + 1))
      out += "ok " + std::to_string(++n_) + ": " + buf_.substr(0, nl) + "\n";
    reply(std::move(out));
  }

 private:
  std::string buf_;
  int n_ = 0;
};

TEST(TcpListener, EachConnectionHasItsSessionAndGetsItsAnswersInOrder) {
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  TcpListener l(o, [](const std::string&) { return std::make_unique<LineSession>(); });
  ASSERT_TRUE(l.listen().ok());
  ASSERT_NE(l.port(), 0);
  l.start();
  int a = test::tcp_connect(l.port()), b = test::tcp_connect(l.port());
  test::tcp_send(a, "fir");  // a line split across reads
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  test::tcp_send(a, "st\nsecond\n");
  test::tcp_send(b, "other\n");
  EXPECT_EQ(test::tcp_read_lines(a, 2), "ok 1: first\nok 2: second\n");
  EXPECT_EQ(test::tcp_read_lines(b, 1), "ok 1: other\n");
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
  int a = test::tcp_connect(l.port());
  test::tcp_send(a, "hello\n");
  EXPECT_EQ(test::tcp_read_lines(a, 1), "ok 1: hello\n");
  int b = test::tcp_connect(l.port());
  EXPECT_TRUE(test::tcp_closed_within(b, 2000)) << "the second connection is over the limit";
  EXPECT_EQ(l.stats().refused.load(), 1u);
  EXPECT_TRUE(test::tcp_closed_within(a, 3000)) << "an idle connection is closed after the timeout";
  EXPECT_EQ(l.stats().timed_out.load(), 1u);
  ::close(a);
  ::close(b);
  // Room again: a new connection is served.
  for (int i = 0; i < 50 && l.stats().open.load() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  int c = test::tcp_connect(l.port());
  test::tcp_send(c, "again\n");
  EXPECT_EQ(test::tcp_read_lines(c, 1), "ok 1: again\n");
  ::close(c);
  l.stop();
}

// Waits in on_bytes until `want` sessions are inside it at once (or 5 s
// pass) and says which happened: on several threads the connections are
// served side by side, as the HJ 212 listener needs (its sessions wait for
// the database).
class MeetingSession : public TcpSession {
 public:
  MeetingSession(std::mutex& m, std::condition_variable& cv, int& inside, int want)
      : m_(m), cv_(cv), inside_(inside), want_(want) {}
  void on_bytes(std::string_view, TcpReply reply) override {
    std::unique_lock lock(m_);
    ++inside_;
    cv_.notify_all();
    bool met = cv_.wait_for(lock, std::chrono::seconds(5), [&] { return inside_ >= want_; });
    reply(met ? "together\n" : "alone\n");
  }

 private:
  std::mutex& m_;
  std::condition_variable& cv_;
  int& inside_;
  int want_;
};

TEST(TcpListener, SeveralThreadsServeConnectionsAtOnce) {
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  o.threads = 3;
  TcpListener l(o, [&](const std::string&) { return std::make_unique<MeetingSession>(m, cv, inside, 3); });
  ASSERT_TRUE(l.listen().ok());
  l.start();
  int fds[3];
  for (int& fd : fds) fd = test::tcp_connect(l.port());
  for (int fd : fds) test::tcp_send(fd, "x");
  for (int fd : fds) EXPECT_EQ(test::tcp_read_lines(fd, 1), "together\n");
  for (int fd : fds) ::close(fd);
  l.stop();
}

// Hands each chunk with its reply to the test (a queue), which answers later
// from its own thread, as the HJ 212 sessions do once a commit is durable.
struct Deferred {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::pair<std::string, TcpReply>> pending;

  // The next chunk and its reply (waits up to 5 s; "" and no reply if none).
  std::pair<std::string, TcpReply> take() {
    std::unique_lock lock(m);
    if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return !pending.empty(); })) return {};
    auto p = std::move(pending.front());
    pending.erase(pending.begin());
    return p;
  }
  size_t waiting() {
    std::lock_guard lock(m);
    return pending.size();
  }
};

class DeferredSession : public TcpSession {
 public:
  explicit DeferredSession(Deferred& d) : d_(d) {}
  void on_bytes(std::string_view bytes, TcpReply reply) override {
    std::lock_guard lock(d_.m);
    d_.pending.emplace_back(std::string(bytes), std::move(reply));
    d_.cv.notify_all();
  }

 private:
  Deferred& d_;
};

TEST(TcpListener, ASessionMayReplyLaterFromAnotherThreadAndNothingIsReadMeanwhile) {
  Deferred d;
  TcpListenerOptions o;
  o.host = "127.0.0.1";
  o.threads = 2;
  auto l = std::make_unique<TcpListener>(
      o, [&](const std::string&) { return std::make_unique<DeferredSession>(d); });
  ASSERT_TRUE(l->listen().ok());
  l->start();
  int a = test::tcp_connect(l->port());
  test::tcp_send(a, "one\n");
  auto [first, reply] = d.take();
  ASSERT_EQ(first, "one\n");
  // Sent before the answer: not handed to the session until the reply came.
  test::tcp_send(a, "two\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(d.waiting(), 0u) << "read on while a reply was due";
  std::thread([r = reply] { r("answer one\n"); }).join();
  reply("twice\n");  // a second call is ignored
  EXPECT_EQ(test::tcp_read_lines(a, 1), "answer one\n");
  auto [second, reply2] = d.take();
  EXPECT_EQ(second, "two\n");
  ASSERT_TRUE(reply2);
  reply2("");  // no answer: the connection reads on
  test::tcp_send(a, "three\n");
  auto [third, reply3] = d.take();
  EXPECT_EQ(third, "three\n");
  ASSERT_TRUE(reply3);
  // The listener goes while a reply is due; the late reply does nothing.
  l.reset();
  EXPECT_TRUE(test::tcp_closed_within(a, 2000));
  reply3("too late\n");
  ::close(a);
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
