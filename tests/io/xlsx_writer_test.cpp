// The writer, read back by the reader (and, for the header row's frozen pane
// and autofilter, by looking at the sheet XML itself).
#include "io/xlsx_writer.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <time.h>

#include <algorithm>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "io/xlsx_reader.h"
#include "io/zip_reader.h"

namespace lantian::io {
namespace {

Date d(const char* s) { return *parse_date(s); }

std::string finish_ok(XlsxWriter& w) {
  auto r = w.finish();
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : std::string();
}

Sheet read_ok(const std::string& bytes, int index = 0) {
  auto r = read_sheet(bytes, index);
  EXPECT_TRUE(r.ok()) << r.error().message;
  return r.ok() ? std::move(r).value() : Sheet();
}

TEST(XlsxWriter, RoundTripChineseNumbersDatesAndEmptyCells) {
  XlsxWriter w;
  ASSERT_TRUE(w.add_sheet("名单", {"姓名", "年龄", "入职日期", "备注", "身份证号"}).ok());
  ASSERT_TRUE(
      w.add_row({"张三", int64_t(30), d("2024-02-29"), std::monostate{}, int64_t(110101199003071234)}).ok());
  ASSERT_TRUE(w.add_row({"李四", 1.5, d("1900-01-15"), "  多行\n备注 ", std::monostate{}}).ok());
  ASSERT_TRUE(w.add_row({std::monostate{}, -0.1, d("9999-12-31"), "=1+1", std::string("0012")}).ok());
  ASSERT_TRUE(w.add_row({}).ok());  // an empty row still takes its place
  ASSERT_TRUE(w.add_row({"王五", std::monostate{}, std::monostate{}, "a\x01b _x0041_ \r\n"}).ok());
  ASSERT_TRUE(w.set_column_widths({12, 6, 12, 30, 20}).ok());
  auto bytes = finish_ok(w);
  ASSERT_FALSE(bytes.empty());

  auto s = read_ok(bytes);
  EXPECT_EQ(s.name, "名单");
  EXPECT_EQ(s.rows, 6);
  EXPECT_EQ(s.cols, 5);
  std::vector<std::string> headers;
  for (int c = 0; c < s.cols; ++c) headers.push_back(s.cell(0, c).text);
  EXPECT_EQ(headers, (std::vector<std::string>{"姓名", "年龄", "入职日期", "备注", "身份证号"}));

  EXPECT_EQ(s.cell(1, 0).text, "张三");
  EXPECT_EQ(s.cell(1, 1).type, Cell::Type::number);
  EXPECT_EQ(s.cell(1, 1).as_text(), "30");
  EXPECT_TRUE(s.cell(1, 2).is_date);
  EXPECT_EQ(s.number_format(s.cell(1, 2).num_fmt_id), "yyyy-mm-dd");
  EXPECT_EQ(s.cell(1, 2).number, 45351);
  EXPECT_EQ(s.cell(1, 2).as_text(), "2024-02-29");
  EXPECT_EQ(s.cell(1, 3).type, Cell::Type::empty);
  EXPECT_EQ(s.cell(1, 4).type, Cell::Type::string);  // 18 digits: text, not a rounded number
  EXPECT_EQ(s.cell(1, 4).text, "110101199003071234");

  EXPECT_EQ(s.cell(2, 1).as_text(), "1.5");
  EXPECT_EQ(s.cell(2, 2).as_text(), "1900-01-15");
  EXPECT_EQ(s.cell(2, 3).text, "  多行\n备注 ");
  EXPECT_EQ(s.cell(2, 4).type, Cell::Type::empty);

  EXPECT_EQ(s.cell(3, 0).type, Cell::Type::empty);
  EXPECT_EQ(s.cell(3, 1).as_text(), "-0.1");
  EXPECT_EQ(s.cell(3, 2).as_text(), "9999-12-31");
  EXPECT_EQ(s.cell(3, 3).type, Cell::Type::string);  // text, never a formula
  EXPECT_EQ(s.cell(3, 3).text, "=1+1");
  EXPECT_EQ(s.cell(3, 4).text, "0012");
  EXPECT_EQ(s.cell(4, 0).type, Cell::Type::empty);
  EXPECT_EQ(s.cell(5, 0).text, "王五");
  EXPECT_EQ(s.cell(5, 3).text, "a\x01b _x0041_ \r\n");  // control characters and a literal Excel escape
}

TEST(XlsxWriter, HeaderRowIsBoldFrozenAndFiltered) {
  XlsxWriter w;
  ASSERT_TRUE(w.add_sheet("Units", {"名称", "编码", "上级"}).ok());
  ASSERT_TRUE(w.add_row({"总部", "HQ", std::monostate{}}).ok());
  ASSERT_TRUE(w.add_row({"一处", "D1", "总部", "extra"}).ok());
  auto bytes = finish_ok(w);
  auto zip = ZipReader::open(bytes, 1u << 20);
  ASSERT_TRUE(zip.ok());
  auto sheet = zip->read("xl/worksheets/sheet1.xml");
  ASSERT_TRUE(sheet.ok() && *sheet);
  const std::string& xml = **sheet;
  EXPECT_NE(xml.find("<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<autoFilter ref=\"A1:D3\"/>"), std::string::npos) << xml;
  auto styles = zip->read("xl/styles.xml");
  ASSERT_TRUE(styles.ok() && *styles);
  EXPECT_NE((*styles)->find("<b/>"), std::string::npos);
  // The header cells use that bold style (s="1"), the data cells do not.
  EXPECT_NE(xml.find("<c r=\"A1\" s=\"1\" t=\"s\">"), std::string::npos) << xml;
  EXPECT_NE(xml.find("<c r=\"A2\" t=\"s\">"), std::string::npos) << xml;
}

TEST(XlsxWriter, SeveralSheetsInOrder) {
  XlsxWriter w;
  ASSERT_TRUE(w.add_sheet("一月", {"a"}).ok());
  ASSERT_TRUE(w.add_row({1.0}).ok());
  ASSERT_TRUE(w.add_sheet("二月", {"b"}).ok());
  ASSERT_TRUE(w.add_row({2.0}).ok());
  auto bytes = finish_ok(w);
  auto names = sheet_names(bytes);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"一月", "二月"}));
  EXPECT_EQ(read_ok(bytes, 1).cell(1, 0).as_text(), "2");
}

