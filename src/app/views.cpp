#include "app/views.h"

namespace lantian::app {

namespace json = boost::json;

namespace {
json::value opt_string(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
json::object person(const Person& p) { return {{"name", p.name}, {"phone", p.phone}}; }
}  // namespace

json::object unit_view(const Unit& u, json::storage_ptr sp) {
  json::array contacts;
  for (const auto& c : u.contacts)
    contacts.push_back({{"name", c.name}, {"phone", c.phone}, {"title", c.title}});
  return json::object({{"id", u.id},
                       {"name", u.name},
                       {"kind", u.kind},
                       {"division_code", opt_string(u.division_code)},
                       {"parent_id", u.parent_id ? json::value(*u.parent_id) : json::value(nullptr)},
                       {"parent_name", opt_string(u.parent_name)},
                       {"party_secretary", person(u.party_secretary)},
                       {"government_head", person(u.government_head)},
                       {"contacts", std::move(contacts)},
                       {"disabled", u.disabled},
                       {"version", u.version},
                       {"created_at", u.created_at},
                       {"updated_at", u.updated_at}},
                      sp);
}

json::object user_view(const User& u, json::storage_ptr sp) {
  json::array roles;
  for (const auto& r : u.roles) roles.push_back(json::value(r));
  return json::object({{"id", u.id},
                       {"username", u.username},
                       {"name", u.name},
                       {"phone", opt_string(u.phone)},
                       {"unit_id", u.unit_id},
                       {"unit_name", u.unit_name},
                       {"position", opt_string(u.position)},
                       {"roles", std::move(roles)},
                       {"disabled", u.disabled},
                       {"must_change_password", u.must_change_password},
                       {"locked_until", opt_string(u.locked_until)},
                       {"last_login_at", opt_string(u.last_login_at)},
                       {"version", u.version},
                       {"created_at", u.created_at},
                       {"updated_at", u.updated_at}},
                      sp);
}

json::object token_view(const Session& s, json::storage_ptr sp) {
  return json::object({{"id", s.id},
                       {"name", s.name},
                       {"created_at", s.created_at},
                       {"last_used_at", s.last_seen_at},
                       {"expires_at", s.expires_at}},
                      sp);
}

json::object audit_view(const AuditEntry& e, json::storage_ptr sp) {
  auto parse = [](const std::string& s) -> json::value {
    if (s.empty()) return nullptr;
    json::error_code ec;
    auto v = json::parse(s, ec);
    return ec ? json::value(s) : v;
  };
  return json::object({{"id", e.id},
                       {"at", e.at},
                       {"actor_id", e.actor_id ? json::value(e.actor_id) : json::value(nullptr)},
                       {"actor_name", e.actor_name},
                       {"action", e.action},
                       {"entity", e.entity},
                       {"entity_id", e.entity_id},
                       {"before", parse(e.before_json)},
                       {"after", parse(e.after_json)},
                       {"client_address", e.client_address},
                       {"hash", e.hash}},
                      sp);
}

}  // namespace lantian::app
