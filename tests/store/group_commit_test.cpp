// SQLite group commit (store/write_queue.h, sqlite_db.h): writes queued
// behind the writer share one transaction and one commit, yet each stays
// all-or-nothing on its own, gets its own result, and is on disk when
// acknowledged.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

#include "core/crypto.h"
#include "store/audit_repo.h"
#include "store/sqlite_db.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

using namespace std::chrono_literals;

class GroupCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("lantian-gc-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
    db_ = open_sqlite(path_).value();
    ASSERT_TRUE(db_->exec_script("CREATE TABLE kv (k TEXT PRIMARY KEY, v INTEGER NOT NULL);"
                                 "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                                 "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES "
                                 "parent (id) DEFERRABLE INITIALLY DEFERRED);"
                                 "CREATE TABLE blob (b BLOB);")
                    .ok());
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  static Status put(Tx& tx, const std::string& k, int64_t v = 1) {
    LT_TRY(tx.exec("INSERT INTO kv (k, v) VALUES ($1, $2)", {k, v}));
    return {};
  }
  int64_t count(const std::string& where = "1 = 1") {
    int64_t n = -1;
    EXPECT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM kv WHERE " + where, {}));
                     n = r->i64(0);
                     return {};
                   })
                    .ok());
    return n;
  }
  bool has(const std::string& k) { return count("k = '" + k + "'") == 1; }

  // Holds the writer for `hold` in one thread while `queued` are started one
  // after another (10 ms apart, so they queue in that order); returns once all
  // have finished.
  void behind_a_slow_write(std::vector<std::function<void()>> queued,
                           std::chrono::milliseconds hold = 300ms) {
    std::thread slow([&] {
      EXPECT_TRUE(db_->write([&](Tx& tx) -> Status {
                       std::this_thread::sleep_for(hold);
                       return put(tx, "slow");
                     })
                      .ok());
    });
    std::this_thread::sleep_for(50ms);  // the slow write holds the writer
    std::vector<std::thread> ts;
    for (auto& f : queued) {
      ts.emplace_back(f);
      std::this_thread::sleep_for(10ms);
    }
    slow.join();
    for (auto& t : ts) t.join();
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Database> db_;
};

