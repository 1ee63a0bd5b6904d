// The org structure's rules: which kinds of unit exist and which kind may sit
// under which (a table, so a new kind is one row), plus the administrative
// division code format (GB/T 2260 six digits for county level and above,
// nine for townships, twelve for villages per the statistical division code).
//
// Thread-safety: immutable tables; pure functions.
#pragma once

#include <span>
#include <string_view>
#include <vector>

namespace lantian {

struct UnitKindDef {
  std::string_view name;                          // "township"
  std::string_view label_zh;                      // "乡镇"
  std::vector<std::string_view> allowed_parents;  // empty = may be a root
  bool root_allowed;
};

std::span<const UnitKindDef> all_unit_kinds();
const UnitKindDef* find_unit_kind(std::string_view name);
// True if a unit of `child` kind may be placed under a unit of `parent` kind.
bool kind_allows_parent(std::string_view child, std::string_view parent);
// Division codes are 6, 9 or 12 ASCII digits.
bool valid_division_code(std::string_view code);

}  // namespace lantian
