// Validation of user-supplied text: every text field is checked here before
// it reaches the store, so the database only ever holds valid UTF-8 without
// control characters, within a length limit counted in characters (a Chinese
// name of 20 characters is 60 bytes).
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lantian {

bool valid_utf8(std::string_view s);
// Number of Unicode code points; assumes valid UTF-8.
size_t utf8_length(std::string_view s);

// True if s (valid UTF-8) holds C0 or C1 control characters or DEL;
// allow_line_breaks permits \n, \r and \t.
bool has_control_characters(std::string_view s, bool allow_line_breaks = false);

// Checks a single-line text field: valid UTF-8, no control characters
// (multi_line allows \n and \t), 1..max_chars characters after trimming when
// required. Returns an error message in Chinese-and-English-neutral English,
// or nullopt when fine.
std::optional<std::string> check_text(std::string_view s, size_t max_chars, bool required,
                                      bool multi_line = false);
// Trims ASCII and ideographic (U+3000) spaces at both ends.
std::string trim(std::string_view s);

// Usernames: 3..32 of [a-z0-9._-], starting with a letter.
bool valid_username(std::string_view s);
// Phone numbers: mainland mobile (11 digits starting with 1) or a landline
// like 0371-12345678 (area code + 7/8 digits, optional extension "-123").
bool valid_phone(std::string_view s);

}  // namespace lantian
