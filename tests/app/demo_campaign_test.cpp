// The demo campaign (app/demo_campaign.h) seeded into a temp SQLite database
// the way `lantian init --demo` does it: every work area has work, quantities
// add up down the tree, the morning of 2017-12-20 shows late, accepted and
// returned tasks, and the audit chain over all of it verifies. Then the
// demo's enterprise registry (app/demo_enterprises.h), as init does next.
#include "app/demo_campaign.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "app/account_service.h"
#include "app/calendar_service.h"
#include "app/campaign_service.h"
#include "app/demo_data.h"
#include "app/demo_enterprises.h"
#include "app/demo_ledgers.h"
#include "app/enterprise_service.h"
#include "app/org_service.h"
#include "app/report_request_service.h"
#include "app/task_service.h"
#include "core/credit_code.h"
#include "core/crypto.h"
#include "core/work_areas.h"
#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/users_repo.h"

namespace lantian::app {
namespace {

class DemoCampaignTest : public ::testing::Test {
 protected:
  // Seeded once for the suite: the tests only read.
  static void SetUpTestSuite() {
    ASSERT_TRUE(crypto_init());
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("lantian-demo-" + std::to_string(std::random_device{}())));
    std::filesystem::create_directories(*dir_);
    db_ = store::open_sqlite((*dir_ / "demo.db").string()).value().release();
    ASSERT_TRUE(store::migrate(*db_).ok());
    ManualClock init_clock(*parse_time("2017-09-29T09:00:00+08:00"));
    AuthConfig cfg;
    cfg.fast_password_hash = true;
    OrgService org(*db_, init_clock);
    AccountService accounts(*db_, init_clock, cfg);
    auto logins = seed_demo(org, accounts, "Adm1n!pass2026");
    ASSERT_TRUE(logins.ok()) << logins.error().message;
    // The shipped holiday arrangement, as `lantian init` loads it.
    CalendarService calendar(*db_, init_clock);
    ASSERT_TRUE(calendar.seed_if_empty().ok());
    auto t0 = std::chrono::steady_clock::now();
    auto r = seed_demo_campaign(*db_, [&calendar] { return calendar.current(); });
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    ASSERT_TRUE(r.ok()) << r.error().message;
    summary_ = new DemoCampaignSummary(*r);
    auto store = store::database_evidence_store(*db_);
    auto l = seed_demo_ledgers(*db_, *store, r->campaign_id, [&calendar] { return calendar.current(); });
    ASSERT_TRUE(l.ok()) << l.error().message;
    ledgers_ = new DemoLedgerSummary(*l);
    auto e = seed_demo_enterprises(*db_);
    ASSERT_TRUE(e.ok()) << e.error().message;
    enterprises_ = new DemoEnterprisesSummary(*e);
  }
  static void TearDownTestSuite() {
    delete summary_;
    delete ledgers_;
    delete enterprises_;
    delete db_;
    if (dir_) std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  void SetUp() override { ASSERT_NE(enterprises_, nullptr) << "seeding failed"; }

  Actor office() {
    std::optional<User> u;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(u, store::users::get_by_username(tx, "office"));
                     return {};
                   })
                    .ok());
    return actor_for(*u, 0, "test");
  }
  // Every task of the campaign, as of the demo's morning.
  std::vector<TaskDetail> all_tasks() {
    TaskService tasks(*db_, clock_, {});
    std::vector<TaskDetail> out;
    store::tasks::Filter f;
    f.campaign_id = summary_->campaign_id;
    for (int64_t p = 1;; ++p) {
      store::Page page;
      page.page = p;
      page.per_page = 200;
      page.sort = "path";
      auto r = tasks.list(office(), f, page);
      EXPECT_TRUE(r.ok());
      if (!r.ok() || r->items.empty()) break;
      for (auto& d : r->items) out.push_back(std::move(d));
    }
    return out;
  }

  ManualClock clock_{*parse_time(kDemoAsOf)};
  static inline std::filesystem::path* dir_ = nullptr;
  static inline store::Database* db_ = nullptr;
  static inline DemoCampaignSummary* summary_ = nullptr;
  static inline DemoLedgerSummary* ledgers_ = nullptr;
  static inline DemoEnterprisesSummary* enterprises_ = nullptr;
  static inline double seconds_ = 0;
};

