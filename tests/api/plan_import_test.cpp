// Plan import and task exports over HTTP, on SQLite and (api_pg_tests)
// PostgreSQL. Workbooks are built here with io::XlsxWriter (merged cells
// included) and exports are read back with io::read_sheet. The server runs
// "as of" 2017-12-20 (--clock-start), so tasks due in November are overdue.
#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <fstream>
#include <functional>
#include <thread>

#include "app/task_export.h"
#include "io/xlsx_fixture.h"
#include "io/xlsx_reader.h"
#include "io/xlsx_writer.h"
#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;
using io::CellValue;
using Cells = std::vector<CellValue>;

const char* kXlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// The columns of the plans below: A..M.
const std::vector<std::string> kHeaders = {"序号",     "重点领域", "工作任务", "牵头单位", "责任单位",
                                           "责任领导", "责任人",   "联系电话", "开始时间", "完成时限",
                                           "目标值",   "计量单位", "工作内容"};
enum Col { A, B, C, D, E, F, G, H, I, J, K, L, M };

Date d(const char* s) { return *parse_date(s); }
CellValue t(const char* s) { return std::string(s); }
CellValue none() { return std::monostate{}; }

struct Merge {
  int first_row, first_col, last_row, last_col;
  CellValue value;
};

// A workbook with a title banner in row 1 (merged across the table), the
// headers in row 2 and `rows` from row 3 on. Merge rows are Excel rows.
std::string plan(const std::vector<Cells>& rows, const std::vector<Merge>& merges = {}) {
  io::XlsxWriter w;
  auto ok = [](const Status& st) { ASSERT_TRUE(st.ok()) << st.error().message; };
  ok(w.add_sheet("任务分解", {"禹王台区大气污染防治攻坚任务分解表"}));
  Cells header;
  for (const auto& h : kHeaders) header.push_back(h);
  ok(w.add_row(header));
  for (const auto& r : rows) ok(w.add_row(r));
  ok(w.merge(0, 0, 0, M, t("禹王台区大气污染防治攻坚任务分解表")));
  for (const auto& m : merges) ok(w.merge(m.first_row - 1, m.first_col, m.last_row - 1, m.last_col, m.value));
  auto bytes = w.finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

// One task row: 序号, 重点领域, 工作任务, 责任单位, 完成时限, 目标值, 计量单位.
Cells task(const char* code, CellValue area, const char* title, const char* owner, CellValue deadline,
           CellValue target = none(), const char* unit = "", CellValue start = none()) {
  return {t(code), area,   t(title), none(),   t(owner), none(),
          none(),  none(), start,    deadline, target,   unit[0] ? t(unit) : none(),
          none()};
}

class PlanImportTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-12-20T09:00:00+08:00"}); }

  void SetUp() override { log_in({"admin", "office", "staff", "leader"}); }

  // A fresh campaign per test, so that task counts are the test's own.
  int64_t campaign(const std::string& name) {
    auto c = new_campaign(name, "2017-10-01", "2018-03-31");
    return c.empty() ? 0 : c.at("id").as_int64();
  }
  static std::string base(int64_t campaign) { return "/api/v1/campaigns/" + std::to_string(campaign); }
  static HttpResponse upload(HttpClient& c, const std::string& target, const std::string& bytes) {
    return c.request("POST", target, bytes, {{"Content-Type", kXlsxType}});
  }
  // The campaign's tasks by 序号.
  std::map<std::string, json::object> tasks_of(int64_t campaign) {
    auto r = admin->get("/api/v1/tasks?per_page=200&campaign_id=" + std::to_string(campaign));
    EXPECT_EQ(r.status, 200) << r.body;
    std::map<std::string, json::object> out;
    auto body = r.obj();
    for (auto& x : body.at("items").as_array()) out[std::string(x.at("code").as_string())] = x.as_object();
    return out;
  }
  // "row:column:field" of each error in a report.
  static std::set<std::string> error_cells(const json::object& report) {
    std::set<std::string> out;
    for (auto& e : report.at("errors").as_array())
      out.insert(std::to_string(e.at("row").as_int64()) + ":" + std::string(e.at("column").as_string()) +
                 ":" + std::string(e.at("field").as_string()));
    return out;
  }
  static std::string messages(const json::object& report) {
    std::string out;
    for (auto& e : report.at("errors").as_array())
      out += std::to_string(e.at("row").as_int64()) + std::string(e.at("column").as_string()) + " " +
             std::string(e.at("message").as_string()) + "\n";
    return out;
  }

  // 1 清洁取暖 3000 户 -> 1.1 南郊乡 2000 (-> 1.1.1 南郊村 1200, 1.1.2 范村 800),
  // 1.2 汪屯乡 1000; an empty row; 2 燃煤小锅炉 due 2017-11-30 (overdue).
  static std::string good_plan() {
    std::vector<Cells> rows = {
        {t("1"), t("clean_heating"), t("清洁取暖双替代"), t("区环境保护局"), t("区大气污染防治攻坚办公室"),
         t("李副区长"), t("王主任"), t("13800000000"), d("2017-10-01"), d("2018-03-31"), 3000.0, t("户"),
         t("完成全区清洁取暖改造")},
        task("1.1", t("清洁取暖“双替代”"), "南郊乡双替代", "南郊乡", t("2018年2月28日"), 2000.0, "户",
             t("2017/10/01")),
        task("1.1.1", none(), "南郊村双替代", "南郊村", d("2018-01-31"), int64_t(1200)),
        task("1.1.2", none(), "范村双替代", "范村", t("2018-01-31"), t("800"), "户"),
        task("1.2", none(), "汪屯乡双替代", "汪屯乡", d("2018-02-28"), 1000.0, "户"),
        {},
        task("2", t("燃煤小锅炉淘汰"), "燃煤小锅炉清零", "区环境保护局", d("2017-11-30"), none(), "",
             d("2017-10-01")),
    };
    return plan(rows);
  }
};

