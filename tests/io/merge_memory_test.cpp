// The security review's merged-cell finding: a 1.5 KB plan whose sheet
// declares <mergeCell ref="A2:A1048576"/> made the import walk (and store a
// fill-down entry for) a million rows, 250-420 MB per merge. Merged ranges
// are now clipped to the cells that exist; reading and parsing such a plan
// must stay within a few megabytes of peak memory.
#include <gtest/gtest.h>
#include <sys/resource.h>

#include <fstream>
#include <string>

#include "io/plan_sheet.h"
#include "io/xlsx_fixture.h"
#include "io/xlsx_reader.h"

namespace lantian::io {
namespace {

using testing::one_sheet;

// Peak resident memory in KiB since the last reset_peak(): VmHWM, which
// writing "5" to /proc/self/clear_refs resets (Linux >= 4.0); where that is
// not possible, ru_maxrss since the process started (a weaker bound).
bool reset_peak() {
  std::ofstream f("/proc/self/clear_refs");
  f << "5";
  f.flush();
  return bool(f);
}
long peak_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}
long current_kib() {
  std::ifstream f("/proc/self/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return 0;
}

std::string cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

// 序号 工作任务 责任单位 完成时限, three tasks, and `merges` over whole columns.
std::string plan_with_merges(const std::string& merges) {
  std::string rows = "<row r=\"1\">" + cell("A1", "序号") + cell("B1", "工作任务") + cell("C1", "责任单位") +
                     cell("D1", "完成时限") + "</row>";
  for (int r = 2; r <= 4; ++r) {
    std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\">" + cell("A" + n, std::to_string(r - 1)) + cell("B" + n, "任务" + n) +
            cell("C" + n, "南郊乡") + cell("D" + n, "2017-10-31") + "</row>";
  }
  return one_sheet(rows, "<mergeCells>" + merges + "</mergeCells>").zip();
}

void expect_small_peak(const std::string& bytes, size_t expect_merged) {
  long before = current_kib();
  bool exact = reset_peak();
  if (!exact) before = peak_kib();
  auto sheet = read_sheet(bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.error().message;
  EXPECT_EQ(sheet->merged.size(), expect_merged);
  for (const auto& g : sheet->merged) {
    EXPECT_LT(g.last_row, sheet->rows);
    EXPECT_LT(g.last_col, sheet->cols);
  }
  auto mapping = plan::suggest_mapping(plan::header_texts(*sheet, 0));
  auto parsed = plan::parse_plan(*sheet, mapping);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->rows.size(), 3u);
  // Merge errors only on the rows that exist (the 序号 merge spans rows 3-4).
  for (const auto& e : parsed->errors) EXPECT_LE(e.row, 3) << e.message;
  long growth_mib = (peak_kib() - before) / 1024;
  ::testing::Test::RecordProperty("peak_growth_mib", std::to_string(growth_mib));
  EXPECT_LE(growth_mib, 50) << "peak RSS grew by " << growth_mib << " MiB"
                            << (exact ? "" : " (ru_maxrss: VmHWM could not be reset)");
}

TEST(MergeMemory, OneWholeColumnMerge) {
  auto bytes = plan_with_merges("<mergeCell ref=\"A2:A1048576\"/>");
  EXPECT_LT(bytes.size(), 4096u);
  expect_small_peak(bytes, 1);
}

TEST(MergeMemory, SeveralWholeColumnAndWholeSheetMerges) {
  // 责任单位 and 完成时限 fill down (a map entry per row before the fix),
  // 序号 and 工作任务 are errors per row; plus ranges over the whole sheet.
  auto bytes = plan_with_merges(
      "<mergeCell ref=\"A2:A1048576\"/><mergeCell ref=\"B2:B1048576\"/><mergeCell ref=\"C2:C1048576\"/>"
      "<mergeCell ref=\"D2:D1048576\"/><mergeCell ref=\"E1:XFD1048576\"/><mergeCell ref=\"A5:XFD1048576\"/>");
  expect_small_peak(bytes, 4);
}

// A parsed sheet built by hand (not through the reader) with an unclipped
// range: parse_plan bounds it by the sheet's rows too.
TEST(MergeMemory, ParsePlanBoundsUnclippedRanges) {
  auto bytes = plan_with_merges("");
  auto sheet = read_sheet(bytes);
  ASSERT_TRUE(sheet.ok());
  sheet->merged = {{1, 0, 1048575, 0}, {1, 2, 1048575, 2}};
  long before = current_kib();
  bool exact = reset_peak();
  if (!exact) before = peak_kib();
  auto parsed = plan::parse_plan(*sheet, plan::suggest_mapping(plan::header_texts(*sheet, 0)));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->rows.size(), 3u);
  EXPECT_LE((peak_kib() - before) / 1024, 50);
}

// Found while fuzzing the reader (fuzz/xlsx_fuzzer.cpp, whose malloc limit
// flags it): a 600-byte file whose zip headers declare a 150 MB part made
// the reader allocate and zero 150 MB before finding the data missing.
// Memory now follows the bytes actually unpacked. (The fuzzer's next input
// forged the compressed size as well, so that the reader reserved 150 MB
// without touching it, which peak RSS cannot show: that input is in
// fuzz/corpus/xlsx/, where the fuzz_smoke test replays it under the limit.)
TEST(MergeMemory, HeaderThatOverstatesTheSizeAllocatesNothingBig) {
  auto bytes = one_sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>").zip();
  testing::forge_uncompressed_size(bytes, "xl/workbook.xml", 150u << 20);
  ASSERT_LT(bytes.size(), 4096u);
  long before = current_kib();
  bool exact = reset_peak();
  if (!exact) before = peak_kib();
  auto sheet = read_sheet(bytes);
  ASSERT_FALSE(sheet.ok());
  EXPECT_EQ(sheet.error().message.rfind("not an .xlsx file (", 0), 0u) << sheet.error().message;
  long growth_mib = (peak_kib() - before) / 1024;
  EXPECT_LE(growth_mib, 20) << "peak RSS grew by " << growth_mib << " MiB";
}

}  // namespace
}  // namespace lantian::io
