// The enterprise registry (一企一档) and its relocation guard over HTTP, on
// SQLite and (api_pg_tests) PostgreSQL: registering with good and bad credit
// codes, full-width input, a GCJ-02 point stored as WGS-84, townships seeing
// only their own enterprises, the enterprise's file with its ledger rows and
// inspections, the banned list's all-or-nothing CSV import, one alert per
// relocated enterprise with its evidence, and the campaign office's verdict.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/credit_code.h"
#include "store/ledger_rows_repo.h"
#include "support/demo_suite.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

// A valid unified social credit code from its first 17 characters.
std::string code(const std::string& first17) { return first17 + credit_code_check_character(first17); }

class EnterprisesTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server(); }
  void SetUp() override {
    if (!log_in()) return;
    nanjiao = unit_id("南郊乡");
    nanjiao_village = unit_id("南郊村");
    wangtun = unit_id("汪屯乡");
    wangtun_village = unit_id("汪屯村");
  }

  // Registers an enterprise as `c`; its body (with "alerts"), or {} if refused.
  json::object add(HttpClient& c, json::object body) {
    auto r = c.post_json("/api/v1/enterprises", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj() : json::object{};
  }
  static std::string path(int64_t id) { return "/api/v1/enterprises/" + std::to_string(id); }
  // The names of the enterprises `c` lists for `query`.
  std::vector<std::string> names(HttpClient& c, const std::string& query) {
    auto r = c.get("/api/v1/enterprises?per_page=200&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<std::string> out;
    if (r.status != 200) return out;
    auto body = r.obj();
    for (auto& e : body.at("items").as_array()) out.emplace_back(e.at("name").as_string());
    std::sort(out.begin(), out.end());
    return out;
  }
  int64_t banned_total() {
    auto r = office->get("/api/v1/banned-enterprises?per_page=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().at("total").as_int64();
  }
  json::array alerts(HttpClient& c, const std::string& query) {
    auto r = c.get("/api/v1/relocation-alerts?per_page=200&" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj().at("items").as_array() : json::array{};
  }
  HttpResponse import(const std::string& csv, bool dry_run = false) {
    return office->post("/api/v1/banned-enterprises/import" + std::string(dry_run ? "?dry_run=true" : ""),
                        csv, {{"Content-Type", "text/csv"}});
  }

  static inline int64_t nanjiao = 0, nanjiao_village = 0, wangtun = 0, wangtun_village = 0;
};

TEST_F(EnterprisesTest, RegistersWithAGoodCreditCodeAndRefusesABadOne) {
  std::string good = code("91410205MA40TEXT1");
  auto e = add(*office, {{"name", "开封市禹王台区立新机械加工厂"},
                         {"credit_code", good},
                         {"legal_rep", "赵立新"},
                         {"phone", "0371-22581234"},
                         {"address", "开封市禹王台区汪屯乡汪屯村"},
                         {"industry_code", "C3425"},
                         {"unit_id", wangtun_village},
                         {"grid", "汪屯村第二网格"}});
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e.at("credit_code").as_string(), good);
  EXPECT_EQ(e.at("status").as_string(), "operating");  // where a new one starts
  EXPECT_EQ(e.at("unit_name").as_string(), "汪屯村");
  EXPECT_EQ(e.at("version").as_int64(), 1);
  EXPECT_TRUE(e.at("location").is_null());
  EXPECT_TRUE(e.at("alerts").as_array().empty());

  // The last character wrong: the check character is named.
  std::string bad = good.substr(0, 17) + (good[17] == '0' ? '1' : '0');
  auto r = office->post_json("/api/v1/enterprises",
                             {{"name", "开封市某某厂"}, {"credit_code", bad}, {"unit_id", wangtun}});
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code_of(r), "credit_code_check");
  auto err = r.obj().at("errors").as_array()[0].as_object();
  EXPECT_EQ(err.at("field").as_string(), "credit_code");
  EXPECT_EQ(err.at("params").at("expected").as_string(), std::string(1, good[17]));
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "开封市某某厂"}, {"credit_code", "9141020"}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "credit_code_length");
  // One code, one enterprise.
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "另一家厂"}, {"credit_code", good}, {"unit_id", wangtun}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(code_of(r), "credit_code_taken");
  // A name is required; no credit code is fine (small workshops have none).
  r = office->post_json("/api/v1/enterprises", {{"credit_code", ""}, {"unit_id", wangtun}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(code_of(r), "required");
  auto workshop = add(*office, {{"name", "汪屯村无名铁皮加工点"}, {"unit_id", wangtun_village}});
  EXPECT_TRUE(workshop.at("credit_code").is_null());
  // Bad industry codes and statuses, each with its code.
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"}, {"industry_code", "X12"}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "industry_code_format");
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"}, {"industry_code", "A2927"}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "industry_code_section");
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"}, {"status", "closed_down"}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "one_of");
  r = office->post_json("/api/v1/enterprises", {{"name", "甲厂"}, {"unit_id", 999999}});
  EXPECT_EQ(code_of(r), "no_such_unit");
  r = office->post_json("/api/v1/enterprises", {{"name", "甲厂"}, {"colour", "red"}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "unknown_field");
}

TEST_F(EnterprisesTest, FullWidthInputIsNormalised) {
  // As typed with a Chinese input method: full-width letters and digits, lower case.
  std::string first17 = "91410205MA40FULLW";
  std::string wide;
  for (char ch : code(first17)) {
    char c = char(std::tolower(static_cast<unsigned char>(ch)));
    char32_t w = char32_t(0xFF00 + (c - 0x20));
    wide += char(0xE0 | (w >> 12)), wide += char(0x80 | ((w >> 6) & 0x3F)), wide += char(0x80 | (w & 0x3F));
  }
  auto e = add(*office, {{"name", "开封市禹王台区全角测试厂"},
                         {"credit_code", " " + wide + " "},
                         {"phone", "１３８３７８１２３４５"},
                         {"industry_code", "ｃ２９２７"},
                         {"unit_id", wangtun}});
  ASSERT_FALSE(e.empty());
  EXPECT_EQ(e.at("credit_code").as_string(), code(first17));
  EXPECT_EQ(e.at("phone").as_string(), "13837812345");
  EXPECT_EQ(e.at("industry_code").as_string(), "C2927");
  // Found by its code however it is typed.
  EXPECT_EQ(names(*office, "q=" + std::string("91410205ma40fullw")),
            (std::vector<std::string>{"开封市禹王台区全角测试厂"}));
}

TEST_F(EnterprisesTest, AGcj02PointIsStoredAsWgs84) {
  // tests/core/geo_test.cpp: WGS-84 (116.404, 39.915) is GCJ-02 (116.41024449916938, 39.91640428150164).
  auto e = add(*office,
               {{"name", "坐标测试厂"},
                {"unit_id", wangtun},
                {"location", {{"lng", 116.41024449916938}, {"lat", 39.91640428150164}, {"datum", "gcj02"}}}});
  ASSERT_FALSE(e.empty());
  auto loc = e.at("location").as_object();
  EXPECT_NEAR(loc.at("lng").to_number<double>(), 116.404, 1e-7);
  EXPECT_NEAR(loc.at("lat").to_number<double>(), 39.915, 1e-7);
  auto got = office->get(path(e.at("id").as_int64())).obj();
  EXPECT_NEAR(got.at("location").at("lng").to_number<double>(), 116.404, 1e-7);
  // WGS-84 as given (the default), BD-09 converted too.
  auto r = office->patch_json(path(e.at("id").as_int64()),
                              {{"version", 1}, {"location", {{"lng", 114.35}, {"lat", 34.78}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("location").at("lng").to_number<double>(), 114.35);
  r = office->patch_json(
      path(e.at("id").as_int64()),
      {{"version", 2}, {"location", {{"lng", 114.35}, {"lat", 34.78}, {"datum", "bd09"}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  double lng = r.obj().at("location").at("lng").to_number<double>();
  EXPECT_GT(std::fabs(lng - 114.35), 0.005);  // Baidu's shift is ~1 km
  EXPECT_LT(std::fabs(lng - 114.35), 0.02);
  r = office->patch_json(path(e.at("id").as_int64()), {{"version", 3}, {"location", nullptr}});
  EXPECT_TRUE(r.obj().at("location").is_null());
  // Bad points and datums.
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"},
                         {"unit_id", wangtun},
                         {"location", {{"lng", 114.35}, {"lat", 34.78}, {"datum", "cgcs2000"}}}});
  EXPECT_EQ(code_of(r), "one_of");
  EXPECT_EQ(r.obj().at("errors").as_array()[0].at("field").as_string(), "location.datum");
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"}, {"unit_id", wangtun}, {"location", {{"lng", 114.35}}}});
  EXPECT_EQ(code_of(r), "invalid");
  r = office->post_json(
      "/api/v1/enterprises",
      {{"name", "甲厂"}, {"unit_id", wangtun}, {"location", {{"lng", 214.35}, {"lat", 34.78}}}});
  EXPECT_EQ(code_of(r), "out_of_range");
  r = office->post_json("/api/v1/enterprises",
                        {{"name", "甲厂"}, {"unit_id", wangtun}, {"location", "114,34"}});
  EXPECT_EQ(code_of(r), "invalid");
}

TEST_F(EnterprisesTest, ATownshipSeesOnlyItsOwnEnterprises) {
  auto ours = add(*leader, {{"name", "南郊乡范围测试砖厂"}, {"unit_id", nanjiao_village}});
  auto theirs = add(*office, {{"name", "汪屯乡范围测试砖厂"}, {"unit_id", wangtun_village}});
  ASSERT_FALSE(ours.empty());
  ASSERT_FALSE(theirs.empty());
  // Staff register too, in their own unit by default.
  auto staffs = add(*staff, {{"name", "南郊乡范围测试石灰窑"}});
  EXPECT_EQ(staffs.at("unit_id").as_int64(), nanjiao);
  for (auto* c : {leader.get(), staff.get()}) {
    EXPECT_EQ(names(*c, "q=范围测试"),
              (std::vector<std::string>{"南郊乡范围测试石灰窑", "南郊乡范围测试砖厂"}));
    auto r = c->get(path(theirs.at("id").as_int64()));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(code_of(r), "enterprise_not_found");
    r = c->patch_json(path(theirs.at("id").as_int64()), {{"version", 1}, {"grid", "x"}});
    EXPECT_EQ(code_of(r), "enterprise_not_found");
  }
  EXPECT_EQ(names(*viewer, "q=范围测试").size(), 3u);
  EXPECT_EQ(names(*office, "q=范围测试&unit_id=" + std::to_string(wangtun)),
            (std::vector<std::string>{"汪屯乡范围测试砖厂"}));
  // Nor may a township register or move one into another township.
  auto r = leader->post_json("/api/v1/enterprises", {{"name", "越界厂"}, {"unit_id", wangtun_village}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(code_of(r), "not_in_scope");
  r = leader->patch_json(path(ours.at("id").as_int64()), {{"version", 1}, {"unit_id", wangtun}});
  EXPECT_EQ(code_of(r), "not_in_scope");
  // Read-only roles read, never write.
  r = viewer->post_json("/api/v1/enterprises", {{"name", "只读厂"}});
  EXPECT_EQ(r.status, 403);
  // Filters: status, unknown status.
  r = leader->patch_json(path(ours.at("id").as_int64()), {{"version", 1}, {"status", "stopped"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(*leader, "q=范围测试&status=stopped"), (std::vector<std::string>{"南郊乡范围测试砖厂"}));
  EXPECT_EQ(code_of(leader->get("/api/v1/enterprises?status=gone")), "query_unknown_value");
  auto list = leader->get("/api/v1/enterprises?per_page=1").obj();
  EXPECT_EQ(list.at("statuses").as_array().size(), 4u);
  // A stale version changes nothing.
  r = leader->patch_json(path(ours.at("id").as_int64()), {{"version", 1}, {"status", "operating"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(code_of(r), "stale_version");
  r = leader->patch_json(path(ours.at("id").as_int64()), {{"status", "operating"}});
  EXPECT_EQ(code_of(r), "version_required");
}

TEST_F(EnterprisesTest, TheEnterprisesFileListsItsLedgerRows) {
  auto e = add(*office, {{"name", "开封市禹王台区台账关联测试厂"}, {"unit_id", nanjiao_village}});
  ASSERT_FALSE(e.empty());
  int64_t id = e.at("id").as_int64();
  // Ledger rows have no API yet: one written straight into the served
  // database, one of 汪屯乡 linked to the same enterprise.
  auto db = store::open_database(server->db());
  ASSERT_TRUE(db.ok()) << db.error().message;
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    for (int64_t unit : {nanjiao_village, wangtun}) {
      LT_ASSIGN(auto u, tx.query_one("SELECT path FROM units WHERE id = $1", {unit}));
      LedgerRow r;
      r.ledger_type = "scattered_enterprises";
      r.unit_id = unit, r.unit_path = u->str(0);
      r.enterprise_id = id;
      r.status = "registered";
      r.title = "台账关联测试厂 " + std::to_string(unit);
      LT_TRY(store::ledger_rows::insert(tx, r, {}, "2017-11-01T00:00:00.000Z"));
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  // An inspection of the enterprise itself (两断三清 checked on site).
  json::array items;
  for (const char* item : {"water_cut", "power_cut", "raw_materials_cleared", "products_cleared",
                           "equipment_cleared", "no_rebound"})
    items.push_back(json::object{{"code", item}, {"result", "pass"}});
  auto checked = admin->post_json(
      "/api/v1/inspections",
      {{"checklist", "closure_checks"}, {"enterprise_id", id}, {"person_met", "厂长"}, {"items", items}});
  ASSERT_EQ(checked.status, 201) << checked.body;
  auto file = office->get(path(id)).obj();
  auto inspections = file.at("links").at("inspections").as_array();
  ASSERT_EQ(inspections.size(), 1u);
  EXPECT_EQ(inspections[0].at("id"), checked.obj().at("id"));
  EXPECT_EQ(inspections[0].at("checklist").as_string(), "closure_checks");
  auto rows = file.at("links").at("ledger_rows").as_array();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].at("ledger_type").as_string(), "scattered_enterprises");
  EXPECT_EQ(rows[1].at("status").as_string(), "registered");
  EXPECT_EQ(rows[1].at("unit_name").as_string(), "南郊村");
  EXPECT_TRUE(file.at("open_alerts").as_array().empty());
  // The township sees its own rows of the enterprise, not 汪屯乡's.
  rows = leader->get(path(id)).obj().at("links").at("ledger_rows").as_array();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].at("unit_name").as_string(), "南郊村");
}

TEST_F(EnterprisesTest, ABannedImportWithABadRowChangesNothing) {
  int64_t before = banned_total();
  std::string bad = code("91410202MA3BANN01");
  bad[17] = bad[17] == '0' ? '1' : '0';
  std::string csv =
      "序号,名称,统一社会信用代码,法定代表人,联系电话,地址,原属区域,取缔日期,原因\n"
      "1,开封市龙亭区导入测试甲塑料厂," +
      code("91410202MA3BANN00") +
      ",孙甲,13900001111,龙亭区北门大街,龙亭区,2017-09-15,无证经营\n"
      "2,开封市龙亭区导入测试乙木业," +
      bad +
      ",孙乙,13900002222,龙亭区,龙亭区,2017/9/16,散乱污\n"
      "3,开封市龙亭区导入测试丙铸造厂,,孙丙,12345,龙亭区,龙亭区,昨天,\n";
  auto r = import(csv);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.obj().at("code").as_string(), "banned_list_has_errors");
  auto report = r.obj().at("report").as_object();
  EXPECT_EQ(report.at("total_rows").as_int64(), 3);
  EXPECT_EQ(report.at("invalid_rows").as_int64(), 2);
  EXPECT_EQ(report.at("imported").as_int64(), 0);
  EXPECT_EQ(report.at("ignored_columns").as_array(), (json::array{"序号"}));
  auto errors = report.at("errors").as_array();
  ASSERT_EQ(errors.size(), 3u) << json::serialize(errors);
  EXPECT_EQ(errors[0].at("line").as_int64(), 3);
  EXPECT_EQ(errors[0].at("column").as_int64(), 3);
  EXPECT_EQ(errors[0].at("column_name").as_string(), "统一社会信用代码");
  EXPECT_EQ(errors[0].at("code").as_string(), "credit_code_check");
  EXPECT_EQ(errors[1].at("line").as_int64(), 4);
  EXPECT_EQ(errors[1].at("column_name").as_string(), "联系电话");
  EXPECT_EQ(errors[1].at("code").as_string(), "bad_phone");
  EXPECT_EQ(errors[2].at("column").as_int64(), 8);
  EXPECT_EQ(errors[2].at("code").as_string(), "not_a_date");
  EXPECT_EQ(banned_total(), before) << "nothing written";
  // A dry run reports the same and writes nothing either.
  r = import(csv, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("errors").as_array().size(), 3u);
  EXPECT_TRUE(r.obj().at("dry_run").as_bool());
  EXPECT_EQ(banned_total(), before);
  // Fixed, it goes in whole; the same list again adds nothing.
  std::string fixed =
      "名称,统一社会信用代码,法定代表人,联系电话,原属区域,取缔日期\n"
      "开封市龙亭区导入测试甲塑料厂," +
      code("91410202MA3BANN00") +
      ",孙甲,13900001111,龙亭区,2017-09-15\n"
      "开封市龙亭区导入测试乙木业," +
      code("91410202MA3BANN01") +
      ",孙乙,13900002222,龙亭区,2017/9/16\n"
      "开封市龙亭区导入测试丙铸造厂,,孙丙,0371-23456789,龙亭区,2017年9月17日\n";
  r = import(fixed, true);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("imported").as_int64(), 0);
  EXPECT_EQ(banned_total(), before);
  r = import(fixed);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("imported").as_int64(), 3);
  EXPECT_EQ(r.obj().at("encoding").as_string(), "utf-8");
  EXPECT_EQ(banned_total(), before + 3);
  auto listed = office->get("/api/v1/banned-enterprises?q=导入测试丙").obj().at("items").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("banned_on").as_string(), "2017-09-17");
  EXPECT_EQ(listed[0].at("source").as_string(), "imported");
  r = import(fixed);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("imported").as_int64(), 0);
  EXPECT_EQ(r.obj().at("duplicate_lines").as_array().size(), 3u);
  // Files that are no list at all.
  EXPECT_EQ(code_of(import("统一社会信用代码,原因\n" + code("91410202MA3BANN00") + ",x\n")),
            "csv_missing_column");
  EXPECT_EQ(code_of(import("名称,原因\n")), "csv_no_rows");
  EXPECT_EQ(code_of(import("名称,名称\n甲,乙\n")), "csv_column_twice");
  EXPECT_EQ(code_of(import("名称\n\"甲\n")), "csv_unreadable");
  // Only the office keeps the list.
  r = leader->post("/api/v1/banned-enterprises/import", fixed, {{"Content-Type", "text/csv"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(code_of(r), "office_only");
  r = leader->post_json("/api/v1/banned-enterprises", {{"name", "某厂"}});
  EXPECT_EQ(code_of(r), "office_only");
}

TEST_F(EnterprisesTest, ARelocatedEnterpriseRaisesExactlyOneAlert) {
  // Banned in 龙亭区; the same workshop registers in 禹王台区 under the same
  // trade name with another region, industry wording and legal form.
  auto b = office->post_json("/api/v1/banned-enterprises", {{"name", "开封市龙亭区瑞丰塑料颗粒加工厂"},
                                                            {"legal_rep", "钱瑞丰"},
                                                            {"phone", "13611112222"},
                                                            {"origin", "龙亭区"},
                                                            {"banned_on", "2017-09-20"},
                                                            {"reason", "散乱污企业，关停取缔"}});
  ASSERT_EQ(b.status, 201) << b.body;
  int64_t banned = b.obj().at("id").as_int64();
  EXPECT_EQ(b.obj().at("source").as_string(), "imported");
  auto e = add(*leader, {{"name", "禹王台区瑞丰塑料制品有限公司"},
                         {"legal_rep", "李四"},
                         {"phone", "13877776666"},
                         {"unit_id", nanjiao_village}});
  ASSERT_FALSE(e.empty());
  int64_t id = e.at("id").as_int64();
  auto raised = e.at("alerts").as_array();
  ASSERT_EQ(raised.size(), 1u) << json::serialize(raised);
  auto alert = raised[0].as_object();
  EXPECT_EQ(alert.at("banned_enterprise_id").as_int64(), banned);
  EXPECT_EQ(alert.at("enterprise_id").as_int64(), id);
  EXPECT_EQ(alert.at("status").as_string(), "open");
  EXPECT_EQ(alert.at("banned_origin").as_string(), "龙亭区");
  EXPECT_GE(alert.at("score").to_number<double>(), 0.6);
  auto reasons = alert.at("reasons").as_array();
  ASSERT_FALSE(reasons.empty());
  EXPECT_EQ(std::string(reasons.back().as_string()).rfind("name:", 0), 0u) << json::serialize(reasons);
  EXPECT_EQ(alert.at("candidate").at("name").as_string(), "禹王台区瑞丰塑料制品有限公司");
  // The file shows it; changing the enterprise again does not raise it twice.
  EXPECT_EQ(office->get(path(id)).obj().at("open_alerts").as_array().size(), 1u);
  auto r =
      leader->patch_json(path(id), {{"version", 1}, {"address", "南郊乡南郊村东"}, {"legal_rep", "李四平"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.obj().at("alerts").as_array().empty());
  EXPECT_EQ(alerts(*office, "enterprise_id=" + std::to_string(id)).size(), 1u);
  // The township sees its enterprise's alert; 汪屯乡's leader would not.
  EXPECT_EQ(alerts(*leader, "enterprise_id=" + std::to_string(id)).size(), 1u);
  // An unrelated enterprise of the same trade raises nothing.
  auto other = add(*office, {{"name", "禹王台区恒通塑料制品有限公司"}, {"unit_id", wangtun}});
  EXPECT_TRUE(other.at("alerts").as_array().empty());
  // A banned enterprise listed after the registration finds it too (once).
  b = office->post_json("/api/v1/banned-enterprises",
                        {{"name", "尉氏县恒通塑料颗粒厂"}, {"legal_rep", "周恒通"}, {"origin", "尉氏县"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto found = b.obj().at("alerts").as_array();
  ASSERT_EQ(found.size(), 1u) << b.body;
  EXPECT_EQ(found[0].at("enterprise_id").as_int64(), other.at("id").as_int64());
}

TEST_F(EnterprisesTest, ConfirmingOrDismissingIsTheOfficesOnly) {
  auto b = office->post_json("/api/v1/banned-enterprises", {{"name", "郑州市金水区鼎盛汽修厂"},
                                                            {"legal_rep", "吴鼎盛"},
                                                            {"phone", "13633334444"},
                                                            {"origin", "金水区"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto e = add(*staff, {{"name", "禹王台区鼎盛汽车维修部"}, {"legal_rep", "吴鼎盛"}});
  ASSERT_EQ(e.at("alerts").as_array().size(), 1u);
  int64_t alert = e.at("alerts").as_array()[0].at("id").as_int64();
  std::string resolve = "/api/v1/relocation-alerts/" + std::to_string(alert) + "/resolve";
  for (auto* c : {leader.get(), staff.get(), viewer.get()}) {
    auto r = c->post_json(resolve, {{"status", "confirmed"}, {"note", "已核实"}});
    EXPECT_EQ(r.status, 403) << r.body;
  }
  auto r = office->post_json(resolve, {{"status", "confirmed"}});
  EXPECT_EQ(code_of(r), "note_required");
  r = office->post_json(resolve, {{"status", "closed"}, {"note", "x"}});
  EXPECT_EQ(code_of(r), "one_of");
  r = office->post_json(resolve, {{"status", "confirmed"}, {"note", "经实地核查，系原金水区鼎盛汽修厂迁入"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("status").as_string(), "confirmed");
  EXPECT_EQ(r.obj().at("resolved_by_name").as_string(), "攻坚办值班员");
  EXPECT_FALSE(r.obj().at("resolved_at").is_null());
  r = office->post_json(resolve, {{"status", "dismissed"}, {"note", "改判"}});
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(code_of(r), "relocation_alert_resolved");
  EXPECT_EQ(code_of(office->post_json("/api/v1/relocation-alerts/999999/resolve",
                                      {{"status", "dismissed"}, {"note", "x"}})),
            "relocation_alert_not_found");
  // Resolved ones come after the open ones, and leave the enterprise's file.
  auto list = alerts(*office, "");
  ASSERT_FALSE(list.empty());
  bool seen_resolved = false;
  for (auto& a : list) {
    if (a.at("status").as_string() != "open")
      seen_resolved = true;
    else
      EXPECT_FALSE(seen_resolved) << "an open alert after a resolved one";
  }
  EXPECT_TRUE(office->get(path(e.at("id").as_int64())).obj().at("open_alerts").as_array().empty());
  EXPECT_EQ(alerts(*office, "status=confirmed&enterprise_id=" + std::to_string(e.at("id").as_int64())).size(),
            1u);
  EXPECT_EQ(code_of(office->get("/api/v1/relocation-alerts?status=gone")), "query_unknown_value");
}

// The web shows buttons from the server's "actions" and never re-checks a
// rule: each reader is told what they may do to the registry, the banned
// list, an enterprise and an alert, and an alert shows the banned
// enterprise's identity beside the candidate's.
TEST_F(EnterprisesTest, EachReaderIsToldWhatTheyMayDo) {
  auto inspector = server->client_for("inspector");
  auto actions = [](const json::object& o) {
    std::vector<std::string> out;
    for (auto& a : o.at("actions").as_array()) out.emplace_back(a.as_string());
    return out;
  };
  using V = std::vector<std::string>;
  auto list = [&](HttpClient& c, const std::string& what) {
    auto r = c.get(what + "?per_page=1");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? actions(r.obj()) : V{"?"};
  };
  EXPECT_EQ(list(*office, "/api/v1/enterprises"), (V{"register", "import", "export"}));
  EXPECT_EQ(list(*staff, "/api/v1/enterprises"), (V{"register", "import", "export"}));
  EXPECT_EQ(list(*viewer, "/api/v1/enterprises"), V{"export"});
  EXPECT_EQ(list(*inspector, "/api/v1/enterprises"), V{"export"});
  EXPECT_EQ(list(*office, "/api/v1/banned-enterprises"), (V{"add", "import"}));
  EXPECT_EQ(list(*leader, "/api/v1/banned-enterprises"), V{});
  EXPECT_EQ(list(*viewer, "/api/v1/banned-enterprises"), V{});

  auto b = office->post_json("/api/v1/banned-enterprises", {{"name", "开封市鼓楼区永兴铸件加工厂"},
                                                            {"legal_rep", "孙永兴"},
                                                            {"phone", "13655556666"},
                                                            {"address", "开封市鼓楼区西门大街"},
                                                            {"origin", "鼓楼区"},
                                                            {"banned_on", "2017-10-30"},
                                                            {"reason", "冲天炉，关停取缔"}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto e = add(*leader, {{"name", "禹王台区永兴机械铸造厂"},
                         {"legal_rep", "孙永兴"},
                         {"phone", "13655556666"},
                         {"unit_id", nanjiao_village}});
  ASSERT_FALSE(e.empty());
  int64_t id = e.at("id").as_int64();
  EXPECT_EQ(actions(e), (V{"edit", "file"}));  // the leader's own answer
  auto file = [&](HttpClient& c) {
    auto r = c.get(path(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.obj() : json::object{{"actions", json::array{"?"}}};
  };
  EXPECT_EQ(actions(file(*office)), (V{"edit", "file", "inspect", "ban"}));
  EXPECT_EQ(actions(file(*leader)), (V{"edit", "file"}));
  EXPECT_EQ(actions(file(*staff)), (V{"edit", "file"}));
  EXPECT_EQ(actions(file(*viewer)), V{});
  EXPECT_EQ(actions(file(*inspector)), V{"inspect"});
  auto f = file(*office);
  ASSERT_EQ(f.at("statuses").as_array().size(), 4u);
  EXPECT_EQ(f.at("statuses").as_array()[0].at("color").as_string(), "#67c23a");

  // The alert, as each reader sees it: the office may confirm or dismiss it.
  auto raised = e.at("alerts").as_array();
  ASSERT_EQ(raised.size(), 1u) << json::serialize(raised);
  EXPECT_EQ(actions(raised[0].as_object()), V{});  // raised by the leader
  auto open = f.at("open_alerts").as_array();
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(actions(open[0].as_object()), (V{"confirm", "dismiss"}));
  auto banned = open[0].at("banned").as_object();
  EXPECT_EQ(banned.at("name").as_string(), "开封市鼓楼区永兴铸件加工厂");
  EXPECT_EQ(banned.at("legal_rep").as_string(), "孙永兴");
  EXPECT_EQ(banned.at("phone").as_string(), "13655556666");
  EXPECT_EQ(banned.at("address").as_string(), "开封市鼓楼区西门大街");
  EXPECT_TRUE(banned.at("credit_code").is_null());
  EXPECT_EQ(banned.at("origin").as_string(), "鼓楼区");
  EXPECT_EQ(banned.at("banned_on").as_string(), "2017-10-30");
  EXPECT_EQ(banned.at("reason").as_string(), "冲天炉，关停取缔");
  EXPECT_EQ(open[0].at("candidate").at("name").as_string(), "禹王台区永兴机械铸造厂");
  std::string query = "enterprise_id=" + std::to_string(id);
  auto mine = alerts(*leader, query);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(actions(mine[0].as_object()), V{});
  auto theirs = alerts(*office, query);
  ASSERT_EQ(theirs.size(), 1u);
  EXPECT_EQ(actions(theirs[0].as_object()), (V{"confirm", "dismiss"}));
  auto statuses = office->get("/api/v1/relocation-alerts?per_page=1").obj().at("statuses").as_array();
  ASSERT_EQ(statuses.size(), 3u);
  EXPECT_EQ(statuses[0].at("code").as_string(), "open");
  // Resolved, it offers nothing more.
  auto r = office->post_json(
      "/api/v1/relocation-alerts/" + std::to_string(theirs[0].at("id").as_int64()) + "/resolve",
      {{"status", "confirmed"}, {"note", "经核查系同一业主迁入"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(actions(r.obj()), V{});
  EXPECT_EQ(actions(alerts(*office, query)[0].as_object()), V{});

  // Listed as banned, one of ours may not be banned again.
  r = office->post_json("/api/v1/banned-enterprises",
                        {{"enterprise_id", id}, {"reason", "非法铸造，关停取缔"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(actions(file(*office)), (V{"edit", "file", "inspect"}));
}

// Documents filed on an enterprise (permits, EIA approvals, site photos) are
// in its file; they download for whoever sees the enterprise; filing takes
// enterprises.write over its unit.
TEST_F(EnterprisesTest, DocumentsAreFiledOnTheEnterpriseAndReadWhereItIsSeen) {
  auto e = add(*leader, {{"name", "南郊乡档案测试塑料厂"}, {"unit_id", nanjiao_village}});
  ASSERT_FALSE(e.empty());
  const std::string files = path(e.at("id").as_int64()) + "/files";
  auto filed = leader->request("POST", files + "?filename=排污许可证.png", make_png(40, 30));
  ASSERT_EQ(filed.status, 201) << filed.body;
  EXPECT_EQ(filed.obj().at("kind").as_string(), "photo");
  auto got = office->get(path(e.at("id").as_int64())).obj();
  auto listed = got.at("files").as_array();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].at("filename").as_string(), "排污许可证.png");
  std::string url(listed[0].at("url").as_string());
  EXPECT_EQ(viewer->get(url).status, 200);
  EXPECT_EQ(staff->get(url + "/thumbnail").status, 200);
  // Another township neither reads nor files; read-only roles do not file.
  auto other = server->client_for("wangtun");
  EXPECT_EQ(other->get(url).status, 404);
  auto r = other->request("POST", files + "?filename=x.png", make_png(4, 4));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(code_of(r), "enterprise_not_found");
  EXPECT_EQ(viewer->request("POST", files + "?filename=x.png", make_png(4, 4)).status, 403);
  // A disguised file is refused and nothing is filed.
  r = leader->request("POST", files + "?filename=许可证.pdf", std::string("MZ\x90\x00 not a pdf", 14),
                      {{"content-type", "application/pdf"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(office->get(path(e.at("id").as_int64())).obj().at("files").as_array().size(), 1u);
  // A ledger row's file is not read as an enterprise's, nor the other way.
  EXPECT_EQ(office->get("/api/v1/record-files/999999").status, 404);
}

}  // namespace
}  // namespace lantian::test
