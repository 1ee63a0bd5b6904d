#include "api/router.h"

#include <cctype>
#include <charconv>
#include <stdexcept>

namespace lantian::api {

std::string RouteContext::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return {};
}

std::optional<int64_t> RouteContext::id(const std::string& name) const {
  for (const auto& [k, v] : params) {
    if (k != name) continue;
    int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out <= 0) return std::nullopt;
    return out;
  }
  return std::nullopt;
}

bool Route::accepts_body(std::string_view content_type) const {
  if (body_types.empty()) return true;
  auto type = content_type.substr(0, content_type.find(';'));
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  for (const auto& t : body_types) {
    if (t.size() != type.size()) continue;
    bool same = true;
    for (size_t i = 0; i < t.size() && same; ++i)
      same = std::tolower(static_cast<unsigned char>(type[i])) == static_cast<unsigned char>(t[i]);
    if (same) return true;
  }
  return false;
}

void Router::add(std::string method, std::string pattern, Access access, std::string permission,
                 RouteHandler h) {
  routes_.push_back(
      Route{std::move(method), std::move(pattern), access, std::move(permission), std::move(h), kJsonBody});
}

void Router::set_body_types(std::string_view method, std::string_view pattern,
                            std::vector<std::string> types) {
  for (auto& r : routes_)
    if (r.method == method && r.pattern == pattern) {
      r.body_types = std::move(types);
      return;
    }
  throw std::logic_error("set_body_types: no route " + std::string(method) + " " + std::string(pattern));
}

void Router::set_body_limit(std::string_view method, std::string_view pattern, std::size_t bytes) {
  for (auto& r : routes_)
    if (r.method == method && r.pattern == pattern) {
      r.max_body_bytes = bytes;
      return;
    }
  throw std::logic_error("set_body_limit: no route " + std::string(method) + " " + std::string(pattern));
}

void Router::set_offload(std::string_view method, std::string_view pattern, http::Response::Lane lane) {
  for (auto& r : routes_)
    if (r.method == method && r.pattern == pattern) {
      r.offload = lane;
      return;
    }
  throw std::logic_error("set_offload: no route " + std::string(method) + " " + std::string(pattern));
}

void Router::offload_writes() {
  for (auto& r : routes_)
    if (!r.offload && r.method != "GET" && r.method != "HEAD") r.offload = http::Response::Lane::wait;
}

namespace {
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<std::pair<std::string, std::string>>* params) {
  params->clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty()) return false;
    if (pattern[0] == '{') {
      auto close = pattern.find('}');
      std::string name(pattern.substr(1, close - 1));
      pattern.remove_prefix(close + 1);
      std::string_view segment = path.substr(0, path.find('/'));
      // A parameter followed by text in its own segment ("{code}.{format}",
      // Open311's extensions) ends at the last occurrence of that text's
      // first character; otherwise it takes the whole segment.
      size_t end = segment.size();
      if (!pattern.empty() && pattern[0] != '/') {
        end = segment.rfind(pattern[0]);
        if (end == std::string_view::npos) return false;
      }
      auto value = segment.substr(0, end);
      if (value.empty()) return false;
      params->emplace_back(name, std::string(value));
      path.remove_prefix(end);
      continue;
    }
    if (pattern[0] != path[0]) return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
  }
  return true;
}
}  // namespace

const Route* Router::match(std::string_view method, std::string_view path,
                           std::vector<std::pair<std::string, std::string>>* params, bool* path_known) const {
  *path_known = false;
  std::vector<std::pair<std::string, std::string>> tmp;
  const Route* best = nullptr;
  size_t best_params = 0;
  for (const auto& r : routes_) {
    if (!match_pattern(r.pattern, path, &tmp)) continue;
    *path_known = true;
    if (r.method != method && !(method == "HEAD" && r.method == "GET")) continue;
    // The most literal pattern wins, whatever the order of registration:
    // /api/v1/tasks/export.xlsx must not be taken for /api/v1/tasks/{id}.
    if (!best || tmp.size() < best_params) {
      best = &r;
      best_params = tmp.size();
      *params = tmp;
    }
  }
  return best;
}

}  // namespace lantian::api
