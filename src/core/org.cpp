#include "core/org.h"

#include <algorithm>

namespace lantian {
namespace {

const std::vector<UnitKindDef>& kinds() {
  static const std::vector<UnitKindDef> k = {
      {"district_government", "区政府", {}, true},
      {"campaign_office", "区攻坚办", {"district_government"}, false},
      {"supervision_group", "督导组", {"district_government", "campaign_office"}, false},
      {"district_department", "区直部门", {"district_government"}, false},
      {"township", "乡镇", {"district_government"}, false},
      {"street_office", "街道办事处", {"district_government"}, false},
      {"village", "村", {"township", "street_office"}, false},
      {"community", "社区", {"township", "street_office"}, false},
      {"grid", "网格", {"township", "street_office", "village", "community"}, false},
  };
  return k;
}

}  // namespace

std::span<const UnitKindDef> all_unit_kinds() { return kinds(); }

const UnitKindDef* find_unit_kind(std::string_view name) {
  for (const auto& k : kinds())
    if (k.name == name) return &k;
  return nullptr;
}

bool kind_allows_parent(std::string_view child, std::string_view parent) {
  const UnitKindDef* k = find_unit_kind(child);
  if (!k) return false;
  return std::find(k->allowed_parents.begin(), k->allowed_parents.end(), parent) != k->allowed_parents.end();
}

bool valid_division_code(std::string_view code) {
  if (code.size() != 6 && code.size() != 9 && code.size() != 12) return false;
  return std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace lantian
