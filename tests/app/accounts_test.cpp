// Account rules that depend on time, tested in-process with a manual clock:
// lockout expiry, idle and absolute session expiry, and the audit trail of
// account changes. Also data scope and role assignment at the service level.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "app/account_service.h"
#include "app/demo_data.h"
#include "app/org_service.h"
#include "core/crypto.h"
#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::app {
namespace {

using namespace std::chrono;

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto_init());
    dir_ = std::filesystem::temp_directory_path() / ("lantian-app-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = store::open_sqlite((dir_ / "t.db").string()).value();
    ASSERT_TRUE(store::migrate(*db_).ok());
    AuthConfig cfg;
    cfg.fast_password_hash = true;
    org_ = std::make_unique<OrgService>(*db_, clock_);
    accounts_ = std::make_unique<AccountService>(*db_, clock_, cfg);
    auto logins = seed_demo(*org_, *accounts_, "Adm1n!pass2026");
    ASSERT_TRUE(logins.ok()) << logins.error().message;
    for (auto& l : *logins) passwords_[l.username] = l.password;
  }
  void TearDown() override {
    accounts_.reset();
    org_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  Actor login_as(const std::string& user) {
    auto r = accounts_->login(user, passwords_[user], "127.0.0.1");
    EXPECT_TRUE(r.ok()) << r.error().message;
    auto a = accounts_->authenticate(r->token, "127.0.0.1");
    EXPECT_TRUE(a.ok());
    return a->actor;
  }
  int64_t unit_id(const std::string& name) {
    auto page = org_->list(Actor::system(), {.q = name}, {});
    for (auto& u : page->items)
      if (u.name == name) return u.id;
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }

  ManualClock clock_{*parse_time("2017-10-09T08:00:00+08:00")};
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<OrgService> org_;
  std::unique_ptr<AccountService> accounts_;
  std::map<std::string, std::string> passwords_;
};

