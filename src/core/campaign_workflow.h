// The campaign workflow, as the data in resources/workflows/campaign.toml (or
// a deployment's replacement) read through the workflow engine
// (core/workflow.h). Campaign services ask here; nothing else decides what a
// campaign status means.
//
// Thread-safety: reads the installed workflows (core/workflows.h); pure
// otherwise.
#pragma once

#include <string_view>

#include "core/workflow.h"

namespace lantian {

// What the campaign code implements: record "campaign", the office party
// only (the campaign office or an admin: whoever holds campaigns.write over
// everything), no guards, effects, stamps or evidence; the statuses
// campaigns.status accepts (its CHECK constraint, migration 0004). Without
// the system party a definition can have no timer (a timer's action must be
// open to the system), so none is left unrun.
const WorkflowRegistry& campaign_workflow_registry();

// The campaign workflow of workflows() (always present).
const WorkflowDef& campaign_workflow();

// The status's flags; false for an unknown status. A campaign in a frozen
// status changes only through an action and takes no new task; one in an
// open status is running.
bool campaign_status_frozen(std::string_view status);
bool campaign_status_open(std::string_view status);

}  // namespace lantian
