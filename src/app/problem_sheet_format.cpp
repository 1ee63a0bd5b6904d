// The spreadsheet forms of supervision problems (app/problem_sheet_format.h).
#include "app/problem_sheet_format.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "io/plan_sheet.h"
#include "io/xlsx_reader.h"

namespace lantian::app::problem_sheet {
namespace {

// "5", "５", "五", "十五", "二十", "二十五" -> the number; nullopt otherwise.
std::optional<int> small_number(std::string_view text) {
  std::string s = halfwidth_ascii(text);
  if (s.empty()) return std::nullopt;
  if (std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (s.size() > 4) return std::nullopt;
    return std::stoi(s);
  }
  static const std::pair<std::string_view, int> kDigits[] = {{"〇", 0}, {"零", 0}, {"一", 1}, {"二", 2},
                                                             {"两", 2}, {"三", 3}, {"四", 4}, {"五", 5},
                                                             {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}};
  auto digit = [&](std::string_view d) -> std::optional<int> {
    for (const auto& [k, v] : kDigits)
      if (d == k) return v;
    return std::nullopt;
  };
  const std::string_view ten = "十";
  auto at = s.find(ten);
  if (at == std::string::npos) return digit(s);
  int tens = 1, ones = 0;
  if (at > 0) {
    auto t = digit(std::string_view(s).substr(0, at));
    if (!t || *t == 0) return std::nullopt;
    tens = *t;
  }
  std::string_view rest = std::string_view(s).substr(at + ten.size());
  if (!rest.empty()) {
    auto o = digit(rest);
    if (!o) return std::nullopt;
    ones = *o;
  }
  return tens * 10 + ones;
}

Issue not_a_deadline(const std::string& value) {
  return issue("not_a_deadline", {{"value", shorten_text(value, 40)}});
}

}  // namespace

const std::vector<ColumnDef>& columns() {
  static const std::vector<ColumnDef> c = {
      {Column::seq, "seq", "序号", true, 6, {"问题序号", "项目序号", "序列号"}},
      {Column::number, "number", "编号", true, 24, {"问题编号", "督办编号", "交办编号"}},
      {Column::source,
       "source",
       "问题来源",
       true,
       16,
       {"交办来源", "来源", "问题来源(交办单位)", "交办单位"}},
      {Column::type, "type", "问题类型", true, 16, {"类型", "问题类别", "类别", "问题分类"}},
      {Column::description,
       "description",
       "问题描述",
       true,
       48,
       {"问题", "存在问题", "问题内容", "具体问题", "主要问题", "反映问题", "问题情况", "发现问题",
        "问题描述及整改要求"}},
      {Column::address,
       "address",
       "所在地",
       true,
       24,
       {"地址", "所在地址", "详细地址", "位置", "地点", "问题地点", "所在位置", "所在地/地址"}},
      {Column::unit,
       "unit",
       "责任单位",
       true,
       14,
       {"整改责任单位", "责任主体", "属地责任单位", "责任单位(属地)"}},
      {Column::leaders, "leaders", "责任领导", false, 18, {"责任领导(党政同责)"}},
      {Column::person, "person", "责任人", true, 10, {"整改责任人", "具体责任人"}},
      {Column::deadline,
       "deadline",
       "整改时限",
       true,
       12,
       {"完成时限", "整改期限", "办结时限", "时限要求", "整改时间", "整改完成时限"}},
      {Column::measures, "measures", "整改措施", false, 36, {"整改情况"}},
      {Column::status, "status", "整改状态", false, 12, {"状态", "办理状态", "整改进展"}},
      {Column::verification,
       "verification",
       "核查情况/销号时间",
       false,
       24,
       {"核查情况", "销号时间", "核查销号"}},
      {Column::lookback, "lookback", "回头看", false, 16, {"回头看情况"}},
      {Column::remarks, "remarks", "备注", false, 24, {}},
      {Column::enterprise,
       "enterprise",
       "企业名称",
       true,
       24,
       {"企业", "涉及企业", "企业(单位)名称", "企业单位名称", "点位名称", "项目名称", "问题点位"}},
      {Column::credit_code, "credit_code", "统一社会信用代码", true, 22, {"信用代码", "社会信用代码"}},
      {Column::standard,
       "standard",
       "整改要求",
       true,
       36,
       {"整改标准", "整改要求及标准", "办理要求", "整改目标"}},
      {Column::lng, "lng", "经度", true, 12, {}},
      {Column::lat, "lat", "纬度", true, 12, {}},
      {Column::lnglat, "lnglat", "经纬度", true, 22, {"坐标", "经纬度坐标", "位置坐标"}},
      {Column::disposition, "disposition", "处置方式", true, 10, {"处理方式", "处置类型", "处置措施"}},
  };
  return c;
}

const ColumnDef& column_def(Column c) { return columns()[size_t(c)]; }

std::optional<Column> column_named(std::string_view name) {
  for (const auto& d : columns())
    if (d.name == name) return d.column;
  return std::nullopt;
}

std::vector<Column> export_columns() {
  std::vector<Column> out;
  for (int c = int(Column::seq); c <= int(Column::remarks); ++c) out.push_back(Column(c));
  return out;
}

std::optional<Column> column_for_header(std::string_view header) {
  const std::string full = sheet_key(header);
  if (full.empty()) return std::nullopt;
  const std::string bare = without_note(full);
  for (const std::string* h : {&full, &bare})
    for (const auto& d : columns()) {
      if (*h == sheet_key(d.header)) return d.column;
      for (auto a : d.aliases)
        if (*h == sheet_key(a)) return d.column;
    }
  return std::nullopt;
}

std::optional<size_t> header_row(const std::vector<std::vector<SheetCell>>& rows) {
  std::optional<size_t> best;
  int best_score = 1;
  for (size_t r = 0; r < rows.size() && r < size_t(kHeaderSearchRows); ++r) {
    std::vector<bool> seen(kColumnCount, false);
    int score = 0;
    for (const auto& c : rows[r])
      if (auto col = column_for_header(c.text); col && !seen[size_t(*col)]) {
        seen[size_t(*col)] = true;
        ++score;
      }
    if (score > best_score) best = r, best_score = score;
  }
  return best;
}

bool continues_header(const std::vector<std::string>& header, const std::vector<SheetCell>& row) {
  bool names_new = false, any = false;
  for (size_t i = 0; i < row.size(); ++i) {
    std::string text = trim(row[i].text);
    if (text.empty()) continue;
    any = true;
    const std::string above = i < header.size() ? header[i] : std::string();
    if (text == above) continue;
    auto col = column_for_header(text);
    if (!col) return false;
    if (col != column_for_header(above)) names_new = true;
  }
  return any && names_new;
}

std::variant<std::monostate, DeadlineCell, Issue> parse_deadline(const SheetCell& c) {
  if (std::holds_alternative<std::nullptr_t>(c.raw) || trim(c.text).empty()) return std::monostate{};
  DeadlineCell d;
  if (c.is_date) {
    if (!parse_date(c.text)) return not_a_deadline(c.text);
    d.date = c.text;
    return d;
  }
  if (auto n = std::get_if<double>(&c.raw)) {
    // A date serial in a cell without a date format (2000-01-01 .. 2099-12-31).
    if (*n >= 36526 && *n < 73051 && std::floor(*n) == *n)
      if (auto date = io::excel_serial_to_date(*n, false)) {
        d.date = *date;
        return d;
      }
    return not_a_deadline(c.text);
  }
  const std::string text = trim(c.text);
  const std::string s = sheet_key(text);
  if (s.find("立行立改") != std::string::npos) {
    d.kind = DeadlineKind::immediate;
    return d;
  }
  std::string_view v = s;
  for (std::string_view tail : {"以内", "之内", "内"})
    if (v.ends_with(tail)) {
      v.remove_suffix(tail.size());
      break;
    }
  for (std::string_view unit : {"个工作日", "工作日"})
    if (v.ends_with(unit)) {
      auto n = small_number(v.substr(0, v.size() - unit.size()));
      if (!n || *n < 1 || *n > 365) return not_a_deadline(text);
      d.kind = DeadlineKind::working_days;
      d.days = *n;
      return d;
    }
  std::string date_text = s;
  for (std::string_view before : {"之前", "以前", "前"})
    if (auto at = date_text.find(before); at != std::string::npos && at > 0) {
      date_text.erase(at);
      break;
    }
  if (auto date = io::plan::parse_text_date(date_text)) {
    d.date = *date;
    return d;
  }
  return not_a_deadline(text);
}

std::string deadline_text(const DeadlineCell& d) {
  switch (d.kind) {
    case DeadlineKind::immediate:
      return "立行立改";
    case DeadlineKind::working_days:
      return std::to_string(d.days) + "个工作日";
    default:
      return d.date;
  }
}

std::optional<Disposition> parse_disposition(std::string_view text) {
  const std::string s = sheet_key(text);
  if (auto d = disposition_named(s)) return d;
  if (s.find("取缔") != std::string::npos) return Disposition::ban;
  if (s.find("搬迁") != std::string::npos) return Disposition::relocate;
  if (s.find("整改") != std::string::npos) return Disposition::rectify;
  return std::nullopt;
}

std::string_view disposition_label(Disposition d) {
  switch (d) {
    case Disposition::ban:
      return "取缔";
    case Disposition::relocate:
      return "搬迁";
    default:
      return "整改";
  }
}

namespace {

template <class T>
const T* find_labelled(const std::vector<T>& list, std::string_view text) {
  const std::string full = sheet_key(text);
  if (full.empty()) return nullptr;
  for (const auto& x : list)
    if (full == sheet_key(x.name) || full == sheet_key(x.label.zh) || full == sheet_key(x.label.en))
      return &x;
  // Without a trailing note on either side ("中央环保督察" for "中央环保督察（巡查组）"), if one only.
  const std::string bare = without_note(full);
  const T* found = nullptr;
  for (const auto& x : list)
    if (bare == without_note(sheet_key(x.label.zh))) {
      if (found) return nullptr;
      found = &x;
    }
  return found;
}

}  // namespace

const ProblemSource* find_source(const ProblemRules& r, std::string_view text) {
  return find_labelled(r.sources, text);
}
const ProblemType* find_type(const ProblemRules& r, std::string_view text) {
  return find_labelled(r.types, text);
}

std::string title_from(std::string_view description) {
  std::string_view rest = description;
  while (!rest.empty()) {
    auto nl = rest.find('\n');
    std::string line = trim(rest.substr(0, nl));
    if (!line.empty() && line.back() == '\r') line.pop_back();
    line = trim(line);
    if (!line.empty()) return shorten_text(line, 200);
    if (nl == std::string_view::npos) break;
    rest.remove_prefix(nl + 1);
  }
  return {};
}

std::optional<LngLat> parse_point(std::string_view text) {
  std::string s = halfwidth_ascii(trim(text));
  for (size_t at; (at = s.find("，")) != std::string::npos;) s.replace(at, std::string("，").size(), ",");
  for (char& ch : s)
    if (ch == ' ' || ch == ';') ch = ',';
  auto comma = s.find(',');
  if (comma == std::string::npos) return std::nullopt;
  std::string rest = s.substr(comma + 1);
  while (!rest.empty() && rest[0] == ',') rest.erase(0, 1);
  try {
    size_t a = 0, b = 0;
    double lng = std::stod(s.substr(0, comma), &a);
    double lat = std::stod(rest, &b);
    if (a != comma || b != rest.size()) return std::nullopt;
    return LngLat{lng, lat};
  } catch (...) {
    return std::nullopt;
  }
}

std::optional<double> parse_coordinate(const SheetCell& c) { return sheet_number(c); }

}  // namespace lantian::app::problem_sheet
