// What the database backends say when the database fails, and what a client
// sees of it (store/db_errors.h, api/problem.h), on SQLite and PostgreSQL:
// a code for every storage failure, the database's own words only in the
// message for the log, never in a problem body; and the write watch behind
// /healthz (store/monitored_db.h).
#include "store/db_errors.h"

#include <gtest/gtest.h>

#include "api/problem.h"
#include "core/error_codes.h"
#include "store/monitored_db.h"
#include "store/sqlite_db.h"
#include "support/test_database.h"

namespace lantian::test {
namespace {

class DbErrors : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(db_->exec_script("CREATE TABLE fault_probe (k TEXT PRIMARY KEY, b TEXT)").ok());
  }
  Status insert(store::Database& db, const std::string& key, const std::string& value = "x") {
    return db.write([&](store::Tx& tx) -> Status {
      LT_TRY(tx.exec("INSERT INTO fault_probe (k, b) VALUES ($1, $2)", {key, value}));
      return {};
    });
  }
  // The problem body a client would get for e; checks it holds none of the
  // database's words.
  boost::json::object client_sees(const Error& e, const std::vector<std::string>& database_words) {
    http::Response r = api::problem(e);
    for (const auto& w : database_words)
      EXPECT_EQ(r.body.find(w), std::string::npos) << "\"" << w << "\" in " << r.body;
    EXPECT_FALSE(r.log_cause.empty()) << "the cause must reach the log";
    EXPECT_EQ(r.log_cause, e.message);
    return boost::json::parse(r.body).as_object();
  }
  boost::json::value text(const char* code) { return boost::json::string(find_error_code(code)->en); }
};

TEST_P(DbErrors, AUniqueViolationIsADatabaseConflictWithoutTheDatabaseWords) {
  ASSERT_TRUE(insert(*db_, "a").ok());
  Status st = insert(*db_, "a");
  ASSERT_FALSE(st.ok());
  const Error& e = st.error();
  EXPECT_EQ(e.kind, ErrorKind::conflict);
  EXPECT_EQ(e.code, "database_conflict");
  // The message keeps the database's words for the log...
  EXPECT_NE(e.message.find(postgres() ? "duplicate key" : "UNIQUE constraint failed"), std::string::npos)
      << e.message;
  // ...and the client gets the catalogue's text.
  auto body = client_sees(e, {"duplicate", "UNIQUE", "fault_probe", "constraint"});
  EXPECT_EQ(body.at("status"), 409);
  EXPECT_EQ(body.at("code"), "database_conflict");
  EXPECT_EQ(body.at("detail"), text("database_conflict"));
}

TEST_P(DbErrors, BadSqlIsAnInternalErrorTheClientSeesOnlyAsSuch) {
  Status st = db_->read([](store::Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT no_such_column FROM fault_probe"));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::internal);
  auto body = client_sees(st.error(), {"no_such_column", "fault_probe", "SELECT"});
  EXPECT_EQ(body.at("status"), 500);
  EXPECT_EQ(body.at("code"), "internal");
  EXPECT_EQ(body.at("detail"), "an internal error occurred");
}

TEST_P(DbErrors, AWriteToAReadOnlyDatabaseIsDatabaseReadOnly) {
  Status st;
  if (postgres()) {
    // What a standby (or default_transaction_read_only) answers: 25006.
    st = db_->write([](store::Tx& tx) -> Status {
      LT_TRY(tx.exec("SET TRANSACTION READ ONLY"));
      LT_TRY(tx.exec("INSERT INTO fault_probe (k) VALUES ('r')"));
      return {};
    });
  } else {
    auto ro = store::open_sqlite_read_only((database_.dir() / "t.db").string());
    ASSERT_TRUE(ro.ok()) << ro.error().message;
    EXPECT_TRUE((*ro)
                    ->read([](store::Tx& tx) -> Status {
                      LT_TRY(tx.query("SELECT count(*) FROM fault_probe"));
                      return {};
                    })
                    .ok());
    st = insert(**ro, "r");
  }
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "database_read_only") << st.error().message;
  EXPECT_TRUE(store::is_storage_failure(st.error()));
  auto body =
      client_sees(st.error(), {"readonly", "read-only transaction", "attempt to write", "cannot execute"});
  EXPECT_EQ(body.at("status"), 503);
  EXPECT_EQ(body.at("detail"), text("database_read_only"));
}

// SQLite: a database at its size limit is as full as a full disk
// (SQLITE_FULL either way). PostgreSQL: a statement past its timeout.
TEST_P(DbErrors, AFullOrBusyDatabaseIsReportedByCode) {
  Status st;
  if (postgres()) {
    st = db_->write([](store::Tx& tx) -> Status {
      LT_TRY(tx.exec("SET LOCAL statement_timeout = '10ms'"));
      LT_TRY(tx.query("SELECT pg_sleep(1)"));
      return {};
    });
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, "database_busy") << st.error().message;
    auto body = client_sees(st.error(), {"cancel", "timeout", "pg_sleep"});
    EXPECT_EQ(body.at("detail"), text("database_busy"));
    return;
  }
  int64_t pages = 0;
  ASSERT_TRUE(db_->write([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query("PRAGMA page_count"));
                   pages = r[0].i64(0);
                   LT_TRY(tx.query("PRAGMA max_page_count = " + std::to_string(pages + 2)));
                   return {};
                 })
                  .ok());
  st = insert(*db_, "big", std::string(64 * 1024, 'x'));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "database_full") << st.error().message;
  EXPECT_NE(st.error().message.find("database or disk is full"), std::string::npos);
  auto body = client_sees(st.error(), {"disk is full", "database or disk"});
  EXPECT_EQ(body.at("status"), 503);
  EXPECT_EQ(body.at("detail"), text("database_full"));
  // Nothing half-written: the row is not there, and a small write still fits.
  ASSERT_TRUE(insert(*db_, "small").ok());
}

