// Recording changes in the audit log from application services. Call inside
// the write transaction that makes the change.
#pragma once

#include <boost/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "app/actor.h"
#include "store/db.h"

namespace lantian::app {

// before/after may be null (create / delete). Errors: those of the store.
Status record_audit(store::Tx& tx, const Actor& actor, std::string_view action, std::string_view entity,
                    std::string_view entity_id, const boost::json::value& before,
                    const boost::json::value& after, const std::string& now);

// What the audit log can be browsed by (GET /audit?category=): groups of
// the entities (and actions) the services write, e.g. "report" = progress
// reports, their files and report requests, which are recorded on the task.
struct AuditCategory {
  std::string_view name;  // "task"
  std::vector<std::string_view> entities;
  std::vector<std::string_view> actions;         // only these actions (empty = any)
  std::vector<std::string_view> except_actions;  // not these
};
std::span<const AuditCategory> audit_categories();
const AuditCategory* find_audit_category(std::string_view name);

}  // namespace lantian::app
