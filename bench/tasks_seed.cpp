// lantian_bench_tasks_seed: a fresh database with the benchmark district of
// lantian_bench_seed (bench/org_seed.h: 1,000 units, 10,000 users) plus one
// campaign with its fifteen work areas and 100,000 tasks, for
// bench/run_tasks.sh. Not a product feature and not a test.
//
//   lantian_bench_tasks_seed --db PATH --admin-password PW [--units 1000] [--users 10000]
//                            [--tasks 100000] [--today YYYY-MM-DD]
//
// Shape (deterministic: a hash of the task number, no randomness):
//   - the campaign runs from today−90 to today+90 days (so the server, on
//     the real clock, sees it half way through), office = the district root;
//   - per level-2 unit and work area, 3 top-level tasks (owner the level-2
//     unit, lead the root), each split to every village/community below it
//     (depth 1, with a quantity; the parent's target is their sum), and the
//     remaining tasks spread as depth-2 subtasks of the first two batches'
//     depth-1 tasks (trees of depth 3; the third batch's stay at depth 2);
//   - deadlines spread over the campaign (children no later than parents);
//     statuses by deadline: of tasks already due, about a quarter are still
//     open (≈ 10 % of all tasks overdue), the rest completed or accepted; of
//     tasks not yet due, some done early, most in progress or not started;
//   - responsible users: a level-2 unit's first 环保专干 answers for every
//     depth-1 task below it (thousands of tasks: the "user with many tasks"),
//     villages' own users for depth-2 tasks, the unit leader for top tasks;
//   - every 20th top-level task has a cooperating level-2 unit.
//
// Bulk generator: tasks go in by plain INSERTs through store::Tx (explicit
// ids and paths, roll-ups precomputed) in transactions of about 25,000 rows,
// bypassing TaskService: NO audit entries, no progress reports.
//
// Then it fills task_scopes (tasks::refresh_all_scopes), which
// tasks::insert keeps for the server. It prints what bench/run_tasks.sh needs
// as KEY=VALUE lines: the heavy user's username and counts, the village it
// lists, a campaign office account and the number of overdue tasks.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/crypto.h"
#include "core/password_policy.h"
#include "core/task.h"
#include "core/task_workflow.h"
#include "core/work_areas.h"
#include "org_seed.h"
#include "store/campaigns_repo.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/tasks_repo.h"
#include "store/users_repo.h"

namespace {

using namespace lantian;
using store::Value;
using Steady = std::chrono::steady_clock;

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

struct Args {
  std::string db;
  int units = 1000;
  int users = 10000;
  int tasks = 100000;
  std::string admin_password;
  std::string today;
};

bool parse_args(int argc, char** argv, Args* a) {
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) return false;
    std::string v = argv[++i];
    if (k == "--db")
      a->db = v;
    else if (k == "--units")
      a->units = std::atoi(v.c_str());
    else if (k == "--users")
      a->users = std::atoi(v.c_str());
    else if (k == "--tasks")
      a->tasks = std::atoi(v.c_str());
    else if (k == "--admin-password")
      a->admin_password = v;
    else if (k == "--today")
      a->today = v;
    else
      return false;
  }
  return !a->db.empty() && !a->admin_password.empty() && a->units >= 3 && a->users >= 0 && a->tasks >= 0;
}

// splitmix64: a well-mixed hash of the task number.
uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::string day(Date d) { return format_date(d); }

