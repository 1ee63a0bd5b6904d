// The calendar kept in the database: seeding from the embedded arrangement,
// importing a year, editing days, the cached WorkCalendar, permissions and
// the audit trail.
#include "app/calendar_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "store/audit_repo.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::app {
namespace {

using namespace std::chrono;

Date d(const char* s) { return *parse_date(s); }

Actor with_roles(std::vector<std::string> roles) {
  Actor a;
  a.user_id = 1;
  a.username = a.name = "tester";
  a.roles = roles;
  a.grant = grant_for(roles);
  return a;
}

constexpr const char* k2027 =
    "date,kind,holiday,notice\n"
    "2027-01-01,off,元旦,国办发明电〔2026〕1号\n"
    "2027-02-06,work,春节,国办发明电〔2026〕1号\n"
    "2027-02-08,off,春节,国办发明电〔2026〕1号\n"
    "2027-02-09,off,春节,国办发明电〔2026〕1号\n";

class CalendarServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("lantian-cal-" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    db_ = store::open_sqlite((dir_ / "t.db").string()).value();
    ASSERT_TRUE(store::migrate(*db_).ok());
    cal_ = std::make_unique<CalendarService>(*db_, clock_);
  }
  void TearDown() override {
    cal_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }
  int64_t count(const std::string& sql) {
    int64_t n = -1;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto r, tx.query_one(sql, {}));
                     n = r->i64(0);
                     return {};
                   })
                    .ok());
    return n;
  }
  std::vector<AuditEntry> audit() {
    std::vector<AuditEntry> out;
    EXPECT_TRUE(db_->read([&](store::Tx& tx) -> Status {
                     LT_ASSIGN(auto page, store::audit::list(tx, {}, {.per_page = 200, .desc = true}));
                     out = page.items;
                     return {};
                   })
                    .ok());
    return out;
  }

  ManualClock clock_{*parse_time("2026-11-30T08:00:00+08:00")};
  std::filesystem::path dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<CalendarService> cal_;
  Actor admin_ = with_roles({"admin"});
};

TEST_F(CalendarServiceTest, SeedsTheShippedArrangementOnce) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  // Every line of the shipped file but the header is a day.
  std::ifstream f(LANTIAN_SOURCE_DIR "/resources/cn-holidays.csv");
  std::stringstream ss;
  ss << f.rdbuf();
  int64_t lines = 0;
  for (std::string l; std::getline(ss, l);)
    if (!l.empty()) ++lines;
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_days"), lines - 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_years"), 10);  // 2017..2026
  auto years = cal_->years(admin_);
  ASSERT_TRUE(years.ok());
  EXPECT_EQ(years->front().year, 2017);
  EXPECT_EQ(years->back().year, 2026);
  EXPECT_EQ(years->front().source, "shipped");
  // The same calendar as parsing the file itself.
  auto file = WorkCalendar::from_csv(ss.str());
  ASSERT_TRUE(file.ok());
  auto cal = cal_->current();
  for (Date x = d("2017-01-01"); x <= d("2026-12-31"); x += days(1))
    ASSERT_EQ(cal->is_working_day(x), file->is_working_day(x)) << format_date(x);
  EXPECT_TRUE(cal->is_working_day(d("2017-09-30")));  // make-up Saturday
  EXPECT_FALSE(cal->is_working_day(d("2017-10-02")));
  // A second seed (next start) changes nothing, even after an edit.
  ASSERT_TRUE(cal_->set_day(admin_, {"2026-12-31", "off", "测试", ""}).ok());
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_days"), lines);
  EXPECT_EQ(count("SELECT COUNT(*) FROM audit_log WHERE action = 'seed'"), 1);
}

