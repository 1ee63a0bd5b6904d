// `lantian db copy`: SQLite -> PostgreSQL -> SQLite leaves identical data
// (every table compared row by row), the audit chain verifies on every copy,
// the PostgreSQL copy serves logins, old tokens and new rows; a target with
// data needs --force and a failed copy changes nothing; bad URLs and
// mismatched schemas are refused with a clear message.
#include "store/db_copy.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <regex>

#include "core/crypto.h"
#include "store/audit_repo.h"
#include "store/db.h"
#include "store/ledger_rows_repo.h"
#include "store/migrations.h"
#include "store/units_repo.h"
#include "support/pg_cluster.h"
#include "support/server_process.h"
#include "support/test_png.h"

namespace lantian::test {
namespace {

namespace json = boost::json;

// Every table, in the copy's order, with the column that orders its rows.
const std::vector<std::string> kTables = {"units",
                                          "users",
                                          "sessions",
                                          "audit_log",
                                          "audit_head",
                                          "tree_lock",
                                          "calendar_days",
                                          "calendar_years",
                                          "campaigns",
                                          "work_areas",
                                          "work_area_units",
                                          "tasks",
                                          "task_cooperating_units",
                                          "task_scopes",
                                          "milestones",
                                          "progress_reports",
                                          "evidence",
                                          "attachments",
                                          "attachment_data",
                                          "report_requests",
                                          "notifications",
                                          "webhook_deliveries",
                                          "workflow_events",
                                          "enterprises",
                                          "ledger_rows",
                                          "ledger_scopes",
                                          "ledger_filters",
                                          "record_files",
                                          "task_ledger_counts",
                                          "inspections",
                                          "inspection_items",
                                          "banned_enterprises",
                                          "relocation_alerts",
                                          "ledger_import_jobs",
                                          "ledger_import_undo",
                                          "problems",
                                          "problem_scopes",
                                          "problem_number_counters",
                                          "problem_escalations",
                                          "open311_requests",
                                          "open311_rate_limits",
                                          "login_throttle",
                                          "aq_stations",
                                          "aq_hours",
                                          "aq_days",
                                          "aq_targets",
                                          "aq_episodes",
                                          "aq_forecasts",
                                          "aq_alerts",
                                          "aq_alert_steps",
                                          "alert_spot_checks"};
std::string order_of(const std::string& t) {
  if (t == "calendar_days") return "day";
  if (t == "calendar_years") return "year";
  if (t == "work_area_units") return "work_area_id, unit_id";
  if (t == "task_cooperating_units") return "task_id, unit_id";
  if (t == "task_scopes") return "unit_id, deadline, task_id";
  if (t == "attachment_data") return "attachment_id";
  if (t == "aq_hours") return "station_id, hour";
  if (t == "aq_days") return "station_id, day";
  if (t == "aq_alert_steps") return "event_id";
  if (t == "evidence") return "sha256";
  if (t == "ledger_scopes") return "ledger_type, unit_id, row_id";
  if (t == "ledger_filters") return "ledger_type, field, value, row_id";
  if (t == "task_ledger_counts") return "task_id";
  if (t == "inspection_items") return "inspection_id, code";
  if (t == "ledger_import_undo") return "job_id, row_id";
  if (t == "problem_scopes") return "unit_id, problem_id";
  if (t == "problem_number_counters") return "source, year";
  if (t == "problem_escalations") return "problem_id, deadline, step";
  if (t == "open311_requests") return "problem_id";
  if (t == "open311_rate_limits") return "key";
  if (t == "login_throttle") return "key";
  return "id";
}
// The foundation's tables are never empty in a demo installation; the
// campaign tables are filled by add_campaign_work() where a test needs them.
bool may_be_empty(const std::string& t) {
  return t == "sessions" || std::find(kTables.begin(), kTables.end(), t) - kTables.begin() >= 6;
}

using TableRows = std::vector<std::vector<store::Value>>;
using Dump = std::map<std::string, TableRows>;

std::string show(const store::Value& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return "NULL";
  if (auto i = std::get_if<int64_t>(&v)) return "int " + std::to_string(*i);
  if (auto d = std::get_if<double>(&v)) return "double " + std::to_string(*d);
  return "text '" + std::get<std::string>(v) + "'";
}

// An enterprise (one with a credit code and a point, one without) and ledger
// rows with their scope rows and filter values, written through the store
// (the ledger API comes later), a banned enterprise and a relocation alert,
// so every ledger and registry table has rows.
void add_ledger_work(const std::string& db_path, int64_t town) {
  auto db = store::open_database(db_path);
  ASSERT_TRUE(db.ok()) << db.error().message;
  const std::string now = "2026-11-30T07:15:30.123Z";
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto unit, tx.query_one("SELECT path FROM units WHERE id = $1", {town}));
    std::string path = unit->str(0);
    LT_TRY(tx.exec(
        "INSERT INTO enterprises (name, credit_code, legal_rep, lng, lat, unit_id, unit_path, status, "
        "created_at, updated_at) VALUES ('开封市鑫达塑料厂', '91350100M000100Y43', '王建国', "
        "114.3851234567, 34.7399876543, $1, $2, 'banned', $3, $3)",
        {town, path, now}));
    LT_TRY(
        tx.exec("INSERT INTO enterprises (name, unit_id, unit_path, status, created_at, updated_at) "
                "VALUES ('老王汽修店 \"二店\"', $1, $2, 'operating', $3, $3)",
                {town, path, now}));
    LedgerRow r;
    r.ledger_type = "scattered_enterprises";
    r.unit_id = town, r.unit_path = path;
    r.enterprise_id = 1;
    r.status = "registered";
    r.title = "开封市鑫达塑料厂";
    r.location = LngLat{114.3851234567, 34.7399876543};
    r.fields = R"({"enterprise_name":"开封市鑫达塑料厂","disposition":"ban","capacity":2.5})";
    LT_TRY(store::ledger_rows::insert(tx, r, {{"disposition", "ban"}}, now));
    r.enterprise_id.reset();
    r.location.reset();
    r.title = "无名作坊";
    LT_TRY(store::ledger_rows::insert(tx, r, {{"disposition", "upgrade"}}, now));
    // A photo on the first row (a content the setup filed on a report) and a
    // task counted from the ledger (migration 0014).
    LT_ASSIGN(auto sha, tx.query_one("SELECT sha256 FROM evidence ORDER BY sha256 LIMIT 1", {}));
    if (!sha) return Error::internal("the setup filed no evidence");
    LT_TRY(
        tx.exec("INSERT INTO record_files (record_kind, record_id, kind, filename, content_type, size_bytes, "
                "sha256, uploaded_by, created_at) SELECT 'ledger_row', MIN(id), 'photo', '现场 \"1\".png', "
                "'image/png', 1234, $1, 1, $2 FROM ledger_rows",
                {sha->str(0), now}));
    LT_TRY(
        tx.exec("INSERT INTO task_ledger_counts (task_id, ledger_type, count_index, created_at) "
                "SELECT MIN(id), 'scattered_enterprises', 1, $1 FROM tasks",
                {now}));
    // An inspection of the first row with two item results (migration 0016).
    LT_TRY(
        tx.exec("INSERT INTO inspections (checklist, ledger_row_id, unit_id, unit_path, inspector_id, "
                "inspected_at, lng, lat, person_met, result, note, client_key, created_at) SELECT "
                "'closure_checks', MIN(id), $1, $2, 1, $3, 114.3851234567, 34.7399876543, '王某', 'fail', "
                "'断电未落实', 'phone-7', $3 FROM ledger_rows",
                {town, path, now}));
    LT_TRY(tx.exec(
        "INSERT INTO inspection_items (inspection_id, code, result, note, open_problem) SELECT MIN(id), "
        "'power_cut', 'fail', '电表未拆', 1 FROM inspections"));
    LT_TRY(
        tx.exec("INSERT INTO inspection_items (inspection_id, code, result) SELECT MIN(id), 'water_cut', "
                "'pass' FROM inspections"));
    // A banned enterprise of another district (no code, no date) and the
    // suspected relocation it raised against the first enterprise, resolved.
    LT_ASSIGN(auto banned, tx.query_one("INSERT INTO banned_enterprises (name, legal_rep, origin, source, "
                                        "created_at) VALUES ('开封市龙亭区鑫达塑料厂', '王建国', '龙亭区', "
                                        "'imported', $1) RETURNING id",
                                        {now}));
    LT_TRY(tx.exec(
        "INSERT INTO relocation_alerts (enterprise_id, candidate, banned_enterprise_id, score, reasons, "
        "status, note, resolved_at, created_at) SELECT MIN(id), '{\"name\":\"开封市鑫达塑料厂\"}', $1, "
        "0.8612345678901, '[\"legal_rep\",\"name:0.86\"]', 'confirmed', '已核实', $2, $2 FROM enterprises",
        {banned->i64(0), now}));
    // A background import as an instance left it (migration 0017): running,
    // with an undo entry for a changed row and one for a new row.
    LT_TRY(
        tx.exec("INSERT INTO ledger_import_jobs (id, user_id, ledger_type, state, total, processed, "
                "heartbeat_at, created_at) VALUES ('0123456789abcdef01234567', 1, 'scattered_enterprises', "
                "'running', 3000, 1000, $1, $1)",
                {now}));
    LT_TRY(
        tx.exec("INSERT INTO ledger_import_undo (job_id, row_id, before) SELECT "
                "'0123456789abcdef01234567', MIN(id), '{\"title\":\"旧名称\"}' FROM ledger_rows"));
    LT_TRY(
        tx.exec("INSERT INTO ledger_import_undo (job_id, row_id, before) SELECT "
                "'0123456789abcdef01234567', MAX(id), NULL FROM ledger_rows"));
    // Supervision problems (migration 0018): one assigned to the township,
    // verified with a location, and its rebound (parent first), with their
    // scopes, the counter they drew from and an escalation step taken.
    LT_TRY(tx.exec(
        "INSERT INTO problems (number, year, seq, source, problem_type, status, title, description, "
        "enterprise_id, lng, lat, unit_id, unit_path, leader_party, person_name, cooperating_units, "
        "deadline_kind, deadline_days, deadline, failed_verifications, escalation, lookback_due, created_by, "
        "created_at, updated_at, assigned_at, closed_at, verified_lng, verified_lat, verified_at, version) "
        "SELECT '禹攻坚督〔2016〕1号', 2016, 1, 'district', 'construction_dust', 'rebound', '工地扬尘', "
        "'裸土未覆盖', MIN(id), 114.3851234567, 34.7399876543, $1, $2, '张书记', '王专干', '[]', "
        "'working_days', 5, '2017-11-22', 1, 3, '2017-12-07', 1, $3, $3, $3, $3, 114.3851, 34.7399, $3, 7 "
        "FROM enterprises",
        {town, path, now}));
    LT_TRY(tx.exec(
        "INSERT INTO problems (number, year, seq, source, problem_type, status, title, parent_id, "
        "reporter_name, reporter_phone, created_at, updated_at) SELECT '禹攻坚督〔2016〕2号', 2016, 2, "
        "'district', 'construction_dust', 'registered', '工地扬尘（反弹）', MIN(id), '市民张某', "
        "'13800000000', $1, $1 FROM problems",
        {now}));
    LT_TRY(
        tx.exec("INSERT INTO problem_scopes (unit_id, problem_id) SELECT $1, MIN(id) FROM problems", {town}));
    LT_TRY(
        tx.exec("INSERT INTO problem_number_counters (source, year, last_seq) VALUES ('district', 2016, 2)"));
    LT_TRY(
        tx.exec("INSERT INTO problem_escalations (problem_id, deadline, step, days_overdue, at) SELECT "
                "MIN(id), '2017-11-22', 1, 1, $1 FROM problems",
                {now}));
    // What Open311 kept beside the second (a public request's link, device,
    // the posting key's fingerprint) and a key's request counter (0019).
    LT_TRY(
        tx.exec("INSERT INTO open311_requests (problem_id, client, media_url, device_id, account_id, "
                "created_at) SELECT MAX(id), '0123456789ab', 'https://app.example.com/1.jpg?a=1&b=2', "
                "'device-7', '', $1 FROM problems",
                {now}));
    LT_TRY(tx.exec("INSERT INTO open311_rate_limits (key, window_start, requests) VALUES ($1, $2, 3)",
                   {std::string(64, 'a'), now}));
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
}

// A campaign with a decomposed task (cooperating unit, milestone), a report
// with a photo and a report request, so every campaign table has rows
// (decimal quantities included).
void add_campaign_work(HttpClient& admin, int64_t town, int64_t town_user) {
  auto units = admin.get("/api/v1/units?per_page=200").obj();
  int64_t root = 0, office = 0;
  for (auto& u : units.at("items").as_array()) {
    if (u.at("name").as_string() == "禹王台区人民政府") root = u.at("id").as_int64();
    if (u.at("name").as_string() == "区大气污染防治攻坚办公室") office = u.at("id").as_int64();
  }
  auto c = admin.post_json("/api/v1/campaigns", {{"name", "迁移测试行动"},
                                                 {"start_date", "2026-01-01"},
                                                 {"end_date", "2030-12-31"},
                                                 {"jurisdiction_unit_id", root},
                                                 {"office_unit_id", office}});
  ASSERT_EQ(c.status, 201) << c.body;
  auto camp = c.obj();
  int64_t area = camp.at("work_areas").as_array()[0].at("id").as_int64();
  auto wa = admin.patch_json(
      "/api/v1/work-areas/" + std::to_string(area),
      {{"version", 1}, {"lead_unit_id", office}, {"cooperating_unit_ids", json::array{town}}});
  ASSERT_EQ(wa.status, 200) << wa.body;
  auto t = admin.post_json("/api/v1/tasks",
                           {{"campaign_id", camp.at("id")},
                            {"work_area_id", area},
                            {"title", "迁移任务"},
                            {"owner_unit_id", root},
                            {"deadline", "2030-06-30"},
                            {"measure_unit", "吨"},
                            {"target_value", 10.5},
                            {"cooperating_unit_ids", json::array{town}},
                            {"milestones", json::array{{{"title", "节点"}, {"deadline", "2030-01-31"}}}}});
  ASSERT_EQ(t.status, 201) << t.body;
  std::string base = "/api/v1/tasks/" + std::to_string(t.obj().at("id").as_int64());
  auto sub =
      admin.post_json(base + "/subtasks", {{"subtasks", json::array{{{"title", "迁移子任务"},
                                                                     {"owner_unit_id", town},
                                                                     {"responsible_user_id", town_user},
                                                                     {"deadline", "2030-06-30"},
                                                                     {"measure_unit", "吨"},
                                                                     {"target_value", 10.5}}}}});
  ASSERT_EQ(sub.status, 201) << sub.body;
  int64_t kid = sub.obj().at("items").as_array()[0].at("id").as_int64();
  auto rep = admin.post_json("/api/v1/tasks/" + std::to_string(kid) + "/reports",
                             {{"achieved_value", 3.25}, {"narrative", "已清运3.25吨"}});
  ASSERT_EQ(rep.status, 201) << rep.body;
  std::string png = make_png(24, 16);  // a real photo: a thumbnail too
  auto up = admin.request("POST",
                          "/api/v1/reports/" + std::to_string(rep.obj().at("id").as_int64()) +
                              "/attachments?filename=%E7%8E%B0%E5%9C%BA.png",
                          png);
  ASSERT_EQ(up.status, 201) << up.body;
  ASSERT_EQ(admin.post_json(base + "/report-requests", {{"due_date", "2030-01-15"}}).status, 201);
  // A station with two hours, one value missing and one flagged.
  auto st = admin.post_json("/api/v1/aq/stations", {{"code", "1001A"},
                                                    {"name", "开封市监测站"},
                                                    {"kind", "national"},
                                                    {"location", {{"lng", 114.3712}, {"lat", 34.7651}}}});
  ASSERT_EQ(st.status, 201) << st.body;
  auto hours = admin.post_json(
      "/api/v1/aq/hours",
      {{"hours",
        json::array{{{"station", "1001A"}, {"time", "2017-10-01T10:00:00"}, {"pm25", 35}, {"co", 0.7}},
                    {{"station", "1001A"},
                     {"time", "2017-10-01T11:00:00"},
                     {"pm25", 99},
                     {"flags", {{"pm25", "M"}}}}}}});
  ASSERT_EQ(hours.status, 200) << hours.body;
  ASSERT_EQ(hours.obj().at("added").as_int64(), 2) << hours.body;
  // A stack monitor over its limit for three hours: an episode and its problem.
  ASSERT_EQ(
      admin
          .post_json("/api/v1/aq/stations",
                     {{"code", "EN-1"}, {"name", "排口"}, {"kind", "enterprise"}, {"limits", {{"so2", 35}}}})
          .status,
      201);
  // Hours that ended in the past day (the scan looks back 48 hours; this
  // server runs on the real clock).
  json::array over;
  const std::time_t beijing = std::time(nullptr) / 3600 * 3600 + 8 * 3600;
  for (int back = 5; back >= 3; --back) {
    const std::time_t t = beijing - back * 3600;
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
    over.push_back(json::object{{"station", "EN-1"}, {"time", text}, {"so2", 50}});
  }
  ASSERT_EQ(admin.post_json("/api/v1/aq/hours", {{"hours", over}}).status, 200);
  auto scan = admin.post_json("/api/v1/aq/monitoring/scan", json::object{});
  ASSERT_EQ(scan.status, 200) << scan.body;
  ASSERT_EQ(scan.obj().at("opened").as_int64(), 1) << scan.body;
  // A forecast and an alert issued and upgraded (its steps, with a nullable episode).
  auto fc = admin.post_json("/api/v1/aq/forecasts",
                            {{"issued_on", "2030-01-01"},
                             {"source", "开封市环境监测站"},
                             {"days", json::array{{{"day", "2030-01-02"}, {"aqi", 230}, {"primary", "PM2.5"}},
                                                  {{"day", "2030-01-03"}, {"aqi", 120}}}}});
  ASSERT_EQ(fc.status, 200) << fc.body;
  auto alert = admin.post_json("/api/v1/aq/alerts", {{"level", "blue"}, {"note", "示例"}});
  ASSERT_EQ(alert.status, 201) << alert.body;
  auto yellow = admin.post_json(
      "/api/v1/aq/alerts/" + std::to_string(alert.obj().at("id").as_int64()) + "/actions/upgrade",
      {{"version", 1}, {"level", "yellow"}});
  ASSERT_EQ(yellow.status, 200) << yellow.body;
}

// Every row of every table, in id order, as the store reads it.
Dump dump(const std::string& url) {
  Dump out;
  auto db = store::open_database(url);
  if (!db.ok()) {
    ADD_FAILURE() << "open " << url << ": " << db.error().message;
    return out;
  }
  auto st = (*db)->read([&](store::Tx& tx) -> Status {
    for (const auto& t : kTables) {
      LT_ASSIGN(auto rows, tx.query("SELECT * FROM " + t + " ORDER BY " + order_of(t)));
      auto& table = out[t];
      for (const auto& r : rows.rows) {
        std::vector<store::Value> row;
        for (size_t i = 0; i < r.size(); ++i) row.push_back(r[i]);
        table.push_back(std::move(row));
      }
    }
    return {};
  });
  if (!st.ok()) ADD_FAILURE() << "read " << url << ": " << st.error().message;
  return out;
}

// Row by row, value by value (type included); reports the first difference
// of each table.
void expect_same(const Dump& a, const Dump& b, const std::string& what) {
  for (const auto& t : kTables) {
    const auto& ra = a.count(t) ? a.at(t) : TableRows{};
    const auto& rb = b.count(t) ? b.at(t) : TableRows{};
    EXPECT_FALSE(ra.empty() && !may_be_empty(t)) << what << ": " << t << " is empty";
    ASSERT_EQ(ra.size(), rb.size()) << what << ": row count of " << t;
    for (size_t i = 0; i < ra.size(); ++i) {
      ASSERT_EQ(ra[i].size(), rb[i].size()) << what << ": columns of " << t;
      for (size_t c = 0; c < ra[i].size(); ++c)
        ASSERT_TRUE(ra[i][c] == rb[i][c]) << what << ": " << t << " row " << i << " column " << c << ": "
                                          << show(ra[i][c]) << " vs " << show(rb[i][c]);
    }
  }
}

// table -> "rows checksum" from the report `db copy` prints.
std::map<std::string, std::string> report_lines(const std::string& out) {
  std::map<std::string, std::string> m;
  std::regex line(R"((\w+)\s+(\d+)\s+(\d+)\s+([0-9a-f]{16})\s+yes)");
  for (std::sregex_iterator it(out.begin(), out.end(), line), end; it != end; ++it) {
    EXPECT_EQ((*it)[2], (*it)[3]) << (*it)[0];
    m[(*it)[1]] = std::string((*it)[2]) + " " + std::string((*it)[4]);
  }
  return m;
}

void sql(const std::string& path, const std::string& statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(h, statement.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(h);
}

class DbCopyTest : public ::testing::Test {
 protected:
  void SetUp() override { dir = make_temp_dir("lantian-dbcopy"); }
  void TearDown() override {
    std::filesystem::remove_all(dir);
    for (const auto& url : pg_databases) {
      try {
        drop_database(PgCluster::shared().url(), url);
      } catch (...) {
      }
    }
  }
  // A fresh PostgreSQL database, or "" when PostgreSQL is not installed.
  std::string pg_database() {
    auto& pg = PgCluster::shared();
    if (!pg.ok()) {
      if (!pg.skippable()) ADD_FAILURE() << pg.error();
      return "";
    }
    pg_databases.push_back(fresh_database(pg.url()));
    return pg_databases.back();
  }
  std::string init_demo(const std::string& name) {
    std::string db = (dir / name).string(), out;
    EXPECT_EQ(run_lantian({"--db", db, "init", "--demo", "--admin-password", kAdminPassword}, &out), 0)
        << out;
    return db;
  }
  std::filesystem::path dir;
  std::vector<std::string> pg_databases;
};

TEST_F(DbCopyTest, SqliteToPostgresAndBackLeavesIdenticalData) {
  // An installation with history: sessions, an API token, a failed login, a
  // unit moved under a newer one (a parent with a larger id than its child).
  auto server = std::make_unique<ServerProcess>();
  auto admin = server->client_for("admin");
  auto first = [&](const std::string& query) {
    return admin->get("/api/v1/units?per_page=1&sort=id&" + query)
        .obj()
        .at("items")
        .as_array()[0]
        .as_object();
  };
  int64_t district = first("kind=district_government").at("id").as_int64();
  auto made =
      admin->post_json("/api/v1/units", {{"name", "迁移乡"}, {"kind", "township"}, {"parent_id", district}});
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t new_town = made.obj().at("id").as_int64();
  auto village = first("kind=village");
  ASSERT_LT(village.at("id").as_int64(), new_town);
  auto moved = admin->patch_json("/api/v1/units/" + std::to_string(village.at("id").as_int64()),
                                 {{"version", village.at("version")}, {"parent_id", new_town}});
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto user = admin->post_json("/api/v1/users", {{"username", "migrant"},
                                                 {"name", "迁移用户"},
                                                 {"unit_id", new_town},
                                                 {"roles", json::array{"unit_staff"}},
                                                 {"password", "Migr@te2026ok"}});
  ASSERT_EQ(user.status, 201) << user.body;
  auto token = admin->post_json("/api/v1/auth/tokens", {{"name", "迁移脚本"}});
  ASSERT_EQ(token.status, 201) << token.body;
  std::string api_token(token.obj().at("token").as_string());
  add_campaign_work(*admin, new_town, user.obj().at("id").as_int64());
  server->client_for("leader");
  HttpClient anon(server->port());
  EXPECT_EQ(
      anon.post_json("/api/v1/auth/login", {{"username", "staff"}, {"password", "wrong-Passw0rd"}}).status,
      401);
  std::string admin_auth = admin->default_headers["Authorization"];
  std::string leader_pw = server->passwords.at("leader");
  server->stop();
  const std::string original = server->db();
  add_ledger_work(original, new_town);

  std::string pg = pg_database();
  if (pg.empty()) GTEST_SKIP() << PgCluster::shared().error();

  std::string out;
  ASSERT_EQ(run_lantian({"db", "copy", "--from", original, "--to", pg}, &out), 0) << out;
  EXPECT_NE(out.find("(sqlite) -> " + pg + " (postgres)"), std::string::npos) << out;
  EXPECT_NE(out.find("audit chain OK ("), std::string::npos) << out;
  auto there = report_lines(out);
  EXPECT_EQ(there.size(), kTables.size()) << out;
  std::string back = (dir / "back.db").string();
  ASSERT_EQ(run_lantian({"db", "copy", "--from", pg, "--to", "sqlite:" + back}, &out), 0) << out;
  EXPECT_NE(out.find("audit chain OK ("), std::string::npos) << out;
  EXPECT_EQ(report_lines(out), there) << "the checksums differ between the two copies:\n" << out;
  // The evidence travelled too: the report's photo, the demo ledgers' one,
  // the demo problems' one and the demo alert's spot-check photo (each with
  // its thumbnail) and the demo reduction list's plant plan (a PDF), from the files beside the SQLite database into
  // PostgreSQL's evidence_blobs and back into files beside the new SQLite
  // database.
  EXPECT_NE(out.find("evidence database -> " + back + ".evidence: 9 files recorded, 9 copied"),
            std::string::npos)
      << out;
  {
    auto pgdb = store::open_database(pg);
    ASSERT_TRUE(pgdb.ok());
    auto st = (*pgdb)->read([&](store::Tx& tx) -> Status {
      LT_ASSIGN(auto r, tx.query_one("SELECT COUNT(*) FROM evidence_blobs", {}));
      EXPECT_EQ(r->i64(0), 9);
      return {};
    });
    EXPECT_TRUE(st.ok());
  }
  for (const auto& root : {original + ".evidence", back + ".evidence"}) {
    int files = 0;
    for (auto& e : std::filesystem::recursive_directory_iterator(root)) files += e.is_regular_file();
    EXPECT_EQ(files, 9) << root;
  }
  // SQLite to SQLite with the target's files in its database.
  std::string inside = (dir / "inside.db").string();
  ASSERT_EQ(
      run_lantian({"db", "copy", "--from", original, "--to", inside, "--to-evidence", "database"}, &out), 0)
      << out;
  EXPECT_NE(out.find("-> database: 9 files recorded, 9 copied"), std::string::npos) << out;
  {
    ServerProcess served(ServerProcess::Existing{inside}, {"--evidence-dir", "database"});
    auto c = served.client_for("admin");
    auto a = dump(inside)["attachments"];
    ASSERT_EQ(a.size(), 1u);
    auto f = c->get("/api/v1/attachments/" + std::to_string(std::get<int64_t>(a[0][0])));
    ASSERT_EQ(f.status, 200) << f.body;
    EXPECT_EQ(f.body.substr(0, 4), "\x89PNG");
    EXPECT_EQ(
        c->get("/api/v1/attachments/" + std::to_string(std::get<int64_t>(a[0][0])) + "/thumbnail").status,
        200);
  }

  Dump a = dump(original);
  EXPECT_EQ(there["units"].substr(0, there["units"].find(' ')), std::to_string(a["units"].size()));
  EXPECT_GT(a["sessions"].size(), 2u);
  for (const auto& t : kTables) {
    if (t == "webhook_deliveries" || t == "attachment_data") continue;
    EXPECT_FALSE(a[t].empty()) << t << " has no rows to copy";
  }
  expect_same(a, dump(pg), "SQLite vs PostgreSQL");
  expect_same(a, dump(back), "round trip leaves identical data");
  for (const auto& db : {original, pg, back}) {
    ASSERT_EQ(run_lantian({"--db", db, "audit", "verify"}, &out), 0) << db << ": " << out;
    EXPECT_NE(out.find("audit log OK"), std::string::npos) << out;
  }

  {
    // The PostgreSQL copy serves: same passwords, the old session and API
    // token, and new rows get fresh ids (the sequences were advanced).
    ServerProcess served(ServerProcess::Existing{pg});
    HttpClient c(served.port());
    auto login = c.post_json("/api/v1/auth/login", {{"username", "admin"}, {"password", kAdminPassword}});
    ASSERT_EQ(login.status, 200) << login.body;
    EXPECT_EQ(c.post_json("/api/v1/auth/login", {{"username", "leader"}, {"password", leader_pw}}).status,
              200);
    EXPECT_EQ(
        c.post_json("/api/v1/auth/login", {{"username", "migrant"}, {"password", "Migr@te2026ok"}}).status,
        200);
    HttpClient old(served.port());
    old.default_headers["Authorization"] = admin_auth;
    auto me = old.get("/api/v1/auth/me");
    ASSERT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(me.obj().at("user").at("username").as_string(), "admin");
    old.default_headers["Authorization"] = "Bearer " + api_token;
    EXPECT_EQ(old.get("/api/v1/units/" + std::to_string(new_town)).status, 200);
    c.default_headers["Authorization"] = "Bearer " + std::string(login.obj().at("token").as_string());
    auto unit =
        c.post_json("/api/v1/units", {{"name", "新村"}, {"kind", "village"}, {"parent_id", new_town}});
    ASSERT_EQ(unit.status, 201) << unit.body;
    EXPECT_GT(unit.obj().at("id").as_int64(), new_town);
    auto u2 = c.post_json("/api/v1/users", {{"username", "after.copy"},
                                            {"name", "复制后"},
                                            {"unit_id", new_town},
                                            {"roles", json::array{"viewer"}}});
    EXPECT_EQ(u2.status, 201) << u2.body;
    EXPECT_EQ(c.get("/api/v1/units/" + std::to_string(village.at("id").as_int64()))
                  .obj()
                  .at("parent_id")
                  .as_int64(),
              new_town);
  }
  ASSERT_EQ(run_lantian({"--db", pg, "audit", "verify"}, &out), 0) << out;

  // The PostgreSQL database now has data of its own: refused without --force
  // (unchanged), replaced with it.
  Dump before = dump(pg);
  EXPECT_EQ(run_lantian({"db", "copy", "--from", original, "--to", pg}, &out), 1);
  EXPECT_NE(out.find("not empty"), std::string::npos) << out;
  EXPECT_NE(out.find("--force"), std::string::npos) << out;
  expect_same(before, dump(pg), "a refused copy changed the target");
  ASSERT_EQ(run_lantian({"db", "copy", "--from", original, "--to", pg, "--force"}, &out), 0) << out;
  expect_same(a, dump(pg), "SQLite vs PostgreSQL after --force");
  ASSERT_EQ(run_lantian({"--db", pg, "audit", "verify"}, &out), 0) << out;
}

TEST_F(DbCopyTest, NonEmptyTargetNeedsForceAndAFailedCopyChangesNothing) {
  std::string from = init_demo("from.db"), to = (dir / "to.db").string(), out;
  ASSERT_EQ(run_lantian({"--db", to, "init", "--admin-password", "Other!pass2026"}, &out), 0) << out;
  Dump target = dump(to);

  EXPECT_EQ(run_lantian({"db", "copy", "--from", from, "--to", to}, &out), 1);
  EXPECT_NE(out.find("the target database is not empty (units: 1, users: 1"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing was copied. Use --force"), std::string::npos) << out;
  expect_same(target, dump(to), "a refused copy changed the target");

  // A source row the target's foreign keys reject (raw sqlite3 connections do
  // not enforce them): the copy fails half-way and is rolled back entirely.
  std::string broken = (dir / "broken.db").string();
  std::filesystem::copy_file(from, broken);
  sql(broken, "UPDATE users SET unit_id = 999999 WHERE username = 'staff'");
  EXPECT_EQ(run_lantian({"db", "copy", "--from", broken, "--to", to, "--force"}, &out), 1);
  EXPECT_NE(out.find("copy failed, the target is unchanged: copying table users"), std::string::npos) << out;
  expect_same(target, dump(to), "a failed copy changed the target");
  std::string fresh = (dir / "fresh.db").string();
  EXPECT_EQ(run_lantian({"db", "copy", "--from", broken, "--to", fresh}, &out), 1);
  EXPECT_FALSE(std::filesystem::exists(fresh)) << "a failed copy left a new target file behind";

  ASSERT_EQ(run_lantian({"db", "copy", "--force", "--from", from, "--to", to}, &out), 0) << out;
  EXPECT_NE(out.find("audit chain OK ("), std::string::npos) << out;
  expect_same(dump(from), dump(to), "--force copy");
  ASSERT_EQ(run_lantian({"--db", to, "audit", "verify"}, &out), 0) << out;
}

TEST_F(DbCopyTest, BadUrlsAndArgumentsGiveAClearError) {
  std::string from = init_demo("from.db"), to = (dir / "to.db").string(), out;
  Dump source = dump(from);
  auto fails = [&](const std::vector<std::string>& args, const std::string& message) {
    EXPECT_EQ(run_lantian(args, &out), 1) << out;
    EXPECT_NE(out.find(message), std::string::npos) << "expected '" << message << "' in: " << out;
  };
  fails({"db", "copy", "--from", from}, "usage: lantian db copy --from URL --to URL [--force]");
  fails({"db", "clone", "--from", from, "--to", to}, "usage: lantian db copy");
  fails({"db", "copy", "--from", from, "--to"}, "--to needs a value");
  fails({"db", "copy", "--from", from, "--to", to, "--verbose", "1"}, "unknown option --verbose");
  fails({"--db", from, "db", "copy", "--from", from, "--to", to}, "not --db");
  fails({"db", "copy", "--from", (dir / "missing.db").string(), "--to", to},
        "--from: no such SQLite database file: ");
  fails({"db", "copy", "--from", from, "--to", "mysql://root@localhost/lantian"},
        "--to: unsupported database URL 'mysql://root@localhost/lantian'");
  fails({"db", "copy", "--from", from, "--to", "sqlite:"}, "--to: empty SQLite path");
  fails({"db", "copy", "--from", from, "--to", "sqlite:" + from}, "--from and --to name the same database");
  fails({"db", "copy", "--from", from, "--to", "postgres://lantian:secret@127.0.0.1:1/lantian"},
        "target postgres://lantian:***@127.0.0.1:1/lantian: ");
  EXPECT_EQ(out.find("secret"), std::string::npos) << "the password was printed: " << out;
  std::ofstream(dir / "junk.db") << "this is not a database";
  fails({"db", "copy", "--from", (dir / "junk.db").string(), "--to", to}, "source ");
  EXPECT_FALSE(std::filesystem::exists(to));
  expect_same(source, dump(from), "a failed copy changed the source");
}

TEST_F(DbCopyTest, RefusesDatabasesWithDifferentSchemas) {
  std::string from = init_demo("from.db"), to = (dir / "to.db").string(), out;
  ASSERT_EQ(run_lantian({"--db", to, "migrate"}, &out), 0) << out;
  sql(to,
      "INSERT INTO schema_migrations (name, applied_at) VALUES ('9999_future.sql', '2030-01-01T00:00:00Z')");
  EXPECT_EQ(run_lantian({"db", "copy", "--from", from, "--to", to}, &out), 1);
  EXPECT_NE(out.find("different schema versions"), std::string::npos) << out;
  EXPECT_NE(out.find("only in the target: 9999_future.sql"), std::string::npos) << out;

  sql(to, "DELETE FROM schema_migrations WHERE name = '9999_future.sql'; CREATE TABLE gadgets (id INTEGER)");
  EXPECT_EQ(run_lantian({"db", "copy", "--from", from, "--to", to}, &out), 1);
  EXPECT_NE(out.find("the target database has tables this version of lantian cannot copy: gadgets"),
            std::string::npos)
      << out;
  sql(to, "DROP TABLE gadgets; ALTER TABLE users ADD COLUMN nickname TEXT");
  EXPECT_EQ(run_lantian({"db", "copy", "--from", from, "--to", to}, &out), 1);
  EXPECT_NE(out.find("table users in the target database does not have the expected columns (unknown: "
                     "nickname; missing: none)"),
            std::string::npos)
      << out;
}

// Store level, with more rows than a batch and than a multi-row INSERT, and
// awkward values: NULLs, integer-looking text, quotes, newlines, Chinese, a
// parent with a larger id than its child.
TEST_F(DbCopyTest, CopiesManyRowsInBatchesWithAwkwardValues) {
  ASSERT_TRUE(crypto_init());
  auto open = [](const std::string& url) {
    auto db = store::open_database(url);
    if (!db.ok()) throw std::runtime_error(db.error().message);
    auto m = store::migrate(**db);
    if (!m.ok()) throw std::runtime_error(m.error().message);
    return std::move(db).value();
  };
  std::string src_url = (dir / "big.db").string();
  auto src = open(src_url);
  const std::string now = "2026-11-30T07:15:30.123Z";
  auto st = src->write([&](store::Tx& tx) -> Status {
    Unit root;
    root.name = "禹王台区";
    root.kind = "district_government";
    LT_ASSIGN(root, store::units::insert(tx, root, now));
    for (int i = 0; i < 300; ++i) {
      Unit u;
      u.parent_id = root.id;
      u.name = "单位 '" + std::to_string(i) + "'\n\"x\"";
      u.kind = "township";
      u.division_code = i % 3 == 0 ? "" : i % 3 == 1 ? "00" + std::to_string(i) : std::to_string(i);
      LT_TRY(store::units::insert(tx, u, now));
    }
    // A unit moved under the newest one.
    LT_TRY(tx.exec("UPDATE units SET parent_id = (SELECT MAX(id) FROM units) WHERE id = 2"));
    for (int i = 0; i < 130; ++i)
      LT_TRY(
          tx.exec("INSERT INTO users (username, name, phone, unit_id, roles, password_hash, disabled, "
                  "failed_logins, created_at, updated_at) VALUES ($1, $2, $3, 1, '[\"viewer\"]', 'x', $4, "
                  "$5, $6, $6)",
                  {"u" + std::to_string(i), "用户\t" + std::to_string(i),
                   i % 2 ? store::Value(nullptr) : store::Value("1380000" + std::to_string(1000 + i)),
                   int64_t(i % 2), int64_t(i), now}));
    for (int i = 0; i < 260; ++i)
      LT_TRY(
          tx.exec("INSERT INTO sessions (token_hash, user_id, kind, name, csrf_token, client_address, "
                  "created_at, last_seen_at, expires_at, revoked) VALUES ($1, $2, $3, $4, 'c', NULL, $5, "
                  "$5, $5, 0)",
                  {sha256_hex(std::to_string(i)), int64_t(1 + i % 130), i % 2 ? "api" : "session",
                   i % 2 ? store::Value("token " + std::to_string(i)) : store::Value(nullptr), now}));
    for (int i = 0; i < 2500; ++i) {
      AuditEntry e;
      e.at = now;
      e.actor_id = i % 5;
      e.actor_name = i % 5 ? "admin" : "system";
      e.action = "update";
      e.entity = "unit";
      e.entity_id = std::to_string(i % 300 + 1);
      e.before_json = "{\"name\":\"旧\"}";
      e.after_json = i % 7 ? "{}" : "";
      e.client_address = "127.0.0.1";
      LT_TRY(store::audit::append(tx, e));
    }
    return {};
  });
  ASSERT_TRUE(st.ok()) << st.error().message;
  Dump original = dump(src_url);
  ASSERT_EQ(original["units"].size(), 301u);
  ASSERT_EQ(original["audit_log"].size(), 2500u);

  auto check = [&](const store::CopyReport& rep, const std::string& what) {
    EXPECT_TRUE(rep.ok()) << what << ": " << store::verification_error(rep).error().message;
    EXPECT_TRUE(rep.audit.ok) << rep.audit.reason;
    EXPECT_EQ(rep.audit.checked, 2500);
    ASSERT_EQ(rep.tables.size(), kTables.size());
    for (size_t i = 0; i < kTables.size(); ++i) {
      EXPECT_EQ(rep.tables[i].table, kTables[i]);
      EXPECT_EQ(size_t(rep.tables[i].source_rows), original[kTables[i]].size()) << what << " " << kTables[i];
      EXPECT_EQ(rep.tables[i].source_checksum.size(), 64u);
    }
  };
  store::CopyOptions small;
  small.batch_rows = 7;
  std::string copy_url = (dir / "copy.db").string();
  auto copy = open(copy_url);
  auto rep = store::copy_database(*src, *copy, small);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  check(*rep, "SQLite to SQLite");
  expect_same(original, dump(copy_url), "SQLite to SQLite in batches of 7");

  std::string pg = pg_database();
  if (pg.empty()) GTEST_SKIP() << PgCluster::shared().error();
  auto pdb = open(pg);
  auto there = store::copy_database(*src, *pdb, small);
  ASSERT_TRUE(there.ok()) << there.error().message;
  check(*there, "SQLite to PostgreSQL");
  expect_same(original, dump(pg), "SQLite to PostgreSQL");
  std::string back_url = (dir / "back.db").string();
  auto back = open(back_url);
  auto again = store::copy_database(*pdb, *back);
  ASSERT_TRUE(again.ok()) << again.error().message;
  check(*again, "PostgreSQL to SQLite");
  for (size_t i = 0; i < kTables.size(); ++i)
    EXPECT_EQ(again->tables[i].source_checksum, rep->tables[i].source_checksum) << kTables[i];
  expect_same(original, dump(back_url), "round trip through PostgreSQL");
  // A second copy into the same target needs force.
  auto refused = store::copy_database(*src, *pdb);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::conflict);
  EXPECT_EQ(refused.error().code, "target_not_empty");
}

TEST_F(DbCopyTest, VerificationErrorNamesEveryMismatch) {
  store::CopyReport rep;
  rep.tables = {{"units", 3, 3, std::string(64, 'a'), std::string(64, 'a')},
                {"users", 2, 1, std::string(64, 'b'), std::string(64, 'c')}};
  EXPECT_FALSE(rep.ok());
  rep.audit.ok = false;
  rep.audit.first_bad_id = 7;
  rep.audit.reason = "content does not match its hash";
  auto st = store::verification_error(rep);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().kind, ErrorKind::internal);
  const auto& m = st.error().message;
  EXPECT_EQ(m.find("units"), std::string::npos) << m;
  EXPECT_NE(m.find("users: 2 rows read from the source (checksum bbbbbbbbbbbbbbbb), 1 read back from the "
                   "target (checksum cccccccccccccccc)"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("first bad entry #7 (content does not match its hash)"), std::string::npos) << m;
  rep.tables.pop_back();
  rep.audit.ok = true;
  EXPECT_TRUE(store::verification_error(rep).ok());
}

}  // namespace
}  // namespace lantian::test
