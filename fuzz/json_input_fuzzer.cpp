// Fuzz target: request bodies (api/json_input.h). Input: a request body.
// It is read the way the routes read bodies, with every kind of field (and a
// list of nested objects), and any error is rendered as the problem body the
// client would get, which must be JSON naming each field error.
#include <boost/json.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "api/json_input.h"
#include "api/problem.h"
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

void read_fields(api::JsonInput& in) {
  if (auto s = in.string("title")) FUZZ_CHECK(valid_utf8(*s));
  (void)in.integer("id");
  (void)in.boolean("active");
  if (auto l = in.string_list("roles"))
    for (const auto& s : *l) FUZZ_CHECK(valid_utf8(s));
  (void)in.nullable_integer("parent_id");
  (void)in.person("leader");
  (void)in.contacts("contacts");
  if (auto n = in.number("target_value")) FUZZ_CHECK(std::isfinite(*n));  // never NaN or infinite
  if (auto n = in.nullable_number("actual_value"); n && *n) FUZZ_CHECK(std::isfinite(**n));
  (void)in.integer_list("ids");
  in.allow("note");
  (void)in.has("version");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  auto in = api::JsonInput::parse(body);
  if (!in.ok()) {
    check_problem(in.error());
    return 0;
  }
  read_fields(*in);
  if (auto nested = in->objects("milestones")) {
    for (auto& o : *nested) {
      read_fields(o);
      in->finish_nested(o);
    }
  }
  auto st = in->finish();
  if (!st.ok()) {
    FUZZ_CHECK(!st.error().fields.empty());
    check_problem(st.error());
  }
  return 0;
}
