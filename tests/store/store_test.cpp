// The store's behaviour on both backends (one parameterised suite),
// then what is PostgreSQL's own: parameter
// type declarations, result types, aborted transactions, lost connections,
// several instances appending to one audit chain, pg_dump/pg_restore.
//
// PostgreSQL comes from LANTIAN_TEST_PG or a throwaway cluster (see
// support/pg_cluster.h); without either and without PostgreSQL installed the
// postgres cases are skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/postgres_db.h"
#include "store/units_repo.h"
#include "store/users_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2026-11-30T00:00:00.000Z";

// A fresh, migrated database of one backend.
using Backend = test::TestDatabase;

int64_t count_units(Database& db) {
  int64_t n = -1;
  EXPECT_TRUE(db.read([&](Tx& tx) -> Status {
                  LT_ASSIGN(n, units::count(tx));
                  return {};
                }).ok());
  return n;
}

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    std::string why = backend_.open(GetParam());
    if (HasFailure()) return;
    if (!why.empty()) GTEST_SKIP() << why;
    db_ = &backend_.db();
  }
  Unit add_unit(const std::string& name, const std::string& kind, std::optional<int64_t> parent) {
    Unit u;
    u.name = name, u.kind = kind, u.parent_id = parent;
    Unit out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, units::insert(tx, u, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  bool postgres() const { return GetParam() == "postgres"; }

  Backend backend_;
  Database* db_ = nullptr;
};

TEST_P(StoreTest, BackendNameSelectsItsMigrations) {
  EXPECT_EQ(db_->backend(), GetParam());
  std::vector<std::string> names;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(auto rows, tx.query("SELECT name FROM schema_migrations ORDER BY name"));
                   for (auto& r : rows.rows) names.push_back(r.str(0));
                   return {};
                 })
                  .ok());
  std::vector<std::string> expected;
  for (const auto& m : embedded_migrations())
    if (m.dialect == GetParam()) expected.emplace_back(m.name);
  EXPECT_EQ(names, expected);
  EXPECT_GE(names.size(), 2u);
}

TEST_P(StoreTest, MigrationsAreRecordedAndIdempotent) {
  auto again = migrate(*db_);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->empty());
  ASSERT_TRUE(db_->read([](Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM schema_migrations", {}));
                   EXPECT_GE(r->i64(0), 1);
                   return {};
                 })
                  .ok());
}

