// BodyMemo (api/body_memo.h): a body is written once per answer object and
// forgotten with it.
#include "api/body_memo.h"

#include <gtest/gtest.h>

namespace lantian::api {
namespace {

TEST(BodyMemo, WritesOncePerAnswerAndAgainForANewOne) {
  BodyMemo memo(4);
  auto answer = std::make_shared<const int>(1);
  int calls = 0;
  auto write = [&] { return "body " + std::to_string(++calls); };
  EXPECT_EQ(*memo.get(answer, write), "body 1");
  EXPECT_EQ(*memo.get(answer, write), "body 1");
  // Another object of equal value is another answer.
  auto other = std::make_shared<const int>(1);
  EXPECT_EQ(*memo.get(other, write), "body 2");
  EXPECT_EQ(*memo.get(answer, write), "body 1");
  EXPECT_EQ(memo.writes(), 2u);
}

TEST(BodyMemo, AGoneAnswerIsForgottenAndTheOldestGoesWhenFull) {
  BodyMemo memo(2);
  int calls = 0;
  auto write = [&] { return std::to_string(++calls); };
  {
    auto gone = std::make_shared<const int>(7);
    EXPECT_EQ(*memo.get(gone, write), "1");
  }
  // An answer made now may sit where the gone one was; it is still new.
  auto a = std::make_shared<const int>(7);
  EXPECT_EQ(*memo.get(a, write), "2");
  auto b = std::make_shared<const int>(8), c = std::make_shared<const int>(9);
  EXPECT_EQ(*memo.get(b, write), "3");
  EXPECT_EQ(*memo.get(c, write), "4");  // full: `a` goes
  EXPECT_EQ(*memo.get(c, write), "4");
  EXPECT_EQ(*memo.get(a, write), "5");
}

}  // namespace
}  // namespace lantian::api
