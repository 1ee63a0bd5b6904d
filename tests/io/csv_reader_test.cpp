// CSV as campaign offices have it (io/csv_reader.h): UTF-8 with and without a
// BOM, GBK/GB18030 from older tools, Excel's "Unicode text" (UTF-16, tabs),
// quoted fields across lines, and the place of a broken quote.
#include "io/csv_reader.h"

#include <gtest/gtest.h>

#include <random>

#include "core/text.h"

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

// The splitter read_csv is built on: the same records, as views.
std::vector<Cells> split_all(std::string_view text, char delimiter, std::vector<int>* lines = nullptr,
                             std::string* error = nullptr, size_t max_rows = 1000) {
  std::vector<Cells> out;
  CsvSplitter split(text, delimiter, max_rows);
  for (;;) {
    auto more = split.next();
    if (!more.ok()) {
      if (error) *error = more.error().message;
      break;
    }
    if (!*more) break;
    out.emplace_back(split.cells().begin(), split.cells().end());
    if (lines) lines->push_back(split.line());
  }
  return out;
}

TEST(CsvSplitter, ViewsIntoTheTextUnlessAQuotedCellIsRewritten) {
  std::string storage, encoding;
  const std::string bytes =
      "\xEF\xBB\xBF"
      "a,\"b,c\",\"say \"\"hi\"\"\",\"x\"y\r\n";
  auto text = decode_view(bytes, storage, &encoding);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(encoding, "utf-8-bom");
  EXPECT_EQ(text->data(), bytes.data() + 3);  // no copy of UTF-8
  EXPECT_TRUE(storage.empty());
  CsvSplitter split(*text, ',');
  auto more = split.next();
  ASSERT_TRUE(more.ok() && *more);
  const auto& c = split.cells();
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0], "a");
  EXPECT_EQ(c[1], "b,c");
  EXPECT_EQ(c[2], "say \"hi\"");
  EXPECT_EQ(c[3], "xy");                 // text after the closing quote is kept
  EXPECT_GE(c[1].data(), text->data());  // plain quoted cells are views into the text
  EXPECT_LT(c[1].data(), text->data() + text->size());
  more = split.next();
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
}

TEST(CsvSplitter, LinesCrlfBlankRecordsAndLineBreaksInQuotes) {
  std::vector<int> lines;
  std::string error;
  auto rows = split_all("h1,h2\r\n\r\n\"two\nlines\",x\rlone cr,\"\"\n\"\"\n,\nlast", ',', &lines, &error);
  EXPECT_EQ(error, "");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], (Cells{"h1", "h2"}));
  EXPECT_EQ(rows[1], (Cells{"two\nlines", "x"}));
  EXPECT_EQ(rows[2], (Cells{"lone cr", ""}));
  EXPECT_EQ(rows[3], (Cells{"", ""}));  // "" alone is blank; "," is two empty cells
  EXPECT_EQ(rows[4], (Cells{"last"}));
  EXPECT_EQ(lines, (std::vector<int>{1, 3, 5, 7, 8}));
}

TEST(CsvSplitter, ErrorsNameThePlaceAndStay) {
  std::string error;
  auto rows = split_all("a,b\n中文,\"x\n\"y\",\"open\nmore", ',', nullptr, &error);
  EXPECT_EQ(rows.size(), 1u);
  EXPECT_EQ(error, "line 3, column 5: a quoted field is not closed");
  CsvSplitter split("a\nb\nc\n", ',', 2);
  EXPECT_TRUE(split.next().ok());
  EXPECT_TRUE(split.next().ok());
  auto third = split.next();
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().message, "more than 2 rows");
  EXPECT_TRUE(split.failed());
  EXPECT_FALSE(split.next().ok());
}

