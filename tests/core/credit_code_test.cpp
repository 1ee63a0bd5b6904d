// Unified social credit codes (GB 32100-2015) against codes published by
// the enterprises themselves and the standard's example.
#include "core/credit_code.h"

#include <gtest/gtest.h>

namespace lantian {
namespace {

std::string param(const Issue& i, const std::string& key) {
  for (const auto& [k, v] : i.params)
    if (k == key) return v;
  return "(none)";
}

TEST(CreditCode, PublishedCodesAreValid) {
  for (const char* code : {"91350100M000100Y43",  // GB 32100's example
                           "9144030071526726XG",  // Tencent (Shenzhen)
                           "914403001922038216",  // Huawei Technologies
                           "91330100799655058B",  // Alibaba (China)
                           "91110000600037341L"}) {
    auto bad = check_credit_code(code);
    EXPECT_FALSE(bad) << code << ": " << bad->code;
  }
}

TEST(CreditCode, EveryWrongCharacterIsCaughtWithTheExpectedCheck) {
  const std::string good = "9144030071526726XG";
  const std::string set = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  int caught = 0, tried = 0;
  for (size_t i = 0; i < 17; ++i)
    for (char c : set) {
      if (c == good[i]) continue;
      std::string bad = good;
      bad[i] = c;
      ++tried;
      auto why = check_credit_code(bad);
      if (why && why->code == "credit_code_check") ++caught;
    }
  EXPECT_EQ(caught, tried);
  auto why = check_credit_code("9144030071526726XH");
  ASSERT_TRUE(why);
  EXPECT_EQ(why->code, "credit_code_check");
  EXPECT_EQ(param(*why, "expected"), "G");
  // Neighbours swapped.
  auto swapped = check_credit_code("9144030017526726XG");
  ASSERT_TRUE(swapped);
  EXPECT_EQ(swapped->code, "credit_code_check");
}

TEST(CreditCode, LengthAndCharactersAreNamed) {
  auto shorter = check_credit_code("9144030071526726X");
  ASSERT_TRUE(shorter);
  EXPECT_EQ(shorter->code, "credit_code_length");
  EXPECT_EQ(param(*shorter, "length"), "17");
  // I, O, S, V, Z are not in the set (they look like digits).
  auto o = check_credit_code("9144030O71526726XG");
  ASSERT_TRUE(o);
  EXPECT_EQ(o->code, "credit_code_character");
  EXPECT_EQ(param(*o, "position"), "8");
  EXPECT_EQ(param(*o, "character"), "O");
  auto han = check_credit_code("9144030071526726X国");
  ASSERT_TRUE(han);
  EXPECT_EQ(han->code, "credit_code_character");
  EXPECT_EQ(param(*han, "position"), "18");
  EXPECT_EQ(param(*han, "character"), "国");
}

TEST(CreditCode, NormalisingTakesWhatPeopleType) {
  EXPECT_EQ(normalise_credit_code("  9144030071526726xg \n"), "9144030071526726XG");
  // Full-width, from a Chinese input method.
  EXPECT_EQ(normalise_credit_code("９１４４０３００７１５２６７２６ＸＧ"), "9144030071526726XG");
  EXPECT_FALSE(check_credit_code(normalise_credit_code("９１４４０３００７１５２６７２６ｘｇ")));
  EXPECT_EQ(credit_code_check_character("9144030071526726X"), 'G');
}

}  // namespace
}  // namespace lantian
