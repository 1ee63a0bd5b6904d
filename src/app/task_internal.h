// Helpers shared by the task service's files (task_service.cpp,
// task_create.cpp, task_rollup.cpp). Not part of the service's contract.
#pragma once

#include <string>
#include <vector>

#include "app/actor.h"
#include "core/error.h"
#include "core/task.h"
#include "core/text.h"
#include "store/db.h"

namespace lantian::app::task_internal {

constexpr int kMaxDepth = 8;
constexpr size_t kMaxSubtree = 5000;
constexpr size_t kMaxBatch = 5000;

inline bool is_prefix(const std::string& prefix, const std::string& path) {
  return !prefix.empty() && path.rfind(prefix, 0) == 0;
}

// The office: district-wide roles that run the campaign (campaign office, admin).
inline bool is_office(const Actor& a) { return a.can("campaigns.write") && a.grant.scope == Scope::all; }

// Who acts as which party (core/task_workflow.h's TaskParty), as one rule
// for both uses: TaskService::parties_of() applies it to one task (may this
// caller accept it?), TaskService::narrow_to_action() turns it into a list
// filter (which tasks may this caller accept?).
// Acts as owner of tasks owned by a unit in this subtree ("" = of none).
inline std::string owner_reach(const Actor& a) { return a.can("tasks.report") ? a.unit_path : std::string(); }
// Acts as lead unit (accepts the work) of tasks led by a unit in this subtree.
inline std::string lead_reach(const Actor& a) { return a.can("tasks.accept") ? a.unit_path : std::string(); }
inline bool in_reach(const std::string& reach, const std::string& path) { return is_prefix(reach, path); }

// Appends a task's workflow event (workflow_events) in the caller's
// transaction; the system (user 0) is recorded as no actor. evidence: the
// JSON list of the attachment ids given with the action ("[]" for none).
Status record_task_event(store::Tx& tx, const Actor& a, int64_t task_id, const std::string& action,
                         const std::string& from, const std::string& to, const std::string& note,
                         const std::string& now, const std::string& evidence = "[]");

inline Error stale(const Task& t) {
  return Error::make("stale_version", {{"version", std::to_string(t.version)}});
}

inline void check_person(const Person& p, const std::string& field, std::vector<FieldError>& errs) {
  if (auto m = check_text(p.name, 40, false)) errs.push_back({field + ".name", *m});
  if (!p.phone.empty() && !valid_phone(p.phone)) errs.push_back({field + ".phone", issue("bad_phone")});
}

}  // namespace lantian::app::task_internal
