// Supervision problems (督办) over HTTP, on SQLite and (api_pg_tests)
// PostgreSQL: numbering per source and year, duplicate warnings, the full
// loop (assign → accept → rectify → report with photos → verifier → close),
// a failed verification, an extension, return and merge, who may act on
// which problem (a township on its own only; only the campaign office
// verifies and closes), the evidence checks (a disguised type, EXIF far away
// or early, no EXIF, a photo re-used on two problems) and the overdue board.
// The timers (look-back, rebound, escalation) are in problem_timers_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "support/demo_suite.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

// Where tests/fixtures/exif_photo.jpg says it was taken (34°47'31.50"N
// 114°20'52.25"E), and a place about 2.4 km east of it.
constexpr double kPhotoLng = 114.347847, kPhotoLat = 34.792083;
constexpr double kFarLng = 114.374, kFarLat = 34.792083;

class ProblemsTest : public DemoSuite {
 protected:
  // 2017-11-15 is a Wednesday; the fixture photo was taken on 2017-11-20.
  static void SetUpTestSuite() { start_server({"--clock-start", "2017-11-15T09:00:00+08:00"}); }
  void SetUp() override {
    if (!log_in()) return;
    wangtun = server->client_for("wangtun");
    inspector = server->client_for("inspector");
    nanjiao = unit_id("南郊乡");
    wangtun_unit = unit_id("汪屯乡");
    office_id = me(*office);
    staff_id = me(*staff);
  }
  static void TearDownTestSuite() {
    wangtun.reset();
    inspector.reset();
    DemoSuite::TearDownTestSuite();
  }

  static int64_t me(HttpClient& c) { return c.get("/api/v1/auth/me").obj().at("user").at("id").as_int64(); }

