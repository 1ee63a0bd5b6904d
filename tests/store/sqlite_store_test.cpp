// SQLite-specific store behaviour. The behaviour both backends share is in
// store_test.cpp, parameterised over SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"
#include "store/sqlite_sql.h"

namespace lantian::store {
namespace {

// Two instances starting at once both try to apply a pending migration: the
// loser finds it recorded and skips it instead of failing to start.
// "$N" becomes "?N" outside quotes and comments; a comment's own "/*" does
// not close it.
TEST(SqliteSql, PlaceholdersAreNumberedOutsideQuotesAndComments) {
  EXPECT_EQ(numbered_placeholders("SELECT $1, $12 FROM t WHERE a = $2"),
            "SELECT ?1, ?12 FROM t WHERE a = ?2");
  EXPECT_EQ(numbered_placeholders("SELECT '$1', \"$2\", $3"), "SELECT '$1', \"$2\", ?3");
  EXPECT_EQ(numbered_placeholders("SELECT $1 -- it's $2\n, $3"), "SELECT ?1 -- it's $2\n, ?3");
  EXPECT_EQ(numbered_placeholders("SELECT /* $1 */ $2"), "SELECT /* $1 */ ?2");
  EXPECT_EQ(numbered_placeholders("SELECT /*/ $1 */ $2"), "SELECT /*/ $1 */ ?2");
  EXPECT_EQ(numbered_placeholders("SELECT $a, $"), "SELECT $a, $");
}

TEST(Migrations, ASecondInstanceSkipsWhatTheFirstApplied) {
  ASSERT_TRUE(crypto_init());
  auto dir =
      std::filesystem::temp_directory_path() / ("lantian-mig-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "t.db").string();
  {
    auto a = open_database(path).value();
    auto b = open_database(path).value();
    std::vector<std::string> applied_a, applied_b;
    std::thread ta([&] { applied_a = migrate(*a).value(); });
    std::thread tb([&] { applied_b = migrate(*b).value(); });
    ta.join();
    tb.join();
    EXPECT_EQ(applied_a.size() + applied_b.size(), embedded_migrations().size() / 2);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lantian::store