// Many threads, each write putting three rows; every seventh writes two rows
// and then fails. Each write is whole or absent, and each caller gets its own
// result (the failing ones their own message).
TEST_F(GroupCommitTest, ConcurrentWritesAreEachAllOrNothingWithTheirOwnResult) {
  constexpr int kThreads = 16, kWrites = 60;
  std::atomic<int> wrong{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t) {
    ts.emplace_back([&, t] {
      for (int i = 0; i < kWrites; ++i) {
        std::string key = std::to_string(t) + "-" + std::to_string(i);
        bool fail = (t * kWrites + i) % 7 == 0;
        int64_t seen_inside = -1;
        Status st = db_->write([&](Tx& tx) -> Status {
          LT_TRY(put(tx, key + "/a"));
          LT_TRY(put(tx, key + "/b"));
          if (fail) return Error::conflict("fail " + key);
          LT_TRY(put(tx, key + "/c"));
          LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM kv WHERE k LIKE $1", {key + "/%"}));
          seen_inside = r->i64(0);
          return {};
        });
        if (fail) {
          if (st.ok() || st.error().message != "fail " + key) wrong++;
        } else if (!st.ok() || seen_inside != 3) {
          wrong++;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(wrong.load(), 0);
  int expected_ok = 0;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kWrites; ++i) {
      std::string key = std::to_string(t) + "-" + std::to_string(i);
      int64_t n = count("k LIKE '" + key + "/%'");
      if ((t * kWrites + i) % 7 == 0) {
        EXPECT_EQ(n, 0) << key;
      } else {
        EXPECT_EQ(n, 3) << key;
        expected_ok++;
      }
    }
  EXPECT_EQ(count(), 3 * expected_ok);
  DbStats s = db_->stats();
  EXPECT_EQ(s.writes, uint64_t(kThreads * kWrites));
  EXPECT_LE(s.write_commits, s.writes);
}

// Writes that queue behind a slow one commit together, in arrival order: a
// later one sees what the earlier ones wrote, not what a failed one wrote
// before failing; the failure touches none of its neighbours.
TEST_F(GroupCommitTest, QueuedWritesShareACommitAndStayApart) {
  Status first, failing, third, fourth;
  bool third_saw_first = false, third_saw_failed = true;
  uint64_t commits_before = db_->stats().write_commits;
  behind_a_slow_write({
      [&] { first = db_->write([](Tx& tx) { return put(tx, "first"); }); },
      [&] {
        failing = db_->write([](Tx& tx) -> Status {
          LT_TRY(put(tx, "failed-1"));
          LT_TRY(put(tx, "failed-2"));
          return Error::invalid("changed my mind");
        });
      },
      [&] {
        third = db_->write([&](Tx& tx) -> Status {
          LT_ASSIGN(auto a, tx.query_one("SELECT 1 FROM kv WHERE k = 'first'", {}));
          LT_ASSIGN(auto b, tx.query_one("SELECT 1 FROM kv WHERE k LIKE 'failed-%'", {}));
          third_saw_first = a.has_value(), third_saw_failed = b.has_value();
          return put(tx, "third");
        });
      },
      // A constraint error the callback swallows is the statement's only.
      [&] {
        fourth = db_->write([](Tx& tx) -> Status {
          EXPECT_FALSE(put(tx, "first").ok());
          return put(tx, "fourth");
        });
      },
  });
  EXPECT_TRUE(first.ok());
  ASSERT_FALSE(failing.ok());
  EXPECT_EQ(failing.error().message, "changed my mind");
  EXPECT_TRUE(third.ok());
  EXPECT_TRUE(fourth.ok());
  EXPECT_TRUE(third_saw_first);
  EXPECT_FALSE(third_saw_failed);
  EXPECT_TRUE(has("slow") && has("first") && has("third") && has("fourth"));
  EXPECT_EQ(count("k LIKE 'failed-%'"), 0);
  // The slow write's commit, then one for the four queued behind it.
  EXPECT_EQ(db_->stats().write_commits - commits_before, 2u);
}

// The first write of a batch runs without a savepoint of its own (the
// transaction is its savepoint): when it fails, throws or swallows a failed
// statement, it still takes only its own work with it, and the writes queued
// behind it in the same batch commit.
TEST_F(GroupCommitTest, TheFirstWriteOfABatchIsAllOrNothingOnItsOwnToo) {
  Status failing, second;
  bool second_saw_failed = true;
  uint64_t commits_before = db_->stats().write_commits;
  behind_a_slow_write({
      [&] {
        failing = db_->write([](Tx& tx) -> Status {
          LT_TRY(put(tx, "failed-1"));
          LT_TRY(put(tx, "failed-2"));
          return Error::invalid("changed my mind");
        });
      },
      [&] {
        second = db_->write([&](Tx& tx) -> Status {
          LT_ASSIGN(auto b, tx.query_one("SELECT 1 FROM kv WHERE k LIKE 'failed-%'", {}));
          second_saw_failed = b.has_value();
          return put(tx, "second");
        });
      },
  });
  ASSERT_FALSE(failing.ok());
  EXPECT_EQ(failing.error().message, "changed my mind");
  EXPECT_TRUE(second.ok());
  EXPECT_FALSE(second_saw_failed);
  EXPECT_TRUE(has("second"));
  EXPECT_EQ(count("k LIKE 'failed-%'"), 0);
  EXPECT_EQ(db_->stats().write_commits - commits_before, 2u);
}

TEST_F(GroupCommitTest, TheFirstWriteOfABatchThrowingTakesOnlyItself) {
  Status third;
  bool thrown = false;
  behind_a_slow_write({
      [&] {
        try {
          (void)db_->write([](Tx& tx) -> Status {
            (void)put(tx, "thrower");
            throw std::runtime_error("boom");
          });
        } catch (const std::runtime_error& e) {
          thrown = std::string(e.what()) == "boom";
        }
      },
      [&] { third = db_->write([](Tx& tx) { return put(tx, "third"); }); },
  });
  EXPECT_TRUE(thrown);
  EXPECT_TRUE(third.ok());
  EXPECT_FALSE(has("thrower"));
  EXPECT_TRUE(has("third"));
}

// A multi-row statement failing halfway in the first write is undone by its
// statement journal alone; the write goes on and keeps the rest.
TEST_F(GroupCommitTest, TheFirstWriteOfABatchKeepsWhatAFailedStatementLeft) {
  Status swallowing;
  ASSERT_TRUE(db_->write([](Tx& tx) { return put(tx, "third"); }).ok());
  behind_a_slow_write({
      [&] {
        swallowing = db_->write([](Tx& tx) -> Status {
          LT_TRY(put(tx, "kept"));
          EXPECT_FALSE(tx.exec("INSERT INTO kv (k, v) VALUES ('half', 1), ('third', 1)", {}).ok());
          return put(tx, "kept-too");
        });
      },
  });
  EXPECT_TRUE(swallowing.ok());
  EXPECT_TRUE(has("kept") && has("kept-too"));
  EXPECT_FALSE(has("half"));
}

// A long write queued behind another runs inside a savepoint, and costs
// about what it costs alone: SQLite's sub-journal then spills to a file,
// where truncating it after each statement that needed a statement journal
// (a trigger here, as ledger rows have) costs nothing. Kept in memory it was
// walked from the start each time, 10x slower at 20,000 rows and growing with
// the write (docs/benchmarks.md, bench/sqlite_subjournal.py).
TEST_F(GroupCommitTest, ALongWriteQueuedBehindAnotherStaysLinear) {
  ASSERT_TRUE(db_->exec_script("CREATE TABLE gen (name TEXT PRIMARY KEY, v INTEGER);"
                               "INSERT INTO gen VALUES ('x', 0);"
                               "CREATE TABLE s (u INTEGER, r INTEGER, PRIMARY KEY (u, r)) WITHOUT ROWID;"
                               "CREATE TRIGGER s_gen AFTER INSERT ON s BEGIN "
                               "UPDATE gen SET v = v + 1 WHERE name = 'x'; END;")
                  .ok());
  // CPU seconds of the callback's own thread (the leader's, whichever it is).
  auto cpu = [] {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
  };
  auto inserts = [&](int64_t from, int64_t n, double& seconds) {
    return [&, from, n](Tx& tx) -> Status {
      double t0 = cpu();
      for (int64_t i = from; i < from + n; ++i)
        LT_TRY(tx.exec("INSERT INTO s VALUES ($1, $2)", {i % 1000, i}));
      seconds = cpu() - t0;
      return {};
    };
  };
  double fill = 0, alone = 0, queued = 0;
  ASSERT_TRUE(db_->write(inserts(0, 100000, fill)).ok());
  ASSERT_TRUE(db_->write(inserts(100000, 40000, alone)).ok());  // uncontended: no savepoint
  Status small, long_write;
  behind_a_slow_write({
      [&] { small = db_->write([](Tx& tx) { return put(tx, "small"); }); },
      [&] { long_write = db_->write(inserts(140000, 40000, queued)); },  // in SAVEPOINT w
  });
  ASSERT_TRUE(small.ok());
  ASSERT_TRUE(long_write.ok());
  // The walked sub-journal costs ~20x at 40,000 rows; the margin below it
  // absorbs what a busy machine does to two CPU-time measurements (3.2x seen
  // once at 20,000 rows under ctest -j2, with `alone` on a warm cache).
  EXPECT_LT(queued, 6 * alone) << "alone " << alone << " s, queued behind another " << queued << " s";
}

// A statement error after which SQLite may have dropped the transaction (here
// SQLITE_FULL, from a page limit) fails the whole batch, even when its
// callback swallows it and returns OK: nothing of the batch is reported
// written, nothing is on disk, and writes queued later still go through.
TEST_F(GroupCommitTest, AnErrorThatEndsTheTransactionFailsItsBatch) {
  Status before, full, after;
  // The page limit is the writer connection's: the later write lifts it.
  behind_a_slow_write({
      [&] { before = db_->write([](Tx& tx) { return put(tx, "before"); }); },
      [&] {
        full = db_->write([](Tx& tx) -> Status {
          LT_ASSIGN(auto pc, tx.query_one("PRAGMA page_count", {}));
          LT_TRY(tx.query("PRAGMA max_page_count = " + std::to_string(pc->i64(0)), {}));
          auto r = tx.exec("INSERT INTO blob (b) VALUES (zeroblob(1000000))", {});
          EXPECT_FALSE(r.ok());
          return {};  // swallowed
        });
      },
  });
  EXPECT_FALSE(before.ok());
  EXPECT_FALSE(full.ok());
  if (!before.ok()) {
    EXPECT_EQ(before.error().kind, ErrorKind::unavailable);
  }
  EXPECT_FALSE(has("before"));
  EXPECT_TRUE(has("slow"));
  after = db_->write([](Tx& tx) -> Status {
    LT_TRY(tx.query("PRAGMA max_page_count = 1073741823", {}));
    return put(tx, "after");
  });
  EXPECT_TRUE(after.ok()) << after.error().message;
  EXPECT_TRUE(has("after"));
}

// A failed COMMIT (a deferred foreign key checked only then) fails every write
// of the batch; none of them is applied.
TEST_F(GroupCommitTest, AFailedCommitFailsEveryWriteOfTheBatch) {
  Status good, orphan;
  behind_a_slow_write({
      [&] { good = db_->write([](Tx& tx) { return put(tx, "good"); }); },
      [&] {
        orphan = db_->write([](Tx& tx) -> Status {
          LT_TRY(tx.exec("INSERT INTO child (id, parent_id) VALUES (1, 42)", {}));
          return {};
        });
      },
  });
  EXPECT_FALSE(good.ok());
  EXPECT_FALSE(orphan.ok());
  EXPECT_FALSE(has("good"));
  EXPECT_TRUE(has("slow"));
  EXPECT_TRUE(db_->write([](Tx& tx) { return put(tx, "later"); }).ok());
  EXPECT_TRUE(has("later"));
}

// An exception reaches the caller whose callback threw; its writes are undone
// and its neighbours in the batch commit.
TEST_F(GroupCommitTest, AnExceptionReachesItsOwnCallerOnly) {
  Status left, right;
  bool thrown = false;
  behind_a_slow_write({
      [&] { left = db_->write([](Tx& tx) { return put(tx, "left"); }); },
      [&] {
        try {
          (void)db_->write([](Tx& tx) -> Status {
            (void)put(tx, "thrower");
            throw std::runtime_error("boom");
          });
        } catch (const std::runtime_error& e) {
          thrown = std::string(e.what()) == "boom";
        }
      },
      [&] { right = db_->write([](Tx& tx) { return put(tx, "right"); }); },
  });
  EXPECT_TRUE(thrown);
  EXPECT_TRUE(left.ok());
  EXPECT_TRUE(right.ok());
  EXPECT_TRUE(has("left") && has("right"));
  EXPECT_FALSE(has("thrower"));
}

TEST_F(GroupCommitTest, AWriteInsideAWriteIsAnErrorNotADeadlock) {
  Status inner;
  Status outer = db_->write([&](Tx& tx) -> Status {
    inner = db_->write([](Tx& tx2) { return put(tx2, "inner"); });
    return put(tx, "outer");
  });
  EXPECT_TRUE(outer.ok());
  ASSERT_FALSE(inner.ok());
  EXPECT_EQ(inner.error().kind, ErrorKind::internal);
  EXPECT_FALSE(has("inner"));
}

// A callback cannot end (or nest) the transaction its batch shares: that
// would commit or undo its neighbours' writes behind their backs.
TEST_F(GroupCommitTest, ACallbackCannotControlTheTransaction) {
  for (const char* sql : {"COMMIT", " commit", "END", "ROLLBACK", "SAVEPOINT x", "RELEASE w", "BEGIN"}) {
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_TRY(put(tx, std::string("ctl-") + sql));
      LT_TRY(tx.exec(sql, {}));
      return {};
    });
    ASSERT_FALSE(st.ok()) << sql;
    EXPECT_EQ(st.error().kind, ErrorKind::internal) << sql;
  }
  EXPECT_EQ(count("k LIKE 'ctl-%'"), 0);
  EXPECT_TRUE(db_->write([](Tx& tx) { return put(tx, "fine"); }).ok());
}

// Audit entries appended by many threads at once (so in shared batches) still
// form one chain that verifies.
TEST(GroupCommitAudit, ConcurrentAppendsKeepTheChain) {
  ASSERT_TRUE(crypto_init());
  test::TestDatabase backend;
  ASSERT_EQ(backend.open("sqlite", "lantian-gc-audit"), "");
  Database& db = backend.db();
  constexpr int kThreads = 8, kEach = 40;
  std::atomic<int> failed{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        Status st = db.write([&](Tx& tx) -> Status {
          AuditEntry e;
          e.at = "2026-11-30T00:00:00.000Z";
          e.actor_name = "t" + std::to_string(t), e.action = "create", e.entity = "unit";
          e.entity_id = std::to_string(i);
          LT_TRY(audit::append(tx, e));
          // Every fifth fails after appending: its entry must not stay in
          // the chain.
          if (i % 5 == 4) return Error::invalid("no");
          return {};
        });
        if (st.ok() == (i % 5 == 4)) failed++;
      }
    });
  for (auto& th : ts) th.join();
  EXPECT_EQ(failed.load(), 0);
  audit::VerifyReport rep;
  ASSERT_TRUE(db.read([&](Tx& tx) -> Status {
                  LT_ASSIGN(rep, audit::verify(tx));
                  return {};
                }).ok());
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, kThreads * kEach * 4 / 5);
}

