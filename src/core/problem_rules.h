// The supervision problem loop's rules as data (resources/problems.toml,
// replaceable per deployment): the sources problems come from with their
// government-style numbers, the kinds of problem with their work areas, the
// look-back delay and the duplicate radius, and the escalation ladder for
// lateness. The workflow is resources/workflows/problem.toml.
//
//   duplicate_radius_m = 200
//   [[sources]]    name, label = { zh-CN, en }, number = "禹攻坚督〔{year}〕{seq}号", lookback_days
//   [[types]]      name, label, work_area (core/work_areas.h), lookback_days
//   [[escalation]] days_overdue, step = "reminder" | "warning" | "interview"
//   [[monitoring]] monitoring data → problems (core/monitoring_rules.h)
//
// Errors: parse_problem_rules() returns invalid with one line per problem,
// each naming the source and line:column (unknown key, bad name, duplicate
// name, a number without {year} and {seq} or equal to another source's, an
// unknown work area, days out of 1..365, ladder steps out of order).
//
// Thread-safety: ProblemRules is an immutable value; install_problem_rules()
// must be called before other threads read problem_rules().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/monitoring_rules.h"
#include "core/workflow.h"

namespace lantian {

struct ProblemSource {
  std::string name;  // "district"
  Label label;
  std::string number;  // "禹攻坚督〔{year}〕{seq}号"
  std::optional<int> lookback_days;
};

struct ProblemType {
  std::string name;  // "construction_dust"
  Label label;
  std::string work_area;  // "construction_dust"
  std::optional<int> lookback_days;
};

// The steps of the escalation ladder, in the order they are taken.
enum class EscalationStep { none = 0, reminder = 1, warning = 2, interview = 3 };
std::string_view escalation_step_name(EscalationStep s);
std::optional<EscalationStep> escalation_step_named(std::string_view name);

// A rung: taken once when an open problem is `days_overdue` days late; it
// tells `notify` (recipients of the problem workflow's registry: "unit",
// "unit_leaders", "person", "handler", ...) with the notification template
// `notice`.
struct EscalationRung {
  int days_overdue = 0;
  EscalationStep step = EscalationStep::none;
  std::vector<std::string> notify;
  std::string notice;
};

struct ProblemRules {
  int duplicate_radius_m = 200;
  std::vector<ProblemSource> sources;
  std::vector<ProblemType> types;
  std::vector<EscalationRung> escalation;  // days_overdue ascending, steps ascending
  std::vector<MonitoringRule> monitoring;  // monitoring → action (core/monitoring_rules.h)

  const ProblemSource* source(std::string_view name) const;
  const ProblemType* type(std::string_view name) const;
  const MonitoringRule* monitoring_rule(std::string_view name) const;
  // Days from closing to the look-back: the type's, else the source's, else
  // `default_days` (the workflow timer's).
  int lookback_days_for(std::string_view source, std::string_view type, int default_days) const;
  // The highest step reached `days_overdue` days past the deadline (none if <= 0).
  EscalationStep step_for(int days_overdue) const;
};

// The number a source gives its `seq`-th problem of `year`.
std::string format_problem_number(const ProblemSource& s, int year, int64_t seq);

Result<ProblemRules> parse_problem_rules(std::string_view toml_text, std::string_view source);

// The shipped file's text (resources/problems.toml, embedded).
std::string_view shipped_problem_rules();

void install_problem_rules(ProblemRules rules);
// Until installed: the shipped rules (a shipped file that does not validate
// is a build defect and aborts).
const ProblemRules& problem_rules();

}  // namespace lantian
