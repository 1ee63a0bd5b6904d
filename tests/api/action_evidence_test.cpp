// Evidence on workflow actions, against a real server (SQLite, and
// PostgreSQL in api_pg_tests): a deployment's task.toml makes `complete`
// require a photo; files filed on the task (POST /api/v1/tasks/{id}/attachments)
// are given with the action by id; a missing kind, a file of another task or
// an id given twice is refused with a coded 422 on field "evidence" and moves
// nothing; the accepted ids are kept in the action's event and shown by
// GET /api/v1/tasks/{id}/events as files with thumbnails and EXIF time.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

std::string read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

class ActionEvidence : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir = new std::filesystem::path(make_temp_dir("lantian-evidence-wf"));
    std::string task = read_file(LANTIAN_SOURCE_DIR "/resources/workflows/task.toml");
    const std::string guards = "guards = [\"children_done\", \"report_filed\"]\n";
    auto at = task.find(guards);
    ASSERT_NE(at, std::string::npos);
    task.insert(at + guards.size(), "evidence = [\"photo\"]\n");
    std::filesystem::create_directories(*dir / "wf");
    std::ofstream(*dir / "wf" / "task.toml") << task;
    std::ofstream(*dir / "lantian.toml") << "[workflows]\ndir = \"" + (*dir / "wf").string() + "\"\n";
    server = new ServerProcess(true, {"--config", (*dir / "lantian.toml").string()});
  }
  static void TearDownTestSuite() {
    delete server;
    server = nullptr;
    std::error_code ec;
    std::filesystem::remove_all(*dir, ec);
    delete dir;
  }
  static inline ServerProcess* server = nullptr;
  static inline std::filesystem::path* dir = nullptr;

  void SetUp() override {
    admin = server->client_for("admin");
    viewer = server->client_for("viewer");
  }
  int64_t unit(const std::string& name) {
    auto list = admin->get("/api/v1/units?per_page=200").obj();
    for (const auto& u : list.at("items").as_array())
      if (u.at("name").as_string() == name) return u.at("id").as_int64();
    ADD_FAILURE() << "no unit " << name;
    return 0;
  }
  // A task owned by 南郊乡 with a progress report (so `complete` is up to its evidence).
  int64_t reported_task(const std::string& title) {
    if (!campaign) {
      auto c = admin->post_json("/api/v1/campaigns", {{"name", "整改核查行动"},
                                                      {"start_date", "2026-01-01"},
                                                      {"end_date", "2030-12-31"},
                                                      {"jurisdiction_unit_id", unit("禹王台区人民政府")},
                                                      {"office_unit_id", unit("区大气污染防治攻坚办公室")}});
      EXPECT_EQ(c.status, 201) << c.body;
      campaign = c.obj().at("id").as_int64();
    }
    auto t = admin->post_json("/api/v1/tasks", {{"campaign_id", campaign},
                                                {"title", title},
                                                {"owner_unit_id", unit("南郊乡")},
                                                {"deadline", "2030-06-30"}});
    EXPECT_EQ(t.status, 201) << t.body;
    int64_t id = t.obj().at("id").as_int64();
    auto r = admin->post_json("/api/v1/tasks/" + std::to_string(id) + "/reports", {{"narrative", "已整改"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return id;
  }
  HttpResponse upload(HttpClient& c, int64_t task, const std::string& name, const std::string& bytes) {
    return c.request("POST", "/api/v1/tasks/" + std::to_string(task) + "/attachments?filename=" + name,
                     bytes);
  }
  int64_t uploaded(int64_t task, const std::string& name, const std::string& bytes) {
    auto r = upload(*admin, task, name, bytes);
    EXPECT_EQ(r.status, 201) << r.body;
    if (r.status != 201) return 0;
    EXPECT_TRUE(r.obj().at("report_id").is_null());
    EXPECT_EQ(r.obj().at("task_id").as_int64(), task);
    return r.obj().at("id").as_int64();
  }
  json::object task(int64_t id) { return admin->get("/api/v1/tasks/" + std::to_string(id)).obj(); }
  HttpResponse complete(int64_t id, json::array evidence) {
    json::object body{{"version", task(id).at("version")}};
    body["evidence"] = std::move(evidence);
    return admin->request("POST", "/api/v1/tasks/" + std::to_string(id) + "/actions/complete",
                          json::serialize(body));
  }
  json::array events(int64_t id) {
    auto r = admin->get("/api/v1/tasks/" + std::to_string(id) + "/events");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.obj().at("items").as_array();
  }
  // The first field error of a 422: {field, code, params}.
  static json::object field_error(const HttpResponse& r) {
    EXPECT_EQ(r.status, 422) << r.body;
    auto o = r.obj();
    if (!o.contains("errors") || o.at("errors").as_array().empty()) return {};
    return o.at("errors").as_array()[0].as_object();
  }

  std::unique_ptr<HttpClient> admin, viewer;
  static inline int64_t campaign = 0;
};

TEST_F(ActionEvidence, TheDefinitionSaysWhatTheActionNeedsAndTheServerChecksIt) {
  auto wf = admin->get("/api/v1/workflows/task").obj();
  for (auto& a : wf.at("actions").as_array())
    if (a.at("name").as_string() == "complete") {
      ASSERT_EQ(a.at("evidence").as_array().size(), 1u);
      EXPECT_EQ(a.at("evidence").as_array()[0].as_string(), "photo");
    }

  int64_t id = reported_task("扬尘整改核查");
  const size_t before = events(id).size();

  // Nothing given: the missing kind is named.
  auto none = complete(id, {});
  auto e = field_error(none);
  EXPECT_EQ(e["field"].as_string(), "evidence");
  EXPECT_EQ(e["code"].as_string(), "evidence_required");
  EXPECT_EQ(e["params"].at("kind").as_string(), "photo");

  // A PDF is a document, not a photo.
  int64_t pdf = uploaded(id, "整改报告.pdf", "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  auto doc_only = complete(id, {pdf});
  EXPECT_EQ(field_error(doc_only)["code"].as_string(), "evidence_required");

  // A photo of another task is no evidence for this one.
  int64_t other = reported_task("另一处工地");
  int64_t foreign = uploaded(other, "现场.png", make_png(40, 30));
  auto theirs = complete(id, {pdf, foreign});
  e = field_error(theirs);
  EXPECT_EQ(e["field"].as_string(), "evidence");
  EXPECT_EQ(e["code"].as_string(), "evidence_not_of_task");
  EXPECT_EQ(e["params"].at("id").as_string(), std::to_string(foreign));

  // Neither an unknown id nor one given twice.
  EXPECT_EQ(field_error(complete(id, {pdf, 987654321}))["code"].as_string(), "evidence_not_of_task");
  int64_t photo = uploaded(id, "整改后.jpg", read_file(LANTIAN_SOURCE_DIR "/tests/fixtures/exif_photo.jpg"));
  EXPECT_EQ(field_error(complete(id, {photo, photo}))["code"].as_string(), "duplicate_entry");
  // Not a list of ids.
  auto bad = admin->request(
      "POST", "/api/v1/tasks/" + std::to_string(id) + "/actions/complete",
      json::serialize(json::object{{"version", task(id).at("version")}, {"evidence", "整改后.jpg"}}));
  EXPECT_EQ(field_error(bad)["field"].as_string(), "evidence");

  // Refusals moved nothing.
  EXPECT_EQ(task(id).at("status").as_string(), "in_progress");
  EXPECT_EQ(events(id).size(), before);

  // With the photo (and the report) it goes through.
  auto ok = complete(id, {photo, pdf});
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.obj().at("status").as_string(), "completed");

  auto items = events(id);
  ASSERT_EQ(items.size(), before + 1);
  auto last = items.back().as_object();
  EXPECT_EQ(last.at("action").as_string(), "complete");
  auto files = last.at("evidence").as_array();
  ASSERT_EQ(files.size(), 2u);
  auto p = files[0].as_object();
  EXPECT_EQ(p.at("id").as_int64(), photo);
  EXPECT_EQ(p.at("filename").as_string(), "整改后.jpg");
  EXPECT_EQ(p.at("content_type").as_string(), "image/jpeg");
  EXPECT_EQ(p.at("url").as_string(), "/api/v1/attachments/" + std::to_string(photo));
  EXPECT_EQ(p.at("thumbnail_url").as_string(), "/api/v1/attachments/" + std::to_string(photo) + "/thumbnail");
  EXPECT_EQ(p.at("taken_at").as_string(), "2017-11-20T09:30:15");
  auto d = files[1].as_object();
  EXPECT_EQ(d.at("id").as_int64(), pdf);
  EXPECT_EQ(d.at("content_type").as_string(), "application/pdf");
  EXPECT_TRUE(d.at("thumbnail_url").is_null());
  EXPECT_TRUE(d.at("taken_at").is_null());
  // Other events carry none.
  EXPECT_TRUE(items.front().at("evidence").as_array().empty());
  // The thumbnail the history points at is served.
  EXPECT_EQ(admin->get(std::string(p.at("thumbnail_url").as_string())).status, 200);
  // Whoever reads the task reads its history with the files.
  auto seen = viewer->get("/api/v1/tasks/" + std::to_string(id) + "/events");
  ASSERT_EQ(seen.status, 200) << seen.body;
  EXPECT_EQ(seen.obj().at("items").as_array().back().at("evidence").as_array().size(), 2u);
}

TEST_F(ActionEvidence, FilingOnTheTaskChecksTheFileAndTheParty) {
  int64_t id = reported_task("秸秆禁烧核查");
  // The bytes decide, as for report files.
  auto junk = upload(*admin, id, "x.png", "not a picture");
  EXPECT_EQ(field_error(junk)["code"].as_string(), "file_type");
  auto empty = upload(*admin, id, "x.png", "");
  EXPECT_EQ(field_error(empty)["code"].as_string(), "file_empty");
  // A reader holding no party on the task may not file evidence.
  auto v = upload(*viewer, id, "x.png", make_png(10, 10));
  EXPECT_EQ(v.status, 403) << v.body;
  // Evidence may go with an action that needs none (start / accept here).
  int64_t photo = uploaded(id, "a.png", make_png(30, 20));
  auto ok = complete(id, {photo});
  ASSERT_EQ(ok.status, 200) << ok.body;
  int64_t check = uploaded(id, "验收.png", make_png(32, 24));
  auto accept = admin->request(
      "POST", "/api/v1/tasks/" + std::to_string(id) + "/actions/accept",
      json::serialize(json::object{{"version", task(id).at("version")}, {"evidence", json::array{check}}}));
  ASSERT_EQ(accept.status, 200) << accept.body;
  auto items = events(id);
  ASSERT_GE(items.size(), 2u);
  EXPECT_EQ(items.back().at("action").as_string(), "accept");
  EXPECT_EQ(items.back().at("evidence").as_array()[0].at("id").as_int64(), check);
  EXPECT_FALSE(items.back().at("evidence").as_array()[0].at("thumbnail_url").is_null());
}

}  // namespace
}  // namespace lantian::test
