// The lantian command line: init, user management, backup/restore while
// serving, audit verification with tampering, config errors, shutdown.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <fstream>
#include <iterator>
#include <thread>

#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = make_temp_dir("lantian-cli");
    db = (dir / "cli.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir); }
  void sql(const std::string& path, const std::string& statement) {
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(h);
  }
  std::filesystem::path dir;
  std::string db;
};

TEST_F(CliTest, VersionAndHelpAndUnknownCommand) {
  std::string out;
  EXPECT_EQ(run_lantian({"--version"}, &out), 0);
  EXPECT_NE(out.find("lantian "), std::string::npos);
  EXPECT_EQ(run_lantian({"--help"}, &out), 0);
  EXPECT_NE(out.find("serve"), std::string::npos);
  EXPECT_NE(run_lantian({"frobnicate"}, &out), 0);
  EXPECT_NE(out.find("unknown command 'frobnicate'"), std::string::npos);
  EXPECT_NE(run_lantian({"--db", db, "migrate", "--bogus", "1"}, &out), 0);
  EXPECT_NE(out.find("unknown option --bogus"), std::string::npos);
}

TEST_F(CliTest, InitGeneratesAndPrintsAdminPasswordAndRefusesASecondInit) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", db, "init"}, &out), 0) << out;
  EXPECT_NE(out.find("admin"), std::string::npos);
  EXPECT_NE(run_lantian({"--db", db, "init"}, &out), 0);
  EXPECT_NE(out.find("already initialised"), std::string::npos);
  EXPECT_NE(run_lantian({"--db", (dir / "weak.db").string(), "init", "--admin-password", "weak"}, &out), 0);
  EXPECT_NE(out.find("admin-password"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "weak.db"));
}

TEST_F(CliTest, MigrateReportsUpToDate) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", "sqlite:" + db, "migrate"}, &out), 0) << out;
  EXPECT_NE(out.find("applied 0001_foundation.sql"), std::string::npos);
  ASSERT_EQ(run_lantian({"--db", db, "migrate"}, &out), 0);
  EXPECT_NE(out.find("up to date"), std::string::npos);
}

TEST_F(CliTest, UserAddPasswdDisable) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", db, "init", "--demo", "--admin-password", kAdminPassword}, &out), 0) << out;
  ASSERT_EQ(run_lantian({"--db", db, "user", "add", "zhang.san", "--name", "张三", "--unit", "1", "--role",
                         "viewer", "--role", "inspector", "--phone", "13812345678"},
                        &out),
            0)
      << out;
  EXPECT_NE(out.find("initial password: "), std::string::npos);
  EXPECT_NE(run_lantian(
                {"--db", db, "user", "add", "zhang.san", "--name", "张三", "--unit", "1", "--role", "viewer"},
                &out),
            0);
  EXPECT_NE(out.find("already taken"), std::string::npos);
  EXPECT_NE(
      run_lantian({"--db", db, "user", "add", "li.si", "--name", "李四", "--unit", "1", "--role", "king"},
                  &out),
      0);
  EXPECT_NE(out.find("roles: unknown role: king"), std::string::npos) << out;
  ASSERT_EQ(run_lantian({"--db", db, "user", "passwd", "zhang.san", "--password", "Chosen!pass1"}, &out), 0)
      << out;
  ASSERT_EQ(run_lantian({"--db", db, "user", "disable", "zhang.san"}, &out), 0) << out;
  EXPECT_NE(run_lantian({"--db", db, "user", "disable", "nobody"}, &out), 0);
  EXPECT_NE(out.find("no user named 'nobody'"), std::string::npos);
  ASSERT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 0) << out;
}

TEST_F(CliTest, AuditVerifyNamesTheFirstTamperedEntry) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", db, "init", "--demo", "--admin-password", kAdminPassword}, &out), 0);
  ASSERT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 0);
  EXPECT_NE(out.find("audit log OK"), std::string::npos);
  sql(db, "UPDATE audit_log SET actor_name = 'mallory' WHERE id = 20");
  EXPECT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 2);
  EXPECT_NE(out.find("first bad entry is #20"), std::string::npos) << out;
  sql(db, "UPDATE audit_log SET actor_name = 'system' WHERE id = 20");
  ASSERT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 0) << out;
  sql(db, "DELETE FROM audit_log WHERE id = 7");
  EXPECT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 2);
  EXPECT_NE(out.find("#7"), std::string::npos) << out;
}

