// The enterprise registry (一企一档) in and out of spreadsheets over HTTP, on
// SQLite and (api_pg_tests) PostgreSQL: a registry .xlsx with a title row
// imported whole; a bad credit code named by row, column and code with
// nothing written; a GBK CSV in GCJ-02; the export (frozen, filtered header)
// re-imported changing nothing; an edited export updating its enterprises; a
// row like a banned enterprise raising a suspected relocation; a dry run
// writing nothing; a township kept to its own units; the limits.
#include <gtest/gtest.h>
#include <iconv.h>

#include <algorithm>
#include <cmath>

#include "core/credit_code.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"
#include "io/zip_reader.h"
#include "support/demo_suite.h"
#include "support/gbk.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
using Cells = std::vector<io::CellValue>;

// A valid unified social credit code from its first 17 characters.
std::string code(const std::string& first17) { return first17 + credit_code_check_character(first17); }

io::CellValue text(const std::string& s) {
  return s.empty() ? io::CellValue(std::monostate{}) : io::CellValue(s);
}

// The import's own headers, as the export writes them.
const std::vector<std::string> kHeaders = {
    "企业名称", "统一社会信用代码", "法定代表人", "联系电话", "地址", "经度",
    "纬度",     "行业代码",         "所属单位",   "网格",     "状态", "企业ID（请勿修改）"};

// A workbook of one sheet: `title` (if any) above the header, then the rows.
std::string workbook(const std::vector<std::string>& headers, const std::vector<Cells>& rows,
                     const std::string& title = "") {
  io::XlsxWriter w;
  if (title.empty()) {
    EXPECT_TRUE(w.add_sheet("企业名录", headers).ok());
  } else {
    std::vector<std::string> first(headers.size(), "");
    first[0] = title;
    EXPECT_TRUE(w.add_sheet("企业名录", first).ok());
    Cells header;
    for (const auto& h : headers) header.emplace_back(h);
    EXPECT_TRUE(w.add_row(header).ok());
  }
  for (const auto& r : rows) EXPECT_TRUE(w.add_row(r).ok());
  auto bytes = w.finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

// An .xlsx read back as text cells (the export, say), rows of columns.
std::vector<std::vector<std::string>> cells_of(const std::string& bytes) {
  std::vector<std::vector<std::string>> out;
  auto sheet = io::read_sheet(bytes);
  EXPECT_TRUE(sheet.ok()) << (sheet.ok() ? "" : sheet.error().message);
  if (!sheet.ok()) return out;
  out.assign(size_t(sheet->rows), std::vector<std::string>(size_t(sheet->cols)));
  for (const auto& e : sheet->cells()) out[size_t(e.row)][size_t(e.col)] = e.cell.as_text();
  return out;
}

// Text rows written back as a workbook (numbers stay numbers, as Excel keeps them).
std::string rewrite(const std::vector<std::vector<std::string>>& rows) {
  io::XlsxWriter w;
  EXPECT_TRUE(w.add_sheet("企业名录", rows.at(0)).ok());
  for (size_t r = 1; r < rows.size(); ++r) {
    Cells cells;
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      char* end = nullptr;
      double n = v.empty() ? 0 : std::strtod(v.c_str(), &end);
      bool number = !v.empty() && end && *end == '\0' &&
                    (kHeaders[c] == "经度" || kHeaders[c] == "纬度" || kHeaders[c] == "企业ID（请勿修改）");
      cells.push_back(number ? io::CellValue(n) : text(v));
    }
    EXPECT_TRUE(w.add_row(cells).ok());
  }
  auto bytes = w.finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

class EnterpriseSheetsTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server(); }
  void SetUp() override { log_in(); }

  static HttpResponse import(HttpClient& c, const std::string& bytes, const std::string& query = "") {
    return c.request("POST", "/api/v1/enterprises/import?filename=registry.xlsx" + query, bytes);
  }
  // The report of an import answer: the body (200) or the problem's report (422).
  static json::object report_of(const HttpResponse& r) {
    auto o = r.obj();
    if (o.contains("report")) return o.at("report").as_object();
    return o;
  }
  static const json::object& detail(const json::object& report, int row) {
    static const json::object kNone;
    for (auto& d : report.at("details").as_array())
      if (d.at("row").as_int64() == row) return d.as_object();
    ADD_FAILURE() << "no row " << row << " in " << json::serialize(report);
    return kNone;
  }
  // The enterprises `c` lists for q, by name.
  static std::map<std::string, json::object> listed(HttpClient& c, const std::string& q) {
    auto r = c.get("/api/v1/enterprises?per_page=200&q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, json::object> out;
    if (r.status != 200) return out;
    auto body = r.obj();
    for (auto& e : body.at("items").as_array()) out[std::string(e.at("name").as_string())] = e.as_object();
    return out;
  }
  static std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }
};

