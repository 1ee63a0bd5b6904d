// A ledger row's fields as stored JSON (app/ledger_fields.h), with the
// shipped coal-boiler ledger: values round-trip exactly; a definition that
// changed since a row was written does not break reading it.
#include "app/ledger_fields.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace lantian::app
