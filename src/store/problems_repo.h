// All SQL for supervision problems (problems) and what is kept beside them:
// the units that may see a problem (problem_scopes: its unit and every unit
// above, and each cooperating unit and every unit above that, written in the
// problem's transaction), the number counters per (source, year), and the
// escalation steps taken.
//
// Errors: what the Tx returned; a cursor that is not one of these lists:
// query_unknown_value. Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/problem.h"
#include "store/db.h"
#include "store/located.h"
#include "store/paging.h"

namespace lantian::store::problems {

// The next sequence number of (source, year): 1 for the first. Raises the
// counter in the caller's transaction, so concurrent registrations (on any
// instance) wait for each other's commit and never draw the same number; a
// rolled-back registration's number was never used.
Result<int64_t> draw_number(Tx& tx, const std::string& source, int year);

// Inserts p (id, version 1 and timestamps from now) with its scope rows;
// returns it as stored (joined names are not filled).
Result<Problem> insert(Tx& tx, Problem p, const std::string& now);
// The problem with its unit's, enterprise's, person's and verifier's names.
Result<std::optional<Problem>> get(Tx& tx, int64_t id);
// Writes the mutable columns (status, responsibility, deadline, counts, ...)
// in which p differs from `before` — the problem as read in this transaction,
// of which p is the changed copy — and its scope rows when its unit or
// cooperating units changed, if its version is still p.version, raising the
// version; false when it changed meanwhile.
Result<bool> update(Tx& tx, const Problem& before, const Problem& p, const std::string& now);

// The problems numbered one of `numbers`, and those of `source` whose
// external_id is one of `ids` (a 督办清单's item numbers), with names as get();
// any order. Empty lists find nothing.
Result<std::vector<Problem>> with_numbers(Tx& tx, const std::vector<std::string>& numbers);
Result<std::vector<Problem>> with_external_ids(Tx& tx, const std::string& source,
                                               const std::vector<std::string>& ids);

// After the units under old_path moved to new_path (units::update, same
// transaction): the problems of those units get the new path, and the problems
// they see (their own or cooperating, found by scope rows) their scope rows
// again. Returns the number of problems re-rooted.
Result<int64_t> reroot_unit_paths(Tx& tx, const std::string& old_path, const std::string& new_path);

struct Filter {
  int64_t scope_unit_id = 0;  // 0 = every problem; else those the unit (subtree) sees
  std::vector<std::string> statuses;
  std::string unit_path;  // responsible unit or one below it
  std::string source, problem_type;
  std::optional<int64_t> enterprise_id, parent_id, person_id, verifier_id, created_by;
  // Overdue on `today`: in one of `open_states` with a deadline before today.
  bool overdue = false;
  std::string today;
  std::vector<std::string> open_states;
  // Registered between (UTC instants, "" = open side).
  std::string created_from, created_to;
  std::string text;  // in the number, title or address
};
// A page newest first (keyset with Page::after; sort "deadline" pages by
// offset, earliest deadline first).
Result<PageOf<Problem>> list(Tx& tx, const Filter& f, const Page& page);

// Per responsible unit: the open problems and those overdue on `today`
// (f.today, f.open_states, f.scope_unit_id), with the most days overdue.
struct UnitLateness {
  int64_t unit_id = 0;
  std::string unit_name;
  int64_t open = 0, overdue = 0;
  std::string earliest_deadline;  // of the overdue ones
};
Result<std::vector<UnitLateness>> lateness_by_unit(Tx& tx, const Filter& f);

// Open problems (in `open_states`) naming the enterprise, or of the type
// within the box [min, max] (lng/lat), except `except_id`; at most 20 each.
Result<std::vector<Problem>> open_for_enterprise(Tx& tx, int64_t enterprise_id,
                                                 const std::vector<std::string>& open_states,
                                                 int64_t except_id);
Result<std::vector<Problem>> open_of_type_in_box(Tx& tx, const std::string& problem_type, LngLat min,
                                                 LngLat max, const std::vector<std::string>& open_states,
                                                 int64_t except_id);

// Ids of problems in `state` whose look-back is due on `today` (lookback_due
// <= today), oldest first, at most `limit`.
Result<std::vector<int64_t>> lookbacks_due(Tx& tx, const std::string& state, const std::string& today,
                                           int64_t limit);
// Ids of the problems in `open_states` whose deadline is before `today` and
// whose escalation is below `below_step`, in id order: one read of the late
// problems (the overdue index, then each late row for its escalation), so that a
// pass over them reads each once (paging through them re-read them all per page:
// 35-40 s of CPU per pass at 1,000,000 problems, docs/benchmarks.md).
Result<std::vector<int64_t>> late_ids(Tx& tx, const std::vector<std::string>& open_states,
                                      const std::string& today, int below_step);

// Problems in `open_states` due on a day in [from, to], by id after `after`, at most `limit`.
Result<std::vector<Problem>> due_between(Tx& tx, const std::vector<std::string>& open_states,
                                         const std::string& from, const std::string& to, int64_t after,
                                         int64_t limit);

struct Escalation {
  std::string deadline;  // the deadline it was late against
  int step = 0;
  int days_overdue = 0;
  std::string at;
};
// Records a step (once per deadline: false if it was taken before).
Result<bool> add_escalation(Tx& tx, int64_t problem_id, const Escalation& e);
Result<std::vector<Escalation>> escalations(Tx& tx, int64_t problem_id);

// Other problems holding a file of this content (a re-used photo).
Result<std::vector<int64_t>> problems_with_content(Tx& tx, const std::string& sha256, int64_t except_id);

// The located problems of `f` (scope, statuses, type, source), newest first.
Result<std::vector<Located>> points(Tx& tx, const Filter& f, int64_t limit);

}  // namespace lantian::store::problems
