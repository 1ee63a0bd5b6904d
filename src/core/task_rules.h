// Rules of the task tree: how progress and quantities roll up from subtasks,
// and how a parent's quantitative target may be split among its children
// (任务分解). Pure functions over plain numbers, so the store can keep the
// rolled-up values current in the same transaction as each change.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/error.h"

namespace lantian {

// What roll-up needs to know about one task.
struct ProgressInput {
  std::string status;
  std::optional<double> target_value;
  std::string measure_unit;
  double achieved_value = 0;               // latest cumulative report (leaf) or children's sum
  std::optional<double> reported_percent;  // latest report's percent (leaf without target)
  double weight = 1;
};

struct Rollup {
  double progress = 0;  // 0..1
  double achieved_value = 0;
};

// A leaf: completed/accepted = 1; else achieved/target (capped at 1) when it
// has a target, else the reported percent.
Rollup leaf_rollup(const ProgressInput& task);
// A child as its parent sees it: its own rolled-up values.
struct ChildProgress {
  double weight = 1;
  double progress = 0;
  double achieved_value = 0;
  std::string measure_unit;
};

// A parent: progress is the weight-averaged progress of its children (1 once
// the parent itself is completed or accepted); achieved sums the children
// that count in the parent's measure unit. No children = leaf_rollup.
Rollup parent_rollup(const ProgressInput& parent, const std::vector<ChildProgress>& children);

struct AllocationChild {
  std::string label;  // for messages: the child's title or row
  std::optional<double> target_value;
  std::string measure_unit;
};

// Checks that children's targets fit the parent's. Each child with a target
// must use the parent's measure unit; their sum may not exceed the parent's
// target, and with `exact` (a whole decomposition at once) must equal it.
// Errors: invalid with field errors naming `field_prefix`[i].target_value /
// measure_unit, and a message that gives both sums, e.g. "children's targets
// add up to 2100 户 but the parent's target is 2000 户".
Status check_allocation(std::optional<double> parent_target, const std::string& parent_unit,
                        const std::vector<AllocationChild>& children, bool exact,
                        const std::string& field_prefix);

// 序号 of a new task among its siblings (their codes as stored). The number n
// is 1 + the highest numeric last segment among the siblings ("1.3" → 3,
// "2" → 2; codes without a numeric last segment do not count), so numbers
// stay stable when siblings are added or removed and are never reused while
// the highest one exists. Under a parent: parent_code + "." + n (just n when
// the parent has no code). At the top (no parent): n, keeping the prefix of
// the sibling holding the highest number ("1.8", "1.9" → "1.10").
std::string next_child_code(const std::string& parent_code, const std::vector<std::string>& sibling_codes);
std::string next_top_code(const std::vector<std::string>& sibling_codes);

// The same rule kept as a running count, so that numbering a task need not
// read every sibling (store: task_code_counters): the highest numeric last
// segment seen at a place, and the prefix of the code holding it.
struct CodeCounter {
  long long last_number = 0;
  std::string prefix;  // "1." of "1.12"; "" for "12"
  // Takes a code in: raises the count if its last segment is higher.
  // Returns whether it did.
  bool note(const std::string& code);
  // The next code at the place, and counts it: under a parent
  // parent_code + "." + n (n alone without a parent code), at the top
  // prefix + n.
  std::string next_child(const std::string& parent_code);
  std::string next_top();
};
CodeCounter code_counter_of(const std::vector<std::string>& codes);

// Status roll-up: a parent that has not started follows its children into
// work. Returns "in_progress" when `parent_status` is not_started and any
// child is in progress, completed or accepted; otherwise nullopt (no change;
// completing and accepting a parent stay people's decisions).
std::optional<std::string> rolled_up_status(const std::string& parent_status,
                                            const std::vector<std::string>& child_statuses);

// "Ready for acceptance" (待验收) of a task with subtasks: every child is
// completed or accepted and the task itself is not yet accepted. A task
// without subtasks is never ready by this rule (its own status says it).
bool ready_for_acceptance(const std::string& status, int child_count, int open_child_count);

// Progress (0..1) as the percent users see: one decimal, truncated, so 100
// only when complete (1971/2000 → 98.5, 0.9999 → 99.9). The web app's
// percentOf (web/src/utils/tasks.js) follows the same rule.
double percent_shown(double progress);

// Formats a quantity without trailing zeros: 2000, 12.5.
std::string format_quantity(double v);

}  // namespace lantian
