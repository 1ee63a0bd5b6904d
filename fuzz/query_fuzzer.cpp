// Fuzz target: query strings (api/query.h). Input: the raw query after '?'.
// It is parsed, read the way the list routes read it (integers, booleans,
// paging with a sort whitelist), and every error is rendered as the problem
// body the client would get, which must be JSON. Decoded values must be
// valid UTF-8 without control characters and survive re-encoding.
#include <boost/json.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/problem.h"
#include "api/query.h"
#include "core/text.h"
#include "fuzz_check.h"

using namespace lantian;

namespace {

void check_problem(const Error& e) {
  auto r = api::problem(e);
  FUZZ_CHECK(r.status >= 400 && r.status < 500);
  boost::json::error_code ec;
  auto v = boost::json::parse(r.body, ec);
  FUZZ_CHECK(!ec && v.is_object());
}

std::string percent_encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    out += '%';
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);

  if (auto d = api::url_decode(raw)) {
    FUZZ_CHECK(valid_utf8(*d));
    for (unsigned char c : *d) FUZZ_CHECK(c >= 0x20);
    auto again = api::url_decode(percent_encode(*d));
    FUZZ_CHECK(again && *again == *d);
  }

  auto q = api::Query::parse(raw);
  if (!q.ok()) {
    FUZZ_CHECK(q.error().code == "bad_query_encoding");
    check_problem(q.error());
    return 0;
  }
  for (const char* key : {"q", "status", "unit", "sort", "from", "to"}) {
    auto s = q->str(key);
    FUZZ_CHECK(valid_utf8(s));
  }
  for (const char* key : {"unit", "campaign", "page", "assignee", "parent"}) {
    auto i = q->integer(key);
    if (!i.ok()) check_problem(i.error());
  }
  for (const char* key : {"overdue", "mine", "include_closed"}) {
    auto b = q->boolean(key, false);
    if (!b.ok()) check_problem(b.error());
  }
  auto p = q->page({"deadline", "title", "id", "status"}, "-deadline");
  if (p.ok()) {
    FUZZ_CHECK(p->page >= 1 && p->page <= 1000000);
    FUZZ_CHECK(p->per_page >= 1 && p->per_page <= 200);
    FUZZ_CHECK(p->offset() >= 0);
    FUZZ_CHECK(p->sort == "deadline" || p->sort == "title" || p->sort == "id" || p->sort == "status");
  } else {
    check_problem(p.error());
  }
  return 0;
}
