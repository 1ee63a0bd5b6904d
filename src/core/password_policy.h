// Password policy: at least 8 characters and at least three of the four
// character classes (lower case, upper case, digits, symbols); at most 128
// bytes so hashing cannot be used to burn CPU; not equal to the username.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian {

// nullopt if acceptable, else the coded reason: not_utf8,
// control_characters, too_short{min}, too_many_bytes{max}, password_classes,
// password_is_username.
std::optional<Issue> check_password_policy(std::string_view password, std::string_view username = {});

}  // namespace lantian
