// Field inspections over HTTP, on SQLite and (api_pg_tests) PostgreSQL: a
// construction site checked against the six 100 % rules with photos and the
// signature of the person met, every item required once, a failed item
// asking for a supervision problem, a resubmission from a phone finding the
// record it made, and who sees which inspections.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class InspectionsTest : public ::testing::Test {
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
      inspector = server->client_for("inspector");
      auto units = office->get("/api/v1/units?per_page=200").obj();
      for (auto& u : units.at("items").as_array())
        if (u.at("name").as_string() == "南郊乡") nanjiao = u.at("id").as_int64();
    }
  }

  int64_t site() {
    auto t = office->get("/api/v1/ledger-types/construction_sites").obj();
    json::object fields;
    // Every required field of the shipped type, with a value of its kind.
    for (auto& f : t.at("fields").as_array()) {
      if (!f.at("required").as_bool()) continue;
      std::string name(f.at("name").as_string()), type(f.at("type").as_string());
      if (type == "choice")
        fields[name] = f.at("choices").as_array()[0].at("code");
      else if (type == "date")
        fields[name] = "2017-10-01";
      else if (type == "integer" || type == "decimal")
        fields[name] = 1;
      else if (type == "boolean")
        fields[name] = true;
      else if (type == "phone")
        fields[name] = "13800000000";
      else
        fields[name] = "检查测试工地-" + name;
    }
    auto r = staff->post_json("/api/v1/ledgers/construction_sites/rows",
                              {{"unit_id", nanjiao}, {"fields", fields}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  static json::object body(int64_t row, const std::string& failing = "") {
    json::array items;
    for (const char* code : {"fencing", "covering", "vehicle_washing", "ground_hardening", "wet_demolition",
                             "covered_transport"}) {
      json::object it{{"code", code}, {"result", code == failing ? "fail" : "pass"}};
      if (code == failing) {
        it["note"] = "西侧围挡缺口约20米";
        it["open_problem"] = true;
      }
      items.push_back(std::move(it));
    }
    return {{"checklist", "construction_six"},
            {"ledger_row_id", row},
            {"person_met", "工地负责人王某"},
            {"location", {{"lng", 114.3712}, {"lat", 34.7853}}},
            {"items", std::move(items)}};
  }
  static std::string code(const HttpResponse& r) {
    auto o = r.obj();
    if (o.contains("errors") && !o.at("errors").as_array().empty())
      return std::string(o.at("errors").as_array()[0].at("field").as_string()) + ":" +
             std::string(o.at("errors").as_array()[0].at("code").as_string());
    return std::string(o.at("code").as_string());
  }

  std::unique_ptr<HttpClient> office, staff, wangtun, inspector;
  int64_t nanjiao = 0;
};

TEST_F(InspectionsTest, AnInspectorChecksASiteWithPhotosAndASignature) {
  auto lists = staff->get("/api/v1/checklists?target=construction_sites").obj().at("items").as_array();
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0].at("items").as_array().size(), 6u);
  int64_t row = site();
  auto b = body(row, "fencing");
  b["client_key"] = "phone-1-abc";
  auto r = inspector->post_json("/api/v1/inspections", b);
  ASSERT_EQ(r.status, 201) << r.body;
  auto i = r.obj();
  int64_t id = i.at("id").as_int64();
  EXPECT_EQ(i.at("result").as_string(), "fail");
  EXPECT_EQ(i.at("unit").at("name").as_string(), "南郊乡");
  bool asked = false;
  int64_t problem = 0;
  for (auto& it : i.at("items").as_array()) {
    if (it.at("code").as_string() == "fencing") {
      asked = it.at("open_problem").as_bool();
      problem = it.at("problem_id").is_null() ? 0 : it.at("problem_id").as_int64();
    } else {
      EXPECT_TRUE(it.at("problem_id").is_null());
    }
  }
  EXPECT_TRUE(asked);
  // The failed item opened a supervision problem, linked both ways.
  ASSERT_NE(problem, 0) << r.body;
  auto p = office->get("/api/v1/problems/" + std::to_string(problem)).obj();
  EXPECT_EQ(p.at("source").as_string(), "inspection");
  EXPECT_EQ(p.at("problem_type").as_string(), "construction_dust");
  EXPECT_EQ(p.at("status").as_string(), "registered");
  EXPECT_EQ(p.at("inspection_id").as_int64(), id);
  EXPECT_EQ(p.at("ledger_row_id").as_int64(), row);
  EXPECT_EQ(p.at("description").as_string(), "西侧围挡缺口约20米");
  // The phone lost the answer and sends again: the same record, not a second one
  // (and no second problem).
  auto opened = [&] {
    return office->get("/api/v1/problems?source=inspection").obj().at("total").as_int64();
  };
  const int64_t before = opened();
  auto again = inspector->post_json("/api/v1/inspections", b);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.obj().at("id").as_int64(), id);
  EXPECT_EQ(opened(), before);
  std::string files = "/api/v1/inspections/" + std::to_string(id) + "/files";
  auto photo = inspector->request("POST", files + "?filename=围挡.png", make_png(20, 10));
  ASSERT_EQ(photo.status, 201) << photo.body;
  EXPECT_EQ(photo.obj().at("kind").as_string(), "photo");
  auto sig = inspector->request("POST", files + "?filename=签字.png&kind=signature", make_png(30, 10));
  ASSERT_EQ(sig.status, 201) << sig.body;
  EXPECT_EQ(sig.obj().at("kind").as_string(), "signature");
  EXPECT_EQ(office->request("POST", files + "?filename=x.png", make_png(4, 4)).status,
            403);  // not its inspector
  auto got = staff->get("/api/v1/inspections/" + std::to_string(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_EQ(got.obj().at("files").as_array().size(), 2u);
  EXPECT_EQ(got.obj().at("person_met").as_string(), "工地负责人王某");
  // Its photo downloads for who sees the inspection.
  std::string url(got.obj().at("files").as_array()[0].at("url").as_string());
  EXPECT_EQ(staff->get(url).status, 200);
  EXPECT_EQ(wangtun->get(url).status, 404);
  EXPECT_EQ(wangtun->get("/api/v1/inspections/" + std::to_string(id)).status, 404);
  // Listed with the row.
  auto list = staff->get("/api/v1/inspections?ledger_row_id=" + std::to_string(row)).obj();
  EXPECT_EQ(list.at("total").as_int64(), 1);
  EXPECT_EQ(
      wangtun->get("/api/v1/inspections?ledger_row_id=" + std::to_string(row)).obj().at("total").as_int64(),
      0);
}

TEST_F(InspectionsTest, EveryItemOnceAndTheRightChecklistForThePlace) {
  int64_t row = site();
  auto b = body(row);
  b["items"].as_array().pop_back();  // covered_transport missing
  auto r = inspector->post_json("/api/v1/inspections", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "items[covered_transport]:required");
  b = body(row, "covering");
  for (auto& it : b["items"].as_array())
    if (it.at("code").as_string() == "covering") it.as_object().erase("note");
  r = inspector->post_json("/api/v1/inspections", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "items[covering].note:required");  // a failure says what was wrong
  b = body(row);
  b["checklist"] = "vapour_recovery";
  r = inspector->post_json("/api/v1/inspections", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "items[fencing]:unknown_field");
  b = body(row);
  b["enterprise_id"] = 1;
  r = inspector->post_json("/api/v1/inspections", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "target:one_of");
  b = body(row);
  b["inspected_at"] = "2030-01-01T00:00:00Z";
  r = inspector->post_json("/api/v1/inspections", b);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "inspected_at:date_in_future");
  EXPECT_EQ(staff->post_json("/api/v1/inspections", body(row)).status, 403);  // townships do not inspect
  auto ok = inspector->post_json("/api/v1/inspections", body(row));
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.obj().at("result").as_string(), "pass");
}

