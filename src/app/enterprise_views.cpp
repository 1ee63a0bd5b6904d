#include "app/enterprise_views.h"

#include "app/enterprise_service.h"
#include "core/enterprises.h"

namespace lantian::app {

namespace json = boost::json;

namespace {

json::value text_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }

json::value id_or_null(const std::optional<int64_t>& id) {
  return id ? json::value(*id) : json::value(nullptr);
}

}  // namespace

json::object identity_view(const EnterpriseIdentity& e, json::storage_ptr sp) {
  return json::object({{"name", e.name},
                       {"credit_code", text_or_null(e.credit_code)},
                       {"legal_rep", e.legal_rep},
                       {"phone", e.phone},
                       {"address", e.address}},
                      std::move(sp));
}

json::object enterprise_view(const Enterprise& e, json::storage_ptr sp) {
  json::object o(std::move(sp));
  o["id"] = e.id;
  o["name"] = e.name;
  o["credit_code"] = text_or_null(e.credit_code);
  o["legal_rep"] = e.legal_rep;
  o["phone"] = e.phone;
  o["address"] = e.address;
  o["location"] = e.location ? json::value(json::object{{"lng", e.location->lng}, {"lat", e.location->lat}})
                             : json::value(nullptr);
  o["industry_code"] = e.industry_code;
  o["unit_id"] = e.unit_id;
  o["unit_name"] = e.unit_name;
  o["grid"] = e.grid;
  o["status"] = e.status;
  o["version"] = e.version;
  o["created_at"] = e.created_at;
  o["updated_at"] = e.updated_at;
  return o;
}

json::object banned_enterprise_view(const BannedEnterprise& b, json::storage_ptr sp) {
  json::object o(std::move(sp));
  o["id"] = b.id;
  o["name"] = b.name;
  o["credit_code"] = text_or_null(b.credit_code);
  o["legal_rep"] = b.legal_rep;
  o["phone"] = b.phone;
  o["address"] = b.address;
  o["origin"] = b.origin;
  o["banned_on"] = text_or_null(b.banned_on);
  o["reason"] = b.reason;
  o["source"] = b.source;
  o["enterprise_id"] = id_or_null(b.enterprise_id);
  o["created_at"] = b.created_at;
  return o;
}

json::object relocation_alert_view(const RelocationAlert& a, json::storage_ptr sp) {
  json::object o(std::move(sp));
  o["id"] = a.id;
  o["enterprise_id"] = id_or_null(a.enterprise_id);
  o["enterprise_name"] = a.enterprise_name;
  o["candidate"] = identity_view(a.candidate);
  o["banned_enterprise_id"] = a.banned_enterprise_id;
  o["banned_name"] = a.banned_name;
  o["banned_origin"] = a.banned_origin;
  json::object banned = identity_view(a.banned, o.storage());
  banned["origin"] = a.banned_origin;
  banned["banned_on"] = text_or_null(a.banned_on);
  banned["reason"] = a.banned_reason;
  o["banned"] = std::move(banned);
  o["score"] = a.score;
  json::array reasons;
  for (const auto& r : a.reasons) reasons.push_back(json::value(r));
  o["reasons"] = std::move(reasons);
  o["status"] = a.status;
  o["note"] = a.note;
  o["resolved_by"] = id_or_null(a.resolved_by);
  o["resolved_by_name"] = a.resolved_by_name;
  o["resolved_at"] = text_or_null(a.resolved_at);
  o["created_at"] = a.created_at;
  return o;
}

json::object linked_ledger_row_view(const LedgerRow& r, json::storage_ptr sp) {
  return json::object({{"id", r.id},
                       {"ledger_type", r.ledger_type},
                       {"unit_id", r.unit_id},
                       {"unit_name", r.unit_name},
                       {"status", r.status},
                       {"title", r.title},
                       {"updated_at", r.updated_at}},
                      std::move(sp));
}

namespace {
json::array statuses_view(std::span<const EnterpriseStatusDef> statuses) {
  json::array out;
  for (const auto& s : statuses)
    out.push_back(json::object{
        {"code", s.code}, {"label_zh", s.label_zh}, {"label_en", s.label_en}, {"color", s.color}});
  return out;
}
}  // namespace

json::array enterprise_statuses_view() { return statuses_view(enterprise_statuses()); }
json::array relocation_alert_statuses_view() { return statuses_view(relocation_alert_statuses()); }

std::vector<std::string> registry_actions(const Actor& reader) {
  std::vector<std::string> out;
  if (reader.can("enterprises.write")) out.insert(out.end(), {"register", "import"});
  if (reader.can("enterprises.read")) out.emplace_back("export");
  return out;
}

std::vector<std::string> banned_list_actions(const Actor& reader) {
  if (keeps_banned_list(reader)) return {"add", "import"};
  return {};
}

std::vector<std::string> enterprise_actions(const Actor& reader, const Enterprise& e) {
  std::vector<std::string> out;
  if (reader.can("enterprises.write") && reader.sees_path(e.unit_path)) {
    out.emplace_back("edit");
    out.emplace_back("file");
  }
  if (reader.can("inspections.write")) out.emplace_back("inspect");
  if (keeps_banned_list(reader) && e.status != "banned") out.emplace_back("ban");
  return out;
}

std::vector<std::string> relocation_alert_actions(const Actor& reader, const RelocationAlert& a) {
  if (keeps_banned_list(reader) && a.status == "open") return {"confirm", "dismiss"};
  return {};
}

json::array actions_view(const std::vector<std::string>& actions, json::storage_ptr sp) {
  json::array out(std::move(sp));
  for (const auto& a : actions) out.push_back(json::value(a));
  return out;
}

json::object enterprise_view(const Enterprise& e, const Actor& reader, json::storage_ptr sp) {
  json::object o = enterprise_view(e, std::move(sp));
  o["actions"] = actions_view(enterprise_actions(reader, e), o.storage());
  return o;
}

json::object relocation_alert_view(const RelocationAlert& a, const Actor& reader, json::storage_ptr sp) {
  json::object o = relocation_alert_view(a, std::move(sp));
  o["actions"] = actions_view(relocation_alert_actions(reader, a), o.storage());
  return o;
}

}  // namespace lantian::app