TEST_F(EnterpriseSheetsTest, AGoodFileImportsWholeWithItsUnitsStatusesAndPoints) {
  std::vector<std::string> headers = kHeaders;
  headers.back() = "备注";  // a column of the office's own: ignored
  std::string ok = code("91410205MA40MPT01");
  auto bytes = workbook(
      headers,
      {{std::string("开封市禹王台区导入甲机械厂"), ok, std::string("张导甲"), 13837810001.0,
        std::string("南郊乡南郊村北"), 114.35, 34.78, std::string("C3425"), std::string("南郊村"),
        std::string("南郊村第一网格"), std::string("正常生产经营"), std::string("重点监管")},
       {std::string("导入乙铁皮加工点"), std::monostate{}, std::string("李导乙"),
        std::string("0371-22580002"), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
        std::string("南郊乡"), std::monostate{}, std::string("停产"), std::monostate{}},
       {std::string("导入丙石材厂"), std::monostate{}, std::monostate{}, std::monostate{}, std::monostate{},
        std::monostate{}, std::monostate{}, std::string("3032"), std::string("汪屯村"), std::monostate{},
        std::string("stopped"), std::monostate{}}},
      "禹王台区企业名录（2017年11月）");
  auto r = import(*office, bytes);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.obj();
  EXPECT_EQ(rep.at("format").as_string(), "xlsx");
  EXPECT_EQ(rep.at("header_row").as_int64(), 2);  // under the title row
  EXPECT_EQ(rep.at("rows").as_int64(), 3);
  EXPECT_EQ(rep.at("new").as_int64(), 3);
  EXPECT_EQ(rep.at("errors").as_int64(), 0);
  EXPECT_TRUE(rep.at("written").as_bool());
  EXPECT_EQ(rep.at("ignored_columns").as_array(), (json::array{"备注"}));
  EXPECT_EQ(detail(rep, 3).at("outcome").as_string(), "new");
  EXPECT_TRUE(detail(rep, 3).at("id").is_int64());

  auto got = listed(*office, "导入");
  ASSERT_EQ(got.count("开封市禹王台区导入甲机械厂"), 1u);
  const auto& jia = got["开封市禹王台区导入甲机械厂"];
  EXPECT_EQ(jia.at("credit_code").as_string(), ok);
  EXPECT_EQ(jia.at("phone").as_string(), "13837810001");  // a number cell, read as written
  EXPECT_EQ(jia.at("unit_name").as_string(), "南郊村");
  EXPECT_EQ(jia.at("industry_code").as_string(), "C3425");
  EXPECT_EQ(jia.at("grid").as_string(), "南郊村第一网格");
  EXPECT_EQ(jia.at("status").as_string(), "operating");
  EXPECT_EQ(jia.at("location").at("lng").to_number<double>(), 114.35);     // WGS-84, the default
  EXPECT_EQ(got["导入乙铁皮加工点"].at("status").as_string(), "stopped");  // by its label
  EXPECT_TRUE(got["导入乙铁皮加工点"].at("credit_code").is_null());
  EXPECT_EQ(got["导入丙石材厂"].at("industry_code").as_string(), "3032");
  EXPECT_EQ(got["导入丙石材厂"].at("unit_name").as_string(), "汪屯村");
  // The township sees its own two.
  EXPECT_EQ(listed(*leader, "导入").size(), 2u);
  // Audited: each enterprise as registered, and the import itself.
  auto audit = office->get("/api/v1/audit?entity=enterprise&action=import&entity_id=registry").obj();
  ASSERT_FALSE(audit.at("items").as_array().empty());
  auto after = audit.at("items").as_array()[0].at("after").as_object();
  EXPECT_EQ(after.at("new").as_int64(), 3);
  EXPECT_EQ(after.at("file").as_string(), "registry.xlsx");
  auto created = office
                     ->get("/api/v1/audit?entity=enterprise&action=create&entity_id=" +
                           std::to_string(jia.at("id").as_int64()))
                     .obj();
  EXPECT_EQ(created.at("items").as_array().size(), 1u);
}

