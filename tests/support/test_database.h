// A fresh, migrated database of a test's own on one backend, and a
// GoogleTest fixture that runs a suite on both:
//
//   class Foo : public test::BackendTest {
//    protected:
//     void SetUp() override {
//       BackendTest::SetUp();
//       if (IsSkipped() || HasFailure()) return;
//       exec("INSERT INTO units (id, path, name, kind, created_at, updated_at) "
//            "VALUES (1, '/1/', 'd', 'district', $1, $1)");  // $1: seed_time_
//     }
//   };
//   INSTANTIATE_TEST_SUITE_P(Backends, Foo, ::testing::Values("sqlite", "postgres"));
//
// SQLite lives in a fresh temporary folder; PostgreSQL is a fresh database on
// the shared throwaway cluster (support/pg_cluster.h), dropped afterwards.
// Where PostgreSQL cannot be had and may be skipped (pg.skippable()), the
// postgres cases are skipped; otherwise they fail. Not thread-safe.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/units_repo.h"
#include "support/pg_cluster.h"

namespace lantian::test {

class TestDatabase {
 public:
  TestDatabase() = default;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // Opens and migrates a fresh database of `backend` ("sqlite" or
  // "postgres"), its folder named after `prefix`. Returns "" on success, or
  // why the backend cannot be used: a skip when no failure was recorded
  // (PostgreSQL missing and skippable), else the failure's message.
  std::string open(const std::string& backend, const std::string& prefix = "lantian-test") {
    backend_ = backend;
    dir_ = std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    if (backend == "postgres") {
      auto& pg = PgCluster::shared();
      if (!pg.ok()) return pg.skippable() ? pg.error() : (ADD_FAILURE() << pg.error(), pg.error());
      url_ = fresh_database(pg.url());
    } else {
      url_ = "sqlite:" + (dir_ / "t.db").string();
    }
    auto db = store::open_database(url_);
    EXPECT_TRUE(db.ok()) << db.error().message;
    if (!db.ok()) return db.error().message;
    db_ = std::move(db).value();
    auto m = store::migrate(*db_);
    EXPECT_TRUE(m.ok()) << m.error().message;
    return m.ok() ? "" : m.error().message;
  }
  ~TestDatabase() {
    db_.reset();
    if (backend_ == "postgres" && !url_.empty()) {
      try {
        drop_database(PgCluster::shared().url(), url_);
      } catch (const std::exception& e) {
        ADD_FAILURE() << e.what();
      }
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  store::Database& db() { return *db_; }
  const std::string& url() const { return url_; }
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::string backend_, url_;
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

// A suite run once per backend (the parameter): db_ is the test's fresh,
// migrated database from SetUp on; a test whose backend is not to be had is
// skipped (or fails, see TestDatabase::open).
class BackendTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    std::string why = database_.open(GetParam());
    if (HasFailure()) FAIL() << "no database: " << why;
    if (!why.empty()) GTEST_SKIP() << why;
    db_ = &database_.db();
  }
  bool postgres() const { return GetParam() == "postgres"; }

  // Runs one statement in its own transaction, with $1 bound to seed_time_
  // and `params` from $2 on; fails the test (fatally) when it is refused.
  void exec(const std::string& sql, const std::vector<store::Value>& params = {}) {
    std::vector<store::Value> all{seed_time_};
    for (const auto& p : params) all.push_back(p);
    auto st = db_->write([&](store::Tx& tx) -> Status {
      LT_TRY(tx.exec(sql, all));
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message << "\n" << sql;
  }

  // A unit under `parent` (a district government without one, else a
  // township), made through the units repository; fails the test when refused.
  Unit add_unit(const std::string& name, std::optional<int64_t> parent) {
    Unit u;
    u.name = name, u.kind = parent ? "township" : "district_government", u.parent_id = parent;
    Unit out;
    Status st = db_->write([&](store::Tx& tx) -> Status {
      LT_ASSIGN(out, store::units::insert(tx, u, seed_time_));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }

  // 禹王台区 with its townships 汪屯乡 and 南郊乡 and `village` below 汪屯乡:
  // the tree of suites that test who sees what.
  struct District {
    Unit district, wangtun, nanjiao, village;
  };
  District add_district(const std::string& village) {
    District d;
    d.district = add_unit("禹王台区", std::nullopt);
    d.wangtun = add_unit("汪屯乡", d.district.id);
    d.nanjiao = add_unit("南郊乡", d.district.id);
    d.village = add_unit(village, d.wangtun.id);
    return d;
  }

  TestDatabase database_;
  store::Database* db_ = nullptr;
  std::string seed_time_ = "2017-09-01T00:00:00.000Z";
};

// The holiday arrangement the binary ships (resources/cn-holidays.csv).
inline WorkCalendar shipped_calendar() {
  std::ifstream f(LANTIAN_SOURCE_DIR "/resources/cn-holidays.csv");
  std::stringstream ss;
  ss << f.rdbuf();
  auto c = WorkCalendar::from_csv(ss.str());
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? *c : WorkCalendar();
}

}  // namespace lantian::test
