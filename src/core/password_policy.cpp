#include "core/password_policy.h"

#include "core/text.h"

namespace lantian {

std::optional<std::string> check_password_policy(std::string_view pw, std::string_view username) {
  if (!valid_utf8(pw)) return "must be valid UTF-8";
  if (has_control_characters(pw)) return "must not contain control characters";
  if (utf8_length(pw) < 8) return "must be at least 8 characters";
  if (pw.size() > 128) return "must be at most 128 bytes";
  bool lower = false, upper = false, digit = false, symbol = false;
  for (unsigned char c : pw) {
    if (c >= 'a' && c <= 'z')
      lower = true;
    else if (c >= 'A' && c <= 'Z')
      upper = true;
    else if (c >= '0' && c <= '9')
      digit = true;
    else
      symbol = true;
  }
  if (int(lower) + int(upper) + int(digit) + int(symbol) < 3)
    return "must contain at least three of: lower-case letters, upper-case letters, digits, symbols";
  if (!username.empty() && pw == username) return "must not equal the username";
  return std::nullopt;
}

}  // namespace lantian