TEST_F(EnterpriseSheetsTest, ABadCreditCodeIsNamedByRowColumnAndCodeAndNothingIsWritten) {
  std::string good = code("91410205MA40MPT02");
  std::string bad = code("91410205MA40MPT03");
  bad[17] = bad[17] == '0' ? '1' : '0';
  std::string twice = code("91410205MA40MPT04");
  auto row = [](const std::string& name, const std::string& credit, const std::string& industry,
                const std::string& status) {
    return Cells{name,
                 text(credit),
                 std::monostate{},
                 std::monostate{},
                 std::monostate{},
                 std::monostate{},
                 std::monostate{},
                 text(industry),
                 std::string("南郊村"),
                 std::monostate{},
                 text(status),
                 std::monostate{}};
  };
  auto bytes = workbook(kHeaders, {row("错码测试甲厂", good, "C3425", ""), row("错码测试乙厂", bad, "", ""),
                                   row("错码测试丙厂", "", "A2927", "关闭"),
                                   row("错码测试丁厂", twice, "", ""), row("错码测试戊厂", twice, "", "")});
  auto r = import(*office, bytes);
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.obj().at("code").as_string(), "enterprise_list_has_errors");
  EXPECT_EQ(r.obj().at("params").at("rows").as_string(), "3");
  auto rep = report_of(r);
  EXPECT_EQ(rep.at("errors").as_int64(), 3);
  EXPECT_FALSE(rep.at("written").as_bool());
  EXPECT_EQ(detail(rep, 2).at("outcome").as_string(), "new");  // good, yet not written
  auto issues = detail(rep, 3).at("issues").as_array();
  ASSERT_EQ(issues.size(), 1u) << json::serialize(issues);
  EXPECT_EQ(issues[0].at("column").as_int64(), 2);
  EXPECT_EQ(issues[0].at("column_name").as_string(), "统一社会信用代码");
  EXPECT_EQ(issues[0].at("field").as_string(), "credit_code");
  EXPECT_EQ(issues[0].at("code").as_string(), "credit_code_check");  // as POST /enterprises says
  EXPECT_EQ(issues[0].at("params").at("expected").as_string(),
            std::string(1, credit_code_check_character(bad.substr(0, 17))));
  issues = detail(rep, 4).at("issues").as_array();
  ASSERT_EQ(issues.size(), 2u) << json::serialize(issues);
  EXPECT_EQ(issues[0].at("code").as_string(), "industry_code_section");
  EXPECT_EQ(issues[0].at("column").as_int64(), 8);
  EXPECT_EQ(issues[1].at("code").as_string(), "one_of");
  EXPECT_EQ(issues[1].at("column_name").as_string(), "状态");
  issues = detail(rep, 6).at("issues").as_array();
  ASSERT_EQ(issues.size(), 1u) << json::serialize(issues);
  EXPECT_EQ(issues[0].at("code").as_string(), "duplicate_in_file");
  EXPECT_TRUE(listed(*office, "错码测试").empty()) << "nothing written";
  // A dry run reports the same, with 200.
  r = import(*office, bytes, "&dry_run=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("errors").as_int64(), 3);
  EXPECT_TRUE(listed(*office, "错码测试").empty());
}

