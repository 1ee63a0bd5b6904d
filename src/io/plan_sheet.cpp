#include "io/plan_sheet.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>

#include "core/calendar.h"
#include "core/error_codes.h"
#include "core/task_rules.h"
#include "core/text.h"

namespace lantian::io::plan {

namespace {

const std::vector<FieldDef>& defs() {
  static const std::vector<FieldDef> d = {
      {"code", "序号", false, false, {"序号", "编号", "任务编号"}},
      {"title",
       "工作任务",
       true,
       false,
       {"工作任务", "任务名称", "任务", "重点任务", "具体任务", "工作任务名称"}},
      {"work_area", "重点领域", false, true, {"重点领域", "工作领域", "领域"}},
      {"lead_unit", "牵头单位", false, true, {"牵头单位", "牵头部门"}},
      {"owner_unit", "责任单位", true, true, {"责任单位", "责任部门", "承办单位"}},
      {"responsible_leader", "责任领导", false, true, {"责任领导", "分管领导"}},
      {"responsible_person", "责任人", false, true, {"责任人", "联系人"}},
      {"phone", "联系电话", false, true, {"联系电话", "电话", "手机", "手机号码"}},
      {"start_date", "开始时间", false, true, {"开始时间", "开始日期"}},
      {"deadline", "完成时限", true, true, {"完成时限", "完成时间", "完成日期", "截止时间", "截止日期"}},
      {"target_value", "目标值", false, false, {"目标值", "目标任务", "目标", "任务量"}},
      {"measure_unit", "计量单位", false, true, {"计量单位", "单位"}},
      {"description", "工作内容", false, true, {"工作内容", "备注", "工作要求", "具体措施"}},
      {"task_id", "任务ID", false, false, {"任务ID", "任务编号ID"}},
      {"parent_task_id", "上级任务ID", false, false, {"上级任务ID"}},
      {"version", "版本", false, false, {"版本", "版本号"}},
  };
  return d;
}

// Header text without spaces, line breaks, a leading "*" (required marks)
// and a trailing parenthesised note: "完成时限\n（年月日）" -> "完成时限".
std::string normalize_header(std::string_view s) {
  std::string t;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (s.compare(i, 3, "\u3000") == 0) {  // ideographic space
      i += 2;
      continue;
    }
    t += s[i];
  }
  while (!t.empty() && t.front() == '*') t.erase(0, 1);
  for (std::string_view open : {"（", "("}) {
    auto p = t.find(open);
    if (p != std::string::npos && p > 0) t.erase(p);
  }
  return t;
}

bool blank(const Cell& c) {
  if (c.type == Cell::Type::empty) return true;
  if (c.type == Cell::Type::string || c.type == Cell::Type::formula_string) return trim(c.text).empty();
  return false;
}

std::string text_of(const Cell& c) {
  if (c.type == Cell::Type::empty) return "";
  return trim(c.as_text());
}

std::optional<double> parse_number(std::string_view s) {
  std::string t;
  for (char c : s)
    if (c != ',' && c != ' ') t += c;
  if (t.empty()) return std::nullopt;
  double v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "1", "1.2", "1.2.3": digits separated by dots, at most 8 levels.
bool valid_code(std::string_view s) {
  if (s.empty() || s.front() == '.' || s.back() == '.') return false;
  int levels = 1;
  size_t run = 0;
  for (char c : s) {
    if (c == '.') {
      if (run == 0) return false;
      run = 0;
      ++levels;
    } else if (c >= '0' && c <= '9') {
      if (++run > 6) return false;
    } else {
      return false;
    }
  }
  return levels <= 8;
}

}  // namespace

std::span<const FieldDef> fields() { return defs(); }

const FieldDef* find_field(std::string_view key) {
  for (const auto& f : defs())
    if (f.key == key) return &f;
  return nullptr;
}

std::optional<int> header_row(const Sheet& s) {
  std::optional<int> first;
  int row = -1, count = 0;
  for (const auto& e : s.cells()) {
    if (blank(e.cell)) continue;
    if (e.row != row) {
      row = e.row;
      count = 0;
      if (!first) first = row;
    }
    if (++count == 2) return row;
  }
  return first;
}

std::vector<std::string> header_texts(const Sheet& s, int row) {
  std::vector<std::string> out;
  for (int c = 0; c < s.cols; ++c) out.push_back(text_of(s.cell(row, c)));
  return out;
}

Mapping suggest_mapping(const std::vector<std::string>& headers) {
  Mapping m;
  std::set<int> used;
  for (const auto& f : defs()) {
    // Aliases in order of preference: "单位" is 计量单位 only when nothing
    // better claims the column.
    for (auto alias : f.headers) {
      bool found = false;
      for (int c = 0; c < int(headers.size()) && !found; ++c) {
        if (used.count(c) || normalize_header(headers[size_t(c)]) != alias) continue;
        m[std::string(f.key)] = c;
        used.insert(c);
        found = true;
      }
      if (found) break;
    }
  }
  return m;
}

Status check_mapping(const Mapping& m, int max_col) {
  std::vector<FieldError> errs;
  std::map<int, std::string> by_col;
  for (const auto& [key, col] : m) {
    if (!find_field(key)) {
      errs.push_back({"mapping." + key, issue("unknown_plan_field")});
      continue;
    }
    if (col < 0 || col >= max_col) {
      errs.push_back(
          {"mapping." + key, issue("column_outside", {{"column", std::to_string(col)},
                                                      {"max", std::to_string(std::max(0, max_col - 1))}})});
      continue;
    }
    auto [it, fresh] = by_col.emplace(col, key);
    if (!fresh)
      errs.push_back({"mapping." + key, issue("column_mapped_twice",
                                              {{"column", column_letters(col)}, {"other", it->second}})});
  }
  for (const auto& f : defs())
    if (f.required && !m.count(std::string(f.key)))
      errs.push_back(
          {"mapping." + std::string(f.key), issue("column_required", {{"label", std::string(f.label_zh)}})});
  if (!errs.empty()) return Error::validation(std::move(errs));
  return {};
}

std::optional<std::string> parse_text_date(std::string_view t) {
  // Split into three runs of digits with the allowed separators between.
  int parts[3] = {0, 0, 0};
  int digits[3] = {0, 0, 0};
  size_t i = 0;
  auto eat = [&](std::string_view sep) {
    if (t.compare(i, sep.size(), sep) != 0) return false;
    i += sep.size();
    return true;
  };
  for (int k = 0; k < 3; ++k) {
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      if (++digits[k] > 4) return std::nullopt;
      parts[k] = parts[k] * 10 + (t[i] - '0');
      ++i;
    }
    if (digits[k] == 0) return std::nullopt;
    if (k == 0 && !(eat("年") || eat("-") || eat("/") || eat("."))) return std::nullopt;
    if (k == 1 && !(eat("月") || eat("-") || eat("/") || eat("."))) return std::nullopt;
  }
  if (i < t.size() && !eat("日") && !eat("号")) return std::nullopt;
  if (i != t.size() || digits[0] != 4 || digits[1] > 2 || digits[2] > 2) return std::nullopt;
  std::string iso = fmt::format("{:04}-{:02}-{:02}", parts[0], parts[1], parts[2]);
  if (!parse_date(iso)) return std::nullopt;
  return iso;
}

