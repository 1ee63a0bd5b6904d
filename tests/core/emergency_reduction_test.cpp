// The emergency reduction list's reductions (core/emergency_reduction.h):
// golden cases worked by hand — met exactly at the boundary, a shortfall,
// a stop counting 100 %, rows off the list left out, missing data reported
// rather than counted — and the shipped ledger type carrying what the
// computation reads.
#include "core/emergency_reduction.h"

#include <gtest/gtest.h>

#include "core/ledgers.h"
#include "core/warning_standard.h"

namespace lantian {
namespace {

constexpr int64_t kT = kReductionAmountPerTonne;  // 1 t/d as a ReductionAmount

ReductionSource source(int64_t id, std::string status, std::map<std::string, LedgerValue> values) {
  return ReductionSource{{id, "源" + std::to_string(id), 7, "南郊乡", std::move(status)}, std::move(values)};
}

const std::vector<std::string> kOnList = {"listed", "violating"};

const ReductionPollutantTotals& at(const ReductionPlan& plan, const std::string& level, size_t pollutant) {
  for (const auto& l : plan.levels)
    if (l.level == level) return l.pollutants.at(pollutant);
  throw std::runtime_error("no level " + level);
}

// Two sources with SO2 only: 20 t/d stopped at red and cut 50 % at orange,
// 25 % at yellow; 80 t/d cut 12.5 % at red and orange, 5 % at yellow. The
// list's 100 t/d is the basis: red needs 30 t and gets 20 + 10 = 30 (met
// exactly), orange needs 20 and gets 10 + 10, yellow needs 10 and gets 5 + 4.
std::vector<ReductionSource> boundary_sources() {
  return {source(1, "listed",
                 {{"baseline_so2", 20.0},
                  {"red_measure", std::string("stop_lines")},
                  {"orange_measure", std::string("cut_production")},
                  {"orange_cut", 50.0},
                  {"yellow_measure", std::string("cut_production")},
                  {"yellow_cut", 25.0}}),
          source(2, "listed",
                 {{"baseline_so2", 80.0},
                  {"red_measure", std::string("cut_production")},
                  {"red_cut", 12.5},
                  {"orange_measure", std::string("other")},
                  {"orange_cut", 12.5},
                  {"yellow_measure", std::string("cut_production")},
                  {"yellow_cut", 5.0}})};
}

TEST(EmergencyReduction, MetExactlyAtTheBoundaryAndShortBelowIt) {
  const auto rules = emergency_reduction_rules();
  auto plan = compute_reduction_plan(rules, kOnList, boundary_sources(), {});
  ASSERT_EQ(plan.levels.size(), 3u);  // the shipped blue requires no cut
  EXPECT_EQ(plan.levels[0].level, "yellow");
  EXPECT_EQ(plan.levels[2].pollutants[0].required_milli_percent, 30'000);

  const auto& red = at(plan, "red", 0);
  EXPECT_EQ(red.pollutant, "so2");
  EXPECT_EQ(red.baseline_milli, 100'000);
  EXPECT_FALSE(red.basis_inventory);
  EXPECT_EQ(red.required, 30 * kT);
  EXPECT_EQ(red.reduction, 30 * kT);
  EXPECT_EQ(red.shortfall, 0);
  EXPECT_TRUE(red.met);
  const auto& orange = at(plan, "orange", 0);
  EXPECT_EQ(orange.reduction, 20 * kT);
  EXPECT_TRUE(orange.met);
  const auto& yellow = at(plan, "yellow", 0);
  EXPECT_EQ(yellow.required, 10 * kT);
  EXPECT_EQ(yellow.reduction, 9 * kT);
  EXPECT_EQ(yellow.shortfall, 1 * kT);
  EXPECT_FALSE(yellow.met);
  EXPECT_FALSE(plan.levels[0].met);
  EXPECT_DOUBLE_EQ(reduction_tonnes(yellow.shortfall), 1.0);

  // The other pollutants: nobody gave a baseline, nothing is required of them,
  // and both rows are named as lacking them.
  const auto& nox = at(plan, "red", 1);
  EXPECT_EQ(nox.baseline_milli, 0);
  EXPECT_EQ(nox.required, 0);
  EXPECT_TRUE(nox.met);
  EXPECT_EQ(nox.rows_missing_baseline, 2);

  // The stopped source carries the most at red: first.
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(plan.rows[0].row.id, 1);
  EXPECT_EQ(plan.rows[0].levels[2].cut_milli_percent, 100'000);
  EXPECT_EQ(plan.rows[0].levels[2].reductions[0], 20 * kT);
  EXPECT_EQ(plan.rows[1].levels[2].reductions[0], 10 * kT);
  EXPECT_EQ(plan.rows[1].levels[2].reductions[1], std::nullopt);
}

// The district's inventory is the basis when it is given: 100.001 t/d of SO2
// asks for 30.0003 t at red, which the list's 30 t misses by 0.0003 t — an
// amount doubles would round away.
TEST(EmergencyReduction, TheInventoryIsTheBasisWhenGivenAndTheShortfallIsExact) {
  auto plan = compute_reduction_plan(emergency_reduction_rules(), kOnList, boundary_sources(),
                                     {100'001, std::nullopt, std::nullopt, std::nullopt});
  const auto& red = at(plan, "red", 0);
  EXPECT_TRUE(red.basis_inventory);
  EXPECT_EQ(red.basis_milli, 100'001);
  EXPECT_EQ(red.baseline_milli, 100'000);
  EXPECT_EQ(red.required, 30 * kT + 30'000);
  EXPECT_EQ(red.shortfall, 30'000);
  EXPECT_FALSE(red.met);
  EXPECT_FALSE(at(plan, "red", 1).basis_inventory);
}

// A stop of earthwork or transport cuts the whole baseline whatever its %
// says; a production cut counts its %.
TEST(EmergencyReduction, AStopCountsAHundredPercent) {
  auto plan = compute_reduction_plan(emergency_reduction_rules(), kOnList,
                                     {source(5, "violating",
                                             {{"baseline_pm", 1.234},
                                              {"red_measure", std::string("stop_earthwork")},
                                              {"red_cut", 20.0},
                                              {"orange_measure", std::string("stop_transport")},
                                              {"yellow_measure", std::string("cut_production")},
                                              {"yellow_cut", 33.333}})},
                                     {});
  const auto& row = plan.rows.at(0);
  EXPECT_EQ(row.levels[2].cut_milli_percent, 100'000);
  EXPECT_EQ(row.levels[2].reductions[2], 1'234 * kT / 1000);
  EXPECT_EQ(row.levels[1].reductions[2], 1'234 * kT / 1000);
  EXPECT_EQ(row.levels[0].reductions[2], int64_t(1'234) * 33'333);  // 0.41132922 t/d
  EXPECT_EQ(at(plan, "red", 2).reduction, 1'234 * kT / 1000);
  EXPECT_TRUE(at(plan, "red", 2).met);
}

// Rows drafting, submitted or struck off are not on the list.
TEST(EmergencyReduction, RowsOffTheListAreLeftOut) {
  auto sources = boundary_sources();
  for (const char* status : {"drafting", "submitted", "struck_off"})
    sources.push_back(
        source(9, status, {{"baseline_so2", 1000.0}, {"red_measure", std::string("stop_lines")}}));
  auto plan = compute_reduction_plan(emergency_reduction_rules(), kOnList, sources, {});
  EXPECT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(at(plan, "red", 0).baseline_milli, 100'000);
  EXPECT_EQ(at(plan, "red", 0).reduction, 30 * kT);
}

// A row without any baseline cannot count and says so; a level without a
// measure or with a production cut but no % cuts nothing and names the field.
TEST(EmergencyReduction, MissingDataIsReportedNotCounted) {
  auto plan = compute_reduction_plan(emergency_reduction_rules(), kOnList,
                                     {source(3, "listed", {{"red_measure", std::string("stop_lines")}}),
                                      source(4, "listed",
                                             {{"baseline_nox", 2.0},
                                              {"baseline_so2", 0.0},
                                              {"red_measure", std::string("cut_production")},
                                              {"orange_cut", 40.0}})},
                                     {});
  ASSERT_EQ(plan.rows.size(), 2u);
  EXPECT_EQ(plan.rows_not_counted, 1);
  const ReductionRow* none = nullptr;
  const ReductionRow* partial = nullptr;
  for (const auto& r : plan.rows) (r.row.id == 3 ? none : partial) = &r;
  ASSERT_TRUE(none && partial);
  EXPECT_FALSE(none->counted);
  EXPECT_EQ(none->missing, (std::vector<std::string>{"baseline_so2", "baseline_nox", "baseline_pm",
                                                     "baseline_vocs", "yellow_measure", "orange_measure"}));
  EXPECT_EQ(none->levels[2].reductions[0], std::nullopt);

  EXPECT_TRUE(partial->counted);
  EXPECT_EQ(partial->missing,
            (std::vector<std::string>{"baseline_pm", "baseline_vocs", "yellow_measure", "red_cut"}));
  EXPECT_EQ(partial->levels[1].reductions[1], 80'000'000);  // 40 % of 2 t/d, with no measure named
  EXPECT_EQ(partial->levels[2].cut_milli_percent, std::nullopt);
  EXPECT_EQ(partial->levels[2].reductions[1], 0);
  EXPECT_EQ(at(plan, "red", 1).baseline_milli, 2'000);
  EXPECT_EQ(at(plan, "red", 1).reduction, 0);
  EXPECT_EQ(at(plan, "red", 1).shortfall, 60'000'000);  // 30 % of 2 t/d
  EXPECT_EQ(at(plan, "red", 0).rows_missing_baseline, 1);
  EXPECT_EQ(at(plan, "red", 2).rows_missing_baseline, 2);
}

// The shipped type has every field the computation reads, and its count of
// rows names the states on the list; a type without them is told which.
TEST(EmergencyReduction, TheShippedTypeCarriesWhatTheComputationReads) {
  const LedgerType* t = ledger_types().find(kEmergencyReductionList);
  ASSERT_NE(t, nullptr);
  auto ok = check_reduction_type(emergency_reduction_rules(), *t);
  EXPECT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(reduction_list_states(*t), (std::vector<std::string>{"listed", "violating"}));

  LedgerType broken = *t;
  std::erase_if(broken.fields, [](const LedgerField& f) { return f.name == "baseline_vocs"; });
  for (auto& f : broken.fields)
    if (f.name == "red_measure")
      std::erase_if(f.choices, [](const FieldChoice& c) { return c.code == "stop_transport"; });
  broken.counts.clear();
  auto bad = check_reduction_type(emergency_reduction_rules(), broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("\"baseline_vocs\""), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("\"stop_transport\""), std::string::npos);
  EXPECT_NE(bad.error().message.find("count of rows"), std::string::npos);
}

// The required cuts are the warning standard's: a locality that asks more of
// NOx at orange, and something at blue, is checked against exactly that.
TEST(EmergencyReduction, TheRequiredCutsAreTheWarningStandards) {
  std::string text(shipped_warning_standard());
  auto replace = [&](const std::string& from, const std::string& to) {
    auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
  };
  replace("reduction = { so2 = 0, nox = 0, pm = 0, vocs = 0 }",
          "reduction = { so2 = 5, nox = 0, pm = 0, vocs = 0 }");
  replace("reduction = { so2 = 20, nox = 20, pm = 20, vocs = 20 }",
          "reduction = { so2 = 20, nox = 25, pm = 20, vocs = 20 }");
  auto standard = parse_warning_standard(text, "local.toml");
  ASSERT_TRUE(standard.ok()) << standard.error().message;
  ReductionRules rules = reduction_rules(*standard);
  ASSERT_EQ(rules.levels.size(), 4u);
  EXPECT_EQ(rules.levels[0].level, "blue");
  EXPECT_EQ(rules.levels[0].measure_field, "blue_measure");
  EXPECT_EQ(rules.levels[0].required_milli_percent, (std::vector<int64_t>{5'000, 0, 0, 0}));
  EXPECT_EQ(rules.levels[2].required_milli_percent, (std::vector<int64_t>{20'000, 25'000, 20'000, 20'000}));

  // The shipped list type has no blue fields: a deployment must add them.
  const LedgerType* t = ledger_types().find(kEmergencyReductionList);
  ASSERT_NE(t, nullptr);
  auto refused = check_reduction_type(rules, *t);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("blue_measure"), std::string::npos) << refused.error().message;

  // Orange asks 25 % of NOx: 100 t/d cut by 20 % is short by 5 t/d there, and not for SO2.
  rules.levels.erase(rules.levels.begin());
  auto plan = compute_reduction_plan(
      rules, kOnList,
      {source(1, "listed", {{"baseline_so2", 100.0}, {"baseline_nox", 100.0}, {"orange_cut", 20.0}})}, {});
  const auto& so2 = at(plan, "orange", 0);
  const auto& nox = at(plan, "orange", 1);
  EXPECT_EQ(so2.required_milli_percent, 20'000);
  EXPECT_TRUE(so2.met);
  EXPECT_EQ(nox.required_milli_percent, 25'000);
  EXPECT_EQ(nox.shortfall, 5 * kT);
  EXPECT_FALSE(nox.met);
}

}  // namespace
}  // namespace lantian
