// What an evidence file is, by its content: the type from its first bytes
// (and, for a ZIP, from the package's [Content_Types].xml or main part), a
// thumbnail of a photo (libvips), and the time and place a camera wrote into
// its EXIF block (libexif).
//
// Accepted types: image/jpeg, image/png, image/webp, application/pdf, .docx
// (application/vnd.openxmlformats-officedocument.wordprocessingml.document)
// and .xlsx (...spreadsheetml.sheet). Anything else is refused.
//
// Memory: a photo is decoded only when its header declares at most
// MediaLimits::max_pixels pixels (refused with image_too_large otherwise: a
// 100-byte PNG may declare 50 000 × 50 000 pixels); the thumbnail is made by
// libvips' shrink-on-load, at most thumbnail_px on its longer side.
//
// A photo libvips cannot decode (truncated, corrupt) is still accepted as
// what its first bytes say, without thumbnail or dimensions: it is evidence
// as handed in.
//
// Thread-safety: all functions are thread-safe. libvips is initialised once,
// on first use (or by init_media()), and is thread-safe after.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/error.h"

namespace lantian::io {

inline constexpr std::string_view kDocxType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
inline constexpr std::string_view kXlsxType =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

struct MediaLimits {
  int64_t max_pixels = 100'000'000;  // 100 megapixels: more than any phone camera
  int thumbnail_px = 320;            // the thumbnail's longer side
};

struct MediaInfo {
  std::string content_type;  // detected, one of the accepted types
  std::optional<int> width, height;
  // EXIF DateTimeOriginal (else DateTime) as "YYYY-MM-DDTHH:MM:SS": the
  // camera's local time, without a zone (EXIF 2.2 records none).
  std::optional<std::string> taken_at;
  std::optional<double> gps_lat, gps_lon;  // decimal degrees, south and west negative
  std::string thumbnail;                   // JPEG bytes; empty when none could be made
  static constexpr std::string_view kThumbnailType = "image/jpeg";
};

// Initialises libvips (idempotent). Errors: internal if libvips refuses.
Status init_media();

// The accepted type of bytes, or nullopt. A ZIP counts only when it is a
// Word or Excel package (opened with a small unpacking budget).
std::optional<std::string> sniff_content_type(const std::string& bytes);

// Type, dimensions, EXIF time and place, thumbnail.
// Errors: file_type (invalid) when the type is not accepted;
// image_too_large (invalid, params pixels/max) over limits.max_pixels.
Result<MediaInfo> analyse_media(const std::string& bytes, const MediaLimits& limits = {});

// A plain JPEG of one colour, width × height: the demo data's stand-in for a
// site photo (it has no camera). Errors: internal if libvips fails.
Result<std::string> placeholder_jpeg(int width, int height, unsigned char r, unsigned char g, unsigned char b);

}  // namespace lantian::io
