#include "core/problem_rules.h"

#include <algorithm>
#include <set>

#include "core/installed.h"
#include "core/problem.h"
#include "core/toml_reader.h"
#include "core/work_areas.h"

namespace lantian {

extern const char kShippedProblemRules[];  // gen/core/problem_rules_data.cpp

namespace {

using toml_reader::Problems;
using toml_reader::Reader;

constexpr std::pair<EscalationStep, std::string_view> kSteps[] = {
    {EscalationStep::reminder, "reminder"},
    {EscalationStep::warning, "warning"},
    {EscalationStep::interview, "interview"},
};

// Days in 1..365, or nullopt (absent, or a problem recorded).
std::optional<int> days(Reader& r, std::string_view key) {
  auto v = r.integer(key);
  if (!v) return std::nullopt;
  if (*v < 1 || *v > 365) {
    r.p.add(r.node(key), r.where + fmt::format("\"{}\" must be 1..365 days", key));
    return std::nullopt;
  }
  return int(*v);
}

// The number without its placeholders: what tells one source's numbers from another's.
std::string fixed_text(std::string number) {
  for (std::string_view ph : {"{year}", "{seq}"})
    if (auto at = number.find(ph); at != std::string::npos) number.erase(at, ph.size());
  return number;
}

}  // namespace

std::string_view escalation_step_name(EscalationStep s) {
  for (const auto& [step, name] : kSteps)
    if (step == s) return name;
  return "none";
}

std::optional<EscalationStep> escalation_step_named(std::string_view name) {
  for (const auto& [step, n] : kSteps)
    if (n == name) return step;
  if (name == "none") return EscalationStep::none;
  return std::nullopt;
}

const ProblemSource* ProblemRules::source(std::string_view name) const {
  for (const auto& s : sources)
    if (s.name == name) return &s;
  return nullptr;
}

const ProblemType* ProblemRules::type(std::string_view name) const {
  for (const auto& t : types)
    if (t.name == name) return &t;
  return nullptr;
}

int ProblemRules::lookback_days_for(std::string_view source_name, std::string_view type_name,
                                    int default_days) const {
  if (const ProblemType* t = type(type_name); t && t->lookback_days) return *t->lookback_days;
  if (const ProblemSource* s = source(source_name); s && s->lookback_days) return *s->lookback_days;
  return default_days;
}

EscalationStep ProblemRules::step_for(int days_overdue) const {
  EscalationStep out = EscalationStep::none;
  for (const auto& r : escalation)
    if (days_overdue >= r.days_overdue) out = r.step;
  return out;
}

std::string format_problem_number(const ProblemSource& s, int year, int64_t seq) {
  std::string out = s.number;
  if (auto at = out.find("{year}"); at != std::string::npos) out.replace(at, 6, std::to_string(year));
  if (auto at = out.find("{seq}"); at != std::string::npos) out.replace(at, 5, std::to_string(seq));
  return out;
}

Result<ProblemRules> parse_problem_rules(std::string_view text, std::string_view source) {
  Problems p(source);
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    return Error::invalid(
        fmt::format("{}:{}:{}: {}", source, e.source().begin.line, e.source().begin.column, e.description()));
  }
  toml_reader::check_keys(root, {"duplicate_radius_m", "sources", "types", "escalation"}, p, "");
  ProblemRules out;
  Reader top{root, p, ""};
  if (auto r = top.integer("duplicate_radius_m")) {
    if (*r < 1 || *r > 10000)
      p.add(top.node("duplicate_radius_m"), "\"duplicate_radius_m\" must be 1..10000 metres");
    else
      out.duplicate_radius_m = int(*r);
  }

