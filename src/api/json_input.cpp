#include "api/json_input.h"

#include <cmath>

#include "core/text.h"

namespace lantian::api {

namespace json = boost::json;

Result<JsonInput> JsonInput::parse(std::string_view body) {
  if (body.empty()) return Error::make("body_not_object");
  if (!valid_utf8(body)) return Error::make("body_not_utf8");
  json::error_code ec;
  json::parse_options opt;
  opt.max_depth = 32;
  auto v = json::parse(body, ec, {}, opt);
  if (ec) return Error::make("malformed_json", {{"reason", ec.message()}});
  if (!v.is_object()) return Error::make("body_not_object");
  JsonInput in;
  in.obj_ = std::move(v.as_object());
  return in;
}

const json::value* JsonInput::take(const std::string& key) {
  seen_.insert(key);
  auto* v = obj_.if_contains(key);
  if (!v || v->is_null()) return nullptr;
  return v;
}

void JsonInput::type_error(const std::string& key, const char* expected) {
  // The English of each expectation names its code (see core/error_codes.cpp).
  std::string_view e = expected;
  Issue i = e == "a string"                ? issue("not_a_string")
            : e == "an integer"            ? issue("not_an_integer")
            : e == "a number"              ? issue("not_a_number")
            : e == "true or false"         ? issue("not_a_boolean")
            : e == "an object"             ? issue("not_an_object")
            : e.rfind("a list of", 0) == 0 ? issue("not_a_list", {{"item", std::string(e.substr(10))}})
                                           : issue("invalid");
  errors_.push_back({prefix_ + key, std::move(i)});
}

std::optional<boost::json::object> JsonInput::object(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_object()) {
    type_error(key, "an object");
    return std::nullopt;
  }
  return v->as_object();
}

std::optional<double> JsonInput::number(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (v->is_double()) {
    // Boost.JSON (1.81) reads an exponent beyond a double's range as
    // infinity, and zero with one (0e348) as NaN: neither is a number a
    // field can hold, and NaN slips through every range check.
    if (!std::isfinite(v->as_double())) {
      type_error(key, "a number");
      return std::nullopt;
    }
    return v->as_double();
  }
  if (v->is_int64()) return double(v->as_int64());
  if (v->is_uint64()) return double(v->as_uint64());
  type_error(key, "a number");
  return std::nullopt;
}

std::optional<std::optional<double>> JsonInput::nullable_number(const std::string& key) {
  seen_.insert(key);
  auto* v = obj_.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<double>();
  auto d = number(key);
  if (!d) return std::nullopt;
  return std::optional<double>(*d);
}

std::optional<std::vector<int64_t>> JsonInput::integer_list(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    type_error(key, "a list of integers");
    return std::nullopt;
  }
  std::vector<int64_t> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_int64()) {
      type_error(key, "a list of integers");
      return std::nullopt;
    }
    out.push_back(e.as_int64());
  }
  return out;
}

std::optional<std::vector<JsonInput>> JsonInput::objects(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    type_error(key, "a list of objects");
    return std::nullopt;
  }
  std::vector<JsonInput> out;
  size_t i = 0;
  for (const auto& e : v->as_array()) {
    std::string p = prefix_ + key + "[" + std::to_string(i++) + "].";
    if (!e.is_object()) {
      errors_.push_back({p.substr(0, p.size() - 1), issue("not_an_object")});
      return std::nullopt;
    }
    JsonInput in;
    in.prefix_ = p;
    in.obj_ = e.as_object();
    out.push_back(std::move(in));
  }
  return out;
}

std::optional<boost::json::value> JsonInput::value(const std::string& key) {
  seen_.insert(key);
  auto* v = obj_.if_contains(key);
  if (!v) return std::nullopt;
  return *v;
}

void JsonInput::finish_nested(JsonInput& n) {
  for (const auto& [k, v] : n.obj_)
    if (!n.seen_.count(std::string(k)))
      errors_.push_back({n.prefix_ + std::string(k), issue("unknown_field")});
  for (auto& e : n.errors_) errors_.push_back(std::move(e));
  n.errors_.clear();
}

