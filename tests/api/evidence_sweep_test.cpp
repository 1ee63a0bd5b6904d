// `lantian evidence sweep` against a real installation: in a file store it
// lists (dry run) and with --apply removes the contents no evidence row
// names, written more than the grace period ago — never a named content or
// thumbnail, never a young orphan (an upload in progress), never a file that
// is not a content. The database store (PostgreSQL here) refuses.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace fs = std::filesystem;

fs::path put_file(const fs::path& root, const std::string& bytes, fs::file_time_type when) {
  std::string sha = sha256_hex(bytes);
  fs::path dir = root / sha.substr(0, 2) / sha.substr(2, 2);
  fs::create_directories(dir);
  fs::path p = dir / sha;
  std::ofstream(p, std::ios::binary) << bytes;
  fs::last_write_time(p, when);
  return p;
}

TEST(EvidenceSweep, RemovesOnlyOldContentsNoRecordNames) {
  ServerProcess server;
  auto admin = server.client_for("admin");
  const bool sqlite = std::string(ServerProcess::backend()) == "sqlite";
  if (!sqlite) {
    std::string out;
    EXPECT_EQ(run_lantian({"--db", server.db(), "evidence", "sweep"}, &out), 1) << out;
    EXPECT_NE(out.find("keeps no times"), std::string::npos) << out;
    return;
  }
  // The demo's own photos (its ledgers') are named contents already.
  const std::filesystem::path store_root = server.db() + ".evidence";
  size_t demo_files = 0;
  if (std::filesystem::exists(store_root))
    for (auto& e : std::filesystem::recursive_directory_iterator(store_root))
      demo_files += e.is_regular_file();
  // A named content (and its thumbnail): a photo on a report.
  auto tasks = admin->get("/api/v1/tasks?per_page=1").obj();
  int64_t task = tasks.at("items").as_array()[0].at("id").as_int64();
  auto rep =
      admin->post_json("/api/v1/tasks/" + std::to_string(task) + "/reports", {{"narrative", "清扫测试"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  auto up = admin->request(
      "POST",
      "/api/v1/reports/" + std::to_string(rep.obj().at("id").as_int64()) + "/attachments?filename=a.png",
      make_png(40, 30));
  ASSERT_EQ(up.status, 201) << up.body;
  const std::string url(up.obj().at("url").as_string());

  const fs::path root = server.db() + ".evidence";
  const auto old = fs::file_time_type::clock::now() - std::chrono::hours(100);
  // Every file there so far is old: age alone protects nothing.
  std::vector<fs::path> named;
  for (auto& e : fs::recursive_directory_iterator(root))
    if (e.is_regular_file()) {
      fs::last_write_time(e.path(), old);
      named.push_back(e.path());
    }
  ASSERT_EQ(named.size(), demo_files + 2);  // and the photo with its thumbnail
  fs::path orphan = put_file(root, "an orphan: its row never committed", old);
  fs::path young = put_file(root, "an upload in progress", fs::file_time_type::clock::now());
  fs::path stray = root / "ab" / ".tmp-0123456789abcdef-00000000";
  fs::create_directories(stray.parent_path());
  std::ofstream(stray) << "a write that never finished";
  fs::last_write_time(stray, old);

  std::string out;
  ASSERT_EQ(run_lantian({"--db", server.db(), "evidence", "sweep"}, &out), 0) << out;
  EXPECT_NE(out.find("unnamed " + orphan.filename().string()), std::string::npos) << out;
  EXPECT_EQ(out.find(young.filename().string()), std::string::npos) << out;
  EXPECT_NE(out.find(std::to_string(demo_files + 4) +
                     " content(s) held, 2 named by no record, 1 of them older than 72 hour(s)"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("dry run"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(orphan));  // a dry run removes nothing

  // A shorter grace period than the young file's age still spares it; a
  // longer one than the orphan's spares the orphan.
  ASSERT_EQ(run_lantian({"--db", server.db(), "evidence", "sweep", "--grace-hours", "200", "--apply"}, &out),
            0)
      << out;
  EXPECT_TRUE(fs::exists(orphan)) << out;
  ASSERT_EQ(run_lantian({"--db", server.db(), "evidence", "sweep", "--grace-hours", "1", "--apply"}, &out), 0)
      << out;
  EXPECT_NE(out.find("removed " + orphan.filename().string()), std::string::npos) << out;
  EXPECT_NE(out.find("1 removed"), std::string::npos) << out;
  EXPECT_FALSE(fs::exists(orphan));
  EXPECT_TRUE(fs::exists(young));
  EXPECT_TRUE(fs::exists(stray));
  for (const auto& p : named) EXPECT_TRUE(fs::exists(p)) << p;
  EXPECT_EQ(admin->get(url).status, 200);
  EXPECT_EQ(admin->get(url + "/thumbnail").status, 200);

  // Bad options change nothing.
  EXPECT_EQ(run_lantian({"--db", server.db(), "evidence", "sweep", "--grace-hours", "0"}, &out), 1) << out;
  EXPECT_EQ(run_lantian({"--db", server.db(), "evidence", "purge"}, &out), 1) << out;
  EXPECT_TRUE(fs::exists(young));
}

}  // namespace
}  // namespace lantian::test
