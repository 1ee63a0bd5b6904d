// lantian_bench_seed: fills a fresh SQLite database with a synthetic district
// for benchmarks (bench/run.sh). Not a product feature and not a test.
//
//   lantian_bench_seed --db PATH [--units 1000] [--users 10000] --admin-password PW
//
// Shape (deterministic, no randomness): one district root (区政府); under it
// level-2 units, a third of them street offices (街道办事处) with few
// communities and the rest townships (乡镇) with many villages; level-3
// villages (村) / communities (社区) fill the rest of --units. Users: a few
// district-wide accounts (campaign_office, inspector, viewer) at the root, a
// six-person leadership team per level-2 unit, the remainder spread evenly
// over the villages and communities (first one of each is the unit_leader),
// about 2% disabled. Plus `admin` (role admin, at the root) with the given
// password hashed normally.
//
// This is a bulk generator: it writes through the store repositories
// (store::units::insert, store::users::insert) in ONE write transaction and
// deliberately bypasses the app services, so it records NO audit entries and
// skips per-user password hashing: every generated user shares one
// precomputed fast argon2id hash (hash_password(pw, true)).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/model.h"
#include "core/password_policy.h"
#include "store/db.h"
#include "store/migrations.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace {

using namespace lantian;
using Steady = std::chrono::steady_clock;

double secs_since(Steady::time_point t0) { return std::chrono::duration<double>(Steady::now() - t0).count(); }

struct Syllable {
  const char* zh;
  const char* py;
};

// Common surnames and given-name characters, with pinyin for usernames.
const Syllable kSurnames[] = {
    {"王", "wang"},  {"李", "li"},    {"张", "zhang"}, {"刘", "liu"},   {"陈", "chen"},  {"杨", "yang"},
    {"黄", "huang"}, {"赵", "zhao"},  {"吴", "wu"},    {"周", "zhou"},  {"徐", "xu"},    {"孙", "sun"},
    {"马", "ma"},    {"朱", "zhu"},   {"胡", "hu"},    {"郭", "guo"},   {"何", "he"},    {"高", "gao"},
    {"林", "lin"},   {"罗", "luo"},   {"郑", "zheng"}, {"梁", "liang"}, {"谢", "xie"},   {"宋", "song"},
    {"唐", "tang"},  {"许", "xu"},    {"韩", "han"},   {"冯", "feng"},  {"邓", "deng"},  {"曹", "cao"},
    {"彭", "peng"},  {"曾", "zeng"},  {"肖", "xiao"},  {"田", "tian"},  {"董", "dong"},  {"袁", "yuan"},
    {"潘", "pan"},   {"于", "yu"},    {"蒋", "jiang"}, {"蔡", "cai"},   {"余", "yu"},    {"杜", "du"},
    {"叶", "ye"},    {"程", "cheng"}, {"苏", "su"},    {"魏", "wei"},   {"吕", "lv"},    {"丁", "ding"},
    {"任", "ren"},   {"沈", "shen"},  {"姚", "yao"},   {"卢", "lu"},    {"姜", "jiang"}, {"崔", "cui"},
    {"钟", "zhong"}, {"谭", "tan"},   {"陆", "lu"},    {"汪", "wang"},  {"范", "fan"},   {"金", "jin"},
    {"石", "shi"},   {"廖", "liao"},  {"贾", "jia"},   {"夏", "xia"},   {"付", "fu"},    {"方", "fang"},
    {"白", "bai"},   {"邹", "zou"},   {"孟", "meng"},  {"秦", "qin"},   {"侯", "hou"},   {"史", "shi"},
};
const Syllable kGiven[] = {
    {"伟", "wei"},   {"芳", "fang"}, {"娜", "na"},   {"敏", "min"},  {"静", "jing"}, {"丽", "li"},
    {"强", "qiang"}, {"磊", "lei"},  {"军", "jun"},  {"洋", "yang"}, {"勇", "yong"}, {"艳", "yan"},
    {"杰", "jie"},   {"娟", "juan"}, {"涛", "tao"},  {"明", "ming"}, {"超", "chao"}, {"秀", "xiu"},
    {"霞", "xia"},   {"平", "ping"}, {"刚", "gang"}, {"桂", "gui"},  {"英", "ying"}, {"华", "hua"},
    {"建", "jian"},  {"国", "guo"},  {"红", "hong"}, {"志", "zhi"},  {"文", "wen"},  {"玉", "yu"},
    {"兰", "lan"},   {"海", "hai"},  {"鹏", "peng"}, {"辉", "hui"},  {"斌", "bin"},  {"婷", "ting"},
    {"浩", "hao"},   {"宇", "yu"},   {"鑫", "xin"},  {"晨", "chen"}, {"博", "bo"},   {"欣", "xin"},
    {"佳", "jia"},   {"俊", "jun"},  {"峰", "feng"}, {"梅", "mei"},  {"琳", "lin"},  {"云", "yun"},
};
constexpr size_t kNS = std::size(kSurnames), kNG = std::size(kGiven);

