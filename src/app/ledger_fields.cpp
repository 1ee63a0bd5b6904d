#include "app/ledger_fields.h"

#include <boost/json.hpp>

namespace lantian::app {

std::string encode_ledger_fields(const std::map<std::string, LedgerValue>& values) {
  boost::json::object o;
  for (const auto& [name, v] : values) {
    if (auto s = std::get_if<std::string>(&v))
      o[name] = *s;
    else if (auto i = std::get_if<int64_t>(&v))
      o[name] = *i;
    else if (auto d = std::get_if<double>(&v))
      o[name] = *d;
    else if (auto b = std::get_if<bool>(&v))
      o[name] = *b;
  }
  return boost::json::serialize(o);
}

Result<std::map<std::string, LedgerValue>> decode_ledger_fields(const LedgerType& type,
                                                                const std::string& json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Error::invalid("ledger row fields are not a JSON object");
  std::map<std::string, LedgerValue> out;
  for (const auto& [key, value] : v.get_object()) {
    if (!type.field(key)) continue;  // no longer declared
    // As stored: it was checked when written. A definition changed since
    // (a bound, a choice) shows the old value as it was, never drops it.
    if (value.is_string())
      out[std::string(key)] = std::string(value.get_string());
    else if (value.is_int64())
      out[std::string(key)] = value.get_int64();
    else if (value.is_number())
      out[std::string(key)] = value.to_number<double>();
    else if (value.is_bool())
      out[std::string(key)] = value.get_bool();
  }
  return out;
}

}  // namespace lantian::app