TEST(XlsxWriter, RefusesWhatExcelWouldNot) {
  XlsxWriter w;
  EXPECT_EQ(w.add_row({1.0}).error().message, "add a sheet before rows or column widths");
  EXPECT_FALSE(w.set_column_widths({10}).ok());
  EXPECT_EQ(w.finish().error().message, "a workbook needs at least one sheet");
  for (std::string bad :
       {"", "a/b", "x[1]", "'quoted'", "三十二个字符的名称三十二个字符的名称三十二个字符的名称三十二个字"})
    EXPECT_EQ(w.add_sheet(bad, {}).error().kind, ErrorKind::invalid) << bad;
  EXPECT_FALSE(w.add_sheet("ok", {"\xff\xfe"}).ok());
  ASSERT_TRUE(w.add_sheet("Data", {"x"}).ok());
  EXPECT_EQ(w.add_sheet("DATA", {}).error().message, "there is already a sheet named \"Data\"");
  EXPECT_EQ(w.add_row({std::nan("")}).error().message,
            "sheet \"Data\", row 2, column 1: not a finite number");
  EXPECT_EQ(w.add_row({d("1899-12-31")}).error().message,
            "sheet \"Data\", row 3, column 1: Excel cannot store a date in the year 1899");
  EXPECT_FALSE(w.add_row({std::string("bad \xc3")}).ok());
  EXPECT_FALSE(w.add_row({std::string(32768, 'a')}).ok());
  EXPECT_TRUE(w.add_row({std::string(32767, 'a')}).ok());
  EXPECT_FALSE(w.set_column_widths({10, -1}).ok());
  EXPECT_FALSE(w.set_column_widths({300}).ok());
  ASSERT_TRUE(w.finish().ok());
  EXPECT_EQ(w.finish().error().message, "the workbook is already finished");
  EXPECT_FALSE(w.add_row({1.0}).ok());
  EXPECT_FALSE(w.add_sheet("more", {}).ok());
}

// Runs f with TMPDIR set to a fresh folder; returns the files left in it.
template <typename F>
std::vector<std::string> files_left_by(F&& f) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("lantian-xlsx-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  ::setenv("TMPDIR", dir.c_str(), 1);
  f();
  if (old)
    ::setenv("TMPDIR", saved.c_str(), 1);
  else
    ::unsetenv("TMPDIR");
  std::vector<std::string> left;
  for (const auto& e : fs::directory_iterator(dir)) left.push_back(e.path().filename().string());
  fs::remove_all(dir);
  return left;
}

TEST(XlsxWriter, LeavesNoTemporaryFiles) {
  EXPECT_TRUE(files_left_by([] {
                XlsxWriter w;
                ASSERT_TRUE(w.add_sheet("a", {"x"}).ok());
                ASSERT_TRUE(w.add_row({"y"}).ok());
                ASSERT_TRUE(w.finish().ok());
              }).empty());
  EXPECT_TRUE(files_left_by([] {
                XlsxWriter w;  // dropped without finish()
                ASSERT_TRUE(w.add_sheet("a", {"x"}).ok());
                ASSERT_TRUE(w.add_row({"y"}).ok());
              }).empty());
}

