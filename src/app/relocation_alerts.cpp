// EnterpriseService: suspected relocations — the list (open first) and the
// campaign office's verdict (see enterprise_service.h). Alerts are raised by
// app/relocation_guard.h.
#include "app/audit.h"
#include "app/enterprise_internal.h"
#include "app/enterprise_service.h"
#include "app/enterprise_views.h"
#include "core/enterprises.h"
#include "core/text.h"
#include "store/relocation_alerts_repo.h"

namespace lantian::app {
using namespace enterprise_internal;

Result<store::PageOf<RelocationAlert>> EnterpriseService::list_alerts(const Actor& a,
                                                                      const AlertListFilter& f,
                                                                      const store::Page& page) {
  if (!a.can("enterprises.read")) return Error::make("not_permitted", {{"permission", "enterprises.read"}});
  for (const auto& s : f.statuses)
    if (!find_relocation_alert_status(s))
      return Error::make("query_unknown_value", {{"name", "status"}, {"value", s}});
  store::relocation_alerts::Filter sf;
  sf.scope_path = a.scope_path();
  sf.statuses = f.statuses;
  sf.enterprise_id = f.enterprise_id;
  sf.banned_enterprise_id = f.banned_enterprise_id;
  store::PageOf<RelocationAlert> out;
  LT_TRY(db_.read([&](store::Tx& tx) -> Status {
    LT_ASSIGN(out, store::relocation_alerts::list(tx, sf, page));
    return {};
  }));
  return out;
}

Result<RelocationAlert> EnterpriseService::resolve_alert(const Actor& a, int64_t id,
                                                         const std::string& status, const std::string& note) {
  if (!keeps_banned_list(a)) return Error::make("office_only");
  std::vector<FieldError> errs;
  if (status != "confirmed" && status != "dismissed")
    errs.push_back({"status", issue("one_of", {{"values", "confirmed, dismissed"}})});
  std::string clean_note = trim(note);
  if (clean_note.empty())
    errs.push_back({"note", issue("note_required")});
  else if (auto bad = check_text(clean_note, 1000, true, true))
    errs.push_back({"note", *bad});
  if (!errs.empty()) return Error::validation(std::move(errs));
  std::string now = format_utc(clock_.now());
  RelocationAlert out;
  LT_TRY(db_.write([&](store::Tx& tx) -> Status {
    LT_ASSIGN(auto cur, store::relocation_alerts::get(tx, id));
    if (!cur) return Error::make("relocation_alert_not_found");
    std::optional<int64_t> by = a.user_id ? std::optional<int64_t>(a.user_id) : std::nullopt;
    LT_ASSIGN(bool ok, store::relocation_alerts::resolve(tx, id, status, clean_note, by, now));
    if (!ok) return Error::make("relocation_alert_resolved", {{"status", cur->status}});
    LT_ASSIGN(auto again, store::relocation_alerts::get(tx, id));
    out = std::move(*again);
    LT_TRY(record_audit(tx, a, status == "confirmed" ? "confirm" : "dismiss", "relocation_alert",
                        std::to_string(id), relocation_alert_view(*cur), relocation_alert_view(out), now));
    return {};
  }));
  return out;
}

}  // namespace lantian::app
