// Range headers (api/byte_range.h), without a server.
#include "api/byte_range.h"

#include <gtest/gtest.h>

namespace lantian::api {
namespace {

TEST(ByteRange, SingleRanges) {
  auto r = parse_byte_range("bytes=0-99", 1000);
  ASSERT_FALSE(r.whole || r.unsatisfiable);
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(r.range.last, 99u);
  EXPECT_EQ(r.range.length(), 100u);
  r = parse_byte_range("bytes=990-2000", 1000);  // clipped to the end
  EXPECT_EQ(r.range.last, 999u);
  r = parse_byte_range("bytes=500-", 1000);
  EXPECT_EQ(r.range.first, 500u);
  EXPECT_EQ(r.range.last, 999u);
  r = parse_byte_range("bytes=-10", 1000);
  EXPECT_EQ(r.range.first, 990u);
  r = parse_byte_range("bytes=-5000", 1000);  // a suffix longer than the file: all of it
  EXPECT_EQ(r.range.first, 0u);
  EXPECT_EQ(r.range.last, 999u);
}

TEST(ByteRange, UnsatisfiableAndIgnored) {
  EXPECT_TRUE(parse_byte_range("bytes=1000-", 1000).unsatisfiable);
  EXPECT_TRUE(parse_byte_range("bytes=-0", 1000).unsatisfiable);
  EXPECT_TRUE(parse_byte_range("bytes=0-", 0).unsatisfiable);
  for (const char* h : {"", "bytes=", "bytes=a-b", "bytes=5-1", "items=0-1", "bytes=0-1,3-4", "bytes=--1",
                        "bytes=99999999999999999999-"})
    EXPECT_TRUE(parse_byte_range(h, 1000).whole) << h;
}

}  // namespace
}  // namespace lantian::api
