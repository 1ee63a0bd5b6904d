#include "cli/workflows_cmd.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace lantian::cli {

namespace {

// The *.toml files of `dir` ("" = none), by name order.
Result<std::vector<WorkflowSource>> toml_files(const std::string& dir, std::string_view what) {
  std::vector<WorkflowSource> files;
  if (dir.empty()) return files;
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error::invalid(std::string(what) + " directory \"" + dir +
                          "\" does not exist or is not a directory");
  std::vector<fs::path> paths;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".toml") paths.push_back(e.path());
  if (ec)
    return Error::invalid("cannot list " + std::string(what) + " directory \"" + dir + "\": " + ec.message());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    if (!in && !in.eof()) return Error::invalid("cannot read " + p.string());
    files.push_back({p.filename().string(), ss.str()});
  }
  return files;
}

}  // namespace

Result<WorkflowSet> load_workflow_dir(const std::string& dir) {
  LT_ASSIGN(auto files, toml_files(dir, "workflows"));
  return load_workflows(files, dir);
}

Result<LedgerTypeSet> load_ledger_dir(const std::string& dir, const WorkflowSet& workflows) {
  LT_ASSIGN(auto files, toml_files(dir, "ledgers"));
  return load_ledger_types(files, dir, workflows);
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

namespace lantian::cli {

int cmd_ledgers(const std::vector<std::string>& positional, const std::string& config_dir,
                const std::string& workflows_dir) {
  if (positional.size() < 2 || positional[1] != "check" || positional.size() > 3) {
    std::fprintf(stderr, "lantian: usage: lantian ledgers check [DIR]\n");
    return 1;
  }
  auto wf = load_workflow_dir(workflows_dir);
  if (!wf.ok()) {
    std::fprintf(stderr, "lantian: invalid workflow definitions:\n%s\n", wf.error().message.c_str());
    return 1;
  }
  std::string dir = positional.size() == 3 ? positional[2] : config_dir;
  auto set = load_ledger_dir(dir, *wf);
  if (!set.ok()) {
    std::fprintf(stderr, "lantian: invalid ledger type definitions:\n%s\n", set.error().message.c_str());
    return 1;
  }
  for (const auto& t : set->all())
    std::printf("%s: %zu fields, workflow %s, %zu counts — OK\n", t.name.c_str(), t.fields.size(),
                t.workflow.c_str(), t.counts.size());
  return 0;
}

}  // namespace lantian::cli
