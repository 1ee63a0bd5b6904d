// The pure part of a plan import (io/plan_sheet.h) on sheets built in memory:
// header detection, suggested mapping, dates, the 序号 hierarchy, merged
// cells and the split of targets.
#include "io/plan_sheet.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace lantian::io::plan {
namespace {

Cell text(const std::string& s) {
  Cell c;
  c.type = Cell::Type::string;
  c.text = s;
  return c;
}
Cell number(double v, bool date = false) {
  Cell c;
  c.type = Cell::Type::number;
  c.number = v;
  c.is_date = date;
  c.num_fmt_id = date ? 14 : 0;
  return c;
}

// rows[r][c]: "" = empty; "#43039" = a date-formatted serial; "=12.5" = a number.
Sheet sheet(const std::vector<std::vector<std::string>>& rows, std::vector<MergedRange> merged = {}) {
  std::vector<Sheet::Entry> cells;
  for (size_t r = 0; r < rows.size(); ++r)
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const auto& v = rows[r][c];
      if (v.empty()) continue;
      Cell cell = v[0] == '#'   ? number(std::stod(v.substr(1)), true)
                  : v[0] == '=' ? number(std::stod(v.substr(1)))
                                : text(v);
      cells.push_back({int(r), int(c), cell});
    }
  Sheet s;
  s.name = "计划";
  s.set_cells(std::move(cells));
  s.merged = std::move(merged);
  return s;
}

std::set<std::string> where(const ParsedPlan& p) {
  std::set<std::string> out;
  for (const auto& e : p.errors)
    out.insert(std::to_string(e.row + 1) + column_letters(e.col) + ":" + e.field);
  return out;
}

TEST(PlanSheet, TextDates) {
  EXPECT_EQ(parse_text_date("2017-10-31"), "2017-10-31");
  EXPECT_EQ(parse_text_date("2017/1/5"), "2017-01-05");
  EXPECT_EQ(parse_text_date("2017.10.31"), "2017-10-31");
  EXPECT_EQ(parse_text_date("2017年10月31日"), "2017-10-31");
  EXPECT_EQ(parse_text_date("2018年2月28号"), "2018-02-28");
  for (const char* bad : {"2018年2月30日", "2017-13-01", "17-10-31", "2017-10", "10月底", "2017-10-31 前", "",
                          "2017-010-31", "２０１７-10-31"})
    EXPECT_EQ(parse_text_date(bad), std::nullopt) << bad;
  EXPECT_EQ(*cell_date(number(43039, true)), "2017-10-31");
  EXPECT_FALSE(cell_date(number(43039)).ok()) << "a plain number is not a date";
  EXPECT_NE(cell_date(number(43039)).error().message.find("format the cell as a date"), std::string::npos);
}

TEST(PlanSheet, HeaderRowSkipsABannerAndMappingFollowsTheHeaders) {
  auto s = sheet({{"禹王台区攻坚任务分解表"},
                  {},
                  {"序 号", "*工作任务", "责任单位", "单位", "完成时限\n（年月日）", "计量单位", "备注"}});
  ASSERT_EQ(header_row(s), 2);
  auto m = suggest_mapping(header_texts(s, 2));
  EXPECT_EQ(m, (Mapping{{"code", 0},
                        {"title", 1},
                        {"owner_unit", 2},
                        {"deadline", 4},
                        {"measure_unit", 5},
                        {"description", 6}}))
      << "计量单位 is preferred to 单位";
  EXPECT_EQ(header_row(sheet({{"只有一个"}})), 0);
  EXPECT_EQ(header_row(sheet({})), std::nullopt);
}

TEST(PlanSheet, MappingIsChecked) {
  EXPECT_TRUE(check_mapping({{"title", 0}, {"owner_unit", 1}, {"deadline", 2}}, 3).ok());
  auto st = check_mapping({{"title", 0}, {"owner_unit", 0}, {"colour", 1}, {"deadline", 9}}, 3);
  ASSERT_FALSE(st.ok());
  std::set<std::string> fields;
  for (const auto& f : st.error().fields) fields.insert(f.field);
  // Keys are checked in order, so "title" is the one found on column A twice.
  EXPECT_EQ(fields, (std::set<std::string>{"mapping.title", "mapping.colour", "mapping.deadline"}));
}

const Mapping kMap = {{"code", 0},     {"title", 1},        {"owner_unit", 2},
                      {"deadline", 3}, {"target_value", 4}, {"measure_unit", 5}};

