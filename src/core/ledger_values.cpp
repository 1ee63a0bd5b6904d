#include "core/ledger_values.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/calendar.h"
#include "core/credit_code.h"
#include "core/text.h"

namespace lantian {
namespace {

constexpr size_t kTextDefault = 200, kLongTextDefault = 2000;

std::string format_number(double d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", d);
  return buf;
}

std::optional<double> number_of(const RawValue& raw) {
  if (auto d = std::get_if<double>(&raw)) return std::isfinite(*d) ? std::optional<double>(*d) : std::nullopt;
  if (auto s = std::get_if<std::string>(&raw)) {
    std::string t = trim(*s);
    // Thousands separators as spreadsheets write them.
    std::erase(t, ',');
    double v = 0;
    auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec == std::errc() && end == t.data() + t.size() && !t.empty() && std::isfinite(v)) return v;
  }
  return std::nullopt;
}

std::optional<Issue> bounds(const LedgerField& f, double v) {
  if ((f.min && v < *f.min) || (f.max && v > *f.max))
    return issue("out_of_range", {{"min", f.min ? format_number(*f.min) : "-"},
                                  {"max", f.max ? format_number(*f.max) : "-"}});
  return std::nullopt;
}

std::optional<std::string> date_of(const RawValue& raw) {
  if (auto d = std::get_if<double>(&raw)) {
    // A spreadsheet serial: whole days since 1899-12-30 (1900 and 1904 bugs
    // aside, which no campaign date reaches).
    if (*d < 1 || *d > 2958465 || std::floor(*d) != *d) return std::nullopt;
    Date day = Date(std::chrono::days(int64_t(*d) - 25569));  // 1970-01-01 is serial 25569
    return format_date(day);
  }
  auto s = std::get_if<std::string>(&raw);
  if (!s) return std::nullopt;
  std::string t = trim(*s);
  // 2017/11/30, 2017.11.30, 2017年11月30日 → 2017-11-30 (one-digit month/day too).
  std::string digits[3];
  int part = 0;
  for (size_t i = 0; i < t.size() && part < 3;) {
    unsigned char c = static_cast<unsigned char>(t[i]);
    if (c >= '0' && c <= '9') {
      digits[part] += char(c);
      ++i;
      continue;
    }
    size_t len = c < 0x80 ? 1 : c >= 0xE0 ? 3 : 2;
    std::string sep = t.substr(i, len);
    if (sep != "-" && sep != "/" && sep != "." && sep != "年" && sep != "月" && sep != "日")
      return std::nullopt;
    if (!digits[part].empty()) ++part;
    i += len;
  }
  if (digits[0].size() != 4 || digits[1].empty() || digits[1].size() > 2 || digits[2].empty() ||
      digits[2].size() > 2)
    return std::nullopt;
  auto pad = [](const std::string& x) { return x.size() == 1 ? "0" + x : x; };
  std::string iso = digits[0] + "-" + pad(digits[1]) + "-" + pad(digits[2]);
  if (!parse_date(iso)) return std::nullopt;
  return iso;
}

std::optional<bool> boolean_of(const RawValue& raw) {
  if (auto b = std::get_if<bool>(&raw)) return *b;
  if (auto d = std::get_if<double>(&raw)) {
    if (*d == 1) return true;
    if (*d == 0) return false;
    return std::nullopt;
  }
  if (auto s = std::get_if<std::string>(&raw)) {
    std::string t = trim(*s);
    for (const char* yes : {"true", "TRUE", "True", "1", "是", "有", "√", "✓", "yes", "Yes", "Y", "y"})
      if (t == yes) return true;
    for (const char* no : {"false", "FALSE", "False", "0", "否", "无", "×", "✗", "no", "No", "N", "n"})
      if (t == no) return false;
  }
  return std::nullopt;
}

bool empty(const RawValue& raw) {
  if (std::holds_alternative<std::nullptr_t>(raw)) return true;
  if (auto s = std::get_if<std::string>(&raw)) return trim(*s).empty();
  return false;
}

}  // namespace