  std::set<std::string> numbers;
  for (const toml::table* t : toml_reader::tables(root, "sources", p)) {
    toml_reader::check_keys(*t, {"name", "label", "number", "lookback_days"}, p, "source: ");
    Reader r{*t, p, "source: "};
    ProblemSource s;
    s.name = r.str("name", true);
    r.where = fmt::format("source \"{}\": ", s.name);
    if (!s.name.empty() && !toml_reader::snake_name(s.name))
      p.add(r.node("name"), r.where + "names are lower_snake_case");
    if (out.source(s.name)) p.add(r.node("name"), r.where + "defined twice");
    s.label = r.label();
    s.number = r.str("number", true);
    if (!s.number.empty()) {
      if (s.number.find("{year}") == std::string::npos || s.number.find("{seq}") == std::string::npos)
        p.add(r.node("number"), r.where + "\"number\" must contain {year} and {seq}");
      else if (!numbers.insert(fixed_text(s.number)).second)
        p.add(r.node("number"), r.where + "\"number\" is another source's: numbers would collide");
    }
    s.lookback_days = days(r, "lookback_days");
    out.sources.push_back(std::move(s));
  }
  if (out.sources.empty()) p.add(&root, "no [[sources]]");

  for (const toml::table* t : toml_reader::tables(root, "types", p)) {
    toml_reader::check_keys(*t, {"name", "label", "work_area", "lookback_days"}, p, "type: ");
    Reader r{*t, p, "type: "};
    ProblemType ty;
    ty.name = r.str("name", true);
    r.where = fmt::format("type \"{}\": ", ty.name);
    if (!ty.name.empty() && !toml_reader::snake_name(ty.name))
      p.add(r.node("name"), r.where + "names are lower_snake_case");
    if (out.type(ty.name)) p.add(r.node("name"), r.where + "defined twice");
    ty.label = r.label();
    ty.work_area = r.str("work_area", true);
    if (!ty.work_area.empty() && !find_work_area(ty.work_area))
      p.add(r.node("work_area"), r.where + fmt::format("unknown work area \"{}\"", ty.work_area));
    ty.lookback_days = days(r, "lookback_days");
    out.types.push_back(std::move(ty));
  }
  if (out.types.empty()) p.add(&root, "no [[types]]");

  for (const toml::table* t : toml_reader::tables(root, "escalation", p)) {
    toml_reader::check_keys(*t, {"days_overdue", "step", "notify", "notice"}, p, "escalation: ");
    Reader r{*t, p, "escalation: "};
    EscalationRung rung;
    if (auto d = days(r, "days_overdue"))
      rung.days_overdue = *d;
    else if (!r.node("days_overdue"))
      p.add(t, "escalation: missing \"days_overdue\"");
    std::string step = r.str("step", true);
    auto s = escalation_step_named(step);
    if (!s || *s == EscalationStep::none)
      p.add(r.node("step"),
            fmt::format("escalation: unknown step \"{}\" (reminder, warning, interview)", step));
    else
      rung.step = *s;
    // Who hears of the rung, as a problem.toml action names them.
    rung.notify = r.list("notify");
    const auto& known = problem_workflow_registry().recipients;
    for (const auto& n : rung.notify)
      if (!known.count(n)) p.add(r.node("notify"), fmt::format("escalation: unknown recipient \"{}\"", n));
    if (rung.notify.empty())
      p.add(t, "escalation: \"notify\" names no one (unit, unit_leaders, person, handler, ...)");
    rung.notice = r.str("notice", true);
    if (!rung.notice.empty() && !toml_reader::snake_name(rung.notice))
      p.add(r.node("notice"), "escalation: notice must be lower_snake_case (a-z, 0-9, _)");
    if (!out.escalation.empty() && (rung.days_overdue <= out.escalation.back().days_overdue ||
                                    int(rung.step) <= int(out.escalation.back().step)))
      p.add(t, "escalation: steps must go up with the days overdue (reminder, warning, interview)");
    out.escalation.push_back(rung);
  }

  if (!p.empty()) return p.error();
  return out;
}

std::string_view shipped_problem_rules() { return kShippedProblemRules; }

namespace {
Result<ProblemRules> load_shipped() {
  return parse_problem_rules(shipped_problem_rules(), "resources/problems.toml");
}
Installed<ProblemRules>& installed() {
  static Installed<ProblemRules> rules(load_shipped, "problem rules");
  return rules;
}
}  // namespace

void install_problem_rules(ProblemRules rules) { installed().install(std::move(rules)); }
const ProblemRules& problem_rules() { return installed().get(); }

}  // namespace lantian
