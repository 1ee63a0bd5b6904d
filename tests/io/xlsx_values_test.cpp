// Cell values without any file: the date systems, date formats, text of
// numbers and A1 references.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "io/xlsx_reader.h"

namespace lantian::io {
namespace {

TEST(XlsxValues, SerialsInThe1900System) {
  EXPECT_EQ(excel_serial_to_date(1, false), "1900-01-01");
  EXPECT_EQ(excel_serial_to_date(59, false), "1900-02-28");
  EXPECT_EQ(excel_serial_to_date(60, false), std::nullopt);  // Excel's 1900-02-29
  EXPECT_EQ(excel_serial_to_date(61, false), "1900-03-01");
  EXPECT_EQ(excel_serial_to_date(36526, false), "2000-01-01");
  EXPECT_EQ(excel_serial_to_date(45351, false), "2024-02-29");
  EXPECT_EQ(excel_serial_to_date(45351.999, false), "2024-02-29");
  EXPECT_EQ(excel_serial_to_date(45351.9999999999, false), "2024-03-01");  // rounds to midnight
  EXPECT_EQ(excel_serial_to_date(2958465, false), "9999-12-31");
  EXPECT_EQ(excel_serial_to_date(2958466, false), std::nullopt);
  EXPECT_EQ(excel_serial_to_date(0.5, false), std::nullopt);  // a time only
  EXPECT_EQ(excel_serial_to_date(-1, false), std::nullopt);
  EXPECT_EQ(excel_serial_to_date(std::nan(""), false), std::nullopt);
}

TEST(XlsxValues, SerialsInThe1904System) {
  EXPECT_EQ(excel_serial_to_date(0, true), "1904-01-01");
  EXPECT_EQ(excel_serial_to_date(59, true), "1904-02-29");
  EXPECT_EQ(excel_serial_to_date(45351 - 1462, true), "2024-02-29");
  EXPECT_EQ(excel_serial_to_date(-1, true), std::nullopt);
}

TEST(XlsxValues, DateFormats) {
  for (int id : {14, 15, 16, 17, 22, 27, 30, 31, 36, 50, 57, 58}) EXPECT_TRUE(is_date_format(id, "")) << id;
  for (int id : {0, 1, 2, 9, 11, 18, 20, 21, 32, 35, 45, 46, 47, 49, 55, 56, 164})
    EXPECT_FALSE(is_date_format(id, "")) << id;
  for (const char* code :
       {"yyyy-mm-dd", "yyyy/m/d;@", "d-mmm", "mmm", "[$-804]yyyy\"年\"m\"月\"d\"日\"",
        "[DBNum1][$-804]yyyy\"年\"m\"月\"", "m/d/yy h:mm", "DD.MM.YYYY", "[Red]yyyy-mm-dd"})
    EXPECT_TRUE(is_date_format(164, code)) << code;
  for (const char* code :
       {"General", "0.00", "#,##0.00\"元\"", "0.00E+00", "h:mm:ss", "mm:ss", "[h]:mm", "[mm]:ss", "@",
        "\"day\" 0", "0\\d", "0.00_);[Red](0.00)", "上午/下午h\"时\"mm\"分\""})
    EXPECT_FALSE(is_date_format(164, code)) << code;
}

Cell number(double v) {
  Cell c;
  c.type = Cell::Type::number;
  c.number = v;
  return c;
}

TEST(XlsxValues, NumbersAsText) {
  EXPECT_EQ(number(3).as_text(), "3");
  EXPECT_EQ(number(-0.0).as_text(), "0");
  EXPECT_EQ(number(1234567890123.0).as_text(), "1234567890123");
  EXPECT_EQ(number(0.1).as_text(), "0.1");
  EXPECT_EQ(number(0.1 + 0.2).as_text(), "0.30000000000000004");
  EXPECT_EQ(number(1.0 / 3).as_text(), "0.3333333333333333");
  EXPECT_EQ(number(1e20).as_text(), "1e+20");
  EXPECT_EQ(number(-2.5).as_text(), "-2.5");
  Cell date = number(45351);
  date.is_date = true;
  EXPECT_EQ(date.as_text(), "2024-02-29");
  date.number = -5;  // not a date after all: shown as the number
  EXPECT_EQ(date.as_text(), "-5");
  EXPECT_EQ(Cell().as_text(), "");
}

TEST(XlsxValues, CellReferences) {
  EXPECT_EQ(parse_cell_ref("A1"), (std::pair{0, 0}));
  EXPECT_EQ(parse_cell_ref("AB12"), (std::pair{11, 27}));
  EXPECT_EQ(parse_cell_ref("XFD1048576"), (std::pair{1048575, 16383}));
  for (const char* bad : {"", "A", "1", "A0", "1A", "XFE1", "A1048577", "A01", "A1:B2", "ABCD1", "A-1"})
    EXPECT_EQ(parse_cell_ref(bad), std::nullopt) << bad;
  EXPECT_EQ(column_from_letters("Z"), 25);
  EXPECT_EQ(column_from_letters("AA"), 26);
  for (int col : {0, 25, 26, 27, 701, 702, 16383}) EXPECT_EQ(column_from_letters(column_letters(col)), col);
  EXPECT_EQ(column_letters(16383), "XFD");
}

}  // namespace
}  // namespace lantian::io
