// JSON views of domain records: the one place that decides how a unit, a
// user, a session or an audit entry looks to the outside (API responses and
// the before/after of audit entries). Secrets (password hashes) never appear.
//
// Thread-safety: pure functions.
#pragma once

#include <boost/json.hpp>

#include "core/audit_chain.h"
#include "core/model.h"

namespace lantian::app {

boost::json::object unit_view(const Unit& u);
boost::json::object user_view(const User& u);
boost::json::object token_view(const Session& s);
boost::json::object audit_view(const AuditEntry& e);

}  // namespace lantian::app