TEST_F(CalendarServiceTest, ImportReplacesAYearAndCoversIt) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  EXPECT_FALSE(cal_->current()->covers(d("2027-03-01")));
  auto y = cal_->import_year(admin_, 2027, k2027);
  ASSERT_TRUE(y.ok()) << y.error().message;
  EXPECT_EQ(y->year, 2027);
  EXPECT_EQ(y->source, "import");
  ASSERT_EQ(y->days.size(), 4u);
  EXPECT_EQ(y->days[0].holiday, "元旦");
  EXPECT_EQ(y->days[0].notice, "国办发明电〔2026〕1号");
  // This instance sees its own change at once.
  auto cal = cal_->current();
  EXPECT_TRUE(cal->covers(d("2027-03-01")));
  EXPECT_TRUE(cal->is_working_day(d("2027-02-06")));  // a Saturday, made a working day
  EXPECT_FALSE(cal->is_working_day(d("2027-02-08")));
  // Importing again replaces the year: days not listed any more are gone,
  // other years are untouched.
  auto again = cal_->import_year(admin_, 2027, "date,kind,holiday,notice\r\n2027-01-01,off,元旦,\r\n");
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->days.size(), 1u);
  EXPECT_TRUE(cal_->current()->is_working_day(d("2027-02-08")));
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_days WHERE day < '2027-01-01'"),
            count("SELECT COUNT(*) FROM calendar_days") - 1);
  // A 2017 import replaces 2017 only.
  auto y2017 = cal_->import_year(admin_, 2017, "date,kind,holiday,notice\n2017-10-02,off,国庆节,x\n");
  ASSERT_TRUE(y2017.ok());
  EXPECT_TRUE(cal_->current()->is_working_day(d("2017-09-30")) == false);
  EXPECT_TRUE(cal_->current()->is_working_day(d("2018-02-11")));  // 2018's make-up Sunday kept
}

TEST_F(CalendarServiceTest, BadCsvNamesLineAndColumn) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  // Each error names its code and where it is (line and column as params,
  // and in the English message).
  struct Case {
    std::string csv;
    std::string code;
    std::string where;  // "line L, column C"
  };
  std::vector<Case> cases = {
      {"day,kind\n2027-01-01,off,元旦,\n", "csv_header", "line 1, column 1"},
      {"date,kind,holiday,notice\n2027-01-01,off,元旦,x\n2027-13-01,off,元旦,x\n", "not_a_date",
       "line 3, column 1"},
      {"date,kind,holiday,notice\n2027-01-01,holiday,元旦,x\n", "bad_day_kind", "line 2, column 12"},
      {"date,kind,holiday,notice\n2027-01-01,off\n", "csv_fields", "line 2, column 1"},
      {"date,kind,holiday,notice\n\n2028-01-01,off,元旦,x\n", "date_not_in_year", "line 3, column 1"},
      {"date,kind,holiday,notice\n2027-01-01,off,元旦,x\n2027-01-01,off,元旦,x\n", "duplicate_entry",
       "line 3, column 1"},
      {"date,kind,holiday,notice\n", "no_days_listed", "line 2, column 1"},
      {"date,kind,holiday,notice\n2027-01-01,off,元\x01旦,x\n", "control_characters", "line 2, column 16"},
  };
  for (const auto& c : cases) {
    auto r = cal_->import_year(admin_, 2027, c.csv);
    ASSERT_FALSE(r.ok()) << c.csv;
    ASSERT_EQ(r.error().kind, ErrorKind::invalid);
    ASSERT_EQ(r.error().fields.size(), 1u) << r.error().message;
    const auto& f = r.error().fields[0];
    EXPECT_EQ(f.field, "csv");
    EXPECT_EQ(f.code, c.code) << f.message;
    EXPECT_EQ(f.message.rfind(c.where + ": ", 0), 0u) << "got: " << f.message << "\nwant: " << c.where;
    std::string line, column;
    for (const auto& [k, v] : f.params) {
      if (k == "line") line = v;
      if (k == "column") column = v;
    }
    EXPECT_EQ("line " + line + ", column " + column, c.where) << f.message;
  }
  // Nothing was stored by the failed imports.
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_years WHERE year = 2027"), 0);
  // Excel's byte order mark is fine.
  EXPECT_TRUE(cal_->import_year(admin_, 2027, std::string("\xEF\xBB\xBF") + k2027).ok());
}

