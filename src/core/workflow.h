// A workflow as data: the states a record can be in, the actions that move it
// between them, who may take each action, and timers that take an action by
// themselves some days after a record entered a state. Definitions are TOML
// files (resources/workflows/*.toml, overridable per deployment); this header
// parses and validates them and answers "may this actor do this now?".
//
//   name = "task"
//   initial = "not_started"
//   [[states]]   name, label = { zh-CN = "…", en = "…" }, color = "#909399",
//                open / done / frozen / final (booleans), stamp = "completed_at"
//   [[actions]]  name, label, from = [..], to, parties = ["owner", ..],
//                guards = [..], effects = [..], required_fields = [..],
//                evidence = [..], note_required,
//                notify = [..], notice = "template" (who is told of the move, and how)
//   [[timers]]   state, action, days, working_days (bool; 调休-aware)
//
// Meaning of the state flags: open = still work to do (counts for overdue);
// done = the work is delivered; frozen = nothing about the record may change
// except through an action; final = a terminal state that may have no way
// out (every other state needs one). A state's stamp names the record's
// timestamp set on entry: entering a done state keeps the stamps already set,
// entering any other state clears them.
//
// Parties are named relative to the record (its owner unit, lead unit, the
// campaign office, ...); the application decides who holds which party.
// Guards and effects are names the application implements; the validator
// checks them against a WorkflowRegistry.
//
// Errors: parse_workflow() returns invalid with one line per problem, each
// naming the source and, where known, line:column, e.g.
//   task.toml:31:7: action "accept": unknown state "acepted"
//
// Thread-safety: definitions are immutable values; all functions are pure.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lantian {

// Who stands in which relation to a record. One actor can hold several.
enum class Party : unsigned {
  owner = 1,       // the owner unit (责任单位) or a unit above it
  lead = 2,        // the lead unit (牵头单位) that checks the work
  office = 4,      // the campaign office (区攻坚办) or an admin
  verifier = 8,    // who verifies a fix on site
  inspector = 16,  // who inspects (督查)
  reporter = 32,   // who reported the record (e.g. a complaint)
  system = 64,     // the server itself: timers and automatic moves
};
using PartySet = unsigned;
inline PartySet operator|(Party a, Party b) { return unsigned(a) | unsigned(b); }
inline bool holds(PartySet s, Party p) { return (s & unsigned(p)) != 0; }
std::optional<Party> party_from_name(std::string_view name);
std::string_view party_name(Party p);

struct Label {
  std::string zh;  // zh-CN
  std::string en;
};

struct WorkflowState {
  std::string name;  // "in_progress"
  Label label;
  std::string color;  // CSS hex, "#409eff"
  bool open = false;
  bool done = false;
  bool frozen = false;
  bool final = false;
  std::string stamp;  // record timestamp set on entry ("completed_at"), "" = none
};

struct WorkflowTransition {
  std::string name;  // the action, "accept"
  Label label;
  std::vector<std::string> from;
  std::string to;
  PartySet parties = 0;
  std::vector<std::string> guards;   // all must hold, checked in this order
  std::vector<std::string> effects;  // run after the move, in this order
  std::vector<std::string> required_fields;
  std::vector<std::string> evidence;  // kinds of evidence that must be attached
  bool note_required = false;
  // Who is told of the move (names of registry.recipients: "unit",
  // "handler", ...) and the notification template that tells them.
  std::vector<std::string> notify;
  std::string notice;

  bool applies_to(std::string_view state) const;
  bool system_only() const { return parties == unsigned(Party::system); }
};

// A system action taken `days` (calendar or working) days after a record
// entered `state`.
struct WorkflowTimer {
  std::string state;
  std::string action;
  int days = 0;
  bool working_days = false;
};

struct WorkflowDef {
  std::string name;  // "task"
  std::string initial;
  std::vector<WorkflowState> states;
  std::vector<WorkflowTransition> transitions;
  std::vector<WorkflowTimer> timers;

