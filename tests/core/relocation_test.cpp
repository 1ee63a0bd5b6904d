// The relocation guard's matching (core/relocation.h). The labelled set and
// its precision/recall come with the enterprise registry; these pin the
// parts of a name and the rules of the score.
#include "core/relocation.h"

#include <gtest/gtest.h>

namespace lantian {
namespace {

TEST(Relocation, NamesComeApartIntoTradeNameAndIndustry) {
  auto p = name_parts("开封市禹王台区鑫达塑料颗粒加工厂");
  EXPECT_EQ(p.trade, "鑫达");
  EXPECT_EQ(p.industry, "塑料颗粒加工");
  EXPECT_EQ(name_parts("河南省开封市龙亭区宏发木业有限公司").trade, "宏发");
  EXPECT_EQ(name_parts("祥符区　老王汽修店").trade, "老王");
  EXPECT_EQ(name_parts("郑州市中原区（鑫达）建材市场").trade, "鑫达");
  EXPECT_EQ(name_parts("鑫达").trade, "鑫达");
}

TEST(Relocation, ARenamedWorkshopKeepsItsTradeName) {
  // Region, industry wording and legal form changed; a variant character.
  EXPECT_GT(name_similarity("开封市龙亭区鑫达塑料厂", "禹王台区鑫达塑料颗粒加工有限公司"), 0.8);
  EXPECT_GT(name_similarity("祥符区馨达塑料制品厂", "禹王台区鑫达塑料加工厂"), 0.8);
  // Same industry words, another trade name: not alike.
  EXPECT_LT(name_similarity("禹王台区鑫达塑料颗粒加工厂", "禹王台区宏发塑料颗粒加工厂"), 0.4);
}

TEST(Relocation, EvidenceCombines) {
  EnterpriseIdentity banned{"开封市龙亭区鑫达塑料厂", "王建国", "13837812345", "", "龙亭区北门大街"};
  EnterpriseIdentity renamed{"禹王台区鑫达塑料颗粒加工有限公司", "李秀英", "15903781234", "", "汪屯乡"};
  auto m = match_relocation(banned, renamed);
  EXPECT_TRUE(m.suspected) << m.score;
  EnterpriseIdentity same_phone{"禹王台区恒通建材商行", "李秀英", "138-3781-2345", "", "汪屯乡"};
  m = match_relocation(banned, same_phone);
  EXPECT_TRUE(m.same_phone);
  EXPECT_TRUE(m.suspected);
  EnterpriseIdentity other_trade_same_owner{"禹王台区恒通建材商行", "王建国", "15903781234", "", "汪屯乡"};
  m = match_relocation(banned, other_trade_same_owner);
  EXPECT_TRUE(m.same_legal_rep);
  EXPECT_FALSE(m.suspected) << m.score;  // owners run several trades
  EnterpriseIdentity coded_a{"甲", "", "", "91410205MA3X8E0Q1B", ""},
      coded_b{"乙", "", "", "91410205ma3x8e0q1b", ""};
  m = match_relocation(coded_a, coded_b);
  EXPECT_TRUE(m.same_credit_code);
  EXPECT_EQ(m.score, 1.0);
  EXPECT_EQ(m.reasons.front(), "credit_code");
}

}  // namespace
}  // namespace lantian
