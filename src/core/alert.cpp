#include "core/alert.h"

#include "core/evidence.h"
#include "core/workflows.h"

namespace lantian {

const WorkflowRegistry& alert_workflow_registry() {
  static const WorkflowRegistry r = [] {
    WorkflowRegistry reg;
    reg.record = std::string(kAlertWorkflow);
    reg.parties = Party::office | Party::system;
    for (auto k : evidence_kind_names()) reg.evidence_kinds.emplace(k);
    // level: the level an upgrade or downgrade moves to; effective_at: when
    // the move takes effect.
    reg.fields = {"level", "effective_at"};
    return reg;
  }();
  return r;
}

const WorkflowDef& alert_workflow() { return *workflows().find(kAlertWorkflow); }

}  // namespace lantian