// The write watch: failing from the first storage failure of a write until
// the next write that commits; other errors change nothing.
TEST_P(DbErrors, TheWriteWatchFollowsStorageFailuresOnly) {
  // Borrow the test's database for the watch (it must not delete it); on
  // SQLite, writes go to a read-only connection to the same file while
  // `refusing` (a real refusal, without changing the writer's settings).
  struct Borrowed final : store::Database {
    store::Database& d;
    store::Database* read_only = nullptr;
    bool refusing = false;
    explicit Borrowed(store::Database& db) : d(db) {}
    Status read(const std::function<Status(store::Tx&)>& fn) override { return d.read(fn); }
    Status write(const std::function<Status(store::Tx&)>& fn) override {
      return refusing ? read_only->write(fn) : d.write(fn);
    }
    std::string_view backend() const override { return d.backend(); }
    Status ping() override { return d.ping(); }
    Status exec_script(std::string_view sql) override { return d.exec_script(sql); }
    Status backup_to(const std::string& path) override { return d.backup_to(path); }
    store::DbStats stats() const override { return d.stats(); }
  };
  auto borrowed = std::make_unique<Borrowed>(*db_);
  Borrowed* b = borrowed.get();
  std::unique_ptr<store::Database> ro;
  if (!postgres()) {
    auto opened = store::open_sqlite_read_only((database_.dir() / "t.db").string());
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    ro = std::move(opened).value();
    b->read_only = ro.get();
  }
  store::MonitoredDatabase watched(std::move(borrowed));
  std::vector<store::WriteHealth> changes;
  watched.on_change([&](const store::WriteHealth& h) { changes.push_back(h); });

  ASSERT_TRUE(insert(watched, "a").ok());
  EXPECT_FALSE(insert(watched, "a").ok());  // a conflict: not a storage failure
  EXPECT_FALSE(watched.write_health().failing);
  EXPECT_EQ(watched.storage_failures(), 0u);

  // Two storage failures in a row (a read-only transaction or connection).
  auto read_only_write = [&] {
    b->refusing = !postgres();
    Status st = watched.write([&](store::Tx& tx) -> Status {
      if (postgres()) LT_TRY(tx.exec("SET TRANSACTION READ ONLY"));
      LT_TRY(tx.exec("INSERT INTO fault_probe (k) VALUES ('ro')"));
      return {};
    });
    b->refusing = false;
    return st;
  };
  auto before = std::chrono::system_clock::now();
  Status f1 = read_only_write();
  ASSERT_FALSE(f1.ok());
  ASSERT_TRUE(store::is_storage_failure(f1.error())) << f1.error().code << " " << f1.error().message;
  EXPECT_FALSE(read_only_write().ok());
  store::WriteHealth h = watched.write_health();
  EXPECT_TRUE(h.failing);
  EXPECT_EQ(h.code, f1.error().code);
  EXPECT_EQ(h.failures, 2u);
  EXPECT_GE(h.since, before - std::chrono::seconds(1));
  EXPECT_EQ(watched.storage_failures(), 2u);
  ASSERT_EQ(changes.size(), 1u);  // one notice when writes start failing
  EXPECT_TRUE(changes[0].failing);

  ASSERT_TRUE(insert(watched, "b").ok());
  EXPECT_FALSE(watched.write_health().failing);
  ASSERT_EQ(changes.size(), 2u);  // and one when they work again
  EXPECT_FALSE(changes[1].failing);
  EXPECT_EQ(changes[1].failures, 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, DbErrors, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::test