std::variant<LedgerValue, Issue> check_ledger_value(const LedgerField& f, const RawValue& raw) {
  if (empty(raw)) {
    if (f.required) return issue("required");
    return LedgerValue{};
  }
  switch (f.type) {
    case FieldType::text:
    case FieldType::long_text: {
      std::string t;
      if (auto s = std::get_if<std::string>(&raw))
        t = trim(*s);
      else if (auto d = std::get_if<double>(&raw))
        t = format_number(*d);  // a number in a text column: keep it as written
      else
        return issue("one_of", {{"values", "text"}});
      bool multi = f.type == FieldType::long_text;
      size_t max = f.max_length ? size_t(f.max_length) : multi ? kLongTextDefault : kTextDefault;
      if (auto bad = check_text(t, max, f.required, multi)) return *bad;
      return LedgerValue{t};
    }
    case FieldType::integer: {
      auto v = number_of(raw);
      if (!v || std::floor(*v) != *v || std::fabs(*v) > 9e15) return issue("not_an_integer");
      if (auto bad = bounds(f, *v)) return *bad;
      return LedgerValue{int64_t(*v)};
    }
    case FieldType::decimal: {
      auto v = number_of(raw);
      if (!v) return issue("not_a_number");
      if (auto bad = bounds(f, *v)) return *bad;
      return LedgerValue{*v};
    }
    case FieldType::date: {
      auto d = date_of(raw);
      if (!d) return issue("not_a_date", {{"example", "2017-11-30"}});
      return LedgerValue{*d};
    }
    case FieldType::boolean: {
      auto b = boolean_of(raw);
      if (!b) return issue("not_a_boolean");
      return LedgerValue{*b};
    }
    case FieldType::choice: {
      std::string t = std::holds_alternative<std::string>(raw) ? trim(std::get<std::string>(raw)) : "";
      for (const auto& c : f.choices)
        if (t == c.code || t == c.label.zh || t == c.label.en) return LedgerValue{c.code};
      std::string values;
      for (const auto& c : f.choices) values += (values.empty() ? "" : ", ") + c.label.zh;
      return issue("one_of", {{"values", values}});
    }
    case FieldType::credit_code: {
      if (!std::holds_alternative<std::string>(raw)) return issue("credit_code_length", {{"length", "0"}});
      std::string code = normalise_credit_code(std::get<std::string>(raw));
      if (auto bad = check_credit_code(code)) return *bad;
      return LedgerValue{code};
    }
    case FieldType::phone: {
      std::string t;
      if (auto s = std::get_if<std::string>(&raw))
        t = trim(*s);
      else if (auto d = std::get_if<double>(&raw); d && std::floor(*d) == *d && *d > 0 && *d < 1e12)
        t = std::to_string(int64_t(*d));  // a mobile number typed into a number cell
      if (!valid_phone(t)) return issue("bad_phone");
      return LedgerValue{t};
    }
  }
  return issue("required");
}

std::vector<FieldError> check_ledger_values(const LedgerType& type,
                                            const std::vector<std::pair<std::string, RawValue>>& values,
                                            bool partial, std::map<std::string, LedgerValue>& out) {
  std::vector<FieldError> errors;
  for (const auto& [name, raw] : values) {
    const LedgerField* f = type.field(name);
    if (!f) {
      errors.push_back({name, issue("unknown_field")});
      continue;
    }
    auto checked = check_ledger_value(*f, raw);
    if (auto bad = std::get_if<Issue>(&checked))
      errors.push_back({name, *bad});
    else
      out[name] = std::get<LedgerValue>(checked);
  }
  if (!partial)
    for (const auto& f : type.fields)
      if (f.required && !out.count(f.name)) {
        bool reported = false;
        for (const auto& e : errors) reported = reported || e.field == f.name;
        if (!reported) errors.push_back({f.name, issue("required")});
      }
  return errors;
}

std::vector<std::pair<std::string, std::string>> ledger_filter_values(
    const LedgerType& type, const std::map<std::string, LedgerValue>& values) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& name : type.filters) {
    if (!type.field(name)) continue;  // a built-in
    auto it = values.find(name);
    if (it == values.end()) continue;
    if (auto s = std::get_if<std::string>(&it->second))
      out.emplace_back(name, *s);
    else if (auto b = std::get_if<bool>(&it->second))
      out.emplace_back(name, *b ? "1" : "0");
  }
  return out;
}

std::set<std::string, std::less<>> ledger_guards_met(const WorkflowDef& wf,
                                                     const std::map<std::string, LedgerValue>& values,
                                                     bool asked) {
  std::set<std::string, std::less<>> out;
  for (const auto& t : wf.transitions)
    for (const auto& g : t.guards) {
      auto guard = parse_ledger_guard(g);
      if (!guard) continue;  // the type's parser refused it already
      if (asked && std::find(t.required_fields.begin(), t.required_fields.end(), guard->field) !=
                       t.required_fields.end()) {
        out.insert(g);
        continue;
      }
      auto it = values.find(guard->field);
      if (it == values.end()) continue;
      std::string code;
      if (const auto* s = std::get_if<std::string>(&it->second))
        code = *s;
      else if (const auto* b = std::get_if<bool>(&it->second))
        code = *b ? "true" : "false";
      if (std::find(guard->values.begin(), guard->values.end(), code) != guard->values.end()) out.insert(g);
    }
  return out;
}

}  // namespace lantian