// One task row as it will be inserted.
struct Row {
  int64_t id = 0;
  int64_t parent = 0;  // 0 = top level
  std::string path;
  int depth = 0;
  std::string code, title;
  int64_t area = 0;
  int64_t owner = 0, lead = 0;
  std::string owner_path, lead_path;
  std::string leader_name;
  int64_t user = 0;
  std::string user_name;
  std::string start, deadline;
  std::string measure;
  double target = -1;  // < 0: none
  double achieved = 0;
  double progress = 0;
  std::string status;
  int children = 0;
  int64_t coop = 0;
};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) {
    std::fprintf(stderr,
                 "usage: lantian_bench_tasks_seed --db PATH --admin-password PW [--units N>=3] [--users N] "
                 "[--tasks N] [--today YYYY-MM-DD]\n");
    return 2;
  }
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(a.admin_password, "admin")) {
    std::fprintf(stderr, "--admin-password %s\n", m->message.c_str());
    return 2;
  }
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (path.rfind("postgres", 0) != 0 && std::filesystem::exists(path)) {
    std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str());
    return 1;
  }
  auto now_tp = SystemClock().now();
  std::string now = format_utc(now_tp);
  if (a.today.empty()) a.today = format_shanghai(now_tp).substr(0, 10);
  auto today = parse_date(a.today);
  if (!today) return std::fprintf(stderr, "--today must be a date like 2017-12-20\n"), 2;
  const Date start = *today - std::chrono::days(90), end = *today + std::chrono::days(90);

  auto t_all = Steady::now();
  auto db = store::open_database(a.db);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(a.admin_password, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;

  // ---- the district, the campaign and its work areas ----
  auto t0 = Steady::now();
  bench::OrgSeedResult org;
  int64_t campaign_id = 0;
  std::vector<std::pair<int64_t, std::string>> areas;  // id, name
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(org, bench::seed_org(tx, {a.units, a.users}, *shared_hash, *admin_hash, now));
    Campaign c;
    c.name = "禹王台区秋冬季大气污染综合治理攻坚行动（基准测试）";
    c.start_date = day(start);
    c.end_date = day(end);
    c.jurisdiction_unit_id = org.root.id;
    c.office_unit_id = org.root.id;
    c.status = "active";
    LT_ASSIGN(c, store::campaigns::insert(tx, c, now));
    campaign_id = c.id;
    int order = 0;
    for (const auto& d : work_area_catalogue()) {
      WorkArea w;
      w.campaign_id = c.id;
      w.code = std::string(d.code);
      w.name = std::string(d.name_zh);
      w.sort_order = ++order;
      LT_ASSIGN(w, store::campaigns::insert_area(tx, w, now));
      areas.emplace_back(w.id, w.name);
    }
    return {};
  });
  if (!st.ok())
    return std::fprintf(stderr, "seeding the district failed: %s\n", st.error().message.c_str()), 1;
  double t_org = secs_since(t0);

  // ---- the task rows ----
  t0 = Steady::now();
  std::vector<Row> rows;
  rows.reserve(size_t(a.tasks));
  int64_t next_id = 1;
  const auto& level2 = org.root.children;
  const int kBatches = 3;
  auto deadline_in = [&](uint64_t h, Date latest, int spread) {
    Date d = latest - std::chrono::days(int(h % uint64_t(spread)));
    return std::max(d, start + std::chrono::days(7));
  };
  // Status and roll-up from the deadline, by a hash of the row.
  auto settle = [&](Row& r, uint64_t h) {
    int pct = int(h % 100);
    bool due = r.deadline < a.today;
    if (due) {
      if (pct < 24)
        r.status = pct < 2 ? "returned" : (pct < 4 ? "not_started" : "in_progress");
      else
        r.status = pct < 70 ? "accepted" : "completed";
    } else {
      r.status = pct < 12 ? "completed" : (pct < 60 ? "in_progress" : "not_started");
    }
    bool done = r.status == "completed" || r.status == "accepted";
    r.progress = done ? 1.0 : (r.status == "not_started" ? 0.0 : double((h >> 8) % 90) / 100.0);
    if (r.target >= 0) r.achieved = done ? r.target : std::floor(r.target * r.progress);
  };
  // Top-level and depth-1 rows first (their count is fixed by the shape),
  // then depth-2 rows spread over the depth-1 ones until --tasks is reached.
  std::vector<size_t> depth1;
  std::map<int64_t, int64_t> user_tasks;
  for (size_t i = 0; i < level2.size() && int64_t(rows.size()) < a.tasks; ++i) {
    const auto& l2 = level2[i];
    int64_t officer = l2.users.size() > 4 ? l2.users[4] : (l2.users.empty() ? 0 : l2.users[0]);
    std::string officer_name =
        l2.users.size() > 4 ? l2.user_names[4] : (l2.users.empty() ? "" : l2.user_names[0]);
    for (size_t ai = 0; ai < areas.size(); ++ai) {
      for (int b = 0; b < kBatches && int64_t(rows.size()) < a.tasks; ++b) {
        uint64_t h = mix(uint64_t(next_id));
        Row top;
        top.id = next_id++;
        top.path = "/" + std::to_string(top.id) + "/";
        top.code = std::to_string(ai + 1) + "." + std::to_string(b + 1);
        top.title = areas[ai].second + "（" + l2.name + "·第" + std::to_string(b + 1) + "批）";
        top.area = areas[ai].first;
        top.owner = l2.id;
        top.owner_path = l2.path;
        top.lead = org.root.id;
        top.lead_path = org.root.path;
        top.leader_name = l2.name + "主要负责人";
        if (!l2.users.empty()) top.user = l2.users[0], top.user_name = l2.user_names[0];
        top.start = day(start);
        top.deadline = day(deadline_in(h, end, 150));
        top.measure = "家";
        top.target = 0;
        if ((i * areas.size() * kBatches + ai * kBatches + size_t(b)) % 20 == 0 && level2.size() > 1)
          top.coop = level2[(i + 1) % level2.size()].id;
        size_t top_index = rows.size();
        rows.push_back(top);
        Date top_deadline = *parse_date(top.deadline);
        for (const auto& v : l2.children) {
          if (int64_t(rows.size()) >= a.tasks) break;
          uint64_t hc = mix(uint64_t(next_id));
          Row c;
          c.id = next_id++;
          c.parent = top.id;
          c.path = top.path + std::to_string(c.id) + "/";
          c.depth = 1;
          c.code = top.code + "." + std::to_string(rows[top_index].children + 1);
          c.title = areas[ai].second + "（" + v.name + "）";
          c.area = top.area;
          c.owner = v.id;
          c.owner_path = v.path;
          c.lead = l2.id;
          c.lead_path = l2.path;
          c.leader_name = v.name + "党支部书记";
          c.user = officer;
          c.user_name = officer_name;
          c.start = top.start;
          c.deadline = day(deadline_in(hc, top_deadline, 10));
          c.measure = "家";
          c.target = double(1 + hc % 9);
          rows[top_index].target += c.target;
          rows[top_index].children++;
          settle(c, hc);
          if (b < kBatches - 1) depth1.push_back(rows.size());  // the last batch stays two levels deep
          rows.push_back(c);
        }
        settle(rows[top_index], h);
      }
    }
  }
  // Depth 2: round-robin over the depth-1 tasks.
  size_t remaining = a.tasks > int64_t(rows.size()) ? size_t(a.tasks) - rows.size() : 0;
  for (size_t k = 0; k < remaining && !depth1.empty(); ++k) {
    size_t pi = depth1[k % depth1.size()];
    Row& p = rows[pi];
    uint64_t h = mix(uint64_t(next_id));
    Row g;
    g.id = next_id++;
    g.parent = p.id;
    g.path = p.path + std::to_string(g.id) + "/";
    g.depth = 2;
    g.code = p.code + "." + std::to_string(p.children + 1);
    g.title = p.title + "·子项" + std::to_string(p.children + 1);
    g.area = p.area;
    g.owner = p.owner;
    g.owner_path = p.owner_path;
    g.lead = p.owner;
    g.lead_path = p.owner_path;
    g.leader_name = p.leader_name;
    g.start = p.start;
    g.deadline = day(deadline_in(h, *parse_date(p.deadline), 5));
    settle(g, h);
    p.children++;
    rows.push_back(g);
  }
  // Depth-2 rows belong to the village's own users.
  std::map<int64_t, const bench::SeededUnit*> villages;
  for (const auto& l2 : level2)
    for (const auto& v : l2.children) villages[v.id] = &v;
  for (auto& r : rows) {
    if (r.depth != 2) continue;
    const auto* v = villages.at(r.owner);
    if (v->users.empty()) continue;
    size_t u = size_t(mix(uint64_t(r.id) * 7) % v->users.size());
    r.user = v->users[u];
    r.user_name = v->user_names[u];
  }
  for (const auto& r : rows)
    if (r.user) user_tasks[r.user]++;

  // ---- insert, in transactions of about 25,000 rows ----
  const std::string sql =
      "INSERT INTO tasks (id, campaign_id, work_area_id, parent_id, path, depth, code, title, description, "
      "owner_unit_id, owner_unit_path, lead_unit_id, lead_unit_path, responsible_leader_name, "
      "responsible_user_id, responsible_person_name, start_date, deadline, measure_unit, target_value, "
      "achieved_value, weight, progress, status, assigned_at, completed_at, accepted_at, last_report_at, "
      "child_count, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, '', $9, $10, "
      "$11, $12, $13, $14, $15, $16, $17, $18, $19, $20, 1, $21, $22, $23, $24, $25, $26, $27, 1, $23, $23)";
  const size_t kChunk = 25000;
  for (size_t from = 0; from < rows.size(); from += kChunk) {
    st = (*db)->write([&](store::Tx& tx) -> Status {
      for (size_t i = from; i < std::min(rows.size(), from + kChunk); ++i) {
        const Row& r = rows[i];
        bool done = r.status == "completed" || r.status == "accepted";
        Value none(nullptr);
        LT_TRY(tx.exec(sql, {r.id,
                             campaign_id,
                             r.area,
                             r.parent ? Value(r.parent) : none,
                             r.path,
                             int64_t(r.depth),
                             r.code,
                             r.title,
                             r.owner,
                             r.owner_path,
                             r.lead,
                             r.lead_path,
                             r.leader_name,
                             r.user ? Value(r.user) : none,
                             r.user_name,
                             r.start,
                             r.deadline,
                             r.measure,
                             r.target >= 0 ? Value(r.target) : none,
                             r.achieved,
                             r.progress,
                             r.status,
                             now,
                             done ? Value(now) : none,
                             r.status == "accepted" ? Value(now) : none,
                             r.status != "not_started" ? Value(now) : none,
                             int64_t(r.children)}));
        if (r.coop)
          LT_TRY(tx.exec("INSERT INTO task_cooperating_units (task_id, unit_id) VALUES ($1, $2)",
                         {r.id, r.coop}));
      }
      return {};
    });
    if (!st.ok()) return std::fprintf(stderr, "inserting tasks failed: %s\n", st.error().message.c_str()), 1;
  }
  // Who sees which task (task_scopes), as tasks::insert would keep it.
  st = (*db)->write([&](store::Tx& tx) -> Status { return store::tasks::refresh_all_scopes(tx); });
  if (!st.ok()) return std::fprintf(stderr, "task scopes failed: %s\n", st.error().message.c_str()), 1;
  if ((*db)->backend() == "postgres") {
    // Explicit ids leave the BIGSERIAL sequence behind.
    st = (*db)->write([&](store::Tx& tx) -> Status {
      LT_TRY(
          tx.query("SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT MAX(id) FROM tasks))", {}));
      // Autovacuum would analyze the new rows shortly; do it now. (SQLite
      // gets no ANALYZE: the server never runs one either.)
      LT_TRY(tx.exec("ANALYZE", {}));
      return {};
    });
    if (!st.ok()) return std::fprintf(stderr, "after insert: %s\n", st.error().message.c_str()), 1;
  }
  double t_tasks = secs_since(t0);

  // ---- what run_tasks.sh needs ----
  int64_t overdue = 0;
  std::map<std::string, int64_t> by_status;
  std::map<int64_t, int64_t> user_overdue, owner_tasks;
  for (const auto& r : rows) {
    by_status[r.status]++;
    owner_tasks[r.owner]++;
    if (is_overdue(r.status, r.deadline, a.today)) {
      overdue++;
      if (r.user) user_overdue[r.user]++;
    }
  }
  int64_t heavy = 0;
  for (const auto& [u, n] : user_tasks)
    if (!heavy || n > user_tasks[heavy]) heavy = u;
  // The unit to list: the village below the heavy user's level-2 unit with the most tasks.
  int64_t unit = 0;
  for (const auto& l2 : level2) {
    if (std::find(l2.users.begin(), l2.users.end(), heavy) == l2.users.end()) continue;
    for (const auto& v : l2.children)
      if (!unit || owner_tasks[v.id] > owner_tasks[unit]) unit = v.id;
  }
  std::string heavy_name, office_name;
  st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto u, store::users::get(tx, heavy));
    if (u) heavy_name = u->username;
    // A campaign office account (district-wide): the overdue list's reader.
    LT_ASSIGN(auto o, tx.query_one("SELECT username FROM users WHERE roles LIKE '%campaign_office%' AND "
                                   "disabled = 0 ORDER BY id LIMIT 1",
                                   {}));
    if (o) office_name = o->str(0);
    return {};
  });
  std::printf("seeded %s: %lld units, %lld users, campaign %lld (%s to %s, today %s), %zu tasks:",
              path.c_str(), (long long)org.units, (long long)org.users, (long long)campaign_id,
              day(start).c_str(), day(end).c_str(), a.today.c_str(), rows.size());
  for (const auto& [s, n] : by_status) std::printf(" %s=%lld", s.c_str(), (long long)n);
  std::printf("; overdue %lld (%.1f%%)\n", (long long)overdue,
              rows.empty() ? 0.0 : 100.0 * overdue / rows.size());
  std::printf("  timing: district %.3f s, tasks %.3f s, total %.3f s\n", t_org, t_tasks, secs_since(t_all));
  std::printf(
      "HEAVY_USER=%s\nHEAVY_USER_TASKS=%lld\nHEAVY_USER_OVERDUE=%lld\nUNIT_ID=%lld\nUNIT_TASKS=%lld\n",
      heavy_name.c_str(), (long long)user_tasks[heavy], (long long)user_overdue[heavy], (long long)unit,
      (long long)owner_tasks[unit]);
  std::printf("OFFICE_USER=%s\nOVERDUE=%lld\n", office_name.c_str(), (long long)overdue);
  std::printf("USER_PASSWORD=Bench#User-2026\n");
  return 0;
}