TEST_F(PlanImportTest, PreviewFindsTheHeaderRowAndSuggestsAMapping) {
  int64_t c = campaign("预览行动");
  auto r = upload(*office, base(c) + "/import/preview", good_plan());
  ASSERT_EQ(r.status, 200) << r.body;
  auto p = r.obj();
  EXPECT_EQ(p.at("sheets"), json::value(json::array{"任务分解"}));
  EXPECT_EQ(p.at("sheet").as_int64(), 0);
  EXPECT_EQ(p.at("header_row").as_int64(), 2) << "the banner in row 1 is passed over";
  ASSERT_EQ(p.at("headers").as_array().size(), kHeaders.size());
  EXPECT_EQ(p.at("headers").as_array()[2].as_string(), "工作任务");
  EXPECT_EQ(p.at("row_count").as_int64(), 6) << "the empty row is not counted";
  ASSERT_EQ(p.at("rows").as_array().size(), 6u);
  EXPECT_EQ(p.at("rows").as_array()[0].as_array()[9].as_string(), "2018-03-31");
  auto m = p.at("suggested_mapping").as_object();
  std::map<std::string, int64_t> want = {{"code", A},
                                         {"work_area", B},
                                         {"title", C},
                                         {"lead_unit", D},
                                         {"owner_unit", E},
                                         {"responsible_leader", F},
                                         {"responsible_person", G},
                                         {"phone", H},
                                         {"start_date", I},
                                         {"deadline", J},
                                         {"target_value", K},
                                         {"measure_unit", L},
                                         {"description", M}};
  EXPECT_EQ(m.size(), want.size()) << json::serialize(m);
  for (const auto& [k, v] : want) EXPECT_EQ(m.contains(k) ? m.at(k).as_int64() : -1, v) << k;
  bool title_required = false;
  for (auto& f : p.at("fields").as_array())
    if (f.at("key") == "title") title_required = f.at("required").as_bool();
  EXPECT_TRUE(title_required);
  // Only the office; not a workbook: 400; no such sheet: 400; no campaign: 404.
  EXPECT_EQ(upload(*leader, base(c) + "/import/preview", good_plan()).status, 403);
  EXPECT_EQ(upload(*office, base(c) + "/import/preview", "not a workbook").status, 400);
  EXPECT_EQ(upload(*office, base(c) + "/import/preview?sheet=3", good_plan()).status, 400);
  EXPECT_EQ(upload(*office, base(999999) + "/import/preview", good_plan()).status, 404);
}

TEST_F(PlanImportTest, AGoodPlanImportsAsATree) {
  int64_t c = campaign("导入行动");
  // A dry run writes nothing.
  auto dry = upload(*office, base(c) + "/import?dry_run=true", good_plan());
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.obj().at("valid_rows").as_int64(), 6) << messages(dry.obj());
  EXPECT_EQ(dry.obj().at("created").as_int64(), 0);
  EXPECT_TRUE(dry.obj().at("dry_run").as_bool());
  EXPECT_TRUE(tasks_of(c).empty());

  auto r = upload(*office, base(c) + "/import", good_plan());
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.obj();
  EXPECT_EQ(rep.at("total_rows").as_int64(), 6);
  EXPECT_EQ(rep.at("valid_rows").as_int64(), 6);
  EXPECT_EQ(rep.at("invalid_rows").as_int64(), 0);
  EXPECT_EQ(rep.at("created").as_int64(), 6);
  EXPECT_FALSE(rep.at("dry_run").as_bool());
  EXPECT_TRUE(rep.at("errors").as_array().empty()) << messages(rep);

  auto ts = tasks_of(c);
  ASSERT_EQ(ts.size(), 6u);
  auto id = [&](const char* code) { return ts.at(code).at("id").as_int64(); };
  auto parent = [&](const char* code) { return ts.at(code).at("parent_id"); };
  EXPECT_TRUE(parent("1").is_null());
  EXPECT_TRUE(parent("2").is_null());
  EXPECT_EQ(parent("1.1").as_int64(), id("1"));
  EXPECT_EQ(parent("1.2").as_int64(), id("1"));
  EXPECT_EQ(parent("1.1.1").as_int64(), id("1.1"));
  EXPECT_EQ(parent("1.1.2").as_int64(), id("1.1"));
  EXPECT_EQ(ts.at("1").at("child_count").as_int64(), 2);
  EXPECT_EQ(ts.at("1.1").at("child_count").as_int64(), 2);
  auto& top = ts.at("1");
  EXPECT_EQ(top.at("title").as_string(), "清洁取暖双替代");
  EXPECT_EQ(top.at("owner_unit_name").as_string(), "区大气污染防治攻坚办公室");
  EXPECT_EQ(top.at("lead_unit_name").as_string(), "区环境保护局");
  EXPECT_EQ(top.at("responsible_leader").at("name").as_string(), "李副区长");
  EXPECT_EQ(top.at("responsible_person").at("name").as_string(), "王主任");
  EXPECT_EQ(top.at("responsible_person").at("phone").as_string(), "13800000000");
  EXPECT_EQ(top.at("start_date").as_string(), "2017-10-01");
  EXPECT_EQ(top.at("deadline").as_string(), "2018-03-31");
  EXPECT_EQ(top.at("target_value").as_double(), 3000);
  EXPECT_EQ(top.at("description").as_string(), "完成全区清洁取暖改造");
  EXPECT_EQ(top.at("work_area_name").as_string(), "清洁取暖“双替代”") << "matched by code";
  EXPECT_EQ(ts.at("1.1").at("work_area_id"), top.at("work_area_id"));
  EXPECT_EQ(ts.at("1.1").at("deadline").as_string(), "2018-02-28") << "2018年2月28日";
  EXPECT_EQ(ts.at("1.1").at("lead_unit_name").as_string(), "区大气污染防治攻坚办公室")
      << "a subtask is checked by the unit that handed it down";
  EXPECT_EQ(ts.at("1.1.1").at("measure_unit").as_string(), "户") << "taken from the parent";
  EXPECT_EQ(ts.at("1.1.2").at("target_value").as_double(), 800) << "a number written as text";
  EXPECT_EQ(ts.at("2").at("work_area_name").as_string(), "燃煤小锅炉淘汰") << "matched by name";
  // Only the office imports.
  EXPECT_EQ(upload(*leader, base(c) + "/import?dry_run=true", good_plan()).status, 403);
  EXPECT_EQ(upload(*staff, base(c) + "/import?dry_run=true", good_plan()).status, 403);
}

