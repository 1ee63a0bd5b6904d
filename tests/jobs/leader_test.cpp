// LeaderElection on a real PostgreSQL database: one leader among several
// candidates, takeover when the leader stops or its session is killed, no
// leader while the database does not answer (the lease), and a prompt stop()
// even while connecting. Short intervals keep the suite fast; the server
// wiring is covered by tests/cluster.
#include "jobs/leader.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "support/pg_cluster.h"

namespace lantian::jobs {
namespace {

using namespace std::chrono_literals;
using Ms = std::chrono::milliseconds;

LeaderOptions fast(const std::string& url) {
  LeaderOptions o;
  o.db_url = url;
  o.interval = 100ms;
  o.query_timeout = 400ms;
  o.connect_timeout = 1000ms;
  return o;
}

// Polls pred every 10 ms; true if it held within limit.
bool eventually(const std::function<bool()>& pred, Ms limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

// Runs one statement and returns the first value of the first row.
std::string scalar(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  std::string out;
  if (PQstatus(c) == CONNECTION_OK) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0) out = PQgetvalue(r, 0, 0);
    PQclear(r);
  }
  PQfinish(c);
  return out;
}

class LeaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& pg = test::PgCluster::shared();
    if (!pg.ok()) {
      if (pg.skippable()) GTEST_SKIP() << pg.error();
      FAIL() << pg.error();
    }
    server_ = pg.url();
    url_ = test::fresh_database(server_);
  }
  void TearDown() override {
    candidates_.clear();
    if (!url_.empty()) test::drop_database(server_, url_);
  }
  LeaderElection& candidate() {
    candidates_.push_back(std::make_unique<LeaderElection>(fast(url_)));
    candidates_.back()->start();
    return *candidates_.back();
  }
  int leaders() const {
    int n = 0;
    for (const auto& c : candidates_) n += c->is_leader();
    return n;
  }
  // The backend pid holding the scheduler lock in this test's database.
  std::string holder_pid() {
    uint64_t k = uint64_t(kSchedulerLockKey);
    return scalar(url_,
                  "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = " +
                      std::to_string(k >> 32) + " AND objid = " + std::to_string(k & 0xffffffffu) +
                      " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
  }

  std::string server_, url_;
  std::vector<std::unique_ptr<LeaderElection>> candidates_;
};

TEST(LeaderElectionSqlite, AlwaysLeaderWithoutALock) {
  LeaderElection e(LeaderOptions{.db_url = "sqlite:data/x.db"});
  EXPECT_FALSE(e.uses_lock());
  EXPECT_TRUE(e.is_leader());
  e.start();
  EXPECT_TRUE(e.is_leader());
  e.stop();
  EXPECT_TRUE(e.is_leader());
  EXPECT_TRUE(LeaderElection(LeaderOptions{.db_url = "data/lantian.db"}).is_leader());
  EXPECT_TRUE(is_postgres_url("postgresql://u@h/db"));
  EXPECT_FALSE(is_postgres_url("sqlite:postgres://"));
}

TEST(LeaderElectionKey, IsAFixedValue) {
  // Changing the key would let an old and a new version lead at once during
  // a rolling upgrade: it is part of the deployment contract.
  EXPECT_EQ(kSchedulerLockKey, fnv1a64("lantian-scheduler"));
  EXPECT_EQ(uint64_t(kSchedulerLockKey), 0x457d76b4568f0fa8ull) << std::hex << uint64_t(kSchedulerLockKey);
}

TEST_F(LeaderTest, ExactlyOneOfThreeLeadsAndAnotherTakesOverWhenItStops) {
  for (int i = 0; i < 3; ++i) candidate();
  ASSERT_TRUE(eventually([&] { return leaders() == 1; }, 3s));
  std::this_thread::sleep_for(300ms);  // several rounds: still exactly one
  EXPECT_EQ(leaders(), 1);
  size_t first = 0;
  while (!candidates_[first]->is_leader()) ++first;
  EXPECT_FALSE(holder_pid().empty());
  candidates_[first]->stop();
  EXPECT_FALSE(candidates_[first]->is_leader());
  // Closing the session released the lock: the next attempt of another wins.
  ASSERT_TRUE(eventually([&] { return leaders() == 1; }, 2s));
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(leaders(), 1);
}

