// Faults the server must survive and report (issue 10, section 3): a
// read-only database file or folder, a full disk, a stale /healthz verdict,
// and reading a backup where it is stored, on read-only media.
//
// The faults are real: file modes bind even when the tests run as root
// (support/fault_injection.h drops the capabilities that bypass them), and
// the disk fills up for real (a small tmpfs in the server's own mount
// namespace). Where the machine allows neither, those tests are skipped and
// say why. The faults are of SQLite files, so this suite is not part of
// api_pg_tests; tests/api/db_errors_test.cpp covers both backends' errors.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <set>
#include <sstream>

#include "core/clock.h"
#include "core/error_codes.h"
#include "support/fault_injection.h"
#include "support/server_process.h"

namespace lantian::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

boost::json::value catalogue_text(const char* code) { return boost::json::string(find_error_code(code)->en); }

std::set<std::string> listing(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& e : fs::recursive_directory_iterator(dir)) names.insert(e.path().string());
  return names;
}

class FaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = make_temp_dir("lantian-faults");
    db = (dir / "faults.db").string();
  }
  void TearDown() override {
    // Give back what the tests took away, so the folder can go.
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it)
      chmod(it->path().c_str(), it->is_directory() ? 0755 : 0644);
    chmod(dir.c_str(), 0755);
    fs::remove_all(dir);
  }
  void init(const std::string& path) {
    std::string out;
    ASSERT_EQ(run_lantian({"--db", path, "init", "--admin-password", kAdminPassword}, &out), 0) << out;
  }
  // `lantian serve` on db as a process for which file modes bind.
  ChildRun serve_bound() {
    return run_child(
        LANTIAN_BIN,
        {"--db", db, "serve", "--listen", "127.0.0.1:0", "--web-root", (dir / "no-web").string()},
        honour_file_modes, 20s);
  }
  fs::path dir;
  std::string db;
};

