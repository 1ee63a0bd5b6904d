#include "core/text.h"

#include <fmt/format.h>

namespace lantian {

namespace {
// The length of the valid UTF-8 sequence starting at s[i], or 0 if none
// does (a stray continuation byte, a truncated sequence, an overlong form,
// a surrogate or a value past U+10FFFF).
size_t sequence_length(std::string_view s, size_t i) {
  unsigned char c = s[i];
  size_t len;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0)
    len = 2, cp = c & 0x1F;
  else if ((c & 0xF0) == 0xE0)
    len = 3, cp = c & 0x0F;
  else if ((c & 0xF8) == 0xF0)
    len = 4, cp = c & 0x07;
  else
    return 0;
  if (i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if ((cc & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (cc & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return len;
}
}  // namespace

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string replace_invalid_utf8(std::string_view s) {
  if (valid_utf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size() + 8);
  for (size_t i = 0; i < s.size();) {
    size_t len = sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out;
}

size_t utf8_length(std::string_view s) {
  size_t count = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++count;
  return count;
}

std::string trim(std::string_view s) {
  auto starts_space = [](std::string_view v) {
    if (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\n' || v.front() == '\r'))
      return 1;
    if (v.substr(0, 3) == "\xE3\x80\x80") return 3;
    return 0;
  };
  auto ends_space = [](std::string_view v) {
    if (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\n' || v.back() == '\r')) return 1;
    if (v.size() >= 3 && v.substr(v.size() - 3) == "\xE3\x80\x80") return 3;
    return 0;
  };
  while (int k = starts_space(s)) s.remove_prefix(k);
  while (int k = ends_space(s)) s.remove_suffix(k);
  return std::string(s);
}

bool has_control_characters(std::string_view s, bool allow_line_breaks) {
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == 0x7F || (c < 0x20 && !(allow_line_breaks && (c == '\n' || c == '\t' || c == '\r')))) return true;
    // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) <= 0x9F) return true;
  }
  return false;
}

bool has_format_characters(std::string_view s) {
  for (size_t i = 0; i + 1 < s.size(); ++i) {
    auto c0 = static_cast<unsigned char>(s[i]);
    auto c1 = static_cast<unsigned char>(s[i + 1]);
    if (c0 == 0xD8 && c1 == 0x9C) return true;  // U+061C arabic letter mark
    if (i + 2 >= s.size()) continue;
    auto c2 = static_cast<unsigned char>(s[i + 2]);
    if (c0 == 0xE2 && c1 == 0x80 && ((c2 >= 0x8B && c2 <= 0x8F) || (c2 >= 0xAA && c2 <= 0xAE)))
      return true;  // U+200B..U+200F, U+202A..U+202E
    if (c0 == 0xE2 && c1 == 0x81 && (c2 == 0xA0 || (c2 >= 0xA6 && c2 <= 0xA9)))
      return true;                                            // U+2060, U+2066..U+2069
    if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) return true;  // U+FEFF
  }
  return false;
}

std::string shorten_text(std::string_view s, size_t max_chars) {
  if (utf8_length(s) <= max_chars) return std::string(s);
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < s.size() && chars + 1 < max_chars;) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.append(s, i, len);
    i += len;
    ++chars;
  }
  return out + "…";
}

std::optional<Issue> check_text(std::string_view s, size_t max_chars, bool required, bool multi_line) {
  if (!valid_utf8(s)) return issue("not_utf8");
  if (has_control_characters(s, multi_line)) return issue("control_characters");
  if (required && trim(s).empty()) return issue("required");
  if (utf8_length(s) > max_chars) return issue("too_long", {{"max", std::to_string(max_chars)}});
  return std::nullopt;
}

bool valid_username(std::string_view s) {
  if (s.size() < 3 || s.size() > 32) return false;
  if (!(s[0] >= 'a' && s[0] <= 'z')) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return false;
  return true;
}

bool valid_phone(std::string_view s) {
  auto all_digits = [](std::string_view v) {
    if (v.empty()) return false;
    for (char c : v)
      if (c < '0' || c > '9') return false;
    return true;
  };
  if (s.size() == 11 && s[0] == '1' && all_digits(s)) return true;
  // Landline: 0AA(A)-NNNNNNN(N)[-EXT]
  auto dash = s.find('-');
  if (dash == std::string_view::npos || s[0] != '0') return false;
  auto area = s.substr(0, dash);
  auto rest = s.substr(dash + 1);
  std::string_view ext;
  if (auto d2 = rest.find('-'); d2 != std::string_view::npos) {
    ext = rest.substr(d2 + 1);
    rest = rest.substr(0, d2);
    if (!all_digits(ext) || ext.size() > 6) return false;
  }
  return area.size() >= 3 && area.size() <= 4 && all_digits(area) && all_digits(rest) &&
         (rest.size() == 7 || rest.size() == 8);
}

std::string halfwidth_ascii(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    // U+FF01..U+FF5E is EF BC 81..EF BD 9E in UTF-8.
    if (static_cast<unsigned char>(s[i]) == 0xEF && i + 2 < s.size()) {
      unsigned char b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      unsigned cp = 0;
      if (b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) cp = 0xFF00 + (b2 - 0x80);
      if (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E) cp = 0xFF40 + (b2 - 0x80);
      if (cp) {
        out += char(cp - 0xFF00 + 0x20);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

}  // namespace lantian
