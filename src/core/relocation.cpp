#include "core/relocation.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <map>

#include "core/text.h"

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
  // Traditional forms.
  static const std::map<char32_t, char32_t> kVariants = {{U'華', U'华'}, {U'興', U'兴'}, {U'發', U'发'},
                                                         {U'達', U'达'}, {U'廠', U'厂'}, {U'號', U'号'},
                                                         {U'東', U'东'}, {U'順', U'顺'}};
  std::u32string out;
  for (char32_t c : decode(halfwidth_ascii(name))) {
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

// Characters of trade names (字号) that sound alike and are swapped when a
// workshop re-registers (same pinyin, any tone), folded onto the first of
// their class. Only trade names are folded: 家 in 家具 is not 嘉.
std::u32string fold_homophones(std::u32string s) {
  static const std::map<char32_t, char32_t> kClasses = [] {
    std::map<char32_t, char32_t> m;
    const std::u32string classes[] = {
        U"鑫馨欣", U"宏鸿弘红洪", U"盛胜圣晟", U"峰丰锋风枫", U"源缘远元园圆", U"顺舜", U"昌长常畅",
        U"祥翔详", U"彩采",       U"隆龙",     U"汇惠辉慧",   U"鹏朋",         U"豪浩", U"腾滕",
        U"瑞锐",   U"旺望",       U"亿益毅",   U"嘉佳家",     U"金今津",       U"泰太", U"恒衡",
        U"达大",   U"辰晨",       U"建健",     U"富福",       U"鼎顶",         U"凯恺",
    };
    for (const auto& c : classes)
      for (char32_t ch : c) m[ch] = c[0];
    return m;
  }();
  for (char32_t& c : s)
    if (auto it = kClasses.find(c); it != kClasses.end()) c = it->second;
  return s;
}

// What trade a name says it is in (散乱污 trades and the shops they are
// confused with), by words anywhere in it: owners keep several businesses,
// and the same owner in another trade is another business.
struct TradeWord {
  std::u32string word;
  std::string_view trade;
};
const TradeWord kTrades[] = {
    {U"塑料", "plastics"},      {U"塑业", "plastics"},
    {U"塑胶", "plastics"},      {U"泡沫", "plastics"},
    {U"颗粒", "plastics"},      {U"橡胶", "rubber"},
    {U"轮胎", "rubber"},        {U"炼油", "rubber"},
    {U"木业", "wood"},          {U"木材", "wood"},
    {U"木制", "wood"},          {U"板材", "wood"},
    {U"制板", "wood"},          {U"家具", "furniture"},
    {U"家居", "furniture"},     {U"铸造", "casting"},
    {U"铸业", "casting"},       {U"铸件", "casting"},
    {U"喷涂", "coating"},       {U"喷漆", "coating"},
    {U"喷塑", "coating"},       {U"涂装", "coating"},
    {U"表面处理", "coating"},   {U"电镀", "coating"},
    {U"镀锌", "coating"},       {U"汽修", "auto"},
    {U"汽车", "auto"},          {U"车辆维修", "auto"},
    {U"钣金", "auto"},          {U"回收", "recycling"},
    {U"收购", "recycling"},     {U"废品", "recycling"},
    {U"再生资源", "recycling"}, {U"废旧", "recycling"},
    {U"砖", "bricks"},          {U"瓦窑", "bricks"},
    {U"轮窑", "bricks"},        {U"墙体材料", "bricks"},
    {U"墙材", "bricks"},        {U"石灰", "lime"},
    {U"白灰", "lime"},          {U"灰窑", "lime"},
    {U"钙业", "lime"},          {U"混凝土", "concrete"},
    {U"商砼", "concrete"},      {U"砂浆", "concrete"},
    {U"水泥制品", "concrete"},  {U"沥青", "asphalt"},
    {U"石材", "stone"},         {U"石业", "stone"},
    {U"大理石", "stone"},       {U"彩钢", "steel"},
    {U"钢结构", "steel"},       {U"钢构", "steel"},
    {U"钢板", "steel"},         {U"钢瓦", "steel"},
    {U"包装", "packaging"},     {U"纸箱", "packaging"},
    {U"纸业", "packaging"},     {U"印刷", "packaging"},
    {U"化工", "chemicals"},     {U"涂料", "chemicals"},
    {U"油漆", "chemicals"},     {U"型煤", "coal"},
    {U"煤炭", "coal"},          {U"蜂窝煤", "coal"},
    {U"窝煤", "coal"},          {U"物流", "logistics"},
    {U"货运", "logistics"},     {U"超市", "retail"},
    {U"副食", "retail"},        {U"百货", "retail"},
    {U"日杂", "retail"},        {U"便利", "retail"},
    {U"水果", "retail"},        {U"茶叶", "retail"},
    {U"文具", "retail"},        {U"母婴", "retail"},
    {U"农资", "retail"},        {U"服装", "retail"},
    {U"餐饮", "catering"},      {U"饭店", "catering"},
    {U"面馆", "catering"},      {U"酒店", "catering"},
    {U"理发", "services"},      {U"美发", "services"},
    {U"洗浴", "services"},      {U"建材", "building_materials"},
};

std::vector<std::string_view> trades_of(const std::u32string& name) {
  std::vector<std::string_view> out;
  for (const auto& t : kTrades)
    if (name.find(t.word) != std::u32string::npos && std::find(out.begin(), out.end(), t.trade) == out.end())
      out.push_back(t.trade);
  return out;
}

// 1 = the names share a trade, 0 = both name trades and none is shared,
// -1 = a name does not say.
int same_trade(std::string_view a, std::string_view b) {
  auto ta = trades_of(normalise(a)), tb = trades_of(normalise(b));
  if (ta.empty() || tb.empty()) return -1;
  for (auto t : ta)
    if (std::find(tb.begin(), tb.end(), t) != tb.end()) return 1;
  return 0;
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
  double trade = dice(fold_homophones(pa.trade), fold_homophones(pb.trade));
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
  const int trade = same_trade(banned.name, candidate.name);
  if (m.same_credit_code) {
    m.score = 1;  // one legal entity for life
  } else if (trade == 0) {
    m.score = 0.3 * m.name;  // another trade: another business, whoever runs it
  } else if (m.same_phone || m.same_legal_rep) {
    // The same operator in the same trade (or a name that does not say).
    m.score = std::max((m.same_phone ? 0.9 : 0.8) + (trade == 1 ? 0.05 : -0.15), m.name);
  } else {
    // Only the name: its trade name must be (nearly) the same.
    m.score = m.name * (trade == 1 ? 1.0 : 0.9);
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

RelocationKeys relocation_keys(const EnterpriseIdentity& e) {
  RelocationKeys k;
  std::u32string code = normalise(e.credit_code);
  if (code.size() == 18) k.credit_code = encode(code);
  k.legal_rep = encode(normalise(e.legal_rep));
  k.phone = digits(e.phone);
  if (k.phone.size() < 7) k.phone.clear();
  auto unique_sorted = [](std::u32string s) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    return s;
  };
  k.name_chars = unique_sorted(fold_homophones(normalise(e.name)));
  k.trade_chars = unique_sorted(fold_homophones(parts(e.name).trade));
  return k;
}

bool may_share_trade_name(const RelocationKeys& a, const RelocationKeys& b) {
  // An empty trade name is as alike as another empty one (dice of two
  // empties), and a name is empty only when nothing of it is kept.
  if (a.trade_chars.empty()) return b.name_chars.empty();
  for (char32_t c : a.trade_chars)
    if (std::binary_search(b.name_chars.begin(), b.name_chars.end(), c)) return true;
  return false;
}

}  // namespace lantian