// The server used to start on a 0444 database, say "ok" in /healthz and
// answer every write, logins too, with a bare 500. Now it refuses to start.
TEST_F(FaultsTest, ServeRefusesAReadOnlyDatabaseFile) {
  init(db);
  ASSERT_EQ(chmod(db.c_str(), 0444), 0);
  ChildRun r = serve_bound();
  if (r.exit_code == kSetupFailedExit) GTEST_SKIP() << r.output;
  ASSERT_FALSE(r.timed_out) << "the server started on a read-only database:\n" << r.output;
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_EQ(r.output.find("serving on"), std::string::npos) << r.output;
  // The cause, in the JSON log and on stderr.
  EXPECT_NE(r.output.find(R"("msg":"cannot serve: the database is not usable")"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find(R"("code":"database_read_only")"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("lantian: the database file " + db + " is read-only"), std::string::npos)
      << r.output;
}

// A writable file in a folder the server may not write: SQLite cannot keep
// its -wal and -shm files beside it.
TEST_F(FaultsTest, ServeRefusesADatabaseInAReadOnlyFolder) {
  init(db);
  ASSERT_EQ(chmod(dir.c_str(), 0555), 0);
  ChildRun r = serve_bound();
  if (r.exit_code == kSetupFailedExit) GTEST_SKIP() << r.output;
  ASSERT_FALSE(r.timed_out) << "the server started in a read-only folder:\n" << r.output;
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find(R"("code":"database_read_only")"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("the folder " + dir.string() + " of the database " + db + " is not writable"),
            std::string::npos)
      << r.output;
}

// An archived backup on read-only media: verified and copied where it lies,
// without a file left behind; a command that writes is refused.
TEST_F(FaultsTest, AuditVerifyAndBackupReadABackupOnReadOnlyMedia) {
  init(db);
  std::string out;
  // Something to verify beyond the initial entries.
  ASSERT_EQ(run_lantian({"--db", db, "user", "passwd", "admin", "--password", "An0ther!pass2026"}, &out), 0)
      << out;
  fs::path archive = dir / "archive";
  fs::create_directories(archive);
  std::string backup = (archive / "lantian-2026-12-04.db").string();
  ASSERT_EQ(run_lantian({"--db", db, "backup", backup}, &out), 0) << out;
  ASSERT_EQ(run_lantian({"--db", backup, "audit", "verify"}, &out), 0) << out;
  const std::string verified = out;  // "audit log OK: N entries verified"
  for (auto it = fs::recursive_directory_iterator(archive); it != fs::recursive_directory_iterator(); ++it)
    chmod(it->path().c_str(), it->is_directory() ? 0555 : 0444);
  ASSERT_EQ(chmod(archive.c_str(), 0555), 0);
  const auto before = listing(archive);

  ChildRun v = run_child(LANTIAN_BIN, {"--db", backup, "audit", "verify"}, honour_file_modes, 60s);
  if (v.exit_code == kSetupFailedExit) GTEST_SKIP() << v.output;
  EXPECT_EQ(v.exit_code, 0) << v.output;
  EXPECT_EQ(v.output, verified);

  std::string copy = (dir / "copy.db").string();
  ChildRun b = run_child(LANTIAN_BIN, {"--db", backup, "backup", copy}, honour_file_modes, 60s);
  EXPECT_EQ(b.exit_code, 0) << b.output;
  ASSERT_EQ(run_lantian({"--db", copy, "audit", "verify"}, &out), 0) << out;
  EXPECT_EQ(out, verified);

  // Writing is refused, with the reason.
  ChildRun w = run_child(LANTIAN_BIN, {"--db", backup, "user", "disable", "admin"}, honour_file_modes, 60s);
  EXPECT_EQ(w.exit_code, 1) << w.output;
  EXPECT_NE(w.output.find("is not writable"), std::string::npos) << w.output;

  EXPECT_EQ(listing(archive), before);  // no -wal, -shm or temp file left on the media
}

// The disk fills up under a running server: writes (logins too) get 503
// database_full with the catalogue's text, never SQLite's words; /healthz
// and /metrics say degraded with the cause and since when; the log has the
// database's message with the request id. When space comes back, the next
// write works and the reports say ok again.
TEST_F(FaultsTest, AFullDiskDegradesHealthAndNeverShowsTheDatabaseMessage) {
  if (std::string(ServerProcess::backend()) != "sqlite") GTEST_SKIP() << "SQLite on a small tmpfs";
  init(db);
  fs::path small = dir / "small";
  fs::create_directories(small);
  const std::string live = (small / "lantian.db").string();
  const std::string log = (dir / "server.log").string();
  const std::string seed = db;
  ServerProcess::Existing existing{live,
                                   [small, seed, live]() -> std::string {
                                     std::string why = private_tmpfs(small.string(), "32m");
                                     if (!why.empty()) return why;
                                     std::error_code ec;
                                     fs::copy_file(seed, live, ec);
                                     return ec ? "copy the database: " + ec.message() : "";
                                   },
                                   log};
  std::unique_ptr<ServerProcess> server;
  try {
    server = std::make_unique<ServerProcess>(existing);
  } catch (const ServerProcess::ChildSetupFailed& e) {
    GTEST_SKIP() << "no small file system to fill: " << e.what();
  }
  HttpClient c(server->port());
  auto health = [&] {
    auto r = c.get("/healthz");
    return std::make_pair(r.status, r.obj());
  };
  auto [st0, h0] = health();
  ASSERT_EQ(st0, 200);
  EXPECT_EQ(h0.at("status"), "ok");
  EXPECT_EQ(h0.at("database").at("writes").at("status"), "ok");
  auto login = [&](const std::string& request_id) {
    return c.request(
        "POST", "/api/v1/auth/login",
        boost::json::serialize(boost::json::object{{"username", "admin"}, {"password", kAdminPassword}}),
        {{"X-Request-Id", request_id}});
  };
  ASSERT_EQ(login("before-full").status, 200);

  // Fill the file system the database lives on, to the last byte.
  const std::string ballast = mounted_path(server->pid(), (small / "ballast").string());
  ASSERT_GT(fill_file_system(ballast), 0u) << ballast;

  auto r = login("full-1");
  EXPECT_EQ(r.status, 503) << r.body;
  auto body = r.obj();
  EXPECT_EQ(body.at("code"), "database_full") << r.body;
  EXPECT_EQ(body.at("detail"), catalogue_text("database_full")) << r.body;
  for (const char* word : {"disk", "SQLITE", "sqlite", "step", "COMMIT", "database or"})
    EXPECT_EQ(r.body.find(word), std::string::npos) << word << " in " << r.body;
  EXPECT_EQ(login("full-2").status, 503);

  auto [st1, h1] = health();
  EXPECT_EQ(st1, 200) << "reads still work; the instance stays in service";
  EXPECT_EQ(h1.at("status"), "degraded");
  const auto& writes = h1.at("database").at("writes").as_object();
  EXPECT_EQ(writes.at("status"), "failing");
  EXPECT_EQ(writes.at("code"), "database_full");
  EXPECT_EQ(writes.at("detail"), catalogue_text("database_full"));
  EXPECT_GE(writes.at("failures").as_int64(), 2);
  EXPECT_TRUE(parse_time(std::string(writes.at("since").as_string())).has_value()) << writes;
  EXPECT_EQ(boost::json::serialize(h1).find("disk is full"), std::string::npos);
  std::string metrics = c.get("/metrics").body;
  EXPECT_NE(metrics.find("\nlantian_db_writes_failing 1\n"), std::string::npos) << metrics;
  EXPECT_EQ(metrics.find("\nlantian_db_writes_failing_since_seconds 0\n"), std::string::npos);

  // The cause is in the log, with the request it failed.
  std::string logged = read_file(log);
  EXPECT_NE(logged.find(R"("msg":"database writes are failing")"), std::string::npos) << logged;
  auto line_with = [&](const std::string& needle) {
    auto at = logged.find(needle);
    if (at == std::string::npos) return std::string();
    auto from = logged.rfind('\n', at);
    return logged.substr(from == std::string::npos ? 0 : from + 1,
                         logged.find('\n', at) - (from == std::string::npos ? 0 : from + 1));
  };
  std::string failed = line_with(R"("request_id":"full-1")");
  EXPECT_NE(failed.find(R"("msg":"request failed")"), std::string::npos) << logged;
  EXPECT_NE(failed.find("database or disk is full"), std::string::npos) << failed;

  // Space again: the next write works and the reports follow.
  ASSERT_TRUE(fs::remove(ballast));
  EXPECT_EQ(login("after-full").status, 200);
  auto [st2, h2] = health();
  EXPECT_EQ(st2, 200);
  EXPECT_EQ(h2.at("status"), "ok") << h2;
  EXPECT_EQ(h2.at("database").at("writes").at("status"), "ok");
  metrics = c.get("/metrics").body;
  EXPECT_NE(metrics.find("\nlantian_db_writes_failing 0\n"), std::string::npos) << metrics;
  EXPECT_NE(read_file(log).find(R"("msg":"database writes work again")"), std::string::npos);
}

// /healthz says how fresh its database verdict is.
TEST_F(FaultsTest, HealthSaysHowFreshItsVerdictIs) {
  ServerProcess server(false);
  HttpClient c(server.port());
  auto r = c.get("/healthz");
  ASSERT_EQ(r.status, 200);
  auto d = r.obj().at("database").as_object();
  auto checked = parse_time(std::string(d.at("checked_at").as_string()));
  ASSERT_TRUE(checked.has_value()) << r.body;
  EXPECT_GE(d.at("age_ms").as_int64(), 0);
  EXPECT_LE(d.at("age_ms").as_int64(), 1000);
}

}  // namespace
}  // namespace lantian::test
