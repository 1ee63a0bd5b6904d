// CAP 1.2 messages and the Atom feed as src/io writes them: valid against
// the OASIS CAP 1.2 XSD (tests/fixtures/cap/CAP-v1.2.xsd) and well-formed,
// checked by xmllint; times with +08:00; polygons latitude first and closed;
// text with markup characters escaped.
#include "io/cap.h"

#include <gtest/gtest.h>

#include <pugixml.hpp>

#include "io/atom.h"
#include "support/xmllint.h"

namespace lantian::io {
namespace {

const std::string kSchema = std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/cap/CAP-v1.2.xsd";

CapMessage message() {
  CapMessage m;
  m.identifier = "lantian.yuwangtai.alert.2017-003.17";
  m.sender = "lantian@yuwangtai.gov.cn";
  m.sent = cap_time(*parse_time("2017-12-18T02:00:00Z"));
  m.msg_type = "Update";
  m.references = {
      {"lantian@yuwangtai.gov.cn", "lantian.yuwangtai.alert.2017-003.12", "2017-12-17T18:00:00+08:00"}};
  CapInfo zh;
  zh.language = "zh-CN";
  zh.event = "重污染天气橙色预警";
  zh.response_type = "Execute";
  zh.urgency = "Expected", zh.severity = "Severe", zh.certainty = "Likely";
  zh.event_codes = {{"level", "orange"}};
  zh.effective = cap_time(*parse_time("2017-12-18T16:00:00Z"));
  zh.expires = cap_time(*parse_time("2017-12-21T16:00:00Z"));
  zh.sender_name = "禹王台区重污染天气应急指挥部办公室";
  zh.headline = "禹王台区发布重污染天气橙色预警 <Ⅱ级响应> & 减排20%";
  zh.description = "AQI > 300 \"两天\"";
  zh.parameters = {{"reduction_so2_percent", "20"}};
  CapArea area;
  area.desc = "禹王台区";
  area.polygons = {{{114.35, 34.78}, {114.40, 34.78}, {114.40, 34.75}, {114.35, 34.75}}};
  area.geocodes = {{"adcode", "410205"}};
  zh.areas = {area};
  CapInfo en = zh;
  en.language = "en";
  en.event = "Heavy-pollution orange alert";
  m.infos = {zh, en};
  return m;
}

TEST(Cap, TimesAreChinaStandardTimeWithAnOffset) {
  EXPECT_EQ(cap_time(*parse_time("2017-12-18T16:30:05.250Z")), "2017-12-19T00:30:05+08:00");
  EXPECT_EQ(cap_time(*parse_time("2017-12-31T20:00:00Z")), "2018-01-01T04:00:00+08:00");
}

TEST(Cap, PolygonsAreLatitudeFirstAndClosed) {
  EXPECT_EQ(cap_polygon({{114.35, 34.78}, {114.4, 34.78}, {114.4, 34.75}}),
            "34.780000,114.350000 34.780000,114.400000 34.750000,114.400000 34.780000,114.350000");
  // Already closed: not closed twice.
  EXPECT_EQ(cap_polygon({{1, 2}, {3, 4}, {5, 6}, {1, 2}}),
            "2.000000,1.000000 4.000000,3.000000 6.000000,5.000000 2.000000,1.000000");
}

TEST(Cap, AMessageIsValidAgainstTheOasisSchema) {
  ASSERT_TRUE(test::have_xmllint()) << "xmllint is missing: apt-get install libxml2-utils";
  const std::string xml = write_cap(message());
  EXPECT_EQ(test::xmllint_problems(xml, kSchema), "") << xml;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto alert = doc.child("alert");
  EXPECT_STREQ(alert.attribute("xmlns").value(), "urn:oasis:names:tc:emergency:cap:1.2");
  EXPECT_STREQ(alert.child_value("sent"), "2017-12-18T10:00:00+08:00");
  EXPECT_STREQ(alert.child_value("references"),
               "lantian@yuwangtai.gov.cn,lantian.yuwangtai.alert.2017-003.12,2017-12-17T18:00:00+08:00");
  // Escaped on the way out, whole on the way back.
  EXPECT_EQ(std::string(alert.child("info").child_value("headline")),
            "禹王台区发布重污染天气橙色预警 <Ⅱ级响应> & 减排20%");
  EXPECT_NE(xml.find("&lt;Ⅱ级响应&gt; &amp;"), std::string::npos);
}

TEST(Cap, TheSchemaCheckCatchesABrokenMessage) {
  ASSERT_TRUE(test::have_xmllint());
  CapMessage m = message();
  m.msg_type = "Upgrade";  // not a CAP message type
  EXPECT_NE(test::xmllint_problems(write_cap(m), kSchema), "");
  m = message();
  m.sent = "2017-12-18T02:00:00Z";  // CAP wants an offset
  EXPECT_NE(test::xmllint_problems(write_cap(m), kSchema), "");
}

TEST(Atom, AFeedIsWellFormedWithTheRequiredElements) {
  ASSERT_TRUE(test::have_xmllint());
  AtomFeed f;
  f.id = "urn:lantian:alerts:lantian@yuwangtai.gov.cn";
  f.title = "禹王台区重污染天气预警";
  f.updated = "2017-12-18T10:00:00+08:00";
  f.author = "禹王台区 <攻坚办> & 应急办";
  f.self = "http://127.0.0.1:8080/api/v1/aq/alerts.atom";
  AtomEntry e;
  e.id = "urn:lantian:alert:lantian@yuwangtai.gov.cn:2017-003";
  e.title = "橙色预警 2017-003";
  e.updated = f.updated;
  e.published = "2017-12-17T18:00:00+08:00";
  e.summary = "AQI > 300";
  e.categories = {{"orange", "橙色预警"}};
  e.links = {{"alternate", "application/cap+xml", "/api/v1/aq/alerts/3/cap.xml"}};
  f.entries = {e};
  const std::string xml = write_atom(f);
  EXPECT_EQ(test::xmllint_problems(xml), "") << xml;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(xml.c_str()));
  auto feed = doc.child("feed");
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  for (const char* required : {"id", "title", "updated", "author"})
    EXPECT_TRUE(feed.child(required)) << required;
  EXPECT_STREQ(feed.child("author").child_value("name"), "禹王台区 <攻坚办> & 应急办");
  auto entry = feed.child("entry");
  for (const char* required : {"id", "title", "updated"}) EXPECT_TRUE(entry.child(required)) << required;
  EXPECT_STREQ(entry.child("link").attribute("type").value(), "application/cap+xml");
  EXPECT_STREQ(entry.child_value("summary"), "AQI > 300");
}

}  // namespace
}  // namespace lantian::io
