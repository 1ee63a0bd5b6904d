#include "boilers_gen.h"

#include <cmath>
#include <cstdio>
#include <iterator>

#include "core/credit_code.h"

namespace lantian::bench {
namespace {

const char* kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐",
                           "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁",
                           "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "田",
                           "董", "袁", "潘", "于", "蒋", "蔡", "杜", "程", "魏"};
const char* kGiven[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
                        "涛", "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "红", "志",
                        "文", "玉", "兰", "海", "鹏", "辉", "斌", "婷", "浩", "宇", "鑫", "晨", "博", "欣"};
// What a boiler of each kind heats, and who owns one (the name's tail).
const char* kFactories[] = {"食品厂", "纺织厂", "木器加工厂", "面粉厂", "豆制品厂", "塑料制品厂",
                            "机械厂", "酱菜厂", "印刷厂",     "砖瓦厂", "养殖场",   "蔬菜种植合作社"};
const char* kHeated[] = {"宾馆", "中学", "小学", "卫生院", "敬老院", "幼儿园", "村委会", "酒店", "洗浴中心"};
const char* kBaths[] = {"浴池", "澡堂", "茶水炉", "开水房", "洗浴部"};
const char* kCanteens[] = {"饭店", "酒楼", "食堂", "大酒店", "农家院", "羊肉汤馆"};
const char* kStalls[] = {"烧饼店", "早餐店", "小吃部", "炒凉粉摊", "灌汤包子铺", "胡辣汤馆", "烧鸡店"};
const char* kTrades[] = {"兴旺", "宏达", "顺发", "鑫源", "永盛", "福来", "金鼎", "华丰", "恒通", "大众"};
const char* kRemarks[] = {"已签订拆除承诺书",         "业主外出，已电话联系",   "已停用，烟囱待拆除",
                          "与集中供热管网对接中",     "燃气管道已入户，待改造", "电力增容已申请",
                          "属季节性使用，冬季前完成", "村委会协助督促拆除"};

template <class T, size_t N>
const T& pick(const T (&a)[N], uint64_t h) {
  return a[h % N];
}

std::string person(uint64_t h) {
  std::string s = pick(kSurnames, h);
  s += pick(kGiven, h >> 8);
  if ((h >> 16) % 3) s += pick(kGiven, h >> 24);
  return s;
}

std::string mobile(uint64_t h) {
  static const char* kPrefixes[] = {"138", "139", "137", "135", "150", "151", "158", "186", "187", "133"};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%08llu", pick(kPrefixes, h), (unsigned long long)((h >> 8) % 100000000));
  return buf;
}

// A GB 32100 code with a valid check character: registration authority 9
// (market regulation), 1 = enterprise or 2 = individual business, the
// district's division code, a 9-character organisation code carrying n.
std::string credit_code(uint64_t n, bool enterprise, uint64_t h) {
  char first17[24];
  std::snprintf(first17, sizeof first17, "9%c410205%08llu%c", enterprise ? '1' : '2',
                (unsigned long long)(n % 100000000), "0123456789ABCDEFGHJKLMNPQRTUWXY"[h % 31]);
  std::string s(first17, 17);
  return s + credit_code_check_character(s);
}

std::string date(int month, int day) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "2017-%02d-%02d", month, day);
  return buf;
}
// Day d (0-based) counted from 2017-09-01, clamped to the year's end.
std::string day_from_sep1(int d) {
  static const int kDays[] = {30, 31, 30, 31};  // Sep..Dec
  int m = 9;
  for (int days : kDays) {
    if (d < days) return date(m, d + 1);
    d -= days;
    ++m;
  }
  return "2017-12-31";
}

}  // namespace

uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

const std::vector<std::string>& boiler_states() {
  static const std::vector<std::string> s = {"registered", "stopped",  "removed",
                                             "verified",   "returned", "rebound"};
  return s;
}

