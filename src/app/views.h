// JSON views of domain records: the one place that decides how a unit, a
// user, a session or an audit entry looks to the outside (API responses and
// the before/after of audit entries). Secrets (password hashes) never appear.
//
// Each view builds its object in `sp` (default: the heap). Units and users
// also have a write_*_json twin that writes the same object straight as text
// (app/json_writer.h) for list pages; both come from one field list.
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "app/json_writer.h"
#include "core/audit_chain.h"
#include "core/model.h"

namespace lantian::app {

boost::json::object unit_view(const Unit& u, boost::json::storage_ptr sp = {});
boost::json::object user_view(const User& u, boost::json::storage_ptr sp = {});
// The same objects as unit_view / user_view (keys, values, order) written
// straight as text: for list pages.
void write_unit_json(JsonWriter& w, const Unit& u);
void write_user_json(JsonWriter& w, const User& u);
boost::json::object token_view(const Session& s, boost::json::storage_ptr sp = {});
boost::json::object audit_view(const AuditEntry& e, boost::json::storage_ptr sp = {});

}  // namespace lantian::app
