#include "cli/args.h"

namespace lantian::cli {

Args::Args(int argc, char** argv, const std::set<std::string>& bool_flags) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0 || a == "--") {
      positional.push_back(a);
      continue;
    }
    std::string name = a.substr(2), value;
    auto eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
    } else if (!bool_flags.count(name)) {
      if (i + 1 >= argc) {
        missing_value = name;
        continue;
      }
      value = argv[++i];
    }
    flags_.emplace(name, value);
  }
}

std::optional<std::string> Args::get(const std::string& flag) {
  used_.insert(flag);
  auto range = flags_.equal_range(flag);
  if (range.first == range.second) return std::nullopt;
  return std::prev(range.second)->second;  // last one wins
}

std::vector<std::string> Args::all(const std::string& flag) {
  used_.insert(flag);
  std::vector<std::string> out;
  auto range = flags_.equal_range(flag);
  for (auto it = range.first; it != range.second; ++it) out.push_back(it->second);
  return out;
}

bool Args::has(const std::string& flag) {
  used_.insert(flag);
  return flags_.count(flag) > 0;
}

std::vector<std::string> Args::unused() const {
  std::vector<std::string> out;
  for (const auto& [k, v] : flags_)
    if (!used_.count(k)) out.push_back("--" + k);
  return out;
}

}  // namespace lantian::cli