// The demo's ledgers went through the services: rows in several states,
// photos filed, inspections made, and the township's 双替代 task counting the
// accepted households (its report names them).
TEST_F(DemoCampaignTest, LedgersMoveThroughTheirWorkflowsAndCountForATask) {
  ASSERT_NE(ledgers_, nullptr);
  EXPECT_GE(ledgers_->rows, 15);
  EXPECT_GE(ledgers_->moves, 15);
  EXPECT_EQ(ledgers_->inspections, 2);
  EXPECT_EQ(ledgers_->counted_tasks, 1);
  std::map<std::string, int64_t> states;
  int64_t counted = -1, files = 0;
  std::string narrative;
  ASSERT_TRUE(
      db_->read([&](store::Tx& tx) -> Status {
           LT_ASSIGN(auto rows, tx.query("SELECT ledger_type || '/' || status, COUNT(*) FROM ledger_rows "
                                         "GROUP BY 1"));
           for (auto& r : rows.rows) states[r.str(0)] = r.i64(1);
           LT_ASSIGN(auto t, tx.query_one("SELECT t.achieved_value FROM tasks t JOIN task_ledger_counts c "
                                          "ON c.task_id = t.id",
                                          {}));
           if (t) counted = int64_t(t->f64(0));
           LT_ASSIGN(auto f, tx.query_one("SELECT COUNT(*) FROM record_files", {}));
           files = f->i64(0);
           LT_ASSIGN(auto n,
                     tx.query_one("SELECT p.narrative FROM progress_reports p JOIN task_ledger_counts "
                                  "c ON c.task_id = p.task_id ORDER BY p.id DESC LIMIT 1",
                                  {}));
           if (n) narrative = n->str(0);
           return {};
         })
          .ok());
  EXPECT_EQ(states["coal_boilers/verified"], 3);
  EXPECT_EQ(states["clean_heating_households/accepted"], 3);
  // The emergency reduction list: six sources on it, one plan under review.
  EXPECT_EQ(states["emergency_reduction_list/listed"], 6);
  EXPECT_EQ(states["emergency_reduction_list/submitted"], 1);
  EXPECT_EQ(counted, 3);
  int64_t located = 0;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(auto r,
                             tx.query_one("SELECT COUNT(*) FROM ledger_rows WHERE lng IS NOT NULL", {}));
                   located = r->i64(0);
                   return {};
                 })
                  .ok());
  EXPECT_GE(located, 5);  // the other townships' rows are on the map
  EXPECT_GT(files, 20);
  EXPECT_NE(narrative.find("台账计数"), std::string::npos) << narrative;
}

TEST_F(DemoCampaignTest, SeedsQuickly) {
  std::printf("[ demo     ] campaign seeded in %.2f s: %lld tasks, %lld reports\n", seconds_,
              (long long)summary_->tasks, (long long)summary_->reports);
  // Generous bound: the target is < 3 s for all of `init --demo` on a quiet
  // machine; a shared CI box can be several times slower.
  EXPECT_LT(seconds_, 15.0);
}

