// The enterprise registry's repositories on both databases: enterprises
// (store/enterprises_repo.h) round-trip, keep their credit codes unique, list
// in a reader's scope by name, code and status, and show their linked ledger
// rows; banned enterprises (store/banned_enterprises_repo.h) list and load
// whole; a relocation alert (store/relocation_alerts_repo.h) is raised once
// per pair, lists open ones first within the reader's scope, and resolves once.
#include <gtest/gtest.h>

#include "core/crypto.h"
#include "store/banned_enterprises_repo.h"
#include "store/enterprises_repo.h"
#include "store/ledger_rows_repo.h"
#include "store/relocation_alerts_repo.h"
#include "support/test_database.h"

namespace lantian::store {
namespace {

constexpr const char* kNow = "2017-11-01T08:00:00.000Z";
constexpr const char* kLater = "2017-11-02T08:00:00.000Z";

class EnterprisesRepoTest : public test::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFailure()) return;
    ASSERT_TRUE(crypto_init());
    d_ = add_district("汪屯村");
  }
  Enterprise add(const Unit& unit, const std::string& name, const std::string& code = "",
                 const std::string& status = "operating") {
    Enterprise e;
    e.name = name;
    e.credit_code = code;
    e.legal_rep = "王建国";
    e.phone = "13837812345";
    e.address = "开封市禹王台区汪屯乡";
    e.location = LngLat{114.385, 34.740};
    e.industry_code = "C2927";
    e.unit_id = unit.id, e.unit_path = unit.path;
    e.grid = "第一网格";
    e.status = status;
    Enterprise out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, enterprises::insert(tx, e, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  template <typename F>
  auto read(F f) {
    decltype(f(std::declval<Tx&>()).value()) out{};
    Status st = db_->read([&](Tx& tx) -> Status {
      LT_ASSIGN(out, f(tx));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  std::vector<std::string> names(const enterprises::Filter& f, Page p = Page{}) {
    std::vector<std::string> out;
    for (const auto& e : read([&](Tx& tx) { return enterprises::list(tx, f, p); }).items)
      out.push_back(e.name);
    return out;
  }
  BannedEnterprise ban(const std::string& name, const std::string& origin,
                       const std::string& source = "imported") {
    BannedEnterprise b;
    b.name = name;
    b.legal_rep = "李秀英";
    b.origin = origin;
    b.banned_on = "2017-09-30";
    b.reason = "散乱污企业关停取缔";
    b.source = source;
    BannedEnterprise out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, banned_enterprises::insert(tx, b, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  std::optional<RelocationAlert> raise(std::optional<int64_t> enterprise, int64_t banned, double score) {
    RelocationAlert a;
    a.enterprise_id = enterprise;
    a.candidate = {"禹王台区鑫达塑料颗粒加工有限公司", "王建国", "13837812345", "", ""};
    a.banned_enterprise_id = banned;
    a.score = score;
    a.reasons = {"legal_rep", "name:0.86"};
    std::optional<RelocationAlert> out;
    Status st = db_->write([&](Tx& tx) -> Status {
      LT_ASSIGN(out, relocation_alerts::insert(tx, a, kNow));
      return {};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
    return out;
  }
  District d_;
  const Unit &wangtun_ = d_.wangtun, &nanjiao_ = d_.nanjiao, &village_ = d_.village;
};

TEST_P(EnterprisesRepoTest, AnEnterpriseRoundTripsAndUpdatesByVersion) {
  Enterprise e = add(village_, "开封市禹王台区鑫达塑料厂", "91350100M000100Y43");
  auto got = read([&](Tx& tx) { return enterprises::get(tx, e.id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->name, "开封市禹王台区鑫达塑料厂");
  EXPECT_EQ(got->credit_code, "91350100M000100Y43");
  EXPECT_EQ(got->unit_name, "汪屯村");
  EXPECT_EQ(got->unit_path, village_.path);
  ASSERT_TRUE(got->location);
  EXPECT_DOUBLE_EQ(got->location->lng, 114.385);
  EXPECT_DOUBLE_EQ(got->location->lat, 34.740);
  EXPECT_EQ(got->industry_code, "C2927");
  EXPECT_EQ(got->grid, "第一网格");
  EXPECT_EQ(got->version, 1);
  auto by_code = read([&](Tx& tx) { return enterprises::by_credit_code(tx, "91350100M000100Y43"); });
  ASSERT_TRUE(by_code);
  EXPECT_EQ(by_code->id, e.id);
  EXPECT_FALSE(read([&](Tx& tx) { return enterprises::by_credit_code(tx, "91350100M000100Y4X"); }));

  Enterprise changed = *got;
  changed.status = "stopped";
  changed.credit_code.clear();  // stored NULL
  changed.location.reset();
  bool ok = false;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, enterprises::update(tx, changed, kLater));
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(ok);
  // The version read before is stale now.
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, enterprises::update(tx, changed, kLater));
                   return {};
                 })
                  .ok());
  EXPECT_FALSE(ok);
  got = read([&](Tx& tx) { return enterprises::get(tx, e.id); });
  EXPECT_EQ(got->status, "stopped");
  EXPECT_EQ(got->credit_code, "");
  EXPECT_FALSE(got->location);
  EXPECT_EQ(got->version, 2);
  EXPECT_EQ(got->updated_at, kLater);
  EXPECT_FALSE(read([&](Tx& tx) { return enterprises::get(tx, 999); }));
}

TEST_P(EnterprisesRepoTest, CreditCodesAreUniqueButMayBeMissing) {
  add(village_, "甲厂", "91350100M000100Y43");
  add(village_, "乙厂");
  add(village_, "丙厂");  // two without a code
  Status st = db_->write([&](Tx& tx) -> Status {
    Enterprise e;
    e.name = "丁厂", e.credit_code = "91350100M000100Y43", e.status = "operating";
    e.unit_id = village_.id, e.unit_path = village_.path;
    LT_TRY(enterprises::insert(tx, e, kNow));
    return {};
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::conflict);
}

TEST_P(EnterprisesRepoTest, ListsInScopeByNameCodeAndStatus) {
  add(village_, "开封市禹王台区鑫达塑料厂", "91350100M000100Y43");
  add(wangtun_, "汪屯宏发木业");
  add(nanjiao_, "南郊老王汽修店", "", "banned");
  enterprises::Filter all;
  EXPECT_EQ(names(all),
            (std::vector<std::string>{"南郊老王汽修店", "开封市禹王台区鑫达塑料厂", "汪屯宏发木业"}));
  enterprises::Filter scoped;
  scoped.scope_path = wangtun_.path;
  EXPECT_EQ(names(scoped), (std::vector<std::string>{"开封市禹王台区鑫达塑料厂", "汪屯宏发木业"}));
  scoped.unit_path = village_.path;
  EXPECT_EQ(names(scoped), (std::vector<std::string>{"开封市禹王台区鑫达塑料厂"}));
  enterprises::Filter q;
  q.q = "鑫达";
  EXPECT_EQ(names(q), (std::vector<std::string>{"开封市禹王台区鑫达塑料厂"}));
  q.q = "m000100";
  q.code_q = "M000100";
  EXPECT_EQ(names(q), (std::vector<std::string>{"开封市禹王台区鑫达塑料厂"}));
  q.q = "100%";  // taken literally
  q.code_q = "100%";
  EXPECT_TRUE(names(q).empty());
  enterprises::Filter status;
  status.statuses = {"banned"};
  EXPECT_EQ(names(status), (std::vector<std::string>{"南郊老王汽修店"}));
  // Pages by offset, with the total.
  Page p;
  p.per_page = 2;
  p.page = 2;
  auto page2 = read([&](Tx& tx) { return enterprises::list(tx, all, p); });
  EXPECT_EQ(page2.total, 3);
  ASSERT_EQ(page2.items.size(), 1u);
  EXPECT_EQ(page2.items[0].name, "汪屯宏发木业");
  Page by_id;
  by_id.sort = "id";
  by_id.desc = true;
  EXPECT_EQ(names(all, by_id).front(), "南郊老王汽修店");
  auto ids = read([&](Tx& tx) { return enterprises::identities(tx); });
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0].identity.name, "开封市禹王台区鑫达塑料厂");
  EXPECT_EQ(ids[0].identity.credit_code, "91350100M000100Y43");
  EXPECT_EQ(ids[1].identity.credit_code, "");
}

TEST_P(EnterprisesRepoTest, ItsLedgerRowsInTheReadersScope) {
  Enterprise e = add(village_, "开封市禹王台区鑫达塑料厂");
  for (const Unit* u : {&village_, &nanjiao_}) {
    Status st = db_->write([&](Tx& tx) -> Status {
      LedgerRow r;
      r.ledger_type = "scattered_enterprises";
      r.unit_id = u->id, r.unit_path = u->path;
      r.enterprise_id = e.id;
      r.status = "registered";
      r.title = e.name + " " + u->name;
      LT_TRY(ledger_rows::insert(tx, r, {}, kNow));
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  auto all = read([&](Tx& tx) { return enterprises::ledger_rows(tx, e.id, "", 50); });
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].unit_name, "南郊乡");  // newest first
  EXPECT_EQ(all[1].title, "开封市禹王台区鑫达塑料厂 汪屯村");
  EXPECT_EQ(all[1].ledger_type, "scattered_enterprises");
  EXPECT_EQ(all[1].status, "registered");
  auto scoped = read([&](Tx& tx) { return enterprises::ledger_rows(tx, e.id, wangtun_.path, 50); });
  ASSERT_EQ(scoped.size(), 1u);
  EXPECT_EQ(scoped[0].unit_name, "汪屯村");
  EXPECT_EQ(read([&](Tx& tx) { return enterprises::ledger_rows(tx, e.id, "", 1); }).size(), 1u);
}

TEST_P(EnterprisesRepoTest, BannedEnterprisesListAndLoad) {
  BannedEnterprise a = ban("开封市龙亭区鑫达塑料厂", "龙亭区");
  ban("祥符区宏发木业", "祥符区", "ours");
  auto got = read([&](Tx& tx) { return banned_enterprises::get(tx, a.id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->origin, "龙亭区");
  EXPECT_EQ(got->banned_on, "2017-09-30");
  EXPECT_EQ(got->credit_code, "");
  EXPECT_EQ(got->source, "imported");
  EXPECT_FALSE(got->enterprise_id);
  Page p;
  p.sort = "id";
  p.desc = true;
  banned_enterprises::Filter f;
  auto page = read([&](Tx& tx) { return banned_enterprises::list(tx, f, p); });
  EXPECT_EQ(page.total, 2);
  EXPECT_EQ(page.items[0].name, "祥符区宏发木业");
  f.q = "龙亭";
  EXPECT_EQ(read([&](Tx& tx) { return banned_enterprises::list(tx, f, p); }).total, 1);
  f = {};
  f.source = "ours";
  EXPECT_EQ(read([&](Tx& tx) { return banned_enterprises::list(tx, f, p); }).items.at(0).name,
            "祥符区宏发木业");
  EXPECT_EQ(read([&](Tx& tx) { return banned_enterprises::all(tx); }).size(), 2u);
}

TEST_P(EnterprisesRepoTest, AnAlertIsRaisedOncePerPairAndResolvedOnce) {
  Enterprise in = add(village_, "禹王台区鑫达塑料颗粒加工有限公司");
  Enterprise out = add(nanjiao_, "南郊鑫达塑料");
  BannedEnterprise b = ban("开封市龙亭区鑫达塑料厂", "龙亭区");
  auto first = raise(in.id, b.id, 0.86);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, "open");
  EXPECT_FALSE(raise(in.id, b.id, 0.9)) << "the same pair twice";
  auto other = raise(out.id, b.id, 0.7);
  ASSERT_TRUE(other);
  auto loose = raise(std::nullopt, b.id, 0.65);  // named elsewhere: no enterprise
  ASSERT_TRUE(loose);
  EXPECT_TRUE(raise(std::nullopt, b.id, 0.65)) << "no enterprise: nothing to be a pair with";

  auto got = read([&](Tx& tx) { return relocation_alerts::get(tx, first->id); });
  ASSERT_TRUE(got);
  EXPECT_EQ(got->enterprise_name, "禹王台区鑫达塑料颗粒加工有限公司");
  EXPECT_EQ(got->enterprise_unit_path, village_.path);
  EXPECT_EQ(got->banned_name, "开封市龙亭区鑫达塑料厂");
  EXPECT_EQ(got->banned_origin, "龙亭区");
  EXPECT_DOUBLE_EQ(got->score, 0.86);
  EXPECT_EQ(got->reasons, (std::vector<std::string>{"legal_rep", "name:0.86"}));
  EXPECT_EQ(got->candidate.legal_rep, "王建国");

  bool ok = false;
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(ok, relocation_alerts::resolve(tx, other->id, "dismissed", "同名不同人",
                                                            std::nullopt, kLater));
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(ok);
  ASSERT_TRUE(db_->write([&](Tx& tx) -> Status {
                   LT_ASSIGN(
                       ok, relocation_alerts::resolve(tx, other->id, "confirmed", "", std::nullopt, kLater));
                   return {};
                 })
                  .ok());
  EXPECT_FALSE(ok) << "resolved once";
  EXPECT_FALSE(raise(out.id, b.id, 0.7)) << "a dismissed pair is not raised again";

  relocation_alerts::Filter all;
  auto page = read([&](Tx& tx) { return relocation_alerts::list(tx, all, Page{}); });
  EXPECT_EQ(page.total, 4);
  ASSERT_EQ(page.items.size(), 4u);
  EXPECT_EQ(page.items.back().id, other->id);  // resolved: after the open ones
  EXPECT_EQ(page.items.back().status, "dismissed");
  EXPECT_EQ(page.items.back().note, "同名不同人");
  EXPECT_EQ(page.items.back().resolved_at, kLater);
  EXPECT_EQ(page.items.front().id, loose->id + 1);  // newest open first
  relocation_alerts::Filter scoped;
  scoped.scope_path = wangtun_.path;
  page = read([&](Tx& tx) { return relocation_alerts::list(tx, scoped, Page{}); });
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0].id, first->id);
  relocation_alerts::Filter open;
  open.statuses = {"open"};
  open.banned_enterprise_id = b.id;
  EXPECT_EQ(read([&](Tx& tx) { return relocation_alerts::list(tx, open, Page{}); }).total, 3);
  open.enterprise_id = in.id;
  EXPECT_EQ(read([&](Tx& tx) { return relocation_alerts::list(tx, open, Page{}); }).total, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, EnterprisesRepoTest, ::testing::Values("sqlite", "postgres"));

}  // namespace
}  // namespace lantian::store
