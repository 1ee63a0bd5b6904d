// The demo's enterprise registry (app/demo_enterprises.h) seeded the way
// `lantian init --demo` does it: valid credit codes, points stored as WGS-84,
// one of ours banned, and exactly one suspected relocation — 龙亭区's banned
// plastics workshop, re-registered in 汪屯乡 with its old phone number.
#include "app/demo_enterprises.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/account_service.h"
#include "app/demo_data.h"
#include "app/enterprise_service.h"
#include "app/org_service.h"
#include "core/credit_code.h"
#include "core/crypto.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

class DemoEnterprisesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = std::filesystem::temp_directory_path() /
           ("lantian-demo-enterprises-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = store::open_sqlite((dir_ / "demo.db").string()).value();
    ASSERT_TRUE(store::migrate(*db_).ok());
    ManualClock clock(*parse_time("2017-09-29T09:00:00+08:00"));
    AuthConfig cfg;
    cfg.fast_password_hash = true;
    OrgService org(*db_, clock);
    AccountService accounts(*db_, clock, cfg);
    auto logins = seed_demo(org, accounts, "Adm1n!pass2026");
    ASSERT_TRUE(logins.ok()) << logins.error().message;
  }
  void TearDown() override {
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Actor office() {
    std::optional<User> u;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(u, store::users::get_by_username(tx, "office"));
                     return {};
                   })
                    .ok());
    return actor_for(*u, 0, "test");
  }
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
};

TEST_F(DemoEnterprisesTest, SeedsARegistryWithOneSuspectedRelocation) {
  auto summary = seed_demo_enterprises(*db_);
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->enterprises, 6);
  EXPECT_EQ(summary->banned, 3);
  EXPECT_EQ(summary->open_alerts, 1);

  ManualClock clock(*parse_time("2017-12-20T09:00:00+08:00"));
  EnterpriseService service(*db_, clock);
  store::Page page;
  page.per_page = 50;
  auto list = service.list(office(), {}, page);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->total, 6);
  for (const auto& e : list->items) {
    EXPECT_TRUE(e.credit_code.empty() || !check_credit_code(e.credit_code)) << e.name;
    ASSERT_TRUE(e.location) << e.name;
    // Stored as WGS-84: a few hundred metres west-south-west of the GCJ-02 point given.
    EXPECT_GT(e.location->lng, 114.33);
    EXPECT_LT(e.location->lng, 114.40);
    EXPECT_EQ(e.status, e.name == "开封市禹王台区南郊砖瓦厂" ? "banned" : "operating") << e.name;
  }
  auto alerts = service.list_alerts(office(), {}, page);
  ASSERT_TRUE(alerts.ok()) << alerts.error().message;
  ASSERT_EQ(alerts->items.size(), 1u);
  const auto& a = alerts->items[0];
  EXPECT_EQ(a.enterprise_name, "开封市禹王台区恒晟塑料制品有限公司");
  EXPECT_EQ(a.banned_name, "开封市龙亭区恒盛塑料颗粒加工厂");
  EXPECT_EQ(a.banned_origin, "龙亭区");
  EXPECT_EQ(a.status, "open");
  EXPECT_EQ(a.reasons.front(), "phone");
  BannedListFilter ours;
  ours.source = "ours";
  auto banned = service.list_banned(office(), ours, page);
  ASSERT_TRUE(banned.ok());
  ASSERT_EQ(banned->items.size(), 1u);
  EXPECT_EQ(banned->items[0].origin, "范村");
}

}  // namespace
}  // namespace lantian::app