TEST_P(StoreTest, ParametersBindByNumberNotPosition) {
  Status st = db_->read([](Tx& tx) -> Status {
    LT_ASSIGN(auto r, tx.query_one("SELECT $2 || '-' || $1, $1 || $1", {std::string("a"), std::string("b")}));
    EXPECT_EQ(r->str(0), "b-a");
    EXPECT_EQ(r->str(1), "aa");
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

// A "$N" inside quotes or a comment is text, not a parameter; thousands of
// parameters bind as well as a few (SQLite numbers them "?N" instead of
// looking each name up).
TEST_P(StoreTest, PlaceholdersAreOnlyOutsideQuotesAndComments) {
  Status st = db_->read([](Tx& tx) -> Status {
    LT_ASSIGN(auto r, tx.query_one("SELECT '$1' || $1, \"$1\".x -- it's $3\n"
                                   " /* $3 */ , $2 FROM (SELECT 7 AS x) AS \"$1\"",
                                   {std::string("a"), int64_t(3)}));
    EXPECT_EQ(r->str(0), "$1a");
    EXPECT_EQ(r->i64(1), 7);
    EXPECT_EQ(r->i64(2), 3);
    std::string list;
    std::vector<Value> params;
    for (int i = 1; i <= 5000; ++i) {
      list += (i > 1 ? ", $" : "$") + std::to_string(i);
      params.emplace_back(int64_t(i));
    }
    LT_ASSIGN(auto in, tx.query("SELECT t.v FROM (SELECT 4999 AS v UNION ALL SELECT 5001) t WHERE t.v IN (" +
                                    list + ")",
                                params));
    EXPECT_EQ(in.size(), 1u);
    if (in.size() == 1) {
      EXPECT_EQ(in[0].i64(0), 4999);
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST_P(StoreTest, ParameterWithoutValueIsAnError) {
  Status st = db_->read([](Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT $1, $2", {int64_t(1)}));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::internal);
}

TEST_P(StoreTest, FailedWriteRollsBackEverything) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Status st = db_->write([&](Tx& tx) -> Status {
    Unit a;
    a.name = "甲乡", a.kind = "township", a.parent_id = root.id;
    LT_TRY(units::insert(tx, a, kNow));
    return Error::invalid("abort on purpose");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(count_units(*db_), 1);
}

TEST_P(StoreTest, DuplicateNameUnderOneParentIsConflict) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  add_unit("甲乡", "township", root.id);
  Unit dup;
  dup.name = "甲乡", dup.kind = "township", dup.parent_id = root.id;
  Status st = db_->write([&](Tx& tx) -> Status {
    LT_TRY(units::insert(tx, dup, kNow));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
  // Two top-level units with one name collide too (COALESCE(parent_id, 0)).
  Unit top;
  top.name = "区政府", top.kind = "district_government";
  st = db_->write([&](Tx& tx) -> Status {
    LT_TRY(units::insert(tx, top, kNow));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
}

TEST_P(StoreTest, StaleVersionUpdatesNothing) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Unit u = add_unit("甲乡", "township", root.id);
  u.name = "甲镇";
  bool ok = false;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, units::update(tx, u, "2026-11-30T01:00:00.000Z"));
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(ok);
  u.name = "乙镇";  // still version 1: stale now
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, units::update(tx, u, "2026-11-30T02:00:00.000Z"));
                   return {};
                 })
                  .ok());
  EXPECT_FALSE(ok);
  // A version far beyond 32 bits is just stale, not an error.
  u.version = int64_t(1) << 40;
  Status st = db_->write([&](Tx& tx) -> Status {
    LT_ASSIGN(ok, units::update(tx, u, "2026-11-30T02:00:00.000Z"));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_FALSE(ok);
  std::optional<Unit> now;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(now, units::get(tx, u.id));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(now->name, "甲镇");
  EXPECT_EQ(now->version, 2);
}

TEST_P(StoreTest, SubtreeScopeExcludesSiblingsWithSharedIdPrefix) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  // Create enough units that ids 5 and 50-ish coexist: "/1/5/" must not match "/1/50/".
  std::vector<Unit> towns;
  for (int i = 0; i < 60; ++i) towns.push_back(add_unit("乡" + std::to_string(i), "township", root.id));
  const Unit& t5 = *std::find_if(towns.begin(), towns.end(), [](const Unit& u) { return u.id == 5; });
  const Unit& t50 = *std::find_if(towns.begin(), towns.end(), [](const Unit& u) { return u.id == 50; });
  add_unit("五村", "village", t5.id);
  add_unit("五十村", "village", t50.id);
  std::vector<Unit> in5;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(in5, units::all(tx, t5.path, false));
                   return {};
                 })
                  .ok());
  ASSERT_EQ(in5.size(), 2u);
  EXPECT_EQ(in5[0].id, 5);
  EXPECT_EQ(in5[1].name, "五村");
  // The same scope through the paged list and the users' subtree filter.
  PageOf<Unit> page;
  Status st = db_->read([&](Tx& tx) -> Status {
    units::Filter f;
    f.scope_path = t5.path;
    f.q = "村";
    LT_ASSIGN(page, units::list(tx, f, Page{}));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(page.total, 1);
}

TEST_P(StoreTest, MovingAUnitReRootsItsSubtree) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Unit a = add_unit("甲乡", "township", root.id);
  Unit b = add_unit("乙乡", "township", root.id);
  Unit v = add_unit("甲村", "village", a.id);
  Unit g = add_unit("甲村网格", "grid", v.id);
  v.parent_id = b.id;
  Status st = db_->write([&](Tx& tx) -> Status {
    LT_ASSIGN(bool ok, units::update(tx, v, "2026-11-30T01:00:00.000Z"));
    EXPECT_TRUE(ok);
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  std::optional<Unit> moved;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(moved, units::get(tx, g.id));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(moved->path, b.path + std::to_string(v.id) + "/" + std::to_string(g.id) + "/");
}

TEST_P(StoreTest, UserListFiltersBySubtreeRoleAndText) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Unit a = add_unit("甲乡", "township", root.id);
  Unit b = add_unit("乙乡", "township", root.id);
  int i = 0;
  for (const Unit* unit : {&root, &a, &a, &b}) {
    User u;
    u.username = "user" + std::to_string(i++), u.name = "张" + std::to_string(i), u.unit_id = unit->id;
    u.roles = {i == 2 ? "unit_admin" : "viewer"};
    u.password_hash = "x";
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_TRY(users::insert(tx, u, kNow));
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  auto list = [&](users::Filter f) {
    PageOf<User> out;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, users::list(tx, f, Page{}));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  };
  users::Filter f;
  f.unit_id = a.id;
  f.subtree = true;
  EXPECT_EQ(list(f).total, 2);
  f.subtree = false;
  EXPECT_EQ(list(f).total, 2);
  users::Filter scoped;
  scoped.scope_path = root.path;
  EXPECT_EQ(list(scoped).total, 4);
  users::Filter by_role;
  by_role.role = "unit_admin";
  EXPECT_EQ(list(by_role).total, 1);
  users::Filter by_text;
  by_text.q = "user_";  // '_' is literal, not a wildcard
  EXPECT_EQ(list(by_text).total, 0);
  by_text.q = "ser3";
  auto one = list(by_text);
  ASSERT_EQ(one.total, 1);
  EXPECT_EQ(one.items[0].unit_path, b.path);
  EXPECT_TRUE(one.items[0].password_hash.empty());
}

TEST_P(StoreTest, AuditChainVerifiesAndDetectsTampering) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                     AuditEntry e;
                     e.at = "2026-11-30T00:00:0" + std::to_string(i) + ".000Z";
                     e.actor_name = "admin", e.action = "create", e.entity = "unit",
                     e.entity_id = std::to_string(i);
                     LT_TRY(audit::append(tx, e));
                     return {};
                   })
                    .ok());
  }
  audit::VerifyReport rep;
  auto verify = [&] {
    ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(rep, audit::verify(tx));
                     return {};
                   })
                    .ok());
  };
  verify();
  EXPECT_TRUE(rep.ok);
  EXPECT_EQ(rep.checked, 5);
  PageOf<AuditEntry> page;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   audit::Filter f;
                   f.entity = "unit";
                   f.from = "2026-11-30T00:00:01.000Z";
                   LT_ASSIGN(page, audit::list(tx, f, Page{1, 2}));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].id, 5);
  ASSERT_TRUE(db_->write([](Tx& tx) -> Status {
                   LT_TRY(tx.exec("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3", {}));
                   return {};
                 })
                  .ok());
  verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_bad_id, 3);
}

