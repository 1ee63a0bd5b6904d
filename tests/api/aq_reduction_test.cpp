// The emergency reduction list's reductions over HTTP
// (GET /api/v1/aq/reduction-plan, app/reduction_service.h), on SQLite and
// (api_pg_tests) PostgreSQL: rows registered and taken onto the list through
// the ledger API, and the numbers they make at each level worked by hand — a
// level met exactly, one short, a stop counting 100 %, a row off the list
// left out, a row without baselines named and not counted; the district's
// inventory ([reduction] in lantian.toml) as the basis of the whole
// district's list only; the reader's scope.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

class ReductionPlanApiTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() {
    dir = new fs::path(make_temp_dir("lantian-reduction"));
    // SO2 has an inventory; the other pollutants are measured by the list.
    std::ofstream(*dir / "lantian.toml") << "[reduction]\ninventory_so2 = 1000\n";
    start_server(
        {"--clock-start", "2017-12-20T09:00:00+08:00", "--config", (*dir / "lantian.toml").string()});
  }
  static void TearDownTestSuite() {
    DemoSuite::TearDownTestSuite();
    std::error_code ec;
    fs::remove_all(*dir, ec);
    delete dir;
  }
  void SetUp() override {
    if (!log_in()) return;
    // A village of its own, so the demo's listed sources stay out of the sums.
    json::object unit{{"name", "减排核算测试村"}, {"kind", "village"}, {"parent_id", unit_id("南郊乡")}};
    auto r = admin->post_json("/api/v1/units", unit);
    ASSERT_EQ(r.status, 201) << r.body;
    village = r.obj().at("id").as_int64();

    // 20 t/d SO2 stopped at red, half its production at orange, a quarter at yellow.
    kiln = listed("砖瓦窑A", {{"baseline_so2", 20},
                              {"baseline_nox", 5},
                              {"baseline_pm", 1},
                              {"baseline_vocs", 0},
                              {"red_measure", "stop_lines"},
                              {"orange_measure", "cut_production"},
                              {"orange_cut", 50},
                              {"yellow_measure", "cut_production"},
                              {"yellow_cut", 25}});
    // 80 t/d SO2 cut 12.5 % at red and orange, 5 % at yellow.
    foundry = listed("铸造厂B", {{"baseline_so2", 80},
                                 {"baseline_nox", 15},
                                 {"baseline_pm", 2},
                                 {"baseline_vocs", 0},
                                 {"red_measure", "cut_production"},
                                 {"red_cut", 12.5},
                                 {"orange_measure", "other"},
                                 {"orange_cut", 12.5},
                                 {"yellow_measure", "cut_production"},
                                 {"yellow_cut", 5}});
    // On the list without any baseline: it cannot count.
    unknown = listed("未核定源C", {{"red_measure", "stop_earthwork"},
                                   {"orange_measure", "stop_earthwork"},
                                   {"yellow_measure", "stop_earthwork"}});
    // Still drafting: not on the list, however much it emits.
    drafting = registered("待制定D", {{"baseline_so2", 500}, {"red_measure", "stop_lines"}});
  }

  static int64_t registered(const std::string& name, json::object fields) {
    fields["source_name"] = name;
    fields["source_type"] = "industrial";
    fields["address"] = "南郊乡测试路";
    fields["responsible_person"] = "张三";
    auto r = staff->post_json("/api/v1/ledgers/emergency_reduction_list/rows",
                              {{"unit_id", village}, {"fields", std::move(fields)}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  static void act(HttpClient& c, int64_t id, const std::string& action, json::object fields,
                  json::array files = {}) {
    const std::string row = "/api/v1/ledger-rows/" + std::to_string(id);
    auto version = c.get(row).obj().at("version");
    auto r = c.post_json(row + "/actions/" + action,
                         {{"version", version}, {"fields", std::move(fields)}, {"files", std::move(files)}});
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
  }
  // Registered by the township, its plant plan submitted (with the document
  // the move asks for) and approved onto the list by the office.
  static int64_t listed(const std::string& name, json::object fields) {
    int64_t id = registered(name, std::move(fields));
    auto doc =
        staff->request("POST", "/api/v1/ledger-rows/" + std::to_string(id) + "/files?filename=方案.pdf",
                       "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
    EXPECT_EQ(doc.status, 201) << doc.body;
    act(*staff, id, "submit",
        {{"yellow_measures", "限产"}, {"orange_measures", "限产"}, {"red_measures", "停产"}},
        {doc.obj().at("id")});
    act(*office, id, "approve", {{"approval_date", "2017-12-01"}});
    return id;
  }

  static json::object plan(HttpClient& c, const std::string& query = "") {
    auto r = c.get("/api/v1/aq/reduction-plan" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj() : json::object{};
  }
  static json::object totals(const json::object& plan, const std::string& level,
                             const std::string& pollutant) {
    for (const auto& l : plan.at("levels").as_array())
      if (l.at("level").as_string() == level)
        for (const auto& p : l.at("pollutants").as_array())
          if (p.at("pollutant").as_string() == pollutant) return p.as_object();
    ADD_FAILURE() << "no " << level << " " << pollutant;
    return {};
  }
  static double num(const json::value& v) { return v.to_number<double>(); }
  std::string village_query() const { return "?unit_id=" + std::to_string(village); }

  static inline fs::path* dir = nullptr;
  static inline int64_t village = 0, kiln = 0, foundry = 0, unknown = 0, drafting = 0;
};

TEST_F(ReductionPlanApiTest, EachLevelIsCheckedAgainstItsShareOfTheListsBaselines) {
  auto p = plan(*office, village_query());
  EXPECT_FALSE(p.at("whole_district").as_bool());
  EXPECT_EQ(p.at("states").as_array(), (json::array{"listed", "violating"}));

  // Red: 30 % of 100 t/d SO2 is 30, and 20 (stopped) + 10 (12.5 % of 80) is 30.
  auto red = totals(p, "red", "so2");
  EXPECT_EQ(red.at("basis_source").as_string(), "list");
  EXPECT_DOUBLE_EQ(num(red.at("baseline")), 100);
  EXPECT_DOUBLE_EQ(num(red.at("required")), 30);
  EXPECT_DOUBLE_EQ(num(red.at("reduction")), 30);
  EXPECT_DOUBLE_EQ(num(red.at("shortfall")), 0);
  EXPECT_TRUE(red.at("met").as_bool());
  EXPECT_EQ(red.at("rows_missing_baseline").as_int64(), 1);
  // NOx at red: 5 + 1.875 of 20 → 6.875 against 6.
  auto nox = totals(p, "red", "nox");
  EXPECT_DOUBLE_EQ(num(nox.at("reduction")), 6.875);
  EXPECT_DOUBLE_EQ(num(nox.at("required")), 6);
  // Orange met exactly (10 + 10 of 20); yellow short by 1 t/d (5 + 4 of 10).
  EXPECT_TRUE(totals(p, "orange", "so2").at("met").as_bool());
  EXPECT_DOUBLE_EQ(num(totals(p, "orange", "so2").at("reduction")), 20);
  auto yellow = totals(p, "yellow", "so2");
  EXPECT_DOUBLE_EQ(num(yellow.at("required")), 10);
  EXPECT_DOUBLE_EQ(num(yellow.at("reduction")), 9);
  EXPECT_DOUBLE_EQ(num(yellow.at("shortfall")), 1);
  EXPECT_FALSE(yellow.at("met").as_bool());
  EXPECT_FALSE(p.at("levels").as_array()[0].at("met").as_bool());
  EXPECT_DOUBLE_EQ(num(p.at("levels").as_array()[2].at("required_percent")), 30);

  // The rows on the list, the one carrying most at red first; the draft is not there.
  auto rows = p.at("rows").as_array();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("id").as_int64(), kiln);
  for (const auto& r : rows) EXPECT_NE(r.at("id").as_int64(), drafting);
  auto kiln_red = rows[0].at("levels").as_array()[2].as_object();
  EXPECT_EQ(kiln_red.at("measure").as_string(), "stop_lines");
  EXPECT_DOUBLE_EQ(num(kiln_red.at("cut_percent")), 100);
  EXPECT_DOUBLE_EQ(num(kiln_red.at("reductions").at("so2")), 20);
  EXPECT_EQ(rows[0].at("unit").as_string(), "减排核算测试村");
  // No baseline: named, not counted.
  EXPECT_EQ(p.at("rows_not_counted").as_int64(), 1);
  const json::object* none = nullptr;
  for (const auto& r : rows)
    if (r.at("id").as_int64() == unknown) none = &r.as_object();
  ASSERT_NE(none, nullptr);
  EXPECT_FALSE(none->at("counted").as_bool());
  EXPECT_TRUE(none->at("baselines").at("so2").is_null());
  EXPECT_EQ(none->at("missing").as_array(),
            (json::array{"baseline_so2", "baseline_nox", "baseline_pm", "baseline_vocs"}));
}

// The district's inventory is what the whole district's list is held to; a
// township's reader sees its own rows against their own baselines.
TEST_F(ReductionPlanApiTest, TheInventoryIsTheBasisOfTheWholeDistrictOnly) {
  auto whole = plan(*office);
  EXPECT_TRUE(whole.at("whole_district").as_bool());
  auto so2 = totals(whole, "red", "so2");
  EXPECT_EQ(so2.at("basis_source").as_string(), "inventory");
  EXPECT_DOUBLE_EQ(num(so2.at("basis")), 1000);
  EXPECT_DOUBLE_EQ(num(so2.at("required")), 300);
  EXPECT_GE(num(so2.at("reduction")), 30);  // ours, and the demo's sources
  EXPECT_EQ(totals(whole, "red", "nox").at("basis_source").as_string(), "list");

  // 南郊乡's staff: the township's rows (ours among them), measured by themselves.
  auto township = plan(*staff);
  EXPECT_FALSE(township.at("whole_district").as_bool());
  EXPECT_EQ(totals(township, "red", "so2").at("basis_source").as_string(), "list");
  bool ours = false;
  for (const auto& r : township.at("rows").as_array()) ours = ours || r.at("id").as_int64() == kiln;
  EXPECT_TRUE(ours);
  // Another township's rows are not theirs to see.
  auto out = staff->get("/api/v1/aq/reduction-plan?unit_id=" + std::to_string(unit_id("汪屯乡")));
  EXPECT_EQ(out.status, 400) << out.body;
  EXPECT_EQ(out.obj().at("code").as_string(), "not_in_scope");
  EXPECT_EQ(staff->get("/api/v1/aq/reduction-plan?unit_id=abc").status, 400);
}

}  // namespace
}  // namespace lantian::test
