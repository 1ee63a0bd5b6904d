// The SQLite store: migrations, $N parameters, transactions that roll back
// whole, optimistic versions, subtree queries, audit chain and backup.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ =
        std::filesystem::temp_directory_path() / ("lantian-store-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    auto db = open_database("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(db).value();
    auto m = migrate(*db_);
    ASSERT_TRUE(m.ok()) << m.error().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Unit add_unit(const std::string& name, const std::string& kind, std::optional<int64_t> parent) {
    Unit u;
    u.name = name, u.kind = kind, u.parent_id = parent;
    Unit out;
    EXPECT_TRUE(db_->write([&](Tx& tx) -> Status {
                     LT_ASSIGN(out, units::insert(tx, u, "2026-11-30T00:00:00.000Z"));
                     return {};
                   })
                    .ok());
    return out;
  }
  std::filesystem::path dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(SqliteStoreTest, MigrationsAreRecordedAndIdempotent) {
  auto again = migrate(*db_);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  ASSERT_TRUE(db_->read([](Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM schema_migrations", {}));
                   EXPECT_GE(r->i64(0), 1);
                   return {};
                 })
                  .ok());
}

TEST_F(SqliteStoreTest, ParametersBindByNumberNotPosition) {
  ASSERT_TRUE(db_->read([](Tx& tx) -> Status {
                   LT_ASSIGN(auto r, tx.query_one("SELECT $2 || '-' || $1, $1 || $1",
                                                  {std::string("a"), std::string("b")}));
                   EXPECT_EQ(r->str(0), "b-a");
                   EXPECT_EQ(r->str(1), "aa");
                   return {};
                 })
                  .ok());
}

TEST_F(SqliteStoreTest, FailedWriteRollsBackEverything) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Status st = db_->write([&](Tx& tx) -> Status {
    Unit a;
    a.name = "甲乡", a.kind = "township", a.parent_id = root.id;
    LT_TRY(units::insert(tx, a, "2026-11-30T00:00:00.000Z"));
    return Error::invalid("abort on purpose");
  });
  EXPECT_FALSE(st.ok());
  int64_t n = 0;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(n, units::count(tx));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(n, 1);
}

TEST_F(SqliteStoreTest, DuplicateNameUnderOneParentIsConflict) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  add_unit("甲乡", "township", root.id);
  Unit dup;
  dup.name = "甲乡", dup.kind = "township", dup.parent_id = root.id;
  Status st = db_->write([&](Tx& tx) -> Status {
    LT_TRY(units::insert(tx, dup, "2026-11-30T00:00:00.000Z"));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
}

TEST_F(SqliteStoreTest, StaleVersionUpdatesNothing) {
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
  std::optional<Unit> now;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(now, units::get(tx, u.id));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(now->name, "甲镇");
  EXPECT_EQ(now->version, 2);
}

TEST_F(SqliteStoreTest, SubtreeScopeExcludesSiblingsWithSharedIdPrefix) {
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
}

TEST_F(SqliteStoreTest, MovingAUnitReRootsItsSubtree) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  Unit a = add_unit("甲乡", "township", root.id);
  Unit b = add_unit("乙乡", "township", root.id);
  Unit v = add_unit("甲村", "village", a.id);
  Unit g = add_unit("甲村网格", "grid", v.id);
  v.parent_id = b.id;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(bool ok, units::update(tx, v, "2026-11-30T01:00:00.000Z"));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  std::optional<Unit> moved;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(moved, units::get(tx, g.id));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(moved->path, b.path + std::to_string(v.id) + "/" + std::to_string(g.id) + "/");
}

TEST_F(SqliteStoreTest, AuditChainVerifiesAndDetectsTampering) {
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
  ASSERT_TRUE(db_->write([](Tx& tx) -> Status {
                   LT_TRY(tx.exec("UPDATE audit_log SET actor_name = 'mallory' WHERE id = 3", {}));
                   return {};
                 })
                  .ok());
  verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_bad_id, 3);
}

TEST_F(SqliteStoreTest, ConcurrentReadersAndOneWriter) {
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
                    LT_TRY(units::insert(tx, u, "2026-11-30T00:00:00.000Z"));
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
  int64_t n = 0;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(n, units::count(tx));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(n, 101);
}

TEST_F(SqliteStoreTest, OnlineBackupIsAConsistentCopy) {
  Unit root = add_unit("区政府", "district_government", std::nullopt);
  add_unit("甲乡", "township", root.id);
  std::string copy = (dir_ / "backup.db").string();
  ASSERT_TRUE(db_->backup_to(copy).ok());
  auto b = open_database(copy);
  ASSERT_TRUE(b.ok());
  int64_t n = 0;
  ASSERT_TRUE((*b)->read([&](Tx& tx) -> Status {
                    LT_ASSIGN(n, units::count(tx));
                    return {};
                  })
                  .ok());
  EXPECT_EQ(n, 2);
}

}  // namespace
}  // namespace lantian::store

namespace lantian::store {
namespace {

// Two instances starting at once both try to apply a pending migration: the
// loser finds it recorded and skips it instead of failing to start.
TEST(Migrations, ASecondInstanceSkipsWhatTheFirstApplied) {
  ASSERT_TRUE(crypto_init());
  auto dir =
      std::filesystem::temp_directory_path() / ("lantian-mig-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.db").string();
  {
    auto a = open_database(path).value();
    auto b = open_database(path).value();
    std::vector<std::string> applied_a, applied_b;
    std::thread ta([&] { applied_a = migrate(*a).value(); });
    std::thread tb([&] { applied_b = migrate(*b).value(); });
    ta.join();
    tb.join();
    EXPECT_EQ(applied_a.size() + applied_b.size(), embedded_migrations().size() / 2);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lantian::store
