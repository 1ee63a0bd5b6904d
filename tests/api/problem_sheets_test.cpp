// Supervision problems in and out of spreadsheets over HTTP, on SQLite and
// (api_pg_tests) PostgreSQL: an inspection team's 督办清单 with a title row,
// an information line, merged cells, dates as date cells, as plain numbers
// and as text, "5个工作日" and "立行立改"; its bad rows (an unknown unit, an
// unknown type, a bad date) stopping an all-or-nothing import and skipped
// with valid rows only; a second import creating nothing; the rectification
// ledger read back by openpyxl; an edited ledger re-imported updating the
// one problem still registered; a GBK CSV in GCJ-02; the template; who may.
#include <gtest/gtest.h>
#include <iconv.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"
#include "support/demo_suite.h"
#include "support/gbk.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

int run(const std::string& cmd, std::string* out) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
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

using Cells = std::vector<io::CellValue>;
io::CellValue text(const std::string& s) {
  return s.empty() ? io::CellValue(std::monostate{}) : io::CellValue(s);
}
io::CellValue date(const std::string& s) { return *parse_date(s); }

// The columns of the lists below.
const std::vector<std::string> kHeaders = {"序号",     "问题来源", "问题类型", "问题描述", "所在地",
                                           "企业名称", "责任单位", "责任人",   "整改时限", "整改要求",
                                           "经度",     "纬度",     "处置方式"};

