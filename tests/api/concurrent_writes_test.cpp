// Many clients writing at once through the API (on SQLite the writes that
// queue up share a commit, see src/store/sqlite_db.h; api_pg_tests runs the
// same on PostgreSQL): every accepted write is there once, refused ones left
// nothing, tasks created at once in one place still get distinct numbers, and
// the audit chain verifies. The server runs 8 I/O threads so that requests
// really wait for the writer together.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "support/demo_suite.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class ConcurrentWritesTest : public DemoSuite {
 protected:
  static void SetUpTestSuite() { start_server({"--threads", "8"}); }
  void SetUp() override {
    if (log_in({"admin", "office"})) {
      auto body = new_campaign("并发写入测试", "2026-01-01", "2030-12-31");
      ASSERT_FALSE(body.empty());
      campaign = body.at("id").as_int64();
      area = body.at("work_areas").as_array()[0].at("id").as_int64();
      office_unit = unit_id("区大气污染防治攻坚办公室");
    }
  }
  static inline int64_t campaign = 0, area = 0, office_unit = 0;
};

TEST_F(ConcurrentWritesTest, EachWriteCountsOnceAndTheAuditChainHolds) {
  constexpr int kClients = 8, kEach = 12;
  std::atomic<int> unexpected{0};
  std::vector<std::thread> ts;
  for (int c = 0; c < kClients; ++c) {
    ts.emplace_back([&, c] {
      HttpClient client(server->port());
      client.default_headers = office->default_headers;
      for (int i = 0; i < kEach; ++i) {
        std::string title = "并发-" + std::to_string(c) + "-" + std::to_string(i);
        // Every third names an owner unit that does not exist: refused.
        bool bad = i % 3 == 2;
        auto r = client.post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                    {"work_area_id", area},
                                                    {"title", title},
                                                    {"owner_unit_id", bad ? int64_t(999999) : office_unit},
                                                    {"deadline", "2030-06-30"}});
        if (r.status != (bad ? 422 : 201)) {
          unexpected++;
          ADD_FAILURE() << title << ": " << r.status << " " << r.body;
          continue;
        }
        if (bad) continue;
        // Then move it: start, as the office.
        auto t = r.obj();
        auto a = client.post_json("/api/v1/tasks/" + std::to_string(t.at("id").as_int64()) + "/actions/start",
                                  {{"version", t.at("version")}});
        if (a.status != 200) {
          unexpected++;
          ADD_FAILURE() << title << " start: " << a.status << " " << a.body;
        }
      }
    });
  }
  for (auto& t : ts) t.join();
  EXPECT_EQ(unexpected.load(), 0);

  auto list = office
                  ->get("/api/v1/tasks?campaign_id=" + std::to_string(campaign) +
                        "&work_area_id=" + std::to_string(area) + "&per_page=200")
                  .obj();
  const int expected = kClients * (kEach - kEach / 3);
  EXPECT_EQ(list.at("total").as_int64(), expected);
  std::set<std::string> titles, codes;
  for (auto& t : list.at("items").as_array()) {
    titles.insert(std::string(t.at("title").as_string()));
    codes.insert(std::string(t.at("code").as_string()));
    EXPECT_EQ(t.at("status").as_string(), "in_progress") << t.at("title").as_string();
  }
  EXPECT_EQ(int(titles.size()), expected);
  EXPECT_EQ(int(codes.size()), expected) << "tasks numbered at once got the same 序号";
  EXPECT_EQ(titles.count("并发-0-2"), 0u);

  auto verify = admin->get("/api/v1/audit/verify");
  ASSERT_EQ(verify.status, 200) << verify.body;
  EXPECT_EQ(verify.obj().at("ok"), json::value(true)) << verify.body;
}

}  // namespace
}  // namespace lantian::test
