// A ledger row's fields as stored JSON (app/ledger_fields.h), with the
// shipped coal-boiler ledger: values round-trip exactly; a definition that
// changed since a row was written does not break reading it.
#include "app/ledger_fields.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <random>
#include <vector>

#include "core/ledgers.h"

namespace lantian::app {
namespace {

const LedgerType& boilers() { return *ledger_types().find("coal_boilers"); }

TEST(LedgerFields, ValuesRoundTripThroughTheStoredJson) {
  std::map<std::string, LedgerValue> values = {{"owner_name", std::string("开封市“某某”浴池 \"二号\"")},
                                               {"capacity", 2.5},
                                               {"boiler_number", std::string("9007199254740993")},
                                               {"fuel", std::string("briquette")},
                                               {"deadline", std::string("2017-11-30")},
                                               {"in_built_up_area", true}};
  std::string json = encode_ledger_fields(values);
  auto back = decode_ledger_fields(boilers(), json);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(*back, values);
  EXPECT_EQ(encode_ledger_fields({}), "{}");
}

TEST(LedgerFields, AChangedDefinitionDoesNotBreakAStoredRow) {
  // A field since removed is left out; a choice no longer offered and a
  // capacity past a lowered maximum show as they were stored.
  auto back = decode_ledger_fields(boilers(),
                                   R"({"owner_name":"甲","removed_field":1,"fuel":"peat","capacity":80.5})");
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->count("removed_field"), 0u);
  EXPECT_EQ(std::get<std::string>(back->at("fuel")), "peat");
  EXPECT_EQ(std::get<double>(back->at("capacity")), 80.5);
  EXPECT_EQ(std::get<std::string>(back->at("owner_name")), "甲");
  auto damaged = decode_ledger_fields(boilers(), "[1,2]");
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.error().kind, ErrorKind::invalid);
}

// scan_ledger_fields() may accept a text only when boost::json::parse reads
// it as an object with the same members, in order, each value the one its
// text spells.
// Returns whether it accepted the text.
bool expect_scan_agrees(std::string_view text) {
  StoredMember members[64];
  auto n = scan_ledger_fields(text, members);
  if (!n) return false;  // refusing is always allowed: the caller parses
  for (size_t i = 0; i < *n; ++i)
    for (size_t j = 0; j < i; ++j)
      if (members[i].key == members[j].key) return true;  // the caller's to look for (ledger_views.cpp)
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  EXPECT_FALSE(ec) << "scan accepted what parse refuses: " << text;
  if (ec || !v.is_object()) return ADD_FAILURE() << text, true;
  const auto& o = v.as_object();
  EXPECT_EQ(*n, o.size()) << text;
  if (*n != o.size()) return true;
  size_t i = 0;
  for (const auto& [k, x] : o) {
    EXPECT_EQ(members[i].key, std::string_view(k)) << text;
    EXPECT_EQ(boost::json::parse(members[i].json), x) << text;
    ++i;
  }
  return true;
}

TEST(LedgerFields, ScanReadsWhatEncodeWrites) {
  std::map<std::string, LedgerValue> values = {{"owner_name", std::string("开封市“某某”浴池 \"二号\"\\")},
                                               {"remarks", std::string("两行\n\t\x01 😀 </script>")},
                                               {"capacity", 2.5},
                                               {"area", 1e-7},
                                               {"count", int64_t(-9007199254740993)},
                                               {"boiler_number", std::string("9007199254740993")},
                                               {"in_built_up_area", true},
                                               {"heating", false}};
  const std::string text = encode_ledger_fields(values);
  StoredMember members[16];
  auto n = scan_ledger_fields(text, members);
  ASSERT_TRUE(n) << text;
  ASSERT_EQ(*n, values.size());
  expect_scan_agrees(text);
  // Copied as stored: the value's text is the stored text's own bytes.
  EXPECT_EQ(members[0].key, "area");
  EXPECT_EQ(members[0].json, "1E-7");
  EXPECT_EQ(scan_ledger_fields("{}", members), 0u);
  EXPECT_EQ(scan_ledger_fields(" {\n\t\"a\" : 1 ,\"b\":null\r} ", members), 2u);
  EXPECT_EQ(members[1].json, "null");
}