// A 督办清单 as teams send them: a title merged over the table, a line with
// who and when, the header, then the rows; 问题来源 merged down the whole
// table, and `unit_merge` rows (0-based data rows, inclusive) sharing one
// merged 责任单位 cell.
std::string supervision_list(const std::vector<Cells>& rows, std::pair<int, int> unit_merge = {-1, -1}) {
  io::XlsxWriter w;
  const int cols = int(kHeaders.size());
  std::vector<std::string> title(size_t(cols), "");
  title[0] = "2017年秋冬季大气污染防治强化督查问题清单（第3批）";
  EXPECT_TRUE(w.add_sheet("督办清单", title).ok());
  Cells info(size_t(cols), std::monostate{});
  info[0] = std::string("督查组：强化督查第二组");
  info[9] = std::string("交办日期：2017年11月15日");
  EXPECT_TRUE(w.add_row(info).ok());
  Cells header;
  for (const auto& h : kHeaders) header.push_back(h);
  EXPECT_TRUE(w.add_row(header).ok());
  for (const auto& r : rows) EXPECT_TRUE(w.add_row(r).ok());
  EXPECT_TRUE(w.merge(0, 0, 0, cols - 1, title[0]).ok());
  // Sheet rows: 0 title, 1 info, 2 header, 3.. data.
  if (rows.size() > 1) {
    EXPECT_TRUE(w.merge(3, 1, 2 + int(rows.size()), 1, rows[0][1]).ok());
  }
  if (unit_merge.first >= 0) {
    EXPECT_TRUE(
        w.merge(3 + unit_merge.first, 6, 3 + unit_merge.second, 6, rows[size_t(unit_merge.first)][6]).ok());
  }
  auto bytes = w.finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

// A row of the list: 序号, 问题类型, 问题描述, 责任单位, 整改时限 and the rest fixed.
Cells item(const std::string& seq, const std::string& type, const std::string& desc, const std::string& unit,
           io::CellValue deadline, const std::string& person = "张三") {
  return {seq,
          std::string("强化督查"),
          type,
          desc,
          std::string("南郊乡某村"),
          std::monostate{},
          text(unit),
          text(person),
          deadline,
          std::string("整改到位"),
          114.3478,
          34.7921,
          std::string("整改")};
}

class ProblemSheetsTest : public DemoSuite {
 protected:
  // 2017-11-15 is a Wednesday.
  static void SetUpTestSuite() {
    start_server({"--clock-start", "2017-11-15T09:00:00+08:00"});
    std::random_device rd;
    dir = new fs::path(fs::temp_directory_path() / ("lantian-problem-sheets-" + std::to_string(rd())));
    fs::create_directories(*dir);
  }
  static void TearDownTestSuite() {
    inspector.reset();
    std::error_code ec;
    fs::remove_all(*dir, ec);
    delete dir;
    DemoSuite::TearDownTestSuite();
  }
  void SetUp() override {
    if (!log_in()) return;
    inspector = server->client_for("inspector");
  }

  static HttpResponse import(HttpClient& c, const std::string& bytes, const std::string& query = "") {
    return c.request("POST", "/api/v1/problems/import?filename=list.xlsx" + query, bytes);
  }
  static json::object report_of(const HttpResponse& r) {
    auto o = r.obj();
    return o.contains("report") ? o.at("report").as_object() : o;
  }
  static const json::object* row_of(const json::object& report, int row) {
    for (auto& d : report.at("details").as_array())
      if (d.at("row").as_int64() == row) return &d.as_object();
    return nullptr;
  }
  // The codes of a row's issues, as "field:code".
  static std::vector<std::string> issues(const json::object& report, int row, const char* which = "issues") {
    std::vector<std::string> out;
    if (auto* d = row_of(report, row))
      for (auto& i : d->at(which).as_array())
        out.push_back(std::string(i.at("field").as_string()) + ":" + std::string(i.at("code").as_string()));
    return out;
  }
  static std::vector<json::object> problems(const std::string& q) {
    auto r = office->get("/api/v1/problems?per_page=200&q=" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::vector<json::object> out;
    auto body = r.obj();
    for (auto& p : body.at("items").as_array()) out.push_back(p.as_object());
    return out;
  }
  static json::object problem(int64_t id) {
    return office->get("/api/v1/problems/" + std::to_string(id)).obj();
  }
  static std::string str(const json::value& v) { return v.is_string() ? std::string(v.as_string()) : ""; }

  // The list of these tests: three bad rows among six good ones.
  static std::vector<Cells> mixed_list(const std::string& tag) {
    return {
        item(tag + "-1", "施工扬尘", tag + "-A 工地西侧裸土未覆盖\n车辆未冲洗驶出", "南郊乡",
             date("2017-11-30")),
        item(tag + "-2", "散煤燃烧", tag + "-B 居民散煤燃烧", "南郊乡", std::string("5个工作日")),
        item(tag + "-3", "露天焚烧", tag + "-C 焚烧垃圾", "南郊乡", std::string("立行立改")),
        item(tag + "-4", "燃煤锅炉", tag + "-D 燃煤锅炉未拆除", "汪屯乡", std::string("2017年12月10日")),
        item(tag + "-5", "“散乱污”企业", tag + "-E 散乱污作坊", "汪屯乡",
             43101.0),  // 2018-01-01, General format
        item(tag + "-6", "施工扬尘", tag + "-F 工地未洒水", "不存在乡", date("2017-12-01")),
        item(tag + "-7", "外星污染", tag + "-G 不明烟雾", "南郊乡", date("2017-12-01")),
        item(tag + "-8", "施工扬尘", tag + "-H 道路扬尘", "南郊乡", std::string("下周五")),
        item(tag + "-9", "其他", tag + "-I 待核实的问题", "", std::monostate{}, ""),
    };
  }

  static inline std::unique_ptr<HttpClient> inspector;
  static inline fs::path* dir = nullptr;
};

// Data rows start at file row 4 (title, info line, header).
constexpr int kFirstRow = 4;

TEST_F(ProblemSheetsTest, BadRowsStopTheWholeListWithARowReport) {
  std::string bytes = supervision_list(mixed_list("PSA"), {1, 2});
  auto preview = import(*office, bytes, "&dry_run=true");
  ASSERT_EQ(preview.status, 200) << preview.body.substr(0, 800);
  auto rep = report_of(preview);
  EXPECT_EQ(rep.at("header_row").as_int64(), 3);
  EXPECT_EQ(rep.at("rows").as_int64(), 9);
  EXPECT_EQ(rep.at("new").as_int64(), 6) << json::serialize(rep).substr(0, 1500);
  EXPECT_EQ(rep.at("errors").as_int64(), 3);
  EXPECT_FALSE(rep.at("written").as_bool());
  EXPECT_EQ(issues(rep, kFirstRow + 5), std::vector<std::string>{"unit:unknown_unit"});
  EXPECT_EQ(issues(rep, kFirstRow + 6), std::vector<std::string>{"type:unknown_problem_type"});
  EXPECT_EQ(issues(rep, kFirstRow + 7), std::vector<std::string>{"deadline:not_a_deadline"});
  // Each issue names its column (0-based: 责任单位 is the 7th).
  EXPECT_EQ(row_of(rep, kFirstRow + 5)->at("issues").as_array()[0].at("column").as_int64(), 6);
  // The one without unit and deadline is registered only; the others are assigned.
  EXPECT_EQ(rep.at("assigned").as_int64(), 5);
  EXPECT_TRUE(issues(rep, kFirstRow + 8).empty());
  EXPECT_FALSE(row_of(rep, kFirstRow + 8)->at("assigns").as_bool());

  // The real import: refused whole, nothing registered.
  auto r = import(*office, bytes);
  ASSERT_EQ(r.status, 422) << r.body.substr(0, 400);
  EXPECT_EQ(code_of(r), "problem_list_has_errors");
  EXPECT_EQ(report_of(r).at("errors").as_int64(), 3);
  EXPECT_TRUE(problems("PSA").empty());
}

TEST_F(ProblemSheetsTest, ValidRowsOnlyRegistersAndAssignsTheGoodOnesAndASecondImportNothing) {
  std::string bytes = supervision_list(mixed_list("PSB"), {1, 2});
  auto r = import(*office, bytes, "&valid_rows_only=true");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 800);
  auto rep = report_of(r);
  EXPECT_TRUE(rep.at("written").as_bool());
  EXPECT_EQ(rep.at("new").as_int64(), 6);
  EXPECT_EQ(rep.at("errors").as_int64(), 3);
  auto list = problems("PSB");
  ASSERT_EQ(list.size(), 6u);
  std::map<std::string, json::object> by_tag;  // "A" .. "I"
  for (auto& p : list) by_tag[str(p.at("title")).substr(4, 1)] = p;
  // Numbered in the file's order, by the source's form.
  std::vector<int64_t> seqs;
  for (const char* t : {"A", "B", "C", "D", "E", "I"}) {
    ASSERT_TRUE(by_tag.count(t)) << t;
    std::string n = str(by_tag[t].at("number"));
    EXPECT_TRUE(n.starts_with("禹攻坚督（强化）〔2017〕")) << n;
    auto open = n.find("〕") + std::string("〕").size();
    seqs.push_back(std::stoll(n.substr(open, n.find("号") - open)));
  }
  for (size_t i = 1; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], seqs[i - 1] + 1);
  // A: a date cell; its title is the description's first line.
  auto a = problem(by_tag["A"].at("id").as_int64());
  EXPECT_EQ(str(a.at("title")), "PSB-A 工地西侧裸土未覆盖");
  EXPECT_EQ(str(a.at("description")), "PSB-A 工地西侧裸土未覆盖\n车辆未冲洗驶出");
  EXPECT_EQ(str(a.at("status")), "assigned");
  EXPECT_EQ(str(a.at("deadline")), "2017-11-30");
  EXPECT_EQ(str(a.at("unit").at("name")), "南郊乡");
  EXPECT_EQ(str(a.at("person_name")), "张三");
  EXPECT_EQ(str(a.at("source")), "enhanced_inspection");
  EXPECT_EQ(str(a.at("external_id")), "PSB-1");
  EXPECT_EQ(str(a.at("standard")), "整改到位");
  EXPECT_NEAR(a.at("location").at("lng").as_double(), 114.3478, 1e-9);  // WGS-84 as given
  // B: 5 working days from Wednesday 2017-11-15; its unit from the merged cell.
  auto b = by_tag["B"];
  EXPECT_EQ(str(b.at("deadline_kind")), "working_days");
  EXPECT_EQ(str(b.at("deadline")), "2017-11-22");
  // C: 立行立改, due today; the merged unit cell fills it too.
  auto c = by_tag["C"];
  EXPECT_EQ(str(c.at("deadline_kind")), "immediate");
  EXPECT_EQ(str(c.at("deadline")), "2017-11-15");
  EXPECT_EQ(str(c.at("unit").at("name")), "南郊乡");
  // D: a date as text; E: a date serial without a date format.
  EXPECT_EQ(str(by_tag["D"].at("deadline")), "2017-12-10");
  EXPECT_EQ(str(by_tag["D"].at("unit").at("name")), "汪屯乡");
  EXPECT_EQ(str(by_tag["E"].at("deadline")), "2018-01-01");
  EXPECT_EQ(str(by_tag["E"].at("problem_type")), "scattered_enterprise");
  // I: registered, not assigned.
  EXPECT_EQ(str(by_tag["I"].at("status")), "registered");
  EXPECT_TRUE(by_tag["I"].at("unit").is_null());
  // The history: created and assigned by the import, in one go.
  auto events = office->get("/api/v1/problems/" + std::to_string(a.at("id").as_int64()) + "/events").obj();
  ASSERT_EQ(events.at("items").as_array().size(), 2u);
  EXPECT_EQ(str(events.at("items").as_array()[0].at("action")), "create");
  EXPECT_TRUE(str(events.at("items").as_array()[0].at("note")).starts_with("导入"))
      << json::serialize(events);
  EXPECT_EQ(str(events.at("items").as_array()[1].at("action")), "assign");
  // The report names the new problems.
  EXPECT_EQ(row_of(rep, kFirstRow)->at("id").as_int64(), a.at("id").as_int64());
  EXPECT_EQ(str(row_of(rep, kFirstRow)->at("number")), str(a.at("number")));

  // The same list again: nothing new, every written row unchanged.
  auto again = import(*office, bytes, "&valid_rows_only=true");
  ASSERT_EQ(again.status, 200) << again.body.substr(0, 800);
  auto rep2 = report_of(again);
  EXPECT_EQ(rep2.at("new").as_int64(), 0) << json::serialize(rep2).substr(0, 1500);
  EXPECT_EQ(rep2.at("unchanged").as_int64(), 6);
  EXPECT_EQ(rep2.at("changed").as_int64(), 0);
  EXPECT_EQ(str(row_of(rep2, kFirstRow + 1)->at("outcome")), "unchanged");
  EXPECT_EQ(problems("PSB").size(), 6u);
  // Its good rows alone, all or nothing: still nothing to write.
  auto rows = mixed_list("PSB");
  rows.erase(rows.begin() + 5, rows.begin() + 8);
  auto clean = import(*office, supervision_list(rows, {1, 2}));
  ASSERT_EQ(clean.status, 200) << clean.body.substr(0, 800);
  EXPECT_EQ(report_of(clean).at("unchanged").as_int64(), 6);
  EXPECT_EQ(problems("PSB").size(), 6u);
  EXPECT_EQ(problem(a.at("id").as_int64()).at("version"), a.at("version"));

  // Edited: the registered one takes the change, the assigned one is in progress.
  rows[5][3] = std::string("PSB-I 待核实的问题（已核实：渣土车遗撒）");
  rows[0][3] = std::string("PSB-A 改写的描述");
  auto edited = import(*office, supervision_list(rows, {1, 2}));
  ASSERT_EQ(edited.status, 200) << edited.body.substr(0, 800);
  auto rep3 = report_of(edited);
  EXPECT_EQ(rep3.at("changed").as_int64(), 1) << json::serialize(rep3).substr(0, 1500);
  EXPECT_EQ(rep3.at("in_progress").as_int64(), 1);
  EXPECT_EQ(issues(rep3, kFirstRow, "notes"), std::vector<std::string>{"status:problem_in_progress"});
  EXPECT_EQ(str(problem(by_tag["I"].at("id").as_int64()).at("description")),
            "PSB-I 待核实的问题（已核实：渣土车遗撒）");
  EXPECT_EQ(str(problem(a.at("id").as_int64()).at("description")),
            "PSB-A 工地西侧裸土未覆盖\n车辆未冲洗驶出");
}

