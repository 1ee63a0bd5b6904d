#include "aq/decimal.h"

namespace lantian::aq {

Result<Milli> parse_milli(std::string_view text) {
  auto bad = [&](const char* why) {
    return Error::invalid("\"" + std::string(text) + "\" is not a concentration: " + why);
  };
  if (text.empty()) return bad("empty");
  int64_t units = 0, frac = 0;
  int int_digits = 0, frac_digits = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    units = units * 10 + (text[i] - '0');
    if (units > kMilliMax / kMilliPerUnit) return bad("too large");
  }
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++frac_digits) {
      if (frac_digits == 3) return bad("more than 3 decimals");
      frac = frac * 10 + (text[i] - '0');
    }
  }
  if (i != text.size()) return bad(text[0] == '-' ? "negative" : "not a decimal number");
  if (int_digits + frac_digits == 0) return bad("no digits");
  for (int d = frac_digits; d < 3; ++d) frac *= 10;
  return static_cast<Milli>(units * kMilliPerUnit + frac);
}

std::string format_milli(Milli v, int decimals) {
  std::string s = std::to_string(v / kMilliPerUnit);
  if (decimals > 0) {
    std::string f = std::to_string(v % kMilliPerUnit + kMilliPerUnit).substr(1);  // "050"
    s += '.';
    s += f.substr(0, static_cast<size_t>(decimals));
  }
  return s;
}

}  // namespace lantian::aq
