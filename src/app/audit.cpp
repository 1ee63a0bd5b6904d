#include "app/audit.h"

#include "store/audit_repo.h"

namespace lantian::app {

Status record_audit(store::Tx& tx, const Actor& actor, std::string_view action, std::string_view entity,
                    std::string_view entity_id, const boost::json::value& before,
                    const boost::json::value& after, const std::string& now) {
  AuditEntry e;
  e.at = now;
  e.actor_id = actor.user_id;
  e.actor_name = actor.user_id ? actor.username : actor.name;
  e.action = action;
  e.entity = entity;
  e.entity_id = entity_id;
  e.before_json = before.is_null() ? "" : boost::json::serialize(before);
  e.after_json = after.is_null() ? "" : boost::json::serialize(after);
  e.client_address = actor.client_address;
  LT_TRY(store::audit::append(tx, std::move(e)));
  return {};
}

}  // namespace lantian::app
