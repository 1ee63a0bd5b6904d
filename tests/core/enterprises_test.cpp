// The enterprise registry's rules (core/enterprises.h): statuses as data with
// both labels, the GB/T 4754 industry code, the field lists shared by the API
// and the CSV import.
#include "core/enterprises.h"

#include <gtest/gtest.h>

#include <set>

#include "core/ledger_values.h"

namespace lantian {
namespace {

TEST(Enterprises, StatusesAreDataWithBothLabels) {
  std::set<std::string_view> codes;
  for (const auto& s : enterprise_statuses()) {
    EXPECT_TRUE(codes.insert(s.code).second) << s.code;
    EXPECT_FALSE(s.label_zh.empty()) << s.code;
    EXPECT_FALSE(s.label_en.empty()) << s.code;
    EXPECT_EQ(find_enterprise_status(s.code), &s);
  }
  EXPECT_EQ(enterprise_statuses().front().code, "operating");  // where a new one starts
  for (auto c : {"stopped", "banned", "relocated"}) EXPECT_TRUE(codes.count(c)) << c;
  EXPECT_EQ(find_enterprise_status("closed_down"), nullptr);
  EXPECT_NE(find_relocation_alert_status("open"), nullptr);
  EXPECT_NE(find_relocation_alert_status("confirmed"), nullptr);
  EXPECT_NE(find_relocation_alert_status("dismissed"), nullptr);
  EXPECT_EQ(find_relocation_alert_status("closed"), nullptr);
}

std::string code_of(std::string_view input) {
  auto bad = check_industry_code(normalise_industry_code(input));
  return bad ? bad->code : "";
}

TEST(Enterprises, IndustryCodeFormat) {
  // A section letter with 2..4 digits, or the digits alone.
  for (auto ok : {"C2927", "C292", "C29", "2927", "29", "A0111", "T97", "K70", "F5123"})
    EXPECT_EQ(code_of(ok), "") << ok;
  // Full-width and lower case, as typed with a Chinese input method.
  EXPECT_EQ(normalise_industry_code(" ｃ２９２７ "), "C2927");
  EXPECT_EQ(code_of("ｃ２９２７"), "");
  for (auto bad : {"", "C", "2", "C2", "C29271", "29271", "CC29", "C-29", "29a", "U97", "98", "00"})
    EXPECT_EQ(code_of(bad), "industry_code_format") << bad;
  // The division (first two digits) must be the section's: 29 is manufacturing (C).
  auto wrong = check_industry_code("A2927");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->code, "industry_code_section");
  EXPECT_EQ(wrong->params, (Params{{"division", "29"}, {"section", "C"}}));
  EXPECT_EQ(code_of("B13"), "industry_code_section");  // 13 begins C
  EXPECT_EQ(code_of("C13"), "");
  EXPECT_EQ(code_of("C43"), "");
  EXPECT_EQ(code_of("D44"), "");
}

TEST(Enterprises, FieldsCheckValuesAsTheLedgersDo) {
  const LedgerField* code = find_field(enterprise_fields(), "credit_code");
  ASSERT_NE(code, nullptr);
  auto v = check_ledger_value(*code, RawValue{std::string("９１３５０１００Ｍ０００１００Ｙ４３")});
  ASSERT_TRUE(std::holds_alternative<LedgerValue>(v));
  EXPECT_EQ(std::get<std::string>(std::get<LedgerValue>(v)), "91350100M000100Y43");
  const LedgerField* name = find_field(enterprise_fields(), "name");
  ASSERT_NE(name, nullptr);
  EXPECT_TRUE(name->required);
  EXPECT_EQ(find_field(enterprise_fields(), "origin"), nullptr);
  for (auto f : {"name", "credit_code", "legal_rep", "phone", "address", "origin", "banned_on", "reason"})
    EXPECT_NE(find_field(banned_enterprise_fields(), f), nullptr) << f;
  auto date = check_ledger_value(*find_field(banned_enterprise_fields(), "banned_on"),
                                 RawValue{std::string("2017年9月30日")});
  ASSERT_TRUE(std::holds_alternative<LedgerValue>(date));
  EXPECT_EQ(std::get<std::string>(std::get<LedgerValue>(date)), "2017-09-30");
}

}  // namespace
}  // namespace lantian