TEST_F(DemoCampaignTest, EveryWorkAreaHasALeadAndTasks) {
  CampaignService campaigns(*db_, clock_);
  auto ov = campaigns.overview(office(), summary_->campaign_id);
  ASSERT_TRUE(ov.ok()) << ov.error().message;
  EXPECT_EQ(ov->campaign.status, "active");
  EXPECT_EQ(ov->campaign.start_date, "2017-10-01");
  EXPECT_EQ(ov->campaign.end_date, "2018-03-31");
  EXPECT_EQ(ov->campaign.jurisdiction_unit_name, "禹王台区人民政府");
  EXPECT_EQ(ov->campaign.office_unit_name, "区大气污染防治攻坚办公室");
  bool has_110 = false, has_115 = false;
  for (const auto& d : ov->campaign.documents) {
    has_110 |= d.number == "环大气〔2017〕110号";
    has_115 |= d.number == "环督察〔2017〕115号";
  }
  EXPECT_TRUE(has_110 && has_115);
  int key_areas = 0;
  for (const auto& a : ov->areas) {
    const WorkAreaDef* def = find_work_area(a.area.code);
    ASSERT_NE(def, nullptr) << a.area.code;
    key_areas += def->key_area;
    EXPECT_TRUE(a.area.lead_unit_id.has_value()) << a.area.code;
    EXPECT_FALSE(a.area.leader.name.empty()) << a.area.code;
    EXPECT_GT(a.stats.tasks, 0) << a.area.code << " has no tasks";
  }
  EXPECT_EQ(key_areas, 12);
  EXPECT_EQ(ov->areas.size(), work_area_catalogue().size());
}

TEST_F(DemoCampaignTest, ChildrenTargetsAddUpToTheirParents) {
  auto tasks = all_tasks();
  ASSERT_EQ(int64_t(tasks.size()), summary_->tasks);
  std::map<int64_t, const Task*> by_id;
  std::map<int64_t, std::vector<const Task*>> kids;
  for (const auto& d : tasks) {
    by_id[d.task.id] = &d.task;
    if (d.task.parent_id) kids[*d.task.parent_id].push_back(&d.task);
  }
  int checked = 0;
  int depth3 = 0;
  for (const auto& [parent_id, children] : kids) {
    const Task& p = *by_id.at(parent_id);
    EXPECT_EQ(p.child_count, int(children.size())) << p.title;
    for (const Task* c : children) {
      EXPECT_LE(c->deadline, p.deadline) << c->title;
      depth3 += c->depth >= 2;
    }
    if (!p.target_value) continue;
    double sum = 0;
    for (const Task* c : children) {
      ASSERT_TRUE(c->target_value) << c->title;
      EXPECT_EQ(c->measure_unit, p.measure_unit) << c->title;
      sum += *c->target_value;
    }
    EXPECT_DOUBLE_EQ(sum, *p.target_value) << p.title;
    checked++;
  }
  EXPECT_GE(checked, 12);
  EXPECT_GE(depth3, 6);  // 南郊乡 and 汪屯乡 split again to their villages
  // The 2,000 双替代 households, split among the townships and street offices.
  bool found = false;
  for (const auto& d : tasks)
    if (!d.task.parent_id && d.task.measure_unit == "户") {
      found = true;
      EXPECT_EQ(*d.task.target_value, 2000);
      EXPECT_EQ(kids[d.task.id].size(), 7u);
    }
  EXPECT_TRUE(found);
}

TEST_F(DemoCampaignTest, AsOfTheDemoMorningSomeWorkIsLateSomeAccepted) {
  auto tasks = all_tasks();
  std::map<std::string, int> by_status;
  int overdue = 0;
  for (const auto& d : tasks) {
    by_status[d.task.status]++;
    overdue += d.facts.overdue;
    if (d.facts.overdue) {
      EXPECT_LT(d.task.deadline, "2017-12-20") << d.task.title;
    }
  }
  EXPECT_EQ(overdue, summary_->overdue);
  EXPECT_GE(overdue, 5);
  EXPECT_GE(by_status["accepted"], 20);
  EXPECT_EQ(by_status["accepted"], summary_->accepted);
  EXPECT_GE(by_status["completed"], 1);  // reported done, awaiting acceptance
  EXPECT_EQ(by_status["returned"], 1);
  EXPECT_GE(by_status["in_progress"], 5);
  EXPECT_GE(by_status["not_started"], 1);
  // 范村's clean-heating conversion: late, 371 of 400 households.
  bool fancun = false;
  for (const auto& d : tasks)
    if (d.task.owner_unit_name == "范村" && d.task.measure_unit == "户") {
      fancun = true;
      EXPECT_TRUE(d.facts.overdue);
      EXPECT_EQ(d.task.achieved_value, 371);
      EXPECT_EQ(d.task.status, "in_progress");
    }
  EXPECT_TRUE(fancun);
}

