#include "core/ledgers.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <list>
#include <map>

namespace lantian {

const LedgerType* LedgerTypeSet::find(std::string_view name) const {
  for (const auto& t : types_)
    if (t.name == name) return &t;
  return nullptr;
}

Result<LedgerTypeSet> load_ledger_types(const std::vector<WorkflowSource>& overrides,
                                        const std::string& origin, const WorkflowSet& workflows) {
  // File name → (source shown in errors, text); overrides replace shipped files.
  std::map<std::string, std::pair<std::string, std::string>> files;
  for (const auto& s : shipped_ledger_types()) files[s.file] = {"resources/ledgers/" + s.file, s.text};
  for (const auto& s : overrides) files[s.file] = {origin.empty() ? s.file : origin + "/" + s.file, s.text};
  auto workflow_of = [&](std::string_view name) -> const WorkflowDef* {
    // Only ledger workflows: a ledger's rows cannot run the task workflow.
    return name.starts_with(kLedgerWorkflowPrefix) ? workflows.find(name) : nullptr;
  };
  std::vector<std::string> problems;
  LedgerTypeSet set;
  for (const auto& [file, src] : files) {
    const auto& [shown, text] = src;
    auto t = parse_ledger_type(text, shown, workflow_of);
    if (!t.ok()) {
      problems.push_back(t.error().message);
      continue;
    }
    if (t->name + ".toml" != file) {
      problems.push_back(fmt::format("{}: name = \"{}\" but the file is named {}", shown, t->name, file));
      continue;
    }
    set.add(std::move(*t));
  }
  if (!problems.empty()) {
    std::string m;
    for (const auto& p : problems) m += (m.empty() ? "" : "\n") + p;
    return Error::invalid(m);
  }
  return set;
}

namespace {
std::atomic<const LedgerTypeSet*> g_installed{nullptr};

const LedgerTypeSet& shipped_set() {
  static const LedgerTypeSet s = [] {
    auto r = load_ledger_types({}, "", workflows());
    if (!r.ok()) {
      std::fprintf(stderr, "lantian: a shipped ledger type definition is invalid:\n%s\n",
                   r.error().message.c_str());
      std::abort();
    }
    return std::move(*r);
  }();
  return s;
}
}  // namespace

void install_ledger_types(LedgerTypeSet set) {
  // Earlier sets stay alive: references handed out before stay valid.
  static std::list<LedgerTypeSet> kept;
  kept.push_back(std::move(set));
  g_installed.store(&kept.back());
}

const LedgerTypeSet& ledger_types() {
  const LedgerTypeSet* s = g_installed.load();
  return s ? *s : shipped_set();
}

}  // namespace lantian
