#include "core/checklist.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "core/installed.h"
#include "core/ledgers.h"
#include "core/toml_reader.h"

namespace lantian {
using namespace toml_reader;

const ChecklistItem* Checklist::item(std::string_view code) const {
  for (const auto& i : items)
    if (i.code == code) return &i;
  return nullptr;
}

bool Checklist::applies_to(std::string_view target) const {
  for (const auto& t : targets)
    if (t == target) return true;
  return false;
}

namespace {
constexpr std::pair<std::string_view, CheckResult> kResults[] = {
    {"pass", CheckResult::pass},
    {"fail", CheckResult::fail},
    {"not_applicable", CheckResult::not_applicable}};
}

constexpr InspectionResultDef kInspectionResults[] = {
    {"pass", "合格", "Passed", "#67c23a"},
    {"fail", "不合格", "Failed", "#f56c6c"},
};

std::span<const InspectionResultDef> inspection_results() { return kInspectionResults; }

std::optional<CheckResult> check_result_named(std::string_view name) {
  for (const auto& [n, r] : kResults)
    if (n == name) return r;
  return std::nullopt;
}

std::string_view check_result_name(CheckResult r) {
  for (const auto& [n, v] : kResults)
    if (v == r) return n;
  return "pass";
}

Result<Checklist> parse_checklist(std::string_view text, const std::string& source,
                                  const std::function<bool(std::string_view)>& is_target) {
  Problems p(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Error::invalid(
        fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, e.description()));
  }
  Checklist c;
  Reader r{root, p, ""};
  check_keys(root, {"name", "label", "targets", "items"}, p, "");
  c.name = r.str("name", true);
  if (!c.name.empty() && !snake_name(c.name)) p.add(r.node("name"), "name must be lower_snake_case");
  c.label = r.label();
  if (const toml::node* n = r.node("targets")) {
    const toml::array* a = n->as_array();
    if (!a) p.add(n, "targets must be a list of ledger types or \"enterprise\"");
    if (a)
      for (const auto& e : *a) {
        auto v = e.value<std::string>();
        if (!v || !is_target(*v))
          p.add(&e,
                fmt::format("targets: \"{}\" is neither a ledger type nor \"enterprise\"", v.value_or("?")));
        else
          c.targets.push_back(*v);
      }
  }
  if (c.targets.empty()) p.add(&root, "targets: name at least one ledger type or \"enterprise\"");
  std::set<std::string, std::less<>> codes;
  for (const toml::table* t : tables(root, "items", p)) {
    Reader ir{*t, p, "item: "};
    check_keys(*t, {"code", "label", "help"}, p, ir.where);
    ChecklistItem it;
    it.code = ir.str("code", true);
    ir.where = fmt::format("item \"{}\": ", it.code);
    if (!it.code.empty() && !snake_name(it.code))
      p.add(ir.node("code"), ir.where + "code must be lower_snake_case");
    if (!codes.insert(it.code).second) p.add(ir.node("code"), ir.where + "duplicate code");
    it.label = ir.label();
    if (const toml::node* h = ir.node("help")) {
      if (const toml::table* ht = h->as_table()) {
        Reader hr{*ht, p, ir.where + "help: "};
        it.help.zh = hr.str("zh-CN", true);
        it.help.en = hr.str("en", true);
      } else {
        p.add(h, ir.where + "help must be { zh-CN = \"…\", en = \"…\" }");
      }
    }
    c.items.push_back(std::move(it));
  }
  if (c.items.empty()) p.add(&root, "a checklist needs [[items]]");
  if (!p.empty()) return p.error();
  return c;
}

const Checklist* ChecklistSet::find(std::string_view name) const {
  for (const auto& c : lists_)
    if (c.name == name) return &c;
  return nullptr;
}

Result<ChecklistSet> load_checklists(const std::vector<WorkflowSource>& overrides, const std::string& origin,
                                     const std::function<bool(std::string_view)>& is_target) {
  std::map<std::string, std::pair<std::string, std::string>> files;
  for (const auto& s : shipped_checklists()) files[s.file] = {"resources/checklists/" + s.file, s.text};
  for (const auto& s : overrides) files[s.file] = {origin.empty() ? s.file : origin + "/" + s.file, s.text};
  std::vector<std::string> problems;
  ChecklistSet set;
  for (const auto& [file, src] : files) {
    auto c = parse_checklist(src.second, src.first, is_target);
    if (!c.ok()) {
      problems.push_back(c.error().message);
      continue;
    }
    if (c->name + ".toml" != file) {
      problems.push_back(fmt::format("{}: name = \"{}\" but the file is named {}", src.first, c->name, file));
      continue;
    }
    set.add(std::move(*c));
  }
  if (!problems.empty()) {
    std::string m;
    for (const auto& x : problems) m += (m.empty() ? "" : "\n") + x;
    return Error::invalid(m);
  }
  return set;
}

namespace {
Result<ChecklistSet> load_shipped() {
  return load_checklists({}, "",
                         [](std::string_view t) { return t == "enterprise" || ledger_types().find(t); });
}
Installed<ChecklistSet>& installed() {
  static Installed<ChecklistSet> set(load_shipped, "checklist");
  return set;
}
}  // namespace

void install_checklists(ChecklistSet set) { installed().install(std::move(set)); }
const ChecklistSet& checklists() { return installed().get(); }

}  // namespace lantian
