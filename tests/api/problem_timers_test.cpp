// The supervision loop's timers and instances over HTTP, on SQLite and
// (api_pg_tests) PostgreSQL: problems closed, late and open on 2017-11-15;
// the server restarted as of 2017-12-01 (the clock moved), when its leader
// job has made the look-backs due and escalated the late problem up the
// ladder; a look-back passed and a rebound that opens a new linked problem.
// And numbering under concurrent registration on two instances of one
// database: every number once, none skipped.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <future>
#include <iterator>
#include <set>
#include <thread>

#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class ProblemTimersTest : public ::testing::Test {
 protected:
  static json::object body(const std::string& title, double lng) {
    return {{"source", "district"},
            {"problem_type", "construction_dust"},
            {"title", title},
            {"location", {{"lng", lng}, {"lat", 34.78}}}};
  }
  static int64_t version(HttpClient& c, int64_t id) {
    return c.get("/api/v1/problems/" + std::to_string(id)).obj().at("version").as_int64();
  }
  static json::object act(HttpClient& c, int64_t id, const std::string& action, json::object b = {}) {
    b["version"] = version(c, id);
    auto r = c.post_json("/api/v1/problems/" + std::to_string(id) + "/actions/" + action, b);
    EXPECT_EQ(r.status, 200) << action << ": " << r.body;
    return r.status == 200 ? r.obj() : json::object{};
  }
  static int64_t photo(HttpClient& c, int64_t id) {
    auto r = c.post("/api/v1/problems/" + std::to_string(id) + "/files?filename=p.png", make_png(7, 7),
                    {{"Content-Type", "application/octet-stream"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.obj().at("id").as_int64() : 0;
  }
  static int64_t unit(HttpClient& c, const std::string& name) {
    auto body1 = c.get("/api/v1/units?per_page=200").obj();  // kept: the loop must not run over a temporary
    for (auto& u : body1.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    return 0;
  }
  // Registered, assigned to 南郊乡, reported and closed by the office.
  static int64_t closed(HttpClient& office, HttpClient& staff, int64_t nanjiao, int64_t office_id,
                        const std::string& title, double lng) {
    auto r = office.post_json("/api/v1/problems", body(title, lng));
    EXPECT_EQ(r.status, 201) << r.body;
    int64_t id = r.obj().at("id").as_int64();
    act(office, id, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-11-20"}});
    act(staff, id, "accept");
    act(staff, id, "start");
    act(staff, id, "report", {{"note", "已整改"}, {"files", json::array{photo(staff, id)}}});
    act(office, id, "assign_verifier", {{"verifier_id", office_id}});
    act(office, id, "pass_verification",
        {{"files", json::array{photo(office, id)}}, {"location", {{"lng", lng}, {"lat", 34.78}}}});
    return id;
  }
};

TEST_F(ProblemTimersTest, LookBackFallsDueAndLateProblemsClimbTheLadderWhenTheClockMoves) {
  ServerProcess server(true, {"--clock-start", "2017-11-15T09:00:00+08:00"});
  int64_t held = 0, rebounding = 0, late = 0, nanjiao = 0, office_id = 0;
  {
    auto office = server.client_for("office");
    auto staff = server.client_for("staff");
    nanjiao = unit(*office, "南郊乡");
    office_id = office->get("/api/v1/auth/me").obj().at("user").at("id").as_int64();
    held = closed(*office, *staff, nanjiao, office_id, "回头看-保持", 114.30);
    rebounding = closed(*office, *staff, nanjiao, office_id, "回头看-反弹", 114.31);
    auto r = office->post_json("/api/v1/problems", body("逾期-逐级督办", 114.32));
    late = r.obj().at("id").as_int64();
    // Due on Friday 11-17: outside the first server's due-soon window (today and
    // the next working day, 11-15 and 11-16), which its leader job may reach
    // only after this assignment on a busy machine (then the leader would be
    // told twice of a deadline).
    act(*office, late, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-11-17"}});
    // Due on the day the clock moves to: reminded then, not escalated.
    auto d = office->post_json("/api/v1/problems", body("今日到期提醒", 114.33));
    act(*office, d.obj().at("id").as_int64(), "assign", {{"unit_id", nanjiao}, {"deadline", "2017-12-01"}});
    // Not due yet: closed and not escalated.
    auto h = office->get("/api/v1/problems/" + std::to_string(held)).obj();
    EXPECT_EQ(h.at("status").as_string(), "closed");
    EXPECT_EQ(h.at("lookback_due").as_string(), "2017-11-30");
  }
  // The clock moves: the same database served as of 2017-12-01.
  server.stop();
  server.start({"--clock-start", "2017-12-01T09:00:00+08:00"});
  auto office = server.client_for("office");
  auto leader = server.client_for("leader");
  // The leader job runs soon after start: wait for it (at most ~10 s).
  json::object h;
  for (int i = 0; i < 100; ++i) {
    h = office->get("/api/v1/problems/" + std::to_string(held)).obj();
    if (h.at("status").as_string() == "lookback_due" &&
        office->get("/api/v1/problems/" + std::to_string(late)).obj().at("escalation").as_string() ==
            "interview")
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(h.at("status").as_string(), "lookback_due");
  EXPECT_EQ(office->get("/api/v1/problems/" + std::to_string(rebounding)).obj().at("status").as_string(),
            "lookback_due");
  // 14 days late: the reminder, the warning and the interview proposal, each once.
  auto l = office->get("/api/v1/problems/" + std::to_string(late)).obj();
  EXPECT_EQ(l.at("escalation").as_string(), "interview");
  EXPECT_EQ(l.at("days_overdue").as_int64(), 14);
  std::vector<std::string> steps;
  for (auto& e : l.at("escalations").as_array()) steps.emplace_back(e.at("step").as_string());
  EXPECT_EQ(steps, (std::vector<std::string>{"reminder", "warning", "interview"}));
  // The unit's leader was warned; the office user who assigned it (its handler, problems.toml
  // escalation notify) got the interview proposal, and the look-backs.
  auto kinds = [](HttpClient& c) {
    std::multiset<std::string> k;
    auto body2 =
        c.get("/api/v1/notifications?per_page=100").obj();  // kept: the loop must not run over a temporary
    for (auto& n : body2.at("items").as_array()) k.insert(std::string(n.at("kind").as_string()));
    return k;
  };
  // The reminders come last in the job's pass: wait for them too.
  auto lk = kinds(*leader);
  for (int i = 0; i < 50 && !lk.count("problem_due_soon"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    lk = kinds(*leader);
  }
  EXPECT_EQ(lk.count("problem_warning"), 1u);
  EXPECT_EQ(lk.count("problem_reminder"), 1u);
  EXPECT_EQ(lk.count("problem_due_soon"), 1u);
  auto ok = kinds(*office);
  EXPECT_EQ(ok.count("problem_interview"), 1u);
  EXPECT_EQ(ok.count("problem_lookback_due"), 2u);
  // The look-back: one held, one rebounded (a new problem linked to it).
  auto passed = act(*office, held, "pass_lookback", {{"files", json::array{photo(*office, held)}}});
  EXPECT_EQ(passed.at("status").as_string(), "lookback_passed");
  auto rb = act(*office, rebounding, "find_rebound",
                {{"note", "回头看发现裸土再次裸露"}, {"files", json::array{photo(*office, rebounding)}}});
  EXPECT_EQ(rb.at("status").as_string(), "rebound");
  ASSERT_FALSE(rb.at("rebound_id").is_null());
  auto fresh = office->get("/api/v1/problems/" + std::to_string(rb.at("rebound_id").as_int64())).obj();
  EXPECT_EQ(fresh.at("status").as_string(), "registered");
  EXPECT_EQ(fresh.at("parent_id").as_int64(), rebounding);
  EXPECT_NE(fresh.at("number"), rb.at("number"));
  EXPECT_EQ(fresh.at("title"), rb.at("title"));
  // Rebounds of the old problem are listed by it.
  auto kids = office->get("/api/v1/problems?parent_id=" + std::to_string(rebounding)).obj();
  EXPECT_EQ(kids.at("total").as_int64(), 1);
  // A photo taken before the problem was assigned is flagged (the fixture
  // was taken on 2017-11-20; this problem is assigned on 2017-12-01).
  {
    auto r = office->post_json("/api/v1/problems", body("照片早于交办", 114.347847));
    int64_t id = r.obj().at("id").as_int64();
    act(*office, id, "assign", {{"unit_id", nanjiao}, {"deadline", "2017-12-10"}});
    std::ifstream f(std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/exif_photo.jpg", std::ios::binary);
    std::string jpeg((std::istreambuf_iterator<char>(f)), {});
    auto up = office->post("/api/v1/problems/" + std::to_string(id) + "/files?filename=old.jpg", jpeg,
                           {{"Content-Type", "application/octet-stream"}});
    ASSERT_EQ(up.status, 201) << up.body;
    auto d = office->get("/api/v1/problems/" + std::to_string(id)).obj();
    auto flags = d.at("files").as_array()[0].at("flags").as_object();
    EXPECT_TRUE(flags.at("before_assigned").as_bool()) << json::serialize(flags);
  }
  // Referred for accountability.
  EXPECT_EQ(act(*office, rebounding, "refer", {{"note", "移交区纪委监委"}}).at("status").as_string(),
            "referred");
}

TEST_F(ProblemTimersTest, TwoInstancesNumberConcurrentRegistrationsOnceEach) {
  ServerProcess first(true, {"--clock-start", "2018-01-05T09:00:00+08:00"});
  ServerProcess second(ServerProcess::Existing{first.db()}, {"--clock-start", "2018-01-05T09:00:00+08:00"});
  constexpr int kThreads = 4, kEach = 15;
  std::vector<std::future<std::vector<std::string>>> runs;
  for (int t = 0; t < kThreads; ++t) {
    ServerProcess& s = t % 2 ? second : first;
    // The second instance serves the first one's database: the same logins.
    const std::string password = first.passwords.at("office");
    runs.push_back(std::async(std::launch::async, [&s, t, password] {
      auto c = s.client_for("office", password);
      std::vector<std::string> numbers;
      for (int i = 0; i < kEach; ++i) {
        auto r =
            c->post_json("/api/v1/problems",
                         body("并发登记 " + std::to_string(t) + "-" + std::to_string(i), 114.3 + 0.001 * i));
        EXPECT_EQ(r.status, 201) << r.body;
        if (r.status == 201) numbers.emplace_back(r.obj().at("number").as_string());
      }
      return numbers;
    }));
  }
  std::set<std::string> all;
  size_t count = 0;
  for (auto& f : runs)
    for (auto& n : f.get()) {
      all.insert(n);
      ++count;
    }
  EXPECT_EQ(count, size_t(kThreads * kEach));
  EXPECT_EQ(all.size(), count) << "a number was drawn twice";
  // 1 … 60 of 2018: none skipped (the demo has no 2018 problems of this source).
  for (int i = 1; i <= kThreads * kEach; ++i)
    EXPECT_TRUE(all.count("禹攻坚督〔2018〕" + std::to_string(i) + "号")) << i;
}

}  // namespace
}  // namespace lantian::test