// A sheet of `rows` data rows x 10 columns: text, numbers and dates.
std::string big_sheet(int rows) {
  XlsxWriter w;
  std::vector<std::string> headers;
  for (int c = 0; c < 10; ++c) headers.push_back("列" + std::to_string(c + 1));
  EXPECT_TRUE(w.add_sheet("大表", headers).ok());
  for (int r = 0; r < rows; ++r) {
    std::vector<CellValue> row;
    for (int c = 0; c < 10; ++c) {
      if (c % 3 == 0)
        row.emplace_back(std::in_place_type<std::string>, "单位" + std::to_string(r * 10 + c));
      else if (c % 3 == 1)
        row.emplace_back(std::in_place_type<double>, r * 0.5 + c);
      else
        row.emplace_back(std::in_place_type<Date>, d("2024-01-01") + std::chrono::days(r % 400));
    }
    EXPECT_TRUE(w.add_row(row).ok());
  }
  return finish_ok(w);
}

// CPU time of this thread, so that other work on the machine does not count.
double thread_cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec + t.tv_nsec / 1e9;
}

// Reading grows linearly with the sheet: ten times the rows may cost at most 25 times
// the CPU (a quadratic reader costs 100 times). A ratio, not a time budget, so that it
// holds on a slow or loaded machine and under the sanitizers; absolute speed is
// measured by `make bench` (docs/benchmarks.md).
TEST(XlsxWriter, ReadingScalesLinearlyWithRows) {
  auto small = big_sheet(2000);
  auto large = big_sheet(20000);
  auto timed_read = [](const std::string& bytes) {
    double best = 1e9;
    for (int i = 0; i < 3; ++i) {  // best of three damps a scheduling hiccup
      double start = thread_cpu_seconds();
      auto s = read_ok(bytes);
      best = std::min(best, thread_cpu_seconds() - start);
    }
    return best;
  };
  double t_small = timed_read(small), t_large = timed_read(large);
  auto s = read_ok(large);
  EXPECT_EQ(s.rows, 20001);
  EXPECT_EQ(s.cols, 10);
  EXPECT_EQ(s.cells().size(), 200010u);
  EXPECT_EQ(s.cell(20000, 0).text, "单位199990");
  EXPECT_EQ(s.cell(20000, 1).as_text(), "10000.5");
  EXPECT_EQ(s.cell(401, 2).as_text(), "2024-01-01");
  EXPECT_LT(t_large, 25 * t_small);
  std::cout << "read 2,000 x 10 in " << t_small * 1000 << " ms, 20,000 x 10 in " << t_large * 1000
            << " ms of CPU (" << large.size() / 1024 << " KB file)\n";
}

TEST(XlsxWriter, MergedRangesReadBackWithTheirValue) {
  XlsxWriter w;
  ASSERT_TRUE(w.add_sheet("计划", {"序号", "责任单位", "完成时限"}).ok());
  ASSERT_TRUE(w.add_row({"1", "南郊乡", d("2017-10-31")}).ok());
  ASSERT_TRUE(w.add_row({"2", "被覆盖", std::monostate{}}).ok());
  ASSERT_TRUE(w.add_row({"3", std::monostate{}, std::monostate{}}).ok());
  // 责任单位 over rows 1..3, 完成时限 (a date) over rows 1..2.
  ASSERT_TRUE(w.merge(1, 1, 3, 1, std::string("南郊乡")).ok());
  ASSERT_TRUE(w.merge(1, 2, 2, 2, d("2017-10-31")).ok());
  EXPECT_FALSE(w.merge(2, 1, 2, 2, std::string("x")).ok()) << "overlaps both";
  EXPECT_FALSE(w.merge(3, 0, 3, 0, std::string("x")).ok()) << "a single cell";
  EXPECT_FALSE(w.merge(2, 0, 1, 0, std::string("x")).ok()) << "reversed";
  auto s = read_ok(finish_ok(w));
  ASSERT_EQ(s.merged.size(), 2u);
  EXPECT_EQ(s.merged[0], (MergedRange{1, 1, 3, 1}));
  EXPECT_EQ(s.merged[1], (MergedRange{1, 2, 2, 2}));
  EXPECT_EQ(s.cell(1, 1).text, "南郊乡");
  EXPECT_EQ(s.cell(2, 1).type, Cell::Type::empty) << "Excel keeps only the first cell's value";
  EXPECT_TRUE(s.cell(1, 2).is_date);
  EXPECT_EQ(s.cell(1, 2).as_text(), "2017-10-31");
}

}  // namespace
}  // namespace lantian::io
