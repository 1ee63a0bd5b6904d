#include "io/evidence_media.h"

#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <vips/vips.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

#include "io/zip_reader.h"

namespace lantian::io {
namespace {

bool starts(const std::string& b, std::string_view magic) {
  return b.size() >= magic.size() && b.compare(0, magic.size(), magic) == 0;
}

// A Word or Excel package by its declared main part; a package without
// [Content_Types].xml by the name of its main part.
std::optional<std::string> office_type(const std::string& bytes) {
  auto zip = ZipReader::open(bytes, 4u << 20);
  if (!zip.ok()) return std::nullopt;
  auto types = zip->read("[Content_Types].xml");
  if (types.ok() && *types) {
    const std::string& x = **types;
    if (x.find("wordprocessingml.document.main+xml") != std::string::npos) return std::string(kDocxType);
    if (x.find("spreadsheetml.sheet.main+xml") != std::string::npos) return std::string(kXlsxType);
  }
  for (auto [part, type] :
       {std::pair{"word/document.xml", kDocxType}, std::pair{"xl/workbook.xml", kXlsxType}}) {
    auto p = zip->read(part);
    if (p.ok() && *p) return std::string(type);
  }
  return std::nullopt;
}

std::once_flag vips_once;
bool vips_ok = false;

std::string vips_message() {
  std::string m = vips_error_buffer();
  vips_error_clear();
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return m;
}

struct Unref {
  void operator()(VipsImage* i) const { g_object_unref(i); }
};
using Image = std::unique_ptr<VipsImage, Unref>;

// The thumbnail, JPEG, flattened on white when the photo has transparency.
std::string make_thumbnail(const std::string& bytes, int px) {
  VipsImage* raw = nullptr;
  // Shrink only: a photo smaller than the box keeps its size.
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &raw, px, "height", px, "size",
                            VIPS_SIZE_DOWN, nullptr)) {
    vips_error_clear();
    return {};
  }
  Image img(raw);
  if (vips_image_hasalpha(img.get())) {
    VipsImage* flat = nullptr;
    VipsArrayDouble* white = vips_array_double_newv(1, 255.0);
    int rc = vips_flatten(img.get(), &flat, "background", white, nullptr);
    vips_area_unref(VIPS_AREA(white));
    if (rc) {
      vips_error_clear();
      return {};
    }
    img.reset(flat);
  }
  void* buf = nullptr;
  size_t len = 0;
  if (vips_jpegsave_buffer(img.get(), &buf, &len, "Q", 80, "strip", TRUE, nullptr)) {
    vips_error_clear();
    return {};
  }
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

// --- EXIF ----------------------------------------------------------------------

struct ExifFree {
  void operator()(ExifData* d) const { exif_data_unref(d); }
};

std::optional<std::string> exif_time(ExifData* ed) {
  ExifEntry* e = exif_content_get_entry(ed->ifd[EXIF_IFD_EXIF], EXIF_TAG_DATE_TIME_ORIGINAL);
  if (!e) e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_DATE_TIME);
  if (!e || e->format != EXIF_FORMAT_ASCII || e->size < 19) return std::nullopt;
  std::string s(reinterpret_cast<const char*>(e->data), 19);  // "YYYY:MM:DD HH:MM:SS"
  for (size_t i = 0; i < s.size(); ++i) {
    bool digit = s[i] >= '0' && s[i] <= '9';
    char sep = i == 4 || i == 7 ? ':' : i == 10 ? ' ' : i == 13 || i == 16 ? ':' : 0;
    if (sep ? s[i] != sep : !digit) return std::nullopt;
  }
  int month = std::stoi(s.substr(5, 2)), day = std::stoi(s.substr(8, 2));
  if (s.compare(0, 4, "0000") == 0 || month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  s[4] = s[7] = '-';
  s[10] = 'T';
  return s;
}

// Degrees from the three rationals (degrees, minutes, seconds) and the
// N/S or E/W reference.
std::optional<double> exif_coordinate(ExifData* ed, ExifTag value_tag, ExifTag ref_tag, char negative,
                                      double max) {
  ExifEntry* v = exif_content_get_entry(ed->ifd[EXIF_IFD_GPS], value_tag);
  ExifEntry* r = exif_content_get_entry(ed->ifd[EXIF_IFD_GPS], ref_tag);
  if (!v || !r || v->format != EXIF_FORMAT_RATIONAL || v->components < 3 || v->size < 24) return std::nullopt;
  if (r->format != EXIF_FORMAT_ASCII || r->size < 1) return std::nullopt;
  ExifByteOrder order = exif_data_get_byte_order(ed);
  double parts[3];
  for (int i = 0; i < 3; ++i) {
    ExifRational q = exif_get_rational(v->data + 8 * i, order);
    if (q.denominator == 0) return std::nullopt;
    parts[i] = double(q.numerator) / double(q.denominator);
  }
  double deg = parts[0] + parts[1] / 60.0 + parts[2] / 3600.0;
  if (!std::isfinite(deg) || deg > max) return std::nullopt;
  char ref = char(r->data[0]);
  if (ref == negative) deg = -deg;
  return deg;
}

void read_exif(const std::string& bytes, MediaInfo& out) {
  std::unique_ptr<ExifData, ExifFree> ed(
      exif_data_new_from_data(reinterpret_cast<const unsigned char*>(bytes.data()), unsigned(bytes.size())));
  if (!ed) return;
  out.taken_at = exif_time(ed.get());
  auto lat = exif_coordinate(ed.get(), ExifTag(EXIF_TAG_GPS_LATITUDE), ExifTag(EXIF_TAG_GPS_LATITUDE_REF),
                             'S', 90.0);
  auto lon = exif_coordinate(ed.get(), ExifTag(EXIF_TAG_GPS_LONGITUDE), ExifTag(EXIF_TAG_GPS_LONGITUDE_REF),
                             'W', 180.0);
  if (lat && lon) {
    out.gps_lat = lat;
    out.gps_lon = lon;
  }
}

}  // namespace

