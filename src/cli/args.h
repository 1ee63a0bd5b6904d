// A small command-line parser: positional words plus --flag VALUE,
// --flag=VALUE and boolean --flag, with repeated flags collected in order.
// Unknown flags are reported by the command that reads them (unused()).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lantian::cli {

class Args {
 public:
  // bool_flags: flags that take no value.
  Args(int argc, char** argv, const std::set<std::string>& bool_flags);

  std::vector<std::string> positional;
  std::optional<std::string> get(const std::string& flag);
  std::vector<std::string> all(const std::string& flag);
  bool has(const std::string& flag);
  // Flags given but never read, e.g. a typo; "--name" form.
  std::vector<std::string> unused() const;
  // A flag that needed a value but was last on the line.
  std::string missing_value;

 private:
  std::multimap<std::string, std::string> flags_;
  std::set<std::string> used_;
};

}  // namespace lantian::cli
