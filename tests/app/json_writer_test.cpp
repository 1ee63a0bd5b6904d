// app/json_writer.h: the text JsonWriter writes is what boost::json::serialize
// writes for the same DOM, and DomWriter builds that DOM.
#include "app/json_writer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <type_traits>
#include <vector>

namespace lantian::app {
namespace {

namespace json = boost::json;

std::string streamed_string(std::string_view s) {
  JsonWriter w;
  w.value(s);
  return w.take();
}

std::string streamed_number(double d) {
  JsonWriter w;
  w.value(d);
  return w.take();
}

TEST(JsonWriterTest, EscapesEveryByteAsBoostJsonDoes) {
  for (int c = 0; c < 256; ++c) {
    std::string one(1, char(c));
    EXPECT_EQ(streamed_string(one), json::serialize(json::value(one))) << "byte " << c;
    std::string mid = "a" + one + "b\"" + one;
    EXPECT_EQ(streamed_string(mid), json::serialize(json::value(mid))) << "byte " << c;
  }
  // The escapes themselves, spelled out (a change in Boost shows here too).
  EXPECT_EQ(streamed_string("\"\\\n\t\r\b\f\x01\x1f\x7f/"), R"("\"\\\n\t\r\b\f\u0001\u001f)"
                                                            "\x7f"
                                                            R"(/")");
}

// The writer scans eight bytes at a time: a byte to escape is found at any
// offset of a word and in the tail, and its neighbours are not mistaken for one.
TEST(JsonWriterTest, FindsEscapesAtEveryOffset) {
  for (unsigned char c :
       {0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0x9f, 0xa2, 0xdc, 0xff})
    for (size_t len = 1; len <= 24; ++len)
      for (size_t at = 0; at < len; ++at) {
        std::string s(len, 'x');
        s[at] = char(c);
        EXPECT_EQ(streamed_string(s), json::serialize(json::value(s)))
            << int(c) << " at " << at << " of " << len;
      }
}

TEST(JsonWriterTest, UnicodeAndInvalidUtf8PassThroughAsBoostJsonDoes) {
  const std::vector<std::string> cases = {
      "",
      "蓝天保卫战 — 散乱污企业综合整治",
      "emoji 😀 and \xe2\x80\xa8 line separator",
      "\xff\xfe invalid lead bytes",
      "truncated \xe4\xb8",           // a 3-byte sequence cut short
      "overlong \xc0\xaf slash",      // overlong encoding
      "surrogate \xed\xa0\x80 half",  // UTF-16 surrogate in UTF-8
      std::string("nul \0 inside", 12),
      "</script><script>alert(1)</script>",
  };
  for (const auto& s : cases) EXPECT_EQ(streamed_string(s), json::serialize(json::value(s))) << s;
}

TEST(JsonWriterTest, NumbersReadAsInBoostJson) {
  for (double d : {0.0, -0.0, 1.0, -1.5, 0.1, 1.0 / 3, 123456.789, 1e21, 1e-7, 1e300, 5e-324, 0.25,
                   std::numeric_limits<double>::max(), std::numeric_limits<double>::infinity(),
                   -std::numeric_limits<double>::infinity(), std::nan("")})
    EXPECT_EQ(streamed_number(d), json::serialize(json::value(d))) << d;
  for (int64_t v : {int64_t(0), int64_t(-1), int64_t(42), std::numeric_limits<int64_t>::min(),
                    std::numeric_limits<int64_t>::max()}) {
    JsonWriter w;
    w.value(v);
    EXPECT_EQ(w.take(), json::serialize(json::value(v)));
  }
}

// Writes one nested document through any writer.
template <class W>
void write_sample(W& w) {
  w.begin_object();
  w.field("id", int64_t(7));
  w.field("name", "引号\"与\\反斜杠");
  w.field("small", 3);
  w.field("ratio", 0.5);
  w.field("yes", true);
  w.field("nothing", nullptr);
  w.field("maybe", std::optional<int64_t>());
  w.field("some", std::optional<double>(2.25));
  w.field_or_null("empty_is_null", std::string());
  w.field_or_null("kept", std::string("x"));
  w.key("empty_array");
  w.begin_array();
  w.end_array();
  w.key("empty_object");
  w.begin_object();
  w.end_object();
  w.key("list");
  w.begin_array();
  w.value(int64_t(1));
  w.begin_object();
  w.field("a", "b");
  w.key("inner");
  w.begin_array();
  w.value("x");
  w.value(false);
  w.end_array();
  w.end_object();
  w.value(nullptr);
  w.end_array();
  w.field("last", "end");
  w.end_object();
}

TEST(JsonWriterTest, StreamAndDomAgreeOnANestedDocument) {
  JsonWriter w(4);  // small: the text must grow
  write_sample(w);
  std::string text = w.take();
  DomWriter d;
  write_sample(d);
  json::value dom = d.release();
  EXPECT_EQ(text, json::serialize(dom));
  EXPECT_EQ(json::parse(text), dom);
  EXPECT_EQ(
      text,
      R"({"id":7,"name":"引号\"与\\反斜杠","small":3,"ratio":5E-1,"yes":true,"nothing":null,)"
      R"("maybe":null,"some":2.25E0,"empty_is_null":null,"kept":"x","empty_array":[],"empty_object":{},)"
      R"("list":[1,{"a":"b","inner":["x",false]},null],"last":"end"})");
  // Kinds as a DOM built by hand would have them.
  EXPECT_TRUE(dom.at("small").is_int64());
  EXPECT_TRUE(dom.at("ratio").is_double());
}

// A DOM value and a value's raw text go into the stream where a value may
// stand, commas and all, and into a DOM as the same value.
TEST(JsonWriterTest, DomAndRawValuesTakeAValuesPlace) {
  const json::value inner = json::parse(R"({"a":[1,-2,18446744073709551615,2.5,"x\n",true,null,{}],"b":{}})");
  JsonWriter w(4);
  DomWriter d;
  auto write = [&](auto& out, bool raw) {
    out.begin_array();
    out.value("first");
    if constexpr (std::is_same_v<std::decay_t<decltype(out)>, JsonWriter>)
      if (raw) {
        out.raw_value(json::serialize(inner));
        raw = false;
      } else {
        out.dom_value(inner);
      }
    else
      out.dom_value(inner);
    out.dom_value(json::value(7));
    out.begin_object();
    out.key("k");
    out.dom_value(inner);
    out.field("after", 1);
    out.end_object();
    out.end_array();
  };
  write(w, true);
  const std::string raw = w.take();
  write(w, false);
  const std::string dom_text = w.take();
  write(d, false);
  const json::value dom = d.release();
  EXPECT_EQ(raw, dom_text);
  EXPECT_EQ(raw, json::serialize(dom));
  EXPECT_EQ(dom.at(1), inner);
  EXPECT_TRUE(dom.at(1).at("a").at(2).is_uint64());
  EXPECT_EQ(dom.at(3).at("k"), inner);
}

TEST(JsonWriterTest, DomWriterUsesTheGivenStorage) {
  json::monotonic_resource mr;
  json::storage_ptr sp(&mr);
  DomWriter d(sp);
  write_sample(d);
  json::value v = d.release();
  EXPECT_EQ(v.storage().get(), sp.get());
  EXPECT_EQ(v.at("list").storage().get(), sp.get());
}

}  // namespace
}  // namespace lantian::app
