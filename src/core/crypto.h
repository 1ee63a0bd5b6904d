// Small cryptographic helpers on libsodium: random tokens, SHA-256, and
// argon2id password hashing. Pure computation, no I/O.
//
// Thread-safety: all functions are thread-safe once sodium_init() has run
// (crypto_init() does it; calling it more than once is harmless).
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace lantian {

// Initialises libsodium. Returns false if the library cannot start.
bool crypto_init();

// n random bytes as lower-case hex (2n characters).
std::string random_hex(size_t n_bytes);
// A random password that satisfies the password policy, easy to read aloud
// (no 0/O/1/l), e.g. "Kp7#xQ2m-Rt9v".
std::string random_password();
// SHA-256 of data as 64 lower-case hex characters.
std::string sha256_hex(std::string_view data);
// Constant-time comparison of two strings of equal length.
bool constant_time_equal(std::string_view a, std::string_view b);

// argon2id hash in libsodium's encoded string form ("$argon2id$v=19$...").
// Uses m = 19 MiB, t = 2 by default; `fast` lowers them for bulk demo data
// and tests. Errors: internal if hashing fails (out of memory).
Result<std::string> hash_password(std::string_view password, bool fast = false);
// True if password matches the encoded hash.
bool verify_password(std::string_view encoded_hash, std::string_view password);

}  // namespace lantian
