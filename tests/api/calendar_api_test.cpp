// /api/v1/calendar over HTTP: the seeded years, working-day arithmetic
// across the 2017 National Day holiday, importing a year (CSV or JSON) and
// editing days as admin, 403 for everyone else, 422 with line and column
// for a bad CSV, and the audit trail.
#include <gtest/gtest.h>

#include <future>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class CalendarApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess();
    auto a = std::async(std::launch::async, [] { return server->client_for("admin"); });
    auto o = std::async(std::launch::async, [] { return server->client_for("office"); });
    auto s = std::async(std::launch::async, [] { return server->client_for("staff"); });
    admin = a.get().release();
    office = o.get().release();
    staff = s.get().release();
  }
  static void TearDownTestSuite() {
    delete admin;
    delete office;
    delete staff;
    delete server;
  }
  static HttpResponse put(HttpClient& c, const std::string& target, const std::string& body,
                          const std::string& type = "application/json") {
    return c.request("PUT", target, body, {{"Content-Type", type}});
  }
  static std::string first_error(const HttpResponse& r) {
    auto p = r.obj();
    if (!p.contains("errors")) return "(no errors) " + r.body;
    const auto& e = p.at("errors").as_array().at(0);
    return std::string(e.at("field").as_string()) + ": " + std::string(e.at("message").as_string());
  }
  static ServerProcess* server;
  static HttpClient *admin, *office, *staff;
};
ServerProcess* CalendarApi::server = nullptr;
HttpClient* CalendarApi::admin = nullptr;
HttpClient* CalendarApi::office = nullptr;
HttpClient* CalendarApi::staff = nullptr;

TEST_F(CalendarApi, ListsTheShippedYearsToEveryone) {
  for (HttpClient* c : {admin, office, staff}) {
    auto r = c->get("/api/v1/calendar");
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = r.obj().at("items").as_array();
    ASSERT_GE(items.size(), 10u);
    EXPECT_EQ(items[0].at("year").as_int64(), 2017);
    EXPECT_EQ(items[0].at("source").as_string(), "shipped");
    EXPECT_FALSE(items[0].as_object().contains("days"));
  }
  auto y = staff->get("/api/v1/calendar/2017");
  ASSERT_EQ(y.status, 200) << y.body;
  auto days = y.obj().at("days").as_array();
  bool saturday = false;
  for (const auto& d : days)
    if (d.at("day").as_string() == "2017-09-30") {
      saturday = true;
      EXPECT_EQ(d.at("kind").as_string(), "work");
      EXPECT_EQ(d.at("holiday").as_string(), "中秋节、国庆节");
      EXPECT_EQ(d.at("notice").as_string(), "国办发明电〔2016〕17号");
    }
  EXPECT_TRUE(saturday);
  EXPECT_EQ(staff->get("/api/v1/calendar/1999").status, 404);
  EXPECT_EQ(staff->get("/api/v1/calendar/20x7").status, 404);
  EXPECT_EQ(server->client_for("viewer")->get("/api/v1/calendar").status, 200);
}

TEST_F(CalendarApi, WorkingDaysAcrossTheNationalDayHoliday2017) {
  auto wd = [](const std::string& q) {
    auto r = staff->get("/api/v1/calendar/working-days?" + q);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    return r.obj();
  };
  // Friday 09-29 + 1 working day = Saturday 09-30, a make-up working day.
  auto a = wd("from=2017-09-29&days=1");
  EXPECT_EQ(a.at("deadline").as_string(), "2017-09-30");
  EXPECT_EQ(a.at("unverified").as_bool(), false);
  // + 2 jumps the eight days off to Monday 10-09.
  EXPECT_EQ(wd("from=2017-09-29&days=2").at("deadline").as_string(), "2017-10-09");
  EXPECT_EQ(wd("from=2017-09-29&days=0").at("deadline").as_string(), "2017-09-29");
  // Working days in (from, to].
  auto b = wd("from=2017-09-29&to=2017-10-09");
  EXPECT_EQ(b.at("working_days").as_int64(), 2);
  EXPECT_EQ(wd("from=2017-10-01&to=2017-10-08").at("working_days").as_int64(), 0);
  // A year with no arrangement is computed on weekdays and flagged.
  auto c = wd("from=2035-01-04&days=1");
  EXPECT_EQ(c.at("deadline").as_string(), "2035-01-05");
  EXPECT_EQ(c.at("unverified").as_bool(), true);
  EXPECT_EQ(wd("from=2026-12-30&days=5").at("unverified").as_bool(), true);  // runs into 2027
  for (const char* bad :
       {"", "from=2017-09-29", "from=2017-09-29&days=1&to=2017-10-01", "from=x&days=1",
        "from=2017-09-29&days=-1", "from=2017-09-29&days=abc", "from=2017-09-29&to=2017-13-01"})
    EXPECT_EQ(staff->get(std::string("/api/v1/calendar/working-days?") + bad).status, 400) << bad;
}