BoilerRow make_boiler(uint64_t n, const BoilerPlace& at) {
  const uint64_t h = mix(n), h2 = mix(n ^ 0x5bd1e995u), h3 = mix(n + 0x1234567);
  BoilerRow row;
  auto set = [&](const char* name, RawValue v) { row.values.emplace_back(name, std::move(v)); };
  const std::string place = at.village.empty() ? at.township : at.village;
  // Kind, use, fuel, capacity, owner.
  int k = int(h % 100);
  std::string kind, use, fuel, owner;
  double capacity;
  bool enterprise = false;
  const char* trade = pick(kTrades, h >> 40);
  if (k < 34) {
    kind = "boiler";
    int u = int((h >> 7) % 100);
    use = u < 55 ? "heating" : (u < 92 ? "production" : "bathing");
    capacity = 0.5 + double((h >> 12) % 96) / 10.0;  // 0.5..10 t/h
    int f = int((h >> 20) % 100);
    fuel = f < 70 ? "raw_coal" : (f < 90 ? "briquette" : "biomass");
    owner = use == "production" ? place + trade + pick(kFactories, h >> 28) : place + pick(kHeated, h >> 28);
    enterprise = true;
  } else if (k < 64) {
    kind = "tea_bath_stove";
    use = (h >> 7) % 10 < 7 ? "bathing" : "other";
    capacity = 0.1 + double((h >> 12) % 10) / 10.0;  // 0.1..1.0
    fuel = (h >> 20) % 10 < 6 ? "raw_coal" : "briquette";
    owner = place + trade + pick(kBaths, h >> 28);
  } else if (k < 89) {
    kind = "cooking_stove";
    use = "cooking";
    capacity = 0.05 + double((h >> 12) % 10) * 0.05;  // 0.05..0.5
    fuel = (h >> 20) % 10 < 5 ? "raw_coal" : ((h >> 20) % 10 < 9 ? "briquette" : "other");
    owner = place + std::string(pick(kSurnames, h >> 28)) + "记" + pick(kCanteens, h >> 34);
  } else {
    kind = "commercial_stove";
    int u = int((h >> 7) % 10);
    use = u < 5 ? "cooking" : (u < 8 ? "heating" : "other");
    capacity = 0.05 + double((h >> 12) % 6) * 0.05;  // 0.05..0.3
    fuel = (h >> 20) % 10 < 7 ? "raw_coal" : "briquette";
    owner = place + std::string(pick(kSurnames, h >> 28)) + "家" + pick(kStalls, h >> 34);
  }
  set("owner_name", owner);
  // Most businesses are registered (enterprises or 个体工商户); stalls mostly not.
  if ((enterprise && (h2 % 10) < 8) || (!enterprise && kind != "commercial_stove" && (h2 % 10) < 5) ||
      (h2 % 10) < 2)
    set("credit_code", credit_code(n, enterprise, h2 >> 4));
  char number[48];
  std::snprintf(number, sizeof number, "GL%s-%07llu", at.code.c_str(), (unsigned long long)n);
  set("boiler_number", std::string(number));
  set("boiler_kind", kind);
  set("capacity", std::round(capacity * 100) / 100);
  set("fuel", fuel);
  set("use", use);
  // Unique per n: the group and house number are n's digits.
  set("address", "开封市禹王台区" + at.township + at.village + std::to_string(n % 20 + 1) + "组" +
                     std::to_string(n / 20 + 1) + "号");
  bool built_up = at.community ? (h2 >> 12) % 10 < 9 : (h2 >> 12) % 100 < 15;
  bool network = built_up ? (h2 >> 20) % 10 < 5 : (h2 >> 20) % 100 < 5;
  set("in_built_up_area", built_up);
  if ((h2 >> 28) % 10 < 8) set("in_heating_network", network);
  // Disposition: the heating network where it reaches, else by kind.
  std::string disposition;
  int d = int((h2 >> 32) % 100);
  if (network && use == "heating")
    disposition = "district_heating";
  else if (kind == "boiler")
    disposition = d < 35 ? "gas" : (d < 60 ? "electric" : (d < 95 ? "remove" : "district_heating"));
  else
    disposition = d < 55 ? "remove" : (d < 80 ? "gas" : "electric");
  set("disposition", disposition);
  // Deadline, state and the dates its moves needed.
  int dl = int((h3 >> 8) % 100);
  std::string deadline =
      dl < 40 ? "2017-10-31" : (dl < 60 ? "2017-11-15" : (dl < 90 ? "2017-11-30" : "2017-12-31"));
  set("deadline", deadline);
  int s = int(h3 % 100);
  row.status = s < 10   ? "registered"
               : s < 22 ? "stopped"
               : s < 40 ? "removed"
               : s < 92 ? "verified"
               : s < 96 ? "returned"
                        : "rebound";
  int stop = 30 + int((h3 >> 16) % 40);       // Oct 1 .. Nov 9
  int removal = stop + int((h3 >> 24) % 30);  // up to 30 days later
  int verified = removal + 3 + int((h3 >> 32) % 20);
  bool stopped_first = row.status == "stopped" || (h3 >> 40) % 10 < 6;
  if (row.status != "registered" && stopped_first) set("stop_date", day_from_sep1(stop));
  if (row.status != "registered" && row.status != "stopped") set("removal_date", day_from_sep1(removal));
  if (row.status == "verified" || row.status == "rebound") set("verification_date", day_from_sep1(verified));
  // People and notes.
  if ((h3 >> 44) % 10 < 9) {
    set("contact_person", person(h3 >> 20));
    set("contact_phone",
        (h3 >> 48) % 10 < 8 ? mobile(h3 >> 3) : "0371-2" + std::to_string(1000000 + (h3 >> 5) % 9000000));
  }
  set("responsible_person", person(mix(h3)));
  if ((h >> 50) % 10 == 0) set("remarks", std::string(pick(kRemarks, h >> 54)));
  // About 60 % located (a phone's GPS at registration), inside the district.
  if ((h2 >> 40) % 10 < 6)
    row.location =
        LngLat{114.33 + double((h2 >> 44) % 9000) / 100000.0, 34.75 + double((h2 >> 52) % 6000) / 100000.0};
  return row;
}

}  // namespace lantian::bench
