#include "aq/level.h"

#include <array>

namespace lantian::aq {
namespace {

constexpr std::array<LevelInfo, 7> kLevels = {{
    {Level::none, kIndexNa, kIndexNa, "", "", "", "", "", 0, 0, 0, 0, 0, 0, 0},
    {Level::one, 0, 50, "一级", "优", "excellent", "绿色", "#00E400", 0, 228, 0, 40, 0, 100, 0},
    {Level::two, 51, 100, "二级", "良", "good", "黄色", "#FFFF00", 255, 255, 0, 0, 0, 100, 0},
    {Level::three, 101, 150, "三级", "轻度污染", "lightly polluted", "橙色", "#FF7E00", 255, 126, 0, 0, 52,
     100, 0},
    {Level::four, 151, 200, "四级", "中度污染", "moderately polluted", "红色", "#FF0000", 255, 0, 0, 0, 100,
     100, 0},
    {Level::five, 201, 300, "五级", "重度污染", "heavily polluted", "紫色", "#99004C", 153, 0, 76, 10, 100,
     40, 30},
    {Level::six, 301, 500, "六级", "严重污染", "severely polluted", "褐红色", "#7E0023", 126, 0, 35, 30, 100,
     100, 30},
}};

}  // namespace

const LevelInfo& level_info(Level l) { return kLevels[static_cast<int>(l)]; }

}  // namespace lantian::aq
