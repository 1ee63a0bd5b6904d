// All SQL for tasks, task_cooperating_units and milestones.
//
// Visibility: `Filter::scope_path` ("/1/5/") limits results to tasks owned,
// led or co-operated by a unit in that subtree; "" means everything.
// Errors: what the Tx returned. Thread-safety: stateless functions over a
// caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/task.h"
#include "core/task_rules.h"
#include "store/db.h"
#include "store/paging.h"

namespace lantian::store::tasks {

struct Filter {
  std::string scope_path;
  std::optional<int64_t> campaign_id;
  std::optional<int64_t> work_area_id;
  std::optional<int64_t> parent_id;
  bool roots_only = false;
  // The highest tasks the reader may see: visible (scope_path) and without a
  // parent, or with a parent outside scope_path. With an empty scope_path
  // it is roots_only.
  bool top_visible = false;
  std::optional<int64_t> owner_unit_id;  // owned by exactly this unit
  std::string owner_subtree_path;        // owned by a unit in this subtree
  std::string lead_subtree_path;         // led (accepted) by a unit in this subtree
  bool nothing = false;                  // matches no task (a filter the caller cannot meet)
  std::optional<int64_t> responsible_user_id;
  std::string under_path;  // descendants of a task ("/12/")
  std::vector<std::string> statuses;
  bool overdue = false;         // open and deadline < today
  std::string today;            // "YYYY-MM-DD", needed with overdue
  std::string deadline_before;  // deadline <= this date
  std::string q;                // substring of title or code
};

// One task with its cooperating units and milestones; nullopt if absent.
// (list() notes: the total comes from the count cache, list_cache.h; with
// Page::after it pages by keyset, and PageOf::next_cursor is set when the page
// is full. A cursor that is not one of this sort: query_unknown_value.)
Result<std::optional<Task>> get(Tx& tx, int64_t id);
// A page of tasks (without cooperating units and milestones).
Result<PageOf<Task>> list(Tx& tx, const Filter& f, const Page& page);
// Tasks matching f counted per owner unit, most first (then by unit path),
// with the earliest deadline among them. Each count equals the total of
// list() with the same filter and owner_unit_id set to that unit.
struct OwnerCount {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t count = 0;
  std::string earliest_deadline;
};
Result<std::vector<OwnerCount>> count_by_owner(Tx& tx, const Filter& f);
// Every task matching f, ordered by path (tree order); at most `limit`.
Result<std::vector<Task>> all(Tx& tx, const Filter& f, int64_t limit);
// Inserts t (with cooperating units and milestones); sets id, path, depth,
// version 1 and timestamps; counts it in the parent's child_count.
Result<Task> insert(Tx& tx, Task t, const std::string& now);
// Updates the editable fields, cooperating units and milestones if
// t.version matches; false on a version mismatch.
Result<bool> update(Tx& tx, const Task& t, const std::string& now);
// Changes the status (and completed_at/accepted_at) if the version matches.
Result<bool> set_status(Tx& tx, int64_t id, int64_t version, const std::string& status,
                        const std::string& note, const std::string& now);
// Stores rolled-up values; does not bump the version (derived data).
// last_report_at: the latest report in the subtree ("" = leave as is).
Status set_rollup(Tx& tx, int64_t id, double progress, double achieved_value,
                  const std::string& last_report_at = "");
// The codes (序号) of a parent's children, or of the top-level tasks of a
// campaign's work area (parent_id unset; work_area_id unset = no area).
Result<std::vector<std::string>> sibling_codes(Tx& tx, int64_t campaign_id, std::optional<int64_t> parent_id,
                                               std::optional<int64_t> work_area_id);
// The 序号 counter of the place where `t` is numbered (its parent's children,
// or its campaign's work area's top level; task_code_counters, migration
// 0011): read from its row, or made from sibling_codes() and stored when the
// place has none yet. insert() and update() raise it with every code they
// write, so it stays ahead of every code at its place. Numbering one task
// costs one row read, whatever the number of its siblings.
Result<CodeCounter> code_counter(Tx& tx, const Task& t);
// Per work area: the number of tasks matching f, how many of them are
// completed or accepted, and the sums of weight × progress and of weight.
struct AreaCount {
  int64_t work_area_id = 0;
  int64_t tasks = 0, done = 0;
  double weighted_progress = 0, weight = 0;
};
Result<std::vector<AreaCount>> count_by_area(Tx& tx, const Filter& f);
// After a progress report: the leaf's achieved value, status and report time.
Status record_report(Tx& tx, int64_t id, std::optional<double> achieved_value, const std::string& status,
                     const std::string& now);

// What rolling progress up needs of one task, without its joins and details.
struct RollupRow {
  std::optional<int64_t> parent_id;
  std::string status;
  std::optional<double> target_value;
  std::string measure_unit;
  double achieved_value = 0;
  double weight = 1;
  int child_count = 0;
};
Result<std::optional<RollupRow>> rollup_row(Tx& tx, int64_t id);

struct ChildRow {
  int64_t id = 0;
  std::string status;
  std::optional<double> target_value;
  std::string measure_unit;
  double achieved_value = 0;
  double weight = 1;
  double progress = 0;
  std::string last_report_at;
};
Result<std::vector<ChildRow>> children(Tx& tx, int64_t parent_id);

Result<bool> set_milestone_done(Tx& tx, int64_t task_id, int64_t milestone_id, const std::string& done_at);

// A unit subtree moved from old_path to new_path: rewrites the copies of
// unit paths every task keeps (owner_unit_path, lead_unit_path) that lie
// in the old subtree, so scope follows the move. Returns the rows changed.
// Call in the transaction that moves the unit.
// Also rebuilds the scope rows (task_scopes) of the tasks concerned.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

// task_scopes (migration 0010): the units that see a task, kept as rows so
// a subtree's list is one index range. insert(), update() and
// reroot_unit_paths() keep them; code that writes tasks, their cooperating
// units or deadlines by other SQL (bulk loaders) calls these afterwards.
Status refresh_scopes(Tx& tx, int64_t task_id);
Status refresh_all_scopes(Tx& tx);

}  // namespace lantian::store::tasks
