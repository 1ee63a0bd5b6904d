#include "core/enterprises.h"

#include <array>
#include <vector>

#include "core/text.h"

namespace lantian {
namespace {

constexpr std::array<EnterpriseStatusDef, 4> kStatuses = {{
    {"operating", "正常生产经营", "Operating", "#67c23a"},
    {"stopped", "停产", "Stopped", "#e6a23c"},
    {"banned", "关停取缔", "Banned", "#f56c6c"},
    {"relocated", "已搬迁", "Relocated", "#909399"},
}};

constexpr std::array<EnterpriseStatusDef, 3> kAlertStatuses = {{
    {"open", "待核实", "Open", "#e6a23c"},
    {"confirmed", "确认搬迁", "Confirmed", "#f56c6c"},
    {"dismissed", "排除", "Dismissed", "#909399"},
}};

template <size_t N>
const EnterpriseStatusDef* find_in(const std::array<EnterpriseStatusDef, N>& list, std::string_view code) {
  for (const auto& s : list)
    if (s.code == code) return &s;
  return nullptr;
}

// GB/T 4754-2017: the sections and the divisions (first two digits) in each.
struct Section {
  char letter;
  int first, last;
};
constexpr Section kSections[] = {
    {'A', 1, 5},   {'B', 6, 12},  {'C', 13, 43}, {'D', 44, 46}, {'E', 47, 50}, {'F', 51, 52}, {'G', 53, 60},
    {'H', 61, 62}, {'I', 63, 65}, {'J', 66, 69}, {'K', 70, 70}, {'L', 71, 72}, {'M', 73, 75}, {'N', 76, 79},
    {'O', 80, 82}, {'P', 83, 83}, {'Q', 84, 85}, {'R', 86, 90}, {'S', 91, 96}, {'T', 97, 97},
};

const Section* section_of_division(int division) {
  for (const auto& s : kSections)
    if (division >= s.first && division <= s.last) return &s;
  return nullptr;
}

LedgerField field(std::string name, std::string zh, std::string en, FieldType type, int max_length = 0,
                  bool required = false) {
  LedgerField f;
  f.name = std::move(name);
  f.label = {std::move(zh), std::move(en)};
  f.type = type;
  f.max_length = max_length;
  f.required = required;
  return f;
}

// What an enterprise is known by, registered or banned, then `more`.
std::vector<LedgerField> identity_and(std::vector<LedgerField> more) {
  std::vector<LedgerField> v = {
      field("name", "企业名称", "Name", FieldType::text, 100, true),
      field("credit_code", "统一社会信用代码", "Unified social credit code", FieldType::credit_code),
      field("legal_rep", "法定代表人", "Legal representative", FieldType::text, 40),
      field("phone", "联系电话", "Phone", FieldType::phone),
      field("address", "地址", "Address", FieldType::text, 200),
  };
  for (auto& f : more) v.push_back(std::move(f));
  return v;
}

}  // namespace

std::span<const EnterpriseStatusDef> enterprise_statuses() { return kStatuses; }
const EnterpriseStatusDef* find_enterprise_status(std::string_view code) { return find_in(kStatuses, code); }
std::span<const EnterpriseStatusDef> relocation_alert_statuses() { return kAlertStatuses; }
const EnterpriseStatusDef* find_relocation_alert_status(std::string_view code) {
  return find_in(kAlertStatuses, code);
}

std::string normalise_industry_code(std::string_view input) {
  std::string s = trim(halfwidth_ascii(input));
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = char(s[0] - 'a' + 'A');
  return s;
}

std::optional<Issue> check_industry_code(std::string_view code) {
  std::string_view digits = code;
  char letter = 0;
  if (!digits.empty() && digits[0] >= 'A' && digits[0] <= 'Z') {
    letter = digits[0];
    digits.remove_prefix(1);
    if (letter > 'T') return issue("industry_code_format");  // the sections are A..T
  }
  bool all_digits = digits.size() >= 2 && digits.size() <= 4;
  for (char c : digits) all_digits = all_digits && c >= '0' && c <= '9';
  if (!all_digits) return issue("industry_code_format");
  int division = (digits[0] - '0') * 10 + (digits[1] - '0');
  const Section* s = section_of_division(division);
  if (!s) return issue("industry_code_format");
  if (letter && letter != s->letter)
    return issue("industry_code_section",
                 {{"division", std::string(digits.substr(0, 2))}, {"section", std::string(1, s->letter)}});
  return std::nullopt;
}

std::span<const LedgerField> enterprise_fields() {
  static const std::vector<LedgerField> f =
      identity_and({field("grid", "网格", "Grid", FieldType::text, 60)});
  return f;
}

std::span<const LedgerField> banned_enterprise_fields() {
  static const std::vector<LedgerField> f = identity_and({
      field("origin", "原属区域", "Banned in", FieldType::text, 100),
      field("banned_on", "取缔日期", "Banned on", FieldType::date),
      field("reason", "原因", "Reason", FieldType::long_text, 500),
  });
  return f;
}

const LedgerField* find_field(std::span<const LedgerField> fields, std::string_view name) {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace lantian
