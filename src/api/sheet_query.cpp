#include "api/sheet_query.h"

#include <cstdlib>

namespace lantian::api {

Result<Datum> read_datum(const Query& q) {
  const std::string d = q.str("datum");
  if (d.empty()) return Datum::wgs84;
  auto datum = datum_named(d);
  if (!datum) return Error::make("query_unknown_value", {{"name", "datum"}, {"value", d}});
  return *datum;
}

Result<char> read_delimiter(const Query& q) {
  const std::string d = q.str("delimiter");
  if (d.empty()) return char(0);
  if (d == "tab") return '\t';
  if (d == "comma") return ',';
  return Error::make("query_unknown_value", {{"name", "delimiter"}, {"value", d}});
}

Result<std::map<int, std::string>> read_column_mapping(const Query& q) {
  std::map<int, std::string> out;
  for (const auto& [k, v] : q.with_prefix("map.")) {
    char* end = nullptr;
    long col = std::strtol(k.c_str(), &end, 10);
    if (k.empty() || *end || col < 0 || col > 1000)
      return Error::make("query_unknown_value", {{"name", "map." + k}, {"value", v}});
    out[int(col)] = v;
  }
  return out;
}

}  // namespace lantian::api