TEST_F(AccountsTest, LockoutLastsFifteenMinutes) {
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(accounts_->login("staff", "Wrong!pw1", "x").error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(accounts_->login("staff", "Wrong!pw1", "x").error().kind, ErrorKind::locked);
  EXPECT_EQ(accounts_->login("staff", passwords_["staff"], "x").error().kind, ErrorKind::locked);
  clock_.advance(minutes(14));
  EXPECT_EQ(accounts_->login("staff", passwords_["staff"], "x").error().kind, ErrorKind::locked);
  clock_.advance(minutes(2));
  EXPECT_TRUE(accounts_->login("staff", passwords_["staff"], "x").ok());
}

// Failures count within a window as long as the lockout: four now and four
// a quarter of an hour later are never five in one window.
TEST_F(AccountsTest, FailuresOutsideTheWindowDoNotAddUp) {
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(accounts_->login("staff", "Wrong!pw1", "x").error().kind, ErrorKind::unauthorized);
  clock_.advance(minutes(16));
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(accounts_->login("staff", "Wrong!pw1", "x").error().kind, ErrorKind::unauthorized);
  EXPECT_EQ(accounts_->login("staff", "Wrong!pw1", "x").error().kind, ErrorKind::locked);
  // Another address is not locked out.
  EXPECT_TRUE(accounts_->login("staff", passwords_["staff"], "y").ok());
}

TEST_F(AccountsTest, SuccessfulLoginResetsTheFailureCount) {
  for (int i = 0; i < 4; ++i) (void)accounts_->login("staff", "Wrong!pw1", "x");
  ASSERT_TRUE(accounts_->login("staff", passwords_["staff"], "x").ok());
  for (int i = 0; i < 4; ++i) (void)accounts_->login("staff", "Wrong!pw1", "x");
  EXPECT_TRUE(accounts_->login("staff", passwords_["staff"], "x").ok());
}

TEST_F(AccountsTest, IdleSessionsExpireButActiveOnesLiveUntilTheAbsoluteLimit) {
  auto r = accounts_->login("viewer", passwords_["viewer"], "x");
  ASSERT_TRUE(r.ok());
  clock_.advance(minutes(29));
  EXPECT_TRUE(accounts_->authenticate(r->token, "x").ok());
  clock_.advance(minutes(29));  // activity at 29 min refreshed last-seen
  EXPECT_TRUE(accounts_->authenticate(r->token, "x").ok());
  clock_.advance(minutes(31));
  EXPECT_EQ(accounts_->authenticate(r->token, "x").error().kind, ErrorKind::unauthorized);

  auto busy = accounts_->login("viewer", passwords_["viewer"], "x");
  for (int i = 0; i < 12 * 3; ++i) {
    clock_.advance(minutes(20));
    auto a = accounts_->authenticate(busy->token, "x");
    if (i < 35)
      ASSERT_TRUE(a.ok()) << i;  // 12 h = 36 steps of 20 min
    else
      EXPECT_FALSE(a.ok());
  }
}

TEST_F(AccountsTest, DisablingAUserEndsTheirSessions) {
  auto r = accounts_->login("staff", passwords_["staff"], "x");
  auto admin = login_as("admin");
  auto staff = accounts_->authenticate(r->token, "x")->user;
  ASSERT_TRUE(accounts_->set_disabled(admin, staff.id, staff.version, true).ok());
  EXPECT_FALSE(accounts_->authenticate(r->token, "x").ok());
  EXPECT_EQ(accounts_->login("staff", passwords_["staff"], "x").error().kind, ErrorKind::unauthorized);
}

TEST_F(AccountsTest, LeaderActsOnlyInsideOwnTownshipAndCannotEscalate) {
  auto leader = login_as("leader");
  UserInput in;
  in.username = "nj.staff2";
  in.name = "南郊乡新人";
  in.unit_id = unit_id("南郊村");
  in.roles = std::vector<std::string>{"unit_staff"};
  EXPECT_TRUE(accounts_->create(leader, in).ok());
  in.username = "wt.staff";
  in.unit_id = unit_id("汪屯村");
  auto outside = accounts_->create(leader, in);
  ASSERT_FALSE(outside.ok());
  EXPECT_EQ(outside.error().fields.at(0).field, "unit_id");
  in.unit_id = unit_id("南郊村");
  in.username = "nj.boss";
  in.roles = std::vector<std::string>{"admin"};
  EXPECT_EQ(accounts_->create(leader, in).error().kind, ErrorKind::forbidden);
  // Reading a user of another township looks like it does not exist.
  auto others = accounts_->list(Actor::system(), {.q = "office"}, {});
  ASSERT_EQ(others->items.size(), 1u);
  EXPECT_EQ(accounts_->get(leader, others->items[0].id).error().kind, ErrorKind::not_found);
  auto mine = accounts_->list(leader, {}, {.per_page = 200});
  for (auto& u : mine->items)
    EXPECT_NE(u.unit_path.find("/" + std::to_string(unit_id("南郊乡")) + "/"), std::string::npos);
}

TEST_F(AccountsTest, EveryChangeIsAuditedWithActorAndClient) {
  auto admin = login_as("admin");
  auto staff_list = accounts_->list(admin, {.q = "staff"}, {});
  auto staff = staff_list->items.at(0);
  UserInput in;
  in.version = staff.version;
  in.position = "网格员";
  ASSERT_TRUE(accounts_->update(admin, staff.id, in).ok());
  store::PageOf<AuditEntry> page;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(page, store::audit::list(
                                       tx, {.entity = "user", .entity_id = std::to_string(staff.id)}, {}));
                   return {};
                 })
                  .ok());
  ASSERT_FALSE(page.items.empty());
  const auto& e = page.items.front();
  EXPECT_EQ(e.action, "update");
  EXPECT_EQ(e.actor_name, "admin");
  EXPECT_EQ(e.client_address, "127.0.0.1");
  EXPECT_NE(e.before_json.find("环保专干"), std::string::npos);
  EXPECT_NE(e.after_json.find("网格员"), std::string::npos);
  EXPECT_EQ(e.before_json.find("argon2"), std::string::npos);
}

}  // namespace
}  // namespace lantian::app