TEST_F(DemoCampaignTest, WorkingDayDeadlinesSkipTheNationalDayWeek) {
  int counted = 0;
  for (const auto& d : all_tasks()) {
    if (!d.task.deadline_working_days) continue;
    counted++;
    EXPECT_FALSE(d.task.deadline_unverified) << d.task.title;
    // Assigned 2017-09-30 (a make-up working day) and 2017-11-20.
    if (*d.task.deadline_working_days == 20) {
      EXPECT_EQ(d.task.deadline, "2017-11-03") << d.task.title;
    }
    if (*d.task.deadline_working_days == 10) {
      EXPECT_EQ(d.task.deadline, "2017-12-04") << d.task.title;
    }
  }
  EXPECT_GE(counted, 8);
}

TEST_F(DemoCampaignTest, ReportRequestsAndReports) {
  TaskService tasks(*db_, clock_, {});
  ReportRequestService requests(*db_, clock_, tasks);
  store::Page page;
  page.per_page = 200;
  auto reqs = requests.list(office(), {}, page);
  ASSERT_TRUE(reqs.ok());
  EXPECT_EQ(reqs->total, 4);
  int open = 0;
  for (const auto& r : reqs->items) open += r.fulfilled_at.empty();
  EXPECT_EQ(open, 3);
  EXPECT_EQ(open, summary_->open_report_requests);
  EXPECT_GE(summary_->reports, 100);
}

TEST_F(DemoCampaignTest, AuditChainIsIntact) {
  store::audit::VerifyReport rep;
  ASSERT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                   LT_ASSIGN(rep, store::audit::verify(tx));
                   return {};
                 })
                  .ok());
  EXPECT_TRUE(rep.ok) << rep.reason << " at #" << rep.first_bad_id;
  EXPECT_GT(rep.checked, summary_->tasks + summary_->reports);
}

// Valid credit codes, points stored as WGS-84, one of ours banned, and exactly
// one suspected relocation: 龙亭区's banned plastics workshop, re-registered in
// 汪屯乡 with its old phone number.
TEST_F(DemoCampaignTest, TheRegistryHasOneSuspectedRelocation) {
  EXPECT_EQ(enterprises_->enterprises, 6);
  EXPECT_EQ(enterprises_->banned, 3);
  EXPECT_EQ(enterprises_->open_alerts, 1);
  EnterpriseService service(*db_, clock_);
  store::Page page;
  page.per_page = 50;
  auto list = service.list(office(), {}, page);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->total, 6);
  for (const auto& e : list->items) {
    EXPECT_TRUE(e.credit_code.empty() || !check_credit_code(e.credit_code)) << e.name;
    ASSERT_TRUE(e.location) << e.name;
    EXPECT_GT(e.location->lng, 114.33);  // 禹王台区, as WGS-84
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

TEST_F(DemoCampaignTest, ExtraDemoUsersCanLogIn) {
  ASSERT_EQ(summary_->logins.size(), 14u);
  AuthConfig cfg;
  cfg.fast_password_hash = true;
  AccountService accounts(*db_, clock_, cfg);
  for (const auto& l : summary_->logins) {
    auto r = accounts.login(l.username, l.password, "127.0.0.1");
    EXPECT_TRUE(r.ok()) << l.username << ": " << (r.ok() ? "" : r.error().message);
  }
}

}  // namespace
}  // namespace lantian::app
