// The ledger list page writes its rows straight as text
// (write_ledger_row_json), copying each stored field's value as it is; the
// row's other responses build DOMs (ledger_row_view, ledger_row_audit_view)
// from the same field list. Both must give the document the DOM views gave
// before: the reference below is a frozen copy of those
// (src/app/ledger_views.cpp at c06b41d). For stored text as the server
// writes it the page's bytes are the same; for anything else (fields no
// longer declared, a damaged row, nesting, escapes, spacing, duplicates) the
// meaning is.
#include "app/ledger_views.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/json_writer.h"
#include "app/ledger_fields.h"
#include "core/ledgers.h"

namespace lantian::app {
namespace {

namespace json = boost::json;

// ---- Frozen reference: the DOM views as they were (do not "fix" these) ----
namespace ref {
json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::value ledger_row_audit_view(const LedgerType& t, const LedgerRow& r) {
  json::value fields = json::object();
  boost::system::error_code ec;
  json::value v = json::parse(r.fields, ec);
  if (!ec && v.is_object()) {
    auto& o = v.as_object();
    for (auto it = o.begin(); it != o.end();)
      it = t.field(std::string_view(it->key())) ? std::next(it) : o.erase(it);
    fields = std::move(v);
  }
  json::value enterprise = nullptr;
  if (r.enterprise_id) enterprise = json::object{{"id", *r.enterprise_id}, {"name", r.enterprise_name}};
  json::value location = nullptr;
  if (r.location) location = json::object{{"lng", r.location->lng}, {"lat", r.location->lat}};
  return json::object{{"id", r.id},
                      {"ledger_type", r.ledger_type},
                      {"unit", json::object{{"id", r.unit_id}, {"name", r.unit_name}}},
                      {"enterprise", std::move(enterprise)},
                      {"status", r.status},
                      {"title", r.title},
                      {"location", std::move(location)},
                      {"fields", std::move(fields)},
                      {"version", r.version},
                      {"created_at", r.created_at},
                      {"updated_at", r.updated_at}};
}

json::object ledger_row_view(const LedgerType& t, const LedgerRow& r,
                             const std::vector<std::string>& actions) {
  json::object o = ledger_row_audit_view(t, r).as_object();
  o["actions"] = strings(actions);
  return o;
}
}  // namespace ref

const LedgerType& boilers() { return *ledger_types().find("coal_boilers"); }

LedgerRow row_with(std::string fields) {
  LedgerRow r;
  r.id = 42;
  r.ledger_type = "coal_boilers";
  r.unit_id = 7;
  r.unit_name = "南郊乡\"东\"村";
  r.status = "registered";
  r.title = "开封市某某浴池\n二号";
  r.fields = std::move(fields);
  r.version = 3;
  r.created_at = "2017-10-01T08:00:00Z";
  r.updated_at = "2017-10-02T09:30:00Z";
  return r;
}

std::string streamed(const LedgerRow& r, const std::vector<std::string>& actions) {
  JsonWriter w(16);
  w.begin_array();  // as a page writes it: after another item
  w.value(int64_t(0));
  write_ledger_row_json(w, boilers(), r, actions);
  w.end_array();
  std::string text = w.take();
  EXPECT_EQ(text.rfind("[0,", 0), 0u) << text;
  return text.substr(3, text.size() - 4);
}

const std::vector<std::string> kActions = {"stop", "report_removed", "edit"};

TEST(LedgerViewsTest, StoredFieldsAsTheServerWritesThemGiveTheSameBytes) {
  std::map<std::string, LedgerValue> values = {
      {"owner_name", std::string("开封市“某某”浴池 \"二号\"\\")},
      {"remarks", std::string("两行\n第二行\t\x01 😀 </script>")},
      {"capacity", 2.5},
      {"boiler_number", std::string("9007199254740993")},
      {"fuel", std::string("briquette")},
      {"deadline", std::string("2017-11-30")},
      {"in_built_up_area", true},
  };
  std::vector<LedgerRow> rows = {row_with(encode_ledger_fields(values)), row_with("{}")};
  rows[0].enterprise_id = 9;
  rows[0].enterprise_name = "某某浴池";
  rows[0].location = LngLat{114.3412345678901, 34.7923};
  for (const auto& r : rows) {
    const std::string expected = json::serialize(ref::ledger_row_view(boilers(), r, kActions));
    EXPECT_EQ(streamed(r, kActions), expected);
    EXPECT_EQ(json::serialize(ledger_row_view(boilers(), r, kActions)), expected);
    EXPECT_EQ(json::serialize(ledger_row_audit_view(boilers(), r)),
              json::serialize(ref::ledger_row_audit_view(boilers(), r)));
  }
  EXPECT_EQ(streamed(rows[1], {}), json::serialize(ref::ledger_row_view(boilers(), rows[1], {})));
}

TEST(LedgerViewsTest, AnyOtherStoredTextMeansWhatTheDomViewSaid) {
  for (std::string fields : {
           // a field the type no longer declares, first, between and last
           R"({"gone":1,"owner_name":"甲","also_gone":{"x":[1]},"capacity":80.5,"zz":null})",
           R"({"owner_name":"甲","owner_name":"乙"})",                  // twice: the parser decides
           R"({"capacity":1.50,"use":-0,"remarks":"\u00e9\/\u4e2d"})",  // spelled otherwise
           " {\n \"owner_name\" : \"甲\" ,\t\"in_built_up_area\":false } ",
           R"({"owner_name":{"nested":true},"fuel":["a"]})",      // nesting
           R"({"owner_name":"\ud83d\ude00"})",                    // a surrogate pair
           R"({"capacity":12345678901234567890,"use":1e200})",    // past int64, a long exponent
           "[1,2]", "not json", "", "{\"owner_name\":\"\xff\"}",  // damaged: {}
       }) {
    const LedgerRow r = row_with(fields);
    const json::value expected = ref::ledger_row_view(boilers(), r, kActions);
    const std::string text = streamed(r, kActions);
    boost::system::error_code ec;
    json::value got = json::parse(text, ec);
    ASSERT_FALSE(ec) << fields;
    EXPECT_EQ(got, expected) << fields;
    auto first = text.find("\"owner_name\"");
    EXPECT_TRUE(first == std::string::npos || text.find("\"owner_name\"", first + 1) == std::string::npos)
        << "a key twice: " << text;
    EXPECT_EQ(json::value(ledger_row_view(boilers(), r, kActions)), expected) << fields;
    EXPECT_EQ(ledger_row_audit_view(boilers(), r), ref::ledger_row_audit_view(boilers(), r)) << fields;
  }
}

}  // namespace
}  // namespace lantian::app