TEST_F(EnterpriseSheetsTest, AGbkCsvInGcj02IsReadAndItsPointsStoredAsWgs84) {
  std::string csv = to_gbk(
      "name,credit_code,legal_rep,lng,lat,unit,status\r\n"
      "开封市禹王台区国标编码测试厂," +
      code("91410205MA40MPT05") +
      ",赵国标,116.41024449916938,39.91640428150164,南郊村,正常生产经营\r\n"
      "国标编码测试作坊,,钱作坊,,,南郊乡,停产\r\n");
  auto r =
      office->request("POST", "/api/v1/enterprises/import?datum=gcj02", csv, {{"Content-Type", "text/csv"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("format").as_string(), "csv (gb18030)");
  EXPECT_EQ(r.obj().at("datum").as_string(), "gcj02");
  EXPECT_EQ(r.obj().at("new").as_int64(), 2);
  auto got = listed(*office, "国标编码测试");
  ASSERT_EQ(got.size(), 2u);
  auto loc = got["开封市禹王台区国标编码测试厂"].at("location").as_object();
  // tests/core/geo_test.cpp: GCJ-02 (116.41024449916938, 39.91640428150164) is WGS-84 (116.404, 39.915).
  EXPECT_NEAR(loc.at("lng").to_number<double>(), 116.404, 1e-7);
  EXPECT_NEAR(loc.at("lat").to_number<double>(), 39.915, 1e-7);
  EXPECT_EQ(got["国标编码测试作坊"].at("legal_rep").as_string(), "钱作坊");
  EXPECT_EQ(code_of(office->request("POST", "/api/v1/enterprises/import?datum=cgcs2000", csv)),
            "query_unknown_value");
}

TEST_F(EnterpriseSheetsTest, TheExportReimportedChangesNothing) {
  // Something of every kind first: a point converted from BD-09, no credit code, a village.
  auto r = office->post_json("/api/v1/enterprises",
                             {{"name", "往返测试百度坐标厂"},
                              {"unit_id", unit_id("汪屯村")},
                              {"location", {{"lng", 114.3512345}, {"lat", 34.7812345}, {"datum", "bd09"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto exported = office->get("/api/v1/enterprises/export.xlsx");
  ASSERT_EQ(exported.status, 200) << exported.body.substr(0, 300);
  EXPECT_EQ(exported.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(exported.header("content-disposition").find("enterprises-"), std::string::npos);
  auto rows = cells_of(exported.body);
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0], kHeaders);
  int64_t total = office->get("/api/v1/enterprises?per_page=1").obj().at("total").as_int64();
  EXPECT_EQ(int64_t(rows.size()) - 1, total);
  // The header row frozen and filtered.
  auto zip = io::ZipReader::open(exported.body, 64 << 20);
  ASSERT_TRUE(zip.ok());
  auto xml = zip->read("xl/worksheets/sheet1.xml");
  ASSERT_TRUE(xml.ok() && *xml);
  EXPECT_NE((*xml)->find("state=\"frozen\""), std::string::npos);
  EXPECT_NE((*xml)->find("ySplit=\"1\""), std::string::npos);
  EXPECT_NE((*xml)->find("<autoFilter ref=\"A1:L"), std::string::npos);

  r = import(*office, exported.body);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
  auto rep = r.obj();
  EXPECT_EQ(rep.at("rows").as_int64(), total);
  EXPECT_EQ(rep.at("unchanged").as_int64(), total);
  EXPECT_EQ(rep.at("new").as_int64(), 0);
  EXPECT_EQ(rep.at("changed").as_int64(), 0);
  EXPECT_EQ(rep.at("errors").as_int64(), 0);
  EXPECT_TRUE(rep.at("alerts").as_array().empty());
  // A township's export holds its own only, and goes back as unchanged.
  auto theirs = leader->get("/api/v1/enterprises/export.xlsx?status=operating,stopped");
  ASSERT_EQ(theirs.status, 200);
  int64_t own =
      leader->get("/api/v1/enterprises?per_page=1&status=operating,stopped").obj().at("total").as_int64();
  EXPECT_EQ(int64_t(cells_of(theirs.body).size()) - 1, own);
  r = import(*leader, theirs.body);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 2000);
  EXPECT_EQ(r.obj().at("unchanged").as_int64(), own);
}

TEST_F(EnterpriseSheetsTest, AnEditedExportUpdatesTheEnterprisesItCameFrom) {
  std::string c = code("91410205MA40MPT06");
  auto a = office->post_json("/api/v1/enterprises", {{"name", "改表测试甲厂"},
                                                     {"credit_code", c},
                                                     {"legal_rep", "孙改甲"},
                                                     {"unit_id", unit_id("南郊村")}});
  ASSERT_EQ(a.status, 201) << a.body;
  auto b =
      office->post_json("/api/v1/enterprises", {{"name", "改表测试乙作坊"}, {"unit_id", unit_id("南郊村")}});
  ASSERT_EQ(b.status, 201) << b.body;
  auto exported = office->get("/api/v1/enterprises/export.xlsx?q=改表测试");
  ASSERT_EQ(exported.status, 200);
  auto rows = cells_of(exported.body);
  ASSERT_EQ(rows.size(), 3u);
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i][0] == "改表测试甲厂") {
      rows[i][2] = "孙改乙";          // 法定代表人
      rows[i][10] = "停产";           // 状态
      rows[i][9] = "南郊村第三网格";  // 网格
    } else {
      rows[i][0] = "改表测试乙作坊（已更名）";  // matched by its 企业ID: it has no credit code
      rows[i][8] = "南郊乡";                    // moved up to the township
    }
  }
  auto r = import(*office, rewrite(rows));
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.obj();
  EXPECT_EQ(rep.at("changed").as_int64(), 2);
  EXPECT_EQ(rep.at("new").as_int64(), 0);
  json::array changes;
  for (auto& d : rep.at("details").as_array())
    if (d.at("id").as_int64() == a.obj().at("id").as_int64()) changes = d.at("changes").as_array();
  ASSERT_EQ(changes.size(), 3u) << json::serialize(rep);
  EXPECT_EQ(changes[0].at("field").as_string(), "legal_rep");
  EXPECT_EQ(changes[0].at("from").as_string(), "孙改甲");
  EXPECT_EQ(changes[0].at("to").as_string(), "孙改乙");
  EXPECT_EQ(changes[2].at("field").as_string(), "status");
  EXPECT_EQ(changes[2].at("to").as_string(), "停产");
  auto got = office->get("/api/v1/enterprises/" + std::to_string(a.obj().at("id").as_int64())).obj();
  EXPECT_EQ(got.at("legal_rep").as_string(), "孙改乙");
  EXPECT_EQ(got.at("status").as_string(), "stopped");
  EXPECT_EQ(got.at("grid").as_string(), "南郊村第三网格");
  EXPECT_EQ(got.at("version").as_int64(), 2);
  got = office->get("/api/v1/enterprises/" + std::to_string(b.obj().at("id").as_int64())).obj();
  EXPECT_EQ(got.at("name").as_string(), "改表测试乙作坊（已更名）");
  EXPECT_EQ(got.at("unit_name").as_string(), "南郊乡");
  auto audit = office
                   ->get("/api/v1/audit?entity=enterprise&action=update&entity_id=" +
                         std::to_string(a.obj().at("id").as_int64()))
                   .obj();
  EXPECT_EQ(audit.at("items").as_array().size(), 1u);
  // The same file again: nothing more changes.
  r = import(*office, rewrite(rows));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("unchanged").as_int64(), 2);
  EXPECT_EQ(r.obj().at("changed").as_int64(), 0);
  // An id that is no enterprise of the reader's is refused.
  rows[1][11] = "999999";
  r = import(*office, rewrite(rows));
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(detail(report_of(r), 2).at("issues").as_array()[0].at("code").as_string(),
            "enterprise_not_found");
}

TEST_F(EnterpriseSheetsTest, ARowLikeABannedEnterpriseRaisesASuspectedRelocation) {
  auto b = office->post_json("/api/v1/banned-enterprises", {{"name", "开封市龙亭区鑫源塑料颗粒加工厂"},
                                                            {"legal_rep", "钱鑫源"},
                                                            {"phone", "13611113333"},
                                                            {"origin", "龙亭区"},
                                                            {"banned_on", "2017-09-20"}});
  ASSERT_EQ(b.status, 201) << b.body;
  int64_t banned = b.obj().at("id").as_int64();
  auto alerts_of_banned = [&] {
    auto r = office->get("/api/v1/relocation-alerts?banned_enterprise_id=" + std::to_string(banned));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().at("items").as_array();
  };
  std::string csv =
      "企业名称,法定代表人,联系电话,所属单位\n"
      "禹王台区鑫源塑料制品有限公司,钱鑫源,13611113333,南郊村\n"
      "禹王台区无关机械厂,周无关,13700001111,南郊村\n";
  // The dry run says what it would raise, and raises nothing.
  auto r = import(*office, csv, "&dry_run=true");
  ASSERT_EQ(r.status, 200) << r.body;
  auto would = r.obj().at("alerts").as_array();
  ASSERT_EQ(would.size(), 1u) << r.body;
  EXPECT_EQ(would[0].at("row").as_int64(), 2);
  EXPECT_EQ(would[0].at("banned_enterprise_id").as_int64(), banned);
  EXPECT_EQ(would[0].at("banned_name").as_string(), "开封市龙亭区鑫源塑料颗粒加工厂");
  EXPECT_EQ(would[0].at("banned_origin").as_string(), "龙亭区");
  EXPECT_TRUE(would[0].at("id").is_null());
  EXPECT_TRUE(alerts_of_banned().empty());
  // The import raises it, once, for the enterprise registered.
  r = import(*office, csv);
  ASSERT_EQ(r.status, 200) << r.body;
  auto raised = r.obj().at("alerts").as_array();
  ASSERT_EQ(raised.size(), 1u) << r.body;
  EXPECT_TRUE(raised[0].at("id").is_int64());
  EXPECT_GE(raised[0].at("score").to_number<double>(), 0.6);
  auto stored = alerts_of_banned();
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].at("id"), raised[0].at("id"));
  EXPECT_EQ(stored[0].at("enterprise_id"), raised[0].at("enterprise_id"));
  EXPECT_EQ(stored[0].at("enterprise_name").as_string(), "禹王台区鑫源塑料制品有限公司");
  // Imported again (names do not key a row: it would register them again), the
  // registered one by its id is unchanged and raises nothing more.
  auto id = raised[0].at("enterprise_id").as_int64();
  r = import(*office,
             "企业ID,企业名称,法定代表人\n" + std::to_string(id) + ",禹王台区鑫源塑料制品有限公司,钱鑫源\n");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("unchanged").as_int64(), 1);
  EXPECT_TRUE(r.obj().at("alerts").as_array().empty());
  EXPECT_EQ(alerts_of_banned().size(), 1u);
}

