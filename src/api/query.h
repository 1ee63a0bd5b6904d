// Query-string parameters: percent-decoding and typed reads with clear
// errors, plus the common paging parameters (page, per_page, sort).
//
// Errors: invalid (400) for bad encoding, a non-integer where one is needed,
// or an unknown sort key. Thread-safety: one Query per request.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "store/paging.h"

namespace lantian::api {

class Query {
 public:
  static Result<Query> parse(std::string_view raw);

  std::string str(const std::string& key) const;
  // The comma-separated values of key in order, empty pieces dropped:
  // "status=a,b" gives {"a", "b"}; absent gives {}.
  std::vector<std::string> list(const std::string& key) const;
  Result<std::optional<int64_t>> integer(const std::string& key) const;
  // "true"/"1" or "false"/"0"; absent -> fallback.
  Result<bool> boolean(const std::string& key, bool fallback) const;
  // page (>=1), per_page (1..200, default 20), sort (one of allowed, "-" = desc).
  Result<store::Page> page(const std::vector<std::string>& allowed_sorts,
                           const std::string& default_sort) const;
  // The parameters named prefix + something, as (something, value), by name:
  // "f.fuel=coal" with prefix "f." gives ("fuel", "coal").
  std::vector<std::pair<std::string, std::string>> with_prefix(std::string_view prefix) const;

 private:
  std::map<std::string, std::string> values_;
};

// Percent-decodes (and '+' -> space); nullopt on a bad escape or invalid UTF-8.
std::optional<std::string> url_decode(std::string_view s);

}  // namespace lantian::api
