// The working-day calendar on the real 2017–2026 arrangement
// (resources/cn-holidays.csv): 调休 weekends, National Day, uncovered years.
#include "core/calendar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>

namespace lantian {
namespace {

const WorkCalendar& calendar() {
  static const WorkCalendar cal = [] {
    std::ifstream in(std::string(LANTIAN_SOURCE_DIR) + "/resources/cn-holidays.csv");
    std::stringstream ss;
    ss << in.rdbuf();
    auto c = WorkCalendar::from_csv(ss.str());
    EXPECT_TRUE(c.ok()) << c.error().message;
    return c.ok() ? *c : WorkCalendar();
  }();
  return cal;
}

Date d(const char* s) { return *parse_date(s); }

TEST(Calendar, NationalDay2017AndItsMakeUpSaturday) {
  const auto& cal = calendar();
  EXPECT_TRUE(cal.is_working_day(d("2017-09-29")));  // Friday
  EXPECT_TRUE(cal.is_working_day(d("2017-09-30")));  // Saturday worked (调休)
  for (const char* day : {"2017-10-01", "2017-10-02", "2017-10-04", "2017-10-08"}) {
    EXPECT_FALSE(cal.is_working_day(d(day))) << day;
    EXPECT_EQ(cal.holiday(d(day)), "中秋节、国庆节");
  }
  EXPECT_TRUE(cal.is_working_day(d("2017-10-09")));  // Monday after
  // Assigned on Friday 09-29 with 2 working days: Sat 09-30 (worked), then Mon 10-09.
  EXPECT_EQ(format_date(cal.add_working_days(d("2017-09-29"), 2)), "2017-10-09");
  EXPECT_EQ(cal.working_days_between(d("2017-09-28"), d("2017-10-09")), 3);
}

TEST(Calendar, PlainWeekendsAndWeekdays) {
  const auto& cal = calendar();
  EXPECT_FALSE(cal.is_working_day(d("2017-11-18")));  // Saturday
  EXPECT_TRUE(cal.is_working_day(d("2017-11-20")));   // Monday
  EXPECT_EQ(format_date(cal.add_working_days(d("2017-11-17"), 1)), "2017-11-20");
  EXPECT_EQ(format_date(cal.add_working_days(d("2017-11-17"), 0)), "2017-11-17");
  EXPECT_EQ(cal.working_days_between(d("2017-11-20"), d("2017-11-20")), 0);
}

TEST(Calendar, UncoveredYearsFallBackToWeekdaysAndAreFlagged) {
  const auto& cal = calendar();
  EXPECT_TRUE(cal.covers(d("2026-10-01")));
  EXPECT_FALSE(cal.covers(d("2027-10-01")));
  EXPECT_TRUE(cal.is_working_day(d("2027-10-01")));  // a Friday: no arrangement known yet
}

TEST(Calendar, BadCsvNamesLineAndColumn) {
  auto bad =
      WorkCalendar::from_csv("date,kind,holiday,notice\n2017-10-01,off,国庆节,x\n2017-13-01,off,x,y\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("line 3, column 1"), std::string::npos) << bad.error().message;
  auto kind = WorkCalendar::from_csv("date,kind,holiday,notice\n2017-10-01,holiday,国庆节,x\n");
  ASSERT_FALSE(kind.ok());
  EXPECT_NE(kind.error().message.find("line 2, column 12"), std::string::npos) << kind.error().message;
  auto dup = WorkCalendar::from_csv("date,kind,holiday,notice\n2017-10-01,off,a,x\n2017-10-01,off,a,x\n");
  ASSERT_FALSE(dup.ok());
  EXPECT_FALSE(WorkCalendar::from_csv("nonsense\n").ok());
  EXPECT_FALSE(parse_date("2017-02-29"));
  EXPECT_TRUE(parse_date("2016-02-29"));
}

}  // namespace
}  // namespace lantian

namespace lantian {
namespace {

// working_days_between counts by arithmetic plus the listed days; it must
// agree with walking day by day, over spans from a day to a decade.
TEST(Calendar, WorkingDaysBetweenMatchesADayByDayWalk) {
  const WorkCalendar& c = calendar();
  std::mt19937 rng(20171001);
  Date base = *parse_date("2016-06-01");
  for (int i = 0; i < 2000; ++i) {
    Date from = base + std::chrono::days(int(rng() % 3800));
    Date to = from + std::chrono::days(int(rng() % (i % 10 == 0 ? 3700 : 60)));
    int walk = 0;
    for (Date x = from + std::chrono::days(1); x <= to; x += std::chrono::days(1))
      walk += c.is_working_day(x);
    ASSERT_EQ(c.working_days_between(from, to), walk) << format_date(from) << " .. " << format_date(to);
  }
  EXPECT_EQ(c.working_days_between(*parse_date("2017-10-09"), *parse_date("2017-09-29")), 0);
}

}  // namespace
}  // namespace lantian