// Rows (Excel numbering; 1 banner, 2 headers):
//  3  1     valid
//  4  1.1   a date that does not exist                       -> J4
//  5  1.2   unknown unit                                       -> E5
//  6        (empty)                                            skipped
//  7  2     100 户, children add up to 90                     -> K7
//  8  2.1   60 户                                             skipped (parent failed)
//  9  2.2   30 户                                             skipped (parent failed)
// 10  3     "月底" as the deadline                            -> J10
// 11  4.1   no row 4                                           -> A11
// 12  5     valid
// 13  5.1   valid, date as 2018/1/5
std::string bad_plan() {
  return plan({
      task("1", none(), "散乱污整治", "区环境保护局", d("2018-01-15")),
      task("1.1", none(), "南郊乡散乱污", "南郊乡", t("2018年13月1日")),
      task("1.2", none(), "无名局散乱污", "不存在的局", d("2018-01-10")),
      {},
      task("2", none(), "双替代", "区环境保护局", d("2018-02-28"), 100.0, "户"),
      task("2.1", none(), "南郊乡双替代", "南郊乡", d("2018-02-28"), 60.0, "户"),
      task("2.2", none(), "汪屯乡双替代", "汪屯乡", d("2018-02-28"), 30.0, "户"),
      task("3", none(), "月底完成", "区环境保护局", t("月底")),
      task("4.1", none(), "无上级的4.1", "南郊乡", d("2018-01-10")),  // no 4 above: a root
      task("5", none(), "扬尘治理", "区住房和城乡建设局", d("2018-03-01")),
      task("5.1", none(), "南郊乡扬尘治理", "南郊乡", t("2018/1/5")),
  });
}

TEST_F(PlanImportTest, BadRowsAreReportedWithRowAndColumnAndModeAllWritesNothing) {
  int64_t c = campaign("错误行动");
  auto r = upload(*office, base(c) + "/import", bad_plan());
  ASSERT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  auto body = r.obj();
  EXPECT_EQ(body.at("code").as_string(), "plan_has_errors");
  auto rep = body.at("report").as_object();
  EXPECT_EQ(rep.at("total_rows").as_int64(), 10);
  EXPECT_EQ(rep.at("invalid_rows").as_int64(), 6) << messages(rep);
  EXPECT_EQ(rep.at("valid_rows").as_int64(), 4);
  EXPECT_EQ(rep.at("created").as_int64(), 0);
  auto cells = error_cells(rep);
  for (const char* want :
       {"4:J:deadline", "5:E:owner_unit", "7:K:target_value", "8:A:code", "9:A:code", "10:J:deadline"})
    EXPECT_TRUE(cells.count(want)) << want << " missing in\n" << messages(rep);
  for (auto& e : rep.at("errors").as_array()) EXPECT_NE(e.at("row").as_int64(), 11) << "4.1 is a root";
  for (auto& e : rep.at("errors").as_array()) EXPECT_NE(e.at("row").as_int64(), 6) << "the empty row";
  std::string all = messages(rep);
  EXPECT_NE(all.find("不存在的局"), std::string::npos) << all;
  EXPECT_NE(all.find("90"), std::string::npos) << all;
  EXPECT_NE(all.find("100"), std::string::npos) << all;
  EXPECT_TRUE(tasks_of(c).empty()) << "mode=all wrote something";

  // A dry run reports the same with 200.
  auto dry = upload(*office, base(c) + "/import?dry_run=true", bad_plan());
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(error_cells(dry.obj()), cells);
  EXPECT_TRUE(tasks_of(c).empty());

  // valid_only: rows 3, 11, 12 and 13.
  auto v = upload(*office, base(c) + "/import?mode=valid_only", bad_plan());
  ASSERT_EQ(v.status, 200) << v.body;
  EXPECT_EQ(v.obj().at("created").as_int64(), 4) << messages(v.obj());
  EXPECT_EQ(error_cells(v.obj()), cells);
  auto ts = tasks_of(c);
  ASSERT_EQ(ts.size(), 4u);
  EXPECT_TRUE(ts.count("1") && ts.count("4.1") && ts.count("5") && ts.count("5.1"));
  EXPECT_TRUE(ts.at("4.1").at("parent_id").is_null());
  EXPECT_EQ(ts.at("5.1").at("parent_id").as_int64(), ts.at("5").at("id").as_int64());
  EXPECT_EQ(ts.at("5.1").at("deadline").as_string(), "2018-01-05");
  EXPECT_EQ(ts.at("1").at("child_count").as_int64(), 0);
}

