// Ledger rows (store/ledger_rows_repo.h, migration 0013) on both databases:
// a row round-trips; the units above its unit see it; lists filter by
// status and declared filter values, page newest first by cursor, and follow
// every change (the "ledger_rows" generation of the list cache).
#include <gtest/gtest.h>

#include <algorithm>

#include "core/crypto.h"
#include "store/ledger_rows_repo.h"
#include "store/units_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2017-11-01T08:00:00.000Z";

class LedgerRowsTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(crypto_init());
    district_ = add_unit("禹王台区", std::nullopt);
    wangtun_ = add_unit("汪屯乡", district_.id);
    nanjiao_ = add_unit("南郊乡", district_.id);
    village_ = add_unit("西湖村", wangtun_.id);
    exec(
        "INSERT INTO enterprises (name, credit_code, unit_id, unit_path, status, created_at, updated_at) "
        "VALUES ('开封市鑫达塑料厂', '91350100M000100Y43', $2, $3, 'operating', $1, $1)",
        {village_.id, village_.path});
  }
  LedgerRow add(const Unit& unit, const std::string& title, const std::string& disposition,
                const std::string& status = "registered") {
    LedgerRow r;
    r.ledger_type = "scattered_enterprises";
    r.unit_id = unit.id, r.unit_path = unit.path;
    r.status = status;
    r.title = title;
    r.fields = R"({"enterprise_name":")" + title + R"(","disposition":")" + disposition + R"("})";
    LedgerRow out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, ledger_rows::insert(tx, r, {{"disposition", disposition}}, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  PageOf<LedgerRow> list(const ledger_rows::Filter& f, const Page& p = Page{}) {
    PageOf<LedgerRow> out;
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, ledger_rows::list(tx, f, p));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  static std::vector<std::string> titles(const PageOf<LedgerRow>& p) {
    std::vector<std::string> out;
    for (const auto& r : p.items) out.push_back(r.title);
    return out;
  }
  ledger_rows::Filter in(const Unit& u) {
    ledger_rows::Filter f;
    f.ledger_type = "scattered_enterprises";
    f.scope_unit_id = u.id;
    return f;
  }
  Unit district_, wangtun_, nanjiao_, village_;
};

TEST_P(LedgerRowsTest, ARowRoundTripsWithItsNames) {
  LedgerRow r;
  r.ledger_type = "scattered_enterprises";
  r.unit_id = village_.id, r.unit_path = village_.path;
  r.enterprise_id = 1;
  r.status = "registered";
  r.title = "开封市鑫达塑料厂";
  r.location = LngLat{114.385, 34.740};
  r.fields = R"({"disposition":"ban"})";
  LedgerRow saved;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(saved, ledger_rows::insert(tx, r, {{"disposition", "ban"}}, kNow));
                   return {};
                 })
                  .ok());
  std::optional<LedgerRow> got;
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   LT_ASSIGN(got, ledger_rows::get(tx, saved.id));
                   return {};
                 })
                  .ok());
  ASSERT_TRUE(got);
  EXPECT_EQ(got->unit_name, "西湖村");
  EXPECT_EQ(got->enterprise_name, "开封市鑫达塑料厂");
  ASSERT_TRUE(got->location);
  EXPECT_DOUBLE_EQ(got->location->lng, 114.385);
  EXPECT_EQ(got->fields, R"({"disposition":"ban"})");
  EXPECT_EQ(got->version, 1);
  EXPECT_EQ(got->created_at, kNow);
  // A stale version writes nothing.
  got->title = "改名";
  got->version = 7;
  bool ok = true;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, ledger_rows::update(tx, *got, {{"disposition", "ban"}}, kNow));
                   return {};
                 })
                  .ok());
  EXPECT_FALSE(ok);
}