TEST_F(ProblemSheetsTest, TheLedgerExportsInItsLayoutAndAnEditedExportUpdatesThatProblemOnly) {
  auto rows = mixed_list("PSC");
  rows.erase(rows.begin() + 5, rows.begin() + 8);
  auto r = import(*office, supervision_list(rows));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 800);
  std::map<std::string, json::object> by_tag;
  for (auto& p : problems("PSC")) by_tag[str(p.at("title")).substr(4, 1)] = p;
  ASSERT_EQ(by_tag.size(), 6u);
  std::string number_a = str(by_tag["A"].at("number")), number_i = str(by_tag["I"].at("number"));

  auto exported = office->get("/api/v1/problems/export.xlsx?q=PSC");
  ASSERT_EQ(exported.status, 200) << exported.body.substr(0, 300);
  EXPECT_EQ(exported.header("content-type"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  fs::path file = *dir / "ledger.xlsx";
  std::ofstream(file, std::ios::binary) << exported.body;
  std::string out;
  int rc =
      run("/usr/bin/python3 -c \"import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.active; "
          "print(ws.freeze_panes); print(ws.auto_filter.ref); print('|'.join(str(c.value) for c in ws[1])); "
          "print(ws.max_row); print('wide', ws.column_dimensions['E'].width > 40); "
          "[print(repr(r)) for r in ws.iter_rows(min_row=2, values_only=True) if r[1]==sys.argv[2]]\" " +
              file.string() + " '" + number_a + "'",
          &out);
  if (rc != 0 && !in_ci() && out.find("No module named") != std::string::npos) GTEST_SKIP() << out;
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("A2\n"), std::string::npos) << out;   // the header row is frozen
  EXPECT_NE(out.find("A1:O7"), std::string::npos) << out;  // and filtered: 15 columns, 6 problems
  EXPECT_NE(
      out.find(
          "序号|编号|问题来源|问题类型|问题描述|所在地|责任单位|责任领导|责任人|整改时限|整改措施|整改状态|"
          "核查情况/销号时间|回头看|备注"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("wide True"), std::string::npos) << out;  // 问题描述 is wide
  EXPECT_NE(out.find("(1, '" + number_a +
                     "', '强化督查', '施工扬尘', 'PSC-A 工地西侧裸土未覆盖\\n车辆未冲洗驶出', "
                     "'南郊乡某村', '南郊乡', "),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          "'张三', datetime.datetime(2017, 11, 30, 0, 0), None, '已交办', None, None, '清单序号：PSC-1')"),
      std::string::npos)
      << out;

  // Read the export back, edit the registered problem's description and give
  // it a unit and a deadline, edit the assigned one's too; re-import.
  auto sheet = io::read_sheet(exported.body);
  ASSERT_TRUE(sheet.ok());
  std::vector<std::string> headers;
  for (int c = 0; c < sheet->cols; ++c) headers.push_back(sheet->cell(0, c).as_text());
  std::vector<Cells> edited;
  for (int r = 1; r < sheet->rows; ++r) {
    Cells row;
    for (int c = 0; c < sheet->cols; ++c) {
      const auto& cell = sheet->cell(r, c);
      if (cell.is_date)
        row.push_back(date(cell.as_text()));
      else
        row.push_back(text(cell.as_text()));
    }
    if (sheet->cell(r, 1).as_text() == number_i) {
      row[4] = std::string("PSC-I 已核实：渣土车遗撒");
      row[6] = std::string("南郊乡");
      row[8] = std::string("李四");
      row[9] = std::string("3个工作日");
    }
    if (sheet->cell(r, 1).as_text() == number_a) row[4] = std::string("PSC-A 改了也不算");
    edited.push_back(row);
  }
  io::XlsxWriter w;
  ASSERT_TRUE(w.add_sheet("整改台账", headers).ok());
  for (const auto& row : edited) ASSERT_TRUE(w.add_row(row).ok());
  auto bytes = w.finish();
  ASSERT_TRUE(bytes.ok());
  std::map<std::string, int64_t> versions;
  for (auto& [t, p] : by_tag) versions[t] = problem(p.at("id").as_int64()).at("version").as_int64();
  auto back = import(*office, *bytes);
  ASSERT_EQ(back.status, 200) << back.body.substr(0, 800);
  auto rep = report_of(back);
  EXPECT_EQ(rep.at("new").as_int64(), 0) << json::serialize(rep).substr(0, 1500);
  EXPECT_EQ(rep.at("changed").as_int64(), 1);
  EXPECT_EQ(rep.at("in_progress").as_int64(), 1);
  EXPECT_EQ(rep.at("unchanged").as_int64(), 4);
  EXPECT_EQ(rep.at("assigned").as_int64(), 1);
  auto i = problem(by_tag["I"].at("id").as_int64());
  EXPECT_EQ(str(i.at("title")), "PSC-I 已核实：渣土车遗撒");
  EXPECT_EQ(str(i.at("status")), "assigned");
  EXPECT_EQ(str(i.at("unit").at("name")), "南郊乡");
  EXPECT_EQ(str(i.at("person_name")), "李四");
  EXPECT_EQ(str(i.at("deadline_kind")), "working_days");
  EXPECT_EQ(str(i.at("deadline")), "2017-11-20");
  // Nothing else moved.
  for (const char* t : {"A", "B", "C", "D", "E"})
    EXPECT_EQ(problem(by_tag[t].at("id").as_int64()).at("version").as_int64(), versions[t]) << t;
  EXPECT_EQ(problems("PSC").size(), 6u);
}

