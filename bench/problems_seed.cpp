// lantian_bench_problems_seed: a fresh database with the benchmark district
// of lantian_bench_seed (bench/org_seed.h: 1,000 units, 10,000 users) and N
// supervision problems (督办问题, issue 12), for bench/run_problems.sh. Not a
// product feature and not a test.
//
//   lantian_bench_problems_seed --db PATH --admin-password PW [--units 1000] [--users 10000]
//                               [--problems 100000] [--chunk 50000] [--status rectifying]
//                               [--type construction_dust]
//
// Problem n (id n+1, a hash of n, no randomness) was registered
// (730 - 730·n/N) days ago, so ids follow registration order and the newest
// problems are the most recent; its state follows its age: of problems
// younger than a month about 70 % are still open (registered, assigned,
// accepted, rectifying, extension requested), of those a year old 8 %, of
// older ones 2 %; the rest were reported and are being verified, or closed
// and looked back at (passed, rebound and referred), merged or dismissed.
// Sources, types and deadline kinds by plausible weights (the district's
// supervision group and the 12369 hotline most, the ministry least;
// scattered enterprises, construction dust and loose coal the commonest
// types); 95 % of assigned problems answer to a village or community, 5 % to a
// township or street office, every 20th has a cooperating township; the
// deadline is 5-60 days after assignment (a date, N working days or 立行立改),
// so open problems older than their deadline are overdue (about 7 % of
// all); escalation and look-back dates are set as the server's timers would
// have left them, so the server's first timer pass has nothing to do. 88 %
// have a point near their unit; hotline and public reports carry the
// reporter's contact.
//
// Bulk generator: problems go in by multi-row INSERTs (store::Fields::
// insert_rows, store::in_groups) with explicit ids, with their problem_scopes
// rows (every unit on the responsible unit's path and each cooperating
// unit's), in transactions of --chunk problems; then the number counters per
// (source, year), so registrations through the API number on. It bypasses
// ProblemService: NO audit entries, workflow events, files or notices.
//
// It prints what bench/run_problems.sh needs as KEY=VALUE lines: a campaign
// office account, the township with the most problems and its 环保专干,
// eight villages with their unit leader (each client of the transition run
// acts as one), the overdue count and the filtered list's parameters and
// counts (--status and --type in the township).
#include <algorithm>
#include <chrono>
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
#include "core/problem.h"
#include "core/problem_rules.h"
#include "core/workflows.h"
#include "org_seed.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/table.h"
#include "store/tables.h"

namespace {

using namespace lantian;
using Steady = std::chrono::steady_clock;

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

uint64_t mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

struct Args {
  std::string db;
  int units = 1000;
  int users = 10000;
  int64_t problems = 100000;
  int64_t chunk = 50000;
  std::string admin_password;
  std::string status = "rectifying";
  std::string type = "construction_dust";
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
    else if (k == "--problems")
      a->problems = std::atoll(v.c_str());
    else if (k == "--chunk")
      a->chunk = std::atoll(v.c_str());
    else if (k == "--admin-password")
      a->admin_password = v;
    else if (k == "--status")
      a->status = v;
    else if (k == "--type")
      a->type = v;
    else
      return false;
  }
  return !a->db.empty() && !a->admin_password.empty() && a->units >= 3 && a->users >= 100 &&
         a->problems >= 0 && a->chunk > 0;
}

// Picks from weighted names with u in [0, 1000).
template <size_t N>
const char* pick(const std::pair<const char*, int> (&w)[N], uint64_t u) {
  int total = 0;
  for (const auto& x : w) total += x.second;
  int at = int(u % uint64_t(total));
  for (const auto& x : w) {
    if (at < x.second) return x.first;
    at -= x.second;
  }
  return w[N - 1].first;
}

constexpr std::pair<const char*, int> kSources[] = {
    {"district", 34}, {"hotline", 20}, {"public", 9},          {"enhanced_inspection", 10},
    {"city", 8},      {"province", 5}, {"ministry_patrol", 4}, {"media", 3},
    {"inspection", 7}};