TEST_P(StoreTest, ConcurrentReadersAndWriters) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (t % 2 == 0) {
          Unit u;
          u.name = "乡" + std::to_string(t) + "-" + std::to_string(i), u.kind = "township",
          u.parent_id = root.id;
          if (!db_->write([&](Tx& tx) -> Status {
                    LT_TRY(units::insert(tx, u, kNow));
                    return {};
                  })
                   .ok())
            failures++;
        } else if (!db_->read([&](Tx& tx) -> Status {
                         LT_TRY(units::all(tx, "", true));
                         return {};
                       })
                        .ok()) {
          failures++;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(count_units(*db_), 101);
  DbStats s = db_->stats();
  EXPECT_GE(s.writes, 101u);
  EXPECT_GE(s.reads, 100u);
  EXPECT_GE(s.pool_size, 1u);
  EXPECT_EQ(s.errors, 0u);
}

TEST_P(StoreTest, BackupIsAConsistentCopyThatRestores) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  add_unit("甲乡", "township", root.id);
  std::string copy = (backend_.dir() / "backup").string();
  Status st = db_->backup_to(copy);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_FALSE(std::filesystem::exists(copy + ".tmp"));
  if (!postgres()) {
    auto b = open_database(copy);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(count_units(**b), 2);
    return;
  }
  const std::string& server = test::PgCluster::shared().url();
  // Into a fresh database.
  std::string other = test::fresh_database(server);
  st = postgres_restore(copy, other);
  ASSERT_TRUE(st.ok()) << st.error().message;
  {
    auto b = open_database(other);
    ASSERT_TRUE(b.ok()) << b.error().message;
    EXPECT_EQ(count_units(**b), 2);
    auto m = migrate(**b);
    ASSERT_TRUE(m.ok()) << m.error().message;
    EXPECT_TRUE(m->empty());  // the migration records came along
    // Sequences came along too: the next id follows the restored ones.
    Unit u;
    u.name = "乙乡", u.kind = "township", u.parent_id = root.id;
    Unit added;
    st = (*b)->write([&](Tx& tx) -> Status {
      LT_ASSIGN(added, units::insert(tx, u, kNow));
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(added.id, 3);
  }
  test::drop_database(server, other);
  // Over the live database (objects replaced): back to the backup's state.
  add_unit("丙乡", "township", root.id);
  ASSERT_EQ(count_units(*db_), 3);
  st = postgres_restore(copy, backend_.url());
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(count_units(*db_), 2);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

// --- PostgreSQL only --------------------------------------------------------

class PostgresStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    std::string why = backend_.open("postgres");
    if (HasFailure()) return;
    if (!why.empty()) GTEST_SKIP() << why;
    db_ = &backend_.db();
  }
  Backend backend_;
  Database* db_ = nullptr;
};

