// Inspection checklists (检查表) as data: what an inspector checks at a kind
// of place — the six 100 % rules at a construction site, 两断三清 at a closed
// enterprise, vapour recovery at a gas station — each item passed, failed or
// not applicable, a failed one able to open a supervision problem. Shipped in
// resources/checklists/*.toml (embedded), replaceable per deployment like the
// ledger types.
//
//   name = "construction_six"                  # lower_snake_case, the file's name
//   label = { zh-CN = "…", en = "…" }
//   targets = ["construction_sites"]           # ledger types, and/or "enterprise"
//   [[items]]  code, label, help = { zh-CN, en } (optional)
//
// Errors: parse_checklist() returns invalid with one line per problem, each
// naming the source and line:column; load_checklists() names every problem
// of every file.
//
// Thread-safety: definitions are immutable values; install_checklists() must
// be called before other threads read checklists().
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/workflow.h"
#include "core/workflows.h"

namespace lantian {

struct ChecklistItem {
  std::string code;
  Label label;
  Label help;
};

struct Checklist {
  std::string name;
  Label label;
  std::vector<std::string> targets;  // ledger type names, "enterprise"
  std::vector<ChecklistItem> items;

  const ChecklistItem* item(std::string_view code) const;
  bool applies_to(std::string_view target) const;
};

// The results an item can have.
enum class CheckResult { pass, fail, not_applicable };
std::optional<CheckResult> check_result_named(std::string_view name);
std::string_view check_result_name(CheckResult r);

// An inspection's overall result ("fail" when any item failed) as shown:
// its code, labels and colour.
struct InspectionResultDef {
  std::string_view code;  // "pass"
  std::string_view label_zh;
  std::string_view label_en;
  std::string_view color;  // CSS hex
};
std::span<const InspectionResultDef> inspection_results();

// `is_target` says whether a target name exists (a ledger type, "enterprise").
Result<Checklist> parse_checklist(std::string_view text, const std::string& source,
                                  const std::function<bool(std::string_view)>& is_target);

const std::vector<WorkflowSource>& shipped_checklists();

class ChecklistSet {
 public:
  const Checklist* find(std::string_view name) const;
  const std::vector<Checklist>& all() const { return lists_; }
  void add(Checklist c) { lists_.push_back(std::move(c)); }

 private:
  std::vector<Checklist> lists_;
};

// The shipped checklists with `overrides` replacing or adding files by name.
Result<ChecklistSet> load_checklists(const std::vector<WorkflowSource>& overrides, const std::string& origin,
                                     const std::function<bool(std::string_view)>& is_target);
void install_checklists(ChecklistSet set);
// Until installed: the shipped ones against the installed ledger types.
const ChecklistSet& checklists();

}  // namespace lantian
