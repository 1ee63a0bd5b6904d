// JsonInput (api/json_input.h) on its own, without a server.
#include "api/json_input.h"

#include <gtest/gtest.h>

namespace lantian::api {
namespace {

// Found by fuzz/json_input_fuzzer.cpp: Boost.JSON 1.81 reads 0e348 as NaN
// and 1e400 as infinity. NaN passed every range check (NaN < 0 and NaN > max
// are both false) and would have been stored as a task's target.
TEST(JsonInput, NumbersBeyondADoubleAreRefusedNotReadAsNanOrInfinity) {
  for (const char* body : {R"({"target_value":0e348})", R"({"target_value":1e400})",
                           R"({"target_value":-1e400})", R"({"target_value":0.0e999})"}) {
    auto in = JsonInput::parse(body);
    ASSERT_TRUE(in.ok()) << body;
    EXPECT_FALSE(in->number("target_value")) << body;
    auto st = in->finish();
    ASSERT_FALSE(st.ok()) << body;
    ASSERT_EQ(st.error().fields.size(), 1u) << body;
    EXPECT_EQ(st.error().fields[0].field, "target_value");
    EXPECT_EQ(st.error().fields[0].code, "not_a_number");
  }
  auto nullable = JsonInput::parse(R"({"actual_value":0e400})");
  ASSERT_TRUE(nullable.ok());
  EXPECT_FALSE(nullable->nullable_number("actual_value"));
  EXPECT_FALSE(nullable->finish().ok());
  // In range, however written, they are numbers.
  auto fine = JsonInput::parse(R"({"a":0e-400,"b":1.5e3,"c":12})");
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->number("a"), 0.0);
  EXPECT_EQ(fine->number("b"), 1500.0);
  EXPECT_EQ(fine->number("c"), 12.0);
  EXPECT_TRUE(fine->finish().ok());
}

}  // namespace
}  // namespace lantian::api