constexpr std::pair<const char*, int> kTypes[] = {
    {"scattered_enterprise", 16}, {"construction_dust", 15}, {"loose_coal", 12},     {"coal_boiler", 7},
    {"industrial_emission", 6},   {"vocs_emission", 7},      {"industrial_dust", 8}, {"vapour_recovery", 4},
    {"staggered_breach", 5},      {"emergency_breach", 5},   {"open_burning", 9},    {"other", 6}};
// Open states (problem.toml: open = true) and the rest, by weight.
constexpr std::pair<const char*, int> kOpen[] = {
    {"assigned", 14}, {"accepted", 10}, {"rectifying", 60}, {"extension_requested", 5}, {"registered", 3}};
constexpr std::pair<const char*, int> kPending[] = {{"reported", 6}, {"verifying", 4}};
constexpr std::pair<const char*, int> kDone[] = {
    {"lookback_passed", 86}, {"rebound", 2}, {"referred", 1}, {"merged", 4}, {"dismissed", 7}};

// What a problem looks like, by type: the kind of site and what was found.
struct TypeText {
  const char* type;
  const char* site;   // 加工厂, 工地, ...
  const char* found;  // 的问题
  const char* standard;
};
constexpr TypeText kTexts[] = {
    {"scattered_enterprise", "塑料颗粒加工点", "未办理环评手续，露天生产，无污染治理设施",
     "依法取缔，做到“两断三清”"},
    {"construction_dust", "建筑工地", "土方未覆盖，出入车辆未冲洗，道路扬尘明显",
     "落实“六个百分之百”扬尘防治措施"},
    {"loose_coal", "居民户", "冬季使用散煤取暖", "完成双替代改造，清零散煤"},
    {"coal_boiler", "洗浴中心", "仍在使用2蒸吨燃煤锅炉", "拆除燃煤锅炉或改用清洁能源"},
    {"industrial_emission", "铸造厂", "在线监测颗粒物浓度超标", "停产整治，达标排放"},
    {"vocs_emission", "家具厂", "喷漆工序无收集治理设施", "密闭收集，安装VOCs治理设施"},
    {"industrial_dust", "建材厂", "物料露天堆放未苫盖", "物料入棚入仓，道路硬化并洒水"},
    {"vapour_recovery", "加油站", "油气回收装置未正常运行", "修复油气回收装置并检测合格"},
    {"staggered_breach", "砖瓦厂", "错峰生产期间违规生产", "立即停产，落实错峰生产要求"},
    {"emergency_breach", "混凝土搅拌站", "重污染天气预警期间未落实应急减排措施", "按应急预案停产限产"},
    {"open_burning", "农田", "露天焚烧秸秆和垃圾", "立即扑灭，清理焚烧残留物"},
    {"other", "餐饮店", "油烟净化设施未运行", "修复油烟净化设施并定期清洗"}};
const TypeText& text_of(const std::string& type) {
  for (const auto& t : kTexts)
    if (type == t.type) return t;
  return kTexts[std::size(kTexts) - 1];
}
const char* kOwnerWords[] = {"鑫源", "宏达", "永兴", "金盛", "华丰", "顺发", "利民", "恒通",
                             "新兴", "汇丰", "福源", "昌盛", "瑞祥", "天成", "广源", "兴旺"};
const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马"};

std::string pad(int64_t n, int width) {
  std::string s = std::to_string(n);
  return s.size() >= size_t(width) ? s : std::string(size_t(width) - s.size(), '0') + s;
}

