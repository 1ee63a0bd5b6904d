// Hostile and broken input: what is not an .xlsx, what is too big before or
// after unpacking, and what reaches past the row and column limits. Every
// case must come back as an Error, quickly.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>

#include "io/xlsx_fixture.h"
#include "io/xlsx_reader.h"
#include "io/zip_reader.h"

namespace lantian::io {
namespace {

using testing::Entries;
using testing::make_zip;
using testing::one_sheet;

Error read_error(const std::string& bytes, const XlsxLimits& limits = {}) {
  auto r = read_sheet(bytes, 0, limits);
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

TEST(XlsxLimits, NotAZip) {
  for (std::string bytes : {std::string(), std::string("name,age\n张三,30\n"), std::string(4096, 'x')}) {
    auto e = read_error(bytes);
    EXPECT_EQ(e.kind, ErrorKind::invalid);
    EXPECT_EQ(e.message.rfind("not an .xlsx file (", 0), 0u) << e.message;
  }
  auto names = sheet_names("PK\x03\x04 truncated");
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.error().kind, ErrorKind::invalid);
}

TEST(XlsxLimits, OldXlsOrEncrypted) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole.resize(2048, '\0');
  auto e = read_error(ole);
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_EQ(e.message, "not an .xlsx file (an old .xls file or a password-protected workbook)");
}

TEST(XlsxLimits, ZipWithoutWorkbook) {
  auto bytes = make_zip({{"hello.txt", "hi"}, {"_rels/.rels", "<Relationships/>"}});
  auto e = read_error(bytes);
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_EQ(e.message, "not an .xlsx file (it has no workbook)");
  EXPECT_FALSE(sheet_names(bytes).ok());
}

TEST(XlsxLimits, MalformedXml) {
  auto f = one_sheet("");
  f.sheets[0].xml = "<worksheet><sheetData><row>";
  auto e = read_error(f.zip());
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_NE(e.message.find("xl/worksheets/sheet1.xml is not well-formed XML"), std::string::npos)
      << e.message;
}

TEST(XlsxLimits, BadReferencesAndValues) {
  struct Case {
    const char* rows;
    const char* message;
  };
  for (auto c : {
           Case{R"(<row r="1"><c r="1A"><v>1</v></c></row>)",
                "not an .xlsx file (bad cell reference \"1A\")"},
           Case{R"(<row r="0"><c><v>1</v></c></row>)", "not an .xlsx file (bad row number \"0\")"},
           Case{R"(<row r="1"><c r="B1"><v>abc</v></c></row>)",
                "not an .xlsx file (cell B1: \"abc\" is not a number)"},
           Case{R"(<row r="1"><c r="A1" t="s"><v>0</v></c></row>)",
                "not an .xlsx file (cell A1: no shared string number 0)"},
       }) {
    auto e = read_error(one_sheet(c.rows).zip());
    EXPECT_EQ(e.message, c.message);
    EXPECT_EQ(e.code, "not_xlsx");
  }
}

TEST(XlsxLimits, FileTooLarge) {
  auto bytes = one_sheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)").zip();
  XlsxLimits limits;
  limits.max_file_bytes = 100;
  auto e = read_error(bytes, limits);
  EXPECT_EQ(e.kind, ErrorKind::too_large);
  EXPECT_EQ(e.message, "the file is " + human_size(bytes.size()) + "; the limit is 100 bytes");
  EXPECT_EQ(e.code, "file_too_big");
  EXPECT_NE(human_size(bytes.size()), human_size(100));
  EXPECT_EQ(sheet_names(bytes, limits).error().kind, ErrorKind::too_large);
  // One byte over reads the same rounded; then the message gives bytes.
  limits.max_file_bytes = bytes.size() - 1;
  EXPECT_EQ(read_error(bytes, limits).message, "the file is " + std::to_string(bytes.size()) +
                                                   " bytes; the limit is " +
                                                   std::to_string(bytes.size() - 1) + " bytes");
  limits.max_file_bytes = bytes.size();
  EXPECT_TRUE(read_sheet(bytes, 0, limits).ok());
}

