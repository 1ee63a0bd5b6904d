// The supervision problem loop's pure rules: the shipped rules file and its
// validation (numbers that could collide, unknown work areas, a ladder out
// of order), government-style numbers, look-back days by type and source,
// the escalation step for days overdue, deadlines (a date, N working days on
// the 调休 calendar, 立行立改) and the photo checks.
#include "core/problem_rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/calendar.h"
#include "core/problem.h"
#include "core/workflows.h"

namespace lantian {
namespace {

TEST(ProblemRules, TheShippedFileLoadsWithEverySourceNumberedApart) {
  auto r = parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_NE(r->source("district"), nullptr);
  ASSERT_NE(r->source("public"), nullptr);
  EXPECT_EQ(format_problem_number(*r->source("district"), 2017, 12), "禹攻坚督〔2017〕12号");
  EXPECT_EQ(r->duplicate_radius_m, 200);
  // Every type's work area exists (parse checks it) and "other" is there for the rest.
  EXPECT_NE(r->type("other"), nullptr);
}

TEST(ProblemRules, LookBackDaysComeFromTheTypeThenTheSourceThenTheTimer) {
  auto r = parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->lookback_days_for("district", "construction_dust", 30), 15);   // the type's
  EXPECT_EQ(r->lookback_days_for("ministry_patrol", "coal_boiler", 30), 60);  // the source's
  EXPECT_EQ(r->lookback_days_for("district", "coal_boiler", 30), 30);         // the timer's
}

TEST(ProblemRules, TheShippedLadderTellsTheUnitThenItsLeadersThenTheHandler) {
  auto r = parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->escalation.size(), 3u);
  EXPECT_EQ(r->escalation[0].notify, std::vector<std::string>{"unit"});
  EXPECT_EQ(r->escalation[0].notice, "problem_reminder");
  EXPECT_EQ(r->escalation[1].notify, std::vector<std::string>{"unit_leaders"});
  EXPECT_EQ(r->escalation[2].notify, std::vector<std::string>{"handler"});
  EXPECT_EQ(r->escalation[2].notice, "problem_interview");
}

TEST(ProblemRules, TheLadderTakesTheHighestStepReached) {
  auto r = parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->step_for(0), EscalationStep::none);
  EXPECT_EQ(r->step_for(1), EscalationStep::reminder);
  EXPECT_EQ(r->step_for(2), EscalationStep::reminder);
  EXPECT_EQ(r->step_for(3), EscalationStep::warning);
  EXPECT_EQ(r->step_for(7), EscalationStep::interview);
  EXPECT_EQ(r->step_for(400), EscalationStep::interview);
}

TEST(ProblemRules, BadFilesAreRefusedWithLineAndColumn) {
  const char* base = R"(
[[types]]
name = "other"
label = { zh-CN = "其他", en = "Other" }
work_area = "inspection_rectification"
)";
  auto refused = [&](const std::string& text, const std::string& what) {
    auto r = parse_problem_rules(text + base, "t.toml");
    EXPECT_FALSE(r.ok()) << what;
    if (!r.ok()) {
      EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    }
  };
  const char* src = R"(
[[sources]]
name = "a"
label = { zh-CN = "甲", en = "A" }
number = "甲〔{year}〕{seq}号"
)";
  ASSERT_TRUE(parse_problem_rules(std::string(src) + base, "t.toml").ok());
  refused(std::string(src) + R"(
[[sources]]
name = "b"
label = { zh-CN = "乙", en = "B" }
number = "甲〔{year}〕{seq}号"
)",
          "numbers would collide");
  refused(R"(
[[sources]]
name = "a"
label = { zh-CN = "甲", en = "A" }
number = "甲〔2017〕号"
)",
          "must contain {year} and {seq}");
  refused(std::string(src) + R"(
[[types]]
name = "x"
label = { zh-CN = "某", en = "X" }
work_area = "weather"
)",
          "unknown work area \"weather\"");
  refused(std::string(src) + R"(
[[escalation]]
days_overdue = 3
step = "warning"
notify = ["unit_leaders"]
notice = "problem_warning"
[[escalation]]
days_overdue = 1
step = "reminder"
notify = ["unit"]
notice = "problem_reminder"
)",
          "steps must go up");
  // Who hears of a rung is data, checked against the problem workflow's recipients.
  refused(std::string(src) + R"(
[[escalation]]
days_overdue = 1
step = "reminder"
notify = ["mayor"]
notice = "problem_reminder"
)",
          "unknown recipient \"mayor\"");
  refused(std::string(src) + R"(
[[escalation]]
days_overdue = 1
step = "reminder"
notice = "problem_reminder"
)",
          "\"notify\" names no one");
  refused(std::string(src) + R"(
[[escalation]]
days_overdue = 1
step = "reminder"
notify = ["unit"]
)",
          "missing \"notice\"");
  refused("lookback = 3\n" + std::string(src), "unknown key \"lookback\"");
  refused("lookback = 3\n" + std::string(src), "t.toml:1:");
  refused(std::string(src) + R"(
[[escalation]]
days_overdue = 1
step = "sms"
notify = ["unit"]
notice = "problem_reminder"
)",
          "unknown step \"sms\"");
}

