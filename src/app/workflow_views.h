// JSON views of workflow definitions (GET /api/v1/workflows/{name}) and of
// a record's workflow history (GET /api/v1/tasks/{id}/events), as
// docs/openapi.yaml describes them.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "core/workflow.h"
#include "store/workflow_events_repo.h"

namespace lantian::app {

// {"zh-CN", "en"}: a label in both languages.
boost::json::object label_view(const Label& l);
// {"name", "initial", "states": [{name, label: {zh-CN, en}, color, open, done,
// frozen, final}], "actions": [{name, label, from, to, parties,
// note_required, required_fields, evidence}], "timers": [...]}
boost::json::object workflow_view(const WorkflowDef& d);
// {"id", "action", "from", "to", "actor": {id, name} | null, "at", "note", "evidence"}
boost::json::object workflow_event_view(const store::workflow_events::Event& e);

}  // namespace lantian::app