Status init_media() {
  std::call_once(vips_once, [] {
    vips_ok = VIPS_INIT("lantian") == 0;
    if (!vips_ok) return;
    // A broken photo is an answer (no thumbnail), not a line on stderr.
    g_log_set_handler(
        "VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {}, nullptr);
    // Every upload is a different buffer: caching operations only holds memory.
    vips_cache_set_max(0);
    // The machine serves requests on its other cores.
    vips_concurrency_set(1);
  });
  if (!vips_ok) return Error::internal("libvips failed to initialise: " + vips_message());
  return {};
}

std::optional<std::string> sniff_content_type(const std::string& b) {
  if (starts(b, "\xFF\xD8\xFF")) return "image/jpeg";
  if (starts(b, "\x89PNG\r\n\x1A\n")) return "image/png";
  if (starts(b, "RIFF") && b.size() > 12 && b.compare(8, 4, "WEBP") == 0) return "image/webp";
  if (starts(b, "%PDF-")) return "application/pdf";
  if (starts(b, std::string_view("PK\x03\x04", 4))) return office_type(b);
  return std::nullopt;
}

Result<MediaInfo> analyse_media(const std::string& bytes, const MediaLimits& limits) {
  MediaInfo out;
  auto type = sniff_content_type(bytes);
  if (!type) return Error::make("file_type");
  out.content_type = *type;
  if (out.content_type.rfind("image/", 0) != 0) return out;
  LT_TRY(init_media());
  // The header only: nothing is decoded yet.
  VipsImage* raw =
      vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL, nullptr);
  if (!raw) {
    vips_error_clear();
    return out;  // undecodable: kept as handed in
  }
  Image header(raw);
  int64_t w = vips_image_get_width(header.get()), h = vips_image_get_height(header.get());
  header.reset();
  if (w * h > limits.max_pixels)
    return Error::make("image_too_large",
                       {{"pixels", std::to_string(w) + " × " + std::to_string(h)},
                        {"max", std::to_string(limits.max_pixels / 1'000'000) + " megapixels"}});
  out.width = int(w);
  out.height = int(h);
  out.thumbnail = make_thumbnail(bytes, limits.thumbnail_px);
  if (out.content_type == "image/jpeg") read_exif(bytes, out);
  return out;
}

Result<std::string> placeholder_jpeg(int width, int height, unsigned char r, unsigned char g,
                                     unsigned char b) {
  LT_TRY(init_media());
  VipsImage* black = nullptr;
  if (vips_black(&black, width, height, "bands", 3, nullptr)) return Error::internal(vips_message());
  double add[3] = {double(r), double(g), double(b)}, mul[3] = {1, 1, 1};
  VipsImage* coloured = nullptr;
  int rc = vips_linear(black, &coloured, mul, add, 3, "uchar", TRUE, nullptr);
  g_object_unref(black);
  if (rc) return Error::internal(vips_message());
  void* buf = nullptr;
  size_t len = 0;
  rc = vips_jpegsave_buffer(coloured, &buf, &len, "Q", 70, nullptr);
  g_object_unref(coloured);
  if (rc) return Error::internal(vips_message());
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

}  // namespace lantian::io
