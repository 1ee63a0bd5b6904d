// What the evidence store holds about one content (store/evidence_store.h,
// store/evidence_repo.h): its size and detected type, and for a photo its
// dimensions, EXIF time and place and the name of its thumbnail.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace lantian {

struct EvidenceRecord {
  std::string sha256;  // 64 lower-case hex digits: the content's name
  int64_t size_bytes = 0;
  std::string content_type;  // detected from the bytes
  std::optional<int64_t> width, height;
  std::optional<std::string> taken_at;  // EXIF, camera local time "YYYY-MM-DDTHH:MM:SS"
  std::optional<double> gps_lat, gps_lon;
  std::optional<std::string> thumbnail_sha256;  // a JPEG in the store
  std::string created_at;
};

}  // namespace lantian

namespace lantian {

// The kinds of evidence a workflow action may require (core/workflow.h,
// `evidence = ["photo"]`), each defined by the detected content type of the
// files attached: photo = image/* (JPEG, PNG, WebP); document = a PDF or a
// Word/Excel document (.docx, .xlsx). The one place these names live: the
// workflow registries take their kinds from evidence_kind_names().
inline constexpr std::string_view kEvidencePhoto = "photo";
inline constexpr std::string_view kEvidenceDocument = "document";
std::span<const std::string_view> evidence_kind_names();
// The kind a content of this detected type counts as, nullopt for none.
std::optional<std::string_view> evidence_kind_of(std::string_view content_type);

}  // namespace lantian