// Level-2 place names: urban street offices and rural townships.
const char* kStreets[] = {"三里堡", "新门关", "繁塔",   "官坊",   "菜市",   "相国寺", "州桥",
                          "曹门",   "宋门",   "大南门", "北道门", "西司门", "演武厅", "铁塔"};
const char* kTowns[] = {"南郊", "汪屯",   "杏花营", "水稻", "袁坊", "西姜寨", "仙人庄", "柳园口",
                        "刘店", "土柏岗", "八里湾", "陈留", "曲兴", "朱仙",   "范村",   "东郊"};
// Village names are prefix + clan + suffix (12*12*6 = 864 distinct per parent).
const char* kVPrefix[] = {"东", "西", "南", "北", "前", "后", "大", "小", "新", "老", "上", "下"};
const char* kVClan[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "孙", "马"};
const char* kVSuffix[] = {"庄村", "营村", "寨村", "屯村", "楼村", "岗村"};
const char* kCFirst[] = {"和平", "幸福", "光明", "建设", "胜利", "团结",
                         "文化", "新华", "振兴", "阳光", "锦绣", "春晖"};
const char* kCSecond[] = {"里社区", "路社区", "苑社区", "园社区", "街社区", "东社区"};

struct Args {
  std::string db;
  int units = 1000;
  int users = 10000;
  std::string admin_password;
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
    else if (k == "--admin-password")
      a->admin_password = v;
    else
      return false;
  }
  return !a->db.empty() && !a->admin_password.empty() && a->units >= 3 && a->users >= 0;
}

std::string pad(int n, int width) {
  std::string s = std::to_string(n);
  return s.size() >= size_t(width) ? s : std::string(size_t(width) - s.size(), '0') + s;
}

// Deterministic plausible person k: name, username, mobile phone.
struct PersonGen {
  std::string name, username, phone;
};
PersonGen person(int k) {
  // Mix the index so neighbours do not share a surname.
  uint64_t h = uint64_t(k) * 2654435761u + 12345;
  const Syllable& s = kSurnames[h % kNS];
  const Syllable& g1 = kGiven[(h / kNS) % kNG];
  bool two = (h / (kNS * kNG)) % 3 != 0;  // two-character given names are more common
  const Syllable& g2 = kGiven[(h / (kNS * kNG * 3)) % kNG];
  PersonGen p;
  p.name = std::string(s.zh) + g1.zh + (two ? g2.zh : "");
  p.username = std::string(s.py) + g1.py + (two ? g2.py : "") + pad(k, 5);
  static const char* kPrefixes[] = {"138", "139", "137", "135", "150", "151", "158", "186", "187", "133"};
  p.phone = std::string(kPrefixes[h % 10]) + pad(int((h / 10 + uint64_t(k) * 7919) % 100000000), 8);
  return p;
}

