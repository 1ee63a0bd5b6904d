// Reading request bodies strictly: the body must be valid UTF-8 JSON with an
// object at the top; each field is read with its expected type; fields the
// route does not know, and fields of the wrong type, become field errors.
// Call finish() after reading every known field.
//
//   LT_ASSIGN(auto in, JsonInput::parse(req.body));
//   auto name = in.string("name");
//   LT_TRY(in.finish());
//
// Errors: parse() -> invalid (400) for malformed JSON or a non-object;
// finish() -> invalid with field errors (422).
// Thread-safety: one JsonInput per request.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/location_input.h"
#include "core/error.h"
#include "core/model.h"

namespace lantian::api {

class JsonInput {
 public:
  static Result<JsonInput> parse(std::string_view body);

  // Each returns nullopt when the field is absent (or null where allowed),
  // and records a field error for a wrong type.
  std::optional<std::string> string(const std::string& key);
  std::optional<int64_t> integer(const std::string& key);
  std::optional<bool> boolean(const std::string& key);
  std::optional<std::vector<std::string>> string_list(const std::string& key);
  // Present-but-null is distinguished: returns optional(nullopt).
  std::optional<std::optional<int64_t>> nullable_integer(const std::string& key);
  std::optional<Person> person(const std::string& key);
  std::optional<std::vector<Contact>> contacts(const std::string& key);
  // A JSON number (integer or decimal); rejects NaN/infinite by construction.
  std::optional<double> number(const std::string& key);
  // Present-but-null is distinguished: returns optional(nullopt).
  std::optional<std::optional<double>> nullable_number(const std::string& key);
  std::optional<std::vector<int64_t>> integer_list(const std::string& key);
  // A list of objects, each read with its own JsonInput whose field errors
  // are prefixed "key[i].". Call finish_nested() for each one you read.
  std::optional<std::vector<JsonInput>> objects(const std::string& key);
  // The value as it came, null included (nullopt when absent).
  std::optional<boost::json::value> value(const std::string& key);
  // Folds a nested input's errors (unknown fields, wrong types) into this one.
  void finish_nested(JsonInput& nested);
  // A JSON object as it came (its members are the caller's to check).
  std::optional<boost::json::object> object(const std::string& key);
  // Marks a field as known without reading it.
  void allow(const std::string& key) { seen_.insert(key); }
  bool has(const std::string& key) const { return obj_.contains(key); }

  // Unknown fields and type errors, or OK.
  Status finish();

 private:
  const boost::json::value* take(const std::string& key);
  void type_error(const std::string& key, const char* expected);

  std::string prefix_;  // "milestones[2]." for nested objects
  boost::json::object obj_;
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

// A point {"lng", "lat", "datum": "wgs84" | "gcj02" | "bd09"} (datum
// default wgs84), or null: {nullopt}. Errors: invalid on "location" for
// anything else, one_of on "location.datum", unknown_field on other members.
Result<std::optional<app::LocationInput>> read_location(const boost::json::value& v);

}  // namespace lantian::api
