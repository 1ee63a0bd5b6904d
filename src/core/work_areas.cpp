#include "core/work_areas.h"

#include <array>

namespace lantian {
namespace {

constexpr std::array<WorkAreaDef, 15> kAreas = {{
    {"scattered_polluting", "“散乱污”企业及集群综合整治", "Scattered-disorderly-polluting enterprises", true},
    {"small_boilers", "燃煤小锅炉淘汰", "Small coal boilers", true},
    {"clean_heating", "清洁取暖“双替代”", "Clean-heating conversion", true},
    {"industrial_treatment", "工业企业治理提标", "Industrial treatment projects", true},
    {"elimination_relocation", "落后产能淘汰及搬迁", "Elimination and relocation", true},
    {"emission_permits", "排污许可证核发", "Emission permits", true},
    {"vocs", "挥发性有机物（VOCs）治理", "VOCs control", true},
    {"industrial_dust", "工业企业无组织排放治理", "Industrial fugitive dust", true},
    {"gas_stations", "加油站、储油库油气回收", "Vapour recovery at gas stations and depots", true},
    {"construction_dust", "施工扬尘“六个百分百”", "Construction dust (six 100 % rules)", true},
    {"staggered_production", "工业企业错峰生产", "Staggered production", true},
    {"heavy_pollution_emergency", "重污染天气应急响应", "Heavy-pollution emergency response", true},
    {"inspection_rectification", "督查交办问题整改及“回头看”",
     "Rectifying problems handed down, with look-back", false},
    {"regional_action_plans", "区域专项行动方案落实", "Carrying out the regional action plans", false},
    {"materials", "迎检资料收集整理", "Collecting materials for inspections", false},
}};

}  // namespace

std::span<const WorkAreaDef> work_area_catalogue() { return kAreas; }

const WorkAreaDef* find_work_area(std::string_view code) {
  for (const auto& a : kAreas)
    if (a.code == code) return &a;
  return nullptr;
}

}  // namespace lantian
