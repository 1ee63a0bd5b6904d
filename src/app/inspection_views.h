// JSON views of checklists and inspections (/api/v1/checklists,
// /api/v1/inspections), as docs/openapi.yaml describes them.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>
#include <vector>

#include "core/checklist.h"
#include "core/inspection.h"
#include "core/record_file.h"

namespace lantian::app {

// {name, label, targets, items: [{code, label, help}]}
boost::json::object checklist_view(const Checklist& c);
// {id, checklist, ledger_row_id, enterprise_id, target_title, unit {id, name},
// inspector {id, name}, inspected_at, location, person_met, result, note,
// items: [{code, result, note, open_problem, problem_id}], files, created_at}
boost::json::object inspection_view(const Inspection& i, const std::vector<RecordFile>& files);

}  // namespace lantian::app
