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

#include "core/error.h"

namespace lantian {

bool valid_utf8(std::string_view s);
// s with every byte that does not start a valid UTF-8 sequence replaced by
// U+FFFD (as a browser decodes it): for echoing what a client sent, such as
// a request path, in a JSON response, which must be UTF-8.
std::string replace_invalid_utf8(std::string_view s);
// Number of Unicode code points; assumes valid UTF-8.
size_t utf8_length(std::string_view s);

// True if s (valid UTF-8) holds C0 or C1 control characters or DEL;
// allow_line_breaks permits \n, \r and \t.
bool has_control_characters(std::string_view s, bool allow_line_breaks = false);
// True if s (valid UTF-8) holds Unicode format characters that change how
// text is displayed without being seen: bidirectional embeddings,
// overrides and isolates (U+202A..U+202E, U+2066..U+2069), marks (U+200E,
// U+200F, U+061C), zero-width characters (U+200B..U+200D, U+2060, U+FEFF).
bool has_format_characters(std::string_view s);

// Checks a single-line text field: valid UTF-8, no control characters
// (multi_line allows \n and \t), 1..max_chars characters after trimming when
// required. Returns the coded issue (not_utf8, control_characters,
// required, too_long{max}), or nullopt when fine.
std::optional<Issue> check_text(std::string_view s, size_t max_chars, bool required, bool multi_line = false);
// At most max_chars characters of s (valid UTF-8), the last one an ellipsis
// "…" when s was longer (titles in one-line notices).
std::string shorten_text(std::string_view s, size_t max_chars);
// Trims ASCII and ideographic (U+3000) spaces at both ends.
std::string trim(std::string_view s);
// Full-width ASCII (U+FF01..U+FF5E, what a Chinese input method types: "ＡＢ１")
// made half-width ("AB1"); everything else as it was.
std::string halfwidth_ascii(std::string_view s);

// Usernames: 3..32 of [a-z0-9._-], starting with a letter.
bool valid_username(std::string_view s);
// Phone numbers: mainland mobile (11 digits starting with 1) or a landline
// like 0371-12345678 (area code + 7/8 digits, optional extension "-123").
bool valid_phone(std::string_view s);

}  // namespace lantian
