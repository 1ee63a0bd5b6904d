// Moving a unit (store/units_repo.h update) on both databases: the records
// that keep a copy of its path — ledger rows with their scope rows,
// enterprises, inspections — follow it, so the old township stops seeing
// them and the new one sees them. (Tasks: tests/store/task_list_test.cpp;
// problems: tests/store/problems_repo_test.cpp.)
#include "store/units_repo.h"

#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/enterprises_repo.h"
#include "store/inspections_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/users_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2017-11-01T08:00:00.000Z";

class UnitsRepoTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(crypto_init());
    d_ = add_district("西湖村");
  }
  template <typename F>
  void read(F&& f) {
    Status st = db_->read([&](Tx& tx) -> Status { return f(tx); });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  int64_t rows_seen_by(const Unit& u) {
    ledger_rows::Filter f;
    f.ledger_type = "scattered_enterprises";
    f.scope_unit_id = u.id;
    int64_t total = -1;
    read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto page, ledger_rows::list(tx, f, Page{}));
      total = page.total;
      return {};
    });
    return total;
  }
  int64_t enterprises_seen_by(const Unit& u) {
    enterprises::Filter f;
    f.scope_path = u.path;
    int64_t total = -1;
    read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto page, enterprises::list(tx, f, Page{}));
      total = page.total;
      return {};
    });
    return total;
  }
  int64_t inspections_seen_by(const Unit& u) {
    inspections::Filter f;
    f.scope_path = u.path;
    int64_t total = -1;
    read([&](Tx& tx) -> Status {
      LT_ASSIGN(auto page, inspections::list(tx, f, Page{}));
      total = page.total;
      return {};
    });
    return total;
  }
  District d_;
};

TEST_P(UnitsRepoTest, AMovedUnitsLedgerRowsEnterprisesAndInspectionsFollowIt) {
  User u;
  u.username = "inspector", u.name = "检查员", u.unit_id = d_.district.id, u.roles = {"inspector"};
  u.password_hash = "x";
  User inspector;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(inspector, users::insert(tx, u, kNow));
                   return {};
                 })
                  .ok());
  exec(
      "INSERT INTO enterprises (name, credit_code, unit_id, unit_path, status, created_at, updated_at) "
      "VALUES ('开封市鑫达塑料厂', '91350100M000100Y43', $2, $3, 'operating', $1, $1)",
      {d_.village.id, d_.village.path});
  LedgerRow r;
  r.ledger_type = "scattered_enterprises";
  r.unit_id = d_.village.id, r.unit_path = d_.village.path;
  r.status = "registered", r.title = "鑫达塑料厂", r.fields = R"({"disposition":"ban"})";
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(r, ledger_rows::insert(tx, r, {{"disposition", "ban"}}, kNow));
                   return {};
                 })
                  .ok());
  exec(
      "INSERT INTO inspections (checklist, ledger_row_id, unit_id, unit_path, inspector_id, inspected_at, "
      "result, created_at) VALUES ('closure', $2, $3, $4, $5, $1, 'passed', $1)",
      {r.id, d_.village.id, d_.village.path, inspector.id});
  ASSERT_EQ(rows_seen_by(d_.wangtun), 1);
  ASSERT_EQ(enterprises_seen_by(d_.wangtun), 1);
  ASSERT_EQ(inspections_seen_by(d_.wangtun), 1);
  ASSERT_EQ(rows_seen_by(d_.nanjiao), 0);

  // 西湖村 moves from 汪屯乡 to 南郊乡.
  Unit village = d_.village;
  village.parent_id = d_.nanjiao.id;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(bool ok, units::update(tx, village, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  const std::string moved = d_.nanjiao.path + std::to_string(d_.village.id) + "/";
  EXPECT_EQ(rows_seen_by(d_.wangtun), 0);
  EXPECT_EQ(enterprises_seen_by(d_.wangtun), 0);
  EXPECT_EQ(inspections_seen_by(d_.wangtun), 0);
  village.path = moved;  // path-scoped lists (enterprises, inspections) ask by path
  for (const Unit* sees : {&d_.nanjiao, &d_.district, &village}) {
    EXPECT_EQ(rows_seen_by(*sees), 1) << sees->name;
    EXPECT_EQ(enterprises_seen_by(*sees), 1) << sees->name;
    EXPECT_EQ(inspections_seen_by(*sees), 1) << sees->name;
  }
  read([&](Tx& tx) -> Status {
    LT_ASSIGN(auto row, ledger_rows::get(tx, r.id));
    EXPECT_EQ(row->unit_path, moved);
    LT_ASSIGN(auto e, enterprises::get(tx, 1));
    EXPECT_EQ(e->unit_path, moved);
    return {};
  });
}

INSTANTIATE_TEST_SUITE_P(Backends, UnitsRepoTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
