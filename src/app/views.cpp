#include "app/views.h"

#include "app/json_writer.h"

namespace lantian::app {

namespace json = boost::json;

namespace {
// The fields of a unit and a user, written once for both writers
// (app/json_writer.h): W is JsonWriter (list pages) or DomWriter (the rest).
template <class W>
void write_person(W& w, std::string_view key, const Person& p) {
  w.key(key);
  w.begin_object();
  w.field("name", p.name);
  w.field("phone", p.phone);
  w.end_object();
}

template <class W>
void write_unit(W& w, const Unit& u) {
  w.begin_object();
  w.field("id", u.id);
  w.field("name", u.name);
  w.field("kind", u.kind);
  w.field_or_null("division_code", u.division_code);
  w.field("parent_id", u.parent_id);
  w.field_or_null("parent_name", u.parent_name);
  write_person(w, "party_secretary", u.party_secretary);
  write_person(w, "government_head", u.government_head);
  w.key("contacts");
  w.begin_array();
  for (const auto& c : u.contacts) {
    w.begin_object();
    w.field("name", c.name);
    w.field("phone", c.phone);
    w.field("title", c.title);
    w.end_object();
  }
  w.end_array();
  w.field("disabled", u.disabled);
  w.field("version", u.version);
  w.field("created_at", u.created_at);
  w.field("updated_at", u.updated_at);
  w.end_object();
}

template <class W>
void write_user(W& w, const User& u) {
  w.begin_object();
  w.field("id", u.id);
  w.field("username", u.username);
  w.field("name", u.name);
  w.field_or_null("phone", u.phone);
  w.field("unit_id", u.unit_id);
  w.field("unit_name", u.unit_name);
  w.field_or_null("position", u.position);
  w.key("roles");
  w.begin_array();
  for (const auto& r : u.roles) w.value(r);
  w.end_array();
  w.field("disabled", u.disabled);
  w.field("must_change_password", u.must_change_password);
  w.field_or_null("locked_until", u.locked_until);
  w.field_or_null("last_login_at", u.last_login_at);
  w.field("version", u.version);
  w.field("created_at", u.created_at);
  w.field("updated_at", u.updated_at);
  w.end_object();
}

template <class Record, class Write>
json::object dom_view(const Record& r, json::storage_ptr sp, Write write) {
  DomWriter w(std::move(sp));
  write(w, r);
  json::value v = w.release();
  return std::move(v.as_object());
}
}  // namespace

json::object unit_view(const Unit& u, json::storage_ptr sp) {
  return dom_view(u, std::move(sp), [](DomWriter& w, const Unit& x) { write_unit(w, x); });
}
void write_unit_json(JsonWriter& w, const Unit& u) { write_unit(w, u); }

json::object user_view(const User& u, json::storage_ptr sp) {
  return dom_view(u, std::move(sp), [](DomWriter& w, const User& x) { write_user(w, x); });
}
void write_user_json(JsonWriter& w, const User& u) { write_user(w, u); }

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
