// Problem lists (store/problems_repo.h) on both databases: the units above a
// problem's unit see it, and totals and pages kept under the "problems"
// generation (migration 0022) follow every change to what they count or
// show, made by plain SQL as a job or another instance would.
#include "store/problems_repo.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/crypto.h"
#include "store/list_cache.h"
#include "store/units_repo.h"
#include "store/users_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2017-11-01T08:00:00.000Z";

class ProblemsRepoTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(crypto_init());
    d_ = add_district("西湖村");
    User u;
    u.username = "office", u.name = "承办人", u.unit_id = d_.district.id;
    u.roles = {"campaign_office"};
    u.password_hash = "x";
    ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                     LT_ASSIGN(office_, users::insert(tx, u, kNow));
                     return {};
                   })
                    .ok());
    exec(
        "INSERT INTO enterprises (name, credit_code, unit_id, unit_path, status, created_at, updated_at) "
        "VALUES ('开封市鑫达塑料厂', '91350100M000100Y43', $2, $3, 'operating', $1, $1)",
        {d_.village.id, d_.village.path});
  }
  Problem add(const Unit& unit, const std::string& title, const std::string& status = "rectifying") {
    Problem p;
    p.source = "district", p.problem_type = "construction_dust", p.status = status, p.title = title;
    p.unit_id = unit.id, p.unit_path = unit.path;
    p.enterprise_id = 1;
    p.verifier_id = office_.id;
    p.created_by = office_.id;
    Problem out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(p.seq, problems::draw_number(tx, p.source, 2017));
      p.year = 2017, p.number = "禹攻坚督〔2017〕" + std::to_string(p.seq) + "号";
      LT_ASSIGN(out, problems::insert(tx, p, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  PageOf<Problem> list(const problems::Filter& f) {
    PageOf<Problem> out;
    Page page;
    page.per_page = 50;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, problems::list(tx, f, page));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  problems::Filter seen_by(const Unit& u, std::vector<std::string> statuses = {}) {
    problems::Filter f;
    f.scope_unit_id = u.id;
    f.statuses = std::move(statuses);
    return f;
  }
  static std::vector<std::string> titles(const PageOf<Problem>& p) {
    std::vector<std::string> out;
    for (const auto& x : p.items) out.push_back(x.title);
    return out;
  }
  District d_;
  User office_;
};

TEST_P(ProblemsRepoTest, UnitsAboveSeeAProblem) {
  add(d_.village, "甲");
  add(d_.nanjiao, "乙");
  EXPECT_EQ(titles(list(seen_by(d_.district))), (std::vector<std::string>{"乙", "甲"}));
  EXPECT_EQ(titles(list(seen_by(d_.wangtun))), (std::vector<std::string>{"甲"}));
  EXPECT_EQ(titles(list(seen_by(d_.nanjiao))), (std::vector<std::string>{"乙"}));
  EXPECT_EQ(list(seen_by(d_.district)).total, 2);
}

TEST_P(ProblemsRepoTest, CachedListsFollowEveryChangeToWhatTheyCountOrShow) {
  const Problem a = add(d_.village, "甲");
  add(d_.nanjiao, "乙");
  const auto rectifying = seen_by(d_.wangtun, {"rectifying"});
  auto first = list(rectifying);
  ASSERT_EQ(first.total, 1);
  const uint64_t hits = list_cache_stats().hits;
  EXPECT_EQ(list(rectifying).total, 1);
  EXPECT_GT(list_cache_stats().hits, hits);  // served from the cache

  // A column only the page shows, then one the filter reads.
  exec("UPDATE problems SET title = '甲改', updated_at = $1 WHERE id = $2", {a.id});
  EXPECT_EQ(titles(list(rectifying)), (std::vector<std::string>{"甲改"}));
  exec("UPDATE problems SET status = 'reported', updated_at = $1 WHERE id = $2", {a.id});
  EXPECT_EQ(list(rectifying).total, 0);
  exec("UPDATE problems SET status = 'rectifying', updated_at = $1 WHERE id = $2", {a.id});
  ASSERT_EQ(list(rectifying).total, 1);

  // The names joined in.
  exec("UPDATE units SET name = '西湖新村', updated_at = $1 WHERE id = $2", {d_.village.id});
  EXPECT_EQ(list(rectifying).items.at(0).unit_name, "西湖新村");
  exec("UPDATE enterprises SET name = '鑫达新材料', updated_at = $1 WHERE id = 1");
  EXPECT_EQ(list(rectifying).items.at(0).enterprise_name, "鑫达新材料");
  exec("UPDATE users SET name = '核查员', updated_at = $1 WHERE id = $2", {office_.id});
  EXPECT_EQ(list(rectifying).items.at(0).verifier_name, "核查员");

  // Scope rows: 南郊乡's problem shown to 汪屯乡 (as for a cooperating unit), then not.
  const auto all_in_wangtun = seen_by(d_.wangtun);
  ASSERT_EQ(list(all_in_wangtun).total, 1);
  exec("INSERT INTO problem_scopes (unit_id, problem_id) SELECT $2, id FROM problems WHERE title = '乙'",
       {d_.wangtun.id});
  EXPECT_EQ(list(all_in_wangtun).total, 2);
  exec(
      "DELETE FROM problem_scopes WHERE unit_id = $2 AND problem_id IN (SELECT id FROM problems WHERE "
      "title = '乙')",
      {d_.wangtun.id});
  EXPECT_EQ(list(all_in_wangtun).total, 1);

  // A new problem, then a problem gone.
  add(d_.village, "丙");
  EXPECT_EQ(list(rectifying).total, 2);
  exec("DELETE FROM problem_scopes WHERE problem_id = $2", {a.id});
  exec("DELETE FROM problems WHERE id = $2", {a.id});
  EXPECT_EQ(titles(list(rectifying)), (std::vector<std::string>{"丙"}));
}

// A unit moved to another township takes its problems along: their path, and
// who sees them — as the unit of a problem and as a cooperating unit.
TEST_P(ProblemsRepoTest, AMovedUnitsProblemsAreSeenFromItsNewPlace) {
  const Problem own = add(d_.village, "村里的");
  Problem helped = add(d_.nanjiao, "南郊的");
  Problem before = helped;
  helped.cooperating_unit_ids = {d_.village.id};
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(bool ok, problems::update(tx, before, helped, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(titles(list(seen_by(d_.wangtun))), (std::vector<std::string>{"南郊的", "村里的"}));

  Unit village = d_.village;
  village.parent_id = d_.nanjiao.id;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(bool ok, units::update(tx, village, kNow));
                   EXPECT_TRUE(ok);
                   return {};
                 })
                  .ok());
  EXPECT_EQ(titles(list(seen_by(d_.wangtun))), std::vector<std::string>{});
  EXPECT_EQ(titles(list(seen_by(d_.nanjiao))), (std::vector<std::string>{"南郊的", "村里的"}));
  EXPECT_EQ(titles(list(seen_by(d_.village))), (std::vector<std::string>{"南郊的", "村里的"}));
  std::optional<Problem> moved;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(moved, problems::get(tx, own.id));
                   return {};
                 })
                  .ok());
  EXPECT_EQ(moved->unit_path, d_.nanjiao.path + std::to_string(d_.village.id) + "/");
}

INSTANTIATE_TEST_SUITE_P(Backends, ProblemsRepoTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
