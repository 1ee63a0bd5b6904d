#include "app/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace lantian::app {

namespace {

// The bytes boost::json::serialize escapes in a string: control characters,
// '"' and '\\'. Every other byte (UTF-8 or not) is copied as it is.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = true;
  t['"'] = true;
  t['\\'] = true;
  return t;
}();

// Whether one of the 8 bytes at p is escaped: for a word x,
// (x - 0x01..01 * n) & ~x & 0x80..80 is non-zero exactly when some byte of x
// is below n (n <= 0x80); a byte equal to c is below 1 in x ^ (0x01..01 * c).
bool word_needs_escape(const char* p) {
  constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto any_below = [](uint64_t x, uint64_t c) { return (x - ones * c) & ~x & highs; };
  uint64_t x;
  std::memcpy(&x, p, 8);
  return any_below(x, 0x20) | any_below(x ^ (ones * '"'), 1) | any_below(x ^ (ones * '\\'), 1);
}

// Whether s has an escaped byte (kEscaped), eight bytes at a time.
bool needs_escape(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n < 8) {
    for (std::size_t i = 0; i < n; ++i)
      if (kEscaped[static_cast<unsigned char>(p[i])]) return true;
    return false;
  }
  for (std::size_t i = 0; i + 8 <= n; i += 8)
    if (word_needs_escape(p + i)) return true;
  return word_needs_escape(p + n - 8);  // the last 8 bytes, overlapping the words before
}

}  // namespace

void JsonWriter::grow(std::size_t n) { buf_.resize(std::max(buf_.size() * 2, len_ + n + 256)); }

void JsonWriter::integer(int64_t v) {
  char* p = room(24);
  if (!first_) {
    *p++ = ',';
    ++len_;
  }
  auto r = std::to_chars(p, p + 21, v);  // at most 20 characters
  len_ += std::size_t(r.ptr - p);
  first_ = false;
}

void JsonWriter::number(double v) {
  sep();
  // Boost.JSON's own number formatting, so that doubles read the same as in
  // a serialized DOM.
  boost::json::value jv(v);
  sr_.reset(&jv);
  char buf[64];
  while (!sr_.done()) append(sr_.read(buf, sizeof buf));
  first_ = false;
}

void JsonWriter::dom_value(const boost::json::value& v) {
  sep();
  sr_.reset(&v);
  char buf[256];
  while (!sr_.done()) append(sr_.read(buf, sizeof buf));
  first_ = false;
}

void DomWriter::dom_value(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object:
      begin_object();
      for (const auto& [k, x] : v.get_object()) {
        key(k);
        dom_value(x);
      }
      end_object();
      break;
    case boost::json::kind::array:
      begin_array();
      for (const auto& x : v.get_array()) dom_value(x);
      end_array();
      break;
    case boost::json::kind::string:
      string(v.get_string());
      break;
    case boost::json::kind::int64:
      integer(v.get_int64());
      break;
    case boost::json::kind::uint64:
      st_.push_uint64(v.get_uint64());
      count();
      break;
    case boost::json::kind::double_:
      number(v.get_double());
      break;
    case boost::json::kind::bool_:
      boolean(v.get_bool());
      break;
    case boost::json::kind::null:
      null();
      break;
  }
}

void JsonWriter::quoted(std::string_view s, std::size_t extra) {
  if (!needs_escape(s)) {
    char* p = room(s.size() + 3 + extra);
    if (!first_) {
      *p++ = ',';
      ++len_;
    }
    *p++ = '"';
    std::memcpy(p, s.data(), s.size());
    p[s.size()] = '"';
    len_ += s.size() + 2;
    return;
  }
  sep();
  sr_.reset(s);
  char buf[256];
  while (!sr_.done()) append(sr_.read(buf, sizeof buf));
}

}  // namespace lantian::app
