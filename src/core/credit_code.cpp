#include "core/credit_code.h"

#include <array>

#include "core/text.h"

namespace lantian {
namespace {

constexpr std::string_view kCharset = "0123456789ABCDEFGHJKLMNPQRTUWXY";  // 31, GB 32100 table 2

// The value of a character of the set, or -1.
int value_of(char c) {
  size_t i = kCharset.find(c);
  return i == std::string_view::npos ? -1 : int(i);
}

// Weights 3^(i) mod 31 for positions 1..17 (GB 32100 §5).
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

}  // namespace

std::string normalise_credit_code(std::string_view input) {
  std::string out = halfwidth_ascii(input);
  size_t b = out.find_first_not_of(" \t\r\n"), e = out.find_last_not_of(" \t\r\n");
  out = b == std::string::npos ? std::string() : out.substr(b, e - b + 1);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return out;
}

char credit_code_check_character(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < 17 && i < first17.size(); ++i) sum += value_of(first17[i]) * kWeights[i];
  int check = (31 - sum % 31) % 31;
  return kCharset[size_t(check)];
}

std::optional<Issue> check_credit_code(std::string_view code) {
  // Count characters, not bytes: a code typed with a Chinese character in it
  // is 18 characters long but not 18 bytes.
  size_t chars = 0;
  for (unsigned char c : code)
    if ((c & 0xC0) != 0x80) ++chars;
  if (chars != 18) return issue("credit_code_length", {{"length", std::to_string(chars)}});
  if (code.size() != 18) {  // 18 characters, some of them not ASCII
    size_t pos = 0;
    for (size_t i = 0; i < code.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(code[i]);
      if ((c & 0xC0) != 0x80) ++pos;
      if (c >= 0x80) {
        size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        return issue("credit_code_character",
                     {{"position", std::to_string(pos)}, {"character", std::string(code.substr(i, len))}});
      }
    }
  }
  for (size_t i = 0; i < 18; ++i)
    if (value_of(code[i]) < 0)
      return issue("credit_code_character",
                   {{"position", std::to_string(i + 1)}, {"character", std::string(1, code[i])}});
  char expected = credit_code_check_character(code.substr(0, 17));
  if (code[17] != expected) return issue("credit_code_check", {{"expected", std::string(1, expected)}});
  return std::nullopt;
}

}  // namespace lantian