TEST_F(ProblemSheetsTest, AGbkCsvInGcj02WithADefaultSource) {
  std::string csv = to_gbk(
      "序号,问题类型,问题,地址,责任单位,完成时限,经度,纬度,处置方式\n"
      "1,散煤燃烧,PSD-1 居民燃烧散煤,南郊乡某村,南郊乡,3个工作日,114.3540,34.7910,关停取缔\n"
      "2,施工扬尘,PSD-2 工地扬尘,南郊乡某路,,,,,\n");
  auto r =
      office->request("POST", "/api/v1/problems/import?filename=hotline.csv&source=hotline&datum=gcj02", csv);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 800);
  auto rep = report_of(r);
  EXPECT_EQ(str(rep.at("format")), "csv (gb18030)");
  EXPECT_EQ(str(rep.at("datum")), "gcj02");
  EXPECT_EQ(rep.at("new").as_int64(), 2) << json::serialize(rep);
  EXPECT_EQ(issues(rep, 3, "notes"), std::vector<std::string>{});
  auto list = problems("PSD");
  ASSERT_EQ(list.size(), 2u);
  for (auto& p : list) {
    auto d = problem(p.at("id").as_int64());
    EXPECT_EQ(str(d.at("source")), "hotline");
    EXPECT_TRUE(str(d.at("number")).starts_with("禹攻坚信〔2017〕")) << str(d.at("number"));
    if (str(d.at("title")).starts_with("PSD-1")) {
      EXPECT_EQ(str(d.at("disposition")), "ban");
      EXPECT_EQ(str(d.at("deadline")), "2017-11-20");
      // Stored in WGS-84: GCJ-02 lies some hundred metres off in Kaifeng.
      double dlng = 114.3540 - d.at("location").at("lng").as_double();
      EXPECT_GT(dlng, 0.003);
      EXPECT_LT(dlng, 0.01);
    } else {
      EXPECT_EQ(str(d.at("status")), "registered");
    }
  }
  // A list with no header anywhere near the top.
  auto none = office->request("POST", "/api/v1/problems/import", "甲,乙\n1,2\n");
  EXPECT_EQ(none.status, 422) << none.body;
  EXPECT_EQ(code_of(none), "no_header_row");
}