TEST_F(PlanImportTest, RulesOfTheTaskServiceApplyToo) {
  int64_t c = campaign("规则行动");
  // A subtask due after its parent, a bad phone number, a start after the deadline.
  Cells phone = task("2", none(), "电话错误", "区环境保护局", d("2018-03-01"));
  phone[H] = t("12345");
  auto r =
      upload(*office, base(c) + "/import",
             plan({task("1", none(), "父任务", "区环境保护局", d("2018-01-31")),
                   task("1.1", none(), "晚于父任务", "南郊乡", d("2018-02-28")), phone,
                   task("3", none(), "倒序", "区环境保护局", d("2018-01-01"), none(), "", d("2018-02-01"))}));
  ASSERT_EQ(r.status, 422) << r.body;
  auto rep = r.obj().at("report").as_object();
  auto cells = error_cells(rep);
  for (const char* want : {"4:J:deadline", "5:H:phone", "6:J:deadline"})
    EXPECT_TRUE(cells.count(want)) << want << " missing in\n" << messages(rep);
  EXPECT_TRUE(tasks_of(c).empty());
  // A bad mapping: 422 naming it; the mapping may use letters.
  auto bad = upload(*office, base(c) + "/import?mapping=%7B%22title%22%3A2%7D", good_plan());
  ASSERT_EQ(bad.status, 422) << bad.body;
  EXPECT_NE(bad.body.find("mapping.owner_unit"), std::string::npos) << bad.body;
  // {"title":"C","owner_unit":"E","deadline":"J","start_date":8}: only these
  // columns count (task 2 was due before today, so it needs its start date).
  auto letters =
      upload(*office,
             base(c) +
                 "/import?dry_run=true&mapping=%7B%22title%22%3A%22C%22%2C%22owner_unit%22%3A%22E%22%2C%22"
                 "deadline%22%3A%22J%22%2C%22start_date%22%3A8%7D",
             good_plan());
  ASSERT_EQ(letters.status, 200) << letters.body;
  EXPECT_EQ(letters.obj().at("valid_rows").as_int64(), 6) << messages(letters.obj());
  EXPECT_EQ(upload(*office, base(c) + "/import?mode=some", good_plan()).status, 400);
}

TEST_F(PlanImportTest, MergedCellsFillDownButAMergedTitleIsAnError) {
  int64_t c = campaign("合并单元格行动");
  // 责任单位 E3:E5 and 重点领域 B3:B5 merged over three tasks; 完成时限 J3:J4
  // merged (a date); 工作任务 C6:C7 merged although row 7 is a task of its own.
  std::vector<Cells> rows = {
      task("1", t("施工扬尘“六个百分百”"), "工地围挡", "南郊乡", d("2018-01-31")),
      task("2", none(), "道路硬化", "", none()),
      task("3", none(), "裸土覆盖", "", d("2018-02-28")),
      task("4", none(), "渣土车密闭", "区环境保护局", d("2018-02-28")),
      task("5", none(), "", "汪屯乡", d("2018-02-28")),
  };
  std::string bytes = plan(rows, {{3, E, 5, E, t("南郊乡")},
                                  {3, B, 5, B, t("施工扬尘“六个百分百”")},
                                  {3, J, 4, J, d("2018-01-31")},
                                  {6, C, 7, C, t("渣土车密闭")}});
  auto r = upload(*office, base(c) + "/import?mode=valid_only", bytes);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = r.obj();
  EXPECT_EQ(error_cells(rep), (std::set<std::string>{"7:C:title"})) << messages(rep);
  EXPECT_EQ(rep.at("created").as_int64(), 4);
  auto ts = tasks_of(c);
  ASSERT_EQ(ts.size(), 4u);
  int64_t nanjiao = unit_id("南郊乡");
  for (const char* code : {"1", "2", "3"}) {
    EXPECT_EQ(ts.at(code).at("owner_unit_id").as_int64(), nanjiao) << code;
    EXPECT_EQ(ts.at(code).at("work_area_name").as_string(), "施工扬尘“六个百分百”") << code;
  }
  EXPECT_EQ(ts.at("2").at("deadline").as_string(), "2018-01-31");
  EXPECT_TRUE(ts.at("4").at("work_area_id").is_null());
}

// A 50 MB upload gets the HTTP layer's 413 while the body is still coming;
// the server stays healthy.
TEST_F(PlanImportTest, AFiftyMegabyteFileIsRefusedWith413) {
  int64_t c = campaign("超大文件行动");
  const size_t size = 50u << 20;
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(server->port());
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::string head = "POST " + base(c) + "/import HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                     "Authorization: " + office->default_headers.at("Authorization") +
                     "\r\nContent-Type: " + kXlsxType + "\r\nContent-Length: " + std::to_string(size) +
                     "\r\n\r\n";
  // Send the body from another thread, as a client would, until the server
  // stops reading; the answer must arrive anyway.
  std::atomic<size_t> sent{0};
  std::thread sender([&] {
    ::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
    std::string chunk(1 << 16, 'P');
    while (sent < size) {
      ssize_t n = ::send(fd, chunk.data(), std::min(chunk.size(), size - sent), MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += size_t(n);
    }
  });
  std::string got;
  char buf[8192];
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20000) <= 0) break;
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, size_t(n));
    if (got.find("\r\n\r\n") != std::string::npos && got.find("}") != std::string::npos) break;
  }
  ::shutdown(fd, SHUT_RDWR);
  sender.join();
  ::close(fd);
  ASSERT_EQ(got.rfind("HTTP/1.1 413", 0), 0u) << got.substr(0, 300);
  EXPECT_NE(got.find("application/problem+json"), std::string::npos) << got.substr(0, 300);
  EXPECT_NE(got.find("payload-too-large"), std::string::npos) << got.substr(0, 500);
  EXPECT_LT(sent.load(), size) << "the server read the whole 50 MB";
  // Still serving, and nothing was imported.
  EXPECT_EQ(admin->get("/healthz").status, 200);
  EXPECT_TRUE(tasks_of(c).empty());
  EXPECT_EQ(upload(*office, base(c) + "/import/preview", good_plan()).status, 200);
}

io::Sheet read_back(const HttpResponse& r) {
  auto s = io::read_sheet(r.body);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(s).value() : io::Sheet();
}

