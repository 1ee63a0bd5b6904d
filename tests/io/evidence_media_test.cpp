// Evidence files: type by content, thumbnails, EXIF time and place. The
// photos are made here (libvips draws them, libexif writes their EXIF), so
// the tests carry no third-party pictures.
#include "io/evidence_media.h"

#include <gtest/gtest.h>
#include <libexif/exif-data.h>
#include <libexif/exif-utils.h>
#include <vips/vips.h>
#include <zip.h>

#include <cstring>

namespace lantian::io {
namespace {

// A w × h image saved by libvips in `format` (".jpg", ".png", ".webp").
std::string draw(int w, int h, const char* format, int bands = 3) {
  EXPECT_TRUE(init_media().ok());
  VipsImage* black = nullptr;
  EXPECT_EQ(vips_black(&black, w, h, "bands", bands, nullptr), 0);
  VipsImage* grey = nullptr;
  EXPECT_EQ(vips_linear1(black, &grey, 1.0, 120.0, nullptr), 0);
  void* buf = nullptr;
  size_t len = 0;
  EXPECT_EQ(vips_image_write_to_buffer(grey, format, &buf, &len, nullptr), 0) << vips_error_buffer();
  std::string out(static_cast<char*>(buf), len);
  g_free(buf);
  g_object_unref(grey);
  g_object_unref(black);
  return out;
}

void set_ascii(ExifData* ed, ExifIfd ifd, ExifTag tag, const std::string& text) {
  ExifEntry* e = exif_entry_new();
  exif_content_add_entry(ed->ifd[ifd], e);
  e->tag = tag;
  e->format = EXIF_FORMAT_ASCII;
  e->components = text.size() + 1;
  e->size = unsigned(text.size() + 1);
  e->data = static_cast<unsigned char*>(malloc(e->size));
  std::memcpy(e->data, text.c_str(), e->size);
  exif_entry_unref(e);
}

void set_dms(ExifData* ed, ExifTag tag, unsigned deg, unsigned min, unsigned sec_x100) {
  ExifEntry* e = exif_entry_new();
  exif_content_add_entry(ed->ifd[EXIF_IFD_GPS], e);
  e->tag = tag;
  e->format = EXIF_FORMAT_RATIONAL;
  e->components = 3;
  e->size = 24;
  e->data = static_cast<unsigned char*>(malloc(24));
  ExifByteOrder o = exif_data_get_byte_order(ed);
  exif_set_rational(e->data, o, {deg, 1});
  exif_set_rational(e->data + 8, o, {min, 1});
  exif_set_rational(e->data + 16, o, {sec_x100, 100});
  exif_entry_unref(e);
}

// A JPEG with an APP1 EXIF segment: taken 2017-11-20 09:30:15, at
// 34°47'31.50"N 114°20'52.25"E (开封).
std::string jpeg_with_exif() {
  std::string jpeg = draw(64, 48, ".jpg");
  ExifData* ed = exif_data_new();
  exif_data_set_byte_order(ed, EXIF_BYTE_ORDER_INTEL);
  set_ascii(ed, EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL, "2017:11:20 09:30:15");
  set_ascii(ed, EXIF_IFD_GPS, ExifTag(EXIF_TAG_GPS_LATITUDE_REF), "N");
  set_dms(ed, ExifTag(EXIF_TAG_GPS_LATITUDE), 34, 47, 3150);
  set_ascii(ed, EXIF_IFD_GPS, ExifTag(EXIF_TAG_GPS_LONGITUDE_REF), "E");
  set_dms(ed, ExifTag(EXIF_TAG_GPS_LONGITUDE), 114, 20, 5225);
  unsigned char* data = nullptr;
  unsigned len = 0;
  exif_data_save_data(ed, &data, &len);  // "Exif\0\0" + TIFF
  exif_data_unref(ed);
  std::string app1 = "\xFF\xE1";
  app1 += char((len + 2) >> 8);
  app1 += char((len + 2) & 0xFF);
  app1.append(reinterpret_cast<char*>(data), len);
  free(data);
  return jpeg.substr(0, 2) + app1 + jpeg.substr(2);
}

std::string zip_of(std::vector<std::pair<std::string, std::string>> entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(src);
  zip_t* z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
  for (auto& [name, body] : entries) {
    zip_source_t* s = zip_source_buffer(z, body.data(), body.size(), 0);
    zip_file_add(z, name.c_str(), s, ZIP_FL_OVERWRITE);
  }
  zip_close(z);
  zip_source_open(src);
  zip_source_seek(src, 0, SEEK_END);
  auto size = zip_source_tell(src);
  zip_source_seek(src, 0, SEEK_SET);
  std::string out(size_t(size), '\0');
  zip_source_read(src, out.data(), out.size());
  zip_source_close(src);
  zip_source_free(src);
  zip_error_fini(&err);
  return out;
}

TEST(EvidenceMedia, SniffsByContent) {
  EXPECT_EQ(sniff_content_type(draw(8, 8, ".jpg")), "image/jpeg");
  EXPECT_EQ(sniff_content_type(draw(8, 8, ".png")), "image/png");
  EXPECT_EQ(sniff_content_type(draw(8, 8, ".webp")), "image/webp");
  EXPECT_EQ(sniff_content_type("%PDF-1.4\n%..."), "application/pdf");
  EXPECT_EQ(sniff_content_type("<html>"), std::nullopt);
  EXPECT_EQ(sniff_content_type(""), std::nullopt);
}

TEST(EvidenceMedia, TellsWordFromExcelInsideTheZip) {
  std::string ct_docx = R"(<Types><Override PartName="/word/document.xml" ContentType="application/)"
                        R"(vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";
  std::string ct_xlsx = R"(<Types><Override PartName="/xl/workbook.xml" ContentType="application/)"
                        R"(vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>)";
  EXPECT_EQ(sniff_content_type(zip_of({{"[Content_Types].xml", ct_docx}, {"word/document.xml", "<w/>"}})),
            std::string(kDocxType));
  EXPECT_EQ(sniff_content_type(zip_of({{"[Content_Types].xml", ct_xlsx}, {"xl/workbook.xml", "<x/>"}})),
            std::string(kXlsxType));
  // No content types: the main part's name decides.
  EXPECT_EQ(sniff_content_type(zip_of({{"xl/workbook.xml", "<x/>"}})), std::string(kXlsxType));
  // Any other ZIP is not evidence.
  EXPECT_EQ(sniff_content_type(zip_of({{"readme.txt", "hello"}})), std::nullopt);
  EXPECT_EQ(sniff_content_type(std::string("PK\x03\x04garbage", 11)), std::nullopt);
}

