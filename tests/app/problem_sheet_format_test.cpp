// The spreadsheet forms of supervision problems (app/problem_sheet_format.h):
// headers as lists write them, the header row below a title, deadlines as
// dates, serials, text, working days and 立行立改, dispositions, sources and
// types by label, titles from descriptions.
#include "app/problem_sheet_format.h"

#include <gtest/gtest.h>

#include "core/text.h"

namespace lantian::app::problem_sheet {
namespace {

SheetCell text(const std::string& s) { return SheetCell{s, s, false}; }
SheetCell number(double v, const std::string& shown) { return SheetCell{v, shown, false}; }
SheetCell date_cell(double serial, const std::string& shown) { return SheetCell{serial, shown, true}; }

std::string deadline(const SheetCell& c) {
  auto d = parse_deadline(c);
  if (std::holds_alternative<std::monostate>(d)) return "none";
  if (auto* i = std::get_if<Issue>(&d)) return "issue:" + i->code;
  return deadline_text(std::get<DeadlineCell>(d));
}

TEST(ProblemSheetFormat, HeadersAsListsWriteThem) {
  EXPECT_EQ(column_for_header("问题描述"), Column::description);
  EXPECT_EQ(column_for_header("问  题"), Column::description);
  EXPECT_EQ(column_for_header("交办来源"), Column::source);
  EXPECT_EQ(column_for_header("*问题类型"), Column::type);
  EXPECT_EQ(column_for_header("整改时限\n（工作日）"), Column::deadline);
  EXPECT_EQ(column_for_header("责任单位(属地)"), Column::unit);
  EXPECT_EQ(column_for_header("核查情况/销号时间"), Column::verification);
  EXPECT_EQ(column_for_header("经度"), Column::lng);
  EXPECT_EQ(column_for_header("坐标"), Column::lnglat);
  EXPECT_EQ(column_for_header("整改标准"), Column::standard);
  EXPECT_EQ(column_for_header("某某"), std::nullopt);
  EXPECT_EQ(column_for_header(""), std::nullopt);
  // The export's own headers come back as their columns.
  for (Column c : export_columns()) EXPECT_EQ(column_for_header(column_def(c).header), c);
}

TEST(ProblemSheetFormat, TheHeaderRowIsBelowTitlesAndInformationLines) {
  std::vector<std::vector<SheetCell>> rows = {
      {text("2017年强化督查问题清单"), text("2017年强化督查问题清单"), text("2017年强化督查问题清单")},
      {text("督查组：第二组"), text(""), text("日期：2017-11-15")},
      {text("序号"), text("问题"), text("责任单位")},
      {text("1"), text("裸土未覆盖"), text("南郊乡")},
  };
  EXPECT_EQ(header_row(rows), 2u);
  EXPECT_EQ(header_row({{text("甲"), text("乙")}, {text("1"), text("2")}}), std::nullopt);
  // A second header row under headers merged over both rows.
  std::vector<std::string> header = {"序号", "坐标", "坐标"};
  EXPECT_TRUE(continues_header(header, {text("序号"), text("经度"), text("纬度")}));
  EXPECT_FALSE(continues_header(header, {text("1"), text("114.3"), text("34.7")}));
  EXPECT_FALSE(continues_header(header, {text("序号"), text("坐标"), text("坐标")}));
}

TEST(ProblemSheetFormat, DeadlinesAsOfficesWriteThem) {
  EXPECT_EQ(deadline(text("")), "none");
  EXPECT_EQ(deadline(date_cell(43069, "2017-11-30")), "2017-11-30");
  EXPECT_EQ(deadline(number(43069, "43069")), "2017-11-30");  // a serial without a date format
  EXPECT_EQ(deadline(number(12, "12")), "issue:not_a_deadline");
  EXPECT_EQ(deadline(text("2017年11月30日")), "2017-11-30");
  EXPECT_EQ(deadline(text("2017/11/30前")), "2017-11-30");
  EXPECT_EQ(deadline(text("2017.11.30之前")), "2017-11-30");
  EXPECT_EQ(deadline(text("5个工作日")), "5个工作日");
  EXPECT_EQ(deadline(text("５个工作日内")), "5个工作日");
  EXPECT_EQ(deadline(text("十五个工作日")), "15个工作日");
  EXPECT_EQ(deadline(text("二十个工作日以内")), "20个工作日");
  EXPECT_EQ(deadline(text("立行立改")), "立行立改");
  EXPECT_EQ(deadline(text("立行立改，长期坚持")), "立行立改");
  EXPECT_EQ(deadline(text("0个工作日")), "issue:not_a_deadline");
  EXPECT_EQ(deadline(text("400个工作日")), "issue:not_a_deadline");
  EXPECT_EQ(deadline(text("下周五")), "issue:not_a_deadline");
  EXPECT_EQ(deadline(text("2017-02-30")), "issue:not_a_deadline");
}

TEST(ProblemSheetFormat, DispositionsSourcesAndTypesByTheirWords) {
  EXPECT_EQ(parse_disposition("整改"), Disposition::rectify);
  EXPECT_EQ(parse_disposition("关停取缔"), Disposition::ban);
  EXPECT_EQ(parse_disposition("搬迁改造"), Disposition::relocate);
  EXPECT_EQ(parse_disposition("relocate"), Disposition::relocate);
  EXPECT_EQ(parse_disposition("罚款"), std::nullopt);
  const ProblemRules& r = problem_rules();
  ASSERT_NE(find_source(r, "强化督查"), nullptr);
  EXPECT_EQ(find_source(r, "强化督查")->name, "enhanced_inspection");
  EXPECT_EQ(find_source(r, "中央环保督察(巡查组)")->name, "ministry_patrol");
  EXPECT_EQ(find_source(r, "中央环保督察")->name, "ministry_patrol");
  EXPECT_EQ(find_source(r, "hotline")->name, "hotline");
  EXPECT_EQ(find_source(r, "电视台"), nullptr);
  EXPECT_EQ(find_type(r, "散乱污企业")->name, "scattered_enterprise");
  EXPECT_EQ(find_type(r, "“散乱污”企业")->name, "scattered_enterprise");
  EXPECT_EQ(find_type(r, "工业无组织排放（扬尘）")->name, "industrial_dust");
  EXPECT_EQ(find_type(r, "Construction dust")->name, "construction_dust");
}

TEST(ProblemSheetFormat, TitlesPointsAndCoordinates) {
  EXPECT_EQ(title_from("\n  工地裸土未覆盖 \n车辆未冲洗"), "工地裸土未覆盖");
  std::string long_line(300, 'x');
  EXPECT_EQ(utf8_length(title_from(long_line)), 200u);
  EXPECT_EQ(title_from(""), "");
  auto p = parse_point("114.3478，34.7921");
  ASSERT_TRUE(p);
  EXPECT_DOUBLE_EQ(p->lng, 114.3478);
  EXPECT_DOUBLE_EQ(p->lat, 34.7921);
  EXPECT_FALSE(parse_point("114.3478"));
  EXPECT_EQ(parse_coordinate(text(" 34.79 ")), 34.79);
  EXPECT_EQ(parse_coordinate(number(114.5, "114.5")), 114.5);
  EXPECT_EQ(parse_coordinate(text("北纬34度")), std::nullopt);
}

}  // namespace
}  // namespace lantian::app::problem_sheet
