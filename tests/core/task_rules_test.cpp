// The task workflow table and the roll-up / allocation rules (pure).
#include "core/task_rules.h"

#include <gtest/gtest.h>

#include "core/task_workflow.h"
#include "core/work_areas.h"

namespace lantian {
namespace {

constexpr unsigned kOwner = unsigned(TaskParty::owner);
constexpr unsigned kLead = unsigned(TaskParty::lead);
constexpr unsigned kOffice = unsigned(TaskParty::office);

TransitionCheck at(std::string_view status, unsigned parties) {
  TransitionCheck c;
  c.status = status;
  c.parties = parties;
  c.has_report = true;
  return c;
}

TEST(TaskWorkflow, HappyPathAndWhoMayAct) {
  EXPECT_EQ(*check_transition("start", at("not_started", kOwner)), "in_progress");
  EXPECT_EQ(*check_transition("complete", at("in_progress", kOwner)), "completed");
  EXPECT_EQ(*check_transition("accept", at("completed", kLead)), "accepted");
  EXPECT_EQ(*check_transition("accept", at("completed", kOffice)), "accepted");
  // The owner cannot accept its own work; the lead unit cannot complete it.
  EXPECT_EQ(check_transition("accept", at("completed", kOwner)).error().kind, ErrorKind::forbidden);
  EXPECT_EQ(check_transition("complete", at("in_progress", kLead)).error().kind, ErrorKind::forbidden);
  // Reopening is the office's alone, and needs a reason.
  EXPECT_EQ(check_transition("reopen", at("accepted", kLead)).error().kind, ErrorKind::forbidden);
  auto no_note = check_transition("reopen", at("accepted", kOffice));
  ASSERT_FALSE(no_note.ok());
  EXPECT_EQ(no_note.error().fields.at(0).field, "note");
}

TEST(TaskWorkflow, GuardsOnStatusReportsAndSubtasks) {
  EXPECT_EQ(check_transition("accept", at("in_progress", kOffice)).error().kind, ErrorKind::conflict);
  auto c = at("in_progress", kOwner);
  c.has_report = false;
  EXPECT_EQ(check_transition("complete", c).error().kind, ErrorKind::conflict);
  c.has_report = true;
  c.children_done = false;
  EXPECT_EQ(check_transition("complete", c).error().kind, ErrorKind::conflict);
  EXPECT_EQ(check_transition("fly", c).error().kind, ErrorKind::invalid);
  auto ret = at("completed", kLead);
  ret.has_note = true;
  EXPECT_EQ(*check_transition("return", ret), "returned");
  EXPECT_EQ(*check_transition("resume", at("returned", kOwner)), "in_progress");
}

TEST(TaskWorkflow, AvailableActionsFollowTheTable) {
  auto acts = available_actions(at("completed", kLead | kOffice));
  EXPECT_EQ(acts, (std::vector<std::string>{"accept", "return"}));
  EXPECT_TRUE(available_actions(at("accepted", kOwner)).empty());
  EXPECT_EQ(status_after_report("not_started"), "in_progress");
  EXPECT_EQ(status_after_report("returned"), "in_progress");
  EXPECT_EQ(status_after_report("completed"), "completed");
}

TEST(TaskWorkflow, OverdueIsDerivedFromOpenStatusAndDeadline) {
  EXPECT_TRUE(is_overdue("in_progress", "2017-10-31", "2017-11-01"));
  EXPECT_FALSE(is_overdue("in_progress", "2017-10-31", "2017-10-31"));  // due today is not late yet
  EXPECT_TRUE(is_overdue("returned", "2017-10-31", "2017-11-01"));
  EXPECT_FALSE(is_overdue("completed", "2017-10-31", "2017-11-01"));
  EXPECT_FALSE(is_overdue("accepted", "2017-10-31", "2017-11-01"));
}

TEST(TaskRules, LeafAndParentRollUp) {
  ProgressInput leaf{"in_progress", 1200.0, "户", 600, std::nullopt, 1};
  EXPECT_DOUBLE_EQ(leaf_rollup(leaf).progress, 0.5);
  leaf.achieved_value = 1500;  // over-fulfilled: capped at 100 %
  EXPECT_DOUBLE_EQ(leaf_rollup(leaf).progress, 1.0);
  ProgressInput pct{"in_progress", std::nullopt, "", 0, 40.0, 1};
  EXPECT_DOUBLE_EQ(leaf_rollup(pct).progress, 0.4);
  ProgressInput done{"completed", 100.0, "户", 10, std::nullopt, 1};
  EXPECT_DOUBLE_EQ(leaf_rollup(done).progress, 1.0);

  ProgressInput parent{"in_progress", 2000.0, "户", 0, std::nullopt, 1};
  std::vector<ChildProgress> kids = {{3, 0.5, 600, "户"}, {1, 1.0, 800, "户"}, {1, 0.0, 5, "台"}};
  Rollup r = parent_rollup(parent, kids);
  EXPECT_DOUBLE_EQ(r.progress, (3 * 0.5 + 1.0) / 5);
  EXPECT_DOUBLE_EQ(r.achieved_value, 1400);  // 台 does not count in 户
}

TEST(TaskRules, AllocationMustFitAndWithExactMustAddUp) {
  std::vector<AllocationChild> kids = {{"南郊乡", 1200.0, "户"}, {"汪屯乡", 700.0, "户"}};
  EXPECT_TRUE(check_allocation(2000.0, "户", kids, false, "").ok());
  auto exact = check_allocation(2000.0, "户", kids, true, "subtasks");
  ASSERT_FALSE(exact.ok());
  EXPECT_EQ(exact.error().code, "sum_mismatch");
  EXPECT_NE(exact.error().message.find("1900"), std::string::npos);
  kids.push_back({"新城", 101.0, "户"});
  EXPECT_FALSE(check_allocation(2000.0, "户", kids, false, "").ok());
  // Decimal parts add up within rounding.
  std::vector<AllocationChild> thirds = {
      {"a", 333.3333333, "t"}, {"b", 333.3333333, "t"}, {"c", 333.3333334, "t"}};
  EXPECT_TRUE(check_allocation(1000.0, "t", thirds, true, "").ok());
  auto unit = check_allocation(2000.0, "户", {{"x", 5.0, "台"}}, false, "subtasks");
  ASSERT_FALSE(unit.ok());
  EXPECT_EQ(unit.error().fields.at(0).field, "subtasks[0].measure_unit");
  EXPECT_FALSE(check_allocation(std::nullopt, "", {{"x", 5.0, "户"}}, false, "").ok());
  EXPECT_EQ(format_quantity(2000), "2000");
  EXPECT_EQ(format_quantity(12.5), "12.5");
}

TEST(TaskRules, NextCodeIsOneAboveTheHighestSiblingNumber) {
  EXPECT_EQ(next_child_code("1", {}), "1.1");
  EXPECT_EQ(next_child_code("1", {"1.1", "1.2"}), "1.3");
  // Removing 1.2 leaves a gap but never reuses a number below the highest.
  EXPECT_EQ(next_child_code("1", {"1.1", "1.3"}), "1.4");
  // 1.10 after 1.9 (numbers, not text), other and odd codes do not count.
  EXPECT_EQ(next_child_code("2.3", {"2.3.9", "2.3.10", "甲", "", "2.3.x"}), "2.3.11");
  // The highest number counts even if a sibling was imported under another prefix.
  EXPECT_EQ(next_child_code("1", {"7"}), "1.8");
  EXPECT_EQ(next_child_code("", {"1", "2"}), "3");
  EXPECT_EQ(next_top_code({}), "1");
  EXPECT_EQ(next_top_code({"1", "2", "4"}), "5");
  EXPECT_EQ(next_top_code({"1.8", "1.9"}), "1.10");
  EXPECT_EQ(next_top_code({"一", "二"}), "1");
}

// The running form (a place's counter in task_code_counters) numbers as the
// sibling list does, and counts on without the siblings.
TEST(TaskRules, CodeCounterCountsOnLikeTheSiblingList) {
  CodeCounter c = code_counter_of({"1.8", "1.9", "甲"});
  EXPECT_EQ(c.last_number, 9);
  EXPECT_EQ(c.prefix, "1.");
  EXPECT_EQ(c.next_top(), "1.10");
  EXPECT_EQ(c.next_top(), "1.11");
  EXPECT_FALSE(c.note("1.5"));  // lower: no change
  EXPECT_FALSE(c.note("x"));
  EXPECT_TRUE(c.note("3.20"));  // a higher code typed in: its prefix goes on
  EXPECT_EQ(c.next_top(), "3.21");
  CodeCounter kids;
  EXPECT_EQ(kids.next_child("2"), "2.1");
  EXPECT_TRUE(kids.note("2.7"));
  EXPECT_EQ(kids.next_child("2"), "2.8");
  EXPECT_EQ(kids.next_child(""), "9");
  for (const auto& codes : std::vector<std::vector<std::string>>{
           {}, {"1", "2", "4"}, {"1.8", "1.9"}, {"一"}, {"2.3.9", "2.3.10", "", "2.3.x"}}) {
    EXPECT_EQ(code_counter_of(codes).next_top(), next_top_code(codes));
    EXPECT_EQ(code_counter_of(codes).next_child("5"), next_child_code("5", codes));
  }
}

TEST(TaskRules, PercentIsTruncatedNeverRoundedUpToComplete) {
  EXPECT_DOUBLE_EQ(percent_shown(1971.0 / 2000), 98.5);
  EXPECT_DOUBLE_EQ(percent_shown(0.9999), 99.9);
  EXPECT_DOUBLE_EQ(percent_shown(0.99999999), 99.9);
  EXPECT_DOUBLE_EQ(percent_shown(1.0), 100);
  EXPECT_DOUBLE_EQ(percent_shown(0.29), 29);
  EXPECT_DOUBLE_EQ(percent_shown(0.0004), 0);
  EXPECT_DOUBLE_EQ(percent_shown(-1), 0);
}

TEST(TaskRules, ParentStatusFollowsItsChildren) {
  EXPECT_EQ(rolled_up_status("not_started", {"not_started", "in_progress"}), "in_progress");
  EXPECT_EQ(rolled_up_status("not_started", {"completed"}), "in_progress");
  EXPECT_EQ(rolled_up_status("not_started", {"accepted", "not_started"}), "in_progress");
  EXPECT_EQ(rolled_up_status("not_started", {"not_started", "returned"}), std::nullopt);
  EXPECT_EQ(rolled_up_status("not_started", {}), std::nullopt);
  // Only a parent that has not started moves; nothing moves backwards or to done.
  EXPECT_EQ(rolled_up_status("in_progress", {"completed", "completed"}), std::nullopt);
  EXPECT_EQ(rolled_up_status("returned", {"in_progress"}), std::nullopt);

  EXPECT_TRUE(ready_for_acceptance("in_progress", 3, 0));
  EXPECT_TRUE(ready_for_acceptance("completed", 3, 0));
  EXPECT_FALSE(ready_for_acceptance("accepted", 3, 0));
  EXPECT_FALSE(ready_for_acceptance("in_progress", 3, 1));
  EXPECT_FALSE(ready_for_acceptance("completed", 0, 0));  // a leaf: its status says it
}

TEST(WorkAreas, TwelveKeyAreasPlusTheOtherWork) {
  int key = 0;
  for (const auto& a : work_area_catalogue()) key += a.key_area;
  EXPECT_EQ(key, 12);
  ASSERT_NE(find_work_area("clean_heating"), nullptr);
  EXPECT_NE(find_work_area("inspection_rectification"), nullptr);
  EXPECT_EQ(find_work_area("nope"), nullptr);
}

}  // namespace
}  // namespace lantian
