// A GoogleTest fixture for API suites that share one demo server among their
// tests (on SQLite, or on PostgreSQL in api_pg_tests): the server, the demo
// roles logged in, and lookups over the demo data. A suite starts in a few
// lines:
//
//   class FooTest : public DemoSuite {
//    protected:
//     static void SetUpTestSuite() { start_server({"--clock-start", "2017-09-29T09:00:00+08:00"}); }
//     void SetUp() override {
//       if (!log_in()) return;  // already logged in: the one-time set-up is done
//       nanjiao = unit_id("南郊乡");
//     }
//   };
//
// Suites run one after another, so the server and the clients are static
// members of this class, set up by each suite's SetUpTestSuite and released
// by TearDownTestSuite (which a suite may call from its own). Helpers report
// failures with EXPECT_*/ADD_FAILURE and return 0 or an empty value, so the
// test goes on to fail at its own assertions with the server's answer shown.
// Not thread-safe: the tests of one process run one at a time.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "support/server_process.h"

namespace lantian::test {

class DemoSuite : public ::testing::Test {
 protected:
  // `lantian init --demo`, then `serve` with `extra` flags; throws when the
  // server does not come up (the suite's tests then fail).
  static void start_server(std::vector<std::string> extra = {}) {
    server = new ServerProcess(true, std::move(extra));
  }
  static void TearDownTestSuite() {
    log_out();
    delete server;
    server = nullptr;
  }

  // Logs the given demo roles in (of admin, office, leader, staff, viewer;
  // admin always) unless admin already is; true when it did, so that a
  // suite's SetUp can do its one-time set-up after it. Throws when a login
  // fails.
  static bool log_in(std::initializer_list<const char*> roles = {"admin", "office", "leader", "staff",
                                                                 "viewer"}) {
    if (admin) return false;
    admin = server->client_for("admin");
    for (const std::string role : roles) {
      if (role == "office") office = server->client_for(role);
      if (role == "leader") leader = server->client_for(role);
      if (role == "staff") staff = server->client_for(role);
      if (role == "viewer") viewer = server->client_for(role);
    }
    return true;
  }
  // Drops the clients (after a restart of the server, say): the next
  // log_in() logs in again.
  static void log_out() {
    for (auto* c : {&admin, &office, &leader, &staff, &viewer}) c->reset();
  }

  // The id of the unit called `name` (disabled ones included), as admin.
  static int64_t unit_id(const std::string& name) {
    auto r = admin->get("/api/v1/units?per_page=200&include_disabled=true").obj();
    for (auto& u : r.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }
  // The id of the user `username`, as admin.
  static int64_t user_id(const std::string& username) {
    auto r = admin->get("/api/v1/users?per_page=200&q=" + username).obj();
    for (auto& u : r.at("items").as_array())
      if (u.at("username").as_string() == username) return u.at("id").as_int64();
    ADD_FAILURE() << "no user " << username;
    return 0;
  }
  // A new active campaign of the district run by the campaign office,
  // created by the office: its body (with "id" and "work_areas"), or an
  // empty object when it was refused.
  static boost::json::object new_campaign(const std::string& name, const std::string& start_date,
                                          const std::string& end_date) {
    auto c = office->post_json("/api/v1/campaigns", {{"name", name},
                                                     {"start_date", start_date},
                                                     {"end_date", end_date},
                                                     {"jurisdiction_unit_id", unit_id("禹王台区人民政府")},
                                                     {"office_unit_id", unit_id("区大气污染防治攻坚办公室")},
                                                     {"status", "active"}});
    EXPECT_EQ(c.status, 201) << c.body;
    return c.status == 201 ? c.obj() : boost::json::object{};
  }
  // A new user of `unit` with one role, created by admin, who has replaced
  // the initial password with `password`: logged in.
  static std::unique_ptr<HttpClient> make_user(const std::string& username, const std::string& name,
                                               int64_t unit, const std::string& role,
                                               const std::string& password) {
    auto r = admin->post_json("/api/v1/users", {{"username", username},
                                                {"name", name},
                                                {"unit_id", unit},
                                                {"roles", boost::json::array{boost::json::string(role)}}});
    EXPECT_EQ(r.status, 201) << r.body;
    std::string initial(r.obj().at("initial_password").as_string());
    auto c = server->client_for(username, initial);
    auto changed =
        c->post_json("/api/v1/auth/password", {{"current_password", initial}, {"new_password", password}});
    EXPECT_EQ(changed.status, 204) << changed.body;
    return c;
  }

  static inline ServerProcess* server = nullptr;
  static inline std::unique_ptr<HttpClient> admin, office, leader, staff, viewer;
};

// The first field error's code of a problem answer, or the problem's code.
inline std::string code_of(const HttpResponse& r) {
  auto o = r.obj();
  if (o.contains("errors") && !o.at("errors").as_array().empty())
    return std::string(o.at("errors").as_array()[0].at("code").as_string());
  return o.contains("code") ? std::string(o.at("code").as_string()) : "";
}

}  // namespace lantian::test
