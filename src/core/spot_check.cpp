#include "core/spot_check.h"

#include <array>

namespace lantian {
namespace {
constexpr std::array<SpotCheckStatusDef, 3> kStatuses = {{
    {"pending", "待抽查", "To check"},
    {"compliant", "措施落实", "Compliant"},
    {"violation", "未落实", "Violation"},
}};
}  // namespace

std::span<const SpotCheckStatusDef> spot_check_statuses() { return kStatuses; }

const SpotCheckStatusDef* find_spot_check_status(std::string_view code) {
  for (const auto& s : kStatuses)
    if (s.code == code) return &s;
  return nullptr;
}

}  // namespace lantian