// The parser as it was before CsvSplitter (a character at a time, a
// std::string per cell): the splitter must agree with it on every text.
struct ReferenceRow {
  int line;
  Cells cells;
  bool operator==(const ReferenceRow&) const = default;
};
std::pair<std::vector<ReferenceRow>, std::string> reference_split(const std::string& s, char delimiter,
                                                                  size_t max_rows) {
  std::vector<ReferenceRow> rows;
  int line = 1, column = 1;
  ReferenceRow row{1, {}};
  std::string cell;
  bool quoted = false, was_quoted = false, any = false;
  int quote_line = 0, quote_column = 0;
  auto end_cell = [&] {
    row.cells.push_back(std::move(cell));
    cell.clear();
    was_quoted = false;
  };
  auto end_row = [&]() -> bool {
    end_cell();
    bool blank = row.cells.size() == 1 && row.cells[0].empty();
    if (!blank) {
      if (rows.size() >= max_rows) return false;
      rows.push_back(std::move(row));
    }
    row = ReferenceRow{line, {}};
    any = false;
    return true;
  };
  const std::string too_many = "more than " + std::to_string(max_rows) + " rows";
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          cell += '"';
          ++i, ++column;
        } else {
          quoted = false;
        }
      } else {
        cell += c;
        if (c == '\n') ++line, column = 0;
      }
    } else if (c == '"' && cell.empty() && !was_quoted) {
      quoted = was_quoted = true;
      quote_line = line, quote_column = column;
    } else if (c == delimiter) {
      end_cell();
    } else if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') {
    } else if (c == '\n' || c == '\r') {
      ++line;
      if (!end_row()) return {rows, too_many};
      column = 0;
    } else {
      cell += c;
    }
    any = true;
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
  }
  if (quoted)
    return {rows, "line " + std::to_string(quote_line) + ", column " + std::to_string(quote_column) +
                      ": a quoted field is not closed"};
  if (any || !cell.empty() || !row.cells.empty())
    if (!end_row()) return {rows, too_many};
  return {rows, ""};
}

TEST(CsvSplitter, AgreesWithTheCharacterAtATimeParserOnRandomTexts) {
  const std::vector<std::string> pieces = {"a",    "bc", "中", ",",    "\t", "\"",
                                           "\"\"", "\r", "\n", "\r\n", " ",  ""};
  std::mt19937 rng(13);
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const int len = int(rng() % 40);
    for (int k = 0; k < len; ++k) text += pieces[rng() % pieces.size()];
    const char delimiter = round % 3 == 0 ? '\t' : ',';
    const size_t max_rows = 1 + rng() % 6;
    auto [want, want_error] = reference_split(text, delimiter, max_rows);
    std::vector<int> lines;
    std::string error;
    auto got = split_all(text, delimiter, &lines, &error, max_rows);
    std::vector<ReferenceRow> got_rows;
    for (size_t r = 0; r < got.size(); ++r) got_rows.push_back({lines[r], got[r]});
    // The reference reports an error without the rows split before it.
    ASSERT_EQ(error, want_error) << text;
    if (want_error.empty()) {
      ASSERT_EQ(got_rows, want) << text;
    }
  }
}

// decode_view passes ASCII eight bytes at a time: it must still judge every
// text as valid_utf8 does, wherever the multi-byte sequences fall.
TEST(CsvReader, Utf8IsCheckedAsValidUtf8ChecksIt) {
  const std::vector<std::string> pieces = {"a",
                                           "abcdefgh",
                                           "中",
                                           "\xE4\xB8",
                                           "\xAD",
                                           "\xC0\x80",
                                           "\xED\xA0\x80",
                                           "\xF0\x9F\x98\x80",
                                           "\xF4\x90\x80\x80",
                                           "\xFF",
                                           "\xC3\xA9",
                                           ","};
  std::mt19937 rng(7);
  for (int round = 0; round < 5000; ++round) {
    std::string text;
    for (int k = int(rng() % 30); k > 0; --k) text += pieces[rng() % pieces.size()];
    std::string storage;
    auto got = decode_view("\xEF\xBB\xBF" + text, storage);
    ASSERT_EQ(got.ok(), valid_utf8(text)) << text;
  }
}

}  // namespace
}  // namespace lantian::io
