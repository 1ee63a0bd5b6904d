#include "core/ledger_type.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "core/text.h"
#include "core/toml_reader.h"
#include "core/work_areas.h"

namespace lantian {
namespace {

using namespace toml_reader;

constexpr std::pair<std::string_view, FieldType> kTypes[] = {
    {"text", FieldType::text},       {"long_text", FieldType::long_text},
    {"integer", FieldType::integer}, {"decimal", FieldType::decimal},
    {"date", FieldType::date},       {"boolean", FieldType::boolean},
    {"choice", FieldType::choice},   {"credit_code", FieldType::credit_code},
    {"phone", FieldType::phone},
};

bool is_number(FieldType t) { return t == FieldType::integer || t == FieldType::decimal; }
bool is_text(FieldType t) { return t == FieldType::text || t == FieldType::long_text; }
bool filterable(FieldType t) {
  return t == FieldType::choice || t == FieldType::boolean || t == FieldType::date;
}

bool is_builtin(std::string_view name) {
  const auto& b = ledger_builtins();
  return std::find(b.begin(), b.end(), name) != b.end();
}

std::optional<double> number(Reader& r, std::string_view key) {
  const toml::node* n = r.node(key);
  if (!n) return std::nullopt;
  if (auto v = n->value<double>()) return *v;  // toml++ reads integers as doubles too
  r.p.add(n, r.where + fmt::format("\"{}\" must be a number", key));
  return std::nullopt;
}

LedgerField read_field(const toml::table& t, Problems& p) {
  LedgerField f;
  Reader r{t, p, ""};
  f.name = r.str("name", true);
  r.where = fmt::format("field \"{}\": ", f.name);
  check_keys(t, {"name", "label", "type", "required", "unit", "min", "max", "max_length", "choices", "help"},
             p, r.where);
  if (!f.name.empty() && !snake_name(f.name))
    p.add(r.node("name"), r.where + "name must be lower_snake_case");
  if (!f.name.empty() && is_builtin(f.name))
    p.add(r.node("name"), r.where + "is a built-in column of every row; name the field otherwise");
  f.label = r.label();
  std::string type = r.str("type", true);
  if (auto ft = field_type_named(type))
    f.type = *ft;
  else if (!type.empty())
    p.add(r.node("type"), r.where + fmt::format("unknown type \"{}\"", type));
  f.required = r.boolean("required");
  f.unit = r.str("unit", false);
  f.min = number(r, "min");
  f.max = number(r, "max");
  if ((f.min || f.max) && !is_number(f.type))
    p.add(r.node(f.min ? "min" : "max"), r.where + "min and max are for integer and decimal fields");
  if (f.min && f.max && *f.min > *f.max) p.add(r.node("min"), r.where + "min is above max");
  if (auto n = r.integer("max_length")) {
    if (!is_text(f.type))
      p.add(r.node("max_length"), r.where + "max_length is for text fields");
    else if (*n < 1 || *n > 10000)
      p.add(r.node("max_length"), r.where + "max_length must be 1..10000");
    else
      f.max_length = int(*n);
  }
  if (const toml::node* h = r.node("help")) {
    if (const toml::table* ht = h->as_table()) {
      Reader hr{*ht, p, r.where + "help: "};
      f.help.zh = hr.str("zh-CN", true);
      f.help.en = hr.str("en", true);
    } else {
      p.add(h, r.where + "help must be { zh-CN = \"…\", en = \"…\" }");
    }
  }
  std::set<std::string, std::less<>> codes;
  for (const toml::table* c : tables(t, "choices", p)) {
    Reader cr{*c, p, r.where + "choice: "};
    check_keys(*c, {"code", "label"}, p, cr.where);
    FieldChoice ch;
    ch.code = cr.str("code", true);
    cr.where = r.where + fmt::format("choice \"{}\": ", ch.code);
    ch.label = cr.label();
    if (!ch.code.empty() && !snake_name(ch.code))
      p.add(cr.node("code"), cr.where + "code must be lower_snake_case");
    if (!codes.insert(ch.code).second) p.add(cr.node("code"), cr.where + "duplicate code");
    f.choices.push_back(std::move(ch));
  }
  if (f.type == FieldType::choice && f.choices.empty()) p.add(&t, r.where + "a choice field needs choices");
  if (f.type != FieldType::choice && !f.choices.empty())
    p.add(r.node("choices"), r.where + "choices are for choice fields");
  return f;
}

}  // namespace

std::optional<FieldType> field_type_named(std::string_view name) {
  for (const auto& [n, t] : kTypes)
    if (n == name) return t;
  return std::nullopt;
}

std::string_view field_type_name(FieldType t) {
  for (const auto& [n, v] : kTypes)
    if (v == t) return n;
  return "text";
}

const FieldChoice* LedgerField::choice(std::string_view code) const {
  for (const auto& c : choices)
    if (c.code == code) return &c;
  return nullptr;
}

const LedgerField* LedgerType::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

const std::vector<std::string_view>& ledger_builtins() {
  static const std::vector<std::string_view> kBuiltins = {"unit", "enterprise", "location", "status",
                                                          "updated_at"};
  return kBuiltins;
}

Label ledger_builtin_label(std::string_view name) {
  static const std::pair<std::string_view, Label> kLabels[] = {
      {"unit", {"责任单位", "Responsible unit"}}, {"enterprise", {"企业", "Enterprise"}},
      {"location", {"经纬度", "Location"}},       {"status", {"状态", "Status"}},
      {"updated_at", {"更新时间", "Updated"}},
  };
  for (const auto& [n, l] : kLabels)
    if (n == name) return l;
  return {std::string(name), std::string(name)};
}

Label ledger_column_label(const LedgerType& t, std::string_view column) {
  if (const LedgerField* f = t.field(column)) return f->label;
  return ledger_builtin_label(column);
}

std::vector<std::string> match_ledger_headers(const LedgerType& t, const std::vector<std::string>& headers) {
  // Spaces, full-width forms, case and a trailing unit "（t/h）" do not matter.
  auto key = [](std::string_view s) {
    std::string h = halfwidth_ascii(trim(s)), out;
    // A trailing "(t/h)" or "（户）": a unit, not part of the name.
    if (h.ends_with(")")) {
      if (auto p = h.rfind('('); p != std::string::npos && p > 0) h = h.substr(0, p);
    } else if (h.ends_with("）")) {
      if (auto p = h.rfind("（"); p != std::string::npos && p > 0) h = h.substr(0, p);
    }
    for (char c : h)
      if (c != ' ' && c != '\t' && c != '*') out += char(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  std::vector<std::pair<std::string, std::string>> names;  // key -> column
  auto add = [&](const std::string& column, const Label& l) {
    for (const auto& n : {column, l.zh, l.en})
      if (!n.empty()) names.emplace_back(key(n), column);
  };
  for (const auto& f : t.fields) add(f.name, f.label);
  for (auto b : ledger_builtins()) add(std::string(b), ledger_builtin_label(b));
  std::vector<std::string> out;
  std::set<std::string> claimed;
  for (const auto& h : headers) {
    std::string k = key(h), col;
    for (const auto& [n, c] : names)
      if (n == k && !claimed.count(c)) {
        col = c;
        break;
      }
    if (!col.empty()) claimed.insert(col);
    out.push_back(col);
  }
  return out;
}

Result<LedgerType> parse_ledger_type(std::string_view text, const std::string& source,
                                     const std::function<const WorkflowDef*(std::string_view)>& workflow_of) {
  Problems p(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    p.add(nullptr, fmt::format("{}:{}: {}", e.source().begin.line, e.source().begin.column, e.description()));
    return p.error();
  }
  check_keys(root,
             {"name", "label", "work_area", "workflow", "title_field", "fields", "list", "excel", "counts"},
             p, "");
  LedgerType d;
  Reader r{root, p, ""};
  d.name = r.str("name", true);
  if (!d.name.empty() && !snake_name(d.name)) p.add(r.node("name"), "name must be lower_snake_case");
  d.label = r.label();
  d.work_area = r.str("work_area", true);
  if (!d.work_area.empty() && !find_work_area(d.work_area))
    p.add(r.node("work_area"), fmt::format("unknown work area \"{}\"", d.work_area));
  d.workflow = r.str("workflow", true);
  d.title_field = r.str("title_field", true);

  std::set<std::string, std::less<>> names;
  for (const toml::table* t : tables(root, "fields", p)) {
    LedgerField f = read_field(*t, p);
    if (!f.name.empty() && !names.insert(f.name).second)
      p.add(t->get("name"), fmt::format("field \"{}\": duplicate name", f.name));
    d.fields.push_back(std::move(f));
  }
  if (d.fields.empty()) p.add(&root, "a ledger needs fields ([[fields]])");
  if (!d.title_field.empty()) {
    const LedgerField* tf = d.field(d.title_field);
    if (!tf)
      p.add(r.node("title_field"), fmt::format("title_field: unknown field \"{}\"", d.title_field));
    else if (tf->type != FieldType::text || !tf->required)
      p.add(r.node("title_field"), "title_field must be a required text field");
  }

  // A list of column names that must each be a field or a built-in.
  auto columns = [&](Reader& section, std::string_view key, const std::string& where, bool filters) {
    std::vector<std::string> out = section.list(key);
    std::set<std::string, std::less<>> seen;
    for (const auto& c : out) {
      const toml::node* at = section.node(key);
      const LedgerField* f = d.field(c);
      if (!f && !is_builtin(c))
        p.add(at, fmt::format("{}: unknown field \"{}\"", where, c));
      else if (filters && f && !filterable(f->type))
        p.add(at,
              fmt::format("{}: \"{}\" cannot be a filter (only choice, boolean, date fields and built-ins)",
                          where, c));
      if (!seen.insert(c).second) p.add(at, fmt::format("{}: \"{}\" twice", where, c));
    }
    return out;
  };
  auto section = [&](std::string_view key) -> const toml::table* {
    const toml::node* n = root.get(key);
    if (!n) {
      p.add(&root, fmt::format("missing [{}]", key));
      return nullptr;
    }
    const toml::table* t = n->as_table();
    if (!t) p.add(n, fmt::format("\"{}\" must be a table ([{}])", key, key));
    return t;
  };
  if (const toml::table* lt = section("list")) {
    check_keys(*lt, {"columns", "filters"}, p, "list: ");
    Reader lr{*lt, p, "list: "};
    d.list_columns = columns(lr, "columns", "list columns", false);
    d.filters = columns(lr, "filters", "list filters", true);
    if (d.list_columns.empty()) p.add(lt, "list: columns must name at least one column");
  }
  if (const toml::table* xt = section("excel")) {
    check_keys(*xt, {"columns", "key"}, p, "excel: ");
    Reader xr{*xt, p, "excel: "};
    d.excel_columns = columns(xr, "columns", "excel columns", false);
    d.excel_key = columns(xr, "key", "excel key", false);
    if (d.excel_columns.empty()) p.add(xt, "excel: columns must name at least one column");
    for (const auto& k : d.excel_key)
      if (std::find(d.excel_columns.begin(), d.excel_columns.end(), k) == d.excel_columns.end())
        p.add(xr.node("key"), fmt::format("excel key: \"{}\" is not one of the sheet's columns", k));
    // A required field left out of the sheet could never be imported.
    for (const auto& f : d.fields)
      if (f.required &&
          std::find(d.excel_columns.begin(), d.excel_columns.end(), f.name) == d.excel_columns.end())
        p.add(xt, fmt::format("excel: required field \"{}\" is not a column", f.name));
  }

  const WorkflowDef* wf = d.workflow.empty() ? nullptr : workflow_of(d.workflow);
  if (!d.workflow.empty() && !wf)
    p.add(r.node("workflow"), fmt::format("unknown workflow \"{}\"", d.workflow));
  if (wf)
    for (const auto& t : wf->transitions)
      for (const auto& req : t.required_fields)
        if (!d.field(req))
          p.add(r.node("workflow"), fmt::format("workflow \"{}\": action \"{}\" requires \"{}\", not a field",
                                                d.workflow, t.name, req));
  if (wf)
    for (const auto& t : wf->transitions)
      for (const auto& g : t.guards) {
        const auto where = fmt::format("workflow \"{}\": action \"{}\": guard \"{}\"", d.workflow, t.name, g);
        auto guard = parse_ledger_guard(g);
        const LedgerField* f = guard ? d.field(guard->field) : nullptr;
        if (!guard) {
          p.add(r.node("workflow"), where + " is not field=value[|value]");
        } else if (!f || (f->type != FieldType::choice && f->type != FieldType::boolean)) {
          p.add(r.node("workflow"), where + " names no choice or boolean field");
        } else {
          for (const auto& v : guard->values) {
            bool known = f->type == FieldType::boolean
                             ? (v == "true" || v == "false")
                             : std::any_of(f->choices.begin(), f->choices.end(),
                                           [&](const FieldChoice& c) { return c.code == v; });
            if (!known) p.add(r.node("workflow"), where + fmt::format(": \"{}\" is no value of it", v));
          }
        }
      }
  for (const toml::table* t : tables(root, "counts", p)) {
    Reader cr{*t, p, "count: "};
    check_keys(*t, {"state", "quantity", "label"}, p, cr.where);
    LedgerCount c;
    c.state = cr.str("state", true);
    c.quantity = cr.str("quantity", true);
    c.label = cr.label();
    if (wf && !c.state.empty() && !wf->state(c.state))
      p.add(cr.node("state"),
            fmt::format("count: \"{}\" is not a state of workflow \"{}\"", c.state, d.workflow));
    if (!c.quantity.empty() && c.quantity != "rows") {
      const LedgerField* f = d.field(c.quantity);
      if (!f || !is_number(f->type))
        p.add(cr.node("quantity"),
              fmt::format("count: quantity \"{}\" must be \"rows\" or a number field", c.quantity));
    }
    d.counts.push_back(std::move(c));
  }
  if (!p.empty()) return p.error();
  return d;
}

std::vector<LedgerCountGroup> ledger_count_groups(const LedgerType& t) {
  std::vector<LedgerCountGroup> out;
  for (size_t i = 0; i < t.counts.size(); ++i) {
    const LedgerCount& c = t.counts[i];
    auto same = [&](const LedgerCountGroup& g) {
      return g.quantity == c.quantity && g.label.zh == c.label.zh;
    };
    auto it = std::find_if(out.begin(), out.end(), same);
    if (it == out.end()) it = out.insert(out.end(), LedgerCountGroup{int(i), c.quantity, c.label, {}});
    it->states.push_back(c.state);
  }
  return out;
}

std::optional<LedgerGuard> parse_ledger_guard(std::string_view guard) {
  const size_t eq = guard.find('=');
  if (eq == std::string_view::npos || eq == 0) return std::nullopt;
  LedgerGuard g{std::string(guard.substr(0, eq)), {}};
  std::string_view rest = guard.substr(eq + 1);
  for (size_t b = 0; b <= rest.size();) {
    size_t e = rest.find('|', b);
    if (e == std::string_view::npos) e = rest.size();
    if (e == b) return std::nullopt;  // an empty value
    g.values.emplace_back(rest.substr(b, e - b));
    b = e + 1;
  }
  const auto plain = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) {
      return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
             c == '_';
    });
  };
  if (!plain(g.field)) return std::nullopt;
  for (const auto& v : g.values)
    if (!plain(v)) return std::nullopt;
  return g;
}

}  // namespace lantian