Result<std::string> cell_date(const Cell& c) {
  // Coded not_a_date; the English message says more about the cell.
  auto bad = [](std::string message) {
    Error e = Error::make("not_a_date", {{"example", "2017-10-31"}});
    e.message = std::move(message);
    return e;
  };
  switch (c.type) {
    case Cell::Type::number:
      if (c.is_date) {
        auto d = excel_serial_to_date(c.number, c.date1904);
        if (!d) return bad("is not a valid date");
        return *d;
      }
      return bad(fmt::format("{} is a number, not a date: format the cell as a date or write 2017-10-31",
                             c.as_text()));
    case Cell::Type::string:
    case Cell::Type::formula_string: {
      std::string t = trim(c.text);
      if (auto d = parse_text_date(t)) return *d;
      return bad(fmt::format("\"{}\" is not a date; write 2017-10-31, 2017/10/31 or 2017年10月31日", t));
    }
    default:
      return bad(fmt::format("\"{}\" is not a date", c.as_text()));
  }
}

Result<ParsedPlan> parse_plan(const Sheet& s, const Mapping& m) {
  LT_TRY(check_mapping(m, std::max(s.cols, 1)));
  auto hdr = header_row(s);
  if (!hdr) return Error::make("sheet_empty");
  ParsedPlan out;
  out.header_row = *hdr;
  auto col_of = [&](std::string_view key) -> int {
    auto it = m.find(std::string(key));
    return it == m.end() ? -1 : it->second;
  };
  auto label = [](std::string_view key) { return std::string(find_field(key)->label_zh); };

  // Vertical merges in the data area: a fill-down field's value reaches the
  // rows below its first; any other field's merge is an error there.
  std::map<std::pair<int, int>, std::pair<int, int>> fill;  // (row, col) -> source cell
  std::map<int, std::vector<RowError>> merge_errors;        // by row
  for (const auto& g : s.merged) {
    if (g.last_row == g.first_row || g.first_row <= out.header_row) continue;
    // Bounded by the rows that exist, whatever the range says (the reader
    // clips too; a Sheet built otherwise may not be).
    const int last_row = std::min(g.last_row, s.rows - 1);
    for (const auto& f : defs()) {
      int c = col_of(f.key);
      if (c != g.first_col) continue;  // the value lives in the range's first column
      if (blank(s.cell(g.first_row, g.first_col))) continue;
      std::string range = fmt::format("{}{}:{}{}", column_letters(g.first_col), g.first_row + 1,
                                      column_letters(g.last_col), last_row + 1);
      for (int r = g.first_row + 1; r <= last_row; ++r) {
        if (f.fill_down) {
          fill[{r, c}] = {g.first_row, g.first_col};
        } else {
          Issue i = issue("merged_rows", {{"cell", range}});
          merge_errors[r].push_back(
              {r, c, std::string(f.key), std::string(f.label_zh) + ": " + i.message, i.code, i.params});
        }
      }
    }
  }
  auto cell = [&](int r, int c) -> const Cell& {
    auto it = fill.find({r, c});
    return it == fill.end() ? s.cell(r, c) : s.cell(it->second.first, it->second.second);
  };

  std::vector<bool> target_bad;
  for (int r = out.header_row + 1; r < s.rows; ++r) {
    bool own = false;
    for (const auto& [key, c] : m) own = own || !blank(s.cell(r, c));
    if (!own) {
      ++out.empty_rows;
      continue;
    }
    PlanRow row;
    row.row = r;
    auto err = [&](std::string_view key, Issue i) {
      out.errors.push_back(
          {r, col_of(key), std::string(key), label(key) + ": " + i.message, i.code, i.params});
    };
    auto text = [&](std::string_view key) -> std::string {
      int c = col_of(key);
      return c < 0 ? std::string() : text_of(cell(r, c));
    };
    std::set<std::string> merged_fields;
    if (auto it = merge_errors.find(r); it != merge_errors.end())
      for (auto& e : it->second) {
        merged_fields.insert(e.field);
        out.errors.push_back(e);
      }

    row.code = text("code");
    if (!row.code.empty() && row.code.back() == '.') row.code.pop_back();  // "1." as some plans write it
    if (!row.code.empty() && !valid_code(row.code))
      err("code", issue("bad_plan_code", {{"value", row.code}}));
    row.title = text("title");
    if (row.title.empty() && !merged_fields.count("title")) err("title", issue("required"));
    row.work_area = text("work_area");
    row.lead_unit = text("lead_unit");
    row.owner_unit = text("owner_unit");
    if (row.owner_unit.empty()) err("owner_unit", issue("required"));
    row.responsible_leader = text("responsible_leader");
    row.responsible_person = text("responsible_person");
    row.phone = text("phone");
    row.measure_unit = text("measure_unit");
    row.description = text("description");
    for (std::string_view key : {"start_date", "deadline"}) {
      int c = col_of(key);
      if (c < 0 || blank(cell(r, c))) {
        if (key == "deadline") err(key, issue("required"));
        continue;
      }
      auto d = cell_date(cell(r, c));
      if (!d.ok())
        err(key, Issue{d.error().code, d.error().params, d.error().message});
      else
        (key == "deadline" ? row.deadline : row.start_date) = *d;
    }
    bool bad_target = false;
    if (int c = col_of("target_value");
        c >= 0 && !blank(cell(r, c)) && !merged_fields.count("target_value")) {
      const Cell& v = cell(r, c);
      std::optional<double> n;
      if (v.type == Cell::Type::number && !v.is_date)
        n = v.number;
      else if (v.type == Cell::Type::string || v.type == Cell::Type::formula_string)
        n = parse_number(trim(v.text));
      if (!n) {
        Issue i = issue("not_a_number");
        i.message = fmt::format("\"{}\" is not a number", v.as_text());
        err("target_value", i);
        bad_target = true;
      } else if (*n < 0) {
        err("target_value", issue("not_negative"));
        bad_target = true;
      } else {
        row.target_value = *n;
      }
    }
    // The ledger's keys: positive integers.
    for (std::string_view key : {"task_id", "parent_task_id", "version"}) {
      std::string v = text(key);
      if (v.empty()) continue;
      int64_t id = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), id);
      if (ec != std::errc() || p != v.data() + v.size() || id <= 0) {
        err(key, issue("not_an_integer"));
        continue;
      }
      (key == "task_id" ? row.task_id : key == "parent_task_id" ? row.parent_task_id : row.version) = id;
    }
    out.rows.push_back(std::move(row));
    target_bad.push_back(bad_target);
  }

  // The hierarchy (rules in plan_sheet.h): keys first, then 序号 prefixes
  // of rows above.
  std::map<std::string, size_t> by_code;  // first row with each 序号
  std::map<int64_t, size_t> by_key;       // first row with each task key
  for (size_t i = 0; i < out.rows.size(); ++i) {
    auto& row = out.rows[i];
    if (row.task_id) by_key.emplace(*row.task_id, i);
    if (row.code.empty() || !valid_code(row.code)) continue;
    auto [it, fresh] = by_code.emplace(row.code, i);
    // Existing tasks may share a 序号 (the database does not forbid it);
    // two new rows may not.
    if (!fresh && !row.task_id && !out.rows[it->second].task_id) {
      Issue is = issue("duplicate_plan_code",
                       {{"code", row.code}, {"other_row", std::to_string(out.rows[it->second].row + 1)}});
      out.errors.push_back(
          {row.row, col_of("code"), "code", label("code") + ": " + is.message, is.code, is.params});
    }
  }
  for (size_t i = 0; i < out.rows.size(); ++i) {
    auto& row = out.rows[i];
    std::optional<size_t> parent;
    if (row.parent_task_id) {
      auto it = by_key.find(*row.parent_task_id);
      if (it != by_key.end() && it->second < i) parent = it->second;
    } else if (!row.task_id && !row.code.empty() && valid_code(row.code)) {
      auto dot = row.code.rfind('.');
      auto it = dot == std::string::npos ? by_code.end() : by_code.find(row.code.substr(0, dot));
      if (it != by_code.end() && it->second < i) parent = it->second;
    }
    if (!parent) continue;
    row.parent = parent;
    out.rows[*parent].children.push_back(i);
  }

  // Children with a target but no unit of measure count in their parent's;
  // parents first, so the unit passes down several levels.
  std::vector<size_t> order;
  std::function<void(size_t)> visit = [&](size_t i) {
    order.push_back(i);
    for (size_t k : out.rows[i].children) visit(k);
  };
  for (size_t i = 0; i < out.rows.size(); ++i)
    if (!out.rows[i].parent) visit(i);
  for (size_t i : order) {
    auto& row = out.rows[i];
    if (row.parent && row.target_value && row.measure_unit.empty())
      row.measure_unit = out.rows[*row.parent].measure_unit;
  }

  // A parent's target is split among its children exactly.
  for (size_t i = 0; i < out.rows.size(); ++i) {
    const auto& p = out.rows[i];
    // An existing task's split is the task service's to check (its children
    // need not all be in the sheet).
    if (p.children.empty() || target_bad[i] || p.task_id) continue;
    if (std::any_of(p.children.begin(), p.children.end(), [&](size_t k) { return bool(target_bad[k]); }))
      continue;  // already reported; a sum would only mislead
    std::vector<AllocationChild> alloc;
    for (size_t k : p.children)
      alloc.push_back(
          {fmt::format("row {}", out.rows[k].row + 1), out.rows[k].target_value, out.rows[k].measure_unit});
    auto st = check_allocation(p.target_value, p.measure_unit, alloc, p.target_value.has_value(), "c");
    if (st.ok()) continue;
    for (const auto& fe : st.error().fields) {
      // "c[2].target_value" names a child; "c" the split as a whole.
      if (fe.field.rfind("c[", 0) == 0) {
        size_t k = p.children[size_t(std::stoul(fe.field.substr(2)))];
        std::string key = fe.field.substr(fe.field.find("].") + 2);
        out.errors.push_back(
            {out.rows[k].row, col_of(key), key, label(key) + ": " + fe.message, fe.code, fe.params});
      } else {
        out.errors.push_back({p.row, col_of("target_value"), "target_value",
                              label("target_value") + ": " + fe.message, fe.code, fe.params});
      }
    }
  }

  std::set<int> bad_rows;
  for (const auto& e : out.errors) bad_rows.insert(e.row);
  for (auto& row : out.rows) row.has_errors = bad_rows.count(row.row) > 0;
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const RowError& a, const RowError& b) { return a.row < b.row; });
  return out;
}

}  // namespace lantian::io::plan
