#include "core/relocation.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

namespace lantian {
namespace {

// --- UTF-8 <-> code points -----------------------------------------------------

std::u32string decode(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp = c;
    size_t n = 1;
    if (c >= 0xF0)
      n = 4, cp = c & 0x07;
    else if (c >= 0xE0)
      n = 3, cp = c & 0x0F;
    else if (c >= 0xC0)
      n = 2, cp = c & 0x1F;
    if (i + n > s.size()) break;
    for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

std::string encode(const std::u32string& s) {
  std::string out;
  for (char32_t cp : s) {
    if (cp < 0x80) {
      out += char(cp);
    } else if (cp < 0x800) {
      out += char(0xC0 | (cp >> 6));
      out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += char(0xE0 | (cp >> 12));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    } else {
      out += char(0xF0 | (cp >> 18));
      out += char(0x80 | ((cp >> 12) & 0x3F));
      out += char(0x80 | ((cp >> 6) & 0x3F));
      out += char(0x80 | (cp & 0x3F));
    }
  }
  return out;
}

bool starts_with(const std::u32string& s, const std::u32string& p) { return s.compare(0, p.size(), p) == 0; }
bool ends_with(const std::u32string& s, const std::u32string& p) {
  return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Letters and digits kept (full-width made half-width, ASCII upper case);
// punctuation, brackets and blanks dropped; variant characters that trade
// names are misspelt with made one.
std::u32string normalise(std::string_view name) {
  static const std::map<char32_t, char32_t> kVariants = {
      {U'馨', U'鑫'}, {U'鸿', U'宏'}, {U'盛', U'圣'}, {U'峰', U'丰'}, {U'華', U'华'},
      {U'興', U'兴'}, {U'發', U'发'}, {U'達', U'达'}, {U'廠', U'厂'}, {U'號', U'号'},
  };
  std::u32string out;
  for (char32_t c : decode(name)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII
    if (c >= U'a' && c <= U'z') c = c - U'a' + U'A';
    bool keep = (c >= U'0' && c <= U'9') || (c >= U'A' && c <= U'Z') || (c >= 0x4E00 && c <= 0x9FFF) ||
                (c >= 0x3400 && c <= 0x4DBF);
    if (!keep) continue;
    if (auto it = kVariants.find(c); it != kVariants.end()) c = it->second;
    out += c;
  }
  return out;
}

// Region words at the start of a name: provinces, the Kaifeng and Zhengzhou
// districts and counties, and any short word ending in 省/市/县/区.
const std::array<std::u32string, 32> kPlaces = {
    U"河南省", U"河南",   U"开封市",     U"开封",   U"郑州市", U"郑州",   U"禹王台区", U"禹王台",
    U"龙亭区", U"龙亭",   U"顺河回族区", U"顺河区", U"顺河",   U"鼓楼区", U"鼓楼",     U"祥符区",
    U"祥符",   U"开封县", U"尉氏县",     U"尉氏",   U"杞县",   U"通许县", U"通许",     U"兰考县",
    U"兰考",   U"中牟县", U"中牟",       U"金水区", U"中原区", U"二七区", U"管城区",   U"惠济区"};

std::u32string strip_region(std::u32string s) {
  for (bool again = true; again && !s.empty();) {
    again = false;
    for (const auto& p : kPlaces)
      if (starts_with(s, p) && s.size() > p.size() + 1) {
        s = s.substr(p.size());
        again = true;
        break;
      }
    if (again) continue;
    // A short word ending in 省/市/县/区 (not 市场, 区域).
    for (size_t i = 1; i < std::min<size_t>(s.size() - 1, 5); ++i) {
      char32_t c = s[i];
      if ((c == U'省' || c == U'市' || c == U'县' || c == U'区') && s[i + 1] != U'场' && s[i + 1] != U'域' &&
          s.size() > i + 3) {
        s = s.substr(i + 1);
        again = true;
        break;
      }
    }
  }
  return s;
}

// Legal forms and shop words at the end, longest first.
const std::array<std::u32string, 20> kForms = {
    U"股份有限公司", U"有限责任公司", U"个体工商户", U"有限公司", U"分公司", U"合作社", U"经营部",
    U"门市部",       U"工作室",       U"公司",       U"商行",     U"商店",   U"厂",     U"店",
    U"部",           U"站",           U"点",         U"坊",       U"行",     U"社"};

// Industry words a trade name is followed by (most specific first).
const std::array<std::u32string, 64> kIndustry = {
    U"废旧物资回收", U"再生资源", U"废品收购", U"废品回收", U"塑料颗粒", U"塑料制品",
    U"汽车修理",     U"汽车维修", U"混凝土",   U"不锈钢",   U"钢结构",   U"废品",
    U"回收",         U"收购",     U"物资",     U"塑料",     U"颗粒",     U"加工",
    U"制品",         U"建材",     U"商贸",     U"贸易",     U"木业",     U"木材",
    U"家具",         U"铸造",     U"喷涂",     U"喷漆",     U"汽修",     U"修理",
    U"维修",         U"彩钢",     U"钢构",     U"石材",     U"轮胎",     U"炼油",
    U"化工",         U"砖瓦",     U"石灰",     U"沥青",     U"搅拌",     U"水泥",
    U"制造",         U"科技",     U"实业",     U"发展",     U"机械",     U"五金",
    U"包装",         U"纸业",     U"印刷",     U"服装",     U"食品",     U"养殖",
    U"陶瓷",         U"玻璃",     U"铝材",     U"门窗",     U"建筑",     U"装饰",
    U"工程",         U"环保",     U"能源",     U"窑"};

std::u32string strip_form(std::u32string s) {
  for (bool again = true; again;) {
    again = false;
    for (const auto& f : kForms)
      if (ends_with(s, f) && s.size() > f.size()) {
        s.resize(s.size() - f.size());
        again = true;
        break;
      }
  }
  return s;
}

struct Parts32 {
  std::u32string trade, industry;
};

Parts32 parts(std::string_view name) {
  std::u32string core = strip_form(strip_region(normalise(name)));
  // Industry words come off the end until only the trade name is left (at
  // least two characters of it).
  std::u32string industry;
  for (bool again = true; again;) {
    again = false;
    for (const auto& w : kIndustry)
      if (ends_with(core, w) && core.size() >= w.size() + 2) {
        industry = w + industry;
        core.resize(core.size() - w.size());
        again = true;
        break;
      }
  }
  // A trade name with industry words inside ("鑫达塑料二厂" → "鑫达", "二").
  for (const auto& w : kIndustry)
    if (auto at = core.find(w); at != std::u32string::npos && at >= 2) {
      industry = core.substr(at) + industry;
      core.resize(at);
      break;
    }
  return {core, industry};
}

// Dice coefficient over the characters and character bigrams of two strings.
double dice(const std::u32string& a, const std::u32string& b) {
  if (a.empty() && b.empty()) return 1;
  if (a.empty() || b.empty()) return 0;
  auto grams = [](const std::u32string& s) {
    std::vector<std::u32string> g;
    for (size_t i = 0; i < s.size(); ++i) g.push_back(s.substr(i, 1));
    for (size_t i = 0; i + 1 < s.size(); ++i) g.push_back(s.substr(i, 2));
    std::sort(g.begin(), g.end());
    return g;
  };
  auto ga = grams(a), gb = grams(b);
  std::vector<std::u32string> common;
  std::set_intersection(ga.begin(), ga.end(), gb.begin(), gb.end(), std::back_inserter(common));
  return 2.0 * double(common.size()) / double(ga.size() + gb.size());
}

std::string digits(std::string_view s) {
  std::string d;
  for (char c : s)
    if (c >= '0' && c <= '9') d += c;
  return d;
}

}  // namespace

NameParts name_parts(std::string_view name) {
  Parts32 p = parts(name);
  return {encode(p.trade), encode(p.industry)};
}

double name_similarity(std::string_view a, std::string_view b) {
  Parts32 pa = parts(a), pb = parts(b);
  double trade = dice(pa.trade, pb.trade);
  double industry = pa.industry.empty() && pb.industry.empty() ? trade : dice(pa.industry, pb.industry);
  return 0.8 * trade + 0.2 * industry;
}

RelocationMatch match_relocation(const EnterpriseIdentity& banned, const EnterpriseIdentity& candidate) {
  RelocationMatch m;
  std::u32string ca = normalise(banned.credit_code), cb = normalise(candidate.credit_code);
  m.same_credit_code = ca.size() == 18 && ca == cb;
  std::u32string ra = normalise(banned.legal_rep), rb = normalise(candidate.legal_rep);
  m.same_legal_rep = !ra.empty() && ra == rb;
  std::string pa = digits(banned.phone), pb = digits(candidate.phone);
  m.same_phone = pa.size() >= 7 && pa == pb;
  m.name = name_similarity(banned.name, candidate.name);
  if (m.same_credit_code) {
    m.score = 1;
  } else {
    // Independent pieces of evidence, each with the chance it alone means the
    // same business: a shared phone is strong, a shared legal representative
    // weak (owners run several trades), the name as alike as it is, squared.
    double not_same = 1;
    if (m.same_phone) not_same *= 1 - 0.9;
    if (m.same_legal_rep) not_same *= 1 - 0.4;
    not_same *= 1 - m.name * m.name;
    m.score = 1 - not_same;
  }
  m.suspected = m.score >= 0.6;
  if (m.same_credit_code) m.reasons.push_back("credit_code");
  if (m.same_phone) m.reasons.push_back("phone");
  if (m.same_legal_rep) m.reasons.push_back("legal_rep");
  char buf[32];
  std::snprintf(buf, sizeof buf, "name:%.2f", m.name);
  m.reasons.push_back(buf);
  return m;
}

}  // namespace lantian
