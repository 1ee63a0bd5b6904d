// Paging and sorting for list queries. The sort column is chosen from a
// per-table whitelist of SQL expressions, so user input never reaches SQL.
//
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "store/db.h"

namespace lantian::store {

struct Page {
  int64_t page = 1;       // 1-based
  int64_t per_page = 20;  // 1..200
  std::string sort;       // key from the table's whitelist, e.g. "name"
  bool desc = false;
  // Keyset paging (lists that support it, e.g. tasks::list): the rows after
  // this cursor (a PageOf::next_cursor of the same sort), instead of skipping
  // (page - 1) * per_page rows. "" = from the first row (or by page).
  std::string after;
  // false: do not count the total (PageOf::total is -1).
  bool with_total = true;
  int64_t offset() const { return after.empty() ? (page - 1) * per_page : 0; }
};

template <typename T>
struct PageOf {
  std::vector<T> items;
  int64_t total = 0;
  // Keyset lists: the cursor of the page's last row when the page is full
  // (pass it as Page::after for the next page); "" when it is not.
  std::string next_cursor;
};

// A list query's WHERE clause under construction. Conditions are fixed SQL
// fragments from the repository with "?" where the value goes; add() numbers
// the placeholder ($1, $2, ...) and keeps the value, so input only ever
// travels as a bound parameter.
class Where {
 public:
  // fragment uses each "?" once per value given, e.g. add("u.name = ?", v).
  Where& add(std::string_view fragment, std::vector<Value> values) {
    std::string out;
    size_t vi = 0;
    for (char c : fragment) {
      if (c == '?' && vi < values.size()) {
        params_.push_back(std::move(values[vi++]));
        out += "$" + std::to_string(params_.size());
      } else {
        out += c;
      }
    }
    conditions_.push_back(std::move(out));
    return *this;
  }
  Where& add(std::string_view fragment) { return add(fragment, {}); }
  // "column IN ($1, $2, ...)", one placeholder per value; nothing when there are none.
  Where& add_in(std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) return *this;
    std::string in = std::string(column) + " IN (";
    std::vector<Value> v;
    for (size_t i = 0; i < values.size(); ++i) {
      in += i ? ", ?" : "?";
      v.emplace_back(values[i]);
    }
    return add(in + ")", std::move(v));
  }
  std::string sql() const {
    std::string s;
    for (size_t i = 0; i < conditions_.size(); ++i) s += (i ? " AND " : " WHERE ") + conditions_[i];
    return s;
  }
  // Appends a value and returns its placeholder, for LIMIT/OFFSET.
  std::string bind(Value v) {
    params_.push_back(std::move(v));
    return "$" + std::to_string(params_.size());
  }
  const std::vector<Value>& params() const { return params_; }

 private:
  std::vector<std::string> conditions_;
  std::vector<Value> params_;
};

}  // namespace lantian::store

namespace lantian::store {
// "%text%" for a LIKE ... ESCAPE '\' condition, with the user's own % and _
// taken literally.
inline std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}
}  // namespace lantian::store
