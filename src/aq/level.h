// The six AQI levels (空气质量指数级别) with their categories and colours,
// HJ 633-2012 Table 2 / Annex A and HJ 633-2026 Table 1 / Annex A (the same
// numbers and colours in both; 2026 writes level 1 as 1–50, 2012 as 0–50).
//
// Thread-safety: pure functions over a constant table.
#pragma once

#include <string_view>

#include "aq/types.h"

namespace lantian::aq {

enum class Level : uint8_t { none = 0, one = 1, two, three, four, five, six };

struct LevelInfo {
  Level level;
  Index lo, hi;                  // AQI range; six: 301 … 500
  std::string_view level_zh;     // 一级
  std::string_view category_zh;  // 优
  std::string_view category_en;  // excellent
  std::string_view colour_zh;    // 绿色
  std::string_view colour_hex;   // #00E400 (from the standard's RGB)
  uint8_t r, g, b;               // for screens
  uint8_t c, m, y, k;            // CMYK %, for print
};

// ≤ 50 → one, ≤ 100 → two, ≤ 150 → three, ≤ 200 → four, ≤ 300 → five,
// else six; none for kIndexNa.
constexpr Level level_of(Index aqi) {
  if (aqi < 0) return Level::none;
  if (aqi <= 50) return Level::one;
  if (aqi <= 100) return Level::two;
  if (aqi <= 150) return Level::three;
  if (aqi <= 200) return Level::four;
  if (aqi <= 300) return Level::five;
  return Level::six;
}

// The table row of a level (one … six); none → a row with empty texts.
const LevelInfo& level_info(Level l);

}  // namespace lantian::aq
