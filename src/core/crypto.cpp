#include "core/crypto.h"

#include <sodium.h>

namespace lantian {

bool crypto_init() { return sodium_init() >= 0; }

std::string random_hex(size_t n) {
  std::string bytes(n, '\0');
  randombytes_buf(bytes.data(), n);
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), n);
  out.pop_back();
  return out;
}

std::string random_password() {
  static constexpr std::string_view lower = "abcdefghijkmnpqrstuvwxyz";
  static constexpr std::string_view upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  static constexpr std::string_view digit = "23456789";
  static constexpr std::string_view symbol = "#%+=@";
  auto pick = [](std::string_view set) { return set[randombytes_uniform(uint32_t(set.size()))]; };
  // Fixed shape guarantees all four classes: Aaa9#aaa-Aa9a
  std::string p;
  p += pick(upper), p += pick(lower), p += pick(lower), p += pick(digit), p += pick(symbol);
  p += pick(lower), p += pick(lower), p += pick(lower), p += '-';
  p += pick(upper), p += pick(lower), p += pick(digit), p += pick(lower);
  return p;
}

std::string sha256_hex(std::string_view data) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char out[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(out, sizeof out, h, sizeof h);
  return std::string(out, crypto_hash_sha256_BYTES * 2);
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

Result<std::string> hash_password(std::string_view password, bool fast) {
  char out[crypto_pwhash_STRBYTES];
  // OWASP's argon2id baseline (m = 19 MiB, t = 2, p = 1) rather than
  // libsodium's INTERACTIVE (64 MiB): logins run on the server's I/O threads,
  // and two concurrent 64 MiB hashes would triple the server's memory.
  // Hashes carry their parameters, so older hashes still verify.
  unsigned long long ops = fast ? crypto_pwhash_OPSLIMIT_MIN : 2;
  size_t mem = fast ? crypto_pwhash_MEMLIMIT_MIN : size_t(19) * 1024 * 1024;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem, crypto_pwhash_ALG_ARGON2ID13) !=
      0)
    return Error::internal("password hashing failed (out of memory)");
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  std::string h(encoded);  // needs a NUL-terminated string
  return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

}  // namespace lantian
