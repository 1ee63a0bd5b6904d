#include "core/air_quality.h"

#include <array>

namespace lantian {
namespace {

constexpr std::array<StationKindDef, 5> kKinds = {{
    {"national", "国控点", "National control site", 1, true},
    {"provincial", "省控点", "Provincial control site", 1, true},
    {"township", "乡镇站", "Township station", 2, true},
    {"micro", "微站", "Micro station", 0, true},
    {"enterprise", "企业在线监测", "Enterprise online monitor", 0, false},
}};

// HJ 212-2017 table 5 (数据标记). Over the limit (T) is a real reading;
// stopped, maintenance, manual, fault, calibration and communication faults
// are not measurements of the air.
constexpr std::array<DataFlagDef, 8> kFlags = {{
    {'N', true, "正常", "Normal"},
    {'T', true, "超限", "Over the limit"},
    {'F', false, "停运", "Stopped"},
    {'M', false, "维护", "Maintenance"},
    {'S', false, "手工输入", "Manual input"},
    {'D', false, "故障", "Fault"},
    {'C', false, "校准", "Calibration"},
    {'B', false, "通讯异常", "Communication fault"},
}};

}  // namespace

std::span<const StationKindDef> station_kinds() { return kKinds; }

const StationKindDef* find_station_kind(std::string_view code) {
  for (const auto& k : kKinds)
    if (k.code == code) return &k;
  return nullptr;
}

std::span<const DataFlagDef> data_flags() { return kFlags; }

const DataFlagDef* find_data_flag(char code) {
  for (const auto& f : kFlags)
    if (f.code == code) return &f;
  return nullptr;
}

}  // namespace lantian
