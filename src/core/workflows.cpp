#include "core/workflows.h"

#include <fmt/format.h>

#include <map>

#include "core/alert.h"
#include "core/campaign_workflow.h"
#include "core/installed.h"
#include "core/problem.h"
#include "core/task_workflow.h"

namespace lantian {

namespace {
// One row per workflow the application implements: a new workflow is a
// definition file plus a row here (and the code behind its registry).
struct Implemented {
  std::string_view name;
  const WorkflowRegistry& (*registry)();
};
constexpr Implemented kImplemented[] = {
    {"task", task_workflow_registry},
    {"campaign", campaign_workflow_registry},
    {"problem", problem_workflow_registry},
    {"alert", alert_workflow_registry},
};
}  // namespace

const WorkflowRegistry* workflow_registry(std::string_view name) {
  for (const auto& w : kImplemented)
    if (w.name == name) return &w.registry();
  // Ledger rows run any number of workflows, one family: "ledger_…".
  if (name.starts_with(kLedgerWorkflowPrefix) && name.size() > kLedgerWorkflowPrefix.size())
    return &ledger_workflow_registry();
  return nullptr;
}

const WorkflowRegistry& ledger_workflow_registry() {
  static const WorkflowRegistry reg = [] {
    WorkflowRegistry r;
    r.record = "ledger_row";
    r.parties = Party::owner | Party::lead;
    r.parties |= unsigned(Party::office) | unsigned(Party::inspector) | unsigned(Party::verifier);
    r.evidence_kinds = {"photo", "document"};
    r.fields_by_type = true;
    r.guards_by_type = true;
    return r;
  }();
  return reg;
}

std::vector<std::string_view> implemented_workflows() {
  std::vector<std::string_view> out;
  for (const auto& w : kImplemented) out.push_back(w.name);
  return out;
}

const WorkflowDef* WorkflowSet::find(std::string_view name) const {
  for (const auto& d : defs_)
    if (d.name == name) return &d;
  return nullptr;
}

Result<WorkflowSet> load_workflows(const std::vector<WorkflowSource>& overrides, const std::string& origin) {
  // File name → (source shown in errors, text); overrides replace shipped files.
  std::map<std::string, std::pair<std::string, std::string>> files;
  for (const auto& s : shipped_workflows()) files[s.file] = {"resources/workflows/" + s.file, s.text};
  for (const auto& s : overrides) files[s.file] = {origin.empty() ? s.file : origin + "/" + s.file, s.text};
  std::vector<std::string> problems;
  WorkflowSet set;
  for (const auto& [file, src] : files) {
    const auto& [shown, text] = src;
    std::string name = file.size() > 5 && file.ends_with(".toml") ? file.substr(0, file.size() - 5) : "";
    const WorkflowRegistry* reg = workflow_registry(name);
    if (!reg) {
      problems.push_back(
          fmt::format("{}: no workflow \"{}\" is implemented by this server (files are named "
                      "<workflow>.toml, e.g. task.toml)",
                      shown, name.empty() ? file : name));
      continue;
    }
    auto def = parse_workflow(text, shown, *reg);
    if (!def.ok()) {
      problems.push_back(def.error().message);
      continue;
    }
    if (def->name != name) {
      problems.push_back(fmt::format("{}: name = \"{}\" but the file is named {}", shown, def->name, file));
      continue;
    }
    set.add(std::move(*def));
  }
  if (problems.empty())
    for (const auto& w : kImplemented)
      if (!set.find(w.name)) problems.push_back(fmt::format("no {} workflow ({}.toml)", w.name, w.name));
  if (!problems.empty()) {
    std::string m;
    for (const auto& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error::invalid(m);
  }
  return set;
}

namespace {
Result<WorkflowSet> load_shipped() { return load_workflows({}); }
Installed<WorkflowSet>& installed() {
  static Installed<WorkflowSet> set(load_shipped, "workflow");
  return set;
}
}  // namespace

void install_workflows(WorkflowSet set) { installed().install(std::move(set)); }

const WorkflowSet& workflows() { return installed().get(); }

const WorkflowDef& task_workflow() { return *workflows().find("task"); }

}  // namespace lantian