TEST_F(CliTest, BackupWhileServingThenRestore) {
  ServerProcess server;
  auto admin = server.client_for("admin");
  int64_t town = admin->get("/api/v1/units?kind=township&per_page=1")
                     .obj()
                     .at("items")
                     .as_array()[0]
                     .at("id")
                     .as_int64();
  // Keep writing while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> created{0};
  std::thread writer([&] {
    HttpClient c(server.port());
    c.default_headers = admin->default_headers;
    for (int i = 0; !stop && i < 2000; ++i)
      if (c.post_json("/api/v1/units",
                      {{"name", "备份村" + std::to_string(i)}, {"kind", "village"}, {"parent_id", town}})
              .status == 201)
        created++;
  });
  while (created < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  std::string backup = (dir / "backup.db").string(), out;
  ASSERT_EQ(run_lantian({"--db", server.db(), "backup", backup}, &out), 0) << out;
  stop = true;
  writer.join();
  ASSERT_EQ(run_lantian({"--db", backup, "audit", "verify"}, &out), 0) << out;
  server.stop();

  // Restore into a fresh path and serve it: the data is there and consistent.
  std::string restored = (dir / "restored.db").string();
  ASSERT_EQ(run_lantian({"--db", restored, "restore", backup}, &out), 0) << out;
  ASSERT_EQ(run_lantian({"--db", restored, "audit", "verify"}, &out), 0) << out;
  EXPECT_NE(run_lantian({"--db", restored, "restore", (dir / "missing.db").string()}, &out), 0);
  std::ofstream(dir / "junk.db") << "this is not a database";
  EXPECT_NE(run_lantian({"--db", restored, "restore", (dir / "junk.db").string()}, &out), 0);
  ASSERT_EQ(run_lantian({"--db", restored, "audit", "verify"}, &out), 0)
      << "a failed restore damaged the db: " << out;
}

TEST_F(CliTest, ConfigFileErrorsNameLineAndColumn) {
  std::ofstream(dir / "bad.toml") << "[server]\nlisten = \"127.0.0.1:8080\"\nthreads = = 2\n";
  std::string out;
  EXPECT_NE(run_lantian({"--config", (dir / "bad.toml").string(), "migrate"}, &out), 0);
  EXPECT_NE(out.find("bad.toml:3:"), std::string::npos) << out;
  std::ofstream(dir / "type.toml") << "[server]\nthreads = \"two\"\n";
  EXPECT_NE(run_lantian({"--config", (dir / "type.toml").string(), "migrate"}, &out), 0);
  EXPECT_NE(out.find("threads"), std::string::npos) << out;
  std::ofstream(dir / "good.toml") << "[database]\nurl = \"sqlite:" << db << "\"\n";
  ASSERT_EQ(run_lantian({"--config", (dir / "good.toml").string(), "migrate"}, &out), 0) << out;
  EXPECT_TRUE(std::filesystem::exists(db));
}

// The emergency reduction list's computation reads its type's fields by
// name: a replacement without one is refused, and so is an inventory that is
// not an amount of t/d.
TEST_F(CliTest, TheReductionListKeepsWhatItsReductionsAreComputedFrom) {
  std::ifstream shipped(LANTIAN_SOURCE_DIR "/resources/ledgers/emergency_reduction_list.toml");
  std::string type((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
  // Renamed everywhere the file names it: a valid ledger type, but not the list's.
  const std::string vocs = "\"baseline_vocs\"";
  ASSERT_NE(type.find(vocs), std::string::npos);
  for (size_t at; (at = type.find(vocs)) != std::string::npos;)
    type.replace(at, vocs.size(), "\"baseline_voc\"");
  std::filesystem::create_directories(dir / "ledgers");
  std::ofstream(dir / "ledgers" / "emergency_reduction_list.toml") << type;
  std::string out;
  EXPECT_NE(run_lantian({"ledgers", "check", (dir / "ledgers").string()}, &out), 0);
  EXPECT_NE(out.find("emergency_reduction_list.toml: the reduction list needs the field \"baseline_vocs\""),
            std::string::npos)
      << out;

  std::ofstream(dir / "inventory.toml") << "[reduction]\ninventory_so2 = -3\n";
  EXPECT_NE(run_lantian({"--config", (dir / "inventory.toml").string(), "migrate"}, &out), 0);
  EXPECT_NE(out.find("[reduction] inventory_so2"), std::string::npos) << out;
  std::ofstream(dir / "inventory.toml") << "[reduction]\ninventory_so2 = 12\ninventory_vocs = 0.5\n";
  EXPECT_EQ(run_lantian({"--config", (dir / "inventory.toml").string(), "--db", db, "migrate"}, &out), 0)
      << out;
}

TEST_F(CliTest, ServeRejectsABadListenAddress) {
  std::string out;
  EXPECT_NE(run_lantian({"--db", db, "serve", "--listen", "nonsense"}, &out), 0);
  EXPECT_NE(out.find("HOST:PORT"), std::string::npos) << out;
}

TEST_F(CliTest, SigtermLetsInFlightRequestsFinish) {
  ServerProcess server;
  auto admin = server.client_for("admin");
  int64_t town = admin->get("/api/v1/units?kind=township&per_page=1")
                     .obj()
                     .at("items")
                     .as_array()[0]
                     .at("id")
                     .as_int64();
  // Several clients hammer writes; SIGTERM arrives mid-stream. Every request
  // that got a response must be durable, and the server must exit cleanly.
  std::vector<std::thread> clients;
  std::mutex mu;
  std::vector<std::string> acknowledged;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      HttpClient c(server.port());
      c.default_headers = admin->default_headers;
      for (int i = 0; i < 200; ++i) {
        std::string name = "停机村" + std::to_string(t) + "-" + std::to_string(i);
        try {
          auto r = c.post_json("/api/v1/units", {{"name", name}, {"kind", "village"}, {"parent_id", town}});
          if (r.status == 201) {
            std::lock_guard l(mu);
            acknowledged.push_back(name);
          }
        } catch (...) {
          return;  // connection refused/closed after shutdown
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(server.stop(), 0);
  for (auto& c : clients) c.join();
  ASSERT_FALSE(acknowledged.empty());
  server.start();
  auto again = server.client_for("admin");
  auto list = again->get("/api/v1/units?per_page=200&q=停机村&parent_id=" + std::to_string(town)).obj();
  int64_t total = list.at("total").as_int64();
  EXPECT_GE(total, int64_t(acknowledged.size()));
  EXPECT_LE(total, int64_t(acknowledged.size()) + 4);  // at most one unacknowledged per client
}

}  // namespace
}  // namespace lantian::test