TEST_F(CalendarApi, AdminImportsAYearAsCsvOrJsonAndItCounts) {
  std::string csv =
      "date,kind,holiday,notice\n"
      "2031-01-01,off,元旦,国办发明电〔2030〕1号\n"
      "2031-01-04,work,元旦,国办发明电〔2030〕1号\n";
  auto r = put(*admin, "/api/v1/calendar/2031", csv, "text/csv; charset=utf-8");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("source").as_string(), "import");
  EXPECT_EQ(r.obj().at("days").as_array().size(), 2u);
  // Saturday 2031-01-04 is now a working day, and 2031 is covered.
  auto w = staff->get("/api/v1/calendar/working-days?from=2031-01-03&days=1").obj();
  EXPECT_EQ(w.at("deadline").as_string(), "2031-01-04");
  EXPECT_EQ(w.at("unverified").as_bool(), false);
  // The same as JSON replaces it.
  auto j = put(*admin, "/api/v1/calendar/2031",
               json::serialize(json::object{{"csv", "date,kind,holiday,notice\n2031-01-01,off,元旦,\n"}}));
  ASSERT_EQ(j.status, 200) << j.body;
  EXPECT_EQ(j.obj().at("days").as_array().size(), 1u);
  EXPECT_EQ(
      staff->get("/api/v1/calendar/working-days?from=2031-01-03&days=1").obj().at("deadline").as_string(),
      "2031-01-06");
  // Audited.
  auto audit = admin->get("/api/v1/audit?entity=calendar_year&entity_id=2031").obj();
  EXPECT_EQ(audit.at("total").as_int64(), 2);
}

TEST_F(CalendarApi, BadCsvIs422WithLineAndColumn) {
  auto r = put(*admin, "/api/v1/calendar/2032",
               "date,kind,holiday,notice\n2032-01-01,off,元旦,x\n2032-01-02,of,元旦,x\n", "text/csv");
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(first_error(r), "csv: line 3, column 12: must be off or work");
  {
    // The code and its parameters, for clients that translate.
    auto body = r.obj();
    const auto& e = body.at("errors").as_array().at(0).as_object();
    EXPECT_EQ(e.at("code").as_string(), "bad_day_kind");
    EXPECT_EQ(e.at("params").at("line").as_string(), "3");
    EXPECT_EQ(e.at("params").at("column").as_string(), "12");
  }
  r = put(*admin, "/api/v1/calendar/2032", "date,kind,holiday,notice\n2033-01-01,off,元旦,x\n", "text/csv");
  EXPECT_EQ(first_error(r), "csv: line 2, column 1: 2033-01-01 is not in 2032");
  r = put(*admin, "/api/v1/calendar/2032", "{}");
  ASSERT_EQ(r.status, 422);
  EXPECT_EQ(first_error(r), "csv: is required");
  r = put(*admin, "/api/v1/calendar/2032", "{\"csv\": 1}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(put(*admin, "/api/v1/calendar/2032", "not json").status, 400);
  EXPECT_EQ(admin->get("/api/v1/calendar/2032").status, 404);  // nothing stored
}

TEST_F(CalendarApi, AdminEditsDays) {
  auto r = put(
      *admin, "/api/v1/calendar/days/2026-12-31",
      json::serialize(json::object{{"kind", "off"}, {"holiday", "重污染应急"}, {"notice", "区政府通知"}}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("year").as_int64(), 2026);
  EXPECT_EQ(r.obj().at("source").as_string(), "edit");
  EXPECT_EQ(
      staff->get("/api/v1/calendar/working-days?from=2026-12-30&days=1").obj().at("deadline").as_string(),
      "2027-01-01");  // 12-31 off; Friday 2027-01-01 counts by the weekday rule (2027 not loaded)
  auto del = admin->request("DELETE", "/api/v1/calendar/days/2026-12-31");
  ASSERT_EQ(del.status, 200) << del.body;
  EXPECT_EQ(admin->request("DELETE", "/api/v1/calendar/days/2026-12-31").status, 404);
  EXPECT_EQ(
      staff->get("/api/v1/calendar/working-days?from=2026-12-30&days=1").obj().at("deadline").as_string(),
      "2026-12-31");
  // Validation.
  auto bad = put(*admin, "/api/v1/calendar/days/2026-12-31", "{\"kind\":\"holiday\"}");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(first_error(bad), "kind: must be off or work");
  EXPECT_EQ(put(*admin, "/api/v1/calendar/days/2026-12-31", "{\"holiday\":\"x\"}").status, 422);
  EXPECT_EQ(put(*admin, "/api/v1/calendar/days/2026-12-31", "{\"kind\":\"off\",\"extra\":1}").status, 422);
  EXPECT_EQ(put(*admin, "/api/v1/calendar/days/2026-02-30", "{\"kind\":\"off\"}").status, 404);
  auto uncovered = put(*admin, "/api/v1/calendar/days/2040-01-01", "{\"kind\":\"off\"}");
  EXPECT_EQ(uncovered.status, 422);
  EXPECT_EQ(first_error(uncovered).rfind("day: 2040 has no holiday arrangement yet", 0), 0u)
      << uncovered.body;
  auto audit = admin->get("/api/v1/audit?entity=calendar_day&entity_id=2026-12-31").obj();
  EXPECT_EQ(audit.at("total").as_int64(), 2);  // create, delete
}

TEST_F(CalendarApi, OnlyAdminMayWrite) {
  for (HttpClient* c : {office, staff}) {
    EXPECT_EQ(put(*c, "/api/v1/calendar/2033", "date,kind,holiday,notice\n2033-01-01,off,元旦,\n", "text/csv")
                  .status,
              403);
    // Refused before the body is looked at.
    EXPECT_EQ(put(*c, "/api/v1/calendar/2033", "not json").status, 403);
    EXPECT_EQ(put(*c, "/api/v1/calendar/days/2026-12-31", "{\"kind\":\"off\"}").status, 403);
    EXPECT_EQ(c->request("DELETE", "/api/v1/calendar/days/2017-10-01").status, 403);
  }
  EXPECT_EQ(admin->get("/api/v1/calendar/2033").status, 404);
  auto oct1 = admin->get("/api/v1/calendar/2017").body;
  EXPECT_NE(oct1.find("2017-10-01"), std::string::npos);
}

}  // namespace
}  // namespace lantian::test
