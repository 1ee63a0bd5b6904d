#include "api/byte_range.h"

#include <charconv>

namespace lantian::api {
namespace {

std::optional<uint64_t> number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

RangeRequest parse_byte_range(std::string_view header, uint64_t size) {
  RangeRequest out;
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() <= kUnit.size() || header.substr(0, kUnit.size()) != kUnit) return out;
  std::string_view spec = trim(header.substr(kUnit.size()));
  if (spec.find(',') != std::string_view::npos) return out;  // several ranges: send the whole file
  size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return out;
  std::string_view a = trim(spec.substr(0, dash)), b = trim(spec.substr(dash + 1));
  if (a.empty()) {  // the last b bytes
    auto n = number(b);
    if (!n) return out;
    out.whole = false;
    if (*n == 0 || size == 0) {
      out.unsatisfiable = true;
      return out;
    }
    uint64_t len = *n < size ? *n : size;
    out.range = {size - len, size - 1};
    return out;
  }
  auto first = number(a);
  if (!first) return out;
  std::optional<uint64_t> last;
  if (!b.empty()) {
    last = number(b);
    if (!last || *last < *first) return out;  // invalid: ignored
  }
  out.whole = false;
  if (*first >= size) {
    out.unsatisfiable = true;
    return out;
  }
  out.range = {*first, last && *last < size ? *last : size - 1};
  return out;
}

}  // namespace lantian::api