TEST(LedgerFields, ScanLeavesAnythingUnusualToTheParser) {
  StoredMember members[4];
  for (std::string_view text : {
           "",
           " ",
           "[1,2]",
           "{",
           "{}x",
           "{} {}",
           R"({"a":1,})",
           R"({"a" 1})",
           R"({a:1})",
           R"({"a":})",
           R"({"a":{"b":1}})",
           R"({"a":[1]})",  // nesting
           R"({"a\u0062":1})",
           R"({"a\"":1})",  // escaped keys
           R"({"a":"\ud83d\ude00"})",
           R"({"a":"\udc00"})",  // surrogate escapes
           R"({"a":"\x"})",
           R"({"a":"\u12"})",
           R"({"a":"\u12g4"})",  // bad escapes
           "{\"a\":\"\x01\"}",
           "{\"a\":\"\xff\"}",
           "{\"a\":\"\xc0\xaf\"}",  // control, not UTF-8
           "{\"a\":\"\xed\xa0\x80\"}",
           "{\"a\":\"\xf4\x90\x80\x80\"}",
           "{\"a\":\"\xe4\xb8\"}",
           R"({"a":01})",
           R"({"a":1.})",
           R"({"a":.5})",
           R"({"a":-})",
           R"({"a":1e})",
           R"({"a":+1})",
           R"({"a":1234567890123456789})",
           R"({"a":1e100})",  // past int64 / a two-digit exponent
           R"({"a":tru})",
           R"({"a":nul})",
           R"({"a":True})",
           R"({"a":NaN})",
           R"({"a":"x")",
           R"({"a":1,"b":2,"c":3,"d":4,"e":5})",  // more members than the caller holds
       })
    EXPECT_FALSE(scan_ledger_fields(text, members)) << text;
  EXPECT_EQ(scan_ledger_fields(std::string_view("{\"a\":1}\0", 8), members), std::nullopt);
  EXPECT_EQ(scan_ledger_fields(R"({"a":123456789012345678,"b":-0,"c":1E+99})", members), 3u);
}

// Mutations of stored objects, byte by byte: whatever the scanner accepts,
// boost::json reads alike (tests/app/ledger_views_test.cpp checks the pages).
TEST(LedgerFields, ScanNeverAcceptsWhatParseReadsOtherwise) {
  const std::vector<std::string> seeds = {
      encode_ledger_fields(
          {{"name", std::string("锅炉 \"一\"\\\n")}, {"t", 0.1}, {"n", int64_t(42)}, {"b", true}}),
      R"({"a" : "\u00e9\/" , "b":-12.5e-3,"c":null,"d":false})",
  };
  const std::string alphabet = "{}[]\":,\\ -+.eE0123456789tfnulrsaxu\x01\x7f\xc3\xa9\xe4\xb8\xad\xed\xf0";
  std::mt19937 rng(11);
  int accepted = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string s = seeds[size_t(round) % seeds.size()];
    for (int k = 1 + int(rng() % 3); k > 0; --k) {
      size_t at = rng() % (s.size() + 1);
      switch (rng() % 3) {
        case 0:
          if (at < s.size()) s[at] = alphabet[rng() % alphabet.size()];
          break;
        case 1:
          s.insert(at, 1, alphabet[rng() % alphabet.size()]);
          break;
        default:
          if (at < s.size()) s.erase(at, 1);
      }
    }
    accepted += expect_scan_agrees(s);
    if (HasFailure()) return;
  }
  EXPECT_GT(accepted, 4000);  // the mutations reach the values, not only the refusals
}

}  // namespace
}  // namespace lantian::app
