// A real PNG made in the test (no image library): width × height pixels of
// one RGB colour, the zlib stream in stored (uncompressed) blocks. Decodable
// by libvips, so uploads of it get a thumbnail.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace lantian::test {

inline uint32_t png_crc(const std::string& s) {
  uint32_t c = 0xFFFFFFFF;
  for (unsigned char b : s) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320 & (0u - (c & 1)));
  }
  return ~c;
}

inline std::string be32(uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xFF), char((v >> 8) & 0xFF), char(v & 0xFF)};
}

inline std::string png_chunk(const std::string& type, const std::string& data) {
  return be32(uint32_t(data.size())) + type + data + be32(png_crc(type + data));
}

inline std::string make_png(int width, int height, unsigned char r = 70, unsigned char g = 130,
                            unsigned char b = 180) {
  std::string raw;
  for (int y = 0; y < height; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < width; ++x) raw += {char(r), char(g), char(b)};
  }
  std::string z = "\x78\x01";
  uint32_t a = 1, bsum = 0;
  for (unsigned char ch : raw) {
    a = (a + ch) % 65521;
    bsum = (bsum + a) % 65521;
  }
  for (size_t pos = 0; pos < raw.size() || pos == 0;) {
    size_t n = std::min<size_t>(65535, raw.size() - pos);
    bool last = pos + n >= raw.size();
    z += char(last ? 1 : 0);
    z += {char(n & 0xFF), char(n >> 8), char(~n & 0xFF), char((~n >> 8) & 0xFF)};
    z += raw.substr(pos, n);
    pos += n;
    if (last) break;
  }
  z += be32((bsum << 16) | a);
  std::string ihdr = be32(uint32_t(width)) + be32(uint32_t(height)) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1A\n", 8) + png_chunk("IHDR", ihdr) + png_chunk("IDAT", z) +
         png_chunk("IEND", "");
}

}  // namespace lantian::test
