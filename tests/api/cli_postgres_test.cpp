// The CLI on PostgreSQL: init, backup (pg_dump), restore (pg_restore) and
// audit verify against a fresh database on the throwaway test cluster.
#include <gtest/gtest.h>

#include <fstream>

#include "support/pg_cluster.h"
#include "support/server_process.h"

namespace lantian::test {
namespace {

class CliPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& pg = PgCluster::shared();
    if (!pg.ok()) {
      if (pg.skippable()) GTEST_SKIP() << pg.error();
      FAIL() << pg.error();
    }
    server_url = pg.url();
    url = fresh_database(server_url);
    dir = make_temp_dir("lantian-cli-pg");
  }
  void TearDown() override {
    if (!url.empty()) drop_database(server_url, url);
    std::filesystem::remove_all(dir);
  }
  std::string server_url, url;
  std::filesystem::path dir;
};

TEST_F(CliPostgresTest, BackupAndRestoreRoundTrip) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", url, "init", "--demo", "--admin-password", kAdminPassword}, &out), 0) << out;
  ASSERT_EQ(run_lantian({"--db", url, "user", "add", "before.backup", "--name", "备份前", "--unit", "1",
                         "--role", "viewer"},
                        &out),
            0)
      << out;
  std::string backup = (dir / "lantian.dump").string();
  ASSERT_EQ(run_lantian({"--db", url, "backup", backup}, &out), 0) << out;
  ASSERT_TRUE(std::filesystem::exists(backup));
  // Changes after the backup disappear on restore.
  ASSERT_EQ(run_lantian({"--db", url, "user", "add", "after.backup", "--name", "备份后", "--unit", "1",
                         "--role", "viewer"},
                        &out),
            0)
      << out;
  ASSERT_EQ(run_lantian({"--db", url, "restore", backup}, &out), 0) << out;
  EXPECT_EQ(run_lantian({"--db", url, "user", "disable", "before.backup"}, &out), 0) << out;
  EXPECT_NE(run_lantian({"--db", url, "user", "disable", "after.backup"}, &out), 0);
  EXPECT_NE(out.find("no user named 'after.backup'"), std::string::npos) << out;
  ASSERT_EQ(run_lantian({"--db", url, "audit", "verify"}, &out), 0) << out;
  EXPECT_NE(out.find("audit log OK"), std::string::npos);
}

TEST_F(CliPostgresTest, RestoringJunkFailsAndChangesNothing) {
  std::string out;
  ASSERT_EQ(run_lantian({"--db", url, "init", "--admin-password", kAdminPassword}, &out), 0) << out;
  std::ofstream(dir / "junk.dump") << "not a pg_dump archive";
  EXPECT_NE(run_lantian({"--db", url, "restore", (dir / "junk.dump").string()}, &out), 0);
  ASSERT_EQ(run_lantian({"--db", url, "audit", "verify"}, &out), 0) << out;
  EXPECT_EQ(run_lantian({"--db", url, "user", "passwd", "admin", "--password", "Another!pass9"}, &out), 0)
      << out;
}

}  // namespace
}  // namespace lantian::test