std::optional<std::string> JsonInput::string(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    type_error(key, "a string");
    return std::nullopt;
  }
  return std::string(v->as_string());
}

std::optional<int64_t> JsonInput::integer(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= uint64_t(INT64_MAX)) return int64_t(v->as_uint64());
  type_error(key, "an integer");
  return std::nullopt;
}

std::optional<bool> JsonInput::boolean(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    type_error(key, "true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<std::vector<std::string>> JsonInput::string_list(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    type_error(key, "a list of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) {
      type_error(key, "a list of strings");
      return std::nullopt;
    }
    out.emplace_back(e.as_string());
  }
  return out;
}

std::optional<std::optional<int64_t>> JsonInput::nullable_integer(const std::string& key) {
  seen_.insert(key);
  auto* v = obj_.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>();
  auto i = integer(key);
  if (!i) return std::nullopt;
  return std::optional<int64_t>(*i);
}

namespace {
// Reads {name, phone, title?} objects; unknown members are errors.
bool read_person_like(const json::value& v, const std::string& key, bool with_title, std::string* name,
                      std::string* phone, std::string* title, std::vector<FieldError>& errs) {
  if (!v.is_object()) {
    errs.push_back({key, issue("not_an_object")});
    return false;
  }
  bool ok = true;
  for (const auto& [k, val] : v.as_object()) {
    std::string* dst = k == "name"                    ? name
                       : k == "phone"                 ? phone
                       : (with_title && k == "title") ? title
                                                      : nullptr;
    std::string fk = key + "." + std::string(k);
    if (!dst) {
      errs.push_back({fk, issue("unknown_field")});
      ok = false;
    } else if (val.is_null()) {
      dst->clear();
    } else if (!val.is_string()) {
      errs.push_back({fk, issue("not_a_string")});
      ok = false;
    } else {
      *dst = std::string(val.as_string());
    }
  }
  return ok;
}
}  // namespace

std::optional<Person> JsonInput::person(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  Person p;
  if (!read_person_like(*v, prefix_ + key, false, &p.name, &p.phone, nullptr, errors_)) return std::nullopt;
  return p;
}

std::optional<std::vector<Contact>> JsonInput::contacts(const std::string& key) {
  auto* v = take(key);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    type_error(key, "a list of contacts");
    return std::nullopt;
  }
  std::vector<Contact> out;
  size_t i = 0;
  for (const auto& e : v->as_array()) {
    Contact c;
    if (!read_person_like(e, key + "[" + std::to_string(i++) + "]", true, &c.name, &c.phone, &c.title,
                          errors_))
      return std::nullopt;
    out.push_back(std::move(c));
  }
  return out;
}

Status JsonInput::finish() {
  for (const auto& [k, v] : obj_)
    if (!seen_.count(std::string(k))) errors_.push_back({prefix_ + std::string(k), issue("unknown_field")});
  if (!errors_.empty()) return Error::validation(std::move(errors_));
  return {};
}

Result<std::optional<app::LocationInput>> read_location(const boost::json::value& v) {
  if (v.is_null()) return std::optional<app::LocationInput>();
  auto bad = [] { return Error::field("location", issue("invalid")); };
  if (!v.is_object()) return bad();
  const auto& o = v.as_object();
  const boost::json::value* lng = o.if_contains("lng");
  const boost::json::value* lat = o.if_contains("lat");
  if (!lng || !lat || !lng->is_number() || !lat->is_number()) return bad();
  app::LocationInput in;
  in.point = {lng->to_number<double>(), lat->to_number<double>()};
  if (const boost::json::value* d = o.if_contains("datum")) {
    auto datum = d->is_string() ? datum_named(std::string(d->as_string())) : std::nullopt;
    if (!datum) return Error::field("location.datum", issue("one_of", {{"values", "wgs84, gcj02, bd09"}}));
    in.datum = *datum;
  }
  for (const auto& [k, _] : o)
    if (k != "lng" && k != "lat" && k != "datum")
      return Error::field("location." + std::string(k), issue("unknown_field"));
  return std::optional<app::LocationInput>(in);
}

}  // namespace lantian::api