TEST(PlanSheet, HierarchyTargetsAndRowErrors) {
  auto s = sheet({
      {"序号", "工作任务", "责任单位", "完成时限", "目标值", "计量单位"},
      {"1", "双替代", "区环保局", "#43131", "=2000", "户"},  // row 2
      {"1.1", "南郊乡", "南郊乡", "2018/1/31", "=1200"},     // unit from the parent
      {"1.2", "汪屯乡", "汪屯乡", "2018-01-31", "800", "户"},
      {},
      {"2", "锅炉", "区环保局", "=43131"},                    // row 6: a number, not a date
      {"2.1", "", "南郊乡", "2018-01-31", "-5"},              // no title, negative target
      {"3.1", "孤儿", "南郊乡", "2018-01-31"},                // no row 3 above: a root
      {"1", "重号", "南郊乡", "2018-01-31"},                  // 序号 1 again
      {"4", "错分", "区环保局", "2018-01-31", "=100", "户"},  // row 10: 60 + 30
      {"4.1", "a", "南郊乡", "2018-01-31", "=60", "户"},
      {"4.2", "b", "汪屯乡", "2018-01-31", "=30", "台"},  // another unit of measure
      {"5.x", "坏序号", "南郊乡", "2018-01-31"},
  });
  auto p = parse_plan(s, kMap);
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(p->header_row, 0);
  EXPECT_EQ(p->rows.size(), 11u);
  EXPECT_EQ(p->empty_rows, 1);
  EXPECT_EQ(p->rows[1].measure_unit, "户");
  EXPECT_EQ(p->rows[1].deadline, "2018-01-31");
  EXPECT_EQ(p->rows[0].deadline, "2018-01-31");
  EXPECT_EQ(p->rows[2].target_value, 800);
  EXPECT_EQ(p->rows[1].parent, 0u);
  EXPECT_EQ(p->rows[0].children, (std::vector<size_t>{1, 2}));
  EXPECT_FALSE(p->rows[0].has_errors);
  EXPECT_FALSE(p->rows[6].parent) << "3.1 without a 3 above it is a root";
  EXPECT_EQ(where(*p), (std::set<std::string>{"6D:deadline", "7B:title", "7E:target_value", "9A:code",
                                              "12F:measure_unit", "13A:code"}))
      << "4's sum is not checked while a child's unit is wrong";
  // With the unit fixed, the sum is: 90 of 100.
  auto s2 = sheet({{"序号", "工作任务", "责任单位", "完成时限", "目标值", "计量单位"},
                   {"4", "错分", "区环保局", "2018-01-31", "=100", "户"},
                   {"4.1", "a", "南郊乡", "2018-01-31", "=60", "户"},
                   {"4.2", "b", "汪屯乡", "2018-01-31", "=30", "户"}});
  auto p2 = parse_plan(s2, kMap);
  ASSERT_TRUE(p2.ok());
  EXPECT_EQ(where(*p2), (std::set<std::string>{"2E:target_value"}));
  EXPECT_NE(p2->errors[0].message.find("90"), std::string::npos) << p2->errors[0].message;
}

TEST(PlanSheet, RootsNumberedLikeSubtasks) {
  const Mapping m = {{"code", 0}, {"title", 1}, {"owner_unit", 2}, {"deadline", 3}};
  // "1.8" with no "1" row: a root (it used to be an error "no row 1").
  auto alone = parse_plan(sheet({{"序号", "工作任务", "责任单位", "完成时限"},
                                 {"1.8", "扬尘治理", "南郊乡", "2018-01-31"},
                                 {"1.9", "秸秆禁烧", "南郊乡", "2018-01-31"}}),
                          m);
  ASSERT_TRUE(alone.ok());
  EXPECT_TRUE(alone->errors.empty());
  EXPECT_FALSE(alone->rows[0].parent);
  EXPECT_FALSE(alone->rows[1].parent);
  // "1" below "1.8": the prefix row must come first, so 1.8 stays a root.
  auto after = parse_plan(sheet({{"序号", "工作任务", "责任单位", "完成时限"},
                                 {"1.8", "扬尘治理", "南郊乡", "2018-01-31"},
                                 {"1", "双替代", "南郊乡", "2018-01-31"}}),
                          m);
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->rows[0].parent);
  EXPECT_TRUE(after->rows[1].children.empty());
  // "1" above "1.8", no keys: read as a task and its subtask. Without keys
  // the 序号 is the only sign of the hierarchy, and a plan written by hand
  // lists a subtask under its parent exactly like this; a ledger exported
  // by Lantian carries keys, which decide instead (below).
  auto plain = parse_plan(sheet({{"序号", "工作任务", "责任单位", "完成时限"},
                                 {"1", "双替代", "南郊乡", "2018-01-31"},
                                 {"1.8", "扬尘治理", "南郊乡", "2018-01-31"}}),
                          m);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->rows[1].parent, 0u);
  // With keys (an exported ledger): task 7 has no parent key, so it is a
  // root whatever its 序号; task 9 names task 5 as its parent; a new row
  // (no task key) under key 5's 序号 hangs under it; a new row naming
  // parent 7 by key hangs under 7.
  const Mapping k = {{"code", 0},    {"title", 1},          {"owner_unit", 2}, {"deadline", 3},
                     {"task_id", 4}, {"parent_task_id", 5}, {"version", 6}};
  auto keyed = parse_plan(sheet({{"序号", "工作任务", "责任单位", "完成时限", "任务ID（请勿修改）",
                                  "上级任务ID（请勿修改）", "版本（请勿修改）"},
                                 {"1", "双替代", "南郊乡", "2018-01-31", "=5", "", "=3"},
                                 {"1.8", "扬尘治理", "南郊乡", "2018-01-31", "=7", "", "=1"},
                                 {"1.1", "南郊村", "南郊乡", "2018-01-31", "=9", "=5", "=2"},
                                 {"1.2", "新任务", "南郊乡", "2018-01-31"},
                                 {"", "新子任务", "南郊乡", "2018-01-31", "", "=7"},
                                 {"", "坏键", "南郊乡", "2018-01-31", "x1", "", "=0"}}),
                          k);
  ASSERT_TRUE(keyed.ok());
  const auto& r = keyed->rows;
  EXPECT_EQ(r[0].task_id, 5);
  EXPECT_EQ(r[0].version, 3);
  EXPECT_FALSE(r[1].parent) << "1.8 with a key and no parent key is a root";
  EXPECT_EQ(r[2].parent, 0u);
  EXPECT_EQ(r[2].parent_task_id, 5);
  EXPECT_EQ(r[3].parent, 0u) << "a new row: 序号 1.2 under the row 1 above it";
  EXPECT_EQ(r[4].parent, 1u);
  EXPECT_EQ(where(*keyed), (std::set<std::string>{"7E:task_id", "7G:version"}));
  for (const auto& e : keyed->errors) EXPECT_EQ(e.code, "not_an_integer");
}

