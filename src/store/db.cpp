#include "store/db.h"

#include <charconv>

namespace lantian::store {

int64_t Row::i64(size_t i) const {
  const Value& v = v_[i];
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::f64(size_t i) const {
  const Value& v = v_[i];
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtod(p->c_str(), nullptr);
  return 0;
}

std::string Row::str(size_t i) const {
  const Value& v = v_[i];
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql, const std::vector<Value>& params) {
  auto r = query(sql, params);
  if (!r.ok()) return r.take_error();
  if (r->rows.empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(r->rows.front()));
}

}  // namespace lantian::store
