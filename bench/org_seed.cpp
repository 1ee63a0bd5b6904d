#include "org_seed.h"

#include <algorithm>

#include "core/model.h"
#include "store/units_repo.h"
#include "store/users_repo.h"

namespace lantian::bench {
namespace {

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

Result<OrgSeedResult> seed_org(store::Tx& tx, const OrgSeedOptions& o, const std::string& user_hash,
                               const std::string& admin_hash, const std::string& now) {
  OrgSeedResult res;
  // Tree shape: level2 = units/55 (18 for 1000), a third street offices.
  const int level2 = std::max(1, o.units / 55);
  const int level3 = o.units - 1 - level2;
  const int streets = level2 / 3;
  res.level2 = level2;
  res.level3 = level3;
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

  const int district_users = std::max(0, std::min(o.users, o.users / 100));  // 1% district-wide
  const int team = 6;
  const int level2_users = std::min(o.users - district_users, team * level2);
  const int leaf_users = o.users - district_users - level2_users;
  int person_k = 0;

  auto add_user = [&](SeededUnit& unit, const std::string& role, const std::string& position) -> Status {
    auto p = person(++person_k);
    User u;
    u.username = p.username;
    u.name = p.name;
    u.phone = p.phone;
    u.unit_id = unit.id;
    u.position = position;
    u.roles = {role};
    u.password_hash = user_hash;
    LT_ASSIGN(auto created, store::users::insert(tx, u, now));
    // About 2% disabled (left the post), as in real data; set through the
    // repository's update so no raw SQL touches the table.
    if (person_k % 50 == 17) {
      created.disabled = true;
      LT_ASSIGN(bool ok, store::users::update(tx, created, now));
      if (!ok) return Error::internal("could not disable a fresh user");
      res.disabled++;
    } else {
      unit.users.push_back(created.id);
      unit.user_names.push_back(created.name);
    }
    res.users++;
    return {};
  };

  Unit root;
  root.name = "禹王台区人民政府";
  root.kind = "district_government";
  root.division_code = "410205";
  root.party_secretary = person_ref(900001);
  root.government_head = person_ref(900002);
  LT_ASSIGN(root, store::units::insert(tx, root, now));
  res.root = {root.id, root.name, root.path, {}, {}, {}};
  res.units++;

  User admin;
  admin.username = "admin";
  admin.name = "系统管理员";
  admin.unit_id = root.id;
  admin.position = "系统管理员";
  admin.roles = {"admin"};
  admin.password_hash = admin_hash;
  LT_TRY(store::users::insert(tx, admin, now));
  res.users++;

  static const char* kDistrictRoles[][2] = {
      {"campaign_office", "攻坚办工作人员"}, {"inspector", "督导员"}, {"viewer", "区领导"}};
  for (int i = 0; i < district_users; ++i)
    LT_TRY(add_user(res.root, kDistrictRoles[i % 3][0], kDistrictRoles[i % 3][1]));

  // Level-3 users: spread evenly, in order of creation.
  int leaf_index = 0;
  auto leaf_share = [&](int idx) { return leaf_users / level3 + (idx < leaf_users % level3 ? 1 : 0); };
  for (int i = 0; i < level2; ++i) {
    bool street = i < streets;
    Unit t;
    // Names repeat with a number beyond the lists (only for a large --units).
    size_t j = street ? size_t(i) : size_t(i - streets), n = street ? std::size(kStreets) : std::size(kTowns);
    std::string place = street ? kStreets[j % n] : kTowns[j % n];
    if (j >= n) place += std::to_string(j / n + 1);
    t.name = place + (street ? "街道办事处" : (i % 4 == 0 ? "镇" : "乡"));
    t.kind = street ? "street_office" : "township";
    t.parent_id = root.id;
    if (i < 999) t.division_code = "410205" + pad(i + 1, 3);
    t.party_secretary = person_ref(910000 + i * 2);
    t.government_head = person_ref(910001 + i * 2);
    LT_ASSIGN(t, store::units::insert(tx, t, now));
    res.units++;
    SeededUnit& l2 = res.root.children.emplace_back(SeededUnit{t.id, t.name, t.path, {}, {}, {}});
    int subtree_users = 0;
    static const char* kTeam[][2] = {{"unit_leader", "党委书记"}, {"unit_leader", "乡镇长"},
                                     {"unit_staff", "分管副职"},  {"unit_staff", "环保所所长"},
                                     {"unit_staff", "环保专干"},  {"unit_staff", "环保专干"}};
    int team_here = level2_users / level2 + (i < level2_users % level2 ? 1 : 0);
    for (int m = 0; m < team_here; ++m, ++subtree_users)
      LT_TRY(add_user(l2, kTeam[m % team][0], kTeam[m % team][1]));
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
      res.units++;
      SeededUnit& l3 = l2.children.emplace_back(SeededUnit{c.id, c.name, c.path, {}, {}, {}});
      int share = leaf_share(leaf_index++);
      for (int m = 0; m < share; ++m, ++subtree_users) {
        if (m == 0)
          LT_TRY(add_user(l3, "unit_leader", street ? "社区书记" : "村党支部书记"));
        else
          LT_TRY(add_user(l3, "unit_staff", m % 3 == 1 ? "网格员" : (m % 3 == 2 ? "环保专干" : "村委委员")));
      }
    }
    res.level2_users.emplace_back(t.name, subtree_users);
  }
  return res;
}

}  // namespace lantian::bench