TEST_P(LedgerRowsTest, UnitsAboveSeeARowAndListsFilterAndPage) {
  add(village_, "甲", "ban");
  add(wangtun_, "乙", "relocate");
  add(nanjiao_, "丙", "ban");
  add(village_, "丁", "upgrade", "banned");
  EXPECT_EQ(titles(list(in(district_))), (std::vector<std::string>{"丁", "丙", "乙", "甲"}));
  EXPECT_EQ(titles(list(in(wangtun_))), (std::vector<std::string>{"丁", "乙", "甲"}));
  EXPECT_EQ(titles(list(in(village_))), (std::vector<std::string>{"丁", "甲"}));
  EXPECT_EQ(list(in(nanjiao_)).total, 1);
  auto bans = in(district_);
  bans.fields = {{"disposition", "ban"}};
  auto page = list(bans);
  EXPECT_EQ(titles(page), (std::vector<std::string>{"丙", "甲"}));
  EXPECT_EQ(page.total, 2);
  auto banned = in(wangtun_);
  banned.statuses = {"banned"};
  EXPECT_EQ(titles(list(banned)), (std::vector<std::string>{"丁"}));
  // Pages of 3 by cursor.
  Page p;
  p.per_page = 3;
  auto first = list(in(district_), p);
  EXPECT_EQ(titles(first), (std::vector<std::string>{"丁", "丙", "乙"}));
  ASSERT_FALSE(first.next_cursor.empty());
  p.after = first.next_cursor;
  EXPECT_EQ(titles(list(in(district_), p)), (std::vector<std::string>{"甲"}));
  // A cursor of something else.
  p.after = "garbage";
  Status st = db_->read([&](Tx& tx) -> Status {
    LT_TRY(ledger_rows::list(tx, in(district_), p));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, "query_unknown_value");
}

TEST_P(LedgerRowsTest, ListsFollowEveryChange) {
  LedgerRow a = add(village_, "甲", "ban");
  auto bans = in(district_);
  bans.fields = {{"disposition", "ban"}};
  ASSERT_EQ(titles(list(bans)), (std::vector<std::string>{"甲"}));
  ASSERT_EQ(titles(list(bans)), (std::vector<std::string>{"甲"}));  // cached
  // Its disposition changes: it leaves the bans.
  a.fields = R"({"disposition":"upgrade"})";
  bool ok = false;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, ledger_rows::update(tx, a, {{"disposition", "upgrade"}}, kNow));
                   return {};
                 })
                  .ok());
  ASSERT_TRUE(ok);
  EXPECT_TRUE(list(bans).items.empty());
  // It moves to 南郊乡: 汪屯乡 no longer sees it.
  a.version = 2;
  a.unit_id = nanjiao_.id, a.unit_path = nanjiao_.path;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, ledger_rows::update(tx, a, {{"disposition", "upgrade"}}, kNow));
                   return {};
                 })
                  .ok());
  ASSERT_TRUE(ok);
  EXPECT_TRUE(list(in(wangtun_)).items.empty());
  EXPECT_EQ(titles(list(in(nanjiao_))), (std::vector<std::string>{"甲"}));
  // Its status; the unit's name on the page.
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, ledger_rows::set_status(tx, a.id, 3, "banned", kNow));
                   return {};
                 })
                  .ok());
  ASSERT_TRUE(ok);
  auto banned = in(district_);
  banned.statuses = {"banned"};
  EXPECT_EQ(titles(list(banned)), (std::vector<std::string>{"甲"}));
  exec("UPDATE units SET name = '南郊乡（新）', updated_at = $1 WHERE id = $2", {nanjiao_.id});
  EXPECT_EQ(list(in(nanjiao_)).items.at(0).unit_name, "南郊乡（新）");
}

// Many rows in a few statements: each row gets its own id (ascending in the
// order given), its scope and filter rows, and reads back as insert() would
// have written it; the list cache follows.
TEST_P(LedgerRowsTest, ManyRowsInsertedTogetherAreEachTheirOwn) {
  add(nanjiao_, "先", "ban");
  auto bans = in(district_);
  bans.fields = {{"disposition", "ban"}};
  ASSERT_EQ(list(bans).total, 1);  // now cached
  constexpr size_t kRows = 300;    // 256 + 16 + 16 + 4 + 4 + 4
  std::vector<LedgerRow> rows(kRows);
  std::vector<std::vector<LedgerFilterValue>> filters(kRows);
  std::vector<ledger_rows::NewRow> fresh;
  for (size_t i = 0; i < kRows; ++i) {
    const Unit& u = i % 3 == 0 ? village_ : i % 3 == 1 ? wangtun_ : nanjiao_;
    LedgerRow& r = rows[i];
    r.ledger_type = "scattered_enterprises";
    r.unit_id = u.id, r.unit_path = u.path;
    r.status = "registered";
    r.title = "批量" + std::to_string(i);
    r.fields = R"({"enterprise_name":")" + r.title + R"("})";
    if (i % 5 == 0) r.location = LngLat{114.0 + double(i) / 1000, 34.5};
    const std::string disposition = i % 2 ? "ban" : "relocate";
    filters[i] = {{"disposition", disposition}};
    fresh.push_back({&r, &filters[i]});
  }
  ASSERT_TRUE(db_->write([&](Tx& tx) { return ledger_rows::insert_many(tx, fresh, kNow); }).ok());
  for (size_t i = 0; i < kRows; ++i) {
    if (i) {
      EXPECT_GT(rows[i].id, rows[i - 1].id);
    }
    EXPECT_EQ(rows[i].version, 1);
    EXPECT_EQ(rows[i].created_at, kNow);
  }
  ASSERT_TRUE(db_->read([&](Tx& tx) -> Status {
                   for (size_t i = 0; i < kRows; i += 7) {
                     LT_ASSIGN(auto got, ledger_rows::get(tx, rows[i].id));
                     EXPECT_TRUE(got.has_value());
                     if (!got) continue;
                     EXPECT_EQ(got->title, rows[i].title);
                     EXPECT_EQ(got->fields, rows[i].fields);
                     EXPECT_EQ(got->unit_id, rows[i].unit_id);
                     EXPECT_EQ(got->location.has_value(), rows[i].location.has_value());
                     EXPECT_EQ(got->created_at, kNow);
                   }
                   return {};
                 })
                  .ok());
  EXPECT_EQ(list(in(district_)).total, int64_t(kRows) + 1);
  EXPECT_EQ(list(in(wangtun_)).total, int64_t(kRows / 3 * 2));  // its own and its village's
  EXPECT_EQ(list(in(village_)).total, int64_t(kRows / 3));
  EXPECT_EQ(list(bans).total, int64_t(kRows / 2) + 1);
  auto village_bans = in(village_);
  village_bans.fields = {{"disposition", "ban"}};
  for (const auto& r : list(village_bans).items) {
    size_t i = size_t(std::stoi(r.title.substr(std::string("批量").size())));
    EXPECT_TRUE(i % 3 == 0 && i % 2 == 1) << r.title;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, LedgerRowsTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lantian::store
