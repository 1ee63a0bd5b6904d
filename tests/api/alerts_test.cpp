// Heavy-pollution alerts over HTTP (/api/v1/aq/forecasts, /warning-standard,
// /alerts; app/alert_service.h), on SQLite and (api_pg_tests) PostgreSQL:
// every role reads the standard and the decision the current forecast gets;
// the office enters forecasts (JSON or CSV, bad ones refused by field or by
// line and column), issues an alert, upgrades it with a file, downgrades and
// lifts it, each move refused when it goes the wrong way or comes too late;
// the history keeps every move with its levels and notice; each move is a
// CAP 1.2 message valid against the OASIS schema; the alerts are an Atom feed.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <pugixml.hpp>
#include <sstream>

#include "support/demo_suite.h"
#include "support/test_png.h"
#include "support/xmllint.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

const std::string kSchema = std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/cap/CAP-v1.2.xsd";

class AlertsApiTest : public DemoSuite {
 protected:
  // A Monday in the demo's season: today is 2017-12-18 (Beijing).
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-12-18T09:00:00+08:00"}); }
  void SetUp() override { log_in(); }

  // Forecast days from 2017-12-18 with these AQIs, issued on `issued_on`.
  static HttpResponse forecast(std::vector<int> aqis, const std::string& issued_on = "2017-12-18") {
    json::array days;
    for (size_t i = 0; i < aqis.size(); ++i) {
      char d[16];
      std::snprintf(d, sizeof d, "2017-12-%02d", int(18 + i));
      days.push_back(json::object{{"day", d}, {"aqi", aqis[i]}, {"primary", "PM2.5"}});
    }
    return office->post_json(
        "/api/v1/aq/forecasts",
        json::object{{"issued_on", issued_on}, {"source", "开封市环境监测站"}, {"days", days}});
  }
  static HttpResponse act(HttpClient& c, int64_t id, const std::string& action, json::object body) {
    return c.post_json("/api/v1/aq/alerts/" + std::to_string(id) + "/actions/" + action, body);
  }
  static std::vector<std::string> strings(const json::value& v) {
    std::vector<std::string> out;
    for (const auto& s : v.as_array()) out.emplace_back(s.as_string());
    return out;
  }
  static std::string field_codes(const HttpResponse& r) {
    std::string out;
    const json::object o = r.obj();
    if (!o.contains("errors")) return "no field errors: " + r.body;
    for (const auto& e : o.at("errors").as_array())
      out += std::string(e.at("field").as_string()) + "=" + std::string(e.at("code").as_string()) + " ";
    return out;
  }
  // The forecast of the 18th: three days above 200, one above 300 (orange).
  // Entering it again replaces the same rows: any test may call it.
  static void orange_forecast() {
    const std::string csv =
        "day,aqi,primary\n2017-12-18,150,PM2.5\n2017-12-19,230,PM2.5\n2017-12-20,310,PM2.5;PM10\n"
        "2017-12-21,250,PM2.5\n2017-12-22,120,\n";
    auto r =
        office->request("POST", "/api/v1/aq/forecasts/import?issued_on=2017-12-18&source=开封市环境监测站",
                        csv, {{"Content-Type", "text/csv"}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status == 200) {
      EXPECT_EQ(r.obj().at("stored").as_int64(), 5);
    }
  }
  // The alert the lifecycle test moves (issued orange, upgraded to red,
  // downgraded to yellow, lifted); made here when that test did not run in
  // this process (ctest runs each test alone).
  static int64_t lifted_alert() {
    if (alert_id) return alert_id;
    orange_forecast();
    auto a = office->post_json("/api/v1/aq/alerts", json::object{{"level", "orange"}});
    EXPECT_EQ(a.status, 201) << a.body;
    if (a.status != 201) return 0;
    const int64_t id = a.obj().at("id").as_int64();
    EXPECT_EQ(forecast({150, 320, 330, 260, 240}).status, 200);
    EXPECT_EQ(act(*office, id, "upgrade", {{"version", 1}, {"level", "red"}}).status, 200);
    EXPECT_EQ(act(*office, id, "downgrade", {{"version", 2}, {"level", "yellow"}}).status, 200);
    EXPECT_EQ(act(*office, id, "lift", {{"version", 3}}).status, 200);
    return alert_id = id;
  }
  static inline int64_t alert_id = 0;
};

TEST_F(AlertsApiTest, EveryRoleReadsTheStandardWithItsLevelsColoursAndRatios) {
  auto r = staff->get("/api/v1/aq/warning-standard");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = r.obj();
  EXPECT_EQ(o.at("name").as_string(), "unified_2017");
  EXPECT_EQ(o.at("episode").at("above").as_int64(), 200);
  auto levels = o.at("levels").as_array();
  ASSERT_EQ(levels.size(), 4u);
  EXPECT_EQ(levels[0].at("code").as_string(), "blue");
  EXPECT_EQ(levels[3].at("label").at("zh-CN").as_string(), "红色预警");
  EXPECT_EQ(levels[3].at("response_label").at("zh-CN").as_string(), "Ⅰ级响应");
  EXPECT_EQ(levels[3].at("lead_hours").as_int64(), 24);
  EXPECT_EQ(levels[2].at("reduction").at("vocs").as_int64(), 20);
  EXPECT_EQ(levels[3].at("when").as_array().size(), 2u);
  EXPECT_EQ(o.at("required_reductions").as_array()[1].at("percent").at("so2").as_int64(), 10);
}

TEST_F(AlertsApiTest, BadForecastsAreRefusedByFieldAndByLineAndColumn) {
  auto none = staff->post_json("/api/v1/aq/forecasts", json::object{{"days", json::array{}}});
  EXPECT_EQ(none.status, 403);
  auto bad = office->post_json(
      "/api/v1/aq/forecasts",
      json::object{
          {"issued_on", "2017-12-18"},
          {"source", "开封市环境监测站"},
          {"days", json::array{json::object{{"day", "2017-12-19"}, {"aqi", 501}},
                               json::object{{"day", "2017-12-17"}, {"aqi", 100}},
                               json::object{{"day", "2017-12-20"}, {"aqi", 250}, {"primary", "PM1"}}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(
      field_codes(bad),
      "days[0].aqi=out_of_range days[1].day=forecast_day_before_issue days[2].primary=aq_pollutant_unknown ");
  const std::string csv = "day,aqi,primary\n2017-12-19,230,PM2.5\n2017-12-20,abc,PM2.5\n2017-12-3x,250,\n";
  auto r = office->request("POST", "/api/v1/aq/forecasts/import?issued_on=2017-12-18&source=csv", csv,
                           {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(field_codes(r), "csv:3:2=out_of_range csv:4:1=not_a_date ");
  auto header = office->request("POST", "/api/v1/aq/forecasts/import?issued_on=2017-12-18&source=csv",
                                "date,aqi\n2017-12-19,230\n", {{"Content-Type", "text/csv"}});
  EXPECT_EQ(header.status, 422);
  EXPECT_EQ(field_codes(header), "csv:1:1=csv_header ");
  // Nothing was stored.
  auto d = viewer->get("/api/v1/aq/forecasts/decision").obj();
  EXPECT_EQ(d.at("days").as_array().size(), 0u);
  EXPECT_TRUE(d.at("decision").at("level").is_null());
  EXPECT_EQ(d.at("suggestion").as_string(), "");
}

TEST_F(AlertsApiTest, TheCurrentForecastGetsItsLevelWithTheReasons) {
  orange_forecast();
  auto d = viewer->get("/api/v1/aq/forecasts/decision");
  ASSERT_EQ(d.status, 200) << d.body;
  auto o = d.obj();
  EXPECT_EQ(o.at("from").as_string(), "2017-12-18");
  EXPECT_EQ(o.at("days").as_array().size(), 5u);
  EXPECT_EQ(o.at("decision").at("level").as_string(), "orange");
  EXPECT_EQ(o.at("level").at("color").as_string(), "#fb8c00");
  EXPECT_EQ(o.at("suggestion").as_string(), "issue");
  // To 00:00 on the 19th, less the seconds the server's clock has run on.
  EXPECT_EQ(o.at("lead_time").at("hours_left").as_int64(), 14);
  EXPECT_FALSE(o.at("lead_time").at("short").as_bool());  // orange sets no lead time
  auto episode = o.at("decision").at("episodes").as_array()[0];
  EXPECT_EQ(episode.at("first").as_string(), "2017-12-19");
  EXPECT_EQ(episode.at("last").as_string(), "2017-12-21");
  EXPECT_EQ(episode.at("peak").as_int64(), 310);
  auto clauses = episode.at("clauses").as_array();
  ASSERT_EQ(clauses.size(), 2u);
  EXPECT_EQ(clauses[1].at("above").as_int64(), 300);
  EXPECT_EQ(strings(clauses[1].at("days")), std::vector<std::string>{"2017-12-20"});
  // As issued: every stored day.
  auto list = viewer->get("/api/v1/aq/forecasts?from=2017-12-18&to=2017-12-31").obj();
  EXPECT_EQ(list.at("items").as_array().size(), 5u);
  // A township's own forecast is kept apart from the district's.
  const int64_t nanjiao = unit_id("南郊乡");
  auto unit = office->post_json(
      "/api/v1/aq/forecasts",
      json::object{{"issued_on", "2017-12-18"},
                   {"source", "南郊乡微站网"},
                   {"unit_id", nanjiao},
                   {"days", json::array{json::object{{"day", "2017-12-19"}, {"aqi", 420}}}}});
  ASSERT_EQ(unit.status, 200) << unit.body;
  EXPECT_EQ(unit.obj().at("decision").at("decision").at("level").as_string(), "orange");  // the district's
  auto own =
      viewer->get("/api/v1/aq/forecasts?from=2017-12-18&to=2017-12-31&unit_id=" + std::to_string(nanjiao));
  ASSERT_EQ(own.obj().at("items").as_array().size(), 1u);
  EXPECT_EQ(own.obj().at("items").as_array()[0].at("unit_id").as_int64(), nanjiao);
  EXPECT_EQ(
      viewer->get("/api/v1/aq/forecasts?from=2017-12-18&to=2017-12-31").obj().at("items").as_array().size(),
      5u);
}

TEST_F(AlertsApiTest, TheOfficeIssuesUpgradesDowngradesAndLiftsAnAlert) {
  orange_forecast();
  auto list = office->get("/api/v1/aq/alerts").obj();
  EXPECT_EQ(strings(list.at("actions")), std::vector<std::string>{"issue"});
  EXPECT_EQ(strings(viewer->get("/api/v1/aq/alerts").obj().at("actions")), std::vector<std::string>{});
  auto wrong = office->post_json("/api/v1/aq/alerts", json::object{{"level", "purple"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(field_codes(wrong), "level=alert_level_unknown ");
  EXPECT_EQ(viewer->post_json("/api/v1/aq/alerts", json::object{{"level", "orange"}}).status, 403);

  auto issued = office->post_json(
      "/api/v1/aq/alerts", json::object{{"level", "orange"}, {"effective_at", "2017-12-19T00:00:00+08:00"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  auto a = issued.obj();
  alert_id = a.at("id").as_int64();
  EXPECT_EQ(a.at("number").as_string(), "2017-002");  // the demo's past alert is 2017-001
  EXPECT_EQ(a.at("status").as_string(), "in_force");
  EXPECT_EQ(a.at("status_label").at("zh-CN").as_string(), "预警中");
  EXPECT_EQ(a.at("effective_at").as_string(), "2017-12-18T16:00:00.000Z");
  EXPECT_EQ(a.at("expires_at").as_string(), "2017-12-21T16:00:00.000Z");  // the episode's end
  EXPECT_EQ(a.at("episode").at("peak_aqi").as_int64(), 310);
  EXPECT_EQ(strings(a.at("actions")), (std::vector<std::string>{"upgrade", "downgrade", "lift"}));
  EXPECT_EQ(a.at("reasons").at("level").as_string(), "orange");
  auto history = a.at("history").as_array();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].at("action").as_string(), "issue");
  EXPECT_EQ(history[0].at("to_level").as_string(), "orange");
  const std::string doc(history[0].at("document").as_string());
  EXPECT_NE(doc.find("关于发布重污染天气橙色预警的通知"), std::string::npos) << doc;
  EXPECT_NE(doc.find("Ⅱ级响应"), std::string::npos) << doc;
  EXPECT_NE(doc.find("20%"), std::string::npos) << doc;

  // One alert in force at a time; a reader sees no buttons and may not act.
  auto twice = office->post_json("/api/v1/aq/alerts", json::object{{"level", "red"}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.obj().at("code").as_string(), "alert_in_force");
  const std::string path = "/api/v1/aq/alerts/" + std::to_string(alert_id);
  EXPECT_EQ(strings(viewer->get(path).obj().at("actions")), std::vector<std::string>{});
  auto refused = act(*viewer, alert_id, "lift", {{"version", 1}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(refused.obj().at("code").as_string(), "office_only");

  // The wrong way, too late, an unknown action.
  auto down = act(*office, alert_id, "upgrade", {{"version", 1}, {"level", "yellow"}});
  EXPECT_EQ(down.status, 422);
  EXPECT_EQ(field_codes(down), "level=alert_level_not_higher ");
  auto up = act(*office, alert_id, "downgrade", {{"version", 1}, {"level", "red"}});
  EXPECT_EQ(field_codes(up), "level=alert_level_not_lower ");
  EXPECT_EQ(act(*office, alert_id, "upgrade", {{"version", 1}}).status, 422);  // level required
  EXPECT_EQ(act(*office, alert_id, "upgrade", {{"version", 7}, {"level", "red"}}).status, 409);
  EXPECT_EQ(act(*office, alert_id, "escalate", {{"version", 1}}).obj().at("code").as_string(),
            "validation_failed");

  // A newer forecast: four days above 200, two above 300 — red, with the
  // signed notice uploaded and filed with the upgrade.
  ASSERT_EQ(forecast({150, 320, 330, 260, 240}, "2017-12-18").status, 200);
  EXPECT_EQ(viewer->get("/api/v1/aq/forecasts/decision").obj().at("suggestion").as_string(), "upgrade");
  auto file =
      office->post(path + "/files?filename=notice.png", make_png(8, 8), {{"Content-Type", "image/png"}});
  ASSERT_EQ(file.status, 201) << file.body;
  const int64_t file_id = file.obj().at("id").as_int64();
  EXPECT_EQ(viewer->get(path).obj().at("files").as_array().size(), 1u);
  auto red = act(*office, alert_id, "upgrade",
                 {{"version", 1}, {"level", "red"}, {"note", "预报加重"}, {"files", json::array{file_id}}});
  ASSERT_EQ(red.status, 200) << red.body;
  auto ro = red.obj();
  EXPECT_EQ(ro.at("level").as_string(), "red");
  EXPECT_FALSE(ro.at("upgraded_at").is_null());
  EXPECT_EQ(ro.at("expires_at").as_string(), "2017-12-22T16:00:00.000Z");  // the longer episode's end
  EXPECT_EQ(ro.at("episode").at("peak_aqi").as_int64(), 330);
  EXPECT_EQ(ro.at("files").as_array().size(), 0u);
  auto step = ro.at("history").as_array()[1];
  EXPECT_EQ(step.at("from_level").as_string(), "orange");
  EXPECT_EQ(step.at("to_level").as_string(), "red");
  EXPECT_EQ(step.at("note").as_string(), "预报加重");
  EXPECT_EQ(step.at("files").as_array()[0].at("id").as_int64(), file_id);
  EXPECT_EQ(strings(ro.at("actions")), (std::vector<std::string>{"downgrade", "lift"}));  // red is the top
  EXPECT_EQ(viewer->get("/api/v1/record-files/" + std::to_string(file_id)).status, 200);

  auto yellow = act(*office, alert_id, "downgrade", {{"version", 2}, {"level", "yellow"}});
  ASSERT_EQ(yellow.status, 200) << yellow.body;
  EXPECT_NE(
      std::string(yellow.obj().at("history").as_array()[2].at("document").as_string()).find("降级为黄色预警"),
      std::string::npos);
  auto lifted =
      act(*office, alert_id, "lift", {{"version", 3}, {"effective_at", "2017-12-22T12:00:00+08:00"}});
  ASSERT_EQ(lifted.status, 200) << lifted.body;
  auto lo = lifted.obj();
  EXPECT_EQ(lo.at("status").as_string(), "lifted");
  EXPECT_EQ(lo.at("lifted_at").as_string(), "2017-12-22T04:00:00.000Z");
  EXPECT_EQ(lo.at("level").as_string(), "yellow");
  EXPECT_EQ(strings(lo.at("actions")), std::vector<std::string>{});
  auto last = lo.at("history").as_array()[3];
  EXPECT_EQ(last.at("from_level").as_string(), "yellow");
  EXPECT_EQ(last.at("to_level").as_string(), "");
  EXPECT_EQ(act(*office, alert_id, "lift", {{"version", 4}}).status, 409);  // lifted is final
  EXPECT_EQ(
      office->post(path + "/files?filename=late.png", make_png(8, 8), {{"Content-Type", "image/png"}}).status,
      409);
  // Now another may be issued.
  EXPECT_EQ(strings(office->get("/api/v1/aq/alerts").obj().at("actions")), std::vector<std::string>{"issue"});
  EXPECT_EQ(office->get("/api/v1/aq/alerts?status=lifted").obj().at("items").as_array().size(), 2u);
  EXPECT_EQ(office->get("/api/v1/aq/alerts?status=in_force").obj().at("items").as_array().size(), 0u);
}

TEST_F(AlertsApiTest, EveryMoveIsACapMessageValidAgainstTheOasisSchema) {
  ASSERT_GT(lifted_alert(), 0);
  ASSERT_TRUE(have_xmllint()) << "xmllint is missing: apt-get install libxml2-utils";
  const std::string path = "/api/v1/aq/alerts/" + std::to_string(alert_id);
  auto history = viewer->get(path).obj().at("history").as_array();
  ASSERT_EQ(history.size(), 4u);
  const char* types[] = {"Alert", "Update", "Update", "Cancel"};
  for (size_t i = 0; i < history.size(); ++i) {
    auto r = viewer->get(path + "/cap.xml?event=" + std::to_string(history[i].at("event_id").as_int64()));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(xmllint_problems(r.body, kSchema), "") << r.body;
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(r.body.c_str()));
    auto alert = doc.child("alert");
    EXPECT_STREQ(alert.child_value("msgType"), types[i]);
    EXPECT_STREQ(alert.child_value("status"), "Actual");
    EXPECT_STREQ(alert.child_value("scope"), "Public");
    // References name every earlier message of the alert.
    std::string refs = alert.child_value("references");
    EXPECT_EQ(i == 0 ? refs.empty() : std::count(refs.begin(), refs.end(), ' ') == long(i - 1), true) << refs;
    auto info = alert.child("info");
    EXPECT_STREQ(info.child_value("language"), "zh-CN");
    EXPECT_STREQ(info.child_value("category"), "Env");
    EXPECT_STREQ(info.next_sibling("info").child_value("language"), "en");
    std::string polygon = info.child("area").child_value("polygon");
    EXPECT_GT(polygon.size(), 20u);
    EXPECT_EQ(polygon.substr(0, polygon.find(' ')), polygon.substr(polygon.rfind(' ') + 1));  // closed
    EXPECT_EQ(polygon.substr(0, 3), "34.");  // latitude first (开封 34.8°N)
    if (i == 1) {
      EXPECT_STREQ(info.child_value("severity"), "Extreme");
      EXPECT_STREQ(info.child_value("event"), "重污染天气红色预警");
      EXPECT_NE(std::string(alert.child_value("sent")).find("+08:00"), std::string::npos);
    }
  }
  // The latest move without ?event.
  pugi::xml_document latest;
  ASSERT_TRUE(latest.load_string(viewer->get(path + "/cap.xml").body.c_str()));
  EXPECT_STREQ(latest.child("alert").child_value("msgType"), "Cancel");
  EXPECT_EQ(viewer->get(path + "/cap.xml?event=999999").status, 404);
  EXPECT_EQ(viewer->get("/api/v1/aq/alerts/999999").status, 404);
}

TEST_F(AlertsApiTest, TheAlertsAreAnAtomFeed) {
  ASSERT_GT(lifted_alert(), 0);
  ASSERT_TRUE(have_xmllint());
  auto r = viewer->get("/api/v1/aq/alerts.atom");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xmllint_problems(r.body), "") << r.body;
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(r.body.c_str()));
  auto feed = doc.child("feed");
  EXPECT_STREQ(feed.attribute("xmlns").value(), "http://www.w3.org/2005/Atom");
  for (const char* required : {"id", "title", "updated", "author"})
    EXPECT_TRUE(feed.child(required)) << required;
  auto entry = feed.child("entry");
  ASSERT_TRUE(entry);
  EXPECT_NE(std::string(entry.child_value("title")).find("2017-002"), std::string::npos);  // newest first
  EXPECT_STREQ(entry.child("link").attribute("href").value(),
               ("/api/v1/aq/alerts/" + std::to_string(alert_id) + "/cap.xml").c_str());
}

// A deployment's standard ([alerts] standard in lantian.toml) replaces the
// shipped one; a broken one stops the server at start with its line and
// column, as `lantian alerts check` shows them.
TEST(AlertStandardOverride, TheServerRunsTheDeploymentsStandardOrRefusesToStart) {
  auto dir = make_temp_dir("lantian-alerts");
  std::ifstream shipped(LANTIAN_SOURCE_DIR "/resources/alerts/warning_standard.toml");
  std::stringstream ss;
  ss << shipped.rdbuf();
  std::string text = ss.str();
  auto write = [](const std::filesystem::path& p, const std::string& t) { std::ofstream(p) << t; };
  // A stricter local plan: yellow from one day above 200.
  std::string local = text;
  local.replace(local.find("all = [{ above = 200, days = 2 }]"), 33, "all = [{ above = 150, days = 1 }]");
  write(dir / "broken.toml", local);
  std::string stricter = text;
  stricter.replace(stricter.find("all = [{ above = 200, days = 2 }]"), 33,
                   "all = [{ above = 250, days = 1 }]");
  write(dir / "stricter.toml", stricter);
  write(dir / "bad.toml", "[alerts]\nstandard = \"" + (dir / "broken.toml").string() + "\"\n");
  write(dir / "good.toml", "[alerts]\nstandard = \"" + (dir / "stricter.toml").string() + "\"\n");

  std::string out;
  EXPECT_EQ(run_lantian({"alerts", "check"}, &out), 0) << out;
  EXPECT_NE(out.find("4 red 红色预警"), std::string::npos) << out;
  EXPECT_EQ(run_lantian({"alerts", "check", (dir / "broken.toml").string()}, &out), 1) << out;
  EXPECT_NE(out.find((dir / "broken.toml").string() + ":58:"), std::string::npos) << out;
  EXPECT_NE(out.find("\"above\" = 150 is below the episode's threshold (200)"), std::string::npos) << out;
  EXPECT_EQ(run_lantian({"--config", (dir / "bad.toml").string(), "--db", (dir / "x.db").string(), "serve",
                         "--listen", "127.0.0.1:0"},
                        &out),
            1)
      << out;
  EXPECT_NE(out.find("invalid warning standard"), std::string::npos) << out;

  ServerProcess server(false, {"--config", (dir / "good.toml").string()});
  auto admin = server.client_for("admin");
  auto s = admin->get("/api/v1/aq/warning-standard");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(s.obj()
                .at("levels")
                .as_array()[1]
                .at("when")
                .as_array()[0]
                .at("all")
                .as_array()[0]
                .at("above")
                .as_int64(),
            250);
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

TEST_F(AlertsApiTest, AnAlertOpensSpotChecksOfTheListedSourcesThatInspectionsSettle) {
  // Whatever another test left in force is lifted first: one alert at a time.
  const json::object in_force = office->get("/api/v1/aq/alerts?status=in_force").obj();
  for (const auto& a : in_force.at("items").as_array())
    act(*office, a.at("id").as_int64(), "lift", {{"version", a.at("version").as_int64()}});
  orange_forecast();
  auto issued = office->post_json("/api/v1/aq/alerts", json::object{{"level", "yellow"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  const int64_t id = issued.obj().at("id").as_int64();
  const std::string path = "/api/v1/aq/alerts/" + std::to_string(id) + "/spot-checks";
  auto checks = viewer->get(path);
  ASSERT_EQ(checks.status, 200) << checks.body;
  auto o = checks.obj();
  EXPECT_EQ(o.at("level").as_string(), "yellow");
  EXPECT_EQ(o.at("checklist").as_string(), "emergency_measures");
  EXPECT_FALSE(o.at("can_check").as_bool());
  const int64_t total = o.at("counts").at("total").as_int64();
  ASSERT_GE(total, 2) << checks.body;  // the demo's sources on the list
  EXPECT_EQ(o.at("counts").at("pending").as_int64(), total);
  const json::array items = o.at("items").as_array();
  EXPECT_EQ(items[0].at("status_label").at("zh-CN").as_string(), "待抽查");

  // On site: one source keeps its measures, one does not.
  auto inspect = [&](int64_t row, bool keeps) {
    json::array answers;
    for (const char* code : {"measures_for_level", "lines_stopped", "production_cut", "earthwork_stopped",
                             "transport_stopped", "monitoring_running", "records_kept"}) {
      json::object it{{"code", code}, {"result", "pass"}};
      if (!keeps && std::string(code) == "lines_stopped")
        it = {{"code", code}, {"result", "fail"}, {"note", "烧结线仍在生产"}, {"open_problem", true}};
      answers.push_back(std::move(it));
    }
    return office->post_json("/api/v1/inspections",
                             json::object{{"checklist", "emergency_measures"},
                                          {"ledger_row_id", row},
                                          {"person_met", "厂长"},
                                          {"location", {{"lng", 114.37}, {"lat", 34.76}}},
                                          {"items", answers}});
  };
  auto good = inspect(items[0].at("ledger_row_id").as_int64(), true);
  ASSERT_EQ(good.status, 201) << good.body;
  auto bad = inspect(items[1].at("ledger_row_id").as_int64(), false);
  ASSERT_EQ(bad.status, 201) << bad.body;
  auto after = office->get(path).obj();
  EXPECT_TRUE(after.at("can_check").as_bool());
  EXPECT_EQ(after.at("counts").at("compliant").as_int64(), 1);
  EXPECT_EQ(after.at("counts").at("violation").as_int64(), 1);
  EXPECT_EQ(after.at("counts").at("pending").as_int64(), total - 2);
  auto violations = office->get(path + "?status=violation").obj().at("items").as_array();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].at("inspection_id").as_int64(), bad.obj().at("id").as_int64());
  EXPECT_EQ(office->get(path + "?status=late").status, 422);
  // The failed item opened a problem of the emergency measures.
  auto problems = office->get("/api/v1/problems?type=emergency_breach").obj().at("items").as_array();
  EXPECT_FALSE(problems.empty());
  // Upgraded: a new round of checks for the higher level, all pending.
  EXPECT_EQ(act(*office, id, "upgrade", {{"version", 1}, {"level", "orange"}}).status, 200);
  auto orange = office->get(path).obj();
  EXPECT_EQ(orange.at("level").as_string(), "orange");
  EXPECT_EQ(orange.at("counts").at("pending").as_int64(), total);
  EXPECT_EQ(act(*office, id, "lift", {{"version", 2}}).status, 200);
}

// The demo's past alert (app/demo_alerts.h): yellow, issued on the forecast
// of the 14th, lifted on the 17th, its spot checks begun; no forecast of it
// covers the demo's days from the 18th.
TEST_F(AlertsApiTest, TheDemoHasALiftedAlertWithItsHistoryAndSpotChecks) {
  int64_t id = 0;
  const json::object lifted = viewer->get("/api/v1/aq/alerts?status=lifted").obj();
  for (const auto& a : lifted.at("items").as_array())
    if (a.at("number").as_string() == "2017-001") id = a.at("id").as_int64();
  ASSERT_GT(id, 0) << "the demo's alert 2017-001 is lifted";
  auto detail = viewer->get("/api/v1/aq/alerts/" + std::to_string(id)).obj();
  EXPECT_EQ(detail.at("level").as_string(), "yellow");
  std::vector<std::string> actions;
  for (const auto& h : detail.at("history").as_array()) actions.emplace_back(h.at("action").as_string());
  std::sort(actions.begin(), actions.end());
  EXPECT_EQ(actions, (std::vector<std::string>{"issue", "lift"}));
  auto checks = viewer->get("/api/v1/aq/alerts/" + std::to_string(id) + "/spot-checks").obj();
  EXPECT_GE(checks.at("counts").at("total").as_int64(), 2);
  EXPECT_EQ(checks.at("counts").at("compliant").as_int64(), 2);
  EXPECT_EQ(checks.at("counts").at("violation").as_int64(), 0);
  // The demo's forecast: three days of the 14th's, none from the 18th on.
  const json::object forecasts = viewer->get("/api/v1/aq/forecasts?from=2017-12-01&to=2017-12-31").obj();
  std::vector<std::string> days;
  for (const auto& f : forecasts.at("items").as_array())
    if (f.at("issued_on").as_string() == "2017-12-14") days.emplace_back(f.at("day").as_string());
  std::sort(days.begin(), days.end());
  EXPECT_EQ(days, (std::vector<std::string>{"2017-12-15", "2017-12-16", "2017-12-17"}));
}

}  // namespace
}  // namespace lantian::test
