// Report files through the evidence store, against a real server (SQLite,
// and PostgreSQL in api_pg_tests): upload keeps EXIF time and place and
// makes a thumbnail; download honours ETag and ranges; files of a task the
// caller cannot see stay hidden; 0004-era rows (base64 in attachment_data)
// are moved into the store at startup; backup and restore carry the files.
#include <gtest/gtest.h>
#include <sodium.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "store/db.h"
#include "support/pg_cluster.h"
#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

std::string fixture(const std::string& name) {
  std::ifstream f(std::string(LANTIAN_SOURCE_DIR) + "/tests/fixtures/" + name, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string base64(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return out;
}

int64_t count(const std::string& db_url, const std::string& sql) {
  auto db = store::open_database(db_url);
  EXPECT_TRUE(db.ok());
  int64_t n = -1;
  auto st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto r, tx.query_one(sql, {}));
    n = r ? r->i64(0) : -1;
    return {};
  });
  EXPECT_TRUE(st.ok()) << st.error().message;
  return n;
}

bool is_sqlite() { return std::string(ServerProcess::backend()) == "sqlite"; }

class EvidenceApi : public ::testing::Test {
 protected:
  void SetUp() override {
    server = std::make_unique<ServerProcess>();
    admin = server->client_for("admin");
  }
  int64_t unit(const std::string& name) {
    auto list = admin->get("/api/v1/units?per_page=200").obj();
    for (const auto& u : list.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }
  // A report on a task owned by `owner_unit`, filed by admin.
  int64_t report_of(const std::string& owner_unit) {
    auto c = admin->post_json("/api/v1/campaigns", {{"name", "证据行动-" + owner_unit},
                                                    {"start_date", "2026-01-01"},
                                                    {"end_date", "2030-12-31"},
                                                    {"jurisdiction_unit_id", unit("禹王台区人民政府")},
                                                    {"office_unit_id", unit("区大气污染防治攻坚办公室")}});
    EXPECT_EQ(c.status, 201) << c.body;
    auto t =
        admin->post_json("/api/v1/tasks", {{"campaign_id", c.obj().at("id")},
                                           {"work_area_id", c.obj().at("work_areas").as_array()[0].at("id")},
                                           {"title", "现场核查"},
                                           {"owner_unit_id", unit(owner_unit)},
                                           {"deadline", "2030-06-30"}});
    EXPECT_EQ(t.status, 201) << t.body;
    auto r = admin->post_json("/api/v1/tasks/" + std::to_string(t.obj().at("id").as_int64()) + "/reports",
                              {{"narrative", "现场照片"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.obj().at("id").as_int64();
  }
  HttpResponse upload(int64_t report, const std::string& name, const std::string& bytes) {
    return admin->request(
        "POST", "/api/v1/reports/" + std::to_string(report) + "/attachments?filename=" + name, bytes);
  }
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<HttpClient> admin;
};

TEST_F(EvidenceApi, PhotoKeepsTimePlaceAndThumbnail) {
  // The demo's ledgers have photos of their own.
  const int64_t before = count(server->db(), "SELECT COUNT(*) FROM evidence");
  int64_t rid = report_of("南郊乡");
  std::string photo = fixture("exif_photo.jpg");
  ASSERT_GT(photo.size(), 500u);
  auto up = upload(rid, "site.png", photo);  // the name lies; the bytes decide
  ASSERT_EQ(up.status, 201) << up.body;
  auto a = up.obj();
  EXPECT_EQ(a.at("filename").as_string(), "site.jpg");
  EXPECT_EQ(a.at("content_type").as_string(), "image/jpeg");
  EXPECT_EQ(a.at("width").as_int64(), 160);
  EXPECT_EQ(a.at("height").as_int64(), 120);
  EXPECT_EQ(a.at("taken_at").as_string(), "2017-11-20T09:30:15");
  EXPECT_NEAR(a.at("gps").at("lat").as_double(), 34.792083, 1e-5);
  EXPECT_NEAR(a.at("gps").at("lon").as_double(), 114.347847, 1e-5);
  std::string url = std::string(a.at("url").as_string());
  ASSERT_EQ(a.at("thumbnail_url").as_string(), url + "/thumbnail");
  const std::string sha = sha256_hex(photo);
  EXPECT_EQ(a.at("sha256").as_string(), sha);

  // The bytes live in the store, not in attachment_data.
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM attachment_data"), 0);
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM evidence WHERE sha256 = '" + sha + "'"), 1);
  if (is_sqlite()) {
    auto path = std::filesystem::path(server->db() + ".evidence") / sha.substr(0, 2) / sha.substr(2, 2) / sha;
    EXPECT_EQ(std::filesystem::file_size(path), photo.size());
  } else {
    EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM evidence_blobs WHERE sha256 = '" + sha + "'"), 1);
  }

  // The task's report lists the same record.
  auto file = admin->get(url);
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, photo);
  EXPECT_EQ(file.header("content-type"), "image/jpeg");
  EXPECT_EQ(file.header("etag"), "\"" + sha + "\"");
  EXPECT_EQ(file.header("accept-ranges"), "bytes");
  EXPECT_EQ(admin->request("GET", url, "", {{"if-none-match", "\"" + sha + "\""}}).status, 304);

  auto thumb = admin->get(url + "/thumbnail");
  ASSERT_EQ(thumb.status, 200);
  EXPECT_EQ(thumb.header("content-type"), "image/jpeg");
  EXPECT_EQ(thumb.body.substr(0, 3), "\xFF\xD8\xFF");
  EXPECT_LT(thumb.body.size(), photo.size() * 2);

  // An identical upload shares the content.
  auto again = upload(rid, "again.jpg", photo);
  ASSERT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM evidence"), before + 1);
}

TEST_F(EvidenceApi, RangesOfLargeFiles) {
  int64_t rid = report_of("南郊乡");
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; pdf.size() < 300'000; ++i) pdf += "line " + std::to_string(i) + "\n";
  auto up = upload(rid, "report.pdf", pdf);
  ASSERT_EQ(up.status, 201) << up.body;
  EXPECT_TRUE(up.obj().at("thumbnail_url").is_null());
  EXPECT_TRUE(up.obj().at("taken_at").is_null());
  std::string url = std::string(up.obj().at("url").as_string());
  const std::string size = std::to_string(pdf.size());

  auto part = admin->request("GET", url, "", {{"range", "bytes=100-199"}});
  ASSERT_EQ(part.status, 206) << part.body;
  EXPECT_EQ(part.body, pdf.substr(100, 100));
  EXPECT_EQ(part.header("content-range"), "bytes 100-199/" + size);
  auto tail = admin->request("GET", url, "", {{"range", "bytes=-10"}});
  ASSERT_EQ(tail.status, 206);
  EXPECT_EQ(tail.body, pdf.substr(pdf.size() - 10));
  auto rest = admin->request("GET", url, "", {{"range", "bytes=299990-"}});
  ASSERT_EQ(rest.status, 206);
  EXPECT_EQ(rest.body, pdf.substr(299990));
  // Past the end: 416 with a code; several ranges or nonsense: the whole file.
  auto past = admin->request("GET", url, "", {{"range", "bytes=" + size + "-"}});
  ASSERT_EQ(past.status, 416) << past.body;
  EXPECT_EQ(past.obj().at("code").as_string(), "range_not_satisfiable");
  EXPECT_EQ(past.header("content-range"), "bytes */" + size);
  EXPECT_EQ(admin->request("GET", url, "", {{"range", "bytes=0-1,5-6"}}).body, pdf);
  EXPECT_EQ(admin->request("GET", url, "", {{"range", "lines=1-2"}}).status, 200);
  // A PDF has no thumbnail.
  auto none = admin->get(url + "/thumbnail");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(none.obj().at("code").as_string(), "no_thumbnail");
}

TEST_F(EvidenceApi, RefusesWhatIsNotEvidence) {
  int64_t rid = report_of("南郊乡");
  // A ZIP that is not a Word or Excel package, whatever its name.
  std::string zip("PK\x03\x04", 4);
  zip += std::string(60, '\0');
  auto z = upload(rid, "plan.docx", zip);
  EXPECT_EQ(z.status, 422) << z.body;
  // A PNG whose header declares 60000 × 60000 pixels.
  std::string bomb = make_png(16, 16);
  std::string ihdr = "IHDR" + be32(60000) + be32(60000) + bomb.substr(24, 5);
  bomb = bomb.substr(0, 12) + ihdr + be32(png_crc(ihdr)) + bomb.substr(33);
  auto b = upload(rid, "bomb.png", bomb);
  EXPECT_EQ(b.status, 400) << b.body;
  EXPECT_EQ(b.obj().at("code").as_string(), "image_too_large");
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM attachments WHERE report_id = " + std::to_string(rid)),
            0);
}

TEST_F(EvidenceApi, HiddenFromUsersWhoCannotSeeTheTask) {
  int64_t rid = report_of("汪屯乡");
  auto up = upload(rid, "x.png", make_png(20, 10));
  ASSERT_EQ(up.status, 201) << up.body;
  std::string url = std::string(up.obj().at("url").as_string());
  auto staff = server->client_for("staff");  // 南郊乡
  for (const auto& target : {url, url + "/thumbnail"}) {
    auto r = staff->get(target);
    EXPECT_EQ(r.status, 404) << target << ": " << r.body;
    EXPECT_EQ(r.body.find("\x89PNG"), std::string::npos);
  }
  EXPECT_EQ(admin->get(url + "/thumbnail").status, 200);
}

TEST_F(EvidenceApi, MovesRowsOf0004IntoTheStoreAtStartup) {
  int64_t rid = report_of("南郊乡");
  auto up = upload(rid, "a.png", make_png(30, 20));
  ASSERT_EQ(up.status, 201) << up.body;
  int64_t task = up.obj().at("task_id").as_int64();
  server->stop();
  // Two rows as 0004 wrote them: metadata plus base64 bytes, no evidence row.
  const std::string png = make_png(40, 30, 200, 40, 40), pdf = "%PDF-1.3\nold report\n";
  auto db = store::open_database(server->db());
  ASSERT_TRUE(db.ok());
  std::vector<int64_t> ids;
  auto st = (*db)->write([&](store::Tx& tx) -> Status {
    for (const auto* bytes : {&png, &pdf}) {
      LT_ASSIGN(auto row,
                tx.query_one("INSERT INTO attachments (report_id, task_id, filename, content_type, "
                             "size_bytes, sha256, uploaded_by, created_at) VALUES ($1, $2, $3, $4, $5, "
                             "$6, 1, '2026-01-05T02:00:00Z') RETURNING id",
                             {rid, task, bytes == &png ? "旧照片.png" : "旧报告.pdf",
                              bytes == &png ? "image/png" : "application/pdf", int64_t(bytes->size()),
                              sha256_hex(*bytes)}));
      ids.push_back(row->i64(0));
      LT_TRY(tx.exec("INSERT INTO attachment_data (attachment_id, data_base64) VALUES ($1, $2)",
                     {ids.back(), base64(*bytes)}));
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  db->reset();
  ASSERT_EQ(count(server->db(), "SELECT COUNT(*) FROM attachment_data"), 2);
  const int64_t before = count(server->db(), "SELECT COUNT(*) FROM evidence");

  server->start();
  admin = server->client_for("admin");
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM attachment_data"), 0);
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM evidence"), before + 2);
  auto old_photo = admin->get("/api/v1/attachments/" + std::to_string(ids[0]));
  ASSERT_EQ(old_photo.status, 200) << old_photo.body;
  EXPECT_EQ(old_photo.body, png);
  auto old_pdf = admin->get("/api/v1/attachments/" + std::to_string(ids[1]));
  ASSERT_EQ(old_pdf.status, 200);
  EXPECT_EQ(old_pdf.body, pdf);
  // The moved photo got its analysis too.
  auto reports = admin->get("/api/v1/tasks/" + std::to_string(task) + "/reports").obj();
  int thumbs = 0;
  for (auto& f : reports.at("items").as_array()[0].at("attachments").as_array())
    if (f.at("id").as_int64() == ids[0]) {
      EXPECT_EQ(f.at("width").as_int64(), 40);
      thumbs += admin->get(std::string(f.at("thumbnail_url").as_string())).status == 200;
    }
  EXPECT_EQ(thumbs, 1);
  // A second start finds nothing to move.
  server->stop();
  server->start();
  EXPECT_EQ(count(server->db(), "SELECT COUNT(*) FROM evidence"), before + 2);
}

TEST_F(EvidenceApi, BackupAndRestoreCarryTheFiles) {
  int64_t rid = report_of("南郊乡");
  std::string photo = fixture("exif_photo.jpg");
  auto up = upload(rid, "p.jpg", photo);
  ASSERT_EQ(up.status, 201) << up.body;
  std::string url = std::string(up.obj().at("url").as_string());
  auto dir = make_temp_dir("lantian-evidence-backup");
  const std::string sha = sha256_hex(photo);
  auto in_folder = [&](const std::filesystem::path& root) {
    return std::filesystem::exists(root / sha.substr(0, 2) / sha.substr(2, 2) / sha);
  };
  std::string out, restored, restored_dir;
  if (is_sqlite()) {
    // Files beside the database: the backup takes them along in b.db.evidence.
    std::string backup = (dir / "b.db").string();
    ASSERT_EQ(run_lantian({"--db", server->db(), "backup", backup}, &out), 0) << out;
    EXPECT_TRUE(in_folder(dir / "b.db.evidence")) << out;
    server->stop();
    restored = (dir / "r.db").string();
    ASSERT_EQ(run_lantian({"--db", restored, "restore", backup}, &out), 0) << out;
    EXPECT_NE(out.find("restored from"), std::string::npos) << out;
    EXPECT_TRUE(in_folder(dir / "r.db.evidence")) << out;
  } else {
    // Files in the database: pg_dump carries them; restored into an
    // installation that keeps its files in a folder, they move there.
    std::string backup = (dir / "b.dump").string();
    ASSERT_EQ(run_lantian({"--db", server->db(), "backup", backup}, &out), 0) << out;
    EXPECT_FALSE(std::filesystem::exists(dir / "b.dump.evidence"));
    restored = fresh_database(PgCluster::shared().url());
    restored_dir = (dir / "shared").string();
    ASSERT_EQ(run_lantian({"--db", restored, "--evidence-dir", restored_dir, "restore", backup}, &out), 0)
        << out;
    EXPECT_NE(out.find("moved from the restored database"), std::string::npos) << out;
    EXPECT_TRUE(in_folder(restored_dir)) << out;
  }
  {
    std::vector<std::string> extra;
    if (!restored_dir.empty()) extra = {"--evidence-dir", restored_dir};
    ServerProcess again(ServerProcess::Existing{restored}, extra);
    auto c = again.client_for("admin");
    auto f = c->get(url);
    ASSERT_EQ(f.status, 200) << f.body;
    EXPECT_EQ(f.body, photo);
  }
  if (!is_sqlite()) drop_database(PgCluster::shared().url(), restored);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lantian::test
