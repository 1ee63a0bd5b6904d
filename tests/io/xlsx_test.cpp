// The reader on hand-built workbooks: each test writes the few XML parts that
// exercise one feature (inline and shared strings, merged cells, positional
// cells, date systems, sheet lookup through relationships).
#include <gtest/gtest.h>

#include "io/xlsx_fixture.h"
#include "io/xlsx_reader.h"

namespace lantian::io {
namespace {

using testing::Fixture;
using testing::one_sheet;
using testing::worksheet;
using Type = Cell::Type;

Sheet read_ok(const std::string& bytes, int index = 0) {
  auto r = read_sheet(bytes, index);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : Sheet();
}

TEST(XlsxReader, InlineStrings) {
  auto sheet = read_ok(one_sheet(R"(<row r="1">
      <c r="A1" t="inlineStr"><is><t>你好，世界</t></is></c>
      <c r="B1" t="inlineStr"><is><r><t>粗</t></r><r><rPr><b/></rPr><t xml:space="preserve"> 体</t></r></is></c>
      <c r="C1" t="inlineStr"><is><t xml:space="preserve">  padded  </t></is></c>
    </row>)")
                           .zip());
  EXPECT_EQ(sheet.rows, 1);
  EXPECT_EQ(sheet.cols, 3);
  EXPECT_EQ(sheet.cell(0, 0).type, Type::string);
  EXPECT_EQ(sheet.cell(0, 0).text, "你好，世界");
  EXPECT_EQ(sheet.cell(0, 1).text, "粗 体");
  EXPECT_EQ(sheet.cell(0, 2).text, "  padded  ");
}

TEST(XlsxReader, SharedStringsWithRichTextRuns) {
  auto f = one_sheet(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>
      <row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c><c r="C2" t="s"><v>0</v></c></row>)");
  f.shared_strings =
      "<si><t>部门</t></si>"
      "<si><r><t>蓝</t></r><r><rPr><i/></rPr><t>天</t></r><r><t xml:space=\"preserve\"> 行动</t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ラン</t></rPh><phoneticPr fontId=\"1\"/></si>"
      "<si><t xml:space=\"preserve\"> </t></si>"
      "<si><t>line 1_x000D_\nline 2 _x005F_x0041_</t></si>";
  auto sheet = read_ok(f.zip());
  EXPECT_EQ(sheet.cell(0, 0).text, "部门");
  EXPECT_EQ(sheet.cell(0, 1).text, "蓝天 行动");  // runs joined, phonetic guide dropped
  EXPECT_EQ(sheet.cell(1, 0).text, " ");
  EXPECT_EQ(sheet.cell(1, 1).text, "line 1\r\nline 2 _x0041_");
  EXPECT_EQ(sheet.cell(1, 2).text, "部门");
}

TEST(XlsxReader, ValueTypes) {
  auto sheet = read_ok(one_sheet(R"(<row r="1">
      <c r="A1"><v>42</v></c>
      <c r="B1" t="n"><v>-1.25E-3</v></c>
      <c r="C1" t="b"><v>1</v></c>
      <c r="D1" t="b"><v>0</v></c>
      <c r="E1" t="e"><v>#N/A</v></c>
      <c r="F1" t="str"><f>A1&amp;"x"</f><v>42x</v></c>
      <c r="G1"><f>A1*2</f><v>84</v></c>
      <c r="H1" s="0"/>
      <c r="I1" t="d"><v>2024-02-29T00:00:00</v></c>
    </row>)")
                           .zip());
  EXPECT_EQ(sheet.cell(0, 0).type, Type::number);
  EXPECT_EQ(sheet.cell(0, 0).as_text(), "42");
  EXPECT_DOUBLE_EQ(sheet.cell(0, 1).number, -0.00125);
  EXPECT_EQ(sheet.cell(0, 1).as_text(), "-0.00125");
  EXPECT_EQ(sheet.cell(0, 2).type, Type::boolean);
  EXPECT_EQ(sheet.cell(0, 2).as_text(), "TRUE");
  EXPECT_EQ(sheet.cell(0, 3).as_text(), "FALSE");
  EXPECT_EQ(sheet.cell(0, 4).type, Type::error);
  EXPECT_EQ(sheet.cell(0, 4).text, "#N/A");
  EXPECT_EQ(sheet.cell(0, 5).type, Type::formula_string);
  EXPECT_EQ(sheet.cell(0, 5).text, "42x");
  EXPECT_EQ(sheet.cell(0, 6).as_text(), "84");  // a formula's cached number
  EXPECT_EQ(sheet.cell(0, 7).type, Type::empty);
  EXPECT_EQ(sheet.cell(0, 8).type, Type::number);
  EXPECT_EQ(sheet.cell(0, 8).as_text(), "2024-02-29");
  EXPECT_EQ(sheet.cell(0, 8).number, 45351);
  EXPECT_EQ(sheet.cell(5, 5).type, Type::empty);  // beyond the data
  EXPECT_EQ(sheet.cell(-1, 0).type, Type::empty);
}

TEST(XlsxReader, SparseRowsAndColumns) {
  auto sheet = read_ok(one_sheet(R"(<row r="2"><c r="B2"><v>1</v></c></row>
      <row r="7" spans="1:30"><c r="AB7"><v>2</v></c></row>)")
                           .zip());
  EXPECT_EQ(sheet.rows, 7);
  EXPECT_EQ(sheet.cols, 28);
  EXPECT_EQ(sheet.cells().size(), 2u);
  EXPECT_EQ(sheet.cell(1, 1).as_text(), "1");
  EXPECT_EQ(sheet.cell(6, 27).as_text(), "2");
  EXPECT_EQ(sheet.cell(0, 0).type, Type::empty);
  EXPECT_EQ(sheet.cell(6, 26).type, Type::empty);
}

TEST(XlsxReader, MissingReferencesArePositional) {
  // Some writers leave out r on rows and cells; position then decides.
  auto sheet = read_ok(one_sheet(R"(<row><c><v>1</v></c><c><v>2</v></c></row>
      <row><c t="inlineStr"><is><t>a</t></is></c></row>
      <row r="5"><c r="C5"><v>3</v></c><c><v>4</v></c></row>
      <row><c><v>5</v></c></row>)")
                           .zip());
  EXPECT_EQ(sheet.cell(0, 0).as_text(), "1");
  EXPECT_EQ(sheet.cell(0, 1).as_text(), "2");
  EXPECT_EQ(sheet.cell(1, 0).as_text(), "a");
  EXPECT_EQ(sheet.cell(4, 2).as_text(), "3");
  EXPECT_EQ(sheet.cell(4, 3).as_text(), "4");
  EXPECT_EQ(sheet.cell(5, 0).as_text(), "5");
  EXPECT_EQ(sheet.rows, 6);
  EXPECT_EQ(sheet.cols, 4);
}

TEST(XlsxReader, MergedCells) {
  auto sheet = read_ok(one_sheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>
                                    <row r="12"><c r="E12"><v>1</v></c></row>)",
                                 R"(<mergeCells count="3"><mergeCell ref="A1:D1"/><mergeCell ref="B3:C10"/>
                                    <mergeCell ref="AA100:AB101"/></mergeCells>)")
                           .zip());
  // Within the extent (A1:E12) as written; AA100:AB101 holds no value: dropped.
  ASSERT_EQ(sheet.merged.size(), 2u);
  EXPECT_EQ(sheet.merged[0], (MergedRange{0, 0, 0, 3}));
  EXPECT_EQ(sheet.merged[1], (MergedRange{2, 1, 9, 2}));
}

