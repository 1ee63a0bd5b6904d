// Golden IAQI values of both editions, from the worked examples of the
// standards digest (domain/aqi-standards.md §5.1: E1–E37): boundaries, the
// new 2026 PM breakpoints, CO decimals that floating point gets wrong, the
// >800 cases, GB/T 8170 rounding and over-range.
#include "aq/iaqi.h"

#include <gtest/gtest.h>

#include "aq/decimal.h"
#include "aq/rounding.h"

namespace lantian::aq {
namespace {

constexpr Edition k12 = Edition::hj633_2012;
constexpr Edition k26 = Edition::hj633_2026;

Milli m(const char* text) {
  auto v = parse_milli(text);
  EXPECT_TRUE(v.ok()) << text;
  return v.ok() ? *v : kNa;
}

struct Golden {
  const char* id;
  Edition edition;
  Indicator indicator;
  const char* conc;
  Index expected;
};

class IaqiGolden : public ::testing::TestWithParam<Golden> {};

TEST_P(IaqiGolden, MatchesTheStandard) {
  const Golden& g = GetParam();
  EXPECT_EQ(iaqi(g.indicator, g.edition, m(g.conc)), g.expected) << g.id << " C=" << g.conc;
}

using I = Indicator;
INSTANTIATE_TEST_SUITE_P(
    Digest, IaqiGolden,
    ::testing::Values(
        Golden{"E1", k12, I::pm25_24h, "35", 50}, Golden{"E1", k26, I::pm25_24h, "35", 50},
        Golden{"E2a", k12, I::pm25_24h, "60", 82}, Golden{"E2b", k26, I::pm25_24h, "60", 100},
        Golden{"E3a", k12, I::pm25_24h, "75", 100}, Golden{"E3b", k26, I::pm25_24h, "75", 114},
        Golden{"E4a", k12, I::pm25_24h, "76", 102}, Golden{"E4b", k26, I::pm25_24h, "76", 115},
        Golden{"E5", k12, I::pm25_24h, "115", 150}, Golden{"E5", k26, I::pm25_24h, "115", 150},
        Golden{"E6", k12, I::pm25_24h, "500", 500}, Golden{"E6", k26, I::pm25_24h, "500", 500},
        Golden{"E7a", k12, I::pm10_24h, "120", 85}, Golden{"E7b", k26, I::pm10_24h, "120", 100},
        Golden{"E8a", k12, I::pm10_24h, "121", 86}, Golden{"E8b", k26, I::pm10_24h, "121", 101},
        Golden{"E9a", k12, I::pm10_24h, "150", 100}, Golden{"E9b", k26, I::pm10_24h, "150", 112},
        Golden{"E10a", k12, I::pm10_24h, "100", 75}, Golden{"E10b", k26, I::pm10_24h, "100", 86},
        Golden{"E11a", k12, I::pm10_24h, "190", 120}, Golden{"E11b", k26, I::pm10_24h, "190", 127},
        Golden{"E12", k26, I::so2_24h, "1", 1}, Golden{"E13", k26, I::so2_24h, "300", 124},
        Golden{"E14", k26, I::so2_24h, "2620", 500}, Golden{"E15", k12, I::so2_1h, "800", 200},
        Golden{"E15", k26, I::so2_1h, "800", 200}, Golden{"E16a", k26, I::so2_1h, "801", 200},
        Golden{"E16b", k12, I::so2_1h, "801", kIndexNa}, Golden{"E16b", k12, I::so2_24h, "300", 124},
        Golden{"E17", k26, I::so2_1h, "5000", 200}, Golden{"E18", k26, I::no2_24h, "81", 101},
        Golden{"E19", k12, I::no2_1h, "1500", 227},
        // CO: exact 55, 11 and 218, where a double gives 56, 12 and 219.
        Golden{"E20", k12, I::co_24h, "2.3", 58}, Golden{"E21", k12, I::co_24h, "2.2", 55},
        Golden{"E21", k26, I::co_24h, "2.2", 55}, Golden{"E22", k26, I::co_1h, "1.1", 11},
        Golden{"E23", k26, I::co_1h, "10.5", 101}, Golden{"E24", k12, I::co_1h, "65.4", 218},
        Golden{"E24", k26, I::co_1h, "65.4", 218},
        // 2012 does not round: 3.85 → 96.25 → 97, 4.95 → 49.5 → 50, 0.05 → 2.
        Golden{"E25b", k12, I::co_24h, "3.85", 97}, Golden{"E26b", k12, I::co_1h, "4.95", 50},
        Golden{"E27b", k12, I::co_24h, "0.05", 2}, Golden{"E28", k26, I::o3_8h, "160", 100},
        Golden{"E28", k26, I::o3_8h, "161", 101}, Golden{"E29", k26, I::o3_8h, "265", 200},
        Golden{"E29", k26, I::o3_8h, "266", 201}, Golden{"E30", k12, I::o3_8h, "300", 207},
        Golden{"E31", k12, I::o3_8h, "800", 300}, Golden{"E31", k26, I::o3_8h, "800", 300},
        Golden{"E32a", k26, I::o3_8h, "850", 300}, Golden{"E32b", k12, I::o3_8h, "850", kIndexNa},
        Golden{"E32b", k12, I::o3_1h, "1100", 450}, Golden{"E33", k26, I::o3_1h, "250", 125},
        Golden{"E34", k26, I::pm25_24h, "80", 119}, Golden{"E35b", k12, I::pm25_24h, "60.5", 82},
        Golden{"E37a", k12, I::pm25_24h, "74.6", 100}),
    // Readable names in ctest's list: the example, its edition and its place.
    [](const ::testing::TestParamInfo<Golden>& info) {
      return std::string(info.param.id) + (info.param.edition == k12 ? "_2012_" : "_2026_") +
             std::to_string(info.index);
    });

// E25a, E26a, E27a, E35a, E36, E37b: 2026 rounds (GB/T 8170) before the lookup.
TEST(Iaqi, Edition2026RoundsBeforeTheLookup) {
  auto r26 = [](Pollutant p, Indicator i, const char* c) { return iaqi(i, k26, round_gbt8170(p, m(c))); };
  EXPECT_EQ(r26(Pollutant::co, I::co_24h, "3.85"), 95);       // → 3.8 (8 even)
  EXPECT_EQ(r26(Pollutant::co, I::co_1h, "4.95"), 50);        // → 5.0 (9 odd: up)
  EXPECT_EQ(r26(Pollutant::co, I::co_24h, "0.05"), 0);        // → 0.0
  EXPECT_EQ(r26(Pollutant::pm25, I::pm25_24h, "60.5"), 100);  // → 60
  EXPECT_EQ(r26(Pollutant::pm25, I::pm25_24h, "61.5"), 102);  // → 62
  EXPECT_EQ(r26(Pollutant::no2, I::no2_24h, "40.5"), 50);     // → 40
  EXPECT_EQ(r26(Pollutant::no2, I::no2_24h, "41.5"), 53);     // → 42
  EXPECT_EQ(r26(Pollutant::pm25, I::pm25_24h, "74.6"), 114);  // → 75: 良 becomes 轻度污染
}

TEST(Iaqi, OverRangeIsCappedAt500) {
  EXPECT_EQ(iaqi(I::pm25_24h, k12, m("500.001")), 500);
  EXPECT_EQ(iaqi(I::pm25_24h, k26, m("785")), 500);
  EXPECT_EQ(iaqi(I::pm10_24h, k26, m("1028")), 500);
  EXPECT_EQ(iaqi(I::so2_24h, k12, m("2621")), 500);
  EXPECT_EQ(iaqi(I::co_1h, k26, m("150.1")), 500);
  EXPECT_EQ(iaqi(I::no2_1h, k12, m("99999")), 500);
  EXPECT_EQ(iaqi(I::o3_1h, k26, m("1200")), 500);
  EXPECT_EQ(iaqi(I::o3_1h, k26, m("1199.999")), 500);  // 499.99… rounds up
}

TEST(Iaqi, ExactFractionsAndZero) {
  EXPECT_EQ(iaqi(I::pm25_24h, k12, 0), 0);
  EXPECT_EQ(iaqi(I::pm25_24h, k12, 1), 1);  // 0.001 µg/m³ → 0.0014… → 1
  // CO 2.2 mg/m³ as a mean 52.8/24: exactly 55.
  EXPECT_EQ(iaqi(I::co_24h, k12, 52'800, 24), 55);
  // 2012 PM2.5 60.6 µg/m³ is exactly 82; 1/3000 µg/m³ more is 82.0004… → 83.
  EXPECT_EQ(iaqi(I::pm25_24h, k12, 181'800, 3), 82);
  EXPECT_EQ(iaqi(I::pm25_24h, k12, 181'801, 3), 83);
}

// Every breakpoint of every row gives its IAQI step exactly, and one
// thousandth above it the next integer (the ceiling of anything above).
TEST(Iaqi, EveryBreakpointOfBothTables) {
  for (Edition e : {k12, k26})
    for (int i = 0; i < kIndicatorCount; ++i) {
      const auto ind = static_cast<Indicator>(i);
      const Breakpoints& b = breakpoints(ind, e);
      for (int k = 0; k < b.count; ++k) {
        EXPECT_EQ(iaqi(ind, e, b.bp[k]), kIaqiSteps[k]) << i << " " << k;
        if (k + 1 < b.count) {
          EXPECT_EQ(iaqi(ind, e, b.bp[k] + 1), kIaqiSteps[k] + 1) << i << " " << k;
        }
      }
    }
}

TEST(Iaqi, TheEditionsDifferOnlyInThePmRowsAtIaqi100) {
  for (int i = 0; i < kIndicatorCount; ++i) {
    const auto ind = static_cast<Indicator>(i);
    const Breakpoints &a = breakpoints(ind, k12), &b = breakpoints(ind, k26);
    ASSERT_EQ(a.count, b.count);
    for (int k = 0; k < a.count; ++k) {
      bool pm100 = k == 2 && (ind == I::pm10_24h || ind == I::pm25_24h);
      EXPECT_EQ(a.bp[k] == b.bp[k], !pm100) << i << " " << k;
    }
  }
  EXPECT_EQ(breakpoints(I::pm10_24h, k26).bp[2], 120'000);
  EXPECT_EQ(breakpoints(I::pm25_24h, k26).bp[2], 60'000);
}

// The ceiling over every integer µg/m³ and every 0.1 mg/m³ CO value, checked
// against an independent formula (I_lo·d + ΔI·(C − BP_lo)) ceil-divided by d
// written with a different operation order.
TEST(Iaqi, CeilingOverWholeRange) {
  for (Edition e : {k12, k26})
    for (int i = 0; i < kIndicatorCount; ++i) {
      const auto ind = static_cast<Indicator>(i);
      const Breakpoints& b = breakpoints(ind, e);
      const Milli step = (ind == I::co_24h || ind == I::co_1h) ? 100 : 1000;
      for (Milli c = 0; c <= b.bp[b.count - 1]; c += step) {
        int k = 1;
        while (c > b.bp[k]) ++k;
        int64_t d = b.bp[k] - b.bp[k - 1];
        int64_t num = kIaqiSteps[k - 1] * d + (kIaqiSteps[k] - kIaqiSteps[k - 1]) * int64_t(c - b.bp[k - 1]);
        int64_t want = num / d + (num % d != 0);
        ASSERT_EQ(iaqi(ind, e, c), want) << i << " c=" << c;
      }
    }
}

}  // namespace
}  // namespace lantian::aq
