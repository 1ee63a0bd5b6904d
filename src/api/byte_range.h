// `Range: bytes=...` (RFC 9110 §14) for downloads of stored files.
//
// Only a single range is honoured: "bytes=first-last", "bytes=first-" and
// "bytes=-suffix". A header that is malformed, names another unit, or asks
// for several ranges is ignored (the whole file is sent with 200), as RFC
// 9110 allows. A well-formed range that starts past the end is
// unsatisfiable (416 with "Content-Range: bytes */size").
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lantian::api {

struct ByteRange {
  uint64_t first = 0, last = 0;  // inclusive, last < size
  uint64_t length() const { return last - first + 1; }
};

struct RangeRequest {
  bool whole = true;           // no (usable) Range header: send everything
  bool unsatisfiable = false;  // 416
  ByteRange range;             // when !whole && !unsatisfiable
};

RangeRequest parse_byte_range(std::string_view header, uint64_t size);

}  // namespace lantian::api