TEST(XlsxReader, MergedRangesAreClippedToTheSheetsExtent) {
  auto sheet = read_ok(one_sheet(R"(<row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>3</v></c></row>
                                    <row r="5"><c r="B5"><v>2</v></c></row>)",
                                 R"(<mergeCells count="4"><mergeCell ref="A2:A1048576"/>
                                    <mergeCell ref="B1:XFD1"/><mergeCell ref="C5:C1048576"/>
                                    <mergeCell ref="A1048575:XFD1048576"/></mergeCells>)")
                           .zip());
  ASSERT_EQ(sheet.merged.size(), 2u);
  EXPECT_EQ(sheet.merged[0], (MergedRange{1, 0, 4, 0})) << "A2:A5, the last row with a value";
  EXPECT_EQ(sheet.merged[1], (MergedRange{0, 1, 0, 2})) << "B1:C1, the last column with a value";
  // C5:C1048576 clips to the single cell C5; the last one starts past the values.
}

const char* kStyles = R"(<?xml version="1.0"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy/mm/dd;@"/><numFmt numFmtId="165" formatCode="0.00&quot;元&quot;"/></numFmts>
  <cellXfs count="6">
    <xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/>
    <xf numFmtId="165"/><xf numFmtId="20"/><xf numFmtId="31"/>
  </cellXfs>
