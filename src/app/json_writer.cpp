#include "app/json_writer.h"

#include <array>
#include <charconv>

namespace lantian::app {

namespace {

// Bytes boost::json::serialize escapes in a string: control characters,
// '"' and '\\'. Every other byte (UTF-8 or not) is copied as it is.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

}  // namespace

void JsonWriter::integer(int64_t v) {
  sep();
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out_.append(buf, r.ptr);
  first_ = false;
}

void JsonWriter::number(double v) {
  sep();
  // Boost.JSON's own number formatting, so that doubles read the same as in
  // a serialized DOM.
  boost::json::value jv(v);
  sr_.reset(&jv);
  char buf[64];
  while (!sr_.done()) {
    auto part = sr_.read(buf, sizeof buf);
    out_.append(part.data(), part.size());
  }
  first_ = false;
}

void JsonWriter::quoted(std::string_view s) {
  bool plain = true;
  for (unsigned char c : s)
    if (kNeedsEscape[c]) {
      plain = false;
      break;
    }
  if (plain) {
    out_ += '"';
    out_.append(s);
    out_ += '"';
    return;
  }
  sr_.reset(s);
  char buf[256];
  while (!sr_.done()) {
    auto part = sr_.read(buf, sizeof buf);
    out_.append(part.data(), part.size());
  }
}

}  // namespace lantian::app