  const WorkflowState* state(std::string_view name) const;
  const WorkflowTransition* transition(std::string_view action) const;
  // Names of the states with the flag, in definition order.
  std::vector<std::string> open_states() const;
  std::vector<std::string> done_states() const;
  // The stamp columns the definition uses, in definition order, unique.
  std::vector<std::string> stamps() const;
};

// What the application implements for a workflow: the kind of record that
// runs it, the parties the application can tell apart on such a record, and
// the guard and effect names, evidence kinds and record timestamps a
// definition may refer to.
struct WorkflowRegistry {
  std::string record;  // the record kind ("task", "campaign"): audit target, events' owner
  // The parties the application assigns on this record; a definition naming
  // another is refused (0 = any party).
  PartySet parties = 0;
  std::set<std::string, std::less<>> guards;
  std::set<std::string, std::less<>> effects;
  std::set<std::string, std::less<>> evidence_kinds;
  std::set<std::string, std::less<>> stamps;
  // The recipients an action may notify; the application resolves each to
  // users on the record.
  std::set<std::string, std::less<>> recipients;
  // When non-empty, the only state names the record's table accepts (a
  // CHECK constraint): a definition naming another state is refused.
  std::set<std::string, std::less<>> states;
  std::set<std::string, std::less<>> fields;  // fields an action may require
  // The record's own type declares its fields (a ledger type): any name may
  // be required here, and the type's parser checks it (core/ledger_type.h).
  bool fields_by_type = false;
  // Likewise the guards: any non-empty name here; the type checks it
  // (core/ledger_type.h LedgerGuard) and the application evaluates it.
  bool guards_by_type = false;
};

// Parses and validates a definition. `source` names it in errors
// ("resources/workflows/task.toml"). Checks: TOML syntax; required keys and
// their types; state and action names are lower_snake_case and unique; every
// state has zh-CN and en labels and a #rrggbb colour; every action has
// labels, known from/to states, at least one known party, known guards,
// effects, required fields, evidence kinds and recipients (an action that notifies
// names its notice template, lower_snake_case, and one without recipients names none); states the store
// accepts (registry.states); the initial state exists; every state can be reached from it; every state that
// is not final has a way out; a stamp is known; a timer names a known state and a system action that applies
// to it, with 1..365 days.
Result<WorkflowDef> parse_workflow(std::string_view toml_text, std::string_view source,
                                   const WorkflowRegistry& registry);

// What the engine knows when an actor asks to take an action.
struct ActionCheck {
  std::string_view state;
  PartySet parties = 0;  // the parties the actor holds on the record
  bool has_note = false;
  std::set<std::string, std::less<>> guards_met;  // guard names that hold now
  std::set<std::string, std::less<>> fields;      // required fields given
  std::set<std::string, std::less<>> evidence;    // evidence kinds attached
};

// Why an action cannot be taken, in the order they are checked.
enum class Refusal {
  unknown_action,
  not_a_party,
  wrong_state,
  note_missing,
  guard_failed,
  field_missing,
  evidence_missing
};
struct Verdict {
  const WorkflowTransition* transition = nullptr;  // null only for unknown_action
  std::optional<Refusal> refusal;                  // nullopt = allowed
  std::string detail;                              // the failed guard, field or evidence kind
};

Verdict check_action(const WorkflowDef& def, std::string_view action, const ActionCheck& c);
// The actions whose party, state and guards allow them now (notes, fields
// and evidence are asked for by the form), in definition order.
std::vector<std::string> available_actions(const WorkflowDef& def, const ActionCheck& c);
// The first action (in definition order) that leads from `from` to `to` and
// that one of `parties` may take, system-only actions left out; null if none.
// Lets an older "set the status" request be taken as the matching action.
const WorkflowTransition* transition_between(const WorkflowDef& def, std::string_view from,
                                             std::string_view to, PartySet parties);

}  // namespace lantian