TEST(EvidenceMedia, ThumbnailFitsTheBox) {
  auto info = analyse_media(draw(1000, 500, ".png"));
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->content_type, "image/png");
  EXPECT_EQ(info->width, 1000);
  EXPECT_EQ(info->height, 500);
  ASSERT_FALSE(info->thumbnail.empty());
  EXPECT_EQ(sniff_content_type(info->thumbnail), "image/jpeg");
  auto thumb = analyse_media(info->thumbnail);
  ASSERT_TRUE(thumb.ok());
  EXPECT_EQ(thumb->width, 320);
  EXPECT_EQ(thumb->height, 160);
  // A small photo is not enlarged.
  auto small = analyse_media(analyse_media(draw(32, 24, ".png"))->thumbnail);
  ASSERT_TRUE(small.ok());
  EXPECT_EQ(small->width, 32);
  EXPECT_EQ(small->height, 24);
  // A transparent PNG and a WebP get one too.
  EXPECT_FALSE(analyse_media(draw(40, 40, ".png", 4))->thumbnail.empty());
  EXPECT_FALSE(analyse_media(draw(40, 40, ".webp"))->thumbnail.empty());
}

TEST(EvidenceMedia, ReadsExifTimeAndPlace) {
  auto info = analyse_media(jpeg_with_exif());
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->taken_at, "2017-11-20T09:30:15");
  ASSERT_TRUE(info->gps_lat && info->gps_lon);
  EXPECT_NEAR(*info->gps_lat, 34 + 47 / 60.0 + 31.5 / 3600, 1e-9);
  EXPECT_NEAR(*info->gps_lon, 114 + 20 / 60.0 + 52.25 / 3600, 1e-9);
  EXPECT_EQ(info->width, 64);
  // A photo without EXIF has neither.
  auto plain = analyse_media(draw(16, 16, ".jpg"));
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->taken_at);
  EXPECT_FALSE(plain->gps_lat);
}

TEST(EvidenceMedia, RefusesDecompressionBombs) {
  std::string png = draw(400, 300, ".png");
  MediaLimits small;
  small.max_pixels = 100'000;
  auto r = analyse_media(png, small);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "image_too_large");
  // A PNG header declaring 60000 × 60000 pixels (3.6 gigapixels), with no
  // only 400 × 300 pixels of data behind it: refused from the header alone.
  std::string bomb = png;
  auto put32 = [&](size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) bomb[at + i] = char(v >> (24 - 8 * i));
  };
  put32(16, 60000);
  put32(20, 60000);
  uint32_t crc = 0xFFFFFFFF;  // over "IHDR" and its 13 bytes
  for (size_t i = 12; i < 29; ++i) {
    crc ^= uint8_t(bomb[i]);
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xEDB88320 & (0u - (crc & 1)));
  }
  put32(29, ~crc);
  auto b = analyse_media(bomb);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, "image_too_large");
}

TEST(EvidenceMedia, KeepsUndecodablePhotosWithoutThumbnail) {
  auto r = analyse_media(std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->content_type, "image/png");
  EXPECT_TRUE(r->thumbnail.empty());
  EXPECT_FALSE(r->width);
  auto pdf = analyse_media("%PDF-1.4\n");
  ASSERT_TRUE(pdf.ok());
  EXPECT_TRUE(pdf->thumbnail.empty());
  auto bad = analyse_media("GIF89a");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "file_type");
}

}  // namespace
}  // namespace lantian::io