TEST_F(PlanImportTest, ExportsReadBackWithChineseHeadersAndRealDates) {
  int64_t c = campaign("导出行动");
  ASSERT_EQ(upload(*office, base(c) + "/import", good_plan()).status, 200);
  auto r = admin->get("/api/v1/tasks/export.xlsx?campaign_id=" + std::to_string(c));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type"), kXlsxType);
  // 任务台账-2017-12-20.xlsx, percent-encoded
  EXPECT_NE(r.header("content-disposition")
                .find("filename*=UTF-8''%E4%BB%BB%E5%8A%A1%E5%8F%B0%E8%B4%A6-2017-12-20.xlsx"),
            std::string::npos)
      << r.header("content-disposition");
  EXPECT_NE(r.header("content-disposition").find("filename=\"tasks-2017-12-20.xlsx\""), std::string::npos);
  auto s = read_back(r);
  EXPECT_EQ(s.name, "任务台账");
  std::vector<std::string> headers;
  for (int col = 0; col < s.cols; ++col) headers.push_back(s.cell(0, col).text);
  EXPECT_EQ(headers, app::export_headers());
  ASSERT_EQ(s.rows, 7) << "a header and one row per task";
  std::vector<std::string> codes;
  for (int row = 1; row < s.rows; ++row) codes.push_back(s.cell(row, 0).as_text());
  EXPECT_EQ(codes, (std::vector<std::string>{"1", "1.1", "1.1.1", "1.1.2", "1.2", "2"})) << "tree order";
  // Row 1 is task 1: dates are dates, numbers numbers, status in Chinese.
  EXPECT_EQ(s.cell(1, 2).text, "清洁取暖双替代");
  EXPECT_EQ(s.cell(1, 1).text, "清洁取暖“双替代”");
  EXPECT_EQ(s.cell(1, 3).text, "区环境保护局");
  EXPECT_EQ(s.cell(1, 4).text, "区大气污染防治攻坚办公室");
  EXPECT_EQ(s.cell(1, 7).as_text(), "13800000000");
  EXPECT_TRUE(s.cell(1, 8).is_date);
  EXPECT_EQ(s.cell(1, 8).as_text(), "2017-10-01");
  EXPECT_TRUE(s.cell(1, 9).is_date);
  EXPECT_EQ(s.cell(1, 9).as_text(), "2018-03-31");
  EXPECT_EQ(s.cell(1, 10).type, io::Cell::Type::number);
  EXPECT_EQ(s.cell(1, 10).number, 3000);
  EXPECT_EQ(s.cell(1, 11).text, "户");
  EXPECT_EQ(s.cell(1, 14).text, "未开始");
  EXPECT_EQ(s.cell(1, 15).text, "否");
  EXPECT_EQ(s.cell(6, 15).text, "是") << "task 2 was due 2017-11-30";
  EXPECT_EQ(s.cell(6, 16).type, io::Cell::Type::number) << "逾期工作日 is filled for overdue tasks";
  EXPECT_EQ(s.cell(1, 16).type, io::Cell::Type::empty);

  // The overdue list: only task 2.
  auto o = admin->get("/api/v1/tasks/overdue.xlsx?campaign_id=" + std::to_string(c));
  ASSERT_EQ(o.status, 200) << o.body.substr(0, 300);
  EXPECT_EQ(o.header("content-type"), kXlsxType);
  auto os = read_back(o);
  EXPECT_EQ(os.name, "逾期任务");
  ASSERT_EQ(os.rows, 2);
  EXPECT_EQ(os.cell(1, 0).as_text(), "2");
  EXPECT_EQ(os.cell(1, 2).text, "燃煤小锅炉清零");
  EXPECT_TRUE(os.cell(1, 9).is_date);
  EXPECT_EQ(os.cell(1, 9).as_text(), "2017-11-30");
  EXPECT_EQ(os.cell(1, 15).text, "是");
  // 2017-11-30 (Thu) to 2017-12-20 (Wed) on the working-day calendar: 14.
  EXPECT_EQ(os.cell(1, 16).type, io::Cell::Type::number);
  EXPECT_EQ(os.cell(1, 16).number, 14);

  // The same filters as the list: status and q; a bad one is 400.
  auto q =
      read_back(admin->get("/api/v1/tasks/export.xlsx?campaign_id=" + std::to_string(c) + "&q=%E5%8D%97"));
  EXPECT_EQ(q.rows, 3) << "南郊乡双替代 and 南郊村双替代";
  EXPECT_EQ(admin->get("/api/v1/tasks/export.xlsx?status=bogus").status, 400);
  // A township's staff exports only what it sees: 南郊乡's tasks.
  auto mine = read_back(staff->get("/api/v1/tasks/export.xlsx?campaign_id=" + std::to_string(c)));
  std::set<std::string> titles;
  for (int row = 1; row < mine.rows; ++row) titles.insert(mine.cell(row, 2).text);
  EXPECT_EQ(titles, (std::set<std::string>{"南郊乡双替代", "南郊村双替代", "范村双替代"}));
  // The literal path wins over /api/v1/tasks/{id} for every method's routing.
  EXPECT_EQ(admin->get("/api/v1/tasks/export.xlsx").status, 200);
  EXPECT_EQ(admin->get("/api/v1/tasks/overdue.xlsx").status, 200);
}

