#include "core/evidence.h"

namespace lantian {

std::span<const std::string_view> evidence_kind_names() {
  static constexpr std::string_view kNames[] = {kEvidencePhoto, kEvidenceDocument};
  return kNames;
}

std::optional<std::string_view> evidence_kind_of(std::string_view type) {
  if (type.starts_with("image/")) return kEvidencePhoto;
  if (type == "application/pdf" ||
      type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document" ||
      type == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    return kEvidenceDocument;
  return std::nullopt;
}

}  // namespace lantian