TEST(XlsxLimits, SizesInMessages) {
  // 52.3 MB against the default 50 MB, without building such a file here.
  EXPECT_EQ(human_size(size_t(52.3 * 1048576)), "52.3 MB");
  EXPECT_EQ(human_size(50u << 20), "50 MB");
  EXPECT_EQ(human_size(2048), "2 KB");
  EXPECT_EQ(human_size(12), "12 bytes");
}

TEST(XlsxLimits, ZipBombIsRejectedBeforeUnpacking) {
  // 20 MB of one repeated cell deflates to a few KB; with a 1 MB budget the
  // declared size alone is enough to say no.
  std::string rows = "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>";
  std::string filler(20u << 20, ' ');
  auto f = one_sheet(rows + filler);
  auto bytes = f.zip();
  ASSERT_LT(bytes.size(), 200000u);
  XlsxLimits limits;
  limits.max_uncompressed_bytes = 1u << 20;
  auto start = std::chrono::steady_clock::now();
  auto e = read_error(bytes, limits);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  EXPECT_EQ(e.kind, ErrorKind::too_large);
  EXPECT_EQ(e.message, "the workbook unpacks to more than 1 MB (xl/worksheets/sheet1.xml alone is 20 MB)");
  EXPECT_EQ(e.code, "unpacks_too_large");
  EXPECT_LT(ms.count(), 100);
}

TEST(XlsxLimits, HeaderThatUnderstatesTheSizeStopsTheRead) {
  // A bomb that lies: it declares 100 bytes but expands to 10 MB. Reading
  // stops at the declared size instead of trusting the stream.
  auto f = one_sheet("<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + std::string(10u << 20, ' '));
  auto bytes = f.zip();
  testing::forge_uncompressed_size(bytes, "xl/worksheets/sheet1.xml", 100);
  auto e = read_error(bytes);
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_EQ(e.message.rfind("not an .xlsx file (", 0), 0u) << e.message;
}

TEST(XlsxLimits, TooManyRowsOrColumns) {
  XlsxLimits limits;
  limits.max_rows = 10;
  limits.max_cols = 3;
  std::string rows;
  for (int r = 1; r <= 10; ++r) rows += "<row r=\"" + std::to_string(r) + "\"><c><v>1</v></c></row>";
  auto ok = read_sheet(one_sheet(rows).zip(), 0, limits);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->rows, 10);

  auto e = read_error(one_sheet(rows + "<row r=\"11\"><c><v>1</v></c></row>").zip(), limits);
  EXPECT_EQ(e.kind, ErrorKind::invalid);
  EXPECT_EQ(e.message, "row 11 is beyond the limit of 10 rows (cell A11)");

  e = read_error(one_sheet(R"(<row r="1"><c r="D1"><v>1</v></c></row>)").zip(), limits);
  EXPECT_EQ(e.message, "column D is beyond the limit of 3 columns (cell D1)");
  EXPECT_EQ(e.code, "beyond_column_limit");
}

TEST(XlsxLimits, FiftyMegabytesOfRandomDataIsRejectedFast) {
  // A real archive over the default 50 MB: an incompressible payload,
  // stored, beside a valid workbook.
  std::string payload((50u << 20) + (1u << 20), '\0');
  std::mt19937_64 rng(42);
  for (size_t i = 0; i + 8 <= payload.size(); i += 8) {
    uint64_t v = rng();
    std::memcpy(payload.data() + i, &v, 8);
  }
  auto entries = one_sheet(R"(<row r="1"><c r="A1"><v>1</v></c></row>)").entries();
  entries.push_back({"xl/media/image1.bin", std::move(payload)});
  auto bytes = make_zip(entries, /*store=*/true);
  entries.clear();
  ASSERT_GT(bytes.size(), 50u << 20);

  auto start = std::chrono::steady_clock::now();
  auto r = read_sheet(bytes);
  auto names = sheet_names(bytes);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ErrorKind::too_large);
  EXPECT_EQ(r.error().message, "the file is 51 MB; the limit is 50 MB");
  EXPECT_FALSE(names.ok());
  EXPECT_LT(std::chrono::duration<double>(elapsed).count(), 1.0);
}

}  // namespace
}  // namespace lantian::io