TEST(PlanSheet, RowErrorsCarryCodes) {
  auto p = parse_plan(sheet({{"序号", "工作任务", "责任单位", "完成时限", "目标值", "计量单位"},
                             {"1", "", "", "明天", "=-1"},
                             {"x", "a", "南郊乡", "#43131"},
                             {"2", "b", "南郊乡", "#43131", "=100", "户"},
                             {"2.1", "c", "南郊乡", "#43131", "=60", "户"},
                             {"2", "d", "南郊乡", "#43131"}}),
                      kMap);
  ASSERT_TRUE(p.ok());
  std::map<std::string, std::string> codes;
  for (const auto& e : p->errors) codes[std::to_string(e.row + 1) + ":" + e.field] = e.code;
  EXPECT_EQ(codes, (std::map<std::string, std::string>{{"2:title", "required"},
                                                       {"2:owner_unit", "required"},
                                                       {"2:deadline", "not_a_date"},
                                                       {"2:target_value", "not_negative"},
                                                       {"3:code", "bad_plan_code"},
                                                       {"4:target_value", "sum_mismatch"},
                                                       {"6:code", "duplicate_plan_code"}}));
  for (const auto& e : p->errors) {
    EXPECT_FALSE(e.message.empty());
    if (e.code == "sum_mismatch") {
      EXPECT_EQ(e.params, (Params{{"expected", "100 户"}, {"actual", "60 户"}}));
    }
    if (e.code == "duplicate_plan_code") {
      EXPECT_EQ(e.params, (Params{{"code", "2"}, {"other_row", "4"}}));
    }
  }
}

TEST(PlanSheet, MergedCells) {
  // 责任单位 C2:C4 and 完成时限 D2:D3 fill down; 工作任务 B5:B6 is an error on
  // row 6; a merge starting in the header row fills nothing.
  auto s = sheet({{"序号", "工作任务", "责任单位", "完成时限"},
                  {"1", "甲", "南郊乡", "2018-01-31"},
                  {"2", "乙", "", ""},
                  {"3", "丙", "", "2018-02-28"},
                  {"4", "丁", "汪屯乡", "2018-02-28"},
                  {"5", "", "汪屯乡", "2018-02-28"},
                  {"", "", "", ""}},
                 {{1, 2, 3, 2}, {1, 3, 2, 3}, {4, 1, 5, 1}, {0, 0, 6, 0}});
  auto p = parse_plan(s, {{"code", 0}, {"title", 1}, {"owner_unit", 2}, {"deadline", 3}});
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->rows.size(), 5u);
  EXPECT_EQ(p->rows[1].owner_unit, "南郊乡");
  EXPECT_EQ(p->rows[2].owner_unit, "南郊乡");
  EXPECT_EQ(p->rows[1].deadline, "2018-01-31");
  EXPECT_EQ(p->rows[2].deadline, "2018-02-28");
  EXPECT_EQ(where(*p), (std::set<std::string>{"6B:title"}));
}

}  // namespace
}  // namespace lantian::io::plan
