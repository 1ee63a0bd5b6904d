#include "cli/workflows_cmd.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lantian::cli {

Result<WorkflowSet> load_workflow_dir(const std::string& dir) {
  std::vector<WorkflowSource> files;
  if (!dir.empty()) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
      return Error::invalid("workflows directory \"" + dir + "\" does not exist or is not a directory");
    std::vector<fs::path> paths;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (e.path().extension() == ".toml") paths.push_back(e.path());
    if (ec) return Error::invalid("cannot list workflows directory \"" + dir + "\": " + ec.message());
    std::sort(paths.begin(), paths.end());
    for (const auto& p : paths) {
      std::ifstream in(p, std::ios::binary);
      std::stringstream ss;
      ss << in.rdbuf();
      if (!in && !in.eof()) return Error::invalid("cannot read " + p.string());
      files.push_back({p.filename().string(), ss.str()});
    }
  }
  return load_workflows(files, dir);
}

int cmd_workflows(const std::vector<std::string>& positional, const std::string& config_dir) {
  if (positional.size() < 2 || positional[1] != "check" || positional.size() > 3) {
    std::fprintf(stderr, "lantian: usage: lantian workflows check [DIR]\n");
    return 1;
  }
  std::string dir = positional.size() == 3 ? positional[2] : config_dir;
  auto set = load_workflow_dir(dir);
  if (!set.ok()) {
    std::fprintf(stderr, "lantian: invalid workflow definitions:\n%s\n", set.error().message.c_str());
    return 1;
  }
  for (const auto& d : set->all())
    std::printf("%s: %zu states, %zu actions, %zu timers — OK\n", d.name.c_str(), d.states.size(),
                d.transitions.size(), d.timers.size());
  return 0;
}

}  // namespace lantian::cli