</styleSheet>)";

TEST(XlsxReader, DatesThroughNumberFormats) {
  auto f = one_sheet(R"(<row r="1">
      <c r="A1" s="1"><v>45351</v></c><c r="B1" s="2"><v>43831.75</v></c><c r="C1" s="3"><v>12.5</v></c>
      <c r="D1" s="4"><v>0.5</v></c><c r="E1" s="5"><v>45000</v></c><c r="F1"><v>45351</v></c>
      <c r="G1" s="99"><v>7</v></c>
    </row>)");
  f.styles = kStyles;
  auto sheet = read_ok(f.zip());
  EXPECT_FALSE(sheet.date1904);
  EXPECT_TRUE(sheet.cell(0, 0).is_date);
  EXPECT_EQ(sheet.cell(0, 0).num_fmt_id, 14);
  EXPECT_EQ(sheet.cell(0, 0).as_text(), "2024-02-29");
  EXPECT_EQ(sheet.cell(0, 1).as_text(), "2020-01-01");  // custom format; the time is dropped
  EXPECT_EQ(sheet.number_format(sheet.cell(0, 1).num_fmt_id), "yyyy/mm/dd;@");
  EXPECT_FALSE(sheet.cell(0, 2).is_date);
  EXPECT_EQ(sheet.cell(0, 2).as_text(), "12.5");
  EXPECT_EQ(sheet.number_format(165), "0.00\"元\"");
  EXPECT_FALSE(sheet.cell(0, 3).is_date);  // h:mm is a time, not a date
  EXPECT_EQ(sheet.number_format(20), "h:mm");
  EXPECT_TRUE(sheet.cell(0, 4).is_date);  // zh-CN built-in yyyy"年"m"月"d"日"
  EXPECT_EQ(sheet.cell(0, 4).as_text(), "2023-03-15");
  EXPECT_FALSE(sheet.cell(0, 5).is_date);  // no style: General
  EXPECT_EQ(sheet.cell(0, 5).as_text(), "45351");
  EXPECT_EQ(sheet.cell(0, 6).as_text(), "7");  // a style index past cellXfs is General
}

TEST(XlsxReader, Date1904System) {
  auto f = one_sheet(R"(<row r="1"><c r="A1" s="1"><v>0</v></c><c r="B1" s="1"><v>43889</v></c></row>)");
  f.styles = kStyles;
  f.date1904 = true;
  auto sheet = read_ok(f.zip());
  EXPECT_TRUE(sheet.date1904);
  EXPECT_TRUE(sheet.cell(0, 0).date1904);
  EXPECT_EQ(sheet.cell(0, 0).as_text(), "1904-01-01");
  EXPECT_EQ(sheet.cell(0, 1).as_text(), "2024-02-29");  // 1462 days less than in the 1900 system
}