struct Place {
  const bench::SeededUnit* unit;
  size_t township;  // index into the level-2 units
  double lng, lat;  // the unit's centre
};

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) {
    std::fprintf(
        stderr,
        "usage: lantian_bench_problems_seed --db PATH --admin-password PW [--units N>=3] [--users N>=100] "
        "[--problems N] [--chunk N] [--status S] [--type T]\n");
    return 2;
  }
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(a.admin_password, "admin")) {
    std::fprintf(stderr, "--admin-password %s\n", m->message.c_str());
    return 2;
  }
  const WorkflowDef& wf = problem_workflow();
  const ProblemRules& rules = problem_rules();
  if (!wf.state(a.status)) return std::fprintf(stderr, "--status: not a problem state\n"), 2;
  if (!rules.type(a.type)) return std::fprintf(stderr, "--type: not a problem type\n"), 2;
  for (const auto& s : kSources)
    if (!rules.source(s.first)) return std::fprintf(stderr, "source %s is not shipped\n", s.first), 1;
  for (const auto& t : kTypes)
    if (!rules.type(t.first)) return std::fprintf(stderr, "type %s is not shipped\n", t.first), 1;
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (path.rfind("postgres", 0) != 0 && std::filesystem::exists(path)) {
    std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str());
    return 1;
  }
  const TimePoint now_tp = SystemClock().now();
  const std::string now = format_utc(now_tp);
  const Date today = *parse_date(format_shanghai(now_tp).substr(0, 10));
  // Midnight, Beijing, today, as a UTC instant.
  const TimePoint today_start = *parse_time(format_date(today) + "T00:00:00+08:00");

  auto t_all = Steady::now();
  auto db = store::open_database(a.db);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(a.admin_password, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;

  // ---- the district ----
  auto t0 = Steady::now();
  bench::OrgSeedResult org;
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(org, bench::seed_org(tx, {a.units, a.users}, *shared_hash, *admin_hash, now));
    return {};
  });
  if (!st.ok())
    return std::fprintf(stderr, "seeding the district failed: %s\n", st.error().message.c_str()), 1;
  double t_org = secs_since(t0);

  // The office's users (registrars, verifiers) and where problems go.
  std::vector<int64_t> office;
  std::string office_name;
  st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto rows, tx.query("SELECT id, username FROM users WHERE roles LIKE '%campaign_office%' AND "
                                  "disabled = 0 ORDER BY id",
                                  {}));
    for (auto& r : rows.rows) {
      office.push_back(r.i64(0));
      if (office_name.empty()) office_name = r.str(1);
    }
    return {};
  });
  if (!st.ok() || office.empty()) return std::fprintf(stderr, "no campaign office users\n"), 1;
  const auto& level2 = org.root.children;
  std::vector<Place> villages, townships;
  for (size_t i = 0; i < level2.size(); ++i) {
    // A township's centre within ~10 km of the district's (开封 禹王台区), its villages within ~2 km of it.
    uint64_t h = mix(1000 + i);
    double tl = 114.35 + (double(h % 2000) / 1000.0 - 1.0) * 0.10;
    double tb = 34.78 + (double((h >> 20) % 2000) / 1000.0 - 1.0) * 0.08;
    townships.push_back({&level2[i], i, tl, tb});
    for (size_t v = 0; v < level2[i].children.size(); ++v) {
      uint64_t hv = mix(100000 + i * 1000 + v);
      villages.push_back({&level2[i].children[v], i, tl + (double(hv % 2000) / 1000.0 - 1.0) * 0.02,
                          tb + (double((hv >> 20) % 2000) / 1000.0 - 1.0) * 0.016});
    }
  }

  // ---- the problems, in transactions of --chunk ----
  const auto& T = store::tables::problems;
  const auto& S = store::tables::problem_scopes;
  const int64_t N = a.problems;
  std::map<std::pair<std::string, int>, int64_t> counters;
  std::map<std::string, int64_t> by_status;
  std::vector<int64_t> township_problems(level2.size()), township_matches(level2.size());
  int64_t overdue = 0, district_matches = 0, located = 0, scope_rows = 0;
  const auto open_states = wf.open_states();
  auto is_open = [&](const std::string& s) {
    return std::find(open_states.begin(), open_states.end(), s) != open_states.end();
  };
  t0 = Steady::now();
  for (int64_t from = 0; from < N; from += a.chunk) {
    auto tc = Steady::now();
    const int64_t to = std::min(N, from + a.chunk);
    st = (*db)->write([&](store::Tx& tx) -> Status {
      std::vector<store::Fields> rows;
      std::vector<store::Fields> scopes;
      rows.reserve(size_t(to - from));
      for (int64_t n = from; n < to; ++n) {
        const int64_t id = n + 1;
        uint64_t h = mix(uint64_t(n) * 7 + 3), h2 = mix(uint64_t(n) * 7 + 4), h3 = mix(uint64_t(n) * 7 + 5);
        // Age in days (730 for the first, 0 for the last) and the instant it was registered.
        const int age = int(730 - (730 * n) / std::max<int64_t>(1, N));
        const TimePoint created =
            today_start - std::chrono::days(age) + std::chrono::seconds(8 * 3600 + int(h % 36000));
        const std::string created_at = format_utc(std::min(created, now_tp - std::chrono::seconds(60)));
        const std::string source = pick(kSources, h >> 8);
        const std::string type = pick(kTypes, h >> 24);
        // The state by age.
        int open_pct = age < 30 ? 70 : age < 90 ? 35 : age < 365 ? 8 : 2;
        std::string status;
        const uint64_t u = (h2 >> 4) % 100;
        if (age < 3)
          status = u < 50 ? "registered" : u < 85 ? "assigned" : "accepted";
        else if (int(u) < open_pct)
          status = pick(kOpen, h2 >> 12);
        else if (int(u) < open_pct + 6)
          status = pick(kPending, h2 >> 12);
        else
          status = pick(kDone, h2 >> 12);
        // Responsibility: none while registered (and for most dismissed ones).
        const bool assigned = status != "registered" && status != "dismissed";
        const Place& village = villages[(h3 >> 3) % villages.size()];
        const Place& place = (h3 >> 40) % 100 < 5 ? townships[village.township] : village;
        const TypeText& tt = text_of(type);
        const std::string owner = std::string(kOwnerWords[(h3 >> 11) % std::size(kOwnerWords)]);
        const std::string site = type == "loose_coal"
                                     ? std::string(kSurnames[(h3 >> 17) % std::size(kSurnames)]) + "某某家"
                                     : place.unit->name + owner + tt.site;
        const bool at_village = place.unit != &level2[place.township];
        const std::string address = level2[place.township].name + (at_village ? place.unit->name : "") +
                                    std::to_string(1 + (h3 >> 23) % 300) + "号";
        store::Fields& f = rows.emplace_back(T);
        const int year = std::stoi(format_shanghai(created).substr(0, 4));
        const int64_t seq = ++counters[{source, year}];
        f.set(T["id"], id)
            .set(T["number"], format_problem_number(*rules.source(source), year, seq))
            .set(T["year"], int64_t(year))
            .set(T["seq"], seq)
            .set(T["source"], source)
            .set(T["problem_type"], type)
            .set(T["status"], status)
            .set(T["title"], site + std::string(tt.found).substr(0, std::string(tt.found).find("，")))
            .set(T["description"], std::string("经") + rules.source(source)->label.zh + "发现，" + site +
                                       tt.found + "，群众反映强烈，请属地立即核查整改。")
            .set(T["standard"], assigned ? std::string(tt.standard) : std::string())
            .set(T["disposition"], std::string(type == "scattered_enterprise" ? "ban" : "rectify"))
            .set(T["enterprise_id"], nullptr)
            .set(T["ledger_row_id"], nullptr)
            .set(T["inspection_id"], nullptr)
            .set(T["site"], site)
            .set(T["address"], address);
        if ((h >> 56) % 100 < 85) {
          ++located;
          const LngLat at{place.lng + (double((h3 >> 29) % 1000) / 1000.0 - 0.5) * 0.006,
                          place.lat + (double((h3 >> 39) % 1000) / 1000.0 - 0.5) * 0.005};
          f.set(T["lng"], at.lng).set(T["lat"], at.lat).set(T["place_cell"], place_cell(at));
        } else {
          f.set(T["lng"], nullptr).set(T["lat"], nullptr).set(T["place_cell"], nullptr);
        }
        // Assignment: a day or two after registration; the deadline 5-60 days on.
        const Date reg_day = today - std::chrono::days(age);
        const Date assigned_day = reg_day + std::chrono::days(std::min<int>(age, int(h2 >> 40) % 3));
        std::string deadline, deadline_kind = "date", assigned_at, closed_at, lookback_due, verified_at;
        int64_t deadline_days = 0, escalation = 0;
        std::vector<int64_t> coop;
        if (assigned) {
          uint64_t k = (h2 >> 44) % 100;
          int days = 5 + int((h2 >> 50) % 56);
          if (k < 5) {
            deadline_kind = "immediate";
            days = 0;
          } else if (k < 20) {
            deadline_kind = "working_days";
            deadline_days = 5 * (1 + int((h2 >> 52) % 3));
            days = int(deadline_days) * 7 / 5;  // about; the seeder does not consult the holidays
          }
          deadline = format_date(assigned_day + std::chrono::days(days));
          assigned_at = format_utc(*parse_time(format_date(assigned_day) + "T10:30:00+08:00"));
          if (assigned_at > now) assigned_at = now;
          if (n % 20 == 7) coop.push_back(level2[(village.township + 1 + (h3 >> 50) % 5) % level2.size()].id);
          if (is_open(status) && deadline < format_date(today)) {
            ++overdue;
            const int late_days = int((today - *parse_date(deadline)).count());
            escalation = int64_t(rules.step_for(late_days));
          }
        }
        const bool done = status == "lookback_passed" || status == "rebound" || status == "referred";
        const bool verified = done;
        if (verified) {
          // Closed some days after the deadline's half; looked back at 30-60 days later.
          Date closed_day = assigned_day + std::chrono::days(3 + int((h3 >> 5) % 40));
          if (closed_day > today) closed_day = today;
          closed_at = format_utc(*parse_time(format_date(closed_day) + "T15:00:00+08:00"));
          if (closed_at > now) closed_at = now;
          verified_at = closed_at;
          int lb = rules.lookback_days_for(source, type, 30);
          lookback_due = format_date(closed_day + std::chrono::days(lb));
          // Not yet looked back at: closed until the look-back falls due; of
          // those due in the last two weeks, a quarter wait for the office.
          if (lookback_due > format_date(today))
            status = "closed";
          else if (status == "lookback_passed" && lookback_due > format_date(today - std::chrono::days(14)) &&
                   (h3 >> 62) == 0)
            status = "lookback_due";
        }
        f.set(T["status"], status);
        if (assigned) {
          f.set(T["unit_id"], place.unit->id)
              .set(T["unit_path"], place.unit->path)
              .set(T["leader_party"], std::string(kSurnames[(h >> 3) % 12]) + "书记")
              .set(T["leader_government"], std::string(kSurnames[(h >> 7) % 12]) + "主任");
          const auto& users = place.unit->users;
          const size_t who = !at_village ? std::min<size_t>(4, users.size() - 1) : 0;
          if (!users.empty())
            f.set(T["person_id"], users[who]).set(T["person_name"], place.unit->user_names[who]);
          else
            f.set(T["person_id"], nullptr).set(T["person_name"], std::string());
        } else {
          f.set(T["unit_id"], nullptr)
              .set(T["unit_path"], std::string())
              .set(T["leader_party"], std::string())
              .set(T["leader_government"], std::string())
              .set(T["person_id"], nullptr)
              .set(T["person_name"], std::string());
        }
        std::string coop_json = "[";
        for (size_t i = 0; i < coop.size(); ++i) coop_json += (i ? "," : "") + std::to_string(coop[i]);
        coop_json += "]";
        const bool extended = status == "extension_requested" || (assigned && (h3 >> 58) % 20 == 0);
        const bool verifying = status == "verifying" || verified;
        const bool failed = verifying && (h3 >> 60) % 10 == 0;
        f.set(T["cooperating_units"], coop_json)
            .set(T["deadline_kind"], deadline_kind)
            .set(T["deadline_days"], deadline_days)
            .set(T["deadline"], deadline)
            .set(T["extension_until"], status == "extension_requested"
                                           ? format_date(*parse_date(deadline) + std::chrono::days(15))
                                           : std::string())
            .set(T["verifier_id"],
                 verifying ? store::Value(office[(h >> 13) % office.size()]) : store::Value(nullptr))
            // The office user who assigned it (承办人, migration 0021).
            .set(T["handler_id"],
                 deadline.empty() ? store::Value(nullptr) : store::Value(office[(h >> 19) % office.size()]))
            .set(T["parent_id"], n > 1000 && (h >> 33) % 100 == 0
                                     ? store::Value(id - 1 - int64_t((h >> 35) % 1000))
                                     : store::Value(nullptr))
            .set(T["merged_into_id"], status == "merged" && n > 10
                                          ? store::Value(id - 1 - int64_t((h >> 35) % 10))
                                          : store::Value(nullptr))
            .set(T["failed_verifications"], int64_t(failed ? 1 : 0))
            .set(T["extensions"], int64_t(extended && status != "extension_requested" ? 1 : 0))
            .set(T["escalation"], escalation)
            .set(T["lookback_due"], lookback_due);
        const bool citizen = source == "hotline" || source == "public";
        f.set(T["reporter_name"], citizen ? std::string(kSurnames[(h >> 21) % 12]) + "先生" : std::string())
            .set(T["reporter_phone"], citizen ? "139" + pad(int64_t(h % 100000000), 8) : std::string())
            .set(T["reporter_email"], std::string())
            .set(T["external_id"],
                 source == "hotline" ? "12369-" + std::to_string(year) + "-" + pad(seq, 6) : std::string())
            .set(T["created_by"], office[(h >> 17) % office.size()])
            .set(T["created_at"], created_at)
            .set(T["updated_at"], std::max({created_at, assigned_at, closed_at}))
            .set(T["assigned_at"], assigned_at)
            .set(T["closed_at"], closed_at);
        if (!verified_at.empty())
          f.set(T["verified_lng"], place.lng)
              .set(T["verified_lat"], place.lat)
              .set(T["verified_at"], verified_at);
        else
          f.set(T["verified_lng"], nullptr)
              .set(T["verified_lat"], nullptr)
              .set(T["verified_at"], std::string());
        f.set(T["version"],
              int64_t(1 + (assigned ? 1 : 0) + (status == "rectifying" ? 2 : 0) + (verified ? 5 : 0)));
        // Scope rows: every unit on the unit's path and on each cooperating unit's.
        if (assigned) {
          std::vector<int64_t> units;
          auto add_path = [&](const std::string& p) {
            for (size_t b = 1, e; (e = p.find('/', b)) != std::string::npos; b = e + 1)
              units.push_back(std::strtoll(p.substr(b, e - b).c_str(), nullptr, 10));
          };
          add_path(place.unit->path);
          for (int64_t c : coop)
            for (const auto& l2 : level2)
              if (l2.id == c) add_path(l2.path);
          std::sort(units.begin(), units.end());
          units.erase(std::unique(units.begin(), units.end()), units.end());
          for (int64_t unit : units) scopes.emplace_back(S).set(S["unit_id"], unit).set(S["problem_id"], id);
          scope_rows += int64_t(units.size());
          township_problems[place.township]++;
          if (status == a.status && type == a.type) {
            township_matches[place.township]++;
            district_matches++;
          }
        }
        by_status[status]++;
      }
      LT_TRY(store::in_groups(rows.size(), [&](size_t first, size_t count) -> Status {
        store::Statement s = store::Fields::insert_rows(std::span(rows).subspan(first, count));
        LT_TRY(tx.exec(s.sql, s.params));
        return {};
      }));
      LT_TRY(store::in_groups(scopes.size(), [&](size_t first, size_t count) -> Status {
        store::Statement s = store::Fields::insert_rows(std::span(scopes).subspan(first, count));
        LT_TRY(tx.exec(s.sql, s.params));
        return {};
      }));
      return {};
    });
    if (!st.ok())
      return std::fprintf(stderr, "inserting problems failed: %s\n", st.error().message.c_str()), 1;
    std::fprintf(stderr, "  %lld problems (%.1f s for this chunk)\n", (long long)to, secs_since(tc));
  }
  // The number counters (registrations through the API number on), and on
  // PostgreSQL the id sequence past the explicit ids.
  st = (*db)->write([&](store::Tx& tx) -> Status {
    for (const auto& [k, last] : counters)
      LT_TRY(tx.exec("INSERT INTO problem_number_counters (source, year, last_seq) VALUES ($1, $2, $3)",
                     {k.first, int64_t(k.second), last}));
    if ((*db)->backend() == "postgres" && N > 0)
      LT_TRY(tx.query("SELECT setval(pg_get_serial_sequence('problems', 'id'), $1)", {N}));
    return {};
  });
  if (!st.ok()) return std::fprintf(stderr, "counters: %s\n", st.error().message.c_str()), 1;
  double t_rows = secs_since(t0);
  double t_analyze = 0;
  if ((*db)->backend() == "postgres" && N > 0) {
    t0 = Steady::now();
    st = (*db)->write([&](store::Tx& tx) -> Status {
      LT_TRY(tx.exec("ANALYZE", {}));
      return {};
    });
    if (!st.ok()) return std::fprintf(stderr, "analyze: %s\n", st.error().message.c_str()), 1;
    t_analyze = secs_since(t0);
  }

  // ---- what run_problems.sh needs ----
  size_t heavy = 0;
  for (size_t i = 0; i < level2.size(); ++i)
    if (township_problems[i] > township_problems[heavy]) heavy = i;
  const auto& l2 = level2[heavy];
  const int64_t township_user = l2.users.size() > 4 ? l2.users[4] : l2.users.at(0);
  std::string township_user_name;
  // Eight villages (of different townships where there are enough) with their unit leaders.
  std::vector<std::pair<int64_t, int64_t>> clients;  // unit id, user id
  for (size_t i = 0; clients.size() < 8 && i < villages.size() * 2; ++i) {
    const auto& t = level2[i % level2.size()];
    const size_t v = i / level2.size();
    if (v >= t.children.size() || t.children[v].users.empty()) continue;
    clients.emplace_back(t.children[v].id, t.children[v].users[0]);
  }
  std::vector<std::string> client_names;
  st = (*db)->read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto u, tx.query_one("SELECT username FROM users WHERE id = $1", {township_user}));
    if (u) township_user_name = u->str(0);
    for (const auto& c : clients) {
      LT_ASSIGN(auto r, tx.query_one("SELECT username FROM users WHERE id = $1", {c.second}));
      client_names.push_back(r ? r->str(0) : "");
    }
    return {};
  });
  if (!st.ok()) return std::fprintf(stderr, "reading users: %s\n", st.error().message.c_str()), 1;

  std::printf("seeded %s: %lld units (%zu townships/street offices), %lld users, %lld problems:",
              path.c_str(), (long long)org.units, level2.size(), (long long)org.users, (long long)N);
  for (const auto& s : wf.states) std::printf(" %s=%lld", s.name.c_str(), (long long)by_status[s.name]);
  std::printf("; %lld overdue, %lld located, %lld scope rows\n", (long long)overdue, (long long)located,
              (long long)scope_rows);
  std::printf("  timing: district %.3f s, problems %.3f s, analyze %.3f s, total %.3f s\n", t_org, t_rows,
              t_analyze, secs_since(t_all));
  std::printf("TOWNSHIP=%s\nTOWNSHIP_ID=%lld\nTOWNSHIP_PROBLEMS=%lld\nTOWNSHIP_USER=%s\nOFFICE_USER=%s\n",
              l2.name.c_str(), (long long)l2.id, (long long)township_problems[heavy],
              township_user_name.c_str(), office_name.c_str());
  std::printf(
      "FILTER_STATUS=%s\nFILTER_TYPE=%s\nTOWNSHIP_MATCHES=%lld\nDISTRICT_MATCHES=%lld\nOVERDUE=%lld\n",
      a.status.c_str(), a.type.c_str(), (long long)township_matches[heavy], (long long)district_matches,
      (long long)overdue);
  std::string units, users;
  for (size_t i = 0; i < clients.size(); ++i) {
    units += (i ? " " : "") + std::to_string(clients[i].first);
    users += (i ? " " : "") + client_names[i];
  }
  std::printf("CLIENT_UNITS=%s\nCLIENT_USERS=%s\n", units.c_str(), users.c_str());
  std::printf("PROBLEMS=%lld\nUSER_PASSWORD=Bench#User-2026\n", (long long)N);
  return 0;
}
