#include "core/task_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/task_workflow.h"
#include "core/workflows.h"

namespace lantian {
namespace {

bool done(const std::string& status) { return task_status_done(status); }

// Sums of decimal quantities (e.g. 0.1 + 0.2) are compared with a tolerance
// relative to the magnitude, so 3 × 333.3333 may fill 1000 but 1000.1 may not.
bool approx_equal(double a, double b) {
  return std::fabs(a - b) <= 1e-6 * std::max({1.0, std::fabs(a), std::fabs(b)});
}

}  // namespace

std::string format_quantity(double v) {
  if (std::fabs(v - std::round(v)) < 1e-9) return fmt::format("{}", static_cast<long long>(std::llround(v)));
  std::string s = fmt::format("{:.4f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

namespace {
// The numeric last segment of a code ("1.12" → 12), or -1.
long long last_segment_number(const std::string& code) {
  size_t dot = code.rfind('.');
  std::string_view seg = std::string_view(code).substr(dot == std::string::npos ? 0 : dot + 1);
  if (seg.empty() || seg.size() > 9) return -1;
  long long n = 0;
  for (char c : seg) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}
}  // namespace

bool CodeCounter::note(const std::string& code) {
  long long n = last_segment_number(code);
  if (n <= last_number) return false;
  last_number = n;
  size_t dot = code.rfind('.');
  prefix = dot == std::string::npos ? "" : code.substr(0, dot + 1);
  return true;
}

std::string CodeCounter::next_child(const std::string& parent_code) {
  std::string n = std::to_string(++last_number);
  prefix = parent_code.empty() ? "" : parent_code + ".";
  return prefix + n;
}

std::string CodeCounter::next_top() { return prefix + std::to_string(++last_number); }

CodeCounter code_counter_of(const std::vector<std::string>& codes) {
  CodeCounter c;
  for (const auto& code : codes) c.note(code);
  return c;
}

std::string next_child_code(const std::string& parent_code, const std::vector<std::string>& sibling_codes) {
  return code_counter_of(sibling_codes).next_child(parent_code);
}

std::string next_top_code(const std::vector<std::string>& sibling_codes) {
  return code_counter_of(sibling_codes).next_top();
}

std::optional<std::string> rolled_up_status(const std::string& parent_status,
                                            const std::vector<std::string>& child_statuses) {
  // The parent takes the same step a progress report would take it, once a
  // child has moved past the workflow's initial state into work.
  const WorkflowDef& wf = task_workflow();
  if (parent_status != wf.initial) return std::nullopt;
  std::string to = status_after_report(parent_status);
  if (to == parent_status) return std::nullopt;
  for (const auto& s : child_statuses)
    if (s == to || task_status_done(s)) return to;
  return std::nullopt;
}

bool ready_for_acceptance(const std::string& status, int child_count, int open_child_count) {
  return child_count > 0 && open_child_count == 0 && !task_status_frozen(status);
}

double percent_shown(double progress) {
  if (!(progress > 0)) return 0;
  if (progress >= 1) return 100;
  // The small nudge keeps 0.29 (28.999… in binary) at 29.0.
  double tenths = std::floor(progress * 1000 + 1e-6);
  return std::min(tenths, 999.0) / 10;
}

Rollup leaf_rollup(const ProgressInput& t) {
  Rollup r;
  r.achieved_value = t.achieved_value;
  if (done(t.status)) {
    r.progress = 1;
  } else if (t.target_value && *t.target_value > 0) {
    r.progress = std::clamp(t.achieved_value / *t.target_value, 0.0, 1.0);
  } else if (t.reported_percent) {
    r.progress = std::clamp(*t.reported_percent / 100.0, 0.0, 1.0);
  }
  return r;
}

Rollup parent_rollup(const ProgressInput& parent, const std::vector<ChildProgress>& children) {
  if (children.empty()) return leaf_rollup(parent);
  Rollup r;
  double weights = 0, weighted = 0;
  for (const auto& c : children) {
    double w = c.weight > 0 ? c.weight : 0;
    weights += w;
    weighted += w * std::clamp(c.progress, 0.0, 1.0);
    if (c.measure_unit == parent.measure_unit) r.achieved_value += c.achieved_value;
  }
  r.progress = weights > 0 ? std::clamp(weighted / weights, 0.0, 1.0) : 0;
  if (done(parent.status)) r.progress = 1;
  return r;
}

Status check_allocation(std::optional<double> parent_target, const std::string& parent_unit,
                        const std::vector<AllocationChild>& children, bool exact,
                        const std::string& field_prefix) {
  std::vector<FieldError> errors;
  double sum = 0;
  bool any = false;
  for (size_t i = 0; i < children.size(); ++i) {
    const auto& c = children[i];
    if (!c.target_value) continue;
    std::string field = field_prefix.empty() ? "" : fmt::format("{}[{}].", field_prefix, i);
    if (*c.target_value < 0) {
      errors.push_back({field + "target_value", issue("not_negative")});
      continue;
    }
    if (!parent_target) {
      errors.push_back({field + "target_value", issue("no_target_to_split")});
      continue;
    }
    if (c.measure_unit != parent_unit) {
      errors.push_back({field + "measure_unit", issue("measure_unit_mismatch", {{"expected", parent_unit}})});
      continue;
    }
    sum += *c.target_value;
    any = true;
  }
  if (!errors.empty()) return Error::validation(std::move(errors));
  if (!parent_target || !any) {
    if (exact && parent_target) {
      Error e = Error::field(field_prefix.empty() ? "target_value" : field_prefix, "sum_mismatch",
                             {{"expected", format_quantity(*parent_target) + " " + parent_unit},
                              {"actual", "0 " + parent_unit}});
      e.code = "sum_mismatch";
      e.params = e.fields[0].params;
      e.message = e.fields[0].message;
      return e;
    }
    return {};
  }
  bool over = sum > *parent_target && !approx_equal(sum, *parent_target);
  bool short_of = exact && sum < *parent_target && !approx_equal(sum, *parent_target);
  if (over || short_of) {
    // The code names the rule broken: more than the parent holds, or (for a
    // whole split) not all of it; params give both sums with their unit.
    Error e = Error::field(field_prefix.empty() ? "target_value" : field_prefix,
                           over ? "sum_exceeds" : "sum_mismatch",
                           {{"expected", format_quantity(*parent_target) + " " + parent_unit},
                            {"actual", format_quantity(sum) + " " + parent_unit}});
    e.message = e.fields[0].message;
    e.code = e.fields[0].code;
    e.params = e.fields[0].params;
    return e;
  }
  return {};
}

}  // namespace lantian