TEST(ProblemDeadlines, ADateNWorkingDaysOrImmediately) {
  // 2017: 国庆/中秋 1–8 October off, Saturday 30 September worked (调休).
  WorkCalendar cal = *WorkCalendar::from_csv(
      "date,kind,holiday,notice\n2017-09-30,work,国庆节,\n2017-10-01,off,国庆节,\n2017-10-02,off,国庆节,\n"
      "2017-10-03,off,国庆节,\n2017-10-04,off,国庆节,\n2017-10-05,off,国庆节,\n2017-10-06,off,国庆节,\n"
      "2017-10-07,off,国庆节,\n2017-10-08,off,国庆节,\n");
  const Date fri = *parse_date("2017-09-29");
  ProblemDeadline d;
  d.kind = DeadlineKind::working_days;
  d.working_days = 2;
  // Saturday 30 September is a working day, then the holiday: Monday 9 October.
  EXPECT_EQ(format_date(*due_date(d, fri, cal)), "2017-10-09");
  d.working_days = 0;
  EXPECT_FALSE(due_date(d, fri, cal));
  d.working_days = 366;
  EXPECT_FALSE(due_date(d, fri, cal));
  d.kind = DeadlineKind::immediate;
  EXPECT_EQ(format_date(*due_date(d, fri, cal)), "2017-09-29");
  d.kind = DeadlineKind::date;
  d.date = parse_date("2017-09-28");
  EXPECT_FALSE(due_date(d, fri, cal));  // before assignment
  d.date = parse_date("2017-10-31");
  EXPECT_EQ(format_date(*due_date(d, fri, cal)), "2017-10-31");
  EXPECT_EQ(days_overdue("2017-10-31", *parse_date("2017-10-31")), 0);
  EXPECT_EQ(days_overdue("2017-10-31", *parse_date("2017-11-03")), 3);
  EXPECT_EQ(days_overdue("", *parse_date("2017-11-03")), 0);
}

TEST(ProblemPhotos, FarEarlyMissingExifAreFlagged) {
  const LngLat site{114.3478, 34.7921};
  EvidenceRecord e;
  e.taken_at = "2017-11-20T09:30:15";  // camera time, Beijing
  e.gps_lat = 34.7921;
  e.gps_lon = 114.3478 + 0.0060;                              // ~549 m east
  auto f = photo_flags(e, site, "2017-11-20T01:00:00.000Z");  // assigned 09:00 Beijing
  EXPECT_TRUE(f.far);
  EXPECT_NEAR(*f.distance_m, 549, 5);
  EXPECT_FALSE(f.before_assigned);
  EXPECT_FALSE(f.no_exif);
  e.gps_lon = 114.3478 + 0.0050;  // ~457 m: within 500 m
  EXPECT_FALSE(photo_flags(e, site, "").far);
  // Taken 09:30 Beijing, assigned 10:00 Beijing: earlier.
  EXPECT_TRUE(photo_flags(e, site, "2017-11-20T02:00:00.000Z").before_assigned);
  EvidenceRecord none;
  auto n = photo_flags(none, site, "2017-11-20T02:00:00.000Z");
  EXPECT_TRUE(n.no_exif);
  EXPECT_FALSE(n.far);
  EXPECT_TRUE(n.any());
  // A place but no site: no distance.
  EXPECT_FALSE(photo_flags(e, std::nullopt, "").distance_m);
}

TEST(ProblemWorkflow, TheShippedDefinitionLoadsAndOnlyTheOfficeClosesAndVerifierVerifies) {
  const WorkflowDef& wf = problem_workflow();
  EXPECT_EQ(wf.initial, "registered");
  for (const auto& t : wf.transitions) {
    if (t.to == "closed") {
      EXPECT_EQ(t.parties, unsigned(Party::verifier)) << t.name;
    }
    if (t.name == "assign" || t.name == "assign_verifier" || t.name == "approve_extension") {
      EXPECT_EQ(t.parties, unsigned(Party::office)) << t.name;
    }
  }
  ASSERT_EQ(wf.timers.size(), 1u);
  EXPECT_EQ(wf.timers[0].state, "closed");
  ActionCheck c;
  c.state = "assigned";
  c.parties = unsigned(Party::owner);
  EXPECT_EQ(available_actions(wf, c), (std::vector<std::string>{"accept", "return"}));
}

// The duplicate check's grid: a place is in the cell its box search seeks,
// and a 200 m box around a point in the district covers a handful of cells.
TEST(PlaceCell, APlaceIsInTheCellsOfAnyBoxAroundIt) {
  const LngLat site{114.347847, 34.792083};
  const int64_t cell = place_cell(site);
  EXPECT_EQ(cell, int64_t(std::floor((34.792083 + 90) / 0.002)) * 1000000 +
                      int64_t(std::floor((114.347847 + 180) / 0.002)));
  const double dlat = 200 / 111000.0 * 1.1, dlng = dlat / std::cos(site.lat * M_PI / 180);
  auto cells = place_cells({site.lng - dlng, site.lat - dlat}, {site.lng + dlng, site.lat + dlat});
  EXPECT_NE(std::find(cells.begin(), cells.end(), cell), cells.end());
  EXPECT_GE(cells.size(), 4u);
  EXPECT_LE(cells.size(), 16u);
  // A neighbour 150 m north-east is in one of them too (the search finds it).
  const LngLat near{site.lng + 0.001, site.lat + 0.001};
  EXPECT_NE(std::find(cells.begin(), cells.end(), place_cell(near)), cells.end());
  // Points on either side of a cell edge fall in adjacent cells.
  EXPECT_EQ(place_cell({114.0, 34.7999}) + 1000000, place_cell({114.0, 34.8001}));
  // An inverted box, or one too big to list, gives none (the store then searches the band).
  EXPECT_TRUE(place_cells({115, 35}, {114, 34}).empty());
  EXPECT_TRUE(place_cells({113, 34}, {115, 36}).empty());
}

}  // namespace
}  // namespace lantian
