#include "core/password_policy.h"

#include "core/text.h"

namespace lantian {

std::optional<Issue> check_password_policy(std::string_view pw, std::string_view username) {
  if (!valid_utf8(pw)) return issue("not_utf8");
  if (has_control_characters(pw)) return issue("control_characters");
  if (utf8_length(pw) < 8) return issue("too_short", {{"min", "8"}});
  if (pw.size() > 128) return issue("too_many_bytes", {{"max", "128"}});
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
  if (int(lower) + int(upper) + int(digit) + int(symbol) < 3) return issue("password_classes");
  if (!username.empty() && pw == username) return issue("password_is_username");
  return std::nullopt;
}

}  // namespace lantian