TEST_F(PostgresStoreTest, ParameterTypesTheServerCannotInferStillWork) {
  Status st = db_->read([](Tx& tx) -> Status {
    // A bare int, a bare null, an int where int4 is wanted (substr), a
    // double and a string.
    LT_ASSIGN(auto r, tx.query_one("SELECT $1, $2, substr('abcdef', $3), $4, $5",
                                   {int64_t(1) << 40, nullptr, int64_t(3), 2.5, std::string("x")}));
    EXPECT_EQ(r->i64(0), int64_t(1) << 40);
    EXPECT_TRUE(r->is_null(1));
    EXPECT_EQ(r->str(2), "cdef");
    EXPECT_DOUBLE_EQ(r->f64(3), 2.5);
    EXPECT_EQ(r->str(4), "x");
    // The same SQL with other kinds of values is another statement.
    LT_ASSIGN(r, tx.query_one("SELECT $1, $2, substr('abcdef', $3), $4, $5",
                              {std::string("s"), int64_t(7), int64_t(2), nullptr, nullptr}));
    EXPECT_EQ(r->str(0), "s");
    EXPECT_EQ(r->i64(1), 7);
    EXPECT_EQ(r->str(2), "bcdef");
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST_F(PostgresStoreTest, ResultColumnsMapByType) {
  Rows rows;
  Status st = db_->read([&](Tx& tx) -> Status {
    LT_ASSIGN(rows, tx.query("SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.25::float8, "
                             "3.5::numeric, true, false, 'text', NULL::int8, NULL::text"));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  ASSERT_EQ(rows.size(), 1u);
  const Row& r = rows[0];
  EXPECT_EQ(std::get<int64_t>(r[0]), 1);
  EXPECT_EQ(std::get<int64_t>(r[1]), 2);
  EXPECT_EQ(std::get<int64_t>(r[2]), 3);
  EXPECT_DOUBLE_EQ(std::get<double>(r[3]), 1.5);
  EXPECT_DOUBLE_EQ(std::get<double>(r[4]), 2.25);
  EXPECT_DOUBLE_EQ(std::get<double>(r[5]), 3.5);
  EXPECT_EQ(std::get<int64_t>(r[6]), 1);
  EXPECT_EQ(std::get<int64_t>(r[7]), 0);
  EXPECT_EQ(std::get<std::string>(r[8]), "text");
  EXPECT_TRUE(r.is_null(9));
  EXPECT_TRUE(r.is_null(10));
  EXPECT_EQ(rows.columns.size(), 11u);
}

TEST_F(PostgresStoreTest, AFailedStatementAbortsTheWriteEvenIfTheCallbackGoesOn) {
  Status st = db_->write([](Tx& tx) -> Status {
    LT_TRY(tx.exec("INSERT INTO audit_head (id, last_id, last_hash) VALUES (2, 0, 'x')"));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);  // CHECK (id = 1)
  Unit u;
  u.name = "区政府", u.kind = "district_government";
  st = db_->write([&](Tx& tx) -> Status {
    LT_TRY(units::insert(tx, u, kNow));
    (void)units::insert(tx, u, kNow);  // duplicate: fails, and is ignored
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
  EXPECT_EQ(count_units(*db_), 0);
  // A statement that fails to prepare leaves the transaction usable.
  st = db_->write([&](Tx& tx) -> Status {
    EXPECT_FALSE(tx.query("SELEC 1").ok());
    LT_TRY(units::insert(tx, u, kNow));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(count_units(*db_), 1);
}

TEST_F(PostgresStoreTest, BadTextIsInvalidNotAServerError) {
  Status st = db_->read([](Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT $1", {std::string("a\0b", 3)}));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::invalid);
  st = db_->read([](Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT $1", {std::string("\xff\xfe")}));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::invalid) << st.error().message;
}

// A read sends its BEGIN with its first statement (pipelined) and does not
// wait for its COMMIT: a first statement that fails there, or one read in
// the snapshot, leaves the connection as usable as before.
TEST_F(PostgresStoreTest, PipelinedReadsFailAndSeeSnapshotsAsBefore) {
  auto divide = [&](int64_t by) {
    int64_t out = -1;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto r, tx.query_one("SELECT 100 / $1::bigint", {by}));
      out = r->i64(0);
      return {};
    });
    return st.ok() ? Result<int64_t>(out) : Result<int64_t>(st.error());
  };
  ASSERT_EQ(divide(4).value(), 25);  // prepares the statement: the next read pipelines it
  auto failed = divide(0);
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.error().message.find("22012"), std::string::npos) << failed.error().message;
  for (int i = 0; i < 20; ++i) ASSERT_EQ(divide(5).value(), 20);
  // One snapshot per read, from its first statement to its end.
  const int64_t units_before = count_units(*db_);
  Status st = db_->read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto before, tx.query_one("SELECT COUNT(*) FROM units", {}));
    EXPECT_TRUE(db_->write([](Tx& w) -> Status {
                     LT_TRY(
                         w.exec("INSERT INTO units (name, kind, path, created_at, updated_at) VALUES "
                                "('快照', 'township', '/snapshot/', 'now', 'now')",
                                {}));
                     return {};
                   })
                    .ok());
    LT_ASSIGN(auto after, tx.query_one("SELECT COUNT(*) FROM units", {}));
    EXPECT_EQ(after->i64(0), before->i64(0));
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(count_units(*db_), units_before + 1);
}

TEST_F(PostgresStoreTest, LostConnectionsAreUnavailableAndReplaced) {
  auto backends = [&] {
    int64_t n = 0;
    EXPECT_TRUE(db_->read([&](Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                                    "current_database() AND pid <> pg_backend_pid()",
                                                    {}));
                     n = r->i64(0);
                     return {};
                   })
                    .ok());
    return n;
  };
  ASSERT_TRUE(db_->ping().ok());
  // Killed inside a transaction: that call fails as unavailable.
  Status st = db_->read([](Tx& tx) -> Status {
    LT_TRY(tx.query("SELECT pg_terminate_backend(pg_backend_pid())"));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::unavailable) << st.error().message;
  // Killed while idle in the pool (a server restart): the next call does
  // not notice.
  ASSERT_TRUE(db_->ping().ok());
  test::pg_detail::admin_exec(test::PgCluster::shared().url(),
                              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                                  test::pg_detail::database_of(backend_.url()) + "'");
  Status again = db_->ping();
  EXPECT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(backends(), 0);
  EXPECT_LE(db_->stats().pool_size, 2u);
}

TEST_F(PostgresStoreTest, UnreachableServerIsUnavailable) {
  auto db = open_database("postgres://postgres@127.0.0.1:1/postgres?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.error().kind, ErrorKind::unavailable);
}

TEST_F(PostgresStoreTest, InstancesSharingADatabaseKeepOneAuditChain) {
  // Two Database objects are two servers on one database: their writes are
  // not serialised by a mutex, only by the audit_head row lock.
  auto second = open_database(backend_.url());
  ASSERT_TRUE(second.ok());
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    Database* db = t % 2 ? second->get() : db_;
    threads.emplace_back([&, db, t] {
      for (int i = 0; i < 25; ++i) {
        Status st = db->write([&](Tx& tx) -> Status {
          AuditEntry e;
          e.at = kNow, e.actor_name = "t" + std::to_string(t), e.action = "create", e.entity = "unit",
          e.entity_id = std::to_string(i);
          LT_TRY(audit::append(tx, e));
          return {};
        });
        if (!st.ok()) failures++;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  audit::VerifyReport rep;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(rep, audit::verify(tx));
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.checked, 100);
}

TEST_F(PostgresStoreTest, RestoringSomethingElseIsInvalid) {
  std::string junk = (backend_.dir() / "junk").string();
  std::ofstream(junk) << "not a dump";
  Status st = postgres_restore(junk, backend_.url());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::invalid) << st.error().message;
  st = postgres_restore((backend_.dir() / "missing").string(), backend_.url());
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::invalid);
  EXPECT_EQ(count_units(*db_), 0);  // untouched
}

}  // namespace
}  // namespace lantian::store