// The exported ledger as cells to write again: dates as dates, numbers as
// numbers, text as text; `edit` changes them (row 0 is the header row).
std::string rewrite(const io::Sheet& s, const std::function<void(std::vector<Cells>&)>& edit) {
  std::vector<Cells> rows(size_t(s.rows), Cells(size_t(s.cols)));
  for (const auto& e : s.cells()) {
    const auto& c = e.cell;
    CellValue v;
    if (c.type == io::Cell::Type::number && c.is_date)
      v = *parse_date(c.as_text());
    else if (c.type == io::Cell::Type::number)
      v = c.number;
    else
      v = c.as_text();
    rows[size_t(e.row)][size_t(e.col)] = v;
  }
  edit(rows);
  io::XlsxWriter w;
  std::vector<std::string> headers;
  for (const auto& h : rows[0]) headers.push_back(std::get<std::string>(h));
  EXPECT_TRUE(w.add_sheet("任务台账", headers).ok());
  for (size_t r = 1; r < rows.size(); ++r) {
    rows[r].resize(headers.size());
    EXPECT_TRUE(w.add_row(rows[r]).ok());
  }
  auto bytes = w.finish();
  EXPECT_TRUE(bytes.ok());
  return bytes.ok() ? *bytes : std::string();
}

int column(const std::string& header) {
  const auto& h = app::export_headers();
  return int(std::find(h.begin(), h.end(), header) - h.begin());
}

// Export -> edit two cells in two rows, add a row -> re-import: 1 new,
// 2 changed, the rest unchanged; no task twice; the changes audited. A root
// renumbered 1.8 stays a root (its key decides, not its 序号).
TEST_F(PlanImportTest, AnEditedLedgerUpdatesItsTasksAndCreatesOnlyNewRows) {
  int64_t c = campaign("回导行动");
  ASSERT_EQ(upload(*office, base(c) + "/import", good_plan()).status, 200);
  auto before = tasks_of(c);
  ASSERT_EQ(before.size(), 6u);
  auto exported = read_back(office->get("/api/v1/tasks/export.xlsx?campaign_id=" + std::to_string(c)));
  ASSERT_EQ(exported.rows, 7);
  const int kId = column("任务ID（请勿修改）"), kParent = column("上级任务ID（请勿修改）"),
            kVersion = column("版本（请勿修改）");
  ASSERT_LT(kVersion, exported.cols);
  EXPECT_EQ(exported.cell(1, kId).number, double(before.at("1").at("id").as_int64()));
  EXPECT_EQ(exported.cell(2, kParent).number, double(before.at("1").at("id").as_int64())) << "1.1 under 1";
  EXPECT_EQ(exported.cell(1, kVersion).type, io::Cell::Type::number);

  auto edited = rewrite(exported, [&](std::vector<Cells>& rows) {
    for (auto& r : rows) {
      if (r[0] == CellValue(std::string("1.2"))) r[9] = d("2018-02-20");  // 完成时限 2018-02-28 ->
      if (r[0] == CellValue(std::string("2"))) {
        r[0] = std::string("1.8");  // a root numbered like a subtask of 1
        r[2] = std::string("燃煤小锅炉全部清零");
      }
    }
    Cells added(rows[0].size());
    added[0] = std::string("1.3");  // no key: a new subtask of 1 (the keyed row 1 is above it)
    added[2] = std::string("道路扬尘治理");
    added[4] = std::string("南郊乡");
    added[9] = d("2018-03-15");
    rows.push_back(added);
  });

  auto dry = upload(*office, base(c) + "/import?dry_run=true", edited);
  ASSERT_EQ(dry.status, 200) << dry.body;
  auto rep = dry.obj();
  EXPECT_EQ(rep.at("new_rows").as_int64(), 1) << messages(rep);
  EXPECT_EQ(rep.at("changed_rows").as_int64(), 2);
  EXPECT_EQ(rep.at("unchanged_rows").as_int64(), 4);
  EXPECT_EQ(rep.at("invalid_rows").as_int64(), 0);
  EXPECT_EQ(rep.at("created").as_int64(), 0);
  EXPECT_EQ(rep.at("updated").as_int64(), 0);
  std::set<std::string> changes;
  for (auto& ch : rep.at("changes").as_array())
    for (auto& f : ch.at("fields").as_array())
      changes.insert(std::string(ch.at("title").as_string()) + ":" + std::string(f.at("field").as_string()) +
                     ":" + std::string(f.at("from").as_string()) + "->" +
                     std::string(f.at("to").as_string()));
  EXPECT_EQ(changes, (std::set<std::string>{"汪屯乡双替代:deadline:2018-02-28->2018-02-20",
                                            "燃煤小锅炉清零:code:2->1.8",
                                            "燃煤小锅炉清零:title:燃煤小锅炉清零->燃煤小锅炉全部清零"}));
  EXPECT_EQ(tasks_of(c).size(), 6u) << "a dry run writes nothing";
  EXPECT_EQ(tasks_of(c).at("1.2").at("deadline").as_string(), "2018-02-28");

  auto r = upload(*office, base(c) + "/import", edited);
  ASSERT_EQ(r.status, 200) << r.body;
  rep = r.obj();
  EXPECT_EQ(rep.at("created").as_int64(), 1) << messages(rep);
  EXPECT_EQ(rep.at("updated").as_int64(), 2);
  auto after = tasks_of(c);
  ASSERT_EQ(after.size(), 7u) << "no task twice";
  std::set<std::string> titles;
  for (auto& [code, t] : after) titles.insert(std::string(t.at("title").as_string()));
  EXPECT_EQ(titles.size(), 7u);
  EXPECT_EQ(after.at("1.2").at("deadline").as_string(), "2018-02-20");
  EXPECT_EQ(after.at("1.2").at("id"), before.at("1.2").at("id"));
  EXPECT_EQ(after.at("1.8").at("id"), before.at("2").at("id"));
  EXPECT_EQ(after.at("1.8").at("title").as_string(), "燃煤小锅炉全部清零");
  EXPECT_TRUE(after.at("1.8").at("parent_id").is_null()) << "1.8 is still a root";
  EXPECT_EQ(after.at("1.3").at("parent_id"), before.at("1").at("id"));
  EXPECT_EQ(after.at("1.1").at("version"), before.at("1.1").at("version")) << "unchanged rows are left alone";
  // Audited: one update per changed task, by the office.
  for (const char* code : {"1.2", "1.8"}) {
    auto a = admin->get("/api/v1/audit?entity=task&action=update&entity_id=" +
                        std::to_string(after.at(code).at("id").as_int64()));
    ASSERT_EQ(a.status, 200) << a.body;
    EXPECT_EQ(a.obj().at("items").as_array().size(), 1u) << code << " " << a.body;
  }

  // Stale: tasks changed after the export. The old export says 1.2 and 2
  // as they were (changed by the import above since) and someone renames
  // 1.1 now; an edit of 1.1 in the old file: each of the three rows is a
  // stale_row error (nothing written in mode all); rows equal to their
  // tasks (1, 1.1.1, 1.1.2) are fine.
  auto t11 = after.at("1.1");
  auto p = office->patch_json("/api/v1/tasks/" + std::to_string(t11.at("id").as_int64()),
                              {{"version", t11.at("version")}, {"title", "南郊乡双替代（调整）"}});
  ASSERT_EQ(p.status, 200) << p.body;
  auto stale_file = rewrite(exported, [&](std::vector<Cells>& rows) {
    for (auto& r : rows)
      if (r[0] == CellValue(std::string("1.1"))) r[10] = 2100.0;
  });
  auto s = upload(*office, base(c) + "/import", stale_file);
  ASSERT_EQ(s.status, 422) << s.body;
  auto srep = s.obj().at("report").as_object();
  std::map<int64_t, json::object> stale;
  for (auto& e : srep.at("errors").as_array()) stale[e.at("row").as_int64()] = e.as_object();
  ASSERT_EQ(stale.size(), 3u) << messages(srep);
  for (int64_t row : {3, 6, 7}) {
    ASSERT_TRUE(stale.count(row)) << row << "\n" << messages(srep);
    EXPECT_EQ(stale[row].at("code").as_string(), "stale_row");
    EXPECT_EQ(stale[row].at("column").as_string(), "T") << "the 版本 column";
  }
  EXPECT_EQ(stale[3].at("params").at("current").as_string(),
            std::to_string(t11.at("version").as_int64() + 1));
  EXPECT_EQ(srep.at("unchanged_rows").as_int64(), 3);
  EXPECT_EQ(tasks_of(c).at("1.1").at("target_value").as_double(), 2000);

  // A key of another campaign's task (or a made-up one): a coded row error
  // that names nothing of that task.
  int64_t other = campaign("别的行动");
  auto foreign = upload(*office, base(other) + "/import?dry_run=true", edited);
  ASSERT_EQ(foreign.status, 200) << foreign.body;
  auto frep = foreign.obj();
  int unknown = 0;
  for (auto& fe : frep.at("errors").as_array()) {
    if (fe.at("code") == "unknown_task_key") ++unknown;
    EXPECT_EQ(fe.at("message").as_string().find("清零"), std::string::npos);
  }
  EXPECT_EQ(unknown, 7) << "six keys and the new row's parent key\n" << messages(frep);
}

