// Password policy: at least 8 characters and at least three of the four
// character classes (lower case, upper case, digits, symbols); at most 128
// bytes so hashing cannot be used to burn CPU; not equal to the username.
//
// Thread-safety: pure function.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace lantian {

// nullopt if acceptable, else the reason (English, shown to the user).
std::optional<std::string> check_password_policy(std::string_view password, std::string_view username = {});

}  // namespace lantian
