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

namespace {
const std::vector<AuditCategory>& categories() {
  static const std::vector<AuditCategory> c = {
      {"task", {"task"}, {}, {"report", "attach", "request_report"}},
      {"report", {"task"}, {"report", "attach", "request_report"}, {}},
      {"campaign", {"campaign", "work_area"}, {}, {}},
      {"unit", {"unit"}, {}, {}},
      {"user", {"user", "session", "token"}, {}, {}},
      {"calendar", {"calendar", "calendar_year", "calendar_day"}, {}, {}},
      // Issue 11: the ledgers with their files and inspections; the registry.
      {"ledger", {"ledger_row", "inspection"}, {}, {}},
      {"enterprise", {"enterprise", "banned_enterprise", "relocation_alert"}, {}, {}},
      // Issue 12: supervision problems and their files.
      {"problem", {"problem"}, {}, {}},
  };
  return c;
}
}  // namespace

std::span<const AuditCategory> audit_categories() { return categories(); }

const AuditCategory* find_audit_category(std::string_view name) {
  for (const auto& c : categories())
    if (c.name == name) return &c;
  return nullptr;
}

}  // namespace lantian::app
