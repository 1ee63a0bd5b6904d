// The key work areas of an autumn-winter campaign, as data: the twelve areas
// the 2017 speech names (散乱污 … 重污染天气应急) plus the other work it demands
// (rectifying problems handed down by inspection teams with look-back,
// carrying out the regional action plans, collecting materials). A new
// campaign starts from this catalogue; its areas can then be edited.
//
// Thread-safety: immutable table; pure functions.
#pragma once

#include <span>
#include <string_view>

namespace lantian {

struct WorkAreaDef {
  std::string_view code;     // "scattered_polluting"
  std::string_view name_zh;  // "“散乱污”企业及集群综合整治"
  std::string_view name_en;  // "Scattered-disorderly-polluting enterprises"
  bool key_area;             // one of the twelve
};

std::span<const WorkAreaDef> work_area_catalogue();
const WorkAreaDef* find_work_area(std::string_view code);

}  // namespace lantian