// Row errors carry codes and parameters besides the English message.
TEST_F(PlanImportTest, RowErrorsCarryCodesAndParams) {
  int64_t c = campaign("错误码行动");
  std::vector<Cells> rows = {
      task("1", none(), "甲", "没有这个单位", d("2018-01-31")),
      task("2", none(), "乙", "南郊乡", t("下个月")),
      task("3", none(), "丙", "南郊乡", d("2018-01-31"), 100.0, "户"),
      task("3.1", none(), "丁", "南郊村", d("2018-01-31"), 60.0, "户"),
  };
  auto r = upload(*office, base(c) + "/import?dry_run=true", plan(rows));
  ASSERT_EQ(r.status, 200) << r.body;
  std::map<std::string, json::object> by;
  auto body = r.obj();
  for (auto& e : body.at("errors").as_array())
    by[std::to_string(e.at("row").as_int64()) + std::string(e.at("column").as_string())] = e.as_object();
  ASSERT_TRUE(by.count("3E")) << r.body;
  EXPECT_EQ(by["3E"].at("code").as_string(), "unknown_unit");
  EXPECT_EQ(by["3E"].at("params").at("name").as_string(), "没有这个单位");
  ASSERT_TRUE(by.count("4J")) << r.body;
  EXPECT_EQ(by["4J"].at("code").as_string(), "not_a_date");
  ASSERT_TRUE(by.count("5K")) << r.body;
  EXPECT_EQ(by["5K"].at("code").as_string(), "sum_mismatch");
  EXPECT_EQ(by["5K"].at("params").at("expected").as_string(), "100 户");
  EXPECT_EQ(by["5K"].at("params").at("actual").as_string(), "60 户");
  // Errors of the file itself are coded too.
  auto notx = upload(*office, base(c) + "/import?dry_run=true", "not a workbook");
  EXPECT_EQ(notx.status, 400);
  EXPECT_EQ(notx.obj().at("code").as_string(), "not_xlsx");
  auto sheet = upload(*office, base(c) + "/import?dry_run=true&sheet=3", plan(rows));
  EXPECT_EQ(sheet.status, 400);
  EXPECT_EQ(sheet.obj().at("code").as_string(), "no_such_sheet");
}

