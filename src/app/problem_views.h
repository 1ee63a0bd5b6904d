// JSON views of supervision problems (/api/v1/problems), as docs/openapi.yaml
// describes them, and the audit view of a problem.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/problem_service.h"
#include "core/problem.h"

namespace lantian::app {

// A list item: {id, number, source, problem_type, status, title, disposition,
// enterprise {id, name}|null, site, address, location {lng, lat}|null,
// unit {id, name}|null, person_name, deadline, deadline_kind, extension_until,
// days_overdue, escalation, failed_verifications, extensions, parent_id,
// merged_into_id, lookback_due, created_at, updated_at, version}.
// `today` (YYYY-MM-DD) decides days_overdue for problems in an open state.
boost::json::object problem_view(const Problem& p, const std::string& today);
// The detail: problem_view plus description, standard, leaders, person_id,
// cooperating_unit_ids, verifier, ledger_row_id, inspection_id, external_id,
// assigned_at, closed_at, reporter (office only), files (with photo flags),
// escalations, actions, warnings, rebound_id.
boost::json::object problem_detail_view(const ProblemDetail& d, const std::string& today);
boost::json::object duplicate_warning_view(const DuplicateWarning& w);
boost::json::object photo_flags_view(const PhotoFlags& f);
// What the audit log keeps of a problem.
boost::json::value problem_audit_view(const Problem& p);

}  // namespace lantian::app
