// All SQL for the workflow_events table: the history of each record that
// runs a workflow (core/workflow.h), one row per move, written by the
// services in the transaction of the move.
//
// Times are RFC 3339 UTC strings that sort as text (core/clock.h).
// Thread-safety: stateless functions over a caller's Tx.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "store/db.h"

namespace lantian::store::workflow_events {

struct Event {
  int64_t id = 0;
  std::string workflow;  // "task"
  int64_t record_id = 0;
  std::string action;      // "accept", "create", "progress_reported"
  std::string from_state;  // "" for "create"
  std::string to_state;
  std::optional<int64_t> actor_user_id;  // nullopt: the system acted
  std::string actor_name;                // filled by queries
  std::string at;
  std::string note;
  std::string evidence = "[]";  // JSON list
};

// Appends an event; returns its id.
Result<int64_t> insert(Tx& tx, const Event& e);
// Appends events, many per statement (store/table.h in_groups): an
// import's "create" events.
Status insert_many(Tx& tx, std::span<const Event> events);
// The record's events, oldest first.
Result<std::vector<Event>> for_record(Tx& tx, const std::string& workflow, int64_t record_id);

// The events of the records `ids` whose action is one of `actions`, by
// record then oldest first (a ledger's latest report of each record).
Result<std::vector<Event>> of_actions(Tx& tx, const std::string& workflow, const std::vector<int64_t>& ids,
                                      const std::vector<std::string>& actions);

// A task in `status` and when it entered it: the latest event into that
// status, else (history from before events were kept) its updated_at.
struct Entered {
  int64_t task_id = 0;
  int64_t version = 0;
  std::string since;
};
// Tasks in `status` that entered it at or before `cutoff`, oldest first (by
// since, then id), after the cursor `after` (a default Entered = from the
// start), at most `limit`.
Result<std::vector<Entered>> tasks_entered_before(Tx& tx, const std::string& status,
                                                  const std::string& cutoff, const Entered& after,
                                                  int64_t limit);

}  // namespace lantian::store::workflow_events
