// Who stands in which relation to tasks (core/task_workflow.h's TaskParty),
// as one rule for both uses: TaskService::parties_of() applies it to one
// task (may this caller accept it?), TaskService::narrow_to_action() turns
// it into a list filter (which tasks may this caller accept?). Internal to
// the task services.
// Thread-safety: pure functions.
#pragma once

#include <string>

#include "app/actor.h"

namespace lantian::app::parties {

// The office: district-wide roles that run the campaign (campaign office, admin).
inline bool is_office(const Actor& a) { return a.can("campaigns.write") && a.grant.scope == Scope::all; }

// Acts as owner of tasks owned by a unit in this subtree ("" = of none).
inline std::string owner_reach(const Actor& a) { return a.can("tasks.report") ? a.unit_path : std::string(); }
// Acts as lead unit (accepts the work) of tasks led by a unit in this subtree.
inline std::string lead_reach(const Actor& a) { return a.can("tasks.accept") ? a.unit_path : std::string(); }

inline bool in_reach(const std::string& reach, const std::string& path) {
  return !reach.empty() && path.rfind(reach, 0) == 0;
}

}  // namespace lantian::app::parties
