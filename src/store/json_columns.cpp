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

std::vector<Contact> contacts_from_json(const std::string& text) {
  std::vector<Contact> out;
  json::error_code ec;
  auto v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array()) {
    if (!e.is_object()) continue;
    const auto& o = e.as_object();
    auto s = [&](const char* k) {
      auto* p = o.if_contains(k);
      return p && p->is_string() ? std::string(p->as_string()) : std::string();
    };
    out.push_back({s("name"), s("phone"), s("title")});
  }
  return out;
}

}  // namespace lantian::store
