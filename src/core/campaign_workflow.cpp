#include "core/campaign_workflow.h"

#include "core/workflows.h"

namespace lantian {

const WorkflowRegistry& campaign_workflow_registry() {
  static const WorkflowRegistry r = {
      .record = "campaign",
      .parties = unsigned(Party::office),
      .guards = {},
      .effects = {},
      .evidence_kinds = {},
      .stamps = {},
      // campaigns.status's CHECK constraint (0004).
      .states = {"planning", "active", "closed"},
      .fields = {},  // an action takes a note only
  };
  return r;
}

const WorkflowDef& campaign_workflow() { return *workflows().find("campaign"); }

bool campaign_status_frozen(std::string_view status) {
  const WorkflowState* s = campaign_workflow().state(status);
  return s && s->frozen;
}

bool campaign_status_open(std::string_view status) {
  const WorkflowState* s = campaign_workflow().state(status);
  return s && s->open;
}

}  // namespace lantian
