#include "app/ledger_fields.h"

#include <boost/json.hpp>

namespace lantian::app {
namespace {

// A cursor over the text: peek() is '\0' past the end (a NUL byte in the
// text is refused wherever it stands, so the two never meet).
struct Scanner {
  std::string_view s;
  size_t i = 0;

  char peek() const { return i < s.size() ? s[i] : '\0'; }
  void skip_ws() {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  }
  bool digit() const { return peek() >= '0' && peek() <= '9'; }
  size_t digits() {
    size_t from = i;
    while (digit()) ++i;
    return i - from;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  // A string at s[i] == '"'; afterwards i is past its closing quote.
  // `escaped` tells whether it had a backslash escape.
  bool string(bool& escaped) {
    escaped = false;
    ++i;
    while (i < s.size()) {
      const auto c = static_cast<unsigned char>(s[i]);
      if (c == '"') {
        ++i;
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\') {
        escaped = true;
        switch (++i < s.size() ? s[i] : '\0') {
          case '"':
          case '\\':
          case '/':
          case 'b':
          case 'f':
          case 'n':
          case 'r':
          case 't':
            ++i;
            break;
          case 'u': {
            if (i + 4 >= s.size()) return false;
            unsigned cp = 0;
            for (size_t k = 1; k <= 4; ++k) {
              int h = hex(s[i + k]);
              if (h < 0) return false;
              cp = cp * 16 + unsigned(h);
            }
            if (cp >= 0xD800 && cp <= 0xDFFF) return false;  // pairs and halves: the parser's
            i += 5;
            break;
          }
          default:
            return false;
        }
        continue;
      }
      if (c < 0x80) {
        ++i;
        continue;
      }
      // UTF-8 (RFC 3629): no overlong forms, no surrogates, at most U+10FFFF.
      size_t n;
      unsigned cp;
      if (c >= 0xC2 && c <= 0xDF)
        n = 1, cp = c & 0x1Fu;
      else if (c >= 0xE0 && c <= 0xEF)
        n = 2, cp = c & 0x0Fu;
      else if (c >= 0xF0 && c <= 0xF4)
        n = 3, cp = c & 0x07u;
      else
        return false;
      if (i + n >= s.size()) return false;
      for (size_t k = 1; k <= n; ++k) {
        const auto d = static_cast<unsigned char>(s[i + k]);
        if ((d & 0xC0) != 0x80) return false;
        cp = (cp << 6) | (d & 0x3Fu);
      }
      if (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) return false;
      if (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) return false;
      i += n + 1;
    }
    return false;
  }

  // A number (RFC 8259), of the sizes boost::json reads exactly as written:
  // integers of at most 18 digits (int64), exponents of at most two digits.
  bool number() {
    if (peek() == '-') ++i;
    size_t whole;
    if (peek() == '0') {
      ++i;
      whole = 1;
      if (digit()) return false;  // no leading zeros
    } else {
      whole = digits();
      if (whole == 0) return false;
    }
    bool plain = true;
    if (peek() == '.') {
      ++i;
      plain = false;
      if (digits() == 0) return false;
    }
    if (peek() == 'e' || peek() == 'E') {
      ++i;
      plain = false;
      if (peek() == '+' || peek() == '-') ++i;
      size_t e = digits();
      if (e == 0 || e > 2) return false;
    }
    return !plain || whole <= 18;
  }

  bool literal(std::string_view word) {
    if (s.substr(i, word.size()) != word) return false;
    i += word.size();
    return true;
  }

  bool value() {
    bool escaped;
    switch (peek()) {
      case '"':
        return string(escaped);
      case 't':
        return literal("true");
      case 'f':
        return literal("false");
      case 'n':
        return literal("null");
      default:
        return peek() == '-' || digit() ? number() : false;  // objects and arrays too
    }
  }
};

}  // namespace

std::optional<size_t> scan_ledger_fields(std::string_view text, std::span<StoredMember> out) {
  Scanner sc{text};
  sc.skip_ws();
  if (sc.peek() != '{') return std::nullopt;
  ++sc.i;
  sc.skip_ws();
  size_t n = 0;
  if (sc.peek() == '}') {
    ++sc.i;
  } else {
    for (;;) {
      if (sc.peek() != '"' || n == out.size()) return std::nullopt;
      const size_t k = sc.i;
      bool escaped;
      if (!sc.string(escaped) || escaped) return std::nullopt;
      out[n].key = text.substr(k + 1, sc.i - k - 2);
      sc.skip_ws();
      if (sc.peek() != ':') return std::nullopt;
      ++sc.i;
      sc.skip_ws();
      const size_t v = sc.i;
      if (!sc.value()) return std::nullopt;
      out[n++].json = text.substr(v, sc.i - v);
      sc.skip_ws();
      if (sc.peek() == ',') {
        ++sc.i;
        sc.skip_ws();
        continue;
      }
      if (sc.peek() != '}') return std::nullopt;
      ++sc.i;
      break;
    }
  }
  sc.skip_ws();
  if (sc.i != text.size()) return std::nullopt;
  return n;
}

std::string encode_ledger_fields(const std::map<std::string, LedgerValue>& values) {
  boost::json::object o;
  for (const auto& [name, v] : values) {
    if (auto s = std::get_if<std::string>(&v))
      o[name] = *s;
    else if (auto i = std::get_if<int64_t>(&v))
      o[name] = *i;
    else if (auto d = std::get_if<double>(&v))
      o[name] = *d;
    else if (auto b = std::get_if<bool>(&v))
      o[name] = *b;
  }
  return boost::json::serialize(o);
}

Result<std::map<std::string, LedgerValue>> decode_ledger_fields(const LedgerType& type,
                                                                const std::string& json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Error::invalid("ledger row fields are not a JSON object");
  std::map<std::string, LedgerValue> out;
  for (const auto& [key, value] : v.get_object()) {
    if (!type.field(key)) continue;  // no longer declared
    // As stored: it was checked when written. A definition changed since
    // (a bound, a choice) shows the old value as it was, never drops it.
    if (value.is_string())
      out[std::string(key)] = std::string(value.get_string());
    else if (value.is_int64())
      out[std::string(key)] = value.get_int64();
    else if (value.is_number())
      out[std::string(key)] = value.to_number<double>();
    else if (value.is_bool())
      out[std::string(key)] = value.get_bool();
  }
  return out;
}

}  // namespace lantian::app
