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

// An integer key in lo..hi into `out` (kept when absent).
void bounded(Reader& r, std::string_view key, int64_t lo, int64_t hi, auto& out) {
  auto v = r.integer(key);
  if (!v) return;
  if (*v < lo || *v > hi)
    r.p.add(r.node(key), r.where + fmt::format("\"{}\" must be {}..{}", key, lo, hi));
  else
    out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
}

// [[monitoring]]: core/monitoring_rules.h. Sources and types are this file's.
void parse_monitoring(const toml::table& root, Problems& p, ProblemRules& out) {
  for (const toml::table* t : toml_reader::tables(root, "monitoring", p)) {
    toml_reader::check_keys(
        *t,
        {"name", "label", "kind", "station_kinds", "hours", "gap_hours", "source", "problem_type",
         "deadline_working_days", "pollutant", "radius_m", "min_neighbours", "ratio_percent", "min_excess"},
        p, "monitoring: ");
    Reader r{*t, p, "monitoring: "};
    MonitoringRule m;
    m.name = r.str("name", true);
    r.where = fmt::format("monitoring \"{}\": ", m.name);
    if (!m.name.empty() && !toml_reader::snake_name(m.name))
      p.add(r.node("name"), r.where + "names are lower_snake_case");
    if (out.monitoring_rule(m.name)) p.add(r.node("name"), r.where + "defined twice");
    m.label = r.label();
    const std::string kind = r.str("kind", true);
    if (kind == "over_limit")
      m.kind = MonitoringKind::over_limit;
    else if (kind == "hot_spot")
      m.kind = MonitoringKind::hot_spot;
    else if (!kind.empty())
      p.add(r.node("kind"), r.where + fmt::format("unknown kind \"{}\" (over_limit, hot_spot)", kind));
    m.station_kinds = r.list("station_kinds");
    if (m.station_kinds.empty()) p.add(t, r.where + "\"station_kinds\" names no station kind");
    for (const auto& k : m.station_kinds)
      if (!find_station_kind(k))
        p.add(r.node("station_kinds"), r.where + fmt::format("unknown station kind \"{}\"", k));
    bounded(r, "hours", 1, 72, m.hours);
    bounded(r, "gap_hours", 0, 72, m.gap_hours);
    m.source = r.str("source", true);
    if (!m.source.empty() && !out.source(m.source))
      p.add(r.node("source"), r.where + fmt::format("unknown source \"{}\"", m.source));
    m.problem_type = r.str("problem_type", true);
    if (!m.problem_type.empty() && !out.type(m.problem_type))
      p.add(r.node("problem_type"), r.where + fmt::format("unknown problem type \"{}\"", m.problem_type));
    bounded(r, "deadline_working_days", 0, 60, m.deadline_working_days);
    if (r.node("pollutant")) {
      const std::string pol = r.str("pollutant", false);
      m.pollutant = aq_pollutant_index(pol);
      if (m.pollutant < 0) {
        p.add(r.node("pollutant"),
              r.where + fmt::format("unknown pollutant \"{}\" (so2 no2 co o3 pm10 pm25)", pol));
        m.pollutant = 5;
      }
    }
    bounded(r, "radius_m", 100, 50'000, m.radius_m);
    bounded(r, "min_neighbours", 1, 50, m.min_neighbours);
    bounded(r, "ratio_percent", 100, 10'000, m.ratio_percent);
    int64_t excess = m.min_excess_milli / 1000;
    bounded(r, "min_excess", 0, 10'000, excess);
    m.min_excess_milli = int32_t(excess * 1000);
    out.monitoring.push_back(std::move(m));
  }
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

const MonitoringRule* ProblemRules::monitoring_rule(std::string_view name) const {
  for (const auto& m : monitoring)
    if (m.name == name) return &m;
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
  toml_reader::check_keys(root, {"duplicate_radius_m", "sources", "types", "escalation", "monitoring"}, p, "");
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

  parse_monitoring(root, p, out);
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