TEST_F(EnterpriseSheetsTest, ADryRunWritesNothing) {
  std::string csv = "企业名称,所属单位\n预演测试甲厂,南郊村\n预演测试乙厂,南郊乡\n";
  int64_t before = office->get("/api/v1/enterprises?per_page=1").obj().at("total").as_int64();
  int64_t audits = office->get("/api/v1/audit?entity=enterprise&per_page=1").obj().at("total").as_int64();
  auto r = import(*office, csv, "&dry_run=true");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.obj().at("new").as_int64(), 2);
  EXPECT_TRUE(r.obj().at("dry_run").as_bool());
  EXPECT_FALSE(r.obj().at("written").as_bool());
  EXPECT_TRUE(detail(r.obj(), 2).at("id").is_null());
  EXPECT_EQ(office->get("/api/v1/enterprises?per_page=1").obj().at("total").as_int64(), before);
  EXPECT_EQ(office->get("/api/v1/audit?entity=enterprise&per_page=1").obj().at("total").as_int64(), audits);
  EXPECT_TRUE(listed(*office, "预演测试").empty());
}

TEST_F(EnterpriseSheetsTest, ATownshipCannotImportIntoAnotherTownship) {
  std::string theirs = code("91410205MA40MPT07");
  auto w = office->post_json(
      "/api/v1/enterprises",
      {{"name", "越界测试汪屯厂"}, {"credit_code", theirs}, {"unit_id", unit_id("汪屯村")}});
  ASSERT_EQ(w.status, 201) << w.body;
  std::string csv =
      "企业名称,统一社会信用代码,所属单位\n"
      "越界测试南郊厂,,南郊村\n"
      "越界测试汪屯新厂,,汪屯村\n"
      "越界测试改名厂," +
      theirs + ",\n";
  auto r = import(*leader, csv);
  ASSERT_EQ(r.status, 422) << r.body;
  auto rep = report_of(r);
  EXPECT_EQ(rep.at("errors").as_int64(), 2);
  auto issue = detail(rep, 3).at("issues").as_array().at(0).as_object();
  EXPECT_EQ(issue.at("code").as_string(), "not_in_scope");
  EXPECT_EQ(issue.at("column").as_int64(), 3);
  EXPECT_EQ(issue.at("column_name").as_string(), "所属单位");
  issue = detail(rep, 4).at("issues").as_array().at(0).as_object();
  EXPECT_EQ(issue.at("code").as_string(), "credit_code_taken");  // another township's enterprise
  EXPECT_TRUE(listed(*office, "越界测试南郊厂").empty()) << "nothing written";
  EXPECT_EQ(office->get("/api/v1/enterprises/" + std::to_string(w.obj().at("id").as_int64()))
                .obj()
                .at("name")
                .as_string(),
            "越界测试汪屯厂");
  // Their own units only; no unit: their own.
  r = import(*leader, "企业名称,所属单位\n越界测试南郊厂,南郊村\n越界测试本乡厂,\n");
  ASSERT_EQ(r.status, 200) << r.body;
  auto got = listed(*leader, "越界测试");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got["越界测试本乡厂"].at("unit_name").as_string(), "南郊乡");
  // Read-only roles do not import; they export what they see.
  EXPECT_EQ(import(*viewer, "企业名称\n只读厂\n").status, 403);
  EXPECT_EQ(viewer->get("/api/v1/enterprises/export.xlsx").status, 200);
}

TEST_F(EnterpriseSheetsTest, FilesThatAreNoRegistryAndTooManyRows) {
  EXPECT_EQ(code_of(import(*office, "名称x,地址\n甲,乙\n")), "enterprise_no_header");
  EXPECT_EQ(code_of(import(*office, "")), "file_empty");
  std::string many = "企业名称\n";
  for (int i = 0; i <= 5000; ++i) many += "超限测试厂" + std::to_string(i) + "\n";
  auto r = import(*office, many, "&dry_run=true");
  EXPECT_EQ(r.status, 422) << r.body.substr(0, 300);
  EXPECT_EQ(code_of(r), "import_too_many_rows");
  EXPECT_EQ(r.obj().at("errors").as_array()[0].at("params").at("max").as_string(), "5000");
  // A header of the English names, a blank row and a name missing.
  r = import(*office, "name,unit\n\n,南郊村\n");
  ASSERT_EQ(r.status, 422) << r.body;
  auto issue = detail(report_of(r), 3).at("issues").as_array().at(0).as_object();
  EXPECT_EQ(issue.at("code").as_string(), "required");
  EXPECT_EQ(issue.at("field").as_string(), "name");
}

}  // namespace
}  // namespace lantian::test
