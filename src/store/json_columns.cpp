#include "store/json_columns.h"

#include <boost/json.hpp>

namespace lantian::store {

namespace json = boost::json;

std::string contacts_to_json(const std::vector<Contact>& contacts) {
  json::array a;
  for (const auto& c : contacts)
    a.push_back(json::object{{"name", c.name}, {"phone", c.phone}, {"title", c.title}});
  return json::serialize(a);
}

namespace {

json::value opt_number(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

std::optional<double> number_of(const json::object& o, const char* k) {
  auto* p = o.if_contains(k);
  if (!p) return std::nullopt;
  if (p->is_double()) return p->as_double();
  if (p->is_int64()) return double(p->as_int64());
  if (p->is_uint64()) return double(p->as_uint64());
  return std::nullopt;
}

std::string string_of(const json::object& o, const char* k) {
  auto* p = o.if_contains(k);
  return p && p->is_string() ? std::string(p->as_string()) : std::string();
}

}  // namespace

std::vector<Contact> contacts_from_json(const std::string& text) {
  std::vector<Contact> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    out.push_back({string_of(o, "name"), string_of(o, "phone"), string_of(o, "title")});
  }
  return out;
}

std::string targets_to_json(const std::vector<CampaignTarget>& ts) {
  json::array a;
  for (const auto& t : ts)
    a.push_back(json::object{{"name", t.name},
                             {"indicator", t.indicator},
                             {"baseline", opt_number(t.baseline)},
                             {"target", opt_number(t.target)},
                             {"actual", opt_number(t.actual)},
                             {"unit", t.unit},
                             {"direction", t.direction},
                             {"note", t.note}});
  return json::serialize(a);
}

std::vector<CampaignTarget> targets_from_json(const std::string& text) {
  std::vector<CampaignTarget> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    out.push_back({string_of(o, "name"), string_of(o, "indicator"), number_of(o, "baseline"),
                   number_of(o, "target"), number_of(o, "actual"), string_of(o, "unit"),
                   string_of(o, "direction"), string_of(o, "note")});
  }
  return out;
}

std::string documents_to_json(const std::vector<SourceDocument>& ds) {
  json::array a;
  for (const auto& d : ds)
    a.push_back(json::object{{"title", d.title}, {"number", d.number}, {"date", d.date}});
  return json::serialize(a);
}

std::vector<SourceDocument> documents_from_json(const std::string& text) {
  std::vector<SourceDocument> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_object())
      out.push_back({string_of(e.as_object(), "title"), string_of(e.as_object(), "number"),
                     string_of(e.as_object(), "date")});
  return out;
}

std::string identity_to_json(const EnterpriseIdentity& e) {
  return json::serialize(json::object{{"name", e.name},
                                      {"legal_rep", e.legal_rep},
                                      {"phone", e.phone},
                                      {"credit_code", e.credit_code},
                                      {"address", e.address}});
}

EnterpriseIdentity identity_from_json(const std::string& text) {
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_object()) return {};
  const auto& o = v.as_object();
  return {string_of(o, "name"), string_of(o, "legal_rep"), string_of(o, "phone"), string_of(o, "credit_code"),
          string_of(o, "address")};
}

std::string strings_to_json(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return json::serialize(a);
}

std::vector<std::string> strings_from_json(const std::string& text) {
  std::vector<std::string> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

}  // namespace lantian::store
