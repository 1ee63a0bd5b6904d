// CSV as campaign offices have it (io/csv_reader.h): UTF-8 with and without a
// BOM, GBK/GB18030 from older tools, Excel's "Unicode text" (UTF-16, tabs),
// quoted fields across lines, and the place of a broken quote.
#include "io/csv_reader.h"

#include <gtest/gtest.h>

namespace lantian::io {
namespace {

using Cells = std::vector<std::string>;

TEST(CsvReader, QuotedFieldsLineBreaksAndBom) {
  std::string text =
      "\xEF\xBB\xBF"
      "企业名称,地址,备注\r\n"
      "\"开封市鑫达塑料厂\",\"汪屯乡, 宋门路 3 号\",\"两断三清：\n已断电\"\r\n"
      "\r\n"
      "老王汽修店,,\"他说 \"\"明天\"\" 关\"\r\n"
      "末行无换行,x,y";
  auto t = read_csv(text);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->encoding, "utf-8-bom");
  ASSERT_EQ(t->rows.size(), 4u);
  EXPECT_EQ(t->rows[0].cells, (Cells{"企业名称", "地址", "备注"}));
  EXPECT_EQ(t->rows[1].cells, (Cells{"开封市鑫达塑料厂", "汪屯乡, 宋门路 3 号", "两断三清：\n已断电"}));
  EXPECT_EQ(t->rows[1].line, 2);
  EXPECT_EQ(t->rows[2].cells, (Cells{"老王汽修店", "", "他说 \"明天\" 关"}));
  EXPECT_EQ(t->rows[2].line, 5);  // after the quoted line break and the blank line
  EXPECT_EQ(t->rows[3].cells, (Cells{"末行无换行", "x", "y"}));
}

TEST(CsvReader, GbkFromOlderToolsIsDetected) {
  const std::string gbk =
      "\xC6\xF3\xD2\xB5\xC3\xFB\xB3\xC6\x2C\xCD\xB3\xD2\xBB\xC9\xE7\xBB\xE1\xD0\xC5\xD3\xC3\xB4\xFA\xC2\xEB"
      "\x0D\x0A"
      "\xBF\xAA\xB7\xE2\xCA\xD0\xF6\xCE\xB4\xEF\xCB\xDC\xC1\xCF\xB3\xA7\x2C\x39\x31\x33\x35\x30\x31\x30\x30"
      "\x4D\x30"
      "\x30\x30\x31\x30\x30\x59\x34\x33\x0D\x0A";
  auto t = read_csv(gbk);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->encoding, "gb18030");
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].cells, (Cells{"企业名称", "统一社会信用代码"}));
  EXPECT_EQ(t->rows[1].cells, (Cells{"开封市鑫达塑料厂", "91350100M000100Y43"}));
}

TEST(CsvReader, ExcelUnicodeTextIsUtf16WithTabs) {
  // "名称\t数量\r\n锅炉\t2\r\n" in UTF-16LE with its BOM.
  std::u16string u = u"名称\t数量\r\n锅炉\t2\r\n";
  std::string bytes = "\xFF\xFE";
  for (char16_t c : u) bytes += char(c & 0xFF), bytes += char(c >> 8);
  auto t = read_csv(bytes);
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->encoding, "utf-16le");
  EXPECT_EQ(t->delimiter, '\t');
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].cells, (Cells{"锅炉", "2"}));
}

// Fuzz finding: the delimiter was chosen from the text up to the first LF
// while a lone CR already ended the first record.
// And again: a blank first line, tabs inside the first record's only cell.
TEST(CsvReader, TheDelimiterComesFromTheFirstRecordAsTheParserReadsIt) {
  auto t = read_csv("\n\"a\tb\"\n1,2\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->delimiter, ',');
  EXPECT_EQ(t->rows[1].cells, (Cells{"1", "2"}));
  auto tabs = read_csv("\n\"x,y\"\tz\n1\t2\n");
  ASSERT_TRUE(tabs.ok());
  EXPECT_EQ(tabs->delimiter, '\t');
  EXPECT_EQ(tabs->rows[0].cells, (Cells{"x,y", "z"}));
}

TEST(CsvReader, TheDelimiterComesFromTheFirstLineWhateverEndsIt) {
  auto t = read_csv("名称\ra\tb,c\n");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->delimiter, ',');
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1].cells, (Cells{"a\tb", "c"}));
}

TEST(CsvReader, BrokenFilesNameThePlace) {
  auto open_quote = read_csv("名称,备注\n鑫达,\"没有结束\n下一行\n");
  ASSERT_FALSE(open_quote.ok());
  EXPECT_EQ(open_quote.error().message, "line 2, column 4: a quoted field is not closed");
  auto binary = read_csv(std::string("\xFF\xFF\xFF\x80", 4));
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(binary.error().message.find("neither UTF-8"), std::string::npos);
  auto too_many = read_csv("a\nb\nc\n", 2);
  ASSERT_FALSE(too_many.ok());
  EXPECT_NE(too_many.error().message.find("more than 2 rows"), std::string::npos);
  auto quote_inside = read_csv("a\"b,c\n");  // kept as written
  ASSERT_TRUE(quote_inside.ok());
  EXPECT_EQ(quote_inside->rows[0].cells, (Cells{"a\"b", "c"}));
}

}  // namespace
}  // namespace lantian::io
