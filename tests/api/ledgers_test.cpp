// Ledger rows over HTTP, on SQLite and (api_pg_tests) PostgreSQL: the types
// as the web app reads them, registering with every value checked by its
// field type, coordinates converted to WGS-84, who sees which rows, list
// filters, a boiler's whole workflow with the fields and photos each move
// needs and the parties who may take it, the history, and a task whose
// quantity the ledger counts.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "core/credit_code.h"
#include "io/xlsx_reader.h"
#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class LedgersTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess(true, {"--clock-start", "2017-10-02T09:00:00+08:00"});
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
  }
  static inline ServerProcess* server = nullptr;

  void SetUp() override {
    if (!office) {
      office = server->client_for("office");
      staff = server->client_for("staff");
      wangtun = server->client_for("wangtun");
      huanbao = server->client_for("huanbao");
      viewer = server->client_for("viewer");
      inspector = server->client_for("inspector");
      auto units = office->get("/api/v1/units?per_page=200").obj();
      for (auto& u : units.at("items").as_array()) {
        if (u.at("name").as_string() == "南郊乡") nanjiao = u.at("id").as_int64();
        if (u.at("name").as_string() == "汪屯乡") wangtun_unit = u.at("id").as_int64();
      }
    }
  }

  static json::object boiler_fields(const std::string& owner, const std::string& disposition = "remove") {
    return {{"owner_name", owner},          {"boiler_number", "1号"},
            {"boiler_kind", "boiler"},      {"capacity", 2.5},
            {"fuel", "raw_coal"},           {"use", "heating"},
            {"address", "南郊乡测试路1号"}, {"disposition", disposition},
            {"deadline", "2017-10-31"},     {"responsible_person", "张三"}};
  }
  json::object register_boiler(HttpClient& c, int64_t unit, json::object fields) {
    auto r =
        c.post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", unit}, {"fields", std::move(fields)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj() : json::object{};
  }
  static std::string row_path(int64_t id, const std::string& rest = "") {
    return "/api/v1/ledger-rows/" + std::to_string(id) + rest;
  }
  json::object row(int64_t id) { return office->get(row_path(id)).obj(); }
  int64_t photo(HttpClient& c, int64_t id) {
    auto r = c.request("POST", row_path(id, "/files?filename=现场.png"), make_png(16, 12));
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  HttpResponse act(HttpClient& c, int64_t id, const std::string& action, json::object fields = {},
                   json::array files = {}, const std::string& note = "") {
    json::object b{
        {"version", row(id).at("version")}, {"fields", std::move(fields)}, {"files", std::move(files)}};
    if (!note.empty()) b["note"] = note;
    return c.post_json(row_path(id, "/actions/" + action), b);
  }
  // "field:code" of a 422's first error, or the problem's code.
  static std::string code(const HttpResponse& r) {
    auto o = r.obj();
    if (o.contains("errors") && !o.at("errors").as_array().empty())
      return std::string(o.at("errors").as_array()[0].at("field").as_string()) + ":" +
             std::string(o.at("errors").as_array()[0].at("code").as_string());
    return std::string(o.at("code").as_string());
  }
  static std::set<std::string> fields_in_error(const HttpResponse& r) {
    std::set<std::string> out;
    auto o = r.obj();
    for (auto& e : o.at("errors").as_array()) out.insert(std::string(e.at("field").as_string()));
    return out;
  }
  int64_t total(HttpClient& c, const std::string& query = "") {
    auto r = c.get("/api/v1/ledgers/coal_boilers/rows" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj().at("total").as_int64() : -1;
  }
  // A value of its kind for every required field of a shipped type.
  json::object required_fields(const std::string& type) {
    auto t = office->get("/api/v1/ledger-types/" + type).obj();
    json::object fields;
    for (auto& f : t.at("fields").as_array()) {
      if (!f.at("required").as_bool()) continue;
      std::string name(f.at("name").as_string()), kind(f.at("type").as_string());
      if (kind == "choice")
        fields[name] = f.at("choices").as_array()[0].at("code");
      else if (kind == "date")
        fields[name] = "2017-10-01";
      else if (kind == "integer" || kind == "decimal")
        fields[name] = 1;
      else if (kind == "boolean")
        fields[name] = false;
      else if (kind == "phone")
        fields[name] = "13800000000";
      else if (kind == "credit_code") {
        std::string first17 = "91410205MA3XP" + std::to_string(1000 + ++made_);
        fields[name] = first17 + credit_code_check_character(first17);
      } else {
        fields[name] = "测试" + std::to_string(++made_);  // short and unique (duplicates are refused)
      }
    }
    return fields;
  }
  static inline int made_ = 0;
  static bool has_action(const json::object& row, const std::string& a) {
    for (auto& x : row.at("actions").as_array())
      if (x.as_string() == a) return true;
    return false;
  }

  std::unique_ptr<HttpClient> office, staff, wangtun, huanbao, viewer, inspector;
  int64_t nanjiao = 0, wangtun_unit = 0;
};

TEST_F(LedgersTest, TypesCarryWhatThePagesAreRenderedFrom) {
  auto r = viewer->get("/api/v1/ledger-types");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = r.obj().at("items").as_array();
  EXPECT_EQ(items.size(), 12u);
  auto t = staff->get("/api/v1/ledger-types/coal_boilers").obj();
  EXPECT_EQ(t.at("label").at("zh-CN").as_string(), "燃煤小锅炉淘汰台账");
  EXPECT_TRUE(t.at("can_register").as_bool());
  EXPECT_FALSE(viewer->get("/api/v1/ledger-types/coal_boilers").obj().at("can_register").as_bool());
  EXPECT_EQ(t.at("workflow_definition").at("name").as_string(), "ledger_boilers");
  bool capacity = false;
  for (auto& f : t.at("fields").as_array())
    if (f.at("name").as_string() == "capacity") {
      capacity = true;
      EXPECT_EQ(f.at("type").as_string(), "decimal");
      EXPECT_EQ(f.at("unit").as_string(), "t/h");
    }
  EXPECT_TRUE(capacity);
  EXPECT_FALSE(t.at("list").at("filters").as_array().empty());
  EXPECT_EQ(t.at("counts").as_array()[0].at("quantity").as_string(), "rows");
  auto missing = staff->get("/api/v1/ledger-types/no_such");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(code(missing), "ledger_type_not_found");
}

TEST_F(LedgersTest, RegisteringChecksEveryValueAndChangesNothingWhenRefused) {
  int64_t before = total(*office);
  auto fields = boiler_fields("校验锅炉");
  fields.erase("capacity");
  fields["fuel"] = "木头";
  fields["deadline"] = "2017-13-01";
  fields["credit_code"] = "91410200MA44XB6X3A";  // check character wrong
  fields["colour"] = "red";
  auto r = staff->post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", nanjiao}, {"fields", fields}});
  ASSERT_EQ(r.status, 422) << r.body;
  auto bad = fields_in_error(r);
  for (auto f : {"fields.capacity", "fields.fuel", "fields.deadline", "fields.credit_code", "fields.colour"})
    EXPECT_TRUE(bad.count(f)) << f << " in " << r.body;
  // Another township's unit is outside 南郊乡's staff's scope.
  auto out = staff->post_json("/api/v1/ledgers/coal_boilers/rows",
                              {{"unit_id", wangtun_unit}, {"fields", boiler_fields("越界锅炉")}});
  EXPECT_EQ(out.status, 422) << out.body;
  EXPECT_EQ(code(out), "unit_id:not_in_scope");
  auto list =
      staff->post_json("/api/v1/ledgers/coal_boilers/rows",
                       {{"unit_id", nanjiao}, {"fields", json::object{{"capacity", json::array{1}}}}});
  EXPECT_EQ(list.status, 422) << list.body;
  EXPECT_EQ(total(*office), before);
  // Labels are taken for choices, Chinese dates normalised.
  auto ok = boiler_fields("标签锅炉");
  ok["fuel"] = "型煤";
  ok["deadline"] = "2017年10月31日";
  auto row = register_boiler(*staff, nanjiao, ok);
  EXPECT_EQ(row.at("fields").at("fuel").as_string(), "briquette");
  EXPECT_EQ(row.at("fields").at("deadline").as_string(), "2017-10-31");
  EXPECT_EQ(row.at("status").as_string(), "registered");
  EXPECT_EQ(row.at("title").as_string(), "标签锅炉");
  EXPECT_EQ(total(*office), before + 1);
}

TEST_F(LedgersTest, LocationsAreStoredAsWgs84WhateverDatumTheyCameIn) {
  // WGS-84 (116.404, 39.915) is GCJ-02 (116.410244, 39.916404) (tests/core/geo_test.cpp).
  auto r = staff->post_json(
      "/api/v1/ledgers/coal_boilers/rows",
      {{"unit_id", nanjiao},
       {"fields", boiler_fields("坐标锅炉")},
       {"location", {{"lng", 116.41024449916938}, {"lat", 39.91640428150164}, {"datum", "gcj02"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto loc = r.obj().at("location").as_object();
  EXPECT_NEAR(loc.at("lng").as_double(), 116.404, 1e-6);
  EXPECT_NEAR(loc.at("lat").as_double(), 39.915, 1e-6);
  auto bad =
      staff->post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", nanjiao},
                                                             {"fields", boiler_fields("坐标锅炉2")},
                                                             {"location", {{"lng", 200}, {"lat", 39}}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(code(bad), "location:out_of_range");
  int64_t id = r.obj().at("id").as_int64();
  auto cleared = staff->patch_json(row_path(id), {{"version", row(id).at("version")}, {"location", nullptr}});
  ASSERT_EQ(cleared.status, 200) << cleared.body;
  EXPECT_TRUE(cleared.obj().at("location").is_null());
}

TEST_F(LedgersTest, EachUnitSeesItsOwnRowsTheLeadUnitAndDistrictSeeAll) {
  int64_t mine = register_boiler(*staff, nanjiao, boiler_fields("可见锅炉")).at("id").as_int64();
  EXPECT_EQ(wangtun->get(row_path(mine)).status, 404);
  EXPECT_EQ(viewer->get(row_path(mine)).status, 200);
  EXPECT_EQ(huanbao->get(row_path(mine)).status, 200);  // 区环保局 leads the small-boiler work
  auto ids = [](HttpClient& c) {
    std::set<int64_t> out;
    auto r = c.get("/api/v1/ledgers/coal_boilers/rows?per_page=200");
    EXPECT_EQ(r.status, 200) << r.body;
    auto o = r.obj();
    for (auto& x : o.at("items").as_array()) out.insert(x.at("id").as_int64());
    return out;
  };
  EXPECT_FALSE(ids(*wangtun).count(mine));
  EXPECT_TRUE(ids(*huanbao).count(mine));
  EXPECT_TRUE(ids(*staff).count(mine));
  // wangtun asking for 南郊乡's rows by unit is refused, not answered empty.
  auto r = wangtun->get("/api/v1/ledgers/coal_boilers/rows?unit_id=" + std::to_string(nanjiao));
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(code(r), "not_in_scope");
  EXPECT_EQ(wangtun->patch_json(row_path(mine), {{"version", 1}, {"fields", {{"remarks", "x"}}}}).status,
            404);
}

TEST_F(LedgersTest, ListsFilterByTheTypesFilterFields) {
  int64_t gas = register_boiler(*staff, nanjiao, boiler_fields("改气锅炉", "gas")).at("id").as_int64();
  int64_t removed = register_boiler(*staff, nanjiao, boiler_fields("拆除锅炉", "remove")).at("id").as_int64();
  auto ids = [&](const std::string& q) {
    std::set<int64_t> out;
    auto r = office->get("/api/v1/ledgers/coal_boilers/rows?per_page=200" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    auto o = r.obj();
    for (auto& x : o.at("items").as_array()) out.insert(x.at("id").as_int64());
    return out;
  };
  auto g = ids("&f.disposition=gas");
  EXPECT_TRUE(g.count(gas));
  EXPECT_FALSE(g.count(removed));
  auto by_label = ids("&f.disposition=%E7%85%A4%E6%94%B9%E6%B0%94");  // 煤改气
  EXPECT_EQ(by_label, g);
  EXPECT_TRUE(ids("&status=registered&unit_id=" + std::to_string(nanjiao)).count(gas));
  EXPECT_FALSE(ids("&status=verified").count(gas));
  auto r = office->get("/api/v1/ledgers/coal_boilers/rows?f.owner_name=x");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(code(r), "query_not_filterable");
  r = office->get("/api/v1/ledgers/coal_boilers/rows?f.disposition=burn");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(code(r), "query_unknown_value");
  r = office->get("/api/v1/ledgers/coal_boilers/rows?status=lit");
  EXPECT_EQ(r.status, 400) << r.body;
  // Keyset pages walk every row once.
  std::set<int64_t> seen;
  std::string after;
  for (int guard = 0; guard < 100; ++guard) {
    auto p =
        office->get("/api/v1/ledgers/coal_boilers/rows?per_page=2" + (after.empty() ? "" : "&after=" + after))
            .obj();
    for (auto& x : p.at("items").as_array()) EXPECT_TRUE(seen.insert(x.at("id").as_int64()).second);
    if (!p.contains("next_cursor")) break;
    after = std::string(p.at("next_cursor").as_string());
  }
  EXPECT_EQ(int64_t(seen.size()), total(*office));
}

// The list writes each row straight from the stored fields (app/ledger_views.h
// write_ledger_row_json); the row's own page builds it as a DOM. A listed row
// is the row its page shows, less the files.
TEST_F(LedgersTest, AListedRowIsTheRowItsPageShows) {
  auto fields = boiler_fields("引号\"锅炉\"\\反斜杠 😀", "gas");
  fields["remarks"] = "两行\n第二行\t</script>";
  fields["capacity"] = 0.35;
  fields["in_built_up_area"] = true;
  fields["contact_phone"] = "13800138000";
  auto r = staff->post_json(
      "/api/v1/ledgers/coal_boilers/rows",
      {{"unit_id", nanjiao}, {"fields", fields}, {"location", {{"lng", 114.34123456789}, {"lat", 34.79}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t located = r.obj().at("id").as_int64();
  int64_t plain = register_boiler(*staff, nanjiao, boiler_fields("普通锅炉")).at("id").as_int64();
  for (auto* c : {staff.get(), office.get()}) {
    auto page = c->get("/api/v1/ledgers/coal_boilers/rows?per_page=200&unit_id=" + std::to_string(nanjiao));
    ASSERT_EQ(page.status, 200) << page.body;
    int found = 0;
    auto listed = page.obj();
    for (auto& item : listed.at("items").as_array()) {
      int64_t id = item.at("id").as_int64();
      if (id != located && id != plain) continue;
      ++found;
      json::object shown = c->get(row_path(id)).obj();
      shown.erase("files");
      EXPECT_EQ(item.as_object(), shown) << id;
    }
    EXPECT_EQ(found, 2);
  }
}

TEST_F(LedgersTest, ABoilerMovesWithTheFieldsPhotosAndPartiesEachStepNeeds) {
  auto b = register_boiler(*staff, nanjiao, boiler_fields("流程锅炉"));
  int64_t id = b.at("id").as_int64();
  EXPECT_TRUE(has_action(b, "stop"));
  EXPECT_TRUE(has_action(b, "edit"));
  EXPECT_FALSE(has_action(huanbao->get(row_path(id)).obj(), "stop"));
  // stop: needs stop_date and a photo.
  auto r = act(*staff, id, "stop");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "fields.stop_date:required");
  r = act(*staff, id, "stop", {{"stop_date", "2017-10-08"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "evidence:required");
  EXPECT_EQ(row(id).at("status").as_string(), "registered");  // refused moves change nothing
  EXPECT_FALSE(row(id).at("fields").as_object().contains("stop_date"));
  int64_t p1 = photo(*staff, id);
  EXPECT_EQ(act(*office, id, "stop", {{"stop_date", "2017-10-08"}}, {p1}).status, 403);  // not the owner
  r = act(*staff, id, "stop", {{"stop_date", "2017-10-08"}}, {p1});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "stopped");
  EXPECT_EQ(r.obj().at("fields").at("stop_date").as_string(), "2017-10-08");
  // A photo filed with one move is not evidence for another.
  r = act(*staff, id, "report_removed", {{"removal_date", "2017-10-20"}}, {p1});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "files:evidence_not_of_record");
  int64_t p2 = photo(*staff, id);
  r = act(*staff, id, "report_removed", {{"removal_date", "2017-10-20"}}, {p2});
  ASSERT_EQ(r.status, 200) << r.body;
  // verify: the lead unit (区环保局), the office or a district verifier; not the township.
  int64_t p3 = photo(*huanbao, id);
  EXPECT_EQ(act(*staff, id, "verify", {{"verification_date", "2017-10-25"}}, {p3}).status, 403);
  EXPECT_EQ(act(*viewer, id, "verify", {{"verification_date", "2017-10-25"}}, {p3}).status, 403);
  r = act(*huanbao, id, "return", {}, {}, "");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "note:note_required");
  r = act(*huanbao, id, "verify", {{"verification_date", "2017-10-25"}}, {p3});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "verified");
  // Verified is frozen: no edits, no actions of the township.
  auto v = row(id);
  EXPECT_FALSE(has_action(staff->get(row_path(id)).obj(), "edit"));
  auto e = staff->patch_json(row_path(id), {{"version", v.at("version")}, {"fields", {{"remarks", "改"}}}});
  EXPECT_EQ(e.status, 409) << e.body;
  EXPECT_EQ(code(e), "ledger_row_frozen");
  // The inspector finds it lit again.
  int64_t p4 = photo(*inspector, id);
  r = act(*inspector, id, "find_rebound", {}, {p4}, "回头看发现复燃");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "rebound");
  // The history, with the photos of each move.
  auto ev = viewer->get(row_path(id, "/events"));
  ASSERT_EQ(ev.status, 200) << ev.body;
  std::vector<std::string> moves;
  auto evo = ev.obj();
  for (auto& x : evo.at("items").as_array()) moves.push_back(std::string(x.at("action").as_string()));
  EXPECT_EQ(moves, (std::vector<std::string>{"create", "stop", "report_removed", "verify", "find_rebound"}));
  EXPECT_EQ(evo.at("items").as_array()[1].at("evidence").as_array()[0].as_int64(), p1);
  auto files = row(id).at("files").as_array();
  ASSERT_EQ(files.size(), 4u);
  EXPECT_EQ(files[0].at("kind").as_string(), "photo");
  EXPECT_FALSE(files[0].at("event_id").is_null());
  auto dl = wangtun->get(std::string(files[0].at("url").as_string()));
  EXPECT_EQ(dl.status, 404);
  dl = viewer->get(std::string(files[0].at("url").as_string()));
  EXPECT_EQ(dl.status, 200);
  EXPECT_EQ(dl.header("content-type"), "image/png");
}

TEST_F(LedgersTest, StaleVersionsAndUnknownActionsAreRefused) {
  int64_t id = register_boiler(*staff, nanjiao, boiler_fields("并发锅炉")).at("id").as_int64();
  auto r = staff->patch_json(row_path(id), {{"version", 99}, {"fields", {{"remarks", "x"}}}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code(r), "stale_version");
  r = act(*staff, id, "explode");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "action:unknown_workflow_action");
  r = act(*staff, id, "verify");
  EXPECT_EQ(r.status, 403) << r.body;
  r = staff->patch_json(row_path(id), {{"fields", {{"remarks", "x"}}}});
  EXPECT_EQ(r.status, 422) << r.body;
}

TEST_F(LedgersTest, ATaskCountsTheRowsOfItsLedgerAndSaysWhichRowsMadeIt) {
  // A 南郊乡 task to remove 2 boilers, counted from the boiler ledger.
  auto campaigns = office->get("/api/v1/campaigns").obj().at("items").as_array();
  int64_t campaign = campaigns[0].at("id").as_int64();
  auto t = office->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                               {"title", "南郊乡淘汰燃煤锅炉（台账计数）"},
                                               {"owner_unit_id", nanjiao},
                                               {"deadline", "2017-10-31"},
                                               {"measure_unit", "台"},
                                               {"target_value", 2}});
  ASSERT_EQ(t.status, 201) << t.body;
  int64_t task = t.obj().at("id").as_int64();
  std::string link = "/api/v1/tasks/" + std::to_string(task) + "/ledger-count";
  EXPECT_EQ(staff->request("PUT", link, R"({"ledger_type":"coal_boilers"})").status, 403);
  auto bad = office->request("PUT", link, R"({"ledger_type":"coal_boilers","count_index":7})");
  EXPECT_EQ(bad.status, 422) << bad.body;
  auto l = office->request("PUT", link, R"({"ledger_type":"coal_boilers","count_index":0})");
  ASSERT_EQ(l.status, 200) << l.body;
  double start = l.obj().at("ledger_count").at("counted").as_double();
  // One boiler through to verified.
  int64_t id = register_boiler(*staff, nanjiao, boiler_fields("计数锅炉")).at("id").as_int64();
  ASSERT_EQ(act(*staff, id, "report_removed", {{"removal_date", "2017-10-20"}}, {photo(*staff, id)}).status,
            200);
  auto achieved = [&] {
    return office->get("/api/v1/tasks/" + std::to_string(task)).obj().at("achieved_value").as_double();
  };
  EXPECT_EQ(achieved(), start);  // removed is not yet counted
  ASSERT_EQ(act(*huanbao, id, "verify", {{"verification_date", "2017-10-25"}}, {photo(*huanbao, id)}).status,
            200);
  EXPECT_EQ(achieved(), start + 1);
  auto reports =
      office->get("/api/v1/tasks/" + std::to_string(task) + "/reports").obj().at("items").as_array();
  ASSERT_FALSE(reports.empty());
  std::string narrative(reports[0].at("narrative").as_string());
  EXPECT_NE(narrative.find("#" + std::to_string(id) + " 计数锅炉"), std::string::npos) << narrative;
  // A rebound takes it off again.
  ASSERT_EQ(act(*inspector, id, "find_rebound", {}, {photo(*inspector, id)}, "复燃").status, 200);
  EXPECT_EQ(achieved(), start);
  auto got = viewer->get(link).obj();
  EXPECT_EQ(got.at("ledger_count").at("ledger_type").as_string(), "coal_boilers");
  EXPECT_EQ(office->request("DELETE", link).status, 200);
  EXPECT_TRUE(viewer->get(link).obj().at("ledger_count").is_null());
}

TEST_F(LedgersTest, TheMapDrawsTheBoundaryAndTheLocatedRowsOneSees) {
  auto cfg = viewer->get("/api/v1/map/config");
  ASSERT_EQ(cfg.status, 200) << cfg.body;
  auto c = cfg.obj();
  EXPECT_TRUE(c.at("tiles").is_null());  // no tile layer configured: the boundary alone
  EXPECT_EQ(c.at("datum").as_string(), "wgs84");
  auto features = c.at("boundary").at("features").as_array();
  ASSERT_EQ(features.size(), 1u);
  EXPECT_EQ(features[0].at("properties").at("name").as_string(), "禹王台区");
  // The centre lies in 禹王台区 (east of Kaifeng's old city), in WGS-84.
  EXPECT_NEAR(c.at("center").at("lng").as_double(), 114.37, 0.06);
  EXPECT_NEAR(c.at("center").at("lat").as_double(), 34.77, 0.06);
  auto located = staff->post_json("/api/v1/ledgers/coal_boilers/rows",
                                  {{"unit_id", nanjiao},
                                   {"fields", boiler_fields("地图锅炉")},
                                   {"location", {{"lng", 114.3712}, {"lat", 34.7853}}}});
  ASSERT_EQ(located.status, 201) << located.body;
  int64_t id = located.obj().at("id").as_int64();
  auto find = [&](HttpClient& cl, const std::string& q) -> json::object {
    auto r = cl.get("/api/v1/map/points?layers=coal_boilers,gas_stations" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    auto o = r.obj();
    for (auto& p : o.at("items").as_array())
      if (p.at("id").as_int64() == id) return p.as_object();
    return {};
  };
  auto p = find(*staff, "");
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p.at("layer").as_string(), "coal_boilers");
  EXPECT_EQ(p.at("status").as_string(), "registered");
  EXPECT_NEAR(p.at("lng").as_double(), 114.3712, 1e-6);
  EXPECT_TRUE(find(*wangtun, "").empty());
  EXPECT_FALSE(find(*huanbao, "").empty());
  EXPECT_TRUE(find(*office, "&status=verified").empty());
  EXPECT_FALSE(find(*office, "&status=registered").empty());
  EXPECT_EQ(office->get("/api/v1/map/points").status, 400);
  EXPECT_EQ(office->get("/api/v1/map/points?layers=nope").status, 404);
  EXPECT_EQ(office->get("/api/v1/map/points?layers=coal_boilers&status=lit").status, 400);
}

// 散乱污 分类处置: after 先停后治 a row takes the path of its disposition — the
// workflow's guards on the row's field — and an edit of the disposition
// changes the path.
TEST_F(LedgersTest, AScatteredEnterpriseTakesThePathOfItsDisposition) {
  json::object fields = required_fields("scattered_enterprises");
  fields["disposition"] = "relocate";
  auto r = staff->post_json("/api/v1/ledgers/scattered_enterprises/rows",
                            {{"unit_id", nanjiao}, {"fields", fields}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.obj().at("id").as_int64();
  ASSERT_EQ(act(*staff, id, "stop_production", {{"stop_date", "2017-10-03"}}, {photo(*staff, id)}).status,
            200);
  auto now = staff->get(row_path(id)).obj();
  EXPECT_TRUE(has_action(now, "start_relocation"));
  EXPECT_FALSE(has_action(now, "cut_water"));
  EXPECT_FALSE(has_action(now, "start_upgrade"));
  auto refused = act(*staff, id, "cut_water", {{"water_cut_date", "2017-10-04"}}, {photo(*staff, id)});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(code(refused), "guard_failed");
  EXPECT_EQ(row(id).at("status").as_string(), "stopped");
  // The township decides to ban it after all: the ban path opens.
  auto edited = staff->patch_json(row_path(id),
                                  {{"version", row(id).at("version")}, {"fields", {{"disposition", "ban"}}}});
  ASSERT_EQ(edited.status, 200) << edited.body;
  now = staff->get(row_path(id)).obj();
  EXPECT_TRUE(has_action(now, "cut_water"));
  EXPECT_FALSE(has_action(now, "start_relocation"));
  EXPECT_EQ(act(*staff, id, "cut_water", {{"water_cut_date", "2017-10-04"}}, {photo(*staff, id)}).status,
            200);
}

// 散煤清零 must be answered yes before a household counts as connected: the
// button is there (the form asks), "no" is refused and changes nothing.
TEST_F(LedgersTest, AHouseholdIsConnectedOnlyWithItsLooseCoalCleared) {
  auto r = staff->post_json("/api/v1/ledgers/clean_heating_households/rows",
                            {{"unit_id", nanjiao}, {"fields", required_fields("clean_heating_households")}});
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t id = r.obj().at("id").as_int64();
  ASSERT_EQ(act(*staff, id, "install", {{"installation_date", "2017-11-20"}}, {photo(*staff, id)}).status,
            200);
  EXPECT_TRUE(has_action(staff->get(row_path(id)).obj(), "connect"));
  auto refused = act(*staff, id, "connect",
                     {{"connection_date", "2017-12-01"}, {"loose_coal_cleared", false}}, {photo(*staff, id)});
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_EQ(code(refused), "guard_failed");
  EXPECT_EQ(row(id).at("status").as_string(), "installed");
  auto kept = row(id).at("fields").as_object();  // nothing kept of the refused move
  EXPECT_TRUE(!kept.contains("loose_coal_cleared") || kept.at("loose_coal_cleared").is_null());
  EXPECT_FALSE(kept.contains("connection_date") && !kept.at("connection_date").is_null());
  EXPECT_EQ(act(*staff, id, "connect", {{"connection_date", "2017-12-01"}, {"loose_coal_cleared", true}},
                {photo(*staff, id)})
                .status,
            200);
  EXPECT_EQ(row(id).at("status").as_string(), "connected");
}

// A date filter takes a range of days, either side open (许可证本月到期).
TEST_F(LedgersTest, ADateFilterTakesARangeOfDays) {
  std::vector<int64_t> ids;
  for (const char* until : {"2017-10-15", "2017-12-31"}) {
    json::object fields = required_fields("emission_permits");
    fields["valid_until"] = until;
    auto r =
        staff->post_json("/api/v1/ledgers/emission_permits/rows", {{"unit_id", nanjiao}, {"fields", fields}});
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(r.obj().at("id").as_int64());
  }
  auto found = [&](const std::string& range) {
    std::vector<int64_t> out;
    auto r = staff->get("/api/v1/ledgers/emission_permits/rows?per_page=200&f.valid_until=" + range);
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return out;
    auto o = r.obj();
    for (auto& x : o.at("items").as_array())
      if (std::find(ids.begin(), ids.end(), x.at("id").as_int64()) != ids.end())
        out.push_back(x.at("id").as_int64());
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(found("2017-10-01..2017-10-31"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("2017-11-01.."), std::vector<int64_t>{ids[1]});
  EXPECT_EQ(found("..2017-12-31"), ids);
  EXPECT_EQ(found("2017-10-15..2017-10-15"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("2017-12-31"), std::vector<int64_t>{ids[1]});
  for (const char* bad : {"..", "2017-10-31..2017-10-01", "2017-13-01..", "soon..later"}) {
    auto r = staff->get(std::string("/api/v1/ledgers/emission_permits/rows?f.valid_until=") + bad);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(code(r), "query_unknown_value") << bad;
  }
  // A range is no value of a choice.
  EXPECT_EQ(staff->get("/api/v1/ledgers/coal_boilers/rows?f.disposition=gas..remove").status, 400);
}

// Adding a field is a change of the definition file alone: a deployment's
// copy of coal_boilers.toml with a chimney height (in [ledgers] dir, here
// LANTIAN_LEDGERS_DIR) shows it in the API, the export and the import.
TEST(LedgerDefinitions, AFieldAddedToACopyOfADefinitionReachesTheApiTheExportAndTheImport) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("lantian-ledgers-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  std::ifstream in(std::string(LANTIAN_SOURCE_DIR) + "/resources/ledgers/coal_boilers.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(text.empty());
  // The field, and its column at the end of the Excel layout.
  auto excel = text.find("\n[excel]");
  ASSERT_NE(excel, std::string::npos);
  text.insert(excel,
              "\n[[fields]]\nname = \"chimney_height\"\nlabel = { zh-CN = \"烟囱高度\", en = \"Chimney "
              "height\" }\ntype = \"decimal\"\nunit = \"m\"\nmin = 0\nmax = 200\n");
  auto cols = text.find("\"status\", \"remarks\"]", excel);
  ASSERT_NE(cols, std::string::npos) << "the shipped layout changed; update this test";
  text.replace(cols, std::string("\"status\", \"remarks\"]").size(),
               "\"status\", \"remarks\", \"chimney_height\"]");
  std::ofstream(dir / "coal_boilers.toml") << text;
  ::setenv("LANTIAN_LEDGERS_DIR", dir.string().c_str(), 1);
  ServerProcess server(true, {"--clock-start", "2017-10-02T09:00:00+08:00"});
  ::unsetenv("LANTIAN_LEDGERS_DIR");
  auto staff = server.client_for("staff");
  auto type = staff->get("/api/v1/ledger-types/coal_boilers").obj();
  bool declared = false;
  for (auto& f : type.at("fields").as_array())
    if (f.at("name").as_string() == "chimney_height") declared = f.at("unit").as_string() == "m";
  EXPECT_TRUE(declared);
  auto units = staff->get("/api/v1/units?per_page=200").obj();
  int64_t nanjiao = 0;
  for (auto& u : units.at("items").as_array())
    if (u.at("name").as_string() == "南郊乡") nanjiao = u.at("id").as_int64();
  json::object fields{{"owner_name", "烟囱测试户"}, {"boiler_number", "1号"},
                      {"boiler_kind", "boiler"},    {"capacity", 1},
                      {"fuel", "raw_coal"},         {"use", "heating"},
                      {"address", "测试路"},        {"disposition", "remove"},
                      {"deadline", "2017-10-31"},   {"responsible_person", "张三"},
                      {"chimney_height", 300}};
  auto bad =
      staff->post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", nanjiao}, {"fields", fields}});
  EXPECT_EQ(bad.status, 422) << bad.body;  // its bounds hold
  fields["chimney_height"] = 18.5;
  auto r = staff->post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", nanjiao}, {"fields", fields}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.obj().at("fields").at("chimney_height").as_double(), 18.5);
  // The export has the column (last), and an import reads it back.
  auto x = staff->get("/api/v1/ledgers/coal_boilers/export.xlsx");
  ASSERT_EQ(x.status, 200);
  auto sheet = io::read_sheet(x.body);
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->cell(0, sheet->cols - 1).as_text(), "烟囱高度");
  std::string csv =
      "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人,烟囱高度\n"
      "南郊乡,烟囱导入户,1号,燃煤锅炉,1,型煤,供暖,测试路,拆除,2017-10-31,李四,22\n";
  auto imp = staff->request("POST", "/api/v1/ledgers/coal_boilers/import?filename=a.csv", csv);
  ASSERT_EQ(imp.status, 200) << imp.body;
  EXPECT_TRUE(imp.obj().at("report").at("written").as_bool()) << imp.body;
  auto list = staff->get("/api/v1/ledgers/coal_boilers/rows?per_page=200").obj();
  bool found = false;
  for (auto& row : list.at("items").as_array())
    if (row.at("title").as_string() == "烟囱导入户")
      found = row.at("fields").at("chimney_height").as_double() == 22;
  EXPECT_TRUE(found);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace lantian::test
