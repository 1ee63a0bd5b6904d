// Internal to src/io: read-only access to a zip archive held in memory
// (libzip), with a budget on the bytes unpacked so that a small upload cannot
// expand into gigabytes (zip bombs).
//
// Thread-safety: one ZipReader per thread; it does not copy the bytes, which
// must outlive it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/error.h"

struct zip;

namespace lantian::io {

class ZipReader {
 public:
  // Opens the archive over `bytes`. `budget` caps the sum of the unpacked
  // sizes of all entries read. Errors: invalid "not an .xlsx file (...)".
  static Result<ZipReader> open(const std::string& bytes, size_t budget);

  // The entry's contents, or nullopt when there is no such entry (names are
  // matched exactly, then ignoring case). Errors: too_large when the entry's
  // declared size exceeds what is left of the budget; invalid when it is
  // encrypted, corrupt or longer than its header declares (reading stops
  // there, whatever the compressed data would expand to).
  Result<std::optional<std::string>> read(const std::string& name);

 private:
  struct Close {
    void operator()(struct zip* z) const;
  };
  ZipReader(struct zip* z, size_t budget, size_t archive_bytes)
      : zip_(z), budget_(budget), limit_(budget), archive_bytes_(archive_bytes) {}

  std::unique_ptr<struct zip, Close> zip_;
  size_t budget_;         // bytes that may still be unpacked
  size_t limit_;          // the whole budget, for messages
  size_t archive_bytes_;  // the size of the archive: no part holds more compressed bytes
};

// "52.3 MB", "50 MB", "812 KB": sizes in units of 1024 for error messages.
std::string human_size(size_t bytes);

}  // namespace lantian::io