TEST_F(ProblemSheetsTest, OnlyTheCampaignOfficeImportsAndEveryReaderExports) {
  std::string bytes =
      supervision_list({item("PSE-1", "施工扬尘", "PSE-A 工地", "南郊乡", date("2017-11-30"))});
  EXPECT_EQ(import(*staff, bytes, "&dry_run=true").status, 403);
  EXPECT_EQ(import(*leader, bytes, "&dry_run=true").status, 403);
  EXPECT_EQ(import(*inspector, bytes, "&dry_run=true").status, 403);  // registers, but does not manage
  EXPECT_EQ(import(*viewer, bytes, "&dry_run=true").status, 403);
  EXPECT_EQ(import(*office, bytes).status, 200);
  // 南郊乡's people export what they see: the problem assigned to them.
  auto mine = staff->get("/api/v1/problems/export.xlsx?q=PSE");
  ASSERT_EQ(mine.status, 200) << mine.body.substr(0, 300);
  auto sheet = io::read_sheet(mine.body);
  ASSERT_TRUE(sheet.ok());
  EXPECT_EQ(sheet->rows, 2);
  EXPECT_EQ(viewer->get("/api/v1/problems/export.xlsx?status=nonsense").status, 400);
  // The template: the office's, with the columns an import recognises.
  EXPECT_EQ(staff->get("/api/v1/problems/import-template.xlsx").status, 403);
  auto t = office->get("/api/v1/problems/import-template.xlsx");
  ASSERT_EQ(t.status, 200);
  auto tsheet = io::read_sheet(t.body);
  ASSERT_TRUE(tsheet.ok());
  EXPECT_EQ(tsheet->cell(0, 3).as_text(), "问题描述");
  EXPECT_EQ(tsheet->rows, 1);  // headers only: nothing to import by mistake
  // The template imported as it is: no rows, nothing written.
  auto empty = import(*office, t.body);
  EXPECT_EQ(empty.status, 200) << empty.body;
  EXPECT_EQ(report_of(empty).at("rows").as_int64(), 0);
}

}  // namespace
}  // namespace lantian::test
