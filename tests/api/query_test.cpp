// Query-string reading (api/query.h): percent-decoding and lists.
#include "api/query.h"

#include <gtest/gtest.h>

namespace lantian::api {
namespace {

using Strings = std::vector<std::string>;

TEST(Query, ListsCommaSeparatedValuesInOrderWithoutEmptyPieces) {
  auto q = Query::parse("status=a,b&layers=%E4%BC%81%E4%B8%9A,,inspections,&one=x&empty=");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->list("status"), (Strings{"a", "b"}));
  EXPECT_EQ(q->list("layers"), (Strings{"企业", "inspections"}));
  EXPECT_EQ(q->list("one"), (Strings{"x"}));
  EXPECT_EQ(q->list("empty"), Strings{});
  EXPECT_EQ(q->list("absent"), Strings{});
}

TEST(Query, ACommaEncodedIsStillASeparator) {
  // Browsers send "a,b" as typed, but some clients encode the comma.
  auto q = Query::parse("status=a%2Cb");
  ASSERT_TRUE(q.ok());
  EXPECT_EQ(q->list("status"), (Strings{"a", "b"}));
}

}  // namespace
}  // namespace lantian::api