// Durability: a child process writes from 8 threads and acknowledges each
// write (through a pipe) only after write() returned OK; it is killed with
// SIGKILL mid-stream. Every acknowledged write is in the database afterwards.
TEST_F(GroupCommitTest, EveryAcknowledgedWriteSurvivesSigkill) {
  db_.reset();  // the child opens its own
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    auto db = open_sqlite(path_);
    if (!db.ok()) _exit(2);
    std::vector<std::thread> ts;
    for (int t = 0; t < 8; ++t)
      ts.emplace_back([&, t] {
        for (int64_t i = 0;; ++i) {
          int64_t id = int64_t(t) << 32 | i;
          if (!(*db)->write([&](Tx& tx) { return put(tx, std::to_string(id), id); }).ok()) _exit(3);
          if (::write(fds[1], &id, sizeof id) != sizeof id) _exit(4);
        }
      });
    for (auto& th : ts) th.join();
    _exit(0);
  }
  close(fds[1]);
  std::set<int64_t> acked;
  int64_t id;
  while (acked.size() < 1500 && read(fds[0], &id, sizeof id) == sizeof id) acked.insert(id);
  kill(pid, SIGKILL);
  while (read(fds[0], &id, sizeof id) == sizeof id) acked.insert(id);  // sent before it died
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer exited early with " << WEXITSTATUS(status);
  ASSERT_GE(acked.size(), 1500u);
  db_ = open_sqlite(path_).value();
  std::set<int64_t> present;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(auto rows, tx.query("SELECT v FROM kv", {}));
                   for (auto& r : rows.rows) present.insert(r.i64(0));
                   return {};
                 })
                  .ok());
  size_t lost = 0;
  for (int64_t a : acked) lost += present.count(a) ? 0 : 1;
  EXPECT_EQ(lost, 0u) << "of " << acked.size() << " acknowledged writes";
}

}  // namespace
}  // namespace lantian::store