// The map (一张图) has the registry's enterprises and the inspections as
// layers beside the ledgers, with their statuses and colours in the config,
// each located record in the reader's scope (an inspector sees every
// inspection), filtered by the statuses of the layers that have them.
TEST_F(InspectionsTest, TheMapShowsEnterprisesAndInspectionsWhereTheReaderSeesThem) {
  auto cfg = staff->get("/api/v1/map/config");
  ASSERT_EQ(cfg.status, 200) << cfg.body;
  std::map<std::string, json::object> layers;
  auto config = cfg.obj();
  for (auto& l : config.at("layers").as_array())
    layers[std::string(l.at("name").as_string())] = l.as_object();
  ASSERT_TRUE(layers.count("enterprises") && layers.count("inspections") && layers.count("coal_boilers"));
  EXPECT_EQ(layers["coal_boilers"].at("kind").as_string(), "ledger");
  EXPECT_EQ(layers["inspections"].at("statuses").as_array()[1].at("code").as_string(), "fail");
  EXPECT_EQ(layers["inspections"].at("statuses").as_array()[1].at("label").at("zh-CN").as_string(), "不合格");
  EXPECT_EQ(layers["enterprises"].at("statuses").as_array()[0].at("code").as_string(), "operating");
  EXPECT_EQ(layers["enterprises"].at("statuses").as_array()[0].at("color").as_string(), "#67c23a");

  auto e = staff->post_json("/api/v1/enterprises", {{"name", "南郊乡地图测试铸造厂"},
                                                    {"unit_id", nanjiao},
                                                    {"location", {{"lng", 114.3801}, {"lat", 34.7702}}}});
  ASSERT_EQ(e.status, 201) << e.body;
  int64_t enterprise = e.obj().at("id").as_int64();
  auto r = inspector->post_json("/api/v1/inspections", body(site(), "covering"));
  ASSERT_EQ(r.status, 201) << r.body;
  int64_t inspection = r.obj().at("id").as_int64();

  // What `c` sees of the two, as "layer:id:status".
  auto seen = [&](HttpClient& c, const std::string& q) {
    std::set<std::string> out;
    auto got = c.get("/api/v1/map/points?layers=enterprises,inspections" + q);
    EXPECT_EQ(got.status, 200) << got.body;
    if (got.status != 200) return out;
    auto o = got.obj();
    for (auto& p : o.at("items").as_array()) {
      int64_t id = p.at("id").as_int64();
      std::string layer(p.at("layer").as_string());
      if ((layer == "enterprises" && id == enterprise) || (layer == "inspections" && id == inspection))
        out.insert(layer + ":" + std::to_string(id) + ":" + std::string(p.at("status").as_string()));
    }
    return out;
  };
  const std::string ent = "enterprises:" + std::to_string(enterprise) + ":operating";
  const std::string ins = "inspections:" + std::to_string(inspection) + ":fail";
  EXPECT_EQ(seen(*staff, ""), (std::set<std::string>{ent, ins}));
  EXPECT_EQ(seen(*wangtun, ""), std::set<std::string>{});
  EXPECT_EQ(seen(*inspector, ""), (std::set<std::string>{ent, ins}));
  // A status counts for the layers that have it.
  EXPECT_EQ(seen(*staff, "&status=fail"), std::set<std::string>{ins});
  EXPECT_EQ(seen(*staff, "&status=operating,pass"), std::set<std::string>{ent});
  EXPECT_EQ(staff->get("/api/v1/map/points?layers=enterprises&status=fail").status, 400);
  EXPECT_EQ(staff->get("/api/v1/map/points?layers=enterprises,nope").status, 404);
  // The marker names the inspected site.
  auto got = staff->get("/api/v1/map/points?layers=inspections&status=fail").obj();
  bool titled = false;
  for (auto& p : got.at("items").as_array())
    if (p.at("id").as_int64() == inspection)
      titled = std::string(p.at("title").as_string()).starts_with("检查测试工地-");
  EXPECT_TRUE(titled);
}

}  // namespace
}  // namespace lantian::test
