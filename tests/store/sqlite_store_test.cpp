// SQLite-specific store behaviour. The behaviour both backends share is in
// store_test.cpp, parameterised over SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <thread>

#include "core/crypto.h"
#include "store/migrations.h"
#include "store/sqlite_db.h"

namespace lantian::store {
namespace {

// Two instances starting at once both try to apply a pending migration: the
// loser finds it recorded and skips it instead of failing to start.
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