Person person_ref(int k) {
  auto p = person(k);
  return {p.name, p.phone};
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  if (!parse_args(argc, argv, &a)) {
    std::fprintf(stderr,
                 "usage: lantian_bench_seed --db PATH [--units N>=3] [--users N] --admin-password PW\n");
    return 2;
  }
  if (!crypto_init()) return std::fprintf(stderr, "libsodium failed to initialise\n"), 1;
  if (auto m = check_password_policy(a.admin_password, "admin")) {
    std::fprintf(stderr, "--admin-password %s\n", m->c_str());
    return 2;
  }
  std::string path = a.db.rfind("sqlite:", 0) == 0 ? a.db.substr(7) : a.db;
  if (std::filesystem::exists(path)) {
    std::fprintf(stderr, "%s exists; the seeder only fills a fresh database\n", path.c_str());
    return 1;
  }

  auto t_all = Steady::now();
  auto t0 = Steady::now();
  auto db = store::open_database(a.db);
  if (!db.ok()) return std::fprintf(stderr, "open: %s\n", db.error().message.c_str()), 1;
  auto applied = store::migrate(**db);
  if (!applied.ok()) return std::fprintf(stderr, "migrate: %s\n", applied.error().message.c_str()), 1;
  double t_migrate = secs_since(t0);

  t0 = Steady::now();
  auto shared_hash = hash_password("Bench#User-2026", true);
  auto admin_hash = hash_password(a.admin_password, false);
  if (!shared_hash.ok() || !admin_hash.ok()) return std::fprintf(stderr, "hashing failed\n"), 1;
  double t_hash = secs_since(t0);

  // Tree shape: level2 = units/55 (18 for 1000), a third street offices.
  const int level2 = std::max(1, a.units / 55);
  const int level3 = a.units - 1 - level2;
  const int streets = level2 / 3;
  std::vector<int> children(size_t(level2), 0);
  int used = 0;
  for (int i = 0; i < streets; ++i) used += children[size_t(i)] = 3 + 2 * i;  // 3, 5, 7, ... communities
  if (used > level3) {  // tiny --units: spread evenly instead
    used = 0;
    for (int i = 0; i < level2; ++i) used += children[size_t(i)] = level3 / level2 + (i < level3 % level2);
  } else {
    // Townships share the rest, +-20% around the mean, the last one absorbs rounding.
    int towns = level2 - streets, rest = level3 - used;
    for (int i = streets; i < level2; ++i) {
      int j = i - streets;
      int mean = rest / towns;
      int n = (i == level2 - 1) ? level3 - used : std::max(1, mean + (mean * ((j * 7) % 9 - 4)) / 20);
      children[size_t(i)] = n;
      used += n;
    }
  }

  const int district_users = std::max(0, std::min(a.users, a.users / 100));  // 1% district-wide
  const int team = 6;
  const int level2_users = std::min(a.users - district_users, team * level2);
  const int leaf_users = a.users - district_users - level2_users;

  std::string now = format_utc(SystemClock().now());
  int64_t n_units = 0, n_users = 0, n_disabled = 0;
  int64_t root_id = 0;
  std::vector<std::pair<std::string, int>> level2_summary;  // name, users in subtree
  int person_k = 0;

  auto add_user = [&](store::Tx& tx, int64_t unit_id, const std::string& role,
                      const std::string& position) -> Status {
    auto p = person(++person_k);
    User u;
    u.username = p.username;
    u.name = p.name;
    u.phone = p.phone;
    u.unit_id = unit_id;
    u.position = position;
    u.roles = {role};
    u.password_hash = *shared_hash;
    LT_ASSIGN(auto created, store::users::insert(tx, u, now));
    // About 2% disabled (left the post), as in real data; set through the
    // repository's update so no raw SQL touches the table.
    if (person_k % 50 == 17) {
      created.disabled = true;
      LT_ASSIGN(bool ok, store::users::update(tx, created, now));
      if (!ok) return Error::internal("could not disable a fresh user");
      n_disabled++;
    }
    n_users++;
    return {};
  };

  t0 = Steady::now();
  Status st = (*db)->write([&](store::Tx& tx) -> Status {
    Unit root;
    root.name = "禹王台区人民政府";
    root.kind = "district_government";
    root.division_code = "410205";
    root.party_secretary = person_ref(900001);
    root.government_head = person_ref(900002);
    LT_ASSIGN(root, store::units::insert(tx, root, now));
    root_id = root.id;
    n_units++;

    User admin;
    admin.username = "admin";
    admin.name = "系统管理员";
    admin.unit_id = root.id;
    admin.position = "系统管理员";
    admin.roles = {"admin"};
    admin.password_hash = *admin_hash;
    LT_TRY(store::users::insert(tx, admin, now));
    n_users++;

    static const char* kDistrictRoles[][2] = {
        {"campaign_office", "攻坚办工作人员"}, {"inspector", "督导员"}, {"viewer", "区领导"}};
    for (int i = 0; i < district_users; ++i)
      LT_TRY(add_user(tx, root.id, kDistrictRoles[i % 3][0], kDistrictRoles[i % 3][1]));

    // Level-3 users: spread evenly, in order of creation.
    int leaf_index = 0;
    auto leaf_share = [&](int idx) { return leaf_users / level3 + (idx < leaf_users % level3 ? 1 : 0); };
    for (int i = 0; i < level2; ++i) {
      bool street = i < streets;
      Unit t;
      // Names repeat with a number beyond the lists (only for a large --units).
      size_t j = street ? size_t(i) : size_t(i - streets),
             n = street ? std::size(kStreets) : std::size(kTowns);
      std::string place = street ? kStreets[j % n] : kTowns[j % n];
      if (j >= n) place += std::to_string(j / n + 1);
      t.name = place + (street ? "街道办事处" : (i % 4 == 0 ? "镇" : "乡"));
      t.kind = street ? "street_office" : "township";
      t.parent_id = root.id;
      if (i < 999) t.division_code = "410205" + pad(i + 1, 3);
      t.party_secretary = person_ref(910000 + i * 2);
      t.government_head = person_ref(910001 + i * 2);
      LT_ASSIGN(t, store::units::insert(tx, t, now));
      n_units++;
      int subtree_users = 0;
      static const char* kTeam[][2] = {{"unit_leader", "党委书记"}, {"unit_leader", "乡镇长"},
                                       {"unit_staff", "分管副职"},  {"unit_staff", "环保所所长"},
                                       {"unit_staff", "环保专干"},  {"unit_staff", "环保专干"}};
      int team_here = level2_users / level2 + (i < level2_users % level2 ? 1 : 0);
      for (int m = 0; m < team_here; ++m, ++subtree_users)
        LT_TRY(add_user(tx, t.id, kTeam[m % team][0], kTeam[m % team][1]));
      for (int v = 0; v < children[size_t(i)]; ++v) {
        Unit c;
        if (street) {
          c.name = std::string(kCFirst[v % std::size(kCFirst)]) + kCSecond[(v / std::size(kCFirst)) % 6];
          if (v >= int(std::size(kCFirst) * 6)) c.name = std::to_string(v + 1) + c.name;
          c.kind = "community";
        } else {
          c.name = std::string(kVPrefix[v % 12]) + kVClan[(v / 12) % 12] + kVSuffix[(v / 144) % 6];
          if (v >= 864) c.name = std::to_string(v + 1) + c.name;
          c.kind = "village";
        }
        c.parent_id = t.id;
        if (i < 999 && v < 999) c.division_code = t.division_code + pad(v + 1, 3);
        c.party_secretary = person_ref(920000 + leaf_index * 2);
        c.government_head = person_ref(920001 + leaf_index * 2);
        LT_ASSIGN(c, store::units::insert(tx, c, now));
        n_units++;
        int share = leaf_share(leaf_index++);
        for (int m = 0; m < share; ++m, ++subtree_users) {
          if (m == 0)
            LT_TRY(add_user(tx, c.id, "unit_leader", street ? "社区书记" : "村党支部书记"));
          else
            LT_TRY(add_user(tx, c.id, "unit_staff",
                            m % 3 == 1 ? "网格员" : (m % 3 == 2 ? "环保专干" : "村委委员")));
        }
      }
      level2_summary.emplace_back(t.name, subtree_users);
    }
    return {};
  });
  double t_insert = secs_since(t0);
  if (!st.ok()) return std::fprintf(stderr, "seeding failed: %s\n", st.error().message.c_str()), 1;

  std::printf(
      "seeded %s: %lld units (1 district, %d level-2, %d level-3), %lld users (%lld disabled, incl. admin)\n",
      path.c_str(), (long long)n_units, level2, level3, (long long)n_users, (long long)n_disabled);
  std::printf("  root unit id %lld; level-2 subtree sizes (users incl. disabled):", (long long)root_id);
  for (const auto& [name, n] : level2_summary) std::printf(" %s=%d", name.c_str(), n);
  std::printf(
      "\n  timing: migrate %.3f s, hash (1 fast + 1 normal) %.3f s, insert transaction %.3f s, total %.3f "
      "s\n",
      t_migrate, t_hash, t_insert, secs_since(t_all));
  return 0;
}
