// Air-quality monitoring over HTTP (/api/v1/aq, app/aq_service.h), on SQLite
// and (api_pg_tests) PostgreSQL: the office registers stations that every
// role reads; hourly data pushed as JSON is idempotent per station-hour, a
// malformed delivery changes nothing and names the field, and a reading the
// service refuses is reported by its index while the rest are kept; a
// station's hours come back with their hourly AQI and flags.
#include <gtest/gtest.h>

#include <fstream>

#include "io/hj212.h"
#include "support/demo_suite.h"
#include "support/tcp_client.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class AqApiTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() {
    start_server({"--clock-start", "2026-12-06T12:30:00+08:00", "--hj212-listen", "127.0.0.1:0"});
  }
  void SetUp() override { log_in(); }

  static int64_t station(const std::string& code, const std::string& name = "开封市监测站") {
    auto r = office->post_json("/api/v1/aq/stations",
                               json::object{{"code", code},
                                            {"name", name},
                                            {"kind", "national"},
                                            {"location", {{"lng", 114.3712}, {"lat", 34.7651}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  // 24 hours from the one ending 2026-12-05 `first`:00, PM2.5 = pm25, or
  // 35 + i µg/m³ for the i-th hour when pm25 < 0.
  static json::array day(const std::string& code, int first = 14, int pm25 = -1) {
    json::array hours;
    for (int i = 0; i < 24; ++i) {
      char t[32];
      const int h = first + i;  // 14 … 37 → the 5th 14:00 … the 6th 13:00
      std::snprintf(t, sizeof t, "2026-12-%02dT%02d:00:00", h < 24 ? 5 : 6, h % 24);
      hours.push_back(json::object{{"station", code},
                                   {"time", t},
                                   {"so2", 8},
                                   {"no2", 30},
                                   {"co", 0.7},
                                   {"o3", 60},
                                   {"pm10", 80},
                                   {"pm25", pm25 < 0 ? 35 + i : pm25}});
    }
    return hours;
  }
};

TEST_F(AqApiTest, TheOfficeRegistersStationsThatEveryRoleReads) {
  int64_t id = station("1001A");
  ASSERT_GT(id, 0);
  auto list = viewer->get("/api/v1/aq/stations");
  ASSERT_EQ(list.status, 200) << list.body;
  auto o = list.obj();
  bool found = false;
  for (const auto& s : o.at("items").as_array())
    if (s.at("id").as_int64() == id) {
      found = true;
      EXPECT_EQ(s.at("name").as_string(), "开封市监测站");
      EXPECT_EQ(s.at("kind").as_string(), "national");
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(o.at("kinds").as_array().size(), 5u);
  EXPECT_EQ(o.at("flags").as_array()[0].at("code").as_string(), "N");

  auto again = office->post_json("/api/v1/aq/stations",
                                 json::object{{"code", "1001A"}, {"name", "又一个"}, {"kind", "micro"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.obj().at("code").as_string(), "aq_station_code_taken");
  auto bad = office->post_json("/api/v1/aq/stations",
                               json::object{{"code", "X1"}, {"name", "卫星"}, {"kind", "satellite"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.obj().at("errors").as_array()[0].at("field").as_string(), "kind");
  EXPECT_EQ(staff
                ->post_json("/api/v1/aq/stations",
                            json::object{{"code", "X2"}, {"name", "乡站"}, {"kind", "township"}})
                .status,
            403);
  EXPECT_EQ(admin->get("/api/v1/aq/stations/999999").status, 404);
}

// The office edits a station: everything but its code, at the version it
// read; the HJ 212 password stays unless given (null removes it).
TEST_F(AqApiTest, TheOfficeEditsAStationButNotItsCode) {
  auto created = office->post_json("/api/v1/aq/stations", json::object{{"code", "EN-E"},
                                                                       {"name", "排口一"},
                                                                       {"kind", "enterprise"},
                                                                       {"hj212_password", "secret-1"},
                                                                       {"limits", {{"so2", 35}}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string path = "/api/v1/aq/stations/" + std::to_string(created.obj().at("id").as_int64());
  const json::object edit{{"name", "一号排口"},
                          {"kind", "enterprise"},
                          {"unit_id", unit_id("南郊乡")},
                          {"limits", {{"so2", 50}, {"pm10", 20}}},
                          {"location", {{"lng", 114.38}, {"lat", 34.78}}},
                          {"version", 1}};
  EXPECT_EQ(staff->patch_json(path, edit).status, 403);
  auto edited = office->patch_json(path, edit);
  ASSERT_EQ(edited.status, 200) << edited.body;
  const json::object e = edited.obj();
  EXPECT_EQ(e.at("code").as_string(), "EN-E");
  EXPECT_EQ(e.at("name").as_string(), "一号排口");
  EXPECT_EQ(e.at("unit").as_string(), "南郊乡");
  EXPECT_EQ(e.at("version").as_int64(), 2);
  EXPECT_EQ(e.at("limits").at("so2").as_int64(), 50);
  EXPECT_EQ(e.at("limits").at("pm10").as_int64(), 20);
  EXPECT_TRUE(e.at("hj212").as_bool());  // not given: kept
  EXPECT_EQ(viewer->get(path).obj().at("name").as_string(), "一号排口");

  auto stale = office->patch_json(path, edit);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.obj().at("code").as_string(), "stale_version");
  json::object recode = edit;
  recode["code"] = "EN-F", recode["version"] = 2;
  auto refused = office->patch_json(path, recode);
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.obj().at("errors").as_array()[0].at("field").as_string(), "code");
  json::object bad = edit;
  bad["version"] = 2, bad["kind"] = "satellite", bad["limits"] = json::object{{"so2", -1}};
  auto invalid = office->patch_json(path, bad);
  EXPECT_EQ(invalid.status, 422) << invalid.body;
  EXPECT_EQ(viewer->get(path).obj().at("version").as_int64(), 2);  // nothing written
  json::object no_password = edit;
  no_password["version"] = 2, no_password["hj212_password"] = nullptr;
  auto removed = office->patch_json(path, no_password);
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(removed.obj().at("hj212").as_bool());
  EXPECT_EQ(office->patch_json("/api/v1/aq/stations/999999", edit).status, 404);
}

TEST_F(AqApiTest, PushedHoursAreIdempotentAndComeBackWithTheirAqi) {
  int64_t id = station("1002A", "禹王台区站");
  ASSERT_GT(id, 0);
  auto first = office->post_json("/api/v1/aq/hours", json::object{{"hours", day("1002A")}});
  ASSERT_EQ(first.status, 200) << first.body;

  EXPECT_EQ(first.obj().at("added").as_int64(), 24);
  auto again = office->post_json("/api/v1/aq/hours", json::object{{"hours", day("1002A")}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.obj().at("unchanged").as_int64(), 24);
  EXPECT_EQ(again.obj().at("added").as_int64(), 0);

  // One reading changed (maintenance), one for a station nobody registered.
  json::array mixed = {
      json::object{
          {"station", "1002A"}, {"time", "2026-12-06T13:00:00"}, {"pm25", 99}, {"flags", {{"pm25", "M"}}}},
      json::object{{"station", "NOPE"}, {"time", "2026-12-06T13:00:00"}, {"pm25", 10}}};
  auto rep = office->post_json("/api/v1/aq/hours", json::object{{"hours", mixed}});
  ASSERT_EQ(rep.status, 200) << rep.body;

  EXPECT_EQ(rep.obj().at("changed").as_int64(), 1);
  EXPECT_EQ(rep.obj().at("rejected").as_int64(), 1);
  auto issue = rep.obj().at("issues").as_array()[0].as_object();
  EXPECT_EQ(issue.at("index").as_int64(), 1);
  EXPECT_EQ(issue.at("code").as_string(), "aq_station_unknown");

  // A malformed delivery changes nothing and names the field.
  json::array broken = day("1002A");
  broken[3].as_object()["pm25"] = 1;
  broken[5].as_object()["time"] = "yesterday";
  auto refused = office->post_json("/api/v1/aq/hours", json::object{{"hours", broken}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_EQ(refused.obj().at("errors").as_array()[0].at("field").as_string(), "hours[5].time");
  EXPECT_EQ(viewer->post_json("/api/v1/aq/hours", json::object{{"hours", day("1002A")}}).status, 403);

  // The last 24 hours by default (the clock's hour in progress ends at 13:00).
  auto hours = viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/hours");
  ASSERT_EQ(hours.status, 200) << hours.body;
  auto items = hours.obj().at("items").as_array();
  ASSERT_EQ(items.size(), 24u);
  EXPECT_EQ(items[0].at("time").as_string(), "2026-12-05T14:00:00");
  EXPECT_EQ(items[0].at("co").as_double(), 0.7);
  // PM2.5 57 µg/m³ → IAQI 94 on HJ 633-2026's table (35 → 50, 60 → 100): the AQI.
  EXPECT_EQ(items[22].at("pm25").as_int64(), 57);
  EXPECT_EQ(items[22].at("aqi").as_int64(), 94);
  EXPECT_EQ(items[22].at("primary").as_string(), "PM2.5");
  EXPECT_EQ(items[22].at("level").as_int64(), 2);
  // The maintenance hour keeps its value and flag, and the pollutants the
  // re-send did not mention; its PM2.5 is out of the AQI, and with an item
  // missing HJ 633-2026 publishes an AQI only above 100 (PM10 80 → 65): none.
  EXPECT_EQ(items[23].at("pm25").as_int64(), 99);
  EXPECT_EQ(items[23].at("pm10").as_int64(), 80);
  EXPECT_EQ(items[23].at("flags").at("pm25").as_string(), "M");
  EXPECT_TRUE(items[23].at("aqi").is_null());
  EXPECT_TRUE(items[23].at("level").is_null());

  auto window = viewer->get("/api/v1/aq/stations/" + std::to_string(id) +
                            "/hours?from=2026-12-06T01:00:00&to=2026-12-06T03:00:00");
  ASSERT_EQ(window.status, 200);
  EXPECT_EQ(window.obj().at("items").as_array().size(), 3u);
  EXPECT_EQ(
      viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/hours?from=2026-10-01T01:00:00").status,
      422);
  EXPECT_EQ(viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/hours?to=noon").status, 422);
}

// A micro station on TCP: garbage first, its hourly frame split in two
// reads, a frame with a bad CRC and one with a wrong password, then the
// hour again. The device gets one answer per good frame; the hour is
// stored once.
TEST_F(AqApiTest, AMicroStationSendsHj212FramesOverTcp) {
  ASSERT_NE(server->hj212_port(), 0) << "serve --hj212-listen did not report its port";
  auto st = office->post_json(
      "/api/v1/aq/stations",
      json::object{
          {"code", "410205051"}, {"name", "汪屯乡微站"}, {"kind", "micro"}, {"hj212_password", "123456"}});
  ASSERT_EQ(st.status, 201) << st.body;
  EXPECT_TRUE(st.obj().at("hj212").as_bool());
  EXPECT_FALSE(st.obj().contains("hj212_password"));
  const std::string id = std::to_string(st.obj().at("id").as_int64());
  auto segment = [](const std::string& pw) {
    return "QN=20261206120000001;ST=22;CN=2061;PW=" + pw +
           ";MN=410205051;Flag=5;CP=&&DataTime=20261206110000;a34004-Avg=57,a34004-Flag=N;"
           "a34002-Avg=80,a34002-Flag=N&&";
  };
  const std::string good = io::encode_frame(segment("123456"));
  std::string bad_crc = good;
  bad_crc[bad_crc.size() - 3] = bad_crc[bad_crc.size() - 3] == '0' ? '1' : '0';

  int fd = tcp_connect(server->hj212_port());
  auto send = [&](const std::string& bytes) { tcp_send(fd, bytes); };
  auto replies = [&](size_t want) { return tcp_read_lines(fd, want); };
  send("\x01\x02garbage##zz");
  send(good.substr(0, 40));
  send(good.substr(40) + bad_crc + io::encode_frame(segment("000000")));
  std::string got = replies(1);
  ASSERT_EQ(std::count(got.begin(), got.end(), '\n'), 1) << got;
  auto reply = io::decode_frame(got.substr(0, got.size()));
  ASSERT_TRUE(reply.ok()) << got;
  EXPECT_NE(reply->find("CN=9014"), std::string::npos) << *reply;
  EXPECT_NE(reply->find("QN=20261206120000001"), std::string::npos) << *reply;
  send(good);  // again (the answer was lost, say): answered again, stored once
  std::string again = replies(1);
  EXPECT_EQ(std::count(again.begin(), again.end(), '\n'), 1) << again;
  ::close(fd);

  auto hours = viewer->get("/api/v1/aq/stations/" + id + "/hours");
  ASSERT_EQ(hours.status, 200);
  auto items = hours.obj().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << hours.body;
  EXPECT_EQ(items[0].at("time").as_string(), "2026-12-06T12:00:00");
  EXPECT_EQ(items[0].at("pm25").as_int64(), 57);
  EXPECT_EQ(items[0].at("source").as_string(), "hj212");
  // Four of the six items missing and the rest at most 100: HJ 633-2026 publishes no AQI.
  EXPECT_TRUE(items[0].at("aqi").is_null());

  auto metrics = admin->get("/metrics");
  EXPECT_NE(metrics.body.find("lantian_hj212_stored_total 2"), std::string::npos);
  EXPECT_NE(metrics.body.find("lantian_hj212_hj212_bad_crc_total 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("lantian_hj212_bad_password_total 1"), std::string::npos);
}

// The real CNEMC release (tests/fixtures/aq, with its O3 column swap) for
// the Kaifeng stations registered: their hours are taken, every other
// station's are reported by index; the same file again changes nothing.
TEST_F(AqApiTest, TheRealCnemcFileImportsForTheStationsRegistered) {
  std::ifstream in(std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/aq/cnemc_kaifeng_hourly.csv",
                   std::ios::binary);
  std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(csv.empty());
  ASSERT_GT(station("1316A", "烟厂"), 0);
  auto first = office->request("POST", "/api/v1/aq/hours/import", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(first.status, 200) << first.body;
  auto r = first.obj();
  const int64_t received = r.at("received").as_int64();
  const int64_t added = r.at("added").as_int64();
  EXPECT_GT(added, 20);
  EXPECT_EQ(added + r.at("rejected").as_int64(), received);
  EXPECT_EQ(r.at("issues").as_array()[0].at("code").as_string(), "aq_station_unknown");
  auto again = office->request("POST", "/api/v1/aq/hours/import", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.obj().at("unchanged").as_int64(), added);
  // 2023-01-21T23:00 at 烟厂: PM2.5 246, PM10 315 → AQI 296 as CNEMC published it.
  auto list = viewer->get("/api/v1/aq/stations").obj();
  std::string id;
  for (const auto& s : list.at("items").as_array())
    if (s.at("code").as_string() == "1316A") id = std::to_string(s.at("id").as_int64());
  auto hours =
      viewer->get("/api/v1/aq/stations/" + id + "/hours?from=2023-01-21T23:00:00&to=2023-01-21T23:00:00");
  ASSERT_EQ(hours.status, 200) << hours.body;
  auto items = hours.obj().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << hours.body;
  EXPECT_EQ(items[0].at("pm25").as_int64(), 246);
  EXPECT_EQ(items[0].at("aqi").as_int64(), 296);
  EXPECT_EQ(items[0].at("source").as_string(), "csv");

  auto bad = office->request("POST", "/api/v1/aq/hours/import", "timepoint,stationcode\nnoon,1316A\n",
                             {{"Content-Type", "text/csv"}});
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("line"), std::string::npos) << bad.body;
  EXPECT_EQ(viewer->request("POST", "/api/v1/aq/hours/import", csv, {{"Content-Type", "text/csv"}}).status,
            403);
}

// A full natural day (01:00 … 24:00) gives the day's AQI: the 24-hour means
// and the daily maximum 8-hour O3 (HJ 633-2026 in December 2026); a day with
// a few hours only is listed with no AQI unless it is over 100.
TEST_F(AqApiTest, AFullDayOfHoursGivesTheDailyAqi) {
  int64_t id = station("1003A", "南郊乡站");
  ASSERT_GT(id, 0);
  json::array hours = day("1003A", 1, 57);  // the natural day 2026-12-05: 01:00 … 24:00
  hours.push_back(json::object{{"station", "1003A"}, {"time", "2026-12-06T05:00:00"}, {"pm25", 40}});
  ASSERT_EQ(office->post_json("/api/v1/aq/hours", json::object{{"hours", hours}}).status, 200);
  auto got = viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/days?from=2026-12-04&to=2026-12-06");
  ASSERT_EQ(got.status, 200) << got.body;
  auto items = got.obj().at("items").as_array();
  ASSERT_EQ(items.size(), 2u) << got.body;
  auto day = items[0].as_object();
  EXPECT_EQ(day.at("date").as_string(), "2026-12-05");
  EXPECT_EQ(day.at("hours").as_int64(), 24);
  // PM2.5 57 → 94 and PM10 80 → 72 on 2026's tables (35/60 and 50/120), NO2 30 → 38, O3 8-hour 60 → 30.
  EXPECT_EQ(day.at("aqi").as_int64(), 94);
  EXPECT_EQ(day.at("primary").as_string(), "PM2.5");
  EXPECT_EQ(day.at("iaqi").at("pm10").as_int64(), 72);
  EXPECT_EQ(day.at("iaqi").at("no2").as_int64(), 38);
  EXPECT_EQ(day.at("iaqi").at("o3_8h").as_int64(), 30);
  EXPECT_EQ(day.at("o3_8h").as_int64(), 60);
  EXPECT_TRUE(day.at("o3_1h").is_null());  // not in HJ 633-2026's daily report
  auto partial = items[1].as_object();
  EXPECT_EQ(partial.at("date").as_string(), "2026-12-06");
  EXPECT_TRUE(partial.at("aqi").is_null());
  EXPECT_TRUE(partial.at("pm25").is_null());  // one hour, not 20
  EXPECT_EQ(
      viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/days?from=2026-01-01&to=2026-12-06").status,
      422);
  EXPECT_EQ(viewer->get("/api/v1/aq/stations/" + std::to_string(id) + "/days").status, 200);
}

TEST_F(AqApiTest, DaysAddUpToTheDistrictTownshipRankingsAndTargets) {
  auto township = [](const std::string& code, const std::string& kind, const std::string& unit) {
    auto r = office->post_json("/api/v1/aq/stations",
                               json::object{{"code", code},
                                            {"name", unit + "站"},
                                            {"kind", kind},
                                            {"unit_id", unit_id(unit)},
                                            {"location", {{"lng", 114.38}, {"lat", 34.78}}}});
    EXPECT_EQ(r.status, 201) << r.body;
  };
  township("KF-N", "township", "南郊乡");
  township("KF-W", "township", "汪屯乡");
  township("KF-D", "provincial", "禹王台区人民政府");
  json::array hours;
  for (auto [code, pm25] : {std::pair{"KF-N", 40}, {"KF-W", 70}, {"KF-D", 57}})
    for (auto& h : day(code, 1, pm25)) hours.push_back(h);  // the natural day 2026-12-05
  // Read (and cached) before the hours come: what follows must be the answers after them.
  for (const char* path : {"/api/v1/aq/latest", "/api/v1/aq/area-days?from=2026-12-05&to=2026-12-05",
                           "/api/v1/aq/rankings?of=units&by=pm25&from=2026-12-05&to=2026-12-05"})
    ASSERT_EQ(viewer->get(path).status, 200) << path;
  ASSERT_EQ(office->post_json("/api/v1/aq/hours", json::object{{"hours", hours}}).status, 200);

  // The map: each station's latest hour with the level's colour from the server.
  auto latest = viewer->get("/api/v1/aq/latest");
  ASSERT_EQ(latest.status, 200) << latest.body;
  EXPECT_EQ(latest.obj().at("levels").as_array().size(), 6u);
  bool seen = false;
  const json::array items = latest.obj().at("items").as_array();
  for (const auto& it : items) {
    if (it.at("code").as_string() != "KF-W") continue;
    seen = true;
    ASSERT_TRUE(it.at("latest").is_object()) << latest.body;
    const json::object& h = it.at("latest").as_object();
    EXPECT_EQ(h.at("time").as_string(), "2026-12-06T00:00:00");
    EXPECT_EQ(h.at("pm25").as_int64(), 70);
    EXPECT_EQ(h.at("colour").as_string(), "#FF7E00");  // PM2.5 70 → IAQI 140 (2026): 轻度污染
    EXPECT_EQ(h.at("category").at("zh-CN").as_string(), "轻度污染");
  }
  EXPECT_TRUE(seen) << latest.body;

  // The district is its control site's air; its townships rank cleanest first.
  auto district = leader->get("/api/v1/aq/area-days?from=2026-12-05&to=2026-12-05");
  ASSERT_EQ(district.status, 200) << district.body;
  EXPECT_EQ(district.obj().at("tier").as_int64(), 1);
  ASSERT_EQ(district.obj().at("items").as_array().size(), 1u);
  const json::value d = district.obj().at("items").as_array()[0];
  EXPECT_EQ(d.at("pm25").as_int64(), 57);
  EXPECT_EQ(d.at("aqi").as_int64(), 94);
  EXPECT_EQ(d.at("colour").as_string(), "#FFFF00");
  auto ranking = staff->get("/api/v1/aq/rankings?of=units&by=pm25&from=2026-12-05&to=2026-12-05");
  ASSERT_EQ(ranking.status, 200) << ranking.body;
  const json::array rows = ranking.obj().at("items").as_array();
  // The demo's four township stations have no hours in 2026: 南郊乡 and 汪屯乡
  // are ours, 繁塔 and 菜市 come last, unranked.
  ASSERT_EQ(rows.size(), 4u) << ranking.body;
  EXPECT_TRUE(rows[2].at("rank").is_null());
  EXPECT_TRUE(rows[3].at("stats").at("values").at("pm25").is_null());
  EXPECT_EQ(rows[0].at("name").as_string(), "南郊乡");
  EXPECT_EQ(rows[0].at("rank").as_int64(), 1);
  EXPECT_EQ(rows[0].at("stats").at("values").at("pm25").as_int64(), 40);
  EXPECT_EQ(rows[1].at("name").as_string(), "汪屯乡");
  // 70/35 = 2.00 of 汪屯乡's composite index.
  EXPECT_EQ(rows[1].at("stats").at("index").at("pm25").as_int64(), 2);
  EXPECT_EQ(staff->get("/api/v1/aq/rankings?by=so2").status, 422);
  EXPECT_EQ(staff->get("/api/v1/aq/rankings?from=2020-01-01&to=2026-12-05").status, 422);

  // A target of the office's, tracked through yesterday.
  json::object body{{"name", "12月攻坚"},          {"unit_id", unit_id("禹王台区人民政府")},
                    {"period_from", "2026-12-01"}, {"period_to", "2026-12-31"},
                    {"baseline_pm25", 80},         {"target_pm25", 50},
                    {"target_heavy_days", 2}};
  EXPECT_EQ(viewer->post_json("/api/v1/aq/targets", body).status, 403);
  json::object bad = body;
  bad["period_to"] = "2026-11-01";
  auto refused = office->post_json("/api/v1/aq/targets", bad);
  ASSERT_EQ(refused.status, 422) << refused.body;
  EXPECT_NE(refused.body.find("before_start"), std::string::npos) << refused.body;
  auto created = office->post_json("/api/v1/aq/targets", body);
  ASSERT_EQ(created.status, 201) << created.body;
  const json::object p = created.obj().at("progress").as_object();
  EXPECT_EQ(p.at("through").as_string(), "2026-12-05");
  EXPECT_EQ(p.at("elapsed_days").as_int64(), 5);
  EXPECT_EQ(p.at("pm25_to_date").as_int64(), 57);
  EXPECT_EQ(p.at("pm25_needed").as_int64(), 49);  // (50 × 27 − 57) / 26 = 49.7
  EXPECT_EQ(p.at("heavy_days_left").as_int64(), 2);
  const std::string path = "/api/v1/aq/targets/" + std::to_string(created.obj().at("id").as_int64());
  body["target_pm25"] = 45;
  body["version"] = 1;
  auto edited = office->patch_json(path, body);
  ASSERT_EQ(edited.status, 200) << edited.body;
  EXPECT_EQ(edited.obj().at("target_pm25").as_int64(), 45);
  auto stale = office->patch_json(path, body);
  EXPECT_EQ(stale.status, 409) << stale.body;
  auto list = viewer->get("/api/v1/aq/targets");
  ASSERT_EQ(list.status, 200);
  EXPECT_FALSE(list.obj().at("can_manage").as_bool());
  EXPECT_EQ(list.obj().at("items").as_array().size(), 2u);  // the demo's campaign target and ours
}

TEST_F(AqApiTest, AMonitorOverItsLimitOpensAProblemForItsUnit) {
  auto bad = office->post_json(
      "/api/v1/aq/stations",
      json::object{{"code", "EN-X"}, {"name", "排口"}, {"kind", "enterprise"}, {"limits", {{"so3", 35}}}});
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("limits.so3"), std::string::npos) << bad.body;
  auto st = office->post_json("/api/v1/aq/stations", json::object{{"code", "EN-1"},
                                                                  {"name", "南郊乡化工厂排口"},
                                                                  {"kind", "enterprise"},
                                                                  {"unit_id", unit_id("南郊乡")},
                                                                  {"limits", {{"so2", 35}}}});
  ASSERT_EQ(st.status, 201) << st.body;
  EXPECT_EQ(st.obj().at("limits").at("so2").as_int64(), 35);
  json::array hours;
  for (int h = 8; h <= 11; ++h) {
    char t[32];
    std::snprintf(t, sizeof t, "2026-12-06T%02d:00:00", h);
    hours.push_back(json::object{{"station", "EN-1"}, {"time", t}, {"so2", h == 8 ? 20 : 48.2}});
  }
  ASSERT_EQ(office->post_json("/api/v1/aq/hours", json::object{{"hours", hours}}).status, 200);
  EXPECT_EQ(staff->post_json("/api/v1/aq/monitoring/scan", json::object{}).status, 403);
  auto scan = office->post_json("/api/v1/aq/monitoring/scan", json::object{});
  ASSERT_EQ(scan.status, 200) << scan.body;
  EXPECT_EQ(scan.obj().at("opened").as_int64(), 1) << scan.body;
  auto again = office->post_json("/api/v1/aq/monitoring/scan", json::object{});
  EXPECT_EQ(again.obj().at("opened").as_int64(), 0) << again.body;
  // The problem is 南郊乡's to rectify, with the readings in it.
  auto list = leader->get("/api/v1/problems?source=online_monitoring");
  ASSERT_EQ(list.status, 200) << list.body;
  const json::array items = list.obj().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << list.body;
  EXPECT_EQ(items[0].at("status").as_string(), "assigned");
  auto detail = leader->get("/api/v1/problems/" + std::to_string(items[0].at("id").as_int64()));
  ASSERT_EQ(detail.status, 200);
  EXPECT_NE(detail.body.find("SO2 48.2（限值 35）"), std::string::npos) << detail.body;
}

}  // namespace
}  // namespace lantian::test