TEST_F(LeaderTest, KilledSessionEndsLeadershipAndSomeoneLeadsAgain) {
  auto& a = candidate();
  auto& b = candidate();
  ASSERT_TRUE(eventually([&] { return leaders() == 1; }, 3s));
  LeaderElection& old = a.is_leader() ? a : b;
  uint64_t terms = a.terms() + b.terms();
  std::string pid = holder_pid();
  ASSERT_FALSE(pid.empty());
  ASSERT_EQ(scalar(server_, "SELECT pg_terminate_backend(" + pid + ")"), "t");
  // The old leader notices at its next check; a new term starts (either
  // candidate may win, the old one after reconnecting).
  ASSERT_TRUE(eventually([&] { return a.terms() + b.terms() > terms && leaders() == 1; }, 3s))
      << "old leader still leading: " << old.is_leader();
  EXPECT_NE(holder_pid(), pid);
}

TEST_F(LeaderTest, NoLeaderWhileTheLeadersDatabaseSessionHangsThenTakeover) {
  auto& a = candidate();
  auto& b = candidate();
  ASSERT_TRUE(eventually([&] { return leaders() == 1; }, 3s));
  LeaderElection& old = a.is_leader() ? a : b;
  LeaderElection& other = a.is_leader() ? b : a;
  int pid = std::atoi(holder_pid().c_str());
  ASSERT_GT(pid, 0);
  // Freeze the leader's backend: checks get no answer, the session and its
  // lock stay (as when the network to the database hangs).
  if (::kill(pid, SIGSTOP) != 0) GTEST_SKIP() << "cannot signal the PostgreSQL backend (remote server?)";
  // A frozen backend left behind would block dropping the database and
  // stopping the shared cluster: a separate process resumes it after 1.5 s
  // even if this one crashes.
  pid_t resumer = ::fork();
  if (resumer == 0) {
    ::usleep(1500 * 1000);
    ::kill(pid, SIGCONT);
    ::_exit(0);
  }
  auto t0 = std::chrono::steady_clock::now();
  bool stepped_down = eventually([&] { return !old.is_leader(); }, 2s);
  auto down_ms = std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0).count();
  bool other_led = other.is_leader();
  std::this_thread::sleep_for(300ms);
  other_led = other_led || other.is_leader();
  ::kill(pid, SIGCONT);
  if (resumer > 0) ::waitpid(resumer, nullptr, 0);
  EXPECT_TRUE(stepped_down);
  EXPECT_LE(down_ms, 1000) << "the lease is interval + query_timeout = 500 ms";
  EXPECT_FALSE(other_led) << "the lock is still held by the frozen session: nobody else may lead";
  // Resumed, the backend reads the old leader's goodbye and exits: someone
  // leads again.
  EXPECT_TRUE(eventually([&] { return leaders() == 1; }, 3s));
}

TEST_F(LeaderTest, StopIsPromptWhileConnectingToAServerThatNeverAnswers) {
  // A listening socket that never accepts: the TCP handshake completes (the
  // kernel), the PostgreSQL startup never gets an answer.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  ASSERT_EQ(::listen(fd, 8), 0);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  auto o = fast("postgres://nobody@127.0.0.1:" + std::to_string(ntohs(a.sin_port)) + "/x");
  o.connect_timeout = 10s;
  LeaderElection e(o);
  e.start();
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(e.is_leader());
  auto t0 = std::chrono::steady_clock::now();
  e.stop();
  EXPECT_LT(std::chrono::duration_cast<Ms>(std::chrono::steady_clock::now() - t0).count(), 500);
  ::close(fd);
}

TEST_F(LeaderTest, UnreachableServerMeansNotLeader) {
  LeaderElection e(fast("postgres://nobody@127.0.0.1:1/x"));
  e.start();
  std::this_thread::sleep_for(300ms);
  EXPECT_FALSE(e.is_leader());
  EXPECT_EQ(e.terms(), 0u);
}

}  // namespace
}  // namespace lantian::jobs