TEST_F(CalendarServiceTest, SetAndRemoveADay) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  // 2026-12-31 is a Thursday: made a day off (say, a pollution emergency).
  EXPECT_TRUE(cal_->current()->is_working_day(d("2026-12-31")));
  auto y = cal_->set_day(admin_, {"2026-12-31", "off", "重污染应急", ""});
  ASSERT_TRUE(y.ok()) << y.error().message;
  EXPECT_EQ(y->source, "edit");
  EXPECT_FALSE(cal_->current()->is_working_day(d("2026-12-31")));
  EXPECT_EQ(cal_->current()->holiday(d("2026-12-31")), "重污染应急");
  // Changed to a working day, then removed: back to the weekday rule.
  ASSERT_TRUE(cal_->set_day(admin_, {"2026-12-31", "work", "调休", ""}).ok());
  EXPECT_TRUE(cal_->current()->is_working_day(d("2026-12-31")));
  ASSERT_TRUE(cal_->set_day(admin_, {"2026-12-31", "", "", ""}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_days WHERE day = '2026-12-31'"), 0);
  EXPECT_EQ(cal_->set_day(admin_, {"2026-12-31", "", "", ""}).error().kind, ErrorKind::not_found);
  // Bad input.
  EXPECT_EQ(cal_->set_day(admin_, {"2026-02-30", "off", "", ""}).error().kind, ErrorKind::not_found);
  auto bad = cal_->set_day(admin_, {"2026-12-30", "holiday", "a,b", ""});
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields.size(), 2u);
  EXPECT_EQ(bad.error().fields[0].field, "kind");
  EXPECT_EQ(bad.error().fields[1].field, "holiday");
  // A year without an arrangement is imported, not made up day by day.
  auto uncovered = cal_->set_day(admin_, {"2030-01-01", "off", "元旦", ""});
  ASSERT_FALSE(uncovered.ok());
  EXPECT_EQ(uncovered.error().fields.at(0).field, "day");
  // Audited: create, update, delete of the day.
  std::vector<std::string> actions;
  for (const auto& e : audit())
    if (e.entity == "calendar_day") actions.push_back(e.action + " " + e.entity_id);
  EXPECT_EQ(actions,
            (std::vector<std::string>{"delete 2026-12-31", "update 2026-12-31", "create 2026-12-31"}));
}

TEST_F(CalendarServiceTest, OnlyCalendarWriteMayChangeIt) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  for (const char* role : {"campaign_office", "unit_leader", "unit_staff", "inspector", "viewer"}) {
    auto a = with_roles({role});
    EXPECT_TRUE(cal_->years(a).ok()) << role;  // everybody reads it (tasks.read)
    EXPECT_EQ(cal_->import_year(a, 2027, k2027).error().kind, ErrorKind::forbidden) << role;
    EXPECT_EQ(cal_->set_day(a, {"2026-12-31", "off", "", ""}).error().kind, ErrorKind::forbidden) << role;
  }
  EXPECT_EQ(cal_->years(with_roles({})).error().kind, ErrorKind::forbidden);
  EXPECT_EQ(count("SELECT COUNT(*) FROM calendar_years WHERE year = 2027"), 0);
}

TEST_F(CalendarServiceTest, ImportIsAuditedWithBeforeAndAfter) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  ASSERT_TRUE(cal_->import_year(admin_, 2026, "date,kind,holiday,notice\n2026-01-01,off,元旦,新通知\n").ok());
  auto entries = audit();
  ASSERT_FALSE(entries.empty());
  const auto& e = entries.front();
  EXPECT_EQ(e.action, "import");
  EXPECT_EQ(e.entity, "calendar_year");
  EXPECT_EQ(e.entity_id, "2026");
  EXPECT_EQ(e.actor_name, "tester");
  EXPECT_NE(e.before_json.find("2026-02-14"), std::string::npos);  // a 2026 day of the shipped arrangement
  EXPECT_NE(e.after_json.find("新通知"), std::string::npos);
}

TEST_F(CalendarServiceTest, SnapshotIsCachedForAMinuteThenReloaded) {
  ASSERT_TRUE(cal_->seed_if_empty().ok());
  auto first = cal_->current();
  EXPECT_EQ(cal_->current(), first);  // same snapshot
  // Another instance changes the database behind this one's back.
  CalendarService other(*db_, clock_);
  ASSERT_TRUE(other.set_day(admin_, {"2026-12-31", "off", "重污染应急", ""}).ok());
  clock_.advance(seconds(59));
  EXPECT_TRUE(cal_->current()->is_working_day(d("2026-12-31")));
  clock_.advance(seconds(2));
  EXPECT_FALSE(cal_->current()->is_working_day(d("2026-12-31")));
}

}  // namespace
}  // namespace lantian::app