// The template: the headers the importer maps, an example row that imports
// cleanly, a notes sheet.
TEST_F(PlanImportTest, TheTemplateImportsCleanly) {
  int64_t c = campaign("模板行动");
  auto r = office->get(base(c) + "/import/template");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(r.header("content-type"), kXlsxType);
  auto names = io::sheet_names(r.body);
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::vector<std::string>{"任务分解", "说明"}));
  auto notes = io::read_sheet(r.body, 1);
  ASSERT_TRUE(notes.ok());
  std::string all;
  for (const auto& e : notes->cells()) all += e.cell.text + "\n";
  for (const char* word : {"序号", "2017-10-31", "组织机构", "任务ID"})
    EXPECT_NE(all.find(word), std::string::npos) << word;
  auto p = upload(*office, base(c) + "/import/preview", r.body);
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(p.obj().at("suggested_mapping").as_object().size(), 13u) << p.body;
  auto dry = upload(*office, base(c) + "/import?dry_run=true", r.body);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(dry.obj().at("valid_rows").as_int64(), 1) << messages(dry.obj());
  EXPECT_EQ(dry.obj().at("new_rows").as_int64(), 1);
  EXPECT_TRUE(dry.obj().at("errors").as_array().empty()) << messages(dry.obj());
  EXPECT_EQ(leader->get(base(c) + "/import/template").status, 403);
  EXPECT_EQ(office->get(base(999999) + "/import/template").status, 404);
}

// The security review's merged-cell finding, against the server: a plan of
// a few KB whose sheet merges A2:A1048576 (and more such whole columns)
// used to raise the server's memory by 250-850 MB. Peak RSS of the server
// (VmHWM, reset through /proc/<pid>/clear_refs) must grow by at most 50 MB
// over a preview and a dry-run import of it.
long proc_kib(pid_t pid, const char* key) {
  std::ifstream f("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind(key, 0) == 0) return std::stol(line.substr(std::strlen(key)));
  return -1;
}

TEST_F(PlanImportTest, WholeColumnMergesDoNotBlowUpTheServersMemory) {
  int64_t c = campaign("合并炸弹行动");
  std::string rows = "<row r=\"1\">";
  const char* heads[] = {"序号", "工作任务", "责任单位", "完成时限"};
  for (int i = 0; i < 4; ++i)
    rows += "<c r=\"" + std::string(1, char('A' + i)) + "1\" t=\"inlineStr\"><is><t>" + heads[i] +
            "</t></is></c>";
  rows += "</row>";
  for (int r = 2; r <= 4; ++r) {
    std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"inlineStr\"><is><t>" + std::to_string(r - 1) +
            "</t></is></c><c r=\"B" + n + "\" t=\"inlineStr\"><is><t>任务" + n + "</t></is></c><c r=\"C" + n +
            "\" t=\"inlineStr\"><is><t>南郊乡</t></is></c><c r=\"D" + n +
            "\" t=\"inlineStr\"><is><t>2018-01-31</t></is></c></row>";
  }
  auto bomb =
      io::testing::one_sheet(rows,
                             "<mergeCells><mergeCell ref=\"A2:A1048576\"/><mergeCell ref=\"B2:B1048576\"/>"
                             "<mergeCell ref=\"C2:C1048576\"/><mergeCell ref=\"D2:D1048576\"/>"
                             "<mergeCell ref=\"E1:XFD1048576\"/></mergeCells>")
          .zip();
  ASSERT_LT(bomb.size(), 4096u);
  pid_t pid = server->pid();
  long before = proc_kib(pid, "VmRSS:");
  ASSERT_GT(before, 0);
  {
    std::ofstream clear("/proc/" + std::to_string(pid) + "/clear_refs");
    clear << "5";  // resets VmHWM to the current RSS
  }
  for (int i = 0; i < 2; ++i) {
    auto p = upload(*office, base(c) + "/import/preview", bomb);
    ASSERT_EQ(p.status, 200) << p.body;
    EXPECT_EQ(p.obj().at("row_count").as_int64(), 3);
    auto r = upload(*office, base(c) + "/import?dry_run=true", bomb);
    ASSERT_EQ(r.status, 200) << r.body;
    auto rep = r.obj();
    EXPECT_EQ(rep.at("total_rows").as_int64(), 3);
    for (auto& e : rep.at("errors").as_array()) EXPECT_LE(e.at("row").as_int64(), 4);
  }
  long peak = proc_kib(pid, "VmHWM:");
  long growth_mib = (peak - before) / 1024;
  EXPECT_LE(growth_mib, 50) << "server peak RSS grew by " << growth_mib << " MiB (" << before << " -> "
                            << peak << " KiB)";
}

// 3,000 rows (50 tasks of 59 subtasks) go in one transaction (about 0.4 s on
// SQLite, 4 s on PostgreSQL here); more than 5,000 are refused before any
// database work.
TEST_F(PlanImportTest, ALargePlanImportsAndATooLargeOneIsRefused) {
  int64_t c = campaign("大计划行动");
  std::vector<Cells> rows;
  for (int i = 1; i <= 50; ++i) {
    std::string code = std::to_string(i);
    rows.push_back(task(code.c_str(), none(), ("任务" + code).c_str(), "南郊乡", d("2018-03-31")));
    for (int k = 1; k <= 59; ++k) {
      std::string sub = code + "." + std::to_string(k);
      rows.push_back(task(sub.c_str(), none(), ("子任务" + sub).c_str(), "南郊村", d("2018-03-01")));
    }
  }
  auto r = upload(*office, base(c) + "/import", plan(rows));
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(r.obj().at("created").as_int64(), 3000);
  auto page = admin->get("/api/v1/tasks?per_page=1&roots=true&campaign_id=" + std::to_string(c)).obj();
  EXPECT_EQ(page.at("total").as_int64(), 50);
  for (int i = 3001; i <= 5001; ++i) {
    std::string code = std::to_string(i);
    rows.push_back(task(code.c_str(), none(), "多余", "南郊乡", d("2018-03-31")));
  }
  auto big = upload(*office, base(c) + "/import?dry_run=true", plan(rows));
  EXPECT_EQ(big.status, 400) << big.body.substr(0, 300);
  EXPECT_NE(big.body.find("5000"), std::string::npos) << big.body.substr(0, 300);
}

}  // namespace
}  // namespace lantian::test