TEST(XlsxReader, SheetsFoundThroughRelationships) {
  Fixture f;
  f.sheets.push_back({"汇总", "worksheets/summary.xml",
                      worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>summary</t></is></c></row>)")});
  f.sheets.push_back({"明细 2024", "/xl/worksheets/sub/../detail.xml",
                      worksheet(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>detail</t></is></c></row>)"),
                      "xl/worksheets/detail.xml"});
  auto bytes = f.zip();
  auto names = sheet_names(bytes);
  ASSERT_TRUE(names.ok()) << names.error().message;
  EXPECT_EQ(*names, (std::vector<std::string>{"汇总", "明细 2024"}));
  auto second = read_ok(bytes, 1);
  EXPECT_EQ(second.name, "明细 2024");
  EXPECT_EQ(second.cell(0, 0).text, "detail");
  EXPECT_EQ(read_ok(bytes, 0).cell(0, 0).text, "summary");
  auto missing = read_sheet(bytes, 2);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::invalid);
  EXPECT_EQ(missing.error().message, "the workbook has 2 sheet(s); there is no sheet 3");
}

TEST(XlsxReader, PrefixedElementsAsTheOpenXmlSdkWritesThem) {
  using namespace testing;
  Entries e = {
      {"_rels/.rels", std::string("<Relationships xmlns=\"") + kPkgRelNs +
                          "\"><Relationship Id=\"R1\" Type=\"x/officeDocument\" Target=\"/book/main.xml\"/>"
                          "</Relationships>"},
      {"book/main.xml",
       std::string("<x:workbook xmlns:x=\"") + kMainNs + "\" xmlns:rel=\"" + kRelNs +
           "\"><x:sheets><x:sheet name=\"S\" sheetId=\"1\" rel:id=\"A\"/></x:sheets></x:workbook>"},
      {"book/_rels/main.xml.rels", std::string("<Relationships xmlns=\"") + kPkgRelNs +
                                       "\"><Relationship Id=\"A\" Type=\"x/worksheet\" Target=\"s.xml\"/>"
                                       "</Relationships>"},
      {"book/s.xml",
       std::string("<x:worksheet xmlns:x=\"") + kMainNs +
           "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>ok</x:t></x:is>"
           "</x:c></x:row></x:sheetData></x:worksheet>"},
  };
  auto sheet = read_ok(make_zip(e));
  EXPECT_EQ(sheet.name, "S");
  EXPECT_EQ(sheet.cell(0, 0).text, "ok");
}

TEST(XlsxReader, StyledEmptyTailBeyondTheLimitsIsIgnored) {
  // Excel often leaves formatted but empty rows far below the data.
  auto bytes = one_sheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>
      <row r="1048576" s="1" customFormat="1"><c r="XFD1048576" s="1"/></row>)")
                   .zip();
  auto sheet = read_ok(bytes);
  EXPECT_EQ(sheet.rows, 1);
  EXPECT_EQ(sheet.cols, 1);
}

// Sheets over a megabyte are parsed a piece at a time; the result must be the
// one the whole document gives (which a comment forces), positions included.
TEST(XlsxReader, LargeSheetInPiecesMatchesTheWholeDocument) {
  std::string rows;
  for (int r = 0; r < 30000; ++r)
    rows += "<row><c t=\"inlineStr\"><is><t>行" + std::to_string(r) + "</t></is></c><c><v>" +
            std::to_string(r) + "</v></c></row>";
  ASSERT_GT(rows.size(), 2u << 20);
  auto pieces = read_ok(one_sheet(rows).zip());
  auto whole = read_ok(one_sheet("<!-- not split -->" + rows).zip());
  ASSERT_EQ(pieces.rows, 30000);
  ASSERT_EQ(pieces.cells().size(), whole.cells().size());
  for (size_t i = 0; i < pieces.cells().size(); ++i) {
    const auto &a = pieces.cells()[i], &b = whole.cells()[i];
    ASSERT_TRUE(a.row == b.row && a.col == b.col && a.cell.as_text() == b.cell.as_text()) << i;
  }
  EXPECT_EQ(pieces.cell(29999, 0).text, "行29999");
  EXPECT_EQ(pieces.cell(29999, 1).as_text(), "29999");

  auto broken = read_sheet(one_sheet(rows + "<row><c><v>1</v></row>").zip());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message.find("is not well-formed XML"), std::string::npos)
      << broken.error().message;
}

}  // namespace
}  // namespace lantian::io
