// Inspection checklists as data (core/checklist.h): the shipped ones load
// against the shipped ledger types; mistakes are named with their place.
#include "core/checklist.h"

#include <gtest/gtest.h>

#include "core/ledgers.h"

namespace lantian {
namespace {

bool is_target(std::string_view t) { return t == "enterprise" || ledger_types().find(t); }

TEST(Checklists, TheShippedOnesLoadAndCoverTheirPlaces) {
  auto set = load_checklists({}, "", is_target);
  ASSERT_TRUE(set.ok()) << set.error().message;
  const Checklist* six = set->find("construction_six");
  ASSERT_NE(six, nullptr);
  EXPECT_EQ(six->items.size(), 6u);
  EXPECT_TRUE(six->applies_to("construction_sites"));
  EXPECT_FALSE(six->applies_to("gas_stations"));
  const Checklist* closure = set->find("closure_checks");
  ASSERT_NE(closure, nullptr);
  EXPECT_NE(closure->item("water_cut"), nullptr);
  EXPECT_TRUE(closure->applies_to("enterprise"));
  EXPECT_NE(set->find("vapour_recovery"), nullptr);
  // The spot check during an alert, of the sources on the emergency reduction list.
  const Checklist* spot = set->find("emergency_measures");
  ASSERT_NE(spot, nullptr);
  EXPECT_TRUE(spot->applies_to("emergency_reduction_list"));
  EXPECT_NE(spot->item("lines_stopped"), nullptr);
  EXPECT_EQ(checklists().all().size(), set->all().size());
}

TEST(Checklists, MistakesAreNamedWithTheirPlace) {
  auto c = parse_checklist(R"(name = "Bad Name"
label = { zh-CN = "检查" }
targets = ["nowhere"]
[[items]]
code = "a"
label = { zh-CN = "甲", en = "A" }
[[items]]
code = "a"
label = { zh-CN = "乙", en = "B" }
colour = "red"
)",
                           "bad.toml", is_target);
  ASSERT_FALSE(c.ok());
  const std::string& m = c.error().message;
  EXPECT_NE(m.find("bad.toml:1:"), std::string::npos) << m;
  EXPECT_NE(m.find("lower_snake_case"), std::string::npos) << m;
  EXPECT_NE(m.find("\"nowhere\" is neither"), std::string::npos) << m;
  EXPECT_NE(m.find("duplicate code"), std::string::npos) << m;
  EXPECT_NE(m.find("colour"), std::string::npos) << m;
  EXPECT_NE(m.find("en"), std::string::npos) << m;
  auto renamed = load_checklists({{"other.toml",
                                   "name = \"x\"\nlabel = { zh-CN = \"x\", en = \"x\" }\ntargets = "
                                   "[\"enterprise\"]\n[[items]]\ncode = \"a\"\nlabel = { zh-CN = "
                                   "\"甲\", en = \"A\" }\n"}},
                                 "/etc/lantian/checklists", is_target);
  ASSERT_FALSE(renamed.ok());
  EXPECT_NE(renamed.error().message.find("/etc/lantian/checklists/other.toml"), std::string::npos);
  EXPECT_EQ(check_result_named("fail"), CheckResult::fail);
  EXPECT_FALSE(check_result_named("maybe"));
  EXPECT_EQ(check_result_name(CheckResult::not_applicable), "not_applicable");
}

}  // namespace
}  // namespace lantian