  static json::object problem_body(const std::string& title, double lng = kPhotoLng, double lat = kPhotoLat,
                                   const std::string& type = "construction_dust") {
    return {{"source", "district"},
            {"problem_type", type},
            {"title", title},
            {"description", "工地西侧裸土未覆盖，车辆未冲洗驶出"},
            {"standard", "裸土全部覆盖，出入口冲洗设施正常使用"},
            {"address", "禹王台区南郊乡某工地"},
            {"location", {{"lng", lng}, {"lat", lat}}}};
  }
  json::object register_problem(const json::object& body, HttpClient* by = nullptr) {
    auto r = (by ? by : office.get())->post_json("/api/v1/problems", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj() : json::object{};
  }
  static int64_t version(HttpClient& c, int64_t id) {
    return c.get("/api/v1/problems/" + std::to_string(id)).obj().at("version").as_int64();
  }
  static HttpResponse act(HttpClient& c, int64_t id, const std::string& action, json::object body = {}) {
    body["version"] = version(c, id);
    return c.post_json("/api/v1/problems/" + std::to_string(id) + "/actions/" + action, body);
  }
  static json::object must_act(HttpClient& c, int64_t id, const std::string& action, json::object body = {}) {
    auto r = act(c, id, action, std::move(body));
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
    return r.status == 200 ? r.obj() : json::object{};
  }
  static int64_t upload(HttpClient& c, int64_t id, const std::string& bytes, const std::string& name) {
    auto r = c.post("/api/v1/problems/" + std::to_string(id) + "/files?filename=" + name, bytes,
                    {{"Content-Type", "application/octet-stream"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  // Registered and assigned to 南郊乡 with `days` working days.
  int64_t assigned(const std::string& title, double lng = kPhotoLng, double lat = kPhotoLat) {
    int64_t id = register_problem(problem_body(title, lng, lat)).at("id").as_int64();
    must_act(*office, id, "assign",
             {{"unit_id", nanjiao},
              {"person_id", staff_id},
              {"deadline_kind", "working_days"},
              {"deadline_days", 5}});
    return id;
  }
  // Assigned, accepted, rectifying, reported with the fixture photo.
  int64_t reported(const std::string& title) {
    int64_t id = assigned(title);
    must_act(*staff, id, "accept");
    must_act(*staff, id, "start");
    int64_t photo = upload(*staff, id, fixture("exif_photo.jpg"), "after.jpg");
    must_act(*staff, id, "report", {{"note", "已覆盖裸土，安装冲洗设备"}, {"files", json::array{photo}}});
    return id;
  }
  static std::string code(const HttpResponse& r) {
    auto o = r.obj();
    if (o.contains("errors") && !o.at("errors").as_array().empty())
      return std::string(o.at("errors").as_array()[0].at("field").as_string()) + ":" +
             std::string(o.at("errors").as_array()[0].at("code").as_string());
    return o.contains("code") ? std::string(o.at("code").as_string()) : r.body;
  }
  static std::vector<std::string> actions(const json::object& p) {
    std::vector<std::string> out;
    for (auto& a : p.at("actions").as_array()) out.emplace_back(a.as_string());
    return out;
  }

  static inline std::unique_ptr<HttpClient> wangtun, inspector;
  static inline int64_t nanjiao = 0, wangtun_unit = 0, office_id = 0, staff_id = 0;
};

TEST_F(ProblemsTest, NumbersFollowTheSourceAndYearAndAreNeverReused) {
  auto a = register_problem(problem_body("编号测试甲"));
  auto b = register_problem(problem_body("编号测试乙"));
  json::object hotline = problem_body("编号测试丙");
  hotline["source"] = "hotline";
  auto c = register_problem(hotline);
  std::string na(a.at("number").as_string()), nb(b.at("number").as_string()), nc(c.at("number").as_string());
  EXPECT_TRUE(na.starts_with("禹攻坚督〔2017〕")) << na;
  EXPECT_TRUE(nc.starts_with("禹攻坚信〔2017〕")) << nc;
  // Consecutive within the source: b is a's successor.
  auto seq = [](const std::string& n) {
    auto open = n.find("〕") + std::string("〕").size();
    return std::stoi(n.substr(open, n.find("号") - open));
  };
  EXPECT_EQ(seq(nb), seq(na) + 1);
  // A registration refused does not take a number.
  json::object bad = problem_body("");
  EXPECT_EQ(office->post_json("/api/v1/problems", bad).status, 422);
  auto d = register_problem(problem_body("编号测试丁"));
  EXPECT_EQ(seq(std::string(d.at("number").as_string())), seq(nb) + 1);
  EXPECT_EQ(a.at("status").as_string(), "registered");
}

TEST_F(ProblemsTest, BadRegistrationsAreRefusedByField) {
  json::object b = problem_body("错误来源");
  b["source"] = "nowhere";
  auto r = office->post_json("/api/v1/problems", b);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(code(r), "source:one_of");
  b = problem_body("错误类型");
  b["problem_type"] = "weather";
  EXPECT_EQ(code(office->post_json("/api/v1/problems", b)), "problem_type:one_of");
  b = problem_body("没有的企业");
  b["enterprise_id"] = 999999;
  EXPECT_EQ(code(office->post_json("/api/v1/problems", b)), "enterprise_id:no_such_enterprise");
  b = problem_body("境外坐标", 10.0, 10.0);
  EXPECT_EQ(code(office->post_json("/api/v1/problems", b)), "location:out_of_range");
  // Units rectify; they do not register.
  EXPECT_EQ(staff->post_json("/api/v1/problems", problem_body("乡镇登记")).status, 403);
  // Inspectors register.
  register_problem(problem_body("督导组登记"), inspector.get());
}

TEST_F(ProblemsTest, RegistrationWarnsOfOpenProblemsNearbyOrOfTheSameEnterprise) {
  const double lng = 114.3301, lat = 34.7702;
  auto first = register_problem(problem_body("重复提示-原问题", lng, lat));
  // 100 m north: same type → warned; 500 m north → not.
  auto near = register_problem(problem_body("重复提示-近处", lng, lat + 0.0009));
  ASSERT_EQ(near.at("warnings").as_array().size(), 1u) << json::serialize(near);
  auto w = near.at("warnings").as_array()[0].as_object();
  EXPECT_EQ(w.at("id"), first.at("id"));
  EXPECT_EQ(w.at("reason").as_string(), "nearby");
  EXPECT_NEAR(w.at("distance_m").to_number<double>(), 100, 5);
  auto far = register_problem(problem_body("重复提示-远处", lng, lat + 0.0045));
  for (auto& x : far.at("warnings").as_array()) EXPECT_NE(x.at("id"), first.at("id"));
  // Another type at the same place: no warning.
  auto other = register_problem(problem_body("重复提示-其他类型", lng, lat, "open_burning"));
  for (auto& x : other.at("warnings").as_array()) EXPECT_NE(x.at("id"), first.at("id"));
  // The check without registering says the same.
  auto check = office->post_json("/api/v1/problems/duplicates", problem_body("预查", lng, lat + 0.0005));
  ASSERT_EQ(check.status, 200) << check.body;
  std::set<int64_t> ids;
  auto body1 = check.obj();  // kept: the loop must not run over a temporary
  for (auto& x : body1.at("items").as_array()) ids.insert(x.at("id").as_int64());
  EXPECT_TRUE(ids.count(first.at("id").as_int64()));
  // The same enterprise, wherever it is.
  auto ent = office->post_json(
      "/api/v1/enterprises",
      {{"name", "重复提示测试厂"}, {"unit_id", nanjiao}, {"address", "南郊乡"}, {"status", "operating"}});
  ASSERT_EQ(ent.status, 201) << ent.body;
  json::object e1 = problem_body("企业问题一", 114.31, 34.75), e2 = problem_body("企业问题二", 114.40, 34.80);
  e1["enterprise_id"] = e2["enterprise_id"] = ent.obj().at("id");
  auto p1 = register_problem(e1);
  auto p2 = register_problem(e2);
  ASSERT_FALSE(p2.at("warnings").as_array().empty());
  EXPECT_EQ(p2.at("warnings").as_array()[0].at("reason").as_string(), "same_enterprise");
  EXPECT_EQ(p2.at("warnings").as_array()[0].at("id"), p1.at("id"));
  EXPECT_EQ(p2.at("enterprise").at("name").as_string(), "重复提示测试厂");
}

TEST_F(ProblemsTest, ASiteNamedInAProblemIsMatchedAgainstTheBannedList) {
  auto b = office->post_json(
      "/api/v1/banned-enterprises",
      {{"name", "开封市祥符区宏达再生塑料厂"}, {"legal_rep", "赵某"}, {"origin", "祥符区"}});
  ASSERT_EQ(b.status, 201) << b.body;
  json::object body = problem_body("群众反映有塑料颗粒厂夜间生产", 114.38, 34.75);
  body["site"] = "宏达再生塑料厂";
  register_problem(body);
  auto alerts = office->get("/api/v1/relocation-alerts?status=open&per_page=200").obj();
  bool raised = false;
  for (auto& a : alerts.at("items").as_array())
    if (a.at("candidate").at("name").as_string() == "宏达再生塑料厂") raised = true;
  EXPECT_TRUE(raised) << json::serialize(alerts);
}

TEST_F(ProblemsTest, TheWholeLoopFromAssignmentToClosing) {
  auto p = register_problem(problem_body("全流程工地扬尘"));
  int64_t id = p.at("id").as_int64();
  EXPECT_EQ(actions(p), (std::vector<std::string>{"assign", "merge", "dismiss"}));
  // Assignment needs a unit and a deadline.
  EXPECT_EQ(code(act(*office, id, "assign", {{"unit_id", nanjiao}})), "deadline:required");
  EXPECT_EQ(code(act(*office, id, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-11-01"}})),
            "deadline:deadline_invalid");
  // 5 working days from Wednesday 2017-11-15: Wednesday 2017-11-22.
  auto a = must_act(*office, id, "assign",
                    {{"unit_id", nanjiao},
                     {"person_id", staff_id},
                     {"deadline_kind", "working_days"},
                     {"deadline_days", 5}});
  EXPECT_EQ(a.at("status").as_string(), "assigned");
  EXPECT_EQ(a.at("deadline").as_string(), "2017-11-22");
  EXPECT_EQ(a.at("unit").at("name").as_string(), "南郊乡");
  EXPECT_EQ(a.at("person_name").as_string(), "南郊乡工作人员");
  // The unit sees it, with what it may do now.
  auto seen = staff->get("/api/v1/problems/" + std::to_string(id));
  ASSERT_EQ(seen.status, 200);
  EXPECT_EQ(actions(seen.obj()), (std::vector<std::string>{"accept", "return"}));
  // And was told.
  auto inbox = staff->get("/api/v1/notifications?per_page=50").obj();
  bool told = false;
  for (auto& n : inbox.at("items").as_array())
    told = told || (n.at("kind").as_string() == "problem_assigned" && n.at("problem_id") == json::value(id));
  EXPECT_TRUE(told) << json::serialize(inbox);
  must_act(*staff, id, "accept");
  must_act(*staff, id, "start");
  // A report needs the measures and a photo.
  EXPECT_EQ(code(act(*staff, id, "report", {{"note", "已整改"}})), "evidence:required");
  int64_t before = upload(*staff, id, make_png(8, 8), "before.png");
  int64_t after = upload(*staff, id, fixture("exif_photo.jpg"), "after.jpg");
  auto rep = must_act(*staff, id, "report", {{"note", "已覆盖裸土"}, {"files", json::array{before, after}}});
  EXPECT_EQ(rep.at("status").as_string(), "reported");
  // The office names a verifier from its own ranks.
  EXPECT_EQ(code(act(*office, id, "assign_verifier", {{"verifier_id", staff_id}})),
            "verifier_id:verifier_not_office");
  must_act(*office, id, "assign_verifier", {{"verifier_id", office_id}});
  // The verifier checks on site: a photo and where they stand.
  int64_t onsite = upload(*office, id, make_png(16, 16, 10, 200, 10), "onsite.png");
  EXPECT_EQ(code(act(*office, id, "pass_verification", {{"files", json::array{onsite}}})),
            "location:required");
  auto closed = must_act(*office, id, "pass_verification",
                         {{"files", json::array{onsite}},
                          {"location", {{"lng", kPhotoLng + 0.0005}, {"lat", kPhotoLat}}},
                          {"note", "现场核查：已整改到位"}});
  EXPECT_EQ(closed.at("status").as_string(), "closed");
  // Look-back: 15 days for construction dust (resources/problems.toml).
  EXPECT_EQ(closed.at("lookback_due").as_string(), "2017-11-30");
  // Where the verifier stood, and the documents there now are.
  ASSERT_FALSE(closed.at("verified").is_null());
  EXPECT_NEAR(closed.at("verified").at("lng").to_number<double>(), kPhotoLng + 0.0005, 1e-6);
  EXPECT_EQ(closed.at("documents"), (json::array{"notice", "report"}));
  EXPECT_EQ(closed.at("created_by").as_int64(), office_id);
  EXPECT_FALSE(closed.at("closed_at").is_null());
  // The history has every move, with its files.
  auto ev = office->get("/api/v1/problems/" + std::to_string(id) + "/events").obj().at("items").as_array();
  std::vector<std::string> moves;
  for (auto& e : ev) moves.emplace_back(e.at("action").as_string());
  EXPECT_EQ(moves, (std::vector<std::string>{"create", "assign", "accept", "start", "report",
                                             "assign_verifier", "pass_verification"}));
  // Closed is frozen: nothing more but the look-back.
  EXPECT_EQ(act(*staff, id, "report", {{"note", "再报"}}).status, 409);
}

TEST_F(ProblemsTest, AFailedVerificationGoesBackToTheUnitAndCountsAgainstIt) {
  int64_t id = reported("核查不通过");
  must_act(*office, id, "assign_verifier", {{"verifier_id", office_id}});
  EXPECT_EQ(code(act(*office, id, "fail_verification")), "note:note_required");
  auto back = must_act(*office, id, "fail_verification", {{"note", "西侧仍有裸土未覆盖"}});
  EXPECT_EQ(back.at("status").as_string(), "rectifying");
  EXPECT_EQ(back.at("failed_verifications").as_int64(), 1);
  EXPECT_TRUE(back.at("verifier").is_null());
  // The unit reports again.
  int64_t photo = upload(*staff, id, make_png(9, 9), "again.png");
  must_act(*staff, id, "report", {{"note", "全部覆盖"}, {"files", json::array{photo}}});
  EXPECT_EQ(office->get("/api/v1/problems/" + std::to_string(id)).obj().at("failed_verifications").as_int64(),
            1);
}

TEST_F(ProblemsTest, AnExtensionIsAskedWithAReasonAndDecidedByTheOffice) {
  int64_t id = assigned("延期申请");
  must_act(*staff, id, "accept");
  must_act(*staff, id, "start");
  const std::string deadline(
      office->get("/api/v1/problems/" + std::to_string(id)).obj().at("deadline").as_string());
  EXPECT_EQ(
      code(act(*staff, id, "request_extension", {{"note", "设备到货延迟"}, {"extension_until", deadline}})),
      "extension_until:extension_not_later");
  EXPECT_EQ(code(act(*staff, id, "request_extension", {{"extension_until", "2017-12-15"}})),
            "note:note_required");
  auto asked = must_act(*staff, id, "request_extension",
                        {{"note", "设备到货延迟"}, {"extension_until", "2017-12-15"}});
  EXPECT_EQ(asked.at("status").as_string(), "extension_requested");
  // The unit cannot approve its own.
  EXPECT_EQ(act(*staff, id, "approve_extension").status, 403);
  auto ok = must_act(*office, id, "approve_extension", {{"note", "同意"}});
  EXPECT_EQ(ok.at("status").as_string(), "rectifying");
  EXPECT_EQ(ok.at("deadline").as_string(), "2017-12-15");
  EXPECT_EQ(ok.at("extensions").as_int64(), 1);
  // A second request refused keeps the deadline.
  must_act(*staff, id, "request_extension", {{"note", "再延"}, {"extension_until", "2017-12-31"}});
  EXPECT_EQ(code(act(*office, id, "refuse_extension")), "note:note_required");
  auto no = must_act(*office, id, "refuse_extension", {{"note", "不予延期，按期完成"}});
  EXPECT_EQ(no.at("deadline").as_string(), "2017-12-15");
  EXPECT_TRUE(no.at("extension_until").is_null());
  // Who heard of it (problem.toml notify): the office user who assigned it of
  // each request; the one who asked (here also the named person) of each answer.
  auto kinds = [&](HttpClient& c) {
    std::multiset<std::string> out;
    json::object inbox = c.get("/api/v1/notifications?per_page=100").obj();
    for (auto& n : inbox.at("items").as_array())
      if (n.at("problem_id").is_int64() && n.at("problem_id").as_int64() == id)
        out.insert(std::string(n.at("kind").as_string()));
    return out;
  };
  auto office_heard = kinds(*office), staff_heard = kinds(*staff);
  EXPECT_EQ(office_heard.count("problem_extension_requested"), 2u);
  EXPECT_EQ(staff_heard.count("problem_extension_approved"), 1u);
  EXPECT_EQ(staff_heard.count("problem_extension_refused"), 1u);
  EXPECT_EQ(office_heard.count("problem_extension_refused"), 0u);
}

// The office user who assigns a problem handles it (承办人): the unit's
// return, extension request and report go to them, not to every office user;
// when the handler has left (disabled), to the whole office (problem.toml notify).
TEST_F(ProblemsTest, TheHandlerHearsOfTheUnitsMovesAndTheOfficeWhenTheHandlerHasLeft) {
  auto office_unit = office->get("/api/v1/auth/me").obj().at("user").at("unit_id").as_int64();
  const std::string username = "handler.jia";
  auto made = admin->post_json("/api/v1/users", {{"username", username},
                                                 {"name", "承办人甲"},
                                                 {"unit_id", office_unit},
                                                 {"roles", json::array{"campaign_office"}}});
  ASSERT_EQ(made.status, 201) << made.body;
  const int64_t handler_id = made.obj().at("id").as_int64();
  const std::string initial(made.obj().at("initial_password").as_string());
  auto handler = server->client_for(username, initial);
  ASSERT_EQ(handler
                ->post_json("/api/v1/auth/password",
                            {{"current_password", initial}, {"new_password", "Handl3r#2017ok"}})
                .status,
            204);
  auto inbox_of = [](HttpClient& c, int64_t problem, const std::string& kind) {
    json::object inbox = c.get("/api/v1/notifications?per_page=100").obj();
    int n = 0;
    for (auto& item : inbox.at("items").as_array())
      if (item.at("kind").as_string() == kind && item.at("problem_id").is_int64() &&
          item.at("problem_id").as_int64() == problem)
        ++n;
    return n;
  };
  auto assign_by_handler = [&](const std::string& title) {
    int64_t id = register_problem(problem_body(title, kPhotoLng + 0.01, kPhotoLat)).at("id").as_int64();
    auto a = must_act(*handler, id, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-11-30"}});
    EXPECT_EQ(a.at("handler").at("id").as_int64(), handler_id) << json::serialize(a);
    return id;
  };
  int64_t first = assign_by_handler("承办人收到退回");
  EXPECT_EQ(inbox_of(*staff, first, "problem_assigned"), 1);
  must_act(*staff, first, "return", {{"note", "不属我乡辖区"}});
  EXPECT_EQ(inbox_of(*handler, first, "problem_returned"), 1);
  EXPECT_EQ(inbox_of(*office, first, "problem_returned"), 0);  // another office user: not told

  int64_t second = assign_by_handler("承办人离岗后退回");
  auto who = admin->get("/api/v1/users/" + std::to_string(handler_id)).obj();
  ASSERT_EQ(admin
                ->post_json("/api/v1/users/" + std::to_string(handler_id) + "/disable",
                            {{"version", who.at("version")}})
                .status,
            200);
  must_act(*staff, second, "return", {{"note", "不属我乡辖区"}});
  EXPECT_EQ(inbox_of(*office, second, "problem_returned"), 1);  // the office, as the handler left
}

TEST_F(ProblemsTest, AWronglyAssignedProblemGoesBackAndDuplicatesMerge) {
  int64_t id = assigned("交办错误");
  EXPECT_EQ(code(act(*staff, id, "return")), "note:note_required");
  auto back = must_act(*staff, id, "return", {{"note", "该工地属汪屯乡辖区"}});
  EXPECT_EQ(back.at("status").as_string(), "registered");
  must_act(*office, id, "assign", {{"unit_id", wangtun_unit}, {"deadline", "2017-11-30"}});
  // Now 汪屯乡's: 南郊乡 no longer acts on it.
  EXPECT_EQ(act(*wangtun, id, "accept").status, 200);

  int64_t original = register_problem(problem_body("合并-原问题", 114.32, 34.74)).at("id").as_int64();
  int64_t dup = register_problem(problem_body("合并-重复", 114.32, 34.74)).at("id").as_int64();
  // Into an earlier problem only.
  EXPECT_EQ(code(act(*office, original, "merge", {{"merged_into", dup}})),
            "merged_into:merge_target_invalid");
  EXPECT_EQ(code(act(*office, dup, "merge", {{"merged_into", 99999999}})), "merged_into:no_such_problem");
  auto merged = must_act(*office, dup, "merge", {{"merged_into", original}, {"note", "同一工地"}});
  EXPECT_EQ(merged.at("status").as_string(), "merged");
  EXPECT_EQ(merged.at("merged_into_id").as_int64(), original);
  EXPECT_TRUE(actions(merged).empty());
  // A dismissed complaint.
  int64_t groundless = register_problem(problem_body("不实举报", 114.33, 34.73)).at("id").as_int64();
  EXPECT_EQ(must_act(*office, groundless, "dismiss", {{"note", "经核实无此情况"}}).at("status").as_string(),
            "dismissed");
}

TEST_F(ProblemsTest, ATownshipSeesAndActsOnItsOwnProblemsOnly) {
  int64_t ours = assigned("本乡问题");
  int64_t theirs = register_problem(problem_body("外乡问题", 114.35, 34.76)).at("id").as_int64();
  must_act(*office, theirs, "assign", {{"unit_id", wangtun_unit}, {"deadline", "2017-11-30"}});
  int64_t unassigned = register_problem(problem_body("未交办", 114.36, 34.76)).at("id").as_int64();
  // Not seen, not acted on: 404 as for a problem that does not exist.
  EXPECT_EQ(staff->get("/api/v1/problems/" + std::to_string(theirs)).status, 404);
  EXPECT_EQ(staff->get("/api/v1/problems/" + std::to_string(unassigned)).status, 404);
  EXPECT_EQ(
      staff->post_json("/api/v1/problems/" + std::to_string(theirs) + "/actions/accept", {{"version", 2}})
          .status,
      404);
  EXPECT_EQ(wangtun->get("/api/v1/problems/" + std::to_string(ours)).status, 404);
  // Lists hold their own only.
  std::set<int64_t> listed;
  auto page = staff->get("/api/v1/problems?per_page=200").obj();
  for (auto& p : page.at("items").as_array()) listed.insert(p.at("id").as_int64());
  EXPECT_TRUE(listed.count(ours));
  EXPECT_FALSE(listed.count(theirs));
  EXPECT_FALSE(listed.count(unassigned));
  // Filtered by a unit: within the reader's subtree the list is the same
  // (its scope is implied); another township's stays out of reach.
  auto by_unit = [&](int64_t unit) {
    auto p = staff->get("/api/v1/problems?per_page=200&unit_id=" + std::to_string(unit)).obj();
    std::set<int64_t> ids;
    for (auto& i : p.at("items").as_array()) ids.insert(i.at("id").as_int64());
    EXPECT_EQ(p.at("total").as_int64(), int64_t(ids.size()));
    return ids;
  };
  EXPECT_EQ(by_unit(nanjiao), listed);
  EXPECT_TRUE(by_unit(wangtun_unit).empty());
  // Office moves are the office's: a township cannot assign, verify or close.
  EXPECT_EQ(act(*leader, ours, "merge", {{"merged_into", 1}}).status, 403);
  EXPECT_EQ(act(*staff, ours, "assign_verifier", {{"verifier_id", office_id}}).status, 403);
  // The inspector and the viewer read everything and act on nothing.
  EXPECT_EQ(inspector->get("/api/v1/problems/" + std::to_string(theirs)).status, 200);
  EXPECT_EQ(act(*inspector, ours, "accept").status, 403);
  EXPECT_EQ(act(*viewer, ours, "accept").status, 403);
  // A cooperating unit sees the problem too.
  int64_t shared = register_problem(problem_body("协办问题", 114.37, 34.77)).at("id").as_int64();
  must_act(*office, shared, "assign",
           {{"unit_id", wangtun_unit},
            {"cooperating_unit_ids", json::array{nanjiao}},
            {"deadline", "2017-11-30"}});
  auto seen_shared = staff->get("/api/v1/problems/" + std::to_string(shared));
  ASSERT_EQ(seen_shared.status, 200);
  EXPECT_EQ(seen_shared.obj().at("cooperating_units").as_array()[0].at("name").as_string(), "南郊乡");
  // …but does not act as the responsible unit.
  EXPECT_EQ(act(*staff, shared, "accept").status, 403);
}

TEST_F(ProblemsTest, OnlyTheCampaignOfficeVerifiesAndCloses) {
  int64_t id = reported("只有攻坚办核查");
  // The unit cannot name itself, nor verify.
  EXPECT_EQ(act(*leader, id, "assign_verifier", {{"verifier_id", staff_id}}).status, 403);
  must_act(*office, id, "assign_verifier", {{"verifier_id", office_id}});
  int64_t photo = upload(*staff, id, make_png(5, 5), "self.png");
  auto r = act(*staff, id, "pass_verification",
               {{"files", json::array{photo}}, {"location", {{"lng", kPhotoLng}, {"lat", kPhotoLat}}}});
  EXPECT_EQ(r.status, 403) << r.body;
  // Another office member who was not named is not the verifier either.
  EXPECT_EQ(actions(admin->get("/api/v1/problems/" + std::to_string(id)).obj()),
            (std::vector<std::string>{}));
}

TEST_F(ProblemsTest, PhotosAreCheckedForPlaceTimeExifAndReuse) {
  // The site 2.4 km from where the photo was taken.
  int64_t far = assigned("照片核验-远处", kFarLng, kFarLat);
  int64_t near = assigned("照片核验-近处");
  int64_t jpeg_far = upload(*staff, far, fixture("exif_photo.jpg"), "a.jpg");
  int64_t jpeg_near = upload(*staff, near, fixture("exif_photo.jpg"), "a.jpg");
  int64_t png = upload(*staff, near, make_png(6, 6), "b.png");
  auto flags = [&](int64_t problem, int64_t file) {
    auto d = office->get("/api/v1/problems/" + std::to_string(problem)).obj();
    for (auto& f : d.at("files").as_array())
      if (f.at("id").as_int64() == file) return f.at("flags").as_object();
    ADD_FAILURE() << "no file " << file;
    return json::object{};
  };
  auto f1 = flags(far, jpeg_far);
  EXPECT_TRUE(f1.at("far").as_bool());
  EXPECT_NEAR(f1.at("distance_m").to_number<double>(), 2400, 100);
  EXPECT_FALSE(f1.at("no_exif").as_bool());
  EXPECT_FALSE(f1.at("before_assigned").as_bool());  // taken 2017-11-20, assigned 2017-11-15
  // The same photo on two problems: each names the other.
  // (Other tests of this suite file the same fixture on their problems too.)
  auto holds = [](const json::object& f, int64_t id) {
    for (auto& v : f.at("reused_on").as_array())
      if (v.as_int64() == id) return true;
    return false;
  };
  EXPECT_TRUE(holds(f1, near)) << json::serialize(f1);
  EXPECT_FALSE(holds(f1, far));
  auto f2 = flags(near, jpeg_near);
  EXPECT_FALSE(f2.at("far").as_bool());
  EXPECT_TRUE(holds(f2, far)) << json::serialize(f2);
  auto f3 = flags(near, png);
  EXPECT_TRUE(f3.at("no_exif").as_bool());
  EXPECT_TRUE(f3.at("any").as_bool());
  // A file that only pretends to be a photo is refused by its content.
  auto r = staff->post("/api/v1/problems/" + std::to_string(near) + "/files?filename=photo.jpg",
                       std::string("MZ\x90\x00 not an image at all", 24), {{"Content-Type", "image/jpeg"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(code(r), "file:file_type");
  // An oversized upload (over 8 MiB) is refused as soon as its header says
  // how long it is, before a byte is stored.
  HttpClient raw(server->port());
  std::string out =
      raw.raw("POST /api/v1/problems/" + std::to_string(near) +
              "/files?filename=big.jpg HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " +
              staff->default_headers.at("Authorization") +
              "\r\nContent-Type: image/jpeg\r\nContent-Length: " + std::to_string(9u << 20) + "\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out.substr(0, 300);
  auto after = office->get("/api/v1/problems/" + std::to_string(near)).obj();
  EXPECT_EQ(after.at("files").as_array().size(), 2u);
}

TEST_F(ProblemsTest, ListsFilterAndTheOverdueBoardCountsPerUnit) {
  int64_t a = assigned("清单筛选甲");
  auto list = [&](const std::string& q) {
    std::set<int64_t> ids;
    auto r = office->get("/api/v1/problems?per_page=200&" + q);
    EXPECT_EQ(r.status, 200) << q << ": " << r.body;
    if (r.status != 200) return ids;
    auto body2 = r.obj();  // kept: the loop must not run over a temporary
    for (auto& p : body2.at("items").as_array()) ids.insert(p.at("id").as_int64());
    return ids;
  };
  EXPECT_TRUE(list("status=assigned").count(a));
  EXPECT_FALSE(list("status=registered").count(a));
  EXPECT_TRUE(list("unit_id=" + std::to_string(nanjiao)).count(a));
  EXPECT_FALSE(list("unit_id=" + std::to_string(wangtun_unit)).count(a));
  EXPECT_TRUE(list("source=district&type=construction_dust").count(a));
  EXPECT_TRUE(list("person_id=" + std::to_string(staff_id)).count(a));
  EXPECT_TRUE(list("created_by=" + std::to_string(office_id)).count(a));
  EXPECT_FALSE(list("created_by=" + std::to_string(staff_id)).count(a));
  EXPECT_TRUE(list("from=2017-11-15&to=2017-11-15").count(a));
  EXPECT_FALSE(list("from=2017-11-16").count(a));
  EXPECT_TRUE(list("q=" + std::string("%E6%B8%85%E5%8D%95%E7%AD%9B%E9%80%89")).count(a));  // 清单筛选
  EXPECT_FALSE(list("overdue=true").count(a));                                             // due 2017-11-22
  EXPECT_EQ(office->get("/api/v1/problems?status=nonsense").status, 400);
  EXPECT_EQ(office->get("/api/v1/problems?from=2017-13-01").status, 400);
  auto board = office->get("/api/v1/problems/lateness");
  ASSERT_EQ(board.status, 200) << board.body;
  bool found = false;
  auto body3 = board.obj();  // kept: the loop must not run over a temporary
  for (auto& u : body3.at("items").as_array())
    if (u.at("unit").at("id").as_int64() == nanjiao) {
      found = true;
      EXPECT_GE(u.at("open").as_int64(), 1);
    }
  EXPECT_TRUE(found) << board.body;
  EXPECT_EQ(board.obj().at("today").as_string(), "2017-11-15");
  // The rules the forms are built from.
  auto rules = staff->get("/api/v1/problem-rules").obj();
  EXPECT_GE(rules.at("sources").as_array().size(), 5u);
  EXPECT_EQ(rules.at("escalation").as_array().size(), 3u);
}

// What a command printed (stdout), for pdftotext and pdffonts.
std::string run(const std::string& cmd) {
  std::string out;
  if (FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
  }
  return out;
}

TEST_F(ProblemsTest, TheNoticeAndTheReportPrintWithChineseFontsEmbedded) {
  if (run("command -v pdftotext").empty()) GTEST_SKIP() << "poppler-utils (pdftotext) is not installed";
  int64_t id = register_problem(problem_body("督办单打印测试")).at("id").as_int64();
  const std::string base = "/api/v1/problems/" + std::to_string(id) + "/documents/";
  // Not assigned yet: no notice.
  auto early = office->get(base + "notice.pdf");
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(code(early), "problem_document_not_ready");
  auto p = must_act(*office, id, "assign",
                    {{"unit_id", nanjiao},
                     {"deadline", "2017-11-24"},
                     {"leader_party", "张书记"},
                     {"leader_government", "李乡长"},
                     {"person_name", "王专干"}});
  const std::string number(p.at("number").as_string());
  auto pdf = staff->get(base + "notice.pdf");
  ASSERT_EQ(pdf.status, 200) << pdf.body.substr(0, 300);
  EXPECT_EQ(pdf.header("content-type"), "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  auto path = std::filesystem::temp_directory_path() / ("lantian-notice-" + std::to_string(id) + ".pdf");
  std::ofstream(path, std::ios::binary) << pdf.body;
  // pdftotext joins what layout splits; compare without spaces.
  std::string text = run("pdftotext -layout '" + path.string() + "' -");
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\n'; }),
             text.end());
  EXPECT_NE(text.find(number), std::string::npos) << text;
  EXPECT_NE(text.find("南郊乡"), std::string::npos) << text;
  EXPECT_NE(text.find("2017年11月24日"), std::string::npos) << text;
  EXPECT_NE(text.find("张书记"), std::string::npos) << text;
  std::string fonts = run("pdffonts '" + path.string() + "'");
  bool cjk_embedded = false;
  std::istringstream lines(fonts);
  for (std::string line; std::getline(lines, line);)
    if (line.find("CJK") != std::string::npos && line.find(" yes ") != std::string::npos) cjk_embedded = true;
  EXPECT_TRUE(cjk_embedded) << fonts;
  std::filesystem::remove(path);
  // The A4 page to print from the browser.
  auto html = office->get(base + "notice.html");
  ASSERT_EQ(html.status, 200);
  EXPECT_NE(html.body.find(number), std::string::npos);
  EXPECT_NE(html.body.find("@page"), std::string::npos);
  // The report once the unit has reported, with its photo.
  EXPECT_EQ(office->get(base + "report.pdf").status, 409);
  must_act(*staff, id, "accept");
  int64_t photo = upload(*staff, id, fixture("exif_photo.jpg"), "after.jpg");
  must_act(*staff, id, "report", {{"note", "已全部覆盖并安装冲洗设施"}, {"files", json::array{photo}}});
  auto rep = office->get(base + "report.html");
  ASSERT_EQ(rep.status, 200);
  EXPECT_NE(rep.body.find("已全部覆盖并安装冲洗设施"), std::string::npos);
  EXPECT_NE(rep.body.find("data:image/jpeg;base64,"), std::string::npos);
  EXPECT_EQ(office->get(base + "report.pdf").status, 200);
  // Another township sees no document of this problem.
  EXPECT_EQ(wangtun->get(base + "notice.pdf").status, 404);
  EXPECT_EQ(office->get(base + "notice.docx").status, 404);
}

}  // namespace
}  // namespace lantian::test
