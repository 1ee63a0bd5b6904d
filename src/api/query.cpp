#include "api/query.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

namespace lantian::api {

std::optional<std::string> url_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      int hi = hex(s[i + 1]), lo = hex(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += char(hi * 16 + lo);
      i += 2;
    } else {
      out += c;
    }
  }
  if (!valid_utf8(out)) return std::nullopt;
  for (unsigned char ch : out)
    if (ch < 0x20) return std::nullopt;
  return out;
}

Result<Query> Query::parse(std::string_view raw) {
  Query q;
  while (!raw.empty()) {
    auto amp = raw.find('&');
    auto part = raw.substr(0, amp);
    raw = amp == std::string_view::npos ? std::string_view() : raw.substr(amp + 1);
    if (part.empty()) continue;
    auto eq = part.find('=');
    auto k = url_decode(part.substr(0, eq));
    auto v = url_decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
    if (!k || !v) return Error::make("bad_query_encoding");
    q.values_[*k] = *v;
  }
  return q;
}

std::string Query::str(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? std::string() : it->second;
}

std::vector<std::string> Query::list(const std::string& key) const {
  std::vector<std::string> out;
  const std::string s = str(key);
  size_t b = 0;
  while (b < s.size()) {
    size_t e = s.find(',', b);
    if (e == std::string::npos) e = s.size();
    if (e > b) out.push_back(s.substr(b, e - b));
    b = e + 1;
  }
  return out;
}

Result<std::optional<int64_t>> Query::integer(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return std::optional<int64_t>();
  int64_t v = 0;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return Error::make("query_not_integer", {{"name", key}});
  return std::optional<int64_t>(v);
}

Result<bool> Query::boolean(const std::string& key, bool fallback) const {
  auto it = values_.find(key);
  if (it == values_.end() || it->second.empty()) return fallback;
  if (it->second == "true" || it->second == "1") return true;
  if (it->second == "false" || it->second == "0") return false;
  return Error::make("query_not_boolean", {{"name", key}});
}

Result<store::Page> Query::page(const std::vector<std::string>& allowed,
                                const std::string& default_sort) const {
  store::Page p;
  LT_ASSIGN(auto page, integer("page"));
  LT_ASSIGN(auto per_page, integer("per_page"));
  if (page) {
    if (*page < 1 || *page > 1000000)
      return Error::make("query_out_of_range", {{"name", "page"}, {"min", "1"}, {"max", "1000000"}});
    p.page = *page;
  }
  if (per_page) {
    if (*per_page < 1 || *per_page > 200)
      return Error::make("query_out_of_range", {{"name", "per_page"}, {"min", "1"}, {"max", "200"}});
    p.per_page = *per_page;
  }
  std::string sort = str("sort");
  if (sort.empty()) sort = default_sort;
  if (!sort.empty() && sort[0] == '-') {
    p.desc = true;
    sort = sort.substr(1);
  }
  if (std::find(allowed.begin(), allowed.end(), sort) == allowed.end())
    return Error::make("query_unknown_sort", {{"name", "sort"}});
  p.sort = sort;
  return p;
}

std::vector<std::pair<std::string, std::string>> Query::with_prefix(std::string_view prefix) const {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto it = values_.lower_bound(std::string(prefix));
       it != values_.end() && it->first.starts_with(prefix); ++it)
    out.emplace_back(it->first.substr(prefix.size()), it->second);
  return out;
}

}  // namespace lantian::api
