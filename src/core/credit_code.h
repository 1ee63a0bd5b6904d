// The unified social credit code (统一社会信用代码, GB 32100-2015): 18
// characters from a 31-character set (digits and the capitals without I, O,
// S, V, Z), the last a check character over the first 17 (weights 3^i mod
// 31). The check character catches every single wrong character and every
// swap of two neighbours; it is what an enterprise registry validates.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian {

// The code as written to be checked: surrounding blanks removed, letters in
// upper case, full-width letters and digits (from a Chinese input method) made
// half-width. Anything else is left for check_credit_code() to refuse.
std::string normalise_credit_code(std::string_view input);

// nullopt when `code` (normalised) is a valid code, else why not:
//   credit_code_length    {length}              not 18 characters
//   credit_code_character {position, character} a character outside the set (1-based)
//   credit_code_check     {expected}            the last character does not match the first 17
std::optional<Issue> check_credit_code(std::string_view code);

// The check character of the first 17 characters of `code` (which must be
// from the set), e.g. for tests and for telling a user what was expected.
char credit_code_check_character(std::string_view first17);

}  // namespace lantian
