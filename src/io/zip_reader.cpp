#include "io/zip_reader.h"

#include <fmt/format.h>
#include <zip.h>

#include <algorithm>
#include <cmath>

#include "io/xml_util.h"

namespace lantian::io {

namespace {

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = char(s[0] + 32);
  return s;
}

}  // namespace

void ZipReader::Close::operator()(struct zip* z) const { zip_discard(z); }

std::string human_size(size_t bytes) {
  auto fmt_unit = [](double v, const char* unit) {
    double r = std::round(v * 10) / 10;
    return r == std::floor(r) ? fmt::format("{:.0f} {}", r, unit) : fmt::format("{:.1f} {}", r, unit);
  };
  if (bytes >= (1u << 20)) return fmt_unit(bytes / 1048576.0, "MB");
  if (bytes >= 1024) return fmt_unit(bytes / 1024.0, "KB");
  return fmt::format("{} bytes", bytes);
}

Result<ZipReader> ZipReader::open(const std::string& bytes, size_t budget) {
  // Legacy .xls files and password-protected .xlsx files are OLE compound
  // documents; say so rather than "not a zip archive".
  if (bytes.rfind("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 0) == 0)
    return not_xlsx("an old .xls file or a password-protected workbook");
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (!src) {
    zip_error_fini(&err);
    return Error::internal("zip: cannot create a buffer source");
  }
  zip_t* z = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (!z) {
    std::string m = lower_first(zip_error_strerror(&err));
    zip_error_fini(&err);
    zip_source_free(src);  // still ours when the open failed
    return not_xlsx(m);
  }
  zip_error_fini(&err);
  return ZipReader(z, budget, bytes.size());
}

Result<std::optional<std::string>> ZipReader::read(const std::string& name) {
  zip_int64_t idx = zip_name_locate(zip_.get(), name.c_str(), 0);
  if (idx < 0) idx = zip_name_locate(zip_.get(), name.c_str(), ZIP_FL_NOCASE);
  if (idx < 0) return std::optional<std::string>();
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip_.get(), idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return not_xlsx(fmt::format("{}: {}", name, zip_strerror(zip_.get())));
  // The declared size is checked before anything is unpacked; the read below
  // stops at that size, so a header that lies cannot get past the budget.
  if (st.size > budget_)
    return Error::make("unpacks_too_large",
                       {{"limit", human_size(limit_)}, {"part", name}, {"size", human_size(st.size)}});
  zip_file_t* f = zip_fopen_index(zip_.get(), idx, 0);
  if (!f) return not_xlsx(fmt::format("{}: {}", name, zip_strerror(zip_.get())));
  // Memory follows the bytes actually unpacked, a megabyte at a time, not the
  // declared sizes: a 1 KB file declaring a 150 MB part must not allocate
  // (and zero) 150 MB before its first byte turns out to be missing. What the
  // compressed bytes can hold (deflate expands at most 1032:1; they are no
  // more than the archive, whatever the header says) is reserved at once, so
  // an honest part is read without reallocating.
  constexpr size_t kStep = 1u << 20;
  constexpr zip_uint64_t kDeflateMaxRatio = 1032;
  std::string out;
  if (st.valid & ZIP_STAT_COMP_SIZE)
    out.reserve(std::min<zip_uint64_t>(
        st.size, std::min<zip_uint64_t>(st.comp_size, archive_bytes_) * kDeflateMaxRatio + kStep));
  std::string error;
  while (out.size() < st.size) {
    size_t have = out.size();
    size_t want = std::min<zip_uint64_t>(st.size - have, kStep);
    out.resize(have + want);
    zip_int64_t n = zip_fread(f, out.data() + have, want);
    out.resize(have + (n > 0 ? size_t(n) : 0));
    if (n < 0) {
      error = lower_first(zip_file_strerror(f));
      break;
    }
    if (n == 0) break;
  }
  if (error.empty()) {
    // One more read: data past the declared size means a forged header; at
    // the true end libzip checks the CRC.
    char extra;
    zip_int64_t n = zip_fread(f, &extra, 1);
    if (n < 0)
      error = lower_first(zip_file_strerror(f));
    else if (n > 0 || out.size() != st.size)
      error = "its size does not match the zip header";
  }
  zip_fclose(f);
  if (!error.empty()) return not_xlsx(fmt::format("{}: {}", name, error));
  budget_ -= out.size();
  return std::optional<std::string>(std::move(out));
}

}  // namespace lantian::io
