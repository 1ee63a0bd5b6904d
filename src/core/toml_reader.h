// Reading the definition files of core (workflows, ledger types): problems
// collected with their source and line:column, typed readers that report a
// key of the wrong type, and name rules. Internal to src/core.
//
// Thread-safety: a Problems and a Reader belong to one parse.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/workflow.h"

namespace lantian::toml_reader {

// lower_snake_case, starting with a letter, at most 40 characters.
inline bool snake_name(std::string_view s) {
  if (s.empty() || s.size() > 40 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// Collects problems, each prefixed with the source and position.
class Problems {
 public:
  explicit Problems(std::string_view source) : source_(source) {}
  void add(const toml::node* at, const std::string& what) {
    if (at && at->source().begin.line > 0)
      lines_.push_back(
          fmt::format("{}:{}:{}: {}", source_, at->source().begin.line, at->source().begin.column, what));
    else
      lines_.push_back(fmt::format("{}: {}", source_, what));
  }
  bool empty() const { return lines_.empty(); }
  Error error() const {
    std::string m;
    for (const auto& l : lines_) m += (m.empty() ? "" : "\n") + l;
    return Error::invalid(m);
  }

 private:
  std::string source_;
  std::vector<std::string> lines_;
};

// Typed readers: a missing optional key keeps the default; a key of the
// wrong type is a problem.
struct Reader {
  const toml::table& t;
  Problems& p;
  std::string where;  // "state \"x\": "

  const toml::node* node(std::string_view key) const { return t.get(key); }
  std::string str(std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (!n) {
      if (required) p.add(&t, where + fmt::format("missing \"{}\"", key));
      return "";
    }
    if (auto v = n->value<std::string>()) return *v;
    p.add(n, where + fmt::format("\"{}\" must be a string", key));
    return "";
  }
  bool boolean(std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return false;
    if (auto v = n->value<bool>()) return *v;
    p.add(n, where + fmt::format("\"{}\" must be true or false", key));
    return false;
  }
  std::optional<int64_t> integer(std::string_view key) {
    const toml::node* n = t.get(key);
    if (!n) return std::nullopt;
    if (auto v = n->value<int64_t>()) return *v;
    p.add(n, where + fmt::format("\"{}\" must be a whole number", key));
    return std::nullopt;
  }
  std::vector<std::string> list(std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (!n) return out;
    const toml::array* a = n->as_array();
    if (!a) {
      p.add(n, where + fmt::format("\"{}\" must be a list of strings", key));
      return out;
    }
    for (const auto& e : *a) {
      if (auto v = e.value<std::string>())
        out.push_back(*v);
      else
        p.add(&e, where + fmt::format("\"{}\" must be a list of strings", key));
    }
    return out;
  }
  Label label() {
    Label l;
    const toml::node* n = t.get("label");
    const toml::table* lt = n ? n->as_table() : nullptr;
    if (!lt) {
      p.add(n ? n : &t, where + "missing label (label = { zh-CN = \"…\", en = \"…\" })");
      return l;
    }
    Reader r{*lt, p, where};
    l.zh = r.str("zh-CN", false);
    l.en = r.str("en", false);
    if (l.zh.empty()) p.add(n, where + "missing zh-CN label");
    if (l.en.empty()) p.add(n, where + "missing en label");
    return l;
  }
};

// The tables of an array of tables ([[states]]); other entries are problems.
inline std::vector<const toml::table*> tables(const toml::table& root, std::string_view key, Problems& p) {
  std::vector<const toml::table*> out;
  const toml::node* n = root.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) {
    p.add(n, fmt::format("\"{}\" must be an array of tables ([[{}]])", key, key));
    return out;
  }
  for (const auto& e : *a) {
    if (const toml::table* t = e.as_table())
      out.push_back(t);
    else
      p.add(&e, fmt::format("\"{}\" must be an array of tables ([[{}]])", key, key));
  }
  return out;
}

inline void check_keys(const toml::table& t, std::initializer_list<std::string_view> known, Problems& p,
                       const std::string& where) {
  for (const auto& [k, v] : t)
    if (std::find(known.begin(), known.end(), k.str()) == known.end())
      p.add(&v, where + fmt::format("unknown key \"{}\"", k.str()));
}

}  // namespace lantian::toml_reader
