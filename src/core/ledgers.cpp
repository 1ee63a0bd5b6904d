#include "core/ledgers.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "core/emergency_reduction.h"
#include "core/installed.h"

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
    // The reduction list's computation reads its fields by name
    // (core/emergency_reduction.h): a replacement must keep them.
    if (t->name == kEmergencyReductionList)
      if (auto st = check_reduction_type(emergency_reduction_rules(), *t); !st.ok()) {
        for (size_t b = 0, e; b <= st.error().message.size(); b = e + 1) {
          e = std::min(st.error().message.find('\n', b), st.error().message.size());
          problems.push_back(shown + ": " + st.error().message.substr(b, e - b));
        }
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
Result<LedgerTypeSet> load_shipped() { return load_ledger_types({}, "", workflows()); }
Installed<LedgerTypeSet>& installed() {
  static Installed<LedgerTypeSet> set(load_shipped, "ledger type");
  return set;
}
}  // namespace

void install_ledger_types(LedgerTypeSet set) { installed().install(std::move(set)); }

const LedgerTypeSet& ledger_types() { return installed().get(); }

}  // namespace lantian
