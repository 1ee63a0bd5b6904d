// Ledger row values (core/ledger_values.h) against a shipped ledger type (the
// coal boilers): what a form, the API or a spreadsheet cell may hold, and the
// coded refusal of everything else.
#include "core/ledger_values.h"

#include <gtest/gtest.h>

#include "core/ledgers.h"

namespace lantian {
namespace {

class LedgerValuesTest : public ::testing::Test {
 protected:
  const LedgerType& boilers() {
    const LedgerType* t = ledger_types().find("coal_boilers");
    EXPECT_NE(t, nullptr);
    return *t;
  }
  const LedgerField& field(const char* name) { return *boilers().field(name); }
  // The normalised value, or the issue's code.
  std::variant<LedgerValue, std::string> check(const char* name, RawValue raw) {
    auto r = check_ledger_value(field(name), raw);
    if (auto i = std::get_if<Issue>(&r)) return i->code;
    return std::get<LedgerValue>(r);
  }
  static std::variant<LedgerValue, std::string> value(LedgerValue v) { return v; }
  static std::variant<LedgerValue, std::string> code(const char* c) { return std::string(c); }
};

TEST_F(LedgerValuesTest, EachTypeAcceptsWhatPeopleEnterAndNormalisesIt) {
  EXPECT_EQ(check("owner_name", std::string("  开封市某某浴池 ")), value(std::string("开封市某某浴池")));
  EXPECT_EQ(check("capacity", 2.0), value(2.0));
  EXPECT_EQ(check("capacity", std::string("0.5")), value(0.5));
  EXPECT_EQ(check("fuel", std::string("raw_coal")), value(std::string("raw_coal")));
  EXPECT_EQ(check("fuel", std::string("原煤（散煤）")), value(std::string("raw_coal")));  // the label
  EXPECT_EQ(check("fuel", std::string("Biomass")), value(std::string("biomass")));
  for (auto text : {"2017-11-30", "2017/11/30", "2017.11.30", "2017年11月30日", "2017-11-30 "})
    EXPECT_EQ(check("deadline", std::string(text)), value(std::string("2017-11-30"))) << text;
  EXPECT_EQ(check("deadline", std::string("2017/1/5")), value(std::string("2017-01-05")));
  EXPECT_EQ(check("deadline", 43069.0), value(std::string("2017-11-30")));  // a spreadsheet serial
  EXPECT_EQ(check("in_built_up_area", std::string("是")), value(true));
  EXPECT_EQ(check("in_built_up_area", std::string("×")), value(false));
  EXPECT_EQ(check("in_built_up_area", 1.0), value(true));
  EXPECT_EQ(check("in_built_up_area", false), value(false));
  EXPECT_EQ(check("contact_phone", std::string("13837812345")), value(std::string("13837812345")));
  EXPECT_EQ(check("contact_phone", 13837812345.0), value(std::string("13837812345")));
  EXPECT_EQ(check("credit_code", std::string("９１４４０３００７１５２６７２６ｘｇ")),
            value(std::string("9144030071526726XG")));
  EXPECT_EQ(check("remarks", nullptr), value(LedgerValue{}));  // optional, empty
}

TEST_F(LedgerValuesTest, EverythingElseIsRefusedWithItsCode) {
  EXPECT_EQ(check("owner_name", std::string("  ")), code("required"));
  EXPECT_EQ(check("owner_name", nullptr), code("required"));
  EXPECT_EQ(check("owner_name", std::string(300, 'x')), code("too_long"));
  EXPECT_EQ(check("owner_name", std::string("a\x01")), code("control_characters"));
  EXPECT_EQ(check("capacity", std::string("两吨")), code("not_a_number"));
  EXPECT_EQ(check("capacity", 36.0), code("out_of_range"));
  EXPECT_EQ(check("capacity", -1.0), code("out_of_range"));
  EXPECT_EQ(check("fuel", std::string("gas")), code("one_of"));
  EXPECT_EQ(check("deadline", std::string("2017-02-30")), code("not_a_date"));
  EXPECT_EQ(check("deadline", std::string("30/11/2017")), code("not_a_date"));
  EXPECT_EQ(check("deadline", 43069.5), code("not_a_date"));
  EXPECT_EQ(check("in_built_up_area", std::string("maybe")), code("not_a_boolean"));
  EXPECT_EQ(check("contact_phone", std::string("12345")), code("bad_phone"));
  EXPECT_EQ(check("credit_code", std::string("9144030071526726XH")), code("credit_code_check"));
}

TEST_F(LedgerValuesTest, ARowNamesEveryFieldInError) {
  std::map<std::string, LedgerValue> out;
  auto errors = check_ledger_values(boilers(),
                                    {{"owner_name", std::string("某某浴池")},
                                     {"capacity", std::string("40")},
                                     {"colour", std::string("red")},
                                     {"fuel", std::string("型煤")}},
                                    false, out);
  std::map<std::string, std::string> by_field;
  for (const auto& e : errors) by_field[e.field] = e.code;
  EXPECT_EQ(by_field["capacity"], "out_of_range");
  EXPECT_EQ(by_field["colour"], "unknown_field");
  EXPECT_EQ(by_field["boiler_number"], "required");  // required, not given
  EXPECT_EQ(by_field.count("fuel"), 0u);
  EXPECT_EQ(std::get<std::string>(out["fuel"]), "briquette");
  // An edit checks only what it changes.
  out.clear();
  EXPECT_TRUE(check_ledger_values(boilers(), {{"capacity", 4.0}}, true, out).empty());
  EXPECT_EQ(std::get<double>(out["capacity"]), 4.0);
}

// What a row is filtered by: the type's filter fields with a value, as the
// list matches them (the built-in filters are the row's own columns).
TEST_F(LedgerValuesTest, FilterValuesAreTheTypesFilterFields) {
  std::map<std::string, LedgerValue> values = {{"fuel", std::string("briquette")},
                                               {"disposition", std::string("gas")},
                                               {"in_built_up_area", true},
                                               {"capacity", 2.0},
                                               {"owner_name", std::string("某某浴池")}};
  auto got = ledger_filter_values(boilers(), values);
  std::map<std::string, std::string> by_field(got.begin(), got.end());
  for (const auto& f : boilers().filters) {
    const LedgerField* field = boilers().field(f);
    if (!field) {
      EXPECT_EQ(by_field.count(f), 0u) << f << " is a built-in";
      continue;
    }
    auto v = values.find(f);
    if (v == values.end())
      EXPECT_EQ(by_field.count(f), 0u) << f;
    else if (auto b = std::get_if<bool>(&v->second))
      EXPECT_EQ(by_field[f], *b ? "1" : "0") << f;
    else
      EXPECT_EQ(by_field[f], std::get<std::string>(v->second)) << f;
  }
  EXPECT_EQ(by_field.count("owner_name"), 0u);  // not a filter
  EXPECT_EQ(by_field.count("capacity"), 0u);
  EXPECT_FALSE(got.empty());
}

}  // namespace
}  // namespace lantian
