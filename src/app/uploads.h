// What every upload of a file (a report's attachment, a ledger row's photo,
// ...) goes through before its content is stored: the name (no slashes, no
// bidi or control characters, at most 120 characters), the size (8 MiB) and
// a type recognised from the bytes (io/evidence_media.h); and the stored
// name's extension fitted to that type.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>

#include "core/error.h"

namespace lantian::app {

struct AttachmentUpload {
  std::string filename;
  std::string content_type;
  std::string bytes;
};

inline constexpr size_t kMaxUploadBytes = 8 * 1024 * 1024;

// The trimmed file name if the upload may be stored. Errors: file_too_large
// (invalid, max "8 MiB"); invalid with the field errors filename
// (required/too_long/format_characters/no_slash) and file (file_empty,
// file_type).
Result<std::string> check_upload(const AttachmentUpload& file);

// The file name with an extension that fits the detected type: kept when it
// already has one of the type's extensions (case-insensitive), else the last
// extension is replaced (or one appended) with the type's usual one.
std::string fit_extension(const std::string& name, const std::string& type);

}  // namespace lantian::app
