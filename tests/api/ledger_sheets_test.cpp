// Ledgers in and out of spreadsheets over HTTP, on SQLite and (api_pg_tests)
// PostgreSQL: the export's layout read back by openpyxl and opened by
// LibreOffice, a re-imported export updating the rows it came from, bad rows
// stopping an import unless valid rows only, a GBK CSV, merged cells and
// dates as numbers and as text, duplicates, and a large file written in the
// background.
#include <gtest/gtest.h>
#include <iconv.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"
#include "support/gbk.h"
#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

// Runs a command; its exit code and output.
int run(const std::string& cmd, std::string* out) {
  std::string full = cmd + " 2>&1";
  FILE* p = popen(full.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out->append(buf, n);
  int rc = pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

bool in_ci() {
  const char* ci = std::getenv("CI");
  return ci && std::string(ci) == "true";
}

class LedgerSheetsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server = new ServerProcess(true, {"--clock-start", "2017-10-02T09:00:00+08:00"});
    std::random_device rd;
    dir = new fs::path(fs::temp_directory_path() / ("lantian-sheets-" + std::to_string(rd())));
    fs::create_directories(*dir);
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
    std::error_code ec;
    fs::remove_all(*dir, ec);
    delete dir;
  }
  static inline ServerProcess* server = nullptr;
  static inline fs::path* dir = nullptr;

  void SetUp() override {
    if (!staff) {
      staff = server->client_for("staff");
      office = server->client_for("office");
    }
  }

  json::object boiler(const std::string& owner, const std::string& number = "1号") {
    json::object fields{{"owner_name", owner},       {"boiler_number", number},
                        {"boiler_kind", "boiler"},   {"capacity", 2},
                        {"fuel", "raw_coal"},        {"use", "heating"},
                        {"address", owner + "院内"}, {"disposition", "gas"},
                        {"deadline", "2017-10-31"},  {"responsible_person", "李四"}};
    auto units = office->get("/api/v1/units?per_page=200").obj();
    int64_t nanjiao = 0;
    for (auto& u : units.at("items").as_array())
      if (u.at("name").as_string() == "南郊乡") nanjiao = u.at("id").as_int64();
    auto r =
        staff->post_json("/api/v1/ledgers/coal_boilers/rows", {{"unit_id", nanjiao}, {"fields", fields}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj() : json::object{};
  }
  std::string export_xlsx(HttpClient& c, const std::string& query = "") {
    auto r = c.get("/api/v1/ledgers/coal_boilers/export.xlsx" + query);
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    return r.body;
  }
  json::object import(HttpClient& c, const std::string& bytes, const std::string& query, int status = 200) {
    auto r = c.request("POST", "/api/v1/ledgers/coal_boilers/import?filename=t" + query, bytes);
    EXPECT_EQ(r.status, status) << r.body.substr(0, 600);
    return r.status == status ? r.obj() : json::object{};
  }
  int64_t total(HttpClient& c) {
    return c.get("/api/v1/ledgers/coal_boilers/rows?per_page=1").obj().at("total").as_int64();
  }
  // The sheet as written by io::XlsxWriter from rows of text.
  static std::string workbook(const std::vector<std::string>& headers,
                              const std::vector<std::vector<io::CellValue>>& rows,
                              const std::vector<std::array<int, 4>>& merges = {}) {
    io::XlsxWriter w;
    EXPECT_TRUE(w.add_sheet("台账", headers).ok());
    for (const auto& r : rows) EXPECT_TRUE(w.add_row(r).ok());
    for (const auto& m : merges)
      EXPECT_TRUE(w.merge(m[0], m[1], m[2], m[3], rows[size_t(m[0] - 1)][size_t(m[1])]).ok());
    auto bytes = w.finish();
    EXPECT_TRUE(bytes.ok());
    return bytes.ok() ? *bytes : std::string();
  }
  static const json::object* detail_of(const json::object& report, int row) {
    for (auto& d : report.at("details").as_array())
      if (d.at("row").as_int64() == row) return &d.as_object();
    return nullptr;
  }

  std::unique_ptr<HttpClient> staff, office;
};

TEST_F(LedgerSheetsTest, TheExportHasTheDeclaredLayoutForOpenpyxlAndLibreOffice) {
  boiler("导出测试户甲");
  std::string bytes = export_xlsx(*office);
  fs::path file = *dir / "export.xlsx";
  std::ofstream(file, std::ios::binary) << bytes;
  std::string out;
  int rc =
      run("/usr/bin/python3 -c \"import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.active; "
          "print(ws.freeze_panes); print(ws.auto_filter.ref); print('|'.join(str(c.value) for c in ws[1])); "
          "rows=[r for r in ws.iter_rows(min_row=2, values_only=True) if r[1]=='导出测试户甲']; "
          "print(rows[0])\" " +
              file.string(),
          &out);
  if (rc != 0 && !in_ci() && out.find("No module named") != std::string::npos) GTEST_SKIP() << out;
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("A2"), std::string::npos) << out;   // the header row is frozen
  EXPECT_NE(out.find("A1:"), std::string::npos) << out;  // and filtered
  EXPECT_NE(out.find("责任单位|使用单位（户）|统一社会信用代码|锅炉编号|炉型|额定容量|燃料"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("'南郊乡', '导出测试户甲'"), std::string::npos) << out;
  EXPECT_NE(out.find("'煤改气'"), std::string::npos) << out;                        // a choice by its label
  EXPECT_NE(out.find("datetime.datetime(2017, 10, 31"), std::string::npos) << out;  // a real date
  EXPECT_NE(out.find("'已排查登记'"), std::string::npos) << out;                    // the state by its label
  // LibreOffice opens it (headless conversion to CSV; 76 = UTF-8).
  out.clear();
  rc = run("cd " + dir->string() + " && HOME=" + dir->string() +
               " timeout 120 soffice --headless --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' "
               "--outdir " +
               dir->string() + " " + file.string(),
           &out);
  if (rc == 127 && !in_ci()) GTEST_SKIP() << "LibreOffice is not installed: " << out;
  ASSERT_EQ(rc, 0) << out;
  std::ifstream csv(*dir / "export.csv", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(csv)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("导出测试户甲"), std::string::npos) << text.substr(0, 400);
}

TEST_F(LedgerSheetsTest, AReimportedExportUpdatesTheRowsItCameFrom) {
  int64_t id = boiler("回导测试户乙").at("id").as_int64();
  std::string bytes = export_xlsx(*staff);
  int64_t before = total(*staff);
  auto same = import(*staff, bytes, "");
  auto rep = same.at("report").as_object();
  EXPECT_EQ(rep.at("errors").as_int64(), 0) << json::serialize(rep).substr(0, 800);
  EXPECT_EQ(rep.at("new").as_int64(), 0);
  EXPECT_EQ(rep.at("changed").as_int64(), 0);
  EXPECT_EQ(rep.at("unchanged").as_int64(), before);
  EXPECT_EQ(total(*staff), before);
  // Change one cell, add one row: read the export, write it back edited.
  auto sheet = io::read_sheet(bytes);
  ASSERT_TRUE(sheet.ok());
  std::vector<std::string> headers;
  for (int c = 0; c < sheet->cols; ++c) headers.push_back(sheet->cell(0, c).as_text());
  std::vector<std::vector<io::CellValue>> rows;
  int changed_row = 0;
  for (int r = 1; r < sheet->rows; ++r) {
    std::vector<io::CellValue> row;
    for (int c = 0; c < sheet->cols; ++c) {
      std::string v = sheet->cell(r, c).as_text();
      row.push_back(v.empty() ? io::CellValue(std::monostate{}) : io::CellValue(v));
    }
    if (sheet->cell(r, 1).as_text() == "回导测试户乙") {
      row[5] = 4.0;  // 额定容量
      changed_row = r + 1;
    }
    rows.push_back(row);
  }
  ASSERT_GT(changed_row, 0);
  auto fresh = rows.back();
  fresh[1] = std::string("回导新增户丙");
  fresh[2] = std::monostate{};
  rows.push_back(fresh);
  auto edited = import(*staff, workbook(headers, rows), "");
  rep = edited.at("report").as_object();
  EXPECT_TRUE(rep.at("written").as_bool()) << json::serialize(rep).substr(0, 800);
  EXPECT_EQ(rep.at("changed").as_int64(), 1);
  EXPECT_EQ(rep.at("new").as_int64(), 1);
  const json::object* d = detail_of(rep, changed_row);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->at("outcome").as_string(), "changed");
  EXPECT_EQ(d->at("id").as_int64(), id);
  auto row = staff->get("/api/v1/ledger-rows/" + std::to_string(id)).obj();
  EXPECT_EQ(row.at("fields").at("capacity").as_double(), 4.0);
  EXPECT_EQ(row.at("status").as_string(), "registered");  // the status column is never written back
  EXPECT_EQ(total(*staff), before + 1);
}

TEST_F(LedgerSheetsTest, BadRowsStopAGbkImportUnlessValidRowsOnlyAndSayWhere) {
  std::string csv =
      "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人\n"
      "南郊乡,编码测试户一,1号,燃煤锅炉,2,原煤（散煤）,供暖,测试路1号,拆除,2017/10/31,王五\n"
      "南郊乡,编码测试户二,1号,燃煤锅炉,两吨,原煤（散煤）,供暖,测试路2号,拆除,2017-10-31,王五\n"
      "汪屯乡,编码测试户三,1号,燃煤锅炉,2,型煤,生产,测试路3号,煤改电,2017年10月31日,王五\n";
  int64_t before = total(*staff);
  auto r = import(*staff, to_gbk(csv), "");
  auto rep = r.at("report").as_object();
  EXPECT_EQ(rep.at("format").as_string(), "csv (gb18030)");
  EXPECT_FALSE(rep.at("written").as_bool());
  EXPECT_EQ(rep.at("errors").as_int64(), 2);
  const json::object* bad = detail_of(rep, 3);  // line 3: 两吨 is not a number
  ASSERT_NE(bad, nullptr);
  auto issue = bad->at("issues").as_array()[0].as_object();
  EXPECT_EQ(issue.at("column").as_int64(), 4);
  EXPECT_EQ(issue.at("field").as_string(), "capacity");
  EXPECT_EQ(issue.at("code").as_string(), "not_a_number");
  const json::object* outside = detail_of(rep, 4);  // 汪屯乡 is not the staff's
  ASSERT_NE(outside, nullptr);
  EXPECT_EQ(outside->at("issues").as_array()[0].at("code").as_string(), "not_in_scope");
  EXPECT_EQ(total(*staff), before);  // all or nothing
  r = import(*staff, to_gbk(csv), "&mode=valid_rows");
  rep = r.at("report").as_object();
  EXPECT_TRUE(rep.at("written").as_bool());
  EXPECT_EQ(rep.at("new").as_int64(), 1);
  EXPECT_EQ(total(*staff), before + 1);
  // The same file again: the valid row is there now (matched by its key), the bad ones still bad.
  r = import(*staff, to_gbk(csv), "&mode=valid_rows&dry_run=true");
  EXPECT_EQ(r.at("report").at("unchanged").as_int64(), 1);
}

TEST_F(LedgerSheetsTest, MergedCellsAndDatesAsNumbersOrTextAreRead) {
  std::vector<std::string> headers{"责任单位", "使用单位（户）", "锅炉编号", "炉型",     "额定容量", "燃料",
                                   "用途",     "详细地址",       "淘汰方式", "完成时限", "责任人"};
  auto row = [](const char* unit, const char* owner, io::CellValue deadline) {
    return std::vector<io::CellValue>{std::string(unit),
                                      std::string(owner),
                                      std::string("1号"),
                                      std::string("茶浴炉"),
                                      0.5,
                                      std::string("原煤（散煤）"),
                                      std::string("洗浴"),
                                      std::string("合并测试路"),
                                      std::string("拆除"),
                                      deadline,
                                      std::string("赵六")};
  };
  auto day = parse_date("2017-10-30");
  ASSERT_TRUE(day);
  // 责任单位 merged over the two rows (A2:A3); one deadline a real date, one text.
  std::string bytes = workbook(
      headers, {row("南郊乡", "合并测试户一", *day), row("", "合并测试户二", std::string("2017年10月29日"))},
      {{1, 0, 2, 0}});
  auto r = import(*staff, bytes, "&dry_run=true");
  auto rep = r.at("report").as_object();
  EXPECT_EQ(rep.at("errors").as_int64(), 0) << json::serialize(rep).substr(0, 800);
  EXPECT_EQ(rep.at("new").as_int64(), 2);
  EXPECT_FALSE(rep.at("written").as_bool());  // a preview
  r = import(*staff, bytes, "");
  ASSERT_TRUE(r.at("report").at("written").as_bool());
  auto list = staff->get("/api/v1/ledgers/coal_boilers/rows?per_page=200").obj();
  int found = 0;
  for (auto& x : list.at("items").as_array()) {
    std::string t(x.at("title").as_string());
    if (t == "合并测试户一") {
      ++found;
      EXPECT_EQ(x.at("fields").at("deadline").as_string(), "2017-10-30");
      EXPECT_EQ(x.at("unit").at("name").as_string(), "南郊乡");
    }
    if (t == "合并测试户二") {
      ++found;
      EXPECT_EQ(x.at("fields").at("deadline").as_string(), "2017-10-29");
      EXPECT_EQ(x.at("unit").at("name").as_string(), "南郊乡");  // from the merged cell
    }
  }
  EXPECT_EQ(found, 2);
}

TEST_F(LedgerSheetsTest, DuplicatesOfRowsInTheLedgerAreRefused) {
  boiler("重复测试户");  // address 重复测试户院内
  std::string csv =
      "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人\n"
      "南郊乡,重复测试户,9号,燃煤锅炉,2,原煤（散煤）,供暖,重复测试户院内,拆除,2017-10-31,王五\n";
  auto rep = import(*staff, csv, "&dry_run=true").at("report").as_object();
  EXPECT_EQ(rep.at("errors").as_int64(), 1);
  auto issue = rep.at("details").as_array()[0].at("issues").as_array()[0].as_object();
  EXPECT_EQ(issue.at("code").as_string(), "duplicate_of");
  EXPECT_EQ(std::string(issue.at("params").at("other").as_string()).substr(0, 1), "#");
}

// An exported ledger comes back whole: the import takes a body past the
// server's general 8 MiB limit ([server] max_import_bytes, 64 MiB), and no
// other route does: they answer 413 with a problem body as soon as the
// header says how long the body is.
TEST_F(LedgerSheetsTest, OnlyTheImportTakesABodyPastTheGeneralLimit) {
  const size_t big = 9u << 20;
  std::string csv = "使用单位（户）,详细地址\n";
  csv.resize(big, '\n');  // empty lines: nothing to import, but all of it read
  auto r = import(*staff, csv, "&dry_run=true");
  ASSERT_TRUE(r.contains("report")) << json::serialize(r).substr(0, 300);
  EXPECT_EQ(r.at("report").at("rows").as_int64(), 0);
  EXPECT_EQ(r.at("report").at("headers").as_array().size(), 2u);
  HttpClient raw(server->port());
  for (const char* target :
       {"/api/v1/ledger-rows/1/files?filename=a.png", "/api/v1/ledgers/coal_boilers/rows",
        "/api/v1/ledgers/coal_boilers/export.xlsx", "/api/v1/nowhere"}) {
    std::string out =
        raw.raw(std::string("POST ") + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                "Authorization: " + staff->default_headers.at("Authorization") +
                "\r\nContent-Type: text/csv\r\nContent-Length: " + std::to_string(big) + "\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << target << ": " << out.substr(0, 300);
    EXPECT_NE(out.find("application/problem+json"), std::string::npos) << out.substr(0, 300);
    auto body = out.find("\r\n\r\n");
    ASSERT_NE(body, std::string::npos);
    auto problem = json::parse(out.substr(body + 4)).as_object();
    EXPECT_EQ(problem.at("status").as_int64(), 413);
    EXPECT_NE(std::string(problem.at("type").as_string()).find("payload-too-large"), std::string::npos);
  }
  // The import's own limit holds too.
  std::string out = raw.raw(
      "POST /api/v1/ledgers/coal_boilers/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Length: " +
      std::to_string((64u << 20) + 1) + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out.substr(0, 300);
}

// [server] max_import_bytes sets the import's limit.
TEST(LedgerImportLimit, IsConfigurable) {
  auto dir = fs::temp_directory_path() / ("lantian-import-limit-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  std::ofstream(dir / "lantian.toml") << "[server]\nmax_import_bytes = 1048576\n";
  ServerProcess small(false, {"--config", (dir / "lantian.toml").string()});
  auto admin = small.client_for("admin");
  std::string csv = "使用单位（户）\n";
  csv.resize(1u << 20, '\n');
  auto ok = admin->request("POST", "/api/v1/ledgers/coal_boilers/import?dry_run=true", csv,
                           {{"Content-Type", "text/csv"}});
  EXPECT_EQ(ok.status, 200) << ok.body.substr(0, 300);
  csv += "\n";
  HttpClient raw(small.port());
  std::string out = raw.raw(
      "POST /api/v1/ledgers/coal_boilers/import HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Length: " +
      std::to_string(csv.size()) + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out.substr(0, 300);
  fs::remove_all(dir);
}

TEST_F(LedgerSheetsTest, ALargeFileIsWrittenInTheBackgroundWithProgress) {
  std::string csv =
      "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人\n";
  const int n = 2500;
  for (int i = 0; i < n; ++i)
    csv += "南郊乡,批量户" + std::to_string(i) + ",1号,燃煤大灶,0.1,原煤（散煤）,餐饮炊事,批量路" +
           std::to_string(i) + "号,拆除,2017-10-31,钱七\n";
  int64_t before = total(*staff);
  auto r = import(*staff, csv, "", 202);
  ASSERT_TRUE(r.contains("job")) << json::serialize(r).substr(0, 400);
  std::string url(r.at("job").at("url").as_string());
  EXPECT_EQ(r.at("report").at("new").as_int64(), n);
  // Other requests are answered meanwhile.
  EXPECT_EQ(office->get("/healthz").status, 200);
  EXPECT_EQ(office->get(url).status, 404);  // only its importer reads it
  json::object job;
  for (int i = 0; i < 600; ++i) {
    job = staff->get(url).obj();
    if (job.at("state").as_string() == "done" || job.at("state").as_string() == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(job.at("state").as_string(), "done") << json::serialize(job).substr(0, 400);
  EXPECT_EQ(job.at("processed").as_int64(), n);
  EXPECT_TRUE(job.at("report").at("written").as_bool());
  EXPECT_EQ(total(*staff), before + n);
  // Written many rows per statement: each reported row is the row at its id,
  // with its address and its own "create" event.
  auto details = job.at("report").at("details").as_array();
  ASSERT_EQ(details.size(), 200u);
  for (size_t k = 0; k < details.size(); k += 37) {
    const auto& d = details[k].as_object();
    std::string id = std::to_string(d.at("id").as_int64());
    auto row = staff->get("/api/v1/ledger-rows/" + id).obj();
    EXPECT_EQ(row.at("title"), d.at("title"));
    std::string i = std::string(d.at("title").as_string()).substr(std::string("批量户").size());
    EXPECT_EQ(row.at("fields").at("address").as_string(), "批量路" + i + "号");
    auto events = staff->get("/api/v1/ledger-rows/" + id + "/events").obj().at("items").as_array();
    ASSERT_EQ(events.size(), 1u) << id;
    EXPECT_EQ(events[0].at("action").as_string(), "create");
    EXPECT_EQ(events[0].at("note").as_string(), "导入");
  }
}

// The instance writing a large import dies half-way (SIGKILL): the chunks it
// committed stay only until the leader's recovery, once the job's heartbeat
// is stale, takes them back — new rows removed, changed rows as they were —
// and the importer reads why from the restarted server.
TEST_F(LedgerSheetsTest, AnImportWhoseServerDiedIsTakenBackWhole) {
  auto kept = boiler("恢复测试户");
  ASSERT_FALSE(kept.empty());
  const std::string row = "/api/v1/ledger-rows/" + std::to_string(kept.at("id").as_int64());
  std::string csv =
      "责任单位,使用单位（户）,锅炉编号,炉型,额定容量,燃料,用途,详细地址,淘汰方式,完成时限,责任人\n"
      "南郊乡,恢复测试户,1号,燃煤锅炉,0.5,原煤（散煤）,供暖,恢复测试户院内,拆除,2017-10-31,李四\n";
  const int n = 30000;
  for (int i = 0; i < n; ++i)
    csv += "南郊乡,中断户" + std::to_string(i) + ",1号,燃煤大灶,0.1,原煤（散煤）,餐饮炊事,中断路" +
           std::to_string(i) + "号,拆除,2017-10-31,钱七\n";
  const int64_t before = total(*staff);
  auto r = import(*staff, csv, "", 202);
  ASSERT_TRUE(r.contains("job"));
  EXPECT_EQ(r.at("report").at("changed").as_int64(), 1);
  std::string url(r.at("job").at("url").as_string());
  // Killed once the first chunk (with the changed row) is committed.
  json::object job;
  for (int i = 0; i < 3000; ++i) {
    job = staff->get(url).obj();
    if (job.at("processed").as_int64() >= 1000 || job.at("state").as_string() != "queued") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(job.at("state").as_string(), "running") << json::serialize(job).substr(0, 300);
  server->crash();
  // Two hours later the heartbeat is stale: the new leader's first pass takes it back.
  server->start({"--clock-start", "2017-10-02T11:00:00+08:00"});
  staff.reset();
  office.reset();
  SetUp();
  for (int i = 0; i < 600; ++i) {
    job = staff->get(url).obj();
    if (job.at("state").as_string() != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(job.at("state").as_string(), "failed") << json::serialize(job).substr(0, 300);
  EXPECT_EQ(job.at("error").at("code").as_string(), "import_interrupted");
  EXPECT_TRUE(job.at("report").is_null());
  EXPECT_EQ(total(*staff), before);
  EXPECT_EQ(staff->get(row).obj().at("fields").at("capacity").as_double(), 2);
}

}  // namespace
}  // namespace lantian::test
