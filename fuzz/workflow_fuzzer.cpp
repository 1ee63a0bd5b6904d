// Fuzz target: the workflow-definition loader (core/workflow.h
// parse_workflow). Input: the TOML text of a definition, checked against the
// registry its name picks (task, campaign, or the test's ticket). A
// definition that passes must be as the header promises (states and actions
// known, initial state present), and the engine's questions on it must not
// misbehave.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/campaign_workflow.h"
#include "core/task_workflow.h"
#include "core/workflow.h"
#include "fuzz_check.h"

using namespace lantian;

namespace {

// The small registry of tests/core/workflow_test.cpp, so that the fuzzer
// can reach the deep checks with a definition shorter than the shipped ones.
const WorkflowRegistry kTicket = {.guards = {"checked"},
                                  .effects = {"tell"},
                                  .evidence_kinds = {"photo"},
                                  .stamps = {"closed_at"},
                                  .states = {},
                                  .fields = {"site"}};

void exercise(const WorkflowDef& def) {
  FUZZ_CHECK(def.state(def.initial) != nullptr);
  for (const auto& t : def.transitions) {
    FUZZ_CHECK(def.state(t.to) != nullptr);
    for (const auto& f : t.from) FUZZ_CHECK(def.state(f) != nullptr);
    FUZZ_CHECK(t.parties != 0);
  }
  for (const auto& tm : def.timers) {
    FUZZ_CHECK(def.state(tm.state) != nullptr);
    FUZZ_CHECK(tm.days >= 1 && tm.days <= 365);
  }
  (void)def.open_states();
  (void)def.done_states();
  (void)def.stamps();
  // Every party in every state, with and without a note: the verdicts must
  // name the transition they judged.
  for (const auto& s : def.states) {
    for (unsigned parties : {0u, 1u | 64u, 127u}) {
      ActionCheck c;
      c.state = s.name;
      c.parties = parties;
      c.has_note = parties & 1;
      for (const auto& name : available_actions(def, c)) {
        auto v = check_action(def, name, c);
        FUZZ_CHECK(v.transition != nullptr);
      }
      for (const auto& t : def.transitions) {
        auto v = check_action(def, t.name, c);
        FUZZ_CHECK(v.transition == &t || def.transition(t.name) == v.transition);
      }
      for (const auto& to : def.states) (void)transition_between(def, s.name, to.name, parties);
    }
  }
  FUZZ_CHECK(check_action(def, "no such action \x01", ActionCheck{}).refusal == Refusal::unknown_action);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  // As the application picks the registry by the workflow's name.
  const WorkflowRegistry* reg = &task_workflow_registry();
  if (text.find("\"campaign\"") != std::string_view::npos)
    reg = &campaign_workflow_registry();
  else if (text.find("\"ticket\"") != std::string_view::npos)
    reg = &kTicket;
  auto def = parse_workflow(text, "fuzz.toml", *reg);
  if (def.ok())
    exercise(*def);
  else
    FUZZ_CHECK(!def.error().message.empty());
  return 0;
}
